"""SHORE: the local engine, the first island (this device), on llama.cpp.

The async API the daemon calls; nothing here blocks the event loop. Every llama.cpp call (load,
generate, embed, unload) runs in the engine's own worker threads, and work reaches them through
the tier queue (:mod:`.queue`): one request decodes at a time, primary before secondary before
burstable, FIFO within a tier, and a full queue answers :class:`EngineBusyError` at once.

- ``await engine.chat(request)`` → :class:`ChatResult` (text, finish reason, usage, timings);
- ``engine.stream(request)`` → async iterator of :class:`ChatChunk`; closing it, or cancelling the
  task that reads it (the client went away), stops generation within a token;
- ``await engine.embed(texts)`` → :class:`EmbeddingResult`;
- ``queue_depth()``, ``max_queue()``, ``throughput_tps()`` for capacity monitoring (TIDE);
- models load on first use and unload after the keep-alive (:mod:`.pool`), once ``start()`` has
  started the idle reaper.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import ParamSpec, TypeVar, cast

from ..priority import Priority
from .catalog import ModelCatalog, ModelEntry
from .config import EngineConfig
from .embedded import ProgressCallback
from .errors import EngineError
from .pool import LoadedModel, ModelKind, ModelPool
from .queue import TierQueue
from .runner import Generation, run_chat, run_embed
from .settings import ResolvedSettings, resolve_settings
from .thread_priority import lower_thread_priority
from .types import ChatChunk, ChatRequest, ChatResult, EmbeddingResult, LogprobEntry

__all__ = ["EngineStats", "LocalEngine"]

P = ParamSpec("P")
T = TypeVar("T")

_DONE = object()
log = logging.getLogger("islandrun.engines")
_RESOLVED_TTL_S = 30.0  # like the catalog's scan cache
_TPS_SMOOTHING = 0.3  # weight of the newest request in the throughput average


@dataclass(frozen=True, slots=True)
class EngineStats:
    requests: int
    cancelled: int
    completion_tokens: int
    sampled_tokens: int  # includes tokens the client never saw (end-of-generation, stop text)
    resident_models: tuple[str, ...]


class LocalEngine:
    """The local island's engine. Create once; ``await start()``; ``await aclose()`` at shutdown."""

    def __init__(
        self,
        config: EngineConfig | None = None,
        *,
        catalog: ModelCatalog | None = None,
        progress: ProgressCallback | None = None,
        settings: ResolvedSettings | None = None,
    ) -> None:
        self.config = EngineConfig() if config is None else config
        self.settings = resolve_settings(self.config) if settings is None else settings
        self.catalog = ModelCatalog(self.config) if catalog is None else catalog
        self.pool = ModelPool(self.settings, progress=progress)
        self._queue = TierQueue(self.settings.max_queue, slots=1)
        # the workers (and llama.cpp's threads they start) run below interactive programs (thread_priority.py)
        self._executor = ThreadPoolExecutor(
            max_workers=2,
            thread_name_prefix="islandrun-engine",
            initializer=lower_thread_priority,
            initargs=(self.config.worker_nice,),
        )
        self._reaper: asyncio.Task[None] | None = None
        self._tps: float | None = None
        self._requests = 0
        self._cancelled = 0
        self._completion_tokens = 0
        self._sampled_tokens = 0
        self._active: set[threading.Event] = set()  # cancel events of running generations
        self._closed = False
        self._resolved: dict[str, tuple[float, ModelEntry]] = {}

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the idle reaper that unloads models after the keep-alive."""
        if self._reaper is None and self.settings.keep_alive_s > 0:
            self._reaper = asyncio.create_task(self._reap(), name="islandrun-engine-reaper")

    async def aclose(self) -> None:
        """Stop: running generations end at their next token, then every model is unloaded."""
        self._closed = True
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
            self._reaper = None
        for cancel in list(self._active):
            cancel.set()
        await asyncio.to_thread(self._executor.shutdown, True)  # waits for the worker threads
        await asyncio.to_thread(self.pool.unload_all)

    def _check_open(self) -> None:
        if self._closed:
            raise EngineError("the local engine is shutting down", title="Local engine stopped")

    async def _reap(self) -> None:
        interval = min(max(self.settings.keep_alive_s / 4, 0.2), 5.0)
        while True:
            await asyncio.sleep(interval)
            try:
                unloaded = await self._run(self.pool.unload_idle)
            except Exception:  # keep the loop alive; a failed unload is retried next time
                log.exception("unloading idle models failed")
            else:
                for name in unloaded:
                    log.info("unloaded %s after %.0f s idle", name, self.settings.keep_alive_s)

    async def _run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, lambda: fn(*args, **kwargs))
        except RuntimeError:  # the executor is shut down (aclose): finish the cleanup anyway
            if not self._closed:
                raise
            return await asyncio.to_thread(fn, *args, **kwargs)

    # -- capacity monitoring (the Protocol TIDE reads) -------------------------------------

    def queue_depth(self) -> int:
        """Requests running plus waiting."""
        return self._queue.depth()

    def max_queue(self) -> int:
        return self._queue.limit

    def throughput_tps(self) -> float | None:
        """Recent decode speed in tokens/s (smoothed); None before the first completion."""
        return self._tps

    def waiting(self, tier: Priority | None = None) -> int:
        return self._queue.waiting(tier)

    def stats(self) -> EngineStats:
        names = tuple(sorted({m.entry.name for m in self.pool.resident()}))
        return EngineStats(self._requests, self._cancelled, self._completion_tokens, self._sampled_tokens, names)

    # -- models ----------------------------------------------------------------------------

    async def list_models(self) -> list[ModelEntry]:
        return await self._run(self.catalog.entries)

    async def load(self, model: str | None = None, kind: ModelKind = "chat") -> ModelEntry:
        """Load a model now (through the queue, as primary work) instead of at its first request."""
        self._check_open()
        entry = await self._resolve(model)
        async with self._queue.slot(Priority.PRIMARY):
            loaded = await self._acquire(entry, kind)
            await self._release(loaded)
        return entry

    async def _resolve(self, name: str | None) -> ModelEntry:
        """The catalog entry for ``name``. The default and recently resolved names are answered
        on the loop (no I/O); others are looked up in a thread (folders may be scanned)."""
        wanted = self.catalog.default_name() if name is None else name
        embedded = self.catalog.embedded_entry(wanted)
        if embedded is not None:
            return embedded
        cached = self._resolved.get(wanted)
        if cached is not None and time.monotonic() - cached[0] < _RESOLVED_TTL_S:
            return cached[1]
        entry = await self._run(self.catalog.resolve, wanted)
        self._resolved[wanted] = (time.monotonic(), entry)
        return entry

    async def _acquire(self, entry: ModelEntry, kind: ModelKind) -> LoadedModel:
        resident = self.pool.acquire_resident(entry, kind)  # the common case: no thread hop
        if resident is not None:
            return resident
        loading = asyncio.get_running_loop().run_in_executor(self._executor, self.pool.acquire, entry, kind)
        try:
            return await asyncio.shield(loading)
        except asyncio.CancelledError:  # the reader left during the load: give the model back when loaded
            loading.add_done_callback(self._release_orphan)
            raise

    def _release_orphan(self, loading: asyncio.Future[LoadedModel]) -> None:
        if loading.cancelled() or loading.exception() is not None:
            return
        victims = self.pool.release_nowait(loading.result())
        if victims:
            with contextlib.suppress(RuntimeError):  # executor already shut down: closed at exit
                self._executor.submit(self.pool.close_models, victims)

    async def _release(self, loaded: LoadedModel) -> None:
        victims = self.pool.release_nowait(loaded)
        if victims:
            await self._run(self.pool.close_models, victims)

    async def unload(self, model: str) -> bool:
        return await self._run(self.pool.unload, model)

    # -- inference -------------------------------------------------------------------------

    async def chat(self, request: ChatRequest) -> ChatResult:
        started = time.perf_counter()
        parts: list[str] = []
        logprobs: list[LogprobEntry] = []
        first_at: float | None = None
        final: ChatChunk | None = None
        async for chunk in self.stream(request):
            if chunk.text:
                if first_at is None:
                    first_at = time.perf_counter()
                parts.append(chunk.text)
            if chunk.logprobs:
                logprobs.extend(chunk.logprobs)
            if chunk.finish_reason is not None:
                final = chunk
        assert final is not None and final.usage is not None and final.finish_reason is not None
        return ChatResult(
            model=final.model,
            text="".join(parts),
            finish_reason=final.finish_reason,
            usage=final.usage,
            time_to_first_token_s=None if first_at is None else first_at - started,
            decode_tokens_per_s=final.decode_tokens_per_s,
            tool_calls=final.tool_calls,
            logprobs=tuple(logprobs) if request.logprobs else None,
        )

    async def stream(self, request: ChatRequest) -> AsyncGenerator[ChatChunk, None]:
        """Stream a completion. The last chunk carries ``finish_reason`` and ``usage``."""
        self._check_open()
        ticket = self._queue.ticket()  # arrival order, before any await
        entry = await self._resolve(request.model)
        async with self._queue.slot(request.priority, ticket, request.app):
            loaded = await self._acquire(entry, "chat")
            generation = self._generate(loaded, request)
            try:
                async for chunk in generation:
                    yield chunk
            finally:
                await generation.aclose()  # stops the worker before the model or the slot is released
                await self._release(loaded)

    async def _generate(self, loaded: LoadedModel, request: ChatRequest) -> AsyncGenerator[ChatChunk, None]:
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[object] = asyncio.Queue()
        cancel = threading.Event()
        self._active.add(cancel)

        noted: list[list[LogprobEntry]] = []  # the worker's entries for the text it emits next

        def note(entries: list[LogprobEntry]) -> None:
            noted.append(entries)

        def emit(text: str) -> None:  # worker thread → event loop
            entries = tuple(noted.pop()) if noted else None
            loop.call_soon_threadsafe(pieces.put_nowait, (text, entries))

        on_logprobs = note if request.logprobs else None
        work = loop.run_in_executor(self._executor, run_chat, loaded.llama, request, emit, cancel, on_logprobs)
        work.add_done_callback(lambda _: pieces.put_nowait(_DONE))
        name = loaded.entry.name
        try:
            while (item := await pieces.get()) is not _DONE:
                text, entries = cast(tuple[str, tuple[LogprobEntry, ...] | None], item)
                yield ChatChunk(model=name, text=text, logprobs=entries)
            generation = await work
            self._record(generation)
            yield ChatChunk(
                model=name,
                finish_reason=generation.finish_reason,
                usage=generation.usage,
                decode_tokens_per_s=generation.decode_tokens_per_s(),
                tool_calls=generation.tool_calls,
                logprobs=() if request.logprobs else None,
            )
        finally:
            self._active.discard(cancel)
            if not work.done():
                cancel.set()  # the reader went away: stop at the next token
                await self._wait_out(work)

    async def _wait_out(self, work: asyncio.Future[Generation]) -> None:
        """Wait for a cancelled generation's worker to stop (within a token) before the model and
        the slot are released, even if the reader's task is cancelled again meanwhile: releasing
        earlier would let the next request use the same llama.cpp context concurrently."""
        interrupted = False
        while not work.done():
            try:
                await asyncio.shield(work)
            except asyncio.CancelledError:
                interrupted = True
            except Exception:  # noqa: S112 - the reader is gone: nobody to tell
                continue
        if not work.cancelled() and work.exception() is None:
            self._record(work.result())
        if interrupted:
            raise asyncio.CancelledError

    def _record(self, generation: Generation) -> None:
        self._requests += 1
        self._cancelled += generation.finish_reason == "cancelled"
        self._completion_tokens += generation.usage.completion_tokens
        self._sampled_tokens += generation.sampled_tokens
        tps = generation.decode_tokens_per_s()
        if tps is not None:
            self._tps = tps if self._tps is None else (1 - _TPS_SMOOTHING) * self._tps + _TPS_SMOOTHING * tps

    async def embed(
        self, texts: list[str], model: str | None = None, priority: Priority = Priority.PRIMARY
    ) -> EmbeddingResult:
        self._check_open()
        ticket = self._queue.ticket()
        entry = await self._resolve(model)
        async with self._queue.slot(priority, ticket):
            loaded = await self._acquire(entry, "embed")
            try:
                return await self._run(run_embed, loaded.llama, entry.name, texts)
            finally:
                await self._release(loaded)
