"""The words that qualify a condition in a clinical report, taken into its finding in every language.

A report writes a condition with the words that stage or qualify it: "beginnende Katarakt", "rezidivierende
depressive Störung", "Lesione da pressione sacrale", "épisode dépressif sévère", "хроническая почечная
недостаточность". The finders match the condition's name; left outside the placeholder, its qualifier would still
say what the condition is like ("beginnende [MEDICAL_1]"). The English vocabulary extends its terms over the
modifiers its own names use (:mod:`.medical`); here a finding in any language is extended over the words of
onset, course, severity, stage and side next to it: before it in the Germanic, Slavic and Greek languages, after
it in the Romance ones (and Romanian), as their grammar places an adjective. A word counts by its folded start, so
that its case and gender endings do not matter ("beginnend-e/-en/-er", "хроническ-ая/-ий/-ое").
Curated by hand for IslandRun (issue 16); no third-party text copied.

Cost: one small regex at each end of each finding (findings are few); nothing runs on a text without findings.
"""

from __future__ import annotations

import re

from .medical_vocab import fold

__all__ = ["with_modifiers"]

# folded starts of qualifiers written before the condition (de, nl, pl, cs, ru, uk, el; English is the
# vocabulary's own)
_BEFORE = (
    "beginnend", "rezidivierend", "chronisch", "akut", "fortgeschritten", "mittelgradig", "leichtgradig",
    "hochgradig", "schwergradig", "progredient", "beidseitig", "linksseitig", "rechtsseitig",
    "recidiverend", "gevorderd", "przewlek", "nawracaj", "zaawansowan", "obustronn", "chronick",
    "pokrocil", "хроническ", "рецидивирующ", "прогрессирующ", "тяжел", "двусторонн", "хронічн", "χρονι", "οξει",
    "σοβαρ", "προχωρημεν",
)  # fmt: skip
# and after it (fr, it, es, pt, ro): whole folded words with their gender and number endings, so that English
# "severity", "severely" after a term stay out
_AFTER = re.compile(
    r"(?:chroniques?|sever[eoai]s?|recidivant[ei]?s?|aigue?s?|avancee?s?|avanzat[oaie]|avanzad[oa]s?"
    r"|terminal(?:e|es|i)|bilateral(?:e|es|i)|moderee?s?|moderat[oaie]|moderad[oa]s?|majeure?s?|maggiore|legere?s?"
    r"|cronic[oaie]?|cronicos|cronicas|grav[ei]s?|precoces?|precoci|incipient[ei]s?|sacral[ei]?s?|recorrentes?"
    r"|recurrentes?|persistent[ei]s?|resistent[ei]s?|refrattari[oa]|refractari[oa]s?)"
)
_BEFORE_STARTS = frozenset(w[:3] for w in _BEFORE)  # a cheap first test before folding a word


def _word_before(text: str, start: int) -> int:
    """Start of the word right before ``start`` (one space between), or -1."""
    if start < 4 or text[start - 1] != " ":
        return -1
    k = start - 1
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] == "-") and start - k < 32:
        k -= 1
    return k if start - 1 - k >= 3 and text[k].isalpha() else -1


def with_modifiers(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of a finding at ``start``-``end`` with the qualifiers around it (at most two a side)."""
    for _ in range(2):
        k = _word_before(text, start)
        if k < 0 or fold(text[k : k + 3]) not in _BEFORE_STARTS or not fold(text[k : start - 1]).startswith(_BEFORE):
            break
        start = k
    for _ in range(2):
        if text[end : end + 1] != " ":
            break
        k = end + 1
        while k < len(text) and text[k].isalpha() and k - end < 32:
            k += 1
        if k - end < 4 or (k < len(text) and (text[k].isalnum() or text[k] in "_-")):
            break
        if not _AFTER.fullmatch(fold(text[end + 1 : k])):
            break
        end = k
    return start, end
