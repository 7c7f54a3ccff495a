"""Medical vocabulary: tokenising, spelling-folding and a token-prefix index over the health terms.

The terms are in ``data/medical_vocab.txt.gz``: about 73,000 disease, phenotype, drug and procedure
names generated from pinned registry packages, plus the curated everyday words of
``data/medical.txt``, by ``benchmarks/privacy/medical_build_vocab.py`` (sources and licences are
in the file's header). One-word terms that are common words ("cold", "stroke") are flagged weak.

Both the text and the terms are cut into word tokens and folded the same way (lower case, no
accents, British spellings and simple English and German plurals folded: "Tumours" ~ "tumor", "haemophilia" ~
"hemophilia", "Huntington's" ~ "huntington"), so a term matches across case, hyphenation,
plurals and possessives. Terms in Chinese script are matched as substrings (no word breaks).
Everything loads once, on first use.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

from .lexicons import strip_accents
from .packed_words import PackedMap
from .table_cache import cached_table

__all__ = [
    "CONDITION",
    "PREFIX",
    "STRONG",
    "WEAK",
    "Token",
    "Vocabulary",
    "fold",
    "suffix_exceptions",
    "tokenize",
    "vocabulary",
]

# index flags: starts a longer term / is a term / is a common-word term / is a condition
PREFIX, STRONG, WEAK, CONDITION = 1, 2, 4, 8

_TOKEN = re.compile(r"[^\W_]+(?:['’][sS](?![^\W_]))?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_GAP = re.compile(r"[\s\-‐–,'’/()]{0,3}")  # what may stand between two words of one term
_STOP_ACRONYM = frozenset({"of", "the", "and", "or", "in", "with", "to", "a", "an", "due", "by", "for", "on"})


class Token(NamedTuple):
    start: int
    end: int
    norm: str


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Fold one word for matching: lower case, accents, possessive, UK spelling, simple plural."""
    w = word.lower()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if not w.isascii():
        w = strip_accents(w).replace("ł", "l").replace("ø", "o").replace("ß", "ss")
    if len(w) > 4 and w.isascii():
        if len(w) >= 9 and w.endswith("en") and w[-3] not in "aeiou":
            w = w[:-2]  # German plural: "Depressionen", "Erkrankungen"
        elif w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        w = w.replace("ae", "e").replace("oe", "e")
        if w.endswith("our"):
            w = w[:-3] + "or"
    return w


_new_token = tuple.__new__  # a Token without NamedTuple's argument handling: tokenising is on every request


def tokenize(text: str) -> list[Token]:
    return [_new_token(Token, (m.start(), m.end(), fold(m.group()))) for m in _TOKEN.finditer(text)]


def joined(text: str, left: Token, right: Token) -> bool:
    """True when only spaces, a hyphen, a comma or a slash stand between two tokens."""
    return _GAP.fullmatch(text, left.end, right.start) is not None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    index: Mapping[str, int]  # folded token sequence joined by spaces -> PREFIX | STRONG | WEAK | CONDITION
    modifiers: frozenset[str]  # folded words that occur inside multi-word condition names
    acronyms: frozenset[str]  # initials of multi-word condition names ("DMD", "PWS")
    cjk: Any  # Aho-Corasick automaton over terms in Chinese script, or None


def _read(name: str) -> list[str]:
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath(f"data/{name}").read_bytes()
    return _lines((gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8"))


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _add(index: dict[str, int], words: list[str], flag: int) -> None:
    for i in range(1, len(words)):
        key = " ".join(words[:i])
        index[key] = index.get(key, 0) | PREFIX
    key = " ".join(words)
    old = index.get(key, 0)
    if flag & WEAK and old & STRONG:
        flag &= ~WEAK
    if flag & STRONG:
        old &= ~WEAK
    index[key] = old | flag


@cache
def vocabulary() -> Vocabulary:
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/medical_vocab.txt.gz").read_bytes()
    # built from the file once (~0.5 s of CPU), then read from the cache at later starts (table_cache)
    inputs = f"medical_vocab.txt.gz sha256 {hashlib.sha256(raw).hexdigest()}"
    parts = cached_table(_Parts, "medical-vocabulary", inputs, lambda: _build(raw))
    cjk = None
    if parts.cjk_terms:
        cjk = ahocorasick.Automaton()
        for term in parts.cjk_terms:
            cjk.add_word(term, len(term))
        cjk.make_automaton()
    return Vocabulary(parts.index, parts.modifiers, parts.acronyms, cjk)


@dataclass(frozen=True, slots=True)
class _Parts:
    """What :func:`vocabulary` builds from the file, in a form :mod:`.table_cache` can keep."""

    index: PackedMap
    modifiers: frozenset[str]
    acronyms: frozenset[str]
    cjk_terms: tuple[str, ...]

    def to_bytes(self) -> bytes | None:
        packed = self.index.to_bytes()
        if packed is None:
            return None
        lists = [packed, *("\n".join(words).encode() for words in (self.modifiers, self.acronyms, self.cjk_terms))]
        return struct.pack("<4Q", *map(len, lists)) + b"".join(lists)

    @classmethod
    def from_bytes(cls, data: bytes) -> _Parts:
        try:
            sizes = struct.unpack_from("<4Q", data)
            if 32 + sum(sizes) != len(data):
                raise ValueError("sizes do not add up")
            pieces, at = [], 32
            for size in sizes:
                pieces.append(data[at : at + size])
                at += size
            lists = [piece.decode().split("\n") if piece else [] for piece in pieces[1:]]
        except (struct.error, UnicodeDecodeError) as exc:
            raise ValueError(f"not a medical vocabulary: {exc}") from exc
        return cls(PackedMap.from_bytes(pieces[0]), frozenset(lists[0]), frozenset(lists[1]), tuple(lists[2]))


def _build(raw: bytes) -> _Parts:
    index: dict[str, int] = {}
    modifiers: set[str] = set()
    acronyms: set[str] = set()
    cjk_terms: list[str] = []
    for line in _lines(gzip.decompress(raw).decode("utf-8")):
        term, flag, key = line.split("\t")
        if _CJK.search(term):
            if len(term) >= 2:
                cjk_terms.append(term)
            continue
        words = key.split(" ")
        _add(index, words, (WEAK if "w" in flag else STRONG) | (CONDITION if "c" in flag else 0))
        if len(words) > 1 and "c" in flag:
            modifiers.update(w for w in words[:-1] if len(w) > 2 and w.isalpha())
            initials = "".join(w[0] for w in words if w not in _STOP_ACRONYM)
            if 2 <= len(initials) <= 5 and initials.isalpha():
                acronyms.add(initials.upper())
    # packed (111,000 keys: ~0.6 MB instead of ~14 MB as a dict; ~0.7 µs a look-up instead of ~0.1, and the
    # detector looks up only the words of a text that are not plain, see medical._plainness)
    packed = PackedMap(index)
    del index
    # The words of the two sets were made among the file's lines and the index's keys, now freed: made anew
    # (through one string each), they do not keep the memory those took from going back (~8 MB, issue 17).
    return _Parts(packed, _anew(modifiers), _anew(acronyms), tuple(cjk_terms))


def _anew(words: set[str]) -> frozenset[str]:
    blob = "\n".join(words)
    words.clear()
    return frozenset(blob.split("\n")) if blob else frozenset()


@cache
def suffix_exceptions() -> frozenset[str]:
    """Common words that end like a medical word but are not one ("diagnosis", "diploma")."""
    return frozenset(strip_accents(line.strip().lower()) for line in _read("medical_suffix_exceptions.txt"))
