"""An honest stand-in for llama.cpp: the real :class:`LocalEngine` with only the model calls scripted.

What stays real: the engine's tier queue (one request decodes at a time, a full queue answers
:class:`EngineBusyError` at once, ``queue_depth()`` counts running plus waiting), its catalogue
and model names, its ``chat``/``stream`` code (the queue slot is held while chunks flow, closing
the stream releases it), its statistics. What is scripted: loading a model (nothing is read from
disk) and generating (deterministic text instead of sampled tokens), and embeddings.

The reply to a chat is ``ECHO_PREFIX`` followed by the last user message, one whitespace-separated
word per token, so a test can see exactly what text reached the local model. ``max_tokens`` ends it
with ``"length"``, a ``stop`` string ends it with ``"stop"`` (the stop text is not returned, as
llama.cpp does), and the end of the script ends it with ``"stop"``. A test can hold the engine
(``hold()``: generation waits before its first token, keeping the queue slot, as a slow model
would), make the next generations fail (``fail_next``), or slow each token (``token_delay_s``).
When a request asks for ``logprobs``, each token comes with its entry (the script is certain of
every token: log-probability 0, and the token itself as its only alternative), so the entries'
tokens join to the text, as llama.cpp's do.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, cast

from islandrun.core.engines.catalog import ModelEntry
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.errors import EngineError
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.pool import LoadedModel, ModelKind
from islandrun.core.engines.types import ChatChunk, ChatRequest, EmbeddingResult, LogprobEntry, Usage
from islandrun.core.priority import Priority

if TYPE_CHECKING:
    from llama_cpp import Llama

__all__ = ["ECHO_PREFIX", "ScriptedEngine", "script_for"]

ECHO_PREFIX = "You said: "
EMBEDDING_DIMS = 8
_WORD = re.compile(r"\S+\s*|\s+")


def script_for(request: ChatRequest) -> str:
    """The whole text the scripted model would say to ``request`` (before max_tokens or stop)."""
    last_user = next((m.content for m in reversed(request.messages) if m.role == "user"), "")
    return ECHO_PREFIX + last_user


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


class ScriptedEngine(LocalEngine):
    """The local engine with llama.cpp replaced by a script (see the module docstring)."""

    def __init__(self, config: EngineConfig | None = None) -> None:
        super().__init__(config)
        self.seen: list[ChatRequest] = []  # every chat request that reached the model, in order
        self.token_delay_s = 0.0
        self._failures: list[EngineError] = []
        self._gate = asyncio.Event()
        self._gate.set()
        self.generating = asyncio.Event()  # set while a generation holds the model (the queue slot)

    # -- controls --------------------------------------------------------------------------

    def hold(self) -> None:
        """Generations wait before their first token until :meth:`release` (a slow or stuck model)."""
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    def fail_next(self, error: EngineError, times: int = 1) -> None:
        """The next ``times`` generations raise ``error`` (a model that failed to load or decode)."""
        self._failures.extend([error] * times)

    # -- the model calls, scripted ---------------------------------------------------------

    async def _acquire(self, entry: ModelEntry, kind: ModelKind) -> LoadedModel:
        # no file is read: a model "loads" at once; ``llama`` is never touched by the script
        return LoadedModel(entry, kind, cast("Llama", None), 2048, 0, entry.chat_format, 0)

    async def _release(self, loaded: LoadedModel) -> None:
        return None

    async def _generate(self, loaded: LoadedModel, request: ChatRequest) -> AsyncGenerator[ChatChunk, None]:
        self.seen.append(request)
        self.generating.set()
        try:
            await self._gate.wait()
            if self._failures:
                raise self._failures.pop(0)
            started = time.perf_counter()
            text, finish, used = "", "stop", 0
            for token in _tokens(script_for(request)):
                if used == request.max_tokens:
                    finish = "length"
                    break
                cut = _stop_in(text + token, request.stop)
                used += 1
                if cut is not None:
                    if cut > len(text):
                        piece = (text + token)[len(text) : cut]
                        yield ChatChunk(model=loaded.entry.name, text=piece, logprobs=_logprobs(request, piece))
                    break
                if self.token_delay_s:
                    await asyncio.sleep(self.token_delay_s)
                text += token
                yield ChatChunk(model=loaded.entry.name, text=token, logprobs=_logprobs(request, token))
            prompt = sum(len(_tokens(m.content)) for m in request.messages)
            elapsed = time.perf_counter() - started
            yield ChatChunk(
                model=loaded.entry.name,
                finish_reason="length" if finish == "length" else "stop",
                usage=Usage(prompt, used),
                decode_tokens_per_s=used / elapsed if used > 1 and elapsed > 0 else None,
                logprobs=() if request.logprobs else None,
            )
        finally:
            self.generating.clear()

    async def embed(
        self, texts: list[str], model: str | None = None, priority: Priority = Priority.PRIMARY
    ) -> EmbeddingResult:
        """Deterministic unit vectors from a hash of each text, through the real queue."""
        self._check_open()
        ticket = self._queue.ticket()
        entry = await self._resolve(model)
        async with self._queue.slot(priority, ticket):
            vectors = [_vector(text) for text in texts]
        return EmbeddingResult(entry.name, vectors, sum(len(_tokens(t)) for t in texts))


def _logprobs(request: ChatRequest, token: str) -> tuple[LogprobEntry, ...] | None:
    if not request.logprobs:
        return None
    entry: LogprobEntry = {"token": token, "logprob": 0.0, "bytes": list(token.encode())}
    alternatives = [dict(entry)][: request.top_logprobs]
    return ({**entry, "top_logprobs": alternatives},)


def _stop_in(text: str, stops: tuple[str, ...]) -> int | None:
    found = [text.find(stop) for stop in stops if stop in text]
    return min(found) if found else None


def _vector(text: str) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    raw = [b - 127.5 for b in digest[:EMBEDDING_DIMS]]
    norm = sum(v * v for v in raw) ** 0.5 or 1.0
    return [v / norm for v in raw]
