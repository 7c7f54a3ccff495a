"""The collections database: one SQLite file in the data dir, in WAL mode (readers never wait
for an index run), with an FTS5 index kept in step with the passages by triggers.

    collections(id, name, root, created, updated, embedding_model)
    documents(id, collection_id, path, size, mtime_ns, sha256, indexed_at)
    chunks(id, collection_id, document_id, ord, text, embedding)       embedding: float32 BLOB or NULL
    chunks_fts(text)                                                   FTS5, external content = chunks
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..paths import data_dir

__all__ = ["SCHEMA_VERSION", "connect", "default_db_path"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    root TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL,
    embedding_model TEXT
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    indexed_at REAL NOT NULL,
    UNIQUE (collection_id, path)
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    embedding BLOB
);
CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document_id);
CREATE INDEX IF NOT EXISTS chunks_by_collection ON chunks(collection_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""


def default_db_path() -> Path:
    return data_dir() / "collections.sqlite3"


def connect(path: Path) -> sqlite3.Connection:
    """A connection with WAL, foreign keys and a busy timeout; creates the schema on first use.

    Transactions are explicit (``isolation_level=None`` + ``BEGIN``/``COMMIT`` in the store), so a
    crash mid-run rolls back to the last completed file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        # One script, one transaction: every statement is idempotent, so two processes creating
        # the database at once both succeed (the busy timeout serialises them).
        try:
            conn.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version={SCHEMA_VERSION};COMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
            raise
    return conn
