"""Embeddings from a GGUF embedding model through llama-cpp-python's embedding mode.

For users who have an embedding model as GGUF (nomic-embed-text, bge, all-MiniLM … from the
Hugging Face cache or Ollama's model folder): set ``[collections] embedding_model`` to the
``.gguf`` file. The model's own tokenizer and pooling are used (mean pooling when the file
declares none); vectors are L2-normalised. No embedding GGUF ships on PyPI, so the default
stays the bundled MiniLM ONNX model (:mod:`.embedder`). Blocking: call from a thread.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from .embedder import Vectors

__all__ = ["GgufEmbedder"]

_N_CTX = 512  # every passage is cut at this many tokens (chunks are ~250)


class GgufEmbedder:
    """A GGUF model in llama.cpp's embedding mode."""

    def __init__(self, model_path: Path, *, threads: int | None = None) -> None:
        import llama_cpp

        self._llama: Any = llama_cpp.Llama(
            str(model_path),
            embedding=True,
            n_ctx=_N_CTX,
            n_batch=_N_CTX,
            n_ubatch=_N_CTX,
            n_threads=threads,
            n_gpu_layers=0,
            verbose=False,
        )
        none: int = llama_cpp.LLAMA_POOLING_TYPE_NONE
        self._per_token = int(self._llama.pooling_type()) == none
        self._dimension = int(self._llama.n_embd())
        self._model_id = f"gguf:{model_path.name}:{model_path.stat().st_size}"
        self._lock = threading.Lock()  # a llama.cpp context runs one batch at a time

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed(self, texts: list[str]) -> Vectors:
        import numpy as np

        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        rows: list[Vectors] = []
        with self._lock:
            for text in texts:  # one at a time: llama.cpp's batch must hold each whole sequence
                out = self._llama.embed(text or " ", truncate=True)
                vector = np.asarray(out, dtype=np.float32)
                if self._per_token:
                    vector = vector.reshape(-1, self._dimension).mean(axis=0)
                rows.append(vector.reshape(self._dimension))
        matrix = np.stack(rows)
        matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12, None)
        return matrix.astype(np.float32)
