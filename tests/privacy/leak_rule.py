"""What counts as a planted value leaking: one rule for every leak set, in-process (tests/privacy) and on the wire
(tests/daemon/test_leaks.py and the sets that reuse its judge).

A value leaks when it is in what would leave (case-insensitively, placeholders blanked out first), or when its
number part is: from its first digit to its last, when that holds five or more digits and is not the whole value
("AW 4417902" -> "4417902", "RM 08-44-17" -> "08-44-17"). A finding that takes only the letters of a code (an
acronym, a label) leaves the number, which identifies the record as well as the whole value does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS_CORE = re.compile(r"\d(?:.*\d)?", re.DOTALL)


def number_core(value: str) -> str | None:
    """The digits-to-digits part of ``value`` that counts on its own, or None (see the module's docstring)."""
    core = _DIGITS_CORE.search(value)
    if core is None or core.group() == value or sum(c.isdigit() for c in core.group()) < 5:
        return None
    return core.group()


def is_on_wire(value: str, texts: Iterable[str]) -> bool:
    """Whether ``value`` leaks into ``texts`` (already case-folded, placeholders blanked out)."""
    core = number_core(value)
    probes = [value.casefold()] + ([core] if core else [])
    return any(probe in text for text in texts for probe in probes)
