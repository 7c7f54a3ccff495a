"""Indexing real folders: each file type, incremental re-index, bad input, crash consistency."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from islandrun.core.collections import (
    CollectionError,
    CollectionExistsError,
    CollectionNotFoundError,
    CollectionStore,
    IndexProgress,
    SearchMode,
)


def _sources(store: CollectionStore, query: str) -> list[str]:
    return [p.source for p in store.search("docs", query, k=3, mode=SearchMode.FTS)]


def test_each_file_type_is_indexed_and_found(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    report = fts_store.index("docs")
    assert sorted(report.indexed) == ["guides/garden.md", "manual.pdf", "notes.txt", "tool.py"]
    assert report.unsupported == 1  # photo.png
    assert report.skipped == []
    assert _sources(fts_store, "how many paid vacation days")[0] == "notes.txt"
    assert _sources(fts_store, "sunlight for tomatoes")[0] == "guides/garden.md"
    assert _sources(fts_store, "invoice total amount")[0] == "tool.py"
    assert _sources(fts_store, "descale the boiler")[0] == "manual.pdf"  # text extracted from the PDF


def test_progress_reports_every_file(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    steps: list[IndexProgress] = []
    fts_store.index("docs", progress=steps.append)
    assert steps[0] == IndexProgress(0, 4, "")
    assert [s.done for s in steps] == [0, 1, 2, 3, 4]
    assert {s.path for s in steps[1:]} == {"guides/garden.md", "manual.pdf", "notes.txt", "tool.py"}


def test_reindex_reads_only_changed_added_and_drops_removed(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    fts_store.index("docs")
    again = fts_store.index("docs")
    assert (again.indexed, again.unchanged, again.removed) == ([], 4, [])

    (docs / "notes.txt").write_text("The parking garage opens at seven in the morning.\n")
    (docs / "new.md").write_text("The cafeteria serves lentil soup on Fridays.\n")
    (docs / "tool.py").unlink()
    (docs / "guides" / "garden.md").touch()  # newer mtime, same content: not re-read into new passages
    report = fts_store.index("docs")
    assert sorted(report.indexed) == ["new.md", "notes.txt"]
    assert report.removed == ["tool.py"]
    assert report.unchanged == 2
    assert _sources(fts_store, "parking garage")[0] == "notes.txt"
    assert _sources(fts_store, "vacation days") == []  # the old text of notes.txt is gone
    assert _sources(fts_store, "invoice") == []
    assert _sources(fts_store, "lentil soup") == ["new.md"]
    info = fts_store.info("docs")
    assert info.documents == 4


def test_bad_files_are_reported_and_skipped(fts_store: CollectionStore, docs: Path) -> None:
    (docs / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (docs / "latin1.txt").write_bytes("Grüße aus Köln".encode("latin-1"))
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R\nthis is not a pdf")
    (docs / "empty.md").write_text("   \n")
    (docs / "link.txt").symlink_to(docs / "notes.txt")
    os.mkfifo(docs / "pipe.txt")  # reading it would block forever
    with open(os.path.join(os.fsencode(docs), b"caf\xe9.txt"), "wb") as handle:  # a Latin-1 file name
        handle.write(b"text")
    fts_store.add("docs", docs)
    report = fts_store.index("docs")
    reasons = {s.path: s.reason for s in report.skipped}
    assert set(reasons) == {"junk.txt", "latin1.txt", "broken.pdf", "empty.md", "link.txt", "caf\\xe9.txt", "pipe.txt"}
    assert "binary" in reasons["junk.txt"]
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "PDF" in reasons["broken.pdf"]
    assert "no text" in reasons["empty.md"]
    assert "symbolic link" in reasons["link.txt"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert "file name is not valid UTF-8" in reasons["caf\\xe9.txt"]
    assert len(report.indexed) == 4  # the good files are all there


def test_a_file_that_turns_bad_keeps_its_indexed_version(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    fts_store.index("docs")
    (docs / "notes.txt").write_bytes(b"\x00\x01\x02 binary now" * 100)
    report = fts_store.index("docs")
    assert [(s.path, s.kept_previous) for s in report.skipped] == [("notes.txt", True)]
    assert _sources(fts_store, "vacation days")[0] == "notes.txt"


def test_a_file_that_vanishes_mid_run_is_reported(fts_store: CollectionStore, docs: Path) -> None:
    """The file disappears between the folder walk and its read (here: removed from the progress
    callback, which runs between files) — the same race a user deleting files causes."""
    fts_store.add("docs", docs)

    def delete_tool(step: IndexProgress) -> None:
        if step.done == 1:
            (docs / "tool.py").unlink()

    report = fts_store.index("docs", progress=delete_tool)
    assert [s.path for s in report.skipped] == ["tool.py"]
    assert "cannot be read" in report.skipped[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_reported(fts_store: CollectionStore, docs: Path) -> None:
    (docs / "secret.txt").write_text("hidden")
    (docs / "secret.txt").chmod(0)
    fts_store.add("docs", docs)
    report = fts_store.index("docs")
    assert [s.path for s in report.skipped] == ["secret.txt"]


def test_a_vanished_folder_changes_nothing(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    fts_store.index("docs")
    docs.rename(docs.with_name("moved"))
    report = fts_store.index("docs")
    assert "is gone" in report.problem
    assert "4 indexed documents kept" in report.problem
    assert report.removed == []
    assert fts_store.info("docs").documents == 4
    assert _sources(fts_store, "tomatoes")[0] == "guides/garden.md"


def test_a_crash_mid_run_leaves_a_consistent_index(fts_store: CollectionStore, docs: Path) -> None:
    """A crash is an exception out of the run after the second file (from the progress callback);
    SQLite's own integrity checks and the FTS index must agree afterwards, and a re-run completes."""
    fts_store.add("docs", docs)

    def crash(step: IndexProgress) -> None:
        if step.done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fts_store.index("docs", progress=crash)
    conn = sqlite3.connect(fts_store.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('integrity-check')")  # raises if out of step
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    orphans = conn.execute(
        "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)"
    ).fetchone()[0]
    assert orphans == 0
    conn.close()
    report = fts_store.index("docs")
    assert len(report.indexed) == 2 and report.unchanged == 2


def test_names_folders_and_errors(fts_store: CollectionStore, docs: Path, tmp_path: Path) -> None:
    with pytest.raises(CollectionError, match="not a valid collection name"):
        fts_store.add("My Docs", docs)
    with pytest.raises(CollectionError, match="does not exist"):
        fts_store.add("docs", tmp_path / "nowhere")
    fts_store.add("docs", docs)
    with pytest.raises(CollectionExistsError):
        fts_store.add("docs", docs)
    with pytest.raises(CollectionNotFoundError, match="this island holds: docs"):
        fts_store.index("other")
    with pytest.raises(CollectionError, match="k must be"):
        fts_store.search("docs", "x", k=0)


def test_remove_forgets_the_index_not_the_files(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    fts_store.index("docs")
    fts_store.remove("docs")
    assert fts_store.list() == []
    assert (docs / "notes.txt").exists()
    conn = sqlite3.connect(fts_store.path)
    assert conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH 'vacation'").fetchone()[0] == 0
    conn.close()


def test_list_advertises_names_and_sizes_only(fts_store: CollectionStore, docs: Path) -> None:
    fts_store.add("docs", docs)
    fts_store.index("docs")
    [info] = fts_store.list()
    assert (info.name, info.documents) == ("docs", 4)
    assert info.chunks >= 4
    assert info.bytes == sum(p.stat().st_size for p in docs.rglob("*") if p.suffix in {".txt", ".md", ".py", ".pdf"})
    assert info.updated is not None
    for advertised in (repr(info), repr(info.advertisement())):
        for secret in ("vacation", "Tomatoes", "invoice", str(docs), "notes.txt"):
            assert secret not in advertised
    assert set(info.advertisement()) == {"name", "documents", "chunks", "bytes", "updated", "embeddings"}
    assert info.embeddings is None and "embeddings are off" in info.embeddings_note


def test_big_files_are_skipped(tmp_path: Path, docs: Path) -> None:
    from islandrun.core.collections import CollectionsConfig

    store = CollectionStore(tmp_path / "c.sqlite3", config=CollectionsConfig(embeddings=False, max_file_mb=0.001))
    (docs / "big.txt").write_text("big " * 1000)
    store.add("docs", docs)
    report = store.index("docs")
    assert [s.path for s in report.skipped] == ["big.txt"]
    assert "max_file_mb" in report.skipped[0].reason


def test_pdf_fixture_is_a_real_pdf(pdf: Callable[[list[str]], bytes]) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    assert "Hello PDF" in (PdfReader(BytesIO(pdf(["Hello PDF"]))).pages[0].extract_text() or "")


def test_utf16_text_and_empty_queries(fts_store: CollectionStore, docs: Path) -> None:
    (docs / "windows.txt").write_bytes("Notepad saved this memo about the quarterly budget.".encode("utf-16"))
    fts_store.add("docs", docs)
    report = fts_store.index("docs")
    assert "windows.txt" in report.indexed
    assert _sources(fts_store, "quarterly budget") == ["windows.txt"]
    assert fts_store.search("docs", "?!  ...", mode=SearchMode.FTS) == []  # no words: nothing to match
    assert _sources(fts_store, 'budget" OR NEAR(x') == ["windows.txt"]  # FTS syntax in a query is just text


def test_an_empty_folder_is_an_empty_collection(fts_store: CollectionStore, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    fts_store.add("empty", tmp_path / "empty")
    assert fts_store.info("empty").embeddings_note.startswith("embeddings are off")
    report = fts_store.index("empty")
    assert (report.indexed, report.skipped, report.problem) == ([], [], "")
    info = fts_store.info("empty")
    assert (info.documents, info.chunks, info.bytes) == (0, 0, 0) and info.updated is not None


def test_a_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "collections.sqlite3"
    db.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CollectionError, match="cannot be opened"):
        CollectionStore(db)
    assert db.read_bytes() == b"not a database at all" * 100  # left as it was, for the user to inspect
