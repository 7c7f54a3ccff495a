"""A file swapped for a FIFO (or a link) between the folder walk and the read is skipped at once,
never read forever: the indexer checks the open descriptor (issue 22, item 8)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from islandrun.core.collections.extract import Unreadable
from islandrun.core.collections.indexer import read_regular_file


def _in_time(fn: object, seconds: float = 5.0) -> BaseException | None:
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            fn()  # type: ignore[operator]
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, "the read blocked"
    return outcome[0]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)  # nobody writes to it: a plain open() would wait forever
    error = _in_time(lambda: read_regular_file(fifo, 1 << 20))
    assert isinstance(error, Unreadable) and "regular" in error.reason


def test_a_symlink_swapped_in_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("not part of the collection")
    link = tmp_path / "doc.md"
    link.symlink_to(secret)
    with pytest.raises(Unreadable, match="symbolic link"):
        read_regular_file(link, 1 << 20)


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("hello " * 1000)
    assert read_regular_file(doc, 1 << 20) == doc.read_bytes()
    with pytest.raises(Unreadable, match="max_file_mb"):
        read_regular_file(doc, 100)
