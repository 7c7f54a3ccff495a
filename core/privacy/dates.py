"""Dates: full dates in many shapes, CJK dates, and the weekdays and bare years that need context.

``12 March 1984``, ``2024-01-02``, ``03/12/1984``, ``1984年3月12日`` are dates. A weekday ("Monday") or a
bare year ("2008") alone is not personal data: it is reported with a source in :data:`DEPENDENT_SOURCES`,
and the detector keeps it only when its sentence ties it to someone (an event word such as "born" or
"flew", or a finding about a person). A year in a bibliographic reference ("(Gross et al., 1998)") is
not reported at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .entities import Entity, EntityType
from .label_starts import label_scanner
from .language import guess_language
from .normalize import latin_bounded as _compile
from .normalize import lower_view

__all__ = ["DEPENDENT_SOURCES", "find_dates"]

DEPENDENT_SOURCES = frozenset({"weekday", "year", "month-year"})
# Before a weekday: any such day, not one ("a Friday", "every Monday", "jeden Dienstag", "cada lunes"; issue 16, HC)
_ANY_DAY_BEFORE = re.compile(r"(?<!\w)(?:a|an|every|each|any|jeden|jedem|chaque|cada|ogni|każd[ya])\s+\Z")
# A month of a year without its day ("March 2025", "im Mai 2024"): a time, no one's date without context (issue 16, HC)
_MONTH_YEAR = re.compile(r"[^\W\d_]+\.?,? (?:of )?\d{4}")

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = _compile(
    r"(?<![\w/.:-])(?:"
    r"\d{4}-\d{1,2}-\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    r"|(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")\.?(?:,?\s+\d{4})?"
    r"|(?:" + _MONTHS + r")\.?\s+\d{4}"
    r")(?![\w/-])",
)
_WEEKDAY = _compile(r"(?<![\w])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![\w])")
_CJK_DATE = re.compile(r"(?:\d{4}\s?[年년]\s?)?\d{1,2}\s?[月월]\s?\d{1,2}\s?[日일]|\d{4}\s?[年년]\s?\d{1,2}\s?[月월]")
_YEAR = _compile(r"[12](?<![\w.,/:$€£#-][12])(?:(?<=1)9|(?<=2)0)\d{2}(?![\w/:%-]|[.,]\d)")


_YEAR_AT_END = re.compile(r"\d{4}\Z")
_CITED_BY = re.compile(r"(?:et\s+al\.?,?|[A-Z][\w'’-]+,)\s*$")
_CITATION_END = re.compile(r"[a-z]?\s*[);\]]")


def _date(text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(EntityType.DATE, start, end, text[start:end], score, source)


def _is_citation(text: str, start: int, end: int) -> bool:
    """A year in a reference: "(Gross et al., 1998)", "Smith, 2004;", "(1996) Nat. Genet."."""
    before = text[max(0, start - 16) : start]
    if not _CITATION_END.match(text, end):
        return False
    return before.endswith(("(", "[")) or _CITED_BY.search(before) is not None


def _tagalog_may(text: str, end: int) -> bool:
    """ "May 1 akong tanong": Filipino "may" (there is, has) before a number, not the month. Only a match without
    a year, in a text the language guess reads as Filipino: English "May 1" stays a date."""
    if _YEAR_AT_END.search(text, 0, end):
        return False
    return guess_language(text) == "fil"


_WEEKDAY_AT = label_scanner(_WEEKDAY)  # tried only where a weekday's name starts (label_starts)


def find_dates(text: str) -> Iterator[Entity]:
    """Every date-like span; weekdays and bare years with a source in :data:`DEPENDENT_SOURCES`."""
    low = lower_view(text)  # the rules below are lower case: much faster than re.IGNORECASE
    for m in _DATE.finditer(low):
        if low.startswith("may", m.start()) and _tagalog_may(text, m.end()):
            continue
        month_year = _MONTH_YEAR.fullmatch(low, m.start(), m.end()) is not None
        yield _date(text, m.start(), m.end(), 0.6 if month_year else 0.85, "month-year" if month_year else "date")
    if "月" in text or "월" in text:
        for m in _CJK_DATE.finditer(text):
            yield _date(text, m.start(), m.end(), 0.85, "date-cjk")
    # a weekday or a bare year is a date only with supporting context: the detector keeps these
    # (sources in DEPENDENT_SOURCES) only next to another finding or an event word (context.py)
    for m in _WEEKDAY_AT.finditer(low):
        if _ANY_DAY_BEFORE.search(low, max(0, m.start() - 8), m.start()):
            continue  # "on a Friday evening", "every Monday", "chaque lundi": any such day, no date
        yield _date(text, m.start(), m.end(), 0.6, "weekday")
    for m in _YEAR.finditer(text):
        if not _is_citation(text, m.start(), m.end()):
            yield _date(text, m.start(), m.end(), 0.6, "year")
