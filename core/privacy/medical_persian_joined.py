"""Persian health terms written with a zero-width non-joiner: "شیمی‌درمانی", "آی‌وی‌اف", "ام‌اس", "ذات‌الریه".

Persian joins the parts of a compound with a zero-width non-joiner (U+200C), or with a space, or with
nothing; the word matching of :mod:`.medical_multilingual` finds only the spaced form. The Persian terms of
``data/medical_multilingual.txt`` that have a joiner or a space are matched here in all three spellings.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from .entities import Entity, EntityType

__all__ = ["find_persian_joined_medical"]

_FA = "\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc"


@cache
def _pattern() -> re.Pattern[str] | None:
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/medical_multilingual.txt")
    terms: set[str] = set()
    for line in raw.read_text("utf-8").splitlines():
        if line.startswith("fa:"):
            for term in line[3:].split("|"):
                term = term.strip().rstrip("~")
                if "\u200c" in term or " " in term:
                    terms.add(term)
    if not terms:
        return None
    pieces = sorted((re.escape(t).replace("\u200c", "[\u200c ]?").replace(r"\ ", "[\u200c ]?") for t in terms), key=len)
    return re.compile(f"(?<![{_FA}])(?:" + "|".join(reversed(pieces)) + f")(?![{_FA}])")


def find_persian_joined_medical(text: str) -> list[Entity]:
    """The joined Persian health terms of ``text`` (the caller checks that it is Persian)."""
    pattern = _pattern()
    if pattern is None:
        return []
    return [
        Entity(EntityType.MEDICAL, m.start(), m.end(), m.group(), 0.8, "medical-persian-joined")
        for m in pattern.finditer(text)
    ]
