"""MIST's compact word tables answer exactly as the plain structures they replace (issue 17: idle memory).

- the packed word-frequency ranks (:class:`RankTable`) give every word the rank a ``dict`` built from the same
  list gives, and None for anything else (a NUL or a lone surrogate included);
- the shipped brand and name files hold what the pinned packages they were written from hold today.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import wordfreq

from islandrun.core.privacy import lexicons
from islandrun.core.privacy.ner_lexicon import _brands, is_brand_title, name_data
from islandrun.core.privacy.packed_words import RankTable

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "privacy"


def test_rank_table_answers_as_the_dict_would() -> None:
    words = ["und", "der", "straße", "ﬁx", "日本", "a\0b", "", "zz"]
    table = RankTable(words)
    plain = {word: rank for rank, word in enumerate(words)}
    probes = [*words, "a", "a\0", "\0", "\ud800", "Und", "stra", "straßen", "日", "unknown"]
    for word in probes:
        assert table.get(word) == plain.get(word), repr(word)
    assert len(table) == len(plain)


def test_a_word_listed_twice_keeps_its_last_rank() -> None:
    assert RankTable(["a", "b", "a"]).get("a") == 2  # as {w: r for r, w in enumerate(words)} does


@pytest.mark.parametrize("lang", ["de", "ru", "zh", "ar"])
def test_common_rank_is_the_words_place_in_wordfreqs_list(lang: str) -> None:
    words = wordfreq.top_n_list(lang, 40_000, wordlist="small")
    for rank in (0, 1, 17, 999, len(words) // 2, len(words) - 1):
        assert lexicons.common_rank(words[rank], lang) == rank
    assert lexicons.common_rank("qzxv-not-a-word", lang) is None


def test_english_ranks_come_from_the_large_list() -> None:
    words = wordfreq.top_n_list("en", 40_000, wordlist="best")
    assert lexicons.common_rank("the") == 0
    assert lexicons.common_rank(words[-1]) == len(words) - 1
    assert lexicons.common_rank(words[12_345]) == 12_345


def test_brand_words_match_the_pinned_package() -> None:
    pytest.importorskip("simple_icons_pack")
    sys.path.insert(0, str(BENCH))
    try:
        from build_brand_words import brand_words
    finally:
        sys.path.remove(str(BENCH))
    data = name_data()
    expected = frozenset(w for w in brand_words() if w not in data.first and w not in data.last)
    assert _brands() == expected
    assert "lenovo" in _brands()


def test_brand_titles_match_the_pinned_package() -> None:
    pytest.importorskip("simple_icons_pack")
    sys.path.insert(0, str(BENCH))
    try:
        from build_brand_words import brand_titles
    finally:
        sys.path.remove(str(BENCH))
    shipped = (Path(__file__).parents[2] / "core" / "privacy" / "data" / "brand_titles.txt").read_text("utf-8")
    assert [line for line in shipped.splitlines() if line and not line.startswith("#")] == brand_titles()
    assert is_brand_title("spring boot") and is_brand_title("british airways")


def test_name_lists_match_the_pinned_faker() -> None:
    pytest.importorskip("faker")
    sys.path.insert(0, str(BENCH))
    try:
        from build_name_lists import name_sets
    finally:
        sys.path.remove(str(BENCH))
    data = name_data()
    for field, names in name_sets().items():
        assert getattr(data, field) == names, field
    assert "王" in data.zh_surnames
