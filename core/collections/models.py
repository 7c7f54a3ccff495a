"""What the collection store hands out: reports, listings and retrieved passages (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "CollectionInfo",
    "IndexProgress",
    "IndexReport",
    "Passage",
    "SearchMode",
    "SkippedFile",
]


class SearchMode(StrEnum):
    """How :meth:`CollectionStore.search` ranks passages."""

    HYBRID = "hybrid"  # reciprocal rank fusion of BM25 (FTS5) and cosine similarity
    FTS = "fts"  # BM25 over the FTS5 index only
    EMBEDDING = "embedding"  # cosine similarity of MiniLM embeddings only


@dataclass(frozen=True)
class CollectionInfo:
    """Names and sizes: what an island may tell others (through :meth:`advertisement`). Never content,
    never paths.

    ``bytes`` is the total size of the indexed source files; ``embeddings`` is the embedding model
    id when every passage has a vector, else ``None`` (full-text search only; see ``embeddings_note``).
    """

    name: str
    documents: int
    chunks: int
    bytes: int
    updated: float | None  # unix time of the last completed index run; None before the first
    embeddings: str | None
    embeddings_note: str = ""  # local diagnostics (may name a model file): not part of the advertisement

    def advertisement(self) -> dict[str, str | int | float | bool | None]:
        """What a heartbeat or island listing may carry about this collection: name and sizes,
        and whether semantic (embedding) search is available. No content, no paths, no notes."""
        return {
            "name": self.name,
            "documents": self.documents,
            "chunks": self.chunks,
            "bytes": self.bytes,
            "updated": self.updated,
            "embeddings": self.embeddings is not None,
        }


@dataclass(frozen=True)
class SkippedFile:
    """A file that was not (re)indexed this run, and why. Its earlier version, if any, is kept."""

    path: str  # relative to the collection's folder
    reason: str
    kept_previous: bool = False


@dataclass(frozen=True)
class IndexProgress:
    """Handed to the ``progress`` callback of :meth:`CollectionStore.index`: after each file, then
    (when there is an embedding model) after each batch of passages embedded."""

    done: int
    total: int
    path: str  # the file just handled (relative); "" before the first and while embedding
    phase: str = "files"  # "files": reading and full-text indexing; then "embedding": passages embedded


@dataclass(frozen=True)
class IndexReport:
    """What one index run did. ``problem`` is set when the whole run could not proceed
    (e.g. the folder is gone): then nothing was changed."""

    name: str
    root: str
    indexed: list[str] = field(default_factory=list)  # new or changed files, (re)indexed
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)  # files gone from the folder, dropped from the index
    skipped: list[SkippedFile] = field(default_factory=list)
    unsupported: int = 0  # files of types the indexer does not read (images, archives …), not listed
    chunks_added: int = 0
    embedded: int = 0  # passages that got a vector this run
    embeddings: str | None = None  # the model used, or None: full-text search only
    embeddings_note: str = ""  # why there are no embeddings, when there are none
    seconds: float = 0.0
    problem: str = ""

    @property
    def documents_per_second(self) -> float:
        return len(self.indexed) / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Passage:
    """One retrieved passage. ``source`` is relative to the collection's folder; ``matched_by``
    names the retrievers that found it ("fts", "embedding")."""

    text: str
    source: str
    chunk_id: int
    score: float
    matched_by: tuple[str, ...] = ()
