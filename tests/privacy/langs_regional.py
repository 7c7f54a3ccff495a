"""Shared checks of tests/privacy/test_langs_*.py (Thai, Bengali, Persian, Indonesian, Swahili, Filipino).

Each language's test file gives requests written as a native writer would write them (clinical and therapy
notes, elder care, IVF, returns, bookings, court summons, lottery payouts, KYC, payslips, admissions) with
the values a user would expect to be replaced, and harmless prompts (recipes, travel, sport, news, public
figures) that must go out unchanged. The texts were written for these tests, not copied from anywhere.
"""

from __future__ import annotations

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.normalize import normalize
from islandrun.core.privacy.regional import find_regional


def uncovered(text: str, values: list[str]) -> list[str]:
    """The planted values of ``text`` that the detector leaves (less than 80% of their characters replaced)."""
    covered = [False] * len(text)
    for e in default_detector().detect(text):
        covered[e.start : e.end] = [True] * (e.end - e.start)
    missed = []
    for value in values:
        start = text.index(value)
        if sum(covered[start : start + len(value)]) < 0.8 * len(value):
            missed.append(value)
    return missed


def regional_findings(text: str) -> list[tuple[str, str]]:
    """What the regional finders alone report on ``text`` (type, text of the detection view)."""
    return [(e.type.name, e.text) for e in find_regional(normalize(text).text)]


def changed(text: str) -> list[tuple[str, str, str]]:
    """Every finding of the whole detector on ``text`` (type, text, source)."""
    return [(e.type.name, e.text, e.source) for e in default_detector().detect(text)]
