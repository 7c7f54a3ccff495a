"""How documents are cut into passages."""

from __future__ import annotations

import itertools

from islandrun.core.collections.chunking import chunk_text


def test_passages_stay_near_the_size_and_overlap() -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "Some words follow here. " * 12 for i in range(40))
    chunks = chunk_text(text, size=1000, overlap=150)
    assert len(chunks) > 5
    assert all(len(c) <= 1000 + 150 for c in chunks)
    for before, after in itertools.pairwise(chunks):
        head = after.split("\n", 1)[0]
        assert head and before.endswith(head)  # each passage starts with the tail of the one before
    assert "".join(chunks).count("Paragraph 39.") >= 1


def test_a_long_line_without_breaks_is_still_cut() -> None:
    chunks = chunk_text("x" * 5000, size=1000, overlap=100)
    assert len(chunks) >= 5 and all(len(c) <= 1100 for c in chunks)


def test_code_keeps_its_line_breaks() -> None:
    code = "def f(x):\n    return x + 1\n\n\ndef g(y):\n    return f(y) * 2\n"
    assert chunk_text(code) == ["def f(x):\n return x + 1\n\ndef g(y):\n return f(y) * 2"]


def test_table_of_contents_leaders_are_collapsed() -> None:
    [chunk] = chunk_text("Contents\n\nIntroduction . . . . . . . . . 3\nUsage........ 7\nSee also... done")
    assert chunk == "Contents\n\nIntroduction … 3\nUsage … 7\nSee also... done"


def test_blank_text_gives_no_passages() -> None:
    assert chunk_text(" \n\n \t\n") == []
