"""The pure-Python WordPiece tokenizer gives the same ids as Hugging Face ``tokenizers`` 0.23.3
with all-MiniLM-L6-v2's tokenizer.json (ids recorded from it; it agreed on 655 texts: Python
sources and Markdown files, plus the edge cases below)."""

from __future__ import annotations

import pytest

from islandrun.core.collections.wordpiece import WordPieceTokenizer

GOLDEN: dict[str, list[int]] = {
    "H\u00e9llo, W\u00f6rld! na\u00efve caf\u00e9 \u2014 \u6771\u4eac is big; C++ & x86_64 don't\tstop\u0000 here.": [
        101,
        7592,
        1010,
        2088,
        999,
        15743,
        7668,
        1517,
        1879,
        1755,
        2003,
        2502,
        1025,
        1039,
        1009,
        1009,
        1004,
        1060,
        20842,
        1035,
        4185,
        2123,
        1005,
        1056,
        2644,
        2182,
        1012,
        102,
    ],
    "": [101, 102],
    "   ": [101, 102],
    "a" * 150 + " ok": [
        101,
        100,
        7929,
        102,
    ],
    "supercalifragilisticexpialidocious antidisestablishmentarianism": [
        101,
        3565,
        9289,
        10128,
        29181,
        24411,
        4588,
        10288,
        19312,
        21273,
        10085,
        6313,
        3424,
        10521,
        4355,
        7875,
        13602,
        3672,
        12199,
        2964,
        102,
    ],
}


@pytest.mark.parametrize("text", list(GOLDEN))
def test_ids_match_the_reference_tokenizer(text: str) -> None:
    assert WordPieceTokenizer.bundled().encode(text, max_length=10_000) == GOLDEN[text]


def test_truncates_to_max_length_and_keeps_sep() -> None:
    tokenizer = WordPieceTokenizer.bundled()
    ids = tokenizer.encode("word " * 1000, max_length=256)
    assert len(ids) == 256
    assert ids[0] == tokenizer.cls_id
    assert ids[-1] == tokenizer.sep_id
