"""One index run over a collection's folder, in two phases:

1. *files*: walk, diff against the database, (re)index new and changed files into passages and
   FTS5, drop vanished files — fast (I/O-bound), so the folder is searchable by full text early;
2. *embedding*: vectors for every passage that has none, in batches (model-bound, slow on CPU).

Consistency: every file is written in its own transaction (document row + its passages + their
FTS entries together), and each batch of vectors in one more, so a crash mid-run leaves the index
as it was after the last completed file or batch, never half a file; the next run goes on from
there. A file that cannot be read this time keeps its earlier version; a folder
that is gone or unreadable removes nothing. Blocking (file I/O, SQLite, embedding): run it in a
thread when called from async code.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any

from .chunking import chunk_text
from .config import CollectionsConfig
from .embedder import Embedder
from .extract import IGNORED_DIRS, Unreadable, is_supported, read_text
from .models import IndexProgress, IndexReport, SkippedFile

__all__ = ["ProgressCallback", "run_index"]

ProgressCallback = Callable[[IndexProgress], None]
_EMBED_BATCH = 32


@dataclass
class _Walk:
    files: dict[str, os.stat_result] = field(default_factory=dict)
    unsupported: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    unreadable_dirs: list[str] = field(default_factory=list)  # relative; nothing under them is removed


def _walk(root: Path) -> _Walk:
    out = _Walk()

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else "."
        out.unreadable_dirs.append(where)
        out.skipped.append(SkippedFile(where + "/", f"folder cannot be read ({exc.strerror or exc})"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue  # hidden files (.env, editor state) are not documents
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:  # a file name in another encoding: cannot be stored or shown as text
                shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
                out.skipped.append(SkippedFile(shown, "file name is not valid UTF-8 (rename it to index it)"))
                continue
            if not is_supported(full):
                out.unsupported += 1
                continue
            if full.is_symlink():
                out.skipped.append(SkippedFile(rel, "symbolic link (not followed)"))
                continue
            try:
                info = full.stat()
            except OSError as exc:
                out.skipped.append(SkippedFile(rel, f"cannot be read ({exc.strerror or exc})"))
                continue
            if not S_ISREG(info.st_mode):  # a FIFO would block the read forever; devices, sockets
                out.skipped.append(SkippedFile(rel, "not a regular file (pipe, socket or device)"))
                continue
            out.files[rel] = info
    return out


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of ``path``, checked on the open descriptor: a file swapped for a FIFO, a device or a
    symlink between the walk and now is refused instead of blocking the indexer (``O_NONBLOCK`` so
    even opening a FIFO returns at once, ``O_NOFOLLOW`` so a link is not followed)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable("symbolic link (not followed)") from None
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not S_ISREG(info.st_mode):
            raise Unreadable("not a regular file (pipe, socket or device)")
        if info.st_size > max_bytes:
            raise Unreadable(f"larger than max_file_mb ({info.st_size / 1048576:.1f} MB)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: ordinary reads from here on
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise Unreadable("grew past max_file_mb while being read")
    return data


def _under(rel: str, folders: list[str]) -> bool:
    return any(folder == "." or rel == folder or rel.startswith(folder + "/") for folder in folders)


def _embed(embedder: Embedder | None, texts: list[str]) -> list[bytes | None]:
    if embedder is None or not texts:
        return [None] * len(texts)
    import numpy as np

    vectors = embedder.embed(texts)
    return [np.asarray(v, dtype=np.float32).tobytes() for v in vectors]


def _write_document(
    conn: sqlite3.Connection,
    collection_id: int,
    rel: str,
    stat: os.stat_result,
    digest: str,
    chunks: list[str],
) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute(
            "SELECT id FROM documents WHERE collection_id = ? AND path = ?", (collection_id, rel)
        ).fetchone()
        if row is None:
            doc_id = conn.execute(
                "INSERT INTO documents (collection_id, path, size, mtime_ns, sha256, indexed_at) VALUES (?,?,?,?,?,?)",
                (collection_id, rel, stat.st_size, stat.st_mtime_ns, digest, time.time()),
            ).lastrowid
        else:
            doc_id = row[0]
            conn.execute("DELETE FROM chunks WHERE document_id = ?", (doc_id,))
            conn.execute(
                "UPDATE documents SET size = ?, mtime_ns = ?, sha256 = ?, indexed_at = ? WHERE id = ?",
                (stat.st_size, stat.st_mtime_ns, digest, time.time(), doc_id),
            )
        conn.executemany(
            "INSERT INTO chunks (collection_id, document_id, ord, text) VALUES (?,?,?,?)",
            [(collection_id, doc_id, i, text) for i, text in enumerate(chunks)],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _backfill(
    conn: sqlite3.Connection, collection_id: int, embedder: Embedder, progress: ProgressCallback | None
) -> int:
    """Vectors for every passage that has none: new passages of this run, passages indexed while
    the model was unavailable, or all of them after a model change. Each batch is one transaction."""
    total = conn.execute(
        "SELECT COUNT(*) FROM chunks WHERE collection_id = ? AND embedding IS NULL", (collection_id,)
    ).fetchone()[0]
    done = 0
    while True:
        rows = conn.execute(
            "SELECT id, text FROM chunks WHERE collection_id = ? AND embedding IS NULL ORDER BY id LIMIT ?",
            (collection_id, _EMBED_BATCH),
        ).fetchall()
        if not rows:
            return done
        vectors = _embed(embedder, [text for _, text in rows])
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "UPDATE chunks SET embedding = ? WHERE id = ?",
            [(v, cid) for (cid, _), v in zip(rows, vectors, strict=True)],
        )
        conn.execute("COMMIT")
        done += len(rows)
        if progress is not None:
            progress(IndexProgress(min(done, total), total, "", phase="embedding"))


def run_index(
    conn: sqlite3.Connection,
    collection_id: int,
    name: str,
    root: Path,
    config: CollectionsConfig,
    embedder: Embedder | None,
    embeddings_note: str,
    progress: ProgressCallback | None = None,
) -> IndexReport:
    started = time.perf_counter()
    model_id = embedder.model_id if embedder is not None else None

    def report(**fields: Any) -> IndexReport:
        return IndexReport(
            name=name,
            root=str(root),
            embeddings=model_id,
            embeddings_note=embeddings_note,
            seconds=time.perf_counter() - started,
            **fields,
        )

    if not root.is_dir():
        kept = conn.execute("SELECT COUNT(*) FROM documents WHERE collection_id = ?", (collection_id,)).fetchone()[0]
        what = "is gone" if not root.exists() else "is not a folder"
        return report(
            problem=f"the folder {root} {what}; nothing was changed ({kept} indexed documents kept)",
        )
    if embedder is not None:
        stored = conn.execute("SELECT embedding_model FROM collections WHERE id = ?", (collection_id,)).fetchone()[0]
        if stored != embedder.model_id:  # vectors of another model are not comparable: recompute all
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE chunks SET embedding = NULL WHERE collection_id = ?", (collection_id,))
            conn.execute("UPDATE collections SET embedding_model = ? WHERE id = ?", (embedder.model_id, collection_id))
            conn.execute("COMMIT")

    walk = _walk(root)
    known = {
        row[0]: (row[1], row[2], row[3])
        for row in conn.execute(
            "SELECT path, size, mtime_ns, sha256 FROM documents WHERE collection_id = ?", (collection_id,)
        )
    }
    max_bytes = int(config.max_file_mb * 1024 * 1024)
    indexed: list[str] = []
    skipped = list(walk.skipped)
    unchanged = chunks_added = embedded = 0
    total = len(walk.files)
    if progress is not None:
        progress(IndexProgress(0, total, ""))
    for done, (rel, stat) in enumerate(sorted(walk.files.items()), start=1):
        previous = known.get(rel)
        try:
            if stat.st_size > max_bytes:
                raise Unreadable(f"larger than max_file_mb ({stat.st_size / 1048576:.1f} MB > {config.max_file_mb:g})")
            if previous is not None and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns:
                unchanged += 1
                continue
            data = read_regular_file(root / rel, max_bytes)
            digest = hashlib.sha256(data).hexdigest()
            if previous is not None and previous[2] == digest:  # touched, not changed
                conn.execute(
                    "UPDATE documents SET size = ?, mtime_ns = ? WHERE collection_id = ? AND path = ?",
                    (stat.st_size, stat.st_mtime_ns, collection_id, rel),
                )
                unchanged += 1
                continue
            chunks = chunk_text(read_text(root / rel, data), config.chunk_chars, config.chunk_overlap)
            _write_document(conn, collection_id, rel, stat, digest, chunks)
            indexed.append(rel)
            chunks_added += len(chunks)
        except Unreadable as exc:
            skipped.append(SkippedFile(rel, exc.reason, kept_previous=previous is not None))
        finally:
            if progress is not None:
                progress(IndexProgress(done, total, rel))

    removed = sorted(rel for rel in known if rel not in walk.files and not _under(rel, walk.unreadable_dirs))
    removed = [rel for rel in removed if not any(s.path == rel for s in walk.skipped)]
    if removed:
        conn.execute("BEGIN IMMEDIATE")
        for rel in removed:
            conn.execute(
                "DELETE FROM chunks WHERE document_id IN "
                "(SELECT id FROM documents WHERE collection_id = ? AND path = ?)",
                (collection_id, rel),
            )
            conn.execute("DELETE FROM documents WHERE collection_id = ? AND path = ?", (collection_id, rel))
        conn.execute("COMMIT")
    if embedder is not None:
        try:
            embedded = _backfill(conn, collection_id, embedder, progress)
        except Exception as exc:  # the model failed mid-run: the passages stay searchable by full text
            model_id = None
            embeddings_note = f"the embedding model failed ({str(exc)[:160]}); full-text search only"
    conn.execute("UPDATE collections SET updated = ? WHERE id = ?", (time.time(), collection_id))
    return report(
        indexed=indexed,
        unchanged=unchanged,
        removed=removed,
        skipped=skipped,
        unsupported=walk.unsupported,
        chunks_added=chunks_added,
        embedded=embedded,
    )
