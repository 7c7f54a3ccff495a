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

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .catalog import ModelEntry, ModelSource
from .embedded import ProgressCallback, ensure_embedded_model
from .errors import ModelLoadError
from .gguf import GgufInfo, read_gguf_header
from .settings import ResolvedSettings

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
    loaded_at: float = field(default_factory=time.monotonic)
    last_used: float = field(default_factory=time.monotonic)
    in_use: int = 0


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
        self._lock = threading.RLock()
        self._resident: dict[tuple[str, ModelKind], LoadedModel] = {}

    # -- queries -------------------------------------------------------------------------

    def resident(self) -> list[LoadedModel]:
        with self._lock:
            return list(self._resident.values())

    def used_bytes(self) -> int:
        with self._lock:
            return sum(m.estimated_bytes for m in self._resident.values())

    # -- load / release ------------------------------------------------------------------

    def acquire(self, entry: ModelEntry, kind: ModelKind = "chat") -> LoadedModel:
        """The resident model for ``entry`` (loading it if needed), marked in use until release."""
        with self._lock:
            key = (entry.name, kind)
            loaded = self._resident.get(key)
            if loaded is None or loaded.entry.path != entry.path:
                if loaded is not None:
                    self._unload(key)
                loaded = self._load(entry, kind)
                self._resident[key] = loaded
            loaded.in_use += 1
            loaded.last_used = time.monotonic()
            return loaded

    def release(self, loaded: LoadedModel) -> None:
        with self._lock:
            loaded.in_use = max(0, loaded.in_use - 1)
            loaded.last_used = time.monotonic()
            if self.settings.keep_alive_s == 0 and loaded.in_use == 0:
                self._unload((loaded.entry.name, loaded.kind))

    def unload_idle(self, now: float | None = None) -> list[str]:
        """Unload every idle model unused for longer than the keep-alive; return their names."""
        keep = self.settings.keep_alive_s
        if keep < 0:
            return []
        now = time.monotonic() if now is None else now
        with self._lock:
            stale = [k for k, m in self._resident.items() if m.in_use == 0 and now - m.last_used >= keep]
            for key in stale:
                self._unload(key)
        return [name for name, _ in stale]

    def unload(self, name: str) -> bool:
        """Unload every idle instance of ``name``; False when none was resident."""
        with self._lock:
            keys = [k for k, m in self._resident.items() if k[0] == name and m.in_use == 0]
            for key in keys:
                self._unload(key)
            return bool(keys)

    def unload_all(self) -> None:
        with self._lock:
            for key in list(self._resident):
                self._unload(key)

    # -- internals -----------------------------------------------------------------------

    def _unload(self, key: tuple[str, ModelKind]) -> None:
        loaded = self._resident.pop(key, None)
        if loaded is not None:
            loaded.llama.close()  # frees weights, KV cache and context now, not at garbage collection

    def _make_room(self, needed: int) -> None:
        budget = self.settings.memory_budget_bytes
        while self._resident and (
            len(self._resident) >= self.settings.max_loaded_models or self.used_bytes() + needed > budget
        ):
            idle = [(m.last_used, k) for k, m in self._resident.items() if m.in_use == 0]
            if not idle:
                break
            self._unload(min(idle)[1])

    def _load(self, entry: ModelEntry, kind: ModelKind) -> LoadedModel:
        if entry.source is ModelSource.EMBEDDED and not entry.path.is_file():
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
        from llama_cpp import Llama

        try:
            llama = Llama(
                model_path=str(entry.path),
                n_ctx=n_ctx,
                n_batch=min(self.settings.n_batch, n_ctx),
                n_threads=self.settings.n_threads,
                n_threads_batch=self.settings.n_threads,
                n_gpu_layers=self.settings.n_gpu_layers,
                chat_format=chat_format,
                embedding=kind == "embed",
                pooling_type=_pooling(info, kind),
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(entry.name, entry.path, str(exc) or type(exc).__name__) from None
        return LoadedModel(entry, kind, llama, n_ctx, needed, chat_format)
