"""Ranking passages of one collection: BM25 over FTS5, cosine over MiniLM vectors, and their
reciprocal rank fusion (RRF, Cormack et al. 2009: score = Σ 1 / (60 + rank)).

RRF needs no score calibration between BM25 (unbounded, corpus-dependent) and cosine
(bounded), which is why it is the default fusion: each retriever contributes its top
``candidates`` and a passage found by both ranks above one found by either alone.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from typing import TYPE_CHECKING

from .embedder import Embedder

if TYPE_CHECKING:  # numpy is imported on first use (see embedder.py)
    import numpy as np
    import numpy.typing as npt

__all__ = ["RRF_K", "VectorCache", "fts_query", "rank_embedding", "rank_fts", "rrf"]

RRF_K = 60

# Words that only add noise to an OR query (BM25 weights them low, but they still pull in passages).
_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    }
)


def fts_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression: the query's words, quoted, OR-ed (no FTS syntax leaks through)."""
    words = [w for w in re.findall(r"\w+", text.lower()) if len(w) > 1 or w.isdigit()]
    content = [w for w in words if w not in _STOPWORDS] or words
    unique = list(dict.fromkeys(content))
    return " OR ".join(f'"{w}"' for w in unique) if unique else None


def rank_fts(conn: sqlite3.Connection, collection_id: int, query: str, limit: int) -> list[int]:
    match = fts_query(query)
    if match is None:
        return []
    rows = conn.execute(
        "SELECT c.id FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid "
        "WHERE chunks_fts MATCH ? AND c.collection_id = ? ORDER BY bm25(chunks_fts) LIMIT ?",
        (match, collection_id, limit),
    ).fetchall()
    return [row[0] for row in rows]


class VectorCache:
    """The vectors of each collection as one matrix, reloaded when the collection changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[int, tuple[tuple[int, int, str], npt.NDArray[np.int64], npt.NDArray[np.float32]]] = {}

    def matrix(
        self, conn: sqlite3.Connection, collection_id: int, dimension: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        import numpy as np

        count, max_id = conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM chunks WHERE collection_id = ? AND embedding IS NOT NULL",
            (collection_id,),
        ).fetchone()
        model = conn.execute("SELECT embedding_model FROM collections WHERE id = ?", (collection_id,)).fetchone()
        key = (int(count), int(max_id), str(model[0] if model else ""))
        with self._lock:
            entry = self._entries.get(collection_id)
            if entry is not None and entry[0] == key:
                return entry[1], entry[2]
        rows = conn.execute(
            "SELECT id, embedding FROM chunks WHERE collection_id = ? AND embedding IS NOT NULL", (collection_id,)
        ).fetchall()
        ids = np.array([row[0] for row in rows], dtype=np.int64)
        vectors = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32).reshape(len(rows), dimension)
        with self._lock:
            self._entries[collection_id] = (key, ids, vectors)
        return ids, vectors

    def drop(self, collection_id: int) -> None:
        with self._lock:
            self._entries.pop(collection_id, None)


def rank_embedding(
    conn: sqlite3.Connection,
    cache: VectorCache,
    collection_id: int,
    embedder: Embedder,
    query: str,
    limit: int,
    min_similarity: float = 0.0,
) -> list[int]:
    """Passages by cosine similarity to the query, best first; those below ``min_similarity`` are
    left out (nearest neighbours always exist: without a floor, a question the documents know
    nothing about would still be "answered" from the least unrelated passages)."""
    import numpy as np

    ids, vectors = cache.matrix(conn, collection_id, embedder.dimension)
    if len(ids) == 0:
        return []
    scores = vectors @ embedder.embed([query])[0]
    if len(scores) > limit:  # partial selection first: O(n) instead of sorting every passage
        candidates = np.argpartition(-scores, limit)[:limit]
        top = candidates[np.argsort(-scores[candidates], kind="stable")]
    else:
        top = np.argsort(-scores, kind="stable")
    return [int(ids[i]) for i in top if scores[i] >= min_similarity]


def rrf(rankings: dict[str, list[int]], k: int = RRF_K) -> list[tuple[int, float, tuple[str, ...]]]:
    """Fuse ranked id lists: ``(id, score, names of the rankings that contain it)``, best first."""
    scores: dict[int, float] = {}
    found_by: dict[int, list[str]] = {}
    for name, ids in rankings.items():
        for rank, chunk_id in enumerate(ids, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (k + rank)
            found_by.setdefault(chunk_id, []).append(name)
    ordered = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [(cid, scores[cid], tuple(found_by[cid])) for cid in ordered]
