"""Health information: conditions, medications and clinical terms (one Aho-Corasick pass over a
shipped lexicon, whole words only) and ICD-10 codes (dotted form, or any form after a clinical
context word)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

from .entities import Entity, EntityType
from .lexicons import medical_terms

__all__ = ["find_medical"]

_ICD10 = re.compile(r"(?<![\w.])[A-TV-Z]\d{2}(?:\.(?P<sub>[0-9A-Z]{1,4}))?(?![\w])")
_ICD_CONTEXT = re.compile(r"(?i:icd(?:-?10)?|diagnos\w*|\bdx\b|code|condition)[^\n]{0,24}$")


@cache
def _automaton() -> Any:
    automaton = ahocorasick.Automaton()
    for term in medical_terms():
        automaton.add_word(term, len(term))
    automaton.make_automaton()
    return automaton


def _is_word_boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not (text[index].isalnum() or text[index] == "_")


def find_medical(text: str) -> list[Entity]:
    found: list[Entity] = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased; keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    hits: list[tuple[int, int]] = list(_automaton().iter(lowered))
    for end_index, length in hits:
        start, end = end_index - length + 1, end_index + 1
        if _is_word_boundary(text, start - 1) and _is_word_boundary(text, end):
            found.append(Entity(EntityType.MEDICAL, start, end, text[start:end], 0.8, "medical-lexicon"))
    for m in _ICD10.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if _ICD_CONTEXT.search(before):
            score = 0.85
        elif m.group("sub"):
            score = 0.5
        else:
            continue
        found.append(Entity(EntityType.MEDICAL, m.start(), m.end(), m.group(), score, "icd10"))
    return found
