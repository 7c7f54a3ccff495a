"""Dates of birth after their label, in any language and any way of writing the month.

A date after "date of birth", "DOB", "Geburtsdatum", "né le", "fecha de nacimiento", "data di nascita",
"data urodzenia", "дата рождения", "doğum tarihi", "ngày sinh", "تاريخ الميلاد", "תאריך לידה", "生年月日",
"출생" … is one person's birth date whatever its shape: ``3 mai 1985``, ``30 de enero de 1990``,
``2. Dezember 1958``, ``12 марта 1980``, ``12 במרץ 1975``, ``12-Mar-1980``, ``昭和55年4月1日``,
``12 tháng 12 năm 1985``. The general date finder knows English month names only; here the label says
what the value is, so a day, any word for the month and a year are enough. The label is searched only
where one of its stems occurs (one precompiled scan).
"""

from __future__ import annotations

import re
from functools import cache

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

from .entities import Entity, EntityType
from .normalize import lower_view

__all__ = ["find_birth_dates"]

# Stems of the labels below (lower case): one Aho-Corasick pass decides whether the label rule runs at all.
_STEMS = (
    "birth", "dob", "d.o.b", "born", "geb", "naiss", "né le", "nee le", "née le", "nacimiento", "nacid", "nasc",
    "nato il", "nata il", "urodz", "geboorte", "geboren", "födelse", "fødsel", "syntym", "рожд", "родил", "doğum",
    "sinh", "الميلاد", "לידה", "γέννησ", "生年", "出生", "생년", "출생",
)  # fmt: skip
_LABEL = re.compile(
    r"(?:(?<![^\W\d_])(?i:date\s+of\s+birth|d\.?o\.?b\.?|birth\s*date|birthday|born(?:\s+on)?|geburtsdatum|"
    r"geburtstag|geb\.|geboren(?:\s+am)?|date\s+de\s+naissance|n[ée]e?\s+le|fecha\s+de\s+nacimiento|"
    r"nacid[oa]\s+el|data\s+di\s+nascita|nat[oa]\s+il|data\s+de\s+nascimento|nascid[oa]\s+em|data\s+urodzenia|"
    r"urodzon[ya](?:\s+dnia)?|geboortedatum|geboren\s+op|födelsedatum|fødselsdato|syntymäaika|"
    r"дата\s+рождения|родил(?:ся|ась)|doğum\s+tarihi|ngày\s+sinh|تاريخ\s+الميلاد|תאריך\s+לידה|"
    r"ημερομηνία\s+γέννησης)(?![^\W\d_])|生年月日|出生日期|出生年月日?|생년월일|출생일)"
    r"\s*(?:\([^)\n]{0,20}\)\s*)?(?:[:：]|(?i:am|le|el|il|em|on|op|dnia|is|ist|est))?\s*"
)
_MONTH = r"[^\W\d_]{3,12}\.?"
_VALUE = re.compile(
    r"(?:\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"  # 12 tháng 12 năm 1985
    r"|\d{1,2}\.?\s?(?:(?i:de|of)\s)?" + _MONTH + r"\s?(?:(?i:de|del)\s)?\d{2,4}"  # 3 mai 1985, 2. Dezember 1958
    r"|" + _MONTH + r"\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4}"  # March 3, 1985
    r"|\d{1,2}[-/\s]" + _MONTH + r"[-/\s]\d{2,4}"  # 12-Mar-1980
    r"|(?:[明大昭平令][治正和成]|\d{2})?\d{1,2}\s?[年년]\s?\d{1,2}\s?[月월]\s?\d{1,2}\s?[日일]?"  # 昭和55年4月1日
    r"|\d{1,4}[-./]\d{1,2}[-./]\d{1,4})"  # 1985-03-12, 12.03.1985
    r"(?![\d/.-]?\d)"
)


@cache
def _stems() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for stem in _STEMS:
        automaton.add_word(stem, stem)
    automaton.make_automaton()
    return automaton


def find_birth_dates(text: str) -> list[Entity]:
    """DATE entities for the values of date-of-birth labels (see the module docstring)."""
    found: list[Entity] = []
    seen: set[int] = set()
    for last, stem in _stems().iter(lower_view(text)):
        # the label holds the stem ("date of birth", "Geburtsdatum"): look for it around the stem only
        label = _LABEL.search(text, max(0, last - len(stem) - 24), min(len(text), last + 32))
        if label is None or label.end() in seen:
            continue
        seen.add(label.end())
        m = _VALUE.match(text, label.end())
        if m is not None:
            found.append(Entity(EntityType.DATE, m.start(), m.end(), m.group(), 0.9, "birth-date-label"))
    return found
