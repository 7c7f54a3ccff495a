"""A detection view of a text: NFKC, no zero-width characters, Latin homoglyphs folded, ASCII digits.

People (and evasive prompts) write ``ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ`` in full width, hide a soft hyphen or a
zero-width space inside a phone number, or type a Cyrillic ``о`` inside a Latin e-mail address. The
finders are written for the plain form, so they run on a normalised copy of the text, and every span
they report is mapped back to the exact characters of the original: ``original[start:end]`` covers the
whole original characters behind the normalised span, so a placeholder replaces what the user typed.

What changes, per grapheme-ish cluster (a base character and its combining marks):

- NFKC (full-width and half-width forms, ligatures, no-break spaces, compatibility ideographs), except
  superscripts, subscripts and vulgar fractions, which would turn ``10²`` into a longer number;
- zero-width and invisible formatting characters are dropped (U+200B, U+2060, U+FEFF, U+00AD soft
  hyphen, bidi marks); ZWJ/ZWNJ only next to an ASCII character (inside emoji and Persian or Indic
  words they are part of the spelling);
- decimal digits of every script become ASCII digits (``٠٥٠`` → ``050``);
- in a word that mixes ASCII letters with Cyrillic or Greek letters that look Latin (a subset of the
  Unicode TR39 confusables for the basic Latin alphabet), those letters become their Latin twins.
  Words written wholly in Cyrillic or Greek are left alone.

Most texts need none of it: ASCII text, or text that is NFKC already with none of the characters
above, is returned as is without building a map (:attr:`Normalized.identity`).

Two helpers for the finders that run on the view: :func:`lower_view` (a same-length lower-case copy, so
case-blind rules run as fast case-sensitive regexes) and :func:`latin_bounded` (``re.compile`` with word
boundaries that only Latin letters and digits continue).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["HOMOGLYPHS", "LATIN_WORD", "Normalized", "latin_bounded", "lower_view", "normalize"]

# Cyrillic and Greek letters that render like a basic Latin letter (TR39 confusables, single letters only).
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic lower case
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "һ": "h",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "ӏ": "l",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "ԛ": "q",
    "г": "r",
    "ѕ": "s",
    "т": "t",
    "у": "y",
    "ԝ": "w",
    "х": "x",
    "с": "c",
    "ԁ": "d",
    "ɡ": "g",
    # Cyrillic upper case
    "А": "A",
    "В": "B",
    "Е": "E",
    "Ё": "E",
    "Һ": "H",
    "І": "I",
    "Ј": "J",
    "К": "K",
    "Ӏ": "I",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "Ԛ": "Q",
    "Ѕ": "S",
    "Т": "T",
    "У": "Y",
    "Ԝ": "W",
    "Х": "X",
    "С": "C",
    "Ү": "Y",
    # Greek
    "α": "a",
    "ο": "o",
    "ρ": "p",
    "ν": "v",
    "ι": "i",
    "κ": "k",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
}

_ALWAYS_DROP = frozenset(
    "\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2061\u2062\u2063\u2064"
    # Hebrew points and accents (niqqud, cantillation, not maqaf U+05BE or the letters): "שׁוֹשַׁנָּה" is read "שושנה"
    "\u0591\u0592\u0593\u0594\u0595\u0596\u0597\u0598\u0599\u059a\u059b\u059c\u059d\u059e\u059f\u05a0"
    "\u05a1\u05a2\u05a3\u05a4\u05a5\u05a6\u05a7\u05a8\u05a9\u05aa\u05ab\u05ac\u05ad\u05ae\u05af\u05b0"
    "\u05b1\u05b2\u05b3\u05b4\u05b5\u05b6\u05b7\u05b8\u05b9\u05ba\u05bb\u05bc\u05bd\u05bf\u05c1\u05c2"
    "\u05c4\u05c5\u05c7"
)
_JOINERS = frozenset("\u200c\u200d")
_KEEP_COMPAT = frozenset(("<super>", "<sub>", "<fraction>"))
_GLYPH_CLASS = "".join(sorted(HOMOGLYPHS))
# Anything that may need work beyond NFKC: invisible characters, non-ASCII digits, Latin look-alikes.
_SPECIAL = re.compile("[" + "".join(sorted(_ALWAYS_DROP | _JOINERS)) + "]|(?![0-9])\\d")
_GLYPH = re.compile("[" + _GLYPH_CLASS + "]")
_WORD = re.compile(r"[\w.@+%'-]+")


@dataclass(frozen=True, slots=True)
class Normalized:
    """The detection view of ``original``; ``starts[i]``/``ends[i]``: the original span behind ``text[i]``."""

    original: str
    text: str
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    @property
    def identity(self) -> bool:
        """True when ``text`` is ``original`` (and spans need no mapping)."""
        return self.text is self.original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` behind ``text[start:end]`` (``start < end``)."""
        if self.identity:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _fold_words(text: str) -> set[int]:
    """Positions of homoglyphs inside words that also hold an ASCII letter (and no other non-Latin letter)."""
    positions: set[int] = set()
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii() or not any(c in HOMOGLYPHS for c in word):
            continue
        has_latin = False
        foreign = False
        for c in word:
            if c.isascii():
                has_latin = has_latin or c.isalpha()
            elif c in HOMOGLYPHS:
                continue
            elif c.isalpha() and not _latin_letter(c):
                foreign = True
                break
        if has_latin and not foreign:
            positions.update(m.start() + k for k, c in enumerate(word) if c in HOMOGLYPHS)
    return positions


def _latin_letter(c: str) -> bool:
    return "LATIN" in unicodedata.name(c, "")


def _nfkc(cluster: str) -> str:
    if len(cluster) == 1:
        return _char_view(cluster)
    if unicodedata.decomposition(cluster[0]).split(" ", 1)[0] in _KEEP_COMPAT:
        return _ascii_digits(unicodedata.normalize("NFC", cluster))
    return _unpointed(_ascii_digits(unicodedata.normalize("NFKC", cluster)))


def _unpointed(piece: str) -> str:
    """``piece`` without the Hebrew points among its combining marks (the base letter and other marks stay)."""
    return "".join(ch for ch in piece if ch not in _ALWAYS_DROP) if "\u0590" < piece[-1] < "\u05c8" else piece


@lru_cache(maxsize=8192)
def _char_view(c: str) -> str:
    """What one character (with no combining mark after it) becomes in the detection view."""
    if c.isascii():
        return c
    if unicodedata.decomposition(c).split(" ", 1)[0] in _KEEP_COMPAT:
        return c
    return _unpointed(_ascii_digits(unicodedata.normalize("NFKC", c)))


def _ascii_digits(piece: str) -> str:
    if piece.isascii():
        return piece
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in piece)


@lru_cache(maxsize=8192)
def _is_mark(c: str) -> bool:
    return unicodedata.combining(c) != 0


# Runs of characters that may need work; everything between them is copied as is.
_WORK = re.compile(r"[^\x00-\x7f]+")


def normalize(text: str) -> Normalized:
    """The detection view of ``text`` (``identity`` and free when there is nothing to do)."""
    if text.isascii():
        return Normalized(text, text)
    fold = _fold_words(text) if _GLYPH.search(text) else set()
    if not fold and _SPECIAL.search(text) is None and unicodedata.is_normalized("NFKC", text):
        return Normalized(text, text)
    fold_at = sorted(fold)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    done = 0
    for run in _WORK.finditer(text):
        # the ASCII stretch before this run maps one to one (a combining mark after it is handled below)
        if run.start() > done:
            out.append(text[done : run.start()])
            starts.extend(range(done, run.start()))
            ends.extend(range(done + 1, run.start() + 1))
        i = run.start()
        stop = run.end()
        fold_here = fold and bisect.bisect_left(fold_at, i) < bisect.bisect_left(fold_at, stop)
        if not fold_here and _SPECIAL.search(text, i, stop) is None and unicodedata.is_normalized("NFKC", text[i:stop]):
            out.append(text[i:stop])
            starts.extend(range(i, stop))
            ends.extend(range(i + 1, stop + 1))
            done = stop
            continue
        while i < stop:
            c = text[i]
            if c in _ALWAYS_DROP or (c in _JOINERS and _next_to_ascii(text, i)):
                i += 1
                continue
            j = i + 1
            while j < n and _is_mark(text[j]):
                j += 1
            piece = HOMOGLYPHS[c] if i in fold else _nfkc(text[i:j])
            if i in fold:
                j = i + 1
            out.append(piece)
            starts.extend([i] * len(piece))
            ends.extend([j] * len(piece))
            i = j
        done = max(stop, i)
    if done < n:
        out.append(text[done:])
        starts.extend(range(done, n))
        ends.extend(range(done + 1, n + 1))
    normalized = "".join(out)
    if normalized == text:
        return Normalized(text, text)
    return Normalized(text, normalized, tuple(starts), tuple(ends))


def _next_to_ascii(text: str, i: int) -> bool:
    return (i > 0 and text[i - 1].isascii()) or (i + 1 < len(text) and text[i + 1].isascii())


# The last text lower_view was asked about, and its answer: a dozen finders ask about the same detection view.
_last_lower: tuple[str, str] = ("", "")


def lower_view(text: str) -> str:
    """``text`` in lower case with the same length (a character whose lower case is longer stays as is), so
    that case-blind rules run as fast case-sensitive regexes and their spans still index ``text``.

    The last answer is kept (one pair; a tuple swapped whole, so threads never see half of one): the finders
    ask it of the same text one after the other."""
    global _last_lower
    last = _last_lower
    # The last answer's own lower view is itself (lower() of one character is idempotent, see
    # tests/privacy/test_speed_shortcuts_cues.py): a label scan of a finder's lower view keeps the pair.
    if last[0] is text or last[1] is text:
        return last[1]
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    _last_lower = (text, low)
    return low


# Letters that make a Latin-script word go on. A number written straight against CJK, Thai, Cyrillic …
# ("電話09012345678です") is still a token of its own: the finders' boundary checks use this class, not \w.
LATIN_WORD = r"A-Za-z0-9_\u00c0-\u024f\u1e00-\u1eff"


# Leading negative look-behinds, then one atom (a digit, a character class or a plain character) with an optional
# greedy count of at least one.
_LEADING_LOOKBEHINDS = re.compile(
    r"((?:\(\?<!(?:\[[^\]]*\]|\\d|\\w|[^()\[\\])+\))+)"
    r"(\\d|\[(?![\]^])(?:\\.|[^\]\\\[])+\]|[0-9A-Za-z@#%&~<>=!,;:\"'/-])"
    r"(?:\{([1-9]\d*)(?:,(\d*))?\}|(\+))?(?![?*+{])"
)
_LOOKBEHIND = re.compile(r"\(\?<!((?:\[[^\]]*\]|\\d|\\w|[^()\[\\])+)\)")
_CLASSES = re.compile(r"\[[^\]]*\]")
_LETTER_RANGE = re.compile(r"[A-Za-z]-[A-Za-z]")


def latin_bounded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` with ``\\w`` in look-arounds narrowed to :data:`LATIN_WORD`, and leading look-behinds
    moved after the first character they guard (``(?<!X)\\d{3}`` → ``\\d(?<!X\\d)\\d{2}``, ``(?<!X)[12]`` →
    ``[12](?<!X[12])``: the same matches, but the engine can skip straight to the characters that can start a
    match instead of testing the look-behind at every position)."""
    pattern = pattern.replace("(?<![\\w", "(?<![" + LATIN_WORD).replace("(?![\\w", "(?![" + LATIN_WORD)
    pattern = pattern.replace("(?!\\w|", "(?![" + LATIN_WORD + "]|")
    lead = _LEADING_LOOKBEHINDS.match(pattern)
    guards = _LOOKBEHIND.findall(lead.group(1)) if lead is not None else []
    atom = lead.group(2) if lead is not None else ""
    # Not for a class of letter ranges ([A-Za-z]): most characters start a match anyway, and a longer look-behind
    # at each of them costs more; nor for a look-behind of alternatives ("(?<!ab|c)"), which no atom can follow.
    if lead is not None and not _LETTER_RANGE.search(atom) and not any("|" in _CLASSES.sub("", x) for x in guards):
        behinds = "".join(f"(?<!{x}{atom})" for x in guards)
        low, high, plus = lead.group(3), lead.group(4), lead.group(5)
        rest = ""
        if plus:
            rest = atom + "*"
        elif low is not None:
            upper = "" if high == "" else str(int(high) - 1) if high is not None else None
            rest = atom + (f"{{{int(low) - 1}}}" if upper is None else f"{{{int(low) - 1},{upper}}}")
        pattern = atom + behinds + rest + pattern[lead.end() :]
    return re.compile(pattern, flags)
