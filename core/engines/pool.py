"""Which models are resident: load on first use, unload after the keep-alive, stay in budget.

Like Ollama: a model loads when a request first needs it and stays loaded for ``keep_alive_s``
after its last use (default 5 minutes; 0 unloads right after each request; negative keeps it
forever). At most ``max_loaded_models`` are resident, and their estimated footprint stays within
the memory budget: before a load, the least recently used idle models are unloaded to make room.

The estimate is the file size (weights, mmapped) plus the f16 KV cache for the context
(from the GGUF header) plus a fixed 64 MiB for compute buffers. A model whose estimate alone
exceeds the budget is refused with a message saying both numbers.

A chat model and an embedding instance of the same file are separate residents (llama.cpp
needs a context created for embeddings); their mmapped weights share the page cache.

Every method blocks (loads, unloads): the engine calls them from a worker thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .base_model import TRANSCRIPT_FORMAT, register_transcript_format
from .catalog import ModelEntry, ModelSource
from .embedded import EMBEDDED_MODEL_NAME, ProgressCallback, ensure_embedded_model
from .errors import ModelLoadError
from .gguf import GgufInfo, read_gguf_header
from .settings import ResolvedSettings, free_gpu_memory_bytes, gpu_layers_for

if TYPE_CHECKING:
    from llama_cpp import Llama

__all__ = ["COMPUTE_OVERHEAD_BYTES", "FALLBACK_CHAT_FORMAT", "LoadedModel", "ModelKind", "ModelPool"]

ModelKind = Literal["chat", "embed"]
COMPUTE_OVERHEAD_BYTES = 64 << 20
FALLBACK_CHAT_FORMAT = "chatml"  # files with no chat template and no format set (llama.cpp would guess llama-2)
_EMBED_CTX = 2048


@dataclass(slots=True, eq=False)
class LoadedModel:
    entry: ModelEntry
    kind: ModelKind
    llama: Llama
    n_ctx: int
    estimated_bytes: int
    chat_format: str | None
    n_gpu_layers: int
    loaded_at: float = field(default_factory=time.monotonic)
    last_used: float = field(default_factory=time.monotonic)
    in_use: int = 0


def _trim_heap() -> None:
    """Give the freed heap back to the OS: glibc keeps freed arenas (≈ 45 MiB after unloading the
    embedded model) unless asked. A no-op where there is no ``malloc_trim`` (macOS, musl)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _pooling(info: GgufInfo, kind: ModelKind) -> int:
    """The file's own pooling for embedding models; mean pooling for chat models used to embed."""
    import llama_cpp

    if kind == "embed" and f"{info.architecture}.pooling_type" not in info.metadata:
        return int(llama_cpp.LLAMA_POOLING_TYPE_MEAN)
    return int(llama_cpp.LLAMA_POOLING_TYPE_UNSPECIFIED)


def _estimate(info: GgufInfo, n_ctx: int) -> int:
    return info.file_size + info.kv_bytes_per_token() * n_ctx + COMPUTE_OVERHEAD_BYTES


class ModelPool:
    def __init__(self, settings: ResolvedSettings, *, progress: ProgressCallback | None = None) -> None:
        self.settings = settings
        self._progress = progress
        self._lock = threading.Lock()  # guards the dict and counters; held for microseconds
        self._load_lock = threading.Lock()  # serialises loads (and the evictions before them)
        self._resident: dict[tuple[str, ModelKind], LoadedModel] = {}
        self._closing = False

    # -- queries (never wait for a load: the event loop may call these) --------------------

    def resident(self) -> list[LoadedModel]:
        with self._lock:
            return list(self._resident.values())

    def used_bytes(self) -> int:
        with self._lock:
            return sum(m.estimated_bytes for m in self._resident.values())

    # -- load / release ------------------------------------------------------------------

    def acquire(self, entry: ModelEntry, kind: ModelKind = "chat") -> LoadedModel:
        """The resident model for ``entry`` (loading it if needed), marked in use until release."""
        key = (entry.name, kind)
        with self._load_lock:  # one load at a time; the short lock below is never held while loading
            with self._lock:
                loaded = self._resident.get(key)
                if loaded is not None and loaded.entry.path == entry.path:
                    loaded.in_use += 1
                    loaded.last_used = time.monotonic()
                    return loaded
                stale = [self._resident.pop(key)] if loaded is not None else []
            self._close(stale)
            loaded = self._load(entry, kind)
            with self._lock:
                self._resident[key] = loaded
                loaded.in_use = 1
                return loaded

    def acquire_resident(self, entry: ModelEntry, kind: ModelKind = "chat") -> LoadedModel | None:
        """Like :meth:`acquire` when the model is already resident, else None. Never blocks on a
        load (only the short lock), so the event loop may call it and save a thread hop."""
        with self._lock:
            loaded = self._resident.get((entry.name, kind))
            if loaded is None or loaded.entry.path != entry.path:
                return None
            loaded.in_use += 1
            loaded.last_used = time.monotonic()
            return loaded

    def release(self, loaded: LoadedModel) -> None:
        self.close_models(self.release_nowait(loaded))

    def release_nowait(self, loaded: LoadedModel) -> list[LoadedModel]:
        """Mark ``loaded`` unused; return the models to close now (keep-alive 0, shutting down),
        which the caller passes to :meth:`close_models` from a worker thread."""
        with self._lock:
            loaded.in_use = max(0, loaded.in_use - 1)
            loaded.last_used = time.monotonic()
            drop = (self.settings.keep_alive_s == 0 or self._closing) and loaded.in_use == 0
            return self._pop(lambda k, m: m is loaded) if drop else []

    def close_models(self, victims: list[LoadedModel]) -> None:
        self._close(victims)

    def unload_idle(self, now: float | None = None) -> list[str]:
        """Unload every idle model unused for longer than the keep-alive; return their names."""
        keep = self.settings.keep_alive_s
        if keep < 0:
            return []
        at = time.monotonic() if now is None else now
        with self._lock:
            victims = self._pop(lambda k, m: m.in_use == 0 and at - m.last_used >= keep)
        self._close(victims)
        return [m.entry.name for m in victims]

    def unload(self, name: str) -> bool:
        """Unload every idle instance of ``name``; False when none was resident."""
        with self._lock:
            victims = self._pop(lambda k, m: k[0] == name and m.in_use == 0)
        self._close(victims)
        return bool(victims)

    def unload_all(self) -> None:
        """Shut down: unload every model not in use now, and the others when they are released
        (a model is never closed under a running request)."""
        with self._lock:
            self._closing = True
            victims = self._pop(lambda k, m: m.in_use == 0)
        self._close(victims)

    # -- internals -----------------------------------------------------------------------

    def _pop(self, which: Callable[[tuple[str, ModelKind], LoadedModel], bool]) -> list[LoadedModel]:
        """Remove the matching residents (call with the short lock held); close them after."""
        keys = [k for k, m in self._resident.items() if which(k, m)]
        return [self._resident.pop(k) for k in keys]

    @staticmethod
    def _close(victims: list[LoadedModel]) -> None:
        for loaded in victims:
            loaded.llama.close()  # frees weights, KV cache and context now, not at garbage collection
        if victims:
            _trim_heap()

    def _make_room(self, needed: int) -> None:
        budget = self.settings.memory_budget_bytes
        while True:
            with self._lock:
                full = len(self._resident) >= self.settings.max_loaded_models
                over = sum(m.estimated_bytes for m in self._resident.values()) + needed > budget
                idle = [(m.last_used, k) for k, m in self._resident.items() if m.in_use == 0]
                if not (full or over) or not idle:
                    return
                victims = [self._resident.pop(min(idle)[1])]
            self._close(victims)

    def _load(self, entry: ModelEntry, kind: ModelKind) -> LoadedModel:
        if entry.source is ModelSource.EMBEDDED and entry.name == EMBEDDED_MODEL_NAME and not entry.path.is_file():
            ensure_embedded_model(self._progress, target=entry.path)
        info = read_gguf_header(entry.path)  # InvalidModelError with the reason, before llama.cpp sees it
        trained = info.context_length or self.settings.n_ctx
        n_ctx = min(self.settings.n_ctx if kind == "chat" else _EMBED_CTX, trained)
        needed = _estimate(info, n_ctx)
        budget = self.settings.memory_budget_bytes
        if needed > budget:
            raise ModelLoadError(
                entry.name,
                entry.path,
                f"it needs about {needed >> 20} MiB with a {n_ctx}-token context, and the engine's memory "
                f"budget is {budget >> 20} MiB (raise [engine] memory_budget_mb or lower n_ctx)",
            )
        self._make_room(needed)
        chat_format = entry.chat_format
        if chat_format is None and kind == "chat" and not info.has_chat_template:
            chat_format = FALLBACK_CHAT_FORMAT
        if chat_format == TRANSCRIPT_FORMAT:
            register_transcript_format()
        gpu_layers = self.settings.n_gpu_layers
        if gpu_layers is None:  # an offloading build, nothing configured: the layers that fit
            kv = info.kv_bytes_per_token() * n_ctx
            blocks = int(info.metadata.get(f"{info.architecture}.block_count", 32))
            gpu_layers = gpu_layers_for(blocks, info.file_size, kv, free_gpu_memory_bytes())
        from llama_cpp import Llama

        try:
            llama = Llama(
                model_path=str(entry.path),
                n_ctx=n_ctx,
                n_batch=min(self.settings.n_batch, n_ctx),
                n_threads=self.settings.n_threads,
                n_threads_batch=self.settings.n_threads,
                n_gpu_layers=gpu_layers,
                chat_format=chat_format,
                embedding=kind == "embed",
                pooling_type=_pooling(info, kind),
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(entry.name, entry.path, str(exc) or type(exc).__name__) from None
        return LoadedModel(entry, kind, llama, n_ctx, needed, chat_format, gpu_layers)
