"""A label-led regex tried only where one of its labels starts: the same matches as ``finditer``, found faster.

Python's ``re`` has no fast scan for a pattern that opens with a case-blind alternation of many words (an ID
label list: ``(?i:ИНН|паспорт|national\\s+insurance|NIF|…)``): it tries every alternative at every character.
:class:`LabelStarts` reads from the parsed pattern the literal head of each alternative (``national`` of
``national\\s+insurance``),
finds the heads in one Aho-Corasick pass over the lower-cased text, and runs ``pattern.match`` at those
positions only, keeping ``finditer``'s order and its rule that matches do not overlap.

Exact by construction: every match of the pattern starts with the head of one alternative, and a case-blind
regex takes a character for a letter of a head only where its lower case is that letter, except for the
characters of ``re``'s extra case equivalences (``ſ`` for ``s``, ``ı`` for ``i``, Cyrillic Extended-C, Greek
symbol forms) and ``İ`` (whose lower case is two characters): a text holding one of those, or a label list
whose head cannot be read, is scanned with ``finditer`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _parser  # type: ignore[attr-defined]  # the parsed pattern gives the label heads
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

from .normalize import lower_view

__all__ = ["LabelStarts", "label_scanner", "pattern_heads"]

# The non-ASCII characters of re's extra case equivalences (re._casefix._EXTRA_CASES of Python 3.11), and "İ".
_CASE_EXTRAS = re.compile(
    "[\u00b5\u0130\u0131\u017f\u0345\u0390\u03b0\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc\u03c0\u03c1\u03c2\u03c3"
    "\u03c6\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u0432\u0434\u043e\u0441\u0442\u044a\u0463\u1c80-\u1c88"
    "\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64b\ufb05\ufb06]"
)
# Extra-equivalence letters a head may hold, because every other character taken for them holds one of the
# characters above (and makes the scan the slow way): the basic Cyrillic letters of Extended-C, and "ṡ".
_SAFE_IN_HEADS = frozenset("вдостъѣꙋṡ")
_ZERO_WIDTH = (_parser.ASSERT, _parser.ASSERT_NOT, _parser.AT)
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)


def pattern_heads(pattern: re.Pattern[str]) -> list[str] | None:
    """Strings one of which starts every match of ``pattern`` (None when some match may start otherwise)."""
    return _heads(list(_parser.parse(pattern.pattern, pattern.flags)))


def _heads(items: list[tuple[Any, Any]]) -> list[str] | None:
    prefix = ""
    inner: list[str] | None = None
    for op, av in items:
        if op in _ZERO_WIDTH:
            if prefix:
                break  # a look-around after the head's first characters: the head ends here
            continue
        if op is _parser.LITERAL:
            prefix += chr(av)
            continue
        if op is _parser.SUBPATTERN:
            inner = _heads(list(av[-1]))
        elif op is _parser.BRANCH:
            alternatives = [_heads(list(a)) for a in av[1]]
            inner = None if any(a is None for a in alternatives) else [h for a in alternatives if a for h in a]
        elif op in _REPEATS and av[0] >= 1:
            inner = _heads(list(av[2]))
        break
    if inner is None:
        return [prefix] if prefix else None
    return [prefix + h for h in inner]


def _usable(head: str) -> str:
    """``head`` in lower case, cut before the first letter that a case-blind regex may take a character for
    without that character or its lower case being one of _CASE_EXTRAS ("kullanıcı": "ı" is also "i"), or
    whose lower case is longer ("İ")."""
    for i, c in enumerate(head):
        low = c.lower()
        if len(low) != 1 or (low not in _SAFE_IN_HEADS and (_CASE_EXTRAS.match(c) or _CASE_EXTRAS.match(low))):
            return head[:i].lower()
    return head.lower()


class LabelStarts:
    """``finditer`` of ``pattern``, run only where one of the literal heads its matches start with stands
    (read from the parsed pattern; without heads for every branch, plain ``finditer``)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        heads = pattern_heads(pattern)
        usable = [_usable(h) for h in heads] if heads else []
        self.heads = frozenset(usable)
        self._finder: ahocorasick.Automaton | None = None
        if usable and all(usable):
            finder = ahocorasick.Automaton()
            for head in self.heads:
                finder.add_word(head, len(head))
            finder.make_automaton()
            self._finder = finder

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._finder is None or (not text.isascii() and _CASE_EXTRAS.search(text)):
            yield from self.pattern.finditer(text)
            return
        starts = sorted({end - size + 1 for end, size in self._finder.iter(lower_view(text))})
        match = self.pattern.match
        after = 0
        for start in starts:
            if start < after:
                continue  # inside the last match: finditer goes on after it
            m = match(text, start)
            if m is not None:
                yield m
                after = m.end()


def label_scanner(pattern: re.Pattern[str]) -> LabelStarts | re.Pattern[str]:
    """:class:`LabelStarts` for ``pattern`` where every head was read and is two characters or longer (a
    one-letter head would send the regex to most characters anyway), else ``pattern`` itself."""
    starts = LabelStarts(pattern)
    return starts if starts._finder is not None and min(map(len, starts.heads)) >= 2 else pattern
