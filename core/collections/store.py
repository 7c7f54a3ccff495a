"""The collection store: named document collections on this island, indexed for hybrid retrieval.

    store = CollectionStore()                     # <data dir>/collections.sqlite3
    store.add("handbook", Path("~/Documents/handbook"))
    report = store.index("handbook", progress=print)
    store.list()                                  # [CollectionInfo(name, documents, chunks, bytes, …)]
    store.search("handbook", "how many vacation days?", k=5)   # [Passage(text, source, chunk_id, score)]
    store.remove("handbook")

Every method is synchronous and blocking (SQLite, file I/O, the embedding model): the daemon
calls them with ``asyncio.to_thread``. One store may be shared by threads; index runs of one
collection are serialised, and searches read a consistent snapshot while an index run writes
(SQLite WAL). :meth:`list` returns names and sizes only — what an island may advertise to
others (DESIGN §2 dataset locality); passage text leaves the store only through :meth:`search`.
"""

from __future__ import annotations

import builtins
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .config import CollectionsConfig
from .embedder import Embedder, load_embedder
from .errors import CollectionDatabaseError, CollectionError, CollectionExistsError, CollectionNotFoundError
from .indexer import ProgressCallback, run_index
from .models import CollectionInfo, IndexReport, Passage, SearchMode
from .retrieval import VectorCache, rank_embedding, rank_fts, rrf
from .schema import connect, default_db_path

__all__ = ["NAME_PATTERN", "CollectionStore"]

NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,62}$"  # advertised in heartbeats: short, plain, like island ids
_MAX_K = 100


class CollectionStore:
    """Collections in one SQLite database (WAL). ``embedder``: a ready embedder (tests, benchmarks);
    default: the bundled MiniLM when ``config.embeddings`` is on, loaded on first use."""

    def __init__(
        self, path: Path | None = None, *, config: CollectionsConfig | None = None, embedder: Embedder | None = None
    ) -> None:
        self.path = path or default_db_path()
        self.config = config or CollectionsConfig()
        self._embedder = embedder
        self._embedder_note = ""
        self._embedder_resolved = embedder is not None or not self.config.embeddings
        if not self.config.embeddings and embedder is None:
            self._embedder_note = "embeddings are off ([collections] embeddings = false); full-text search only"
        self._resolve_lock = threading.Lock()
        self._index_locks: dict[str, threading.Lock] = {}
        self._locks_lock = threading.Lock()
        self._vectors = VectorCache()
        try:
            connect(self.path).close()
        except sqlite3.DatabaseError as exc:
            raise CollectionDatabaseError(f"the collections database {self.path} cannot be opened: {exc}") from None

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = connect(self.path)
        except sqlite3.DatabaseError as exc:
            raise CollectionDatabaseError(f"the collections database {self.path} cannot be opened: {exc}") from None
        try:
            yield conn
        finally:
            conn.close()

    def embedder(self) -> tuple[Embedder | None, str]:
        """The embedder in use and, when there is none, why (loads the model on first call)."""
        with self._resolve_lock:
            if not self._embedder_resolved:
                self._embedder, self._embedder_note = load_embedder(self.config.embedding_model)
                self._embedder_resolved = True
            return self._embedder, self._embedder_note

    def _row(self, conn: sqlite3.Connection, name: str) -> tuple[int, str]:
        row = conn.execute("SELECT id, root FROM collections WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = [r[0] for r in conn.execute("SELECT name FROM collections ORDER BY name")]
            raise CollectionNotFoundError(name, known)
        return int(row[0]), str(row[1])

    def _index_lock(self, name: str) -> threading.Lock:
        with self._locks_lock:
            return self._index_locks.setdefault(name, threading.Lock())

    # -- public API -------------------------------------------------------------------------

    def add(self, name: str, folder: Path) -> None:
        """Register ``folder`` as collection ``name`` (does not index: call :meth:`index`)."""
        if not re.fullmatch(NAME_PATTERN, name):
            raise CollectionError(
                f"{name!r} is not a valid collection name: use 1-63 lower-case letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        root = folder.expanduser().resolve()
        if root == Path(root.anchor) or root == Path.home().resolve():
            what = "the root of the file system" if root == Path(root.anchor) else "your home folder"
            raise CollectionError(
                f"{root} is {what}: a collection is a folder of documents; choose one inside it "
                "(indexing it all would read keys, caches and every program's files)"
            )
        if not root.is_dir():
            what = "does not exist" if not root.exists() else "is not a folder"
            raise CollectionError(f"{root} {what}; a collection is a folder of documents")
        with self._conn() as conn:
            existing = conn.execute("SELECT root FROM collections WHERE name = ?", (name,)).fetchone()
            if existing is not None:
                raise CollectionExistsError(name, existing[0])
            conn.execute(
                "INSERT INTO collections (name, root, created) VALUES (?, ?, ?)", (name, str(root), time.time())
            )

    def root(self, name: str) -> Path:
        """The folder of collection ``name`` (local use only: never advertised)."""
        with self._conn() as conn:
            return Path(self._row(conn, name)[1])

    def index(self, name: str, progress: ProgressCallback | None = None) -> IndexReport:
        """(Re)index the collection's folder: only new and changed files are read, vanished files
        are dropped, unreadable ones are reported and keep their earlier version. Blocking."""
        embedder, note = self.embedder()
        with self._index_lock(name), self._conn() as conn:
            collection_id, root = self._row(conn, name)
            try:
                return run_index(conn, collection_id, name, Path(root), self.config, embedder, note, progress)
            except sqlite3.DatabaseError as exc:
                raise CollectionDatabaseError(
                    f"indexing {name!r} failed in the database ({exc}); the index is as it was "
                    "after the last completed file"
                ) from None

    def list(self) -> list[CollectionInfo]:
        """Every collection's name and sizes, by name. Never content or paths: safe to advertise."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT c.name, c.updated, c.embedding_model,"
                " (SELECT COUNT(*) FROM documents d WHERE d.collection_id = c.id),"
                " (SELECT COALESCE(SUM(size), 0) FROM documents d WHERE d.collection_id = c.id),"
                " (SELECT COUNT(*) FROM chunks k WHERE k.collection_id = c.id),"
                " (SELECT COUNT(*) FROM chunks k WHERE k.collection_id = c.id AND k.embedding IS NULL)"
                " FROM collections c ORDER BY c.name"
            ).fetchall()
        _, note = self.embedder() if self._embedder_resolved else (None, self._embedder_note)
        out: list[CollectionInfo] = []
        for name, updated, model, documents, size, chunks, missing in rows:
            complete = model is not None and missing == 0 and chunks > 0
            why = (
                ""
                if complete
                else (
                    note
                    or (
                        f"{missing} of {chunks} passages have no vector yet; reindex"
                        if chunks
                        else ("not indexed yet" if updated is None else "no documents to embed")
                    )
                )
            )
            out.append(CollectionInfo(name, documents, chunks, size, updated, model if complete else None, why))
        return out

    def info(self, name: str) -> CollectionInfo:
        for item in self.list():
            if item.name == name:
                return item
        with self._conn() as conn:
            self._row(conn, name)  # raises CollectionNotFoundError with the known names
        raise CollectionNotFoundError(name, [])  # pragma: no cover - removed between the two reads

    def search(self, name: str, query: str, k: int = 5, mode: SearchMode = SearchMode.HYBRID) -> builtins.list[Passage]:
        """The ``k`` passages of ``name`` that best answer ``query``. HYBRID falls back to full-text
        search when there are no vectors (each passage's ``matched_by`` says which retriever found it);
        EMBEDDING without a model raises. Blocking (embeds the query)."""
        if not 1 <= k <= _MAX_K:
            raise CollectionError(f"k must be between 1 and {_MAX_K} (got {k})")
        candidates = max(50, 4 * k)
        embedder = self.embedder()[0] if mode is not SearchMode.FTS else None
        if mode is SearchMode.EMBEDDING and embedder is None:
            raise CollectionError(f"embedding search is unavailable: {self.embedder()[1]}")
        with self._conn() as conn:
            collection_id, _ = self._row(conn, name)
            rankings: dict[str, list[int]] = {}
            if mode is not SearchMode.EMBEDDING:
                rankings["fts"] = rank_fts(conn, collection_id, query, candidates)
            if embedder is not None:
                rankings["embedding"] = rank_embedding(
                    conn, self._vectors, collection_id, embedder, query, candidates, self.config.min_similarity
                )
            fused = rrf(rankings)[:k]
            texts = {
                row[0]: (row[1], row[2])
                for row in conn.execute(
                    f"SELECT c.id, c.text, d.path FROM chunks c JOIN documents d ON d.id = c.document_id "
                    f"WHERE c.id IN ({','.join('?' * len(fused))})",
                    [cid for cid, _, _ in fused],
                )
            }
        return [
            Passage(texts[cid][0], texts[cid][1], cid, score, found_by)
            for cid, score, found_by in fused
            if cid in texts  # a passage replaced between ranking and reading is left out
        ]

    def remove(self, name: str) -> None:
        """Forget collection ``name``: its index is deleted; the folder and its files are untouched."""
        with self._index_lock(name), self._conn() as conn:
            collection_id, _ = self._row(conn, name)
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM chunks WHERE collection_id = ?", (collection_id,))
                conn.execute("DELETE FROM documents WHERE collection_id = ?", (collection_id,))
                conn.execute("DELETE FROM collections WHERE id = ?", (collection_id,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        self._vectors.drop(collection_id)
