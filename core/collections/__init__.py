"""Document collections: the datasets an island holds (DESIGN §2 "datasets"; the paper's data locality).

A collection is a named folder indexed into SQLite for hybrid retrieval (FTS5 BM25 + local MiniLM
embeddings, fused by reciprocal rank). See docs/collections.md. The API is synchronous and
blocking; call it from a thread in async code.
"""

from __future__ import annotations

from .config import CollectionsConfig
from .embedder import Embedder, load_embedder
from .errors import CollectionDatabaseError, CollectionError, CollectionExistsError, CollectionNotFoundError
from .grounding import SourceRef, cited_sources, grounding_message
from .models import CollectionInfo, IndexProgress, IndexReport, Passage, SearchMode, SkippedFile
from .store import CollectionStore

__all__ = [
    "CollectionDatabaseError",
    "CollectionError",
    "CollectionExistsError",
    "CollectionInfo",
    "CollectionNotFoundError",
    "CollectionStore",
    "CollectionsConfig",
    "Embedder",
    "IndexProgress",
    "IndexReport",
    "Passage",
    "SearchMode",
    "SkippedFile",
    "SourceRef",
    "cited_sources",
    "grounding_message",
    "load_embedder",
]
