"""What counts as a planted value leaking: one rule for every leak set, in-process (tests/privacy) and on the wire
(tests/daemon/test_leaks.py and the sets that reuse its judge).

A value leaks when it is in what would leave (case-insensitively, placeholders blanked out first), or when what
identifies it is:
- its number part: from its first digit to its last, when that holds five or more digits and is not the whole value
  ("AW 4417902" -> "4417902", "RM 08-44-17" -> "08-44-17"). A finding that takes only the letters of a code (an
  acronym, a label) leaves the number, which identifies the record as well as the whole value does;
- all but one character of a value of three or more Han, kana or Hangul characters ("王建国" -> "王建" or "建国"):
  in scripts written without spaces a finding next to a name can take its last character and leave the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS_CORE = re.compile(r"\d(?:.*\d)?", re.DOTALL)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{3,}")


def number_core(value: str) -> str | None:
    """The digits-to-digits part of ``value`` that counts on its own, or None (see the module's docstring)."""
    core = _DIGITS_CORE.search(value)
    if core is None or core.group() == value or sum(c.isdigit() for c in core.group()) < 5:
        return None
    return core.group()


def most_of(value: str) -> list[str]:
    """The two runs of all but one character of an unspaced CJK value of three or more characters, else none."""
    if _UNSPACED.fullmatch(value) is None:
        return []
    return [value[:-1], value[1:]]


def is_on_wire(value: str, texts: Iterable[str]) -> bool:
    """Whether ``value`` leaks into ``texts`` (already case-folded, placeholders blanked out)."""
    core = number_core(value)
    probes = [value.casefold(), *([core] if core else []), *most_of(value)]
    return any(probe in text for text in texts for probe in probes)
