"""Which cue words a text holds, found in one pass for every finder that asks.

Many finders skip a family of rules unless the text holds one of a few words ("pass", "code", "exp", "mg"…):
``any(w in low for w in WORDS)``. Asked by a dozen finders of the same text, that is a dozen scans and a
Python loop over two hundred words, which costs more than the rules themselves on the short texts of a
request's JSON values. A :class:`Cues` answers the same question exactly — whether one of its words is a
substring of the text — from one Aho-Corasick pass over the text for the words of every :class:`Cues`
(made on the first question, kept for the next finders that ask of the same text object).

- :meth:`Cues.in_lower` for a lower-case view a finder already has (:func:`.normalize.lower_view` of the
  detection view: the same object for every finder of one text);
- :meth:`Cues.in_text` for ``text.lower()``, which it computes once per text.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

__all__ = ["Cues"]

_words: dict[str, int] = {}  # every registered word -> its id
_lock = threading.Lock()
_finder: tuple[int, object] = (-1, None)  # (how many words it holds, the automaton)
# The last texts asked about and the ids of the words they hold (one pair each; a tuple swapped whole).
# With the number of words registered then: a module imported later adds words, and its answers are made again.
_last_lower: tuple[str, int, frozenset[int]] = ("", 0, frozenset())
_last_text: tuple[str, int, frozenset[int]] = ("", 0, frozenset())


def _automaton() -> object:
    global _finder
    size, finder = _finder
    if size == len(_words):
        return finder
    with _lock:
        finder = ahocorasick.Automaton()
        for word, ident in _words.items():
            finder.add_word(word, ident)
        finder.make_automaton()
        _finder = (len(_words), finder)
    return finder


def _present(low: str) -> frozenset[int]:
    """The ids of the registered words that occur in ``low``."""
    return frozenset(ident for _, ident in _automaton().iter(low))  # type: ignore[attr-defined]


class Cues:
    """A set of cue words; :meth:`in_lower` is ``any(w in low for w in words)``, answered from a shared pass."""

    __slots__ = ("_ids", "words")

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(words)
        if not all(self.words):
            raise ValueError("a cue word cannot be empty")  # "" is in every text: no automaton finds it
        with _lock:
            self._ids = frozenset(_words.setdefault(w, len(_words)) for w in self.words)

    def in_lower(self, low: str) -> bool:
        """Whether one of the words is a substring of ``low`` (kept for the next question about the same object)."""
        global _last_lower
        last = _last_lower
        if last[0] is not low or last[1] != len(_words):
            last = (low, len(_words), _present(low))
            _last_lower = last
        return not self._ids.isdisjoint(last[2])

    def in_text(self, text: str) -> bool:
        """Whether one of the words is a substring of ``text.lower()``."""
        global _last_text
        last = _last_text
        if last[0] is not text or last[1] != len(_words):
            last = (text, len(_words), _present(text.lower()))
            _last_text = last
        return not self._ids.isdisjoint(last[2])
