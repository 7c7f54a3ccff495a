"""Compact, immutable word tables for the long-lived word lists MIST keeps in memory.

A Python ``dict`` of 40,000 words costs about 4.5 MB (the table, one string object per word, one int
object per rank); MIST keeps such lists for 25 languages. :class:`RankTable` holds the same mapping in a
MARISA trie (``marisa-trie``: the words, compressed, about 0.1 MB a language) and an ``array`` of ranks
indexed by the trie's key ids (2 bytes a word): about 0.2 MB a language.

A look-up costs ~0.5–1 µs instead of ~0.2 µs for a ``dict``, and building one from 40,000 words ~40 ms instead
of ~10 ms (at warm-up). The detector asks for ~70 ranks per 500-character text: ~20 µs of its ~3 ms.

:class:`PackedMap` is the same for any ``word -> small int`` table (a read-only ``Mapping``): the medical
vocabulary's 111,000 token sequences and their flags (~0.6 MB instead of ~14 MB as a ``dict``), the frequency
buckets of wordfreq's small word lists (:mod:`.ner_lexicon`).
"""

from __future__ import annotations

import re
import struct
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar, overload

import marisa_trie  # type: ignore[import-not-found]  # marisa-trie ships no type information

__all__ = ["PackedMap", "RankTable", "tagged_sets"]

_T = TypeVar("_T")


class RankTable:
    """``word -> rank`` (0 = the first word of the list), answering as ``{w: r for r, w in enumerate(words)}.get``
    would: a word listed twice keeps its last rank."""

    __slots__ = ("_nul", "_ranks", "_trie")

    def __init__(self, words: Sequence[str]) -> None:
        # MARISA reads a key as a C string: one with a NUL would be cut there, so such words (none in the
        # lists read today) stay in a dict, and a word with a NUL is never asked of the trie (it would
        # answer for the part before the NUL).
        self._nul = {word: rank for rank, word in enumerate(words) if "\0" in word}
        kept = [word for word in words if "\0" not in word]
        # one trie level and a large node cache: ~20 ms to build, ~0.5 µs a look-up, ~130 KB for 40,000 words
        self._trie = marisa_trie.Trie(kept, num_tries=1, cache_size=marisa_trie.LARGE_CACHE)
        ids = list(map(self._trie.key_id, kept))
        typecode = "H" if len(words) <= 1 << 16 else "I"  # 2 bytes a rank for lists of up to 65,536 words
        if not self._nul and len(ids) == len(self._trie):  # each word once: the ranks in key-id order, sorted in C
            self._ranks = array(typecode, sorted(range(len(ids)), key=ids.__getitem__))
            return
        ranks = array(typecode, bytes(array(typecode).itemsize * len(self._trie)))
        for rank, word in enumerate(words):
            if "\0" not in word:
                ranks[self._trie.key_id(word)] = rank
        self._ranks = ranks

    def to_bytes(self) -> bytes | None:
        """The table as bytes for :meth:`from_bytes`, or None when a word has a NUL (see :func:`_pack`)."""
        return None if self._nul else _pack(self._trie, self._ranks)

    @classmethod
    def from_bytes(cls, data: bytes) -> RankTable:
        """The table :meth:`to_bytes` wrote; ``ValueError`` when the bytes are not one (the caller builds anew)."""
        table = cls.__new__(cls)
        table._nul = {}
        table._trie, table._ranks = _unpack(data, "HI")
        return table

    def get(self, word: str) -> int | None:
        """The word's rank, or None when it is not in the list."""
        if "\0" in word:
            return self._nul.get(word)
        try:
            key = self._trie.get(word)
        except UnicodeEncodeError:  # a lone surrogate: no listed word has one (the lists are UTF-8)
            return None
        return None if key is None else self._ranks[key]

    def __len__(self) -> int:
        return len(self._trie) + len(self._nul)


class PackedMap(Mapping[str, int]):
    """A read-only ``str -> int`` mapping answering as ``dict(items)`` would (a key given twice keeps its last
    value), its keys in a MARISA trie and its values in an ``array`` of ``typecode`` ("B": 0–255, "H": 0–65,535)
    indexed by the trie's key ids. Iteration follows the trie's order, not the items' order."""

    __slots__ = ("_nul", "_trie", "_values")

    def __init__(self, items: Mapping[str, int] | Iterable[tuple[str, int]], typecode: str = "B") -> None:
        plain = items if isinstance(items, Mapping) else dict(items)
        # a key with a NUL stays in a dict (MARISA would cut it there, see RankTable)
        self._nul = {key: plain[key] for key in plain if "\0" in key}
        kept = [key for key in plain if "\0" not in key] if self._nul else list(plain)
        self._trie = marisa_trie.Trie(kept, num_tries=1, cache_size=marisa_trie.LARGE_CACHE)
        values = array(typecode, bytes(array(typecode).itemsize * len(kept)))
        for key_id, value in zip(map(self._trie.key_id, kept), map(plain.__getitem__, kept), strict=True):
            values[key_id] = value
        self._values = values

    def to_bytes(self) -> bytes | None:
        """The map as bytes for :meth:`from_bytes`, or None when a key has a NUL (see :func:`_pack`)."""
        return None if self._nul else _pack(self._trie, self._values)

    @classmethod
    def from_bytes(cls, data: bytes) -> PackedMap:
        """The map :meth:`to_bytes` wrote; ``ValueError`` when the bytes are not one (the caller builds anew)."""
        packed = cls.__new__(cls)
        packed._nul = {}
        packed._trie, packed._values = _unpack(data, "BHI")
        return packed

    def _id(self, key: str) -> int | None:
        try:
            return self._trie.get(key)  # type: ignore[no-any-return]
        except UnicodeEncodeError:  # a lone surrogate: no key has one
            return None

    @overload
    def get(self, key: str, /) -> int | None: ...
    @overload
    def get(self, key: str, default: int | _T, /) -> int | _T: ...
    def get(self, key: str, default: object = None, /) -> object:
        if "\0" in key:
            return self._nul.get(key, default)
        key_id = self._id(key)
        return default if key_id is None else self._values[key_id]

    def __getitem__(self, key: str) -> int:
        if "\0" in key:
            return self._nul[key]
        key_id = self._id(key)
        if key_id is None:
            raise KeyError(key)
        return self._values[key_id]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        yield from self._trie.iterkeys()
        yield from self._nul

    def __len__(self) -> int:
        return len(self._trie) + len(self._nul)

    def items(self) -> Iterator[tuple[str, int]]:  # type: ignore[override]  # an iterator, not a view
        values = self._values
        for key, key_id in self._trie.iteritems():
            yield key, values[key_id]
        yield from self._nul.items()


def _pack(trie: marisa_trie.Trie, values: array[int]) -> bytes:
    """A trie and the array its key ids index, as bytes: the array's type code, the trie's length (8 bytes), the
    trie's own serialisation, the array's machine words. Not portable across byte orders (a local cache's format,
    :mod:`.table_cache`); a table with NUL keys (kept in a dict beside the trie) is not written this way."""
    raw: bytes = trie.tobytes()
    return values.typecode.encode("ascii") + struct.pack("<Q", len(raw)) + raw + values.tobytes()


def _unpack(data: bytes, typecodes: str) -> tuple[marisa_trie.Trie, array[int]]:
    try:
        typecode = data[:1].decode("ascii")
        if not typecode or typecode not in typecodes:
            raise ValueError(f"type code {typecode!r}")
        (size,) = struct.unpack_from("<Q", data, 1)
        values = array(typecode)
        values.frombytes(data[9 + size :])
        trie = marisa_trie.Trie().frombytes(data[9 : 9 + size])
    except (UnicodeDecodeError, struct.error, RuntimeError, ValueError) as exc:
        raise ValueError(f"not a packed table: {exc}") from exc
    if len(values) != len(trie):
        raise ValueError("not a packed table: the values do not match the keys")
    return trie, values


def tagged_sets(text: str, tags: Sequence[str]) -> dict[str, frozenset[str]]:
    """The sets of a ``<tag>\\t<word>`` file (one word a line, ``#`` comments), as splitting it line by line and
    adding each word to its tag's set would give. Found with one regular expression a tag, only the words
    themselves become string objects: no line or tag string is made and dropped among them, which would leave the
    long-lived words scattered over memory the dropped strings took (a few MB for 100,000 names, issue 17)."""
    return {tag: frozenset(re.findall(rf"^{re.escape(tag)}\t(.*)$", text, re.MULTILINE)) for tag in tags}
