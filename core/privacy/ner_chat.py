"""Names as chat and comment text writes them, found around what the name finder already has.

- announced: after "my name is", "name:", "call me" a word outside the everyday vocabulary is the
  name even when no name list holds it ("my name is oluwaseun"); after "hi", "dear", "ask", "i'm"
  only a given name of the lists is ("hi lena", but not "i'm tired");
- listed with a name: a word listed with a known given name by "and" (or, capitalised, by a comma or
  "&") that no word list holds is a name too ("emma and kaite", "Oskarsson and Thorvaldur"): names are
  listed with names, and a word of no word list beside one is most likely another;
- a capitalised given name takes a lower-case family name after it ("Kylie minogue").

The last two look only next to findings the name finder already has: no pass of their own over the text.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .label_starts import LabelStarts
from .lexicons import common_rank, first_names, place_names
from .ner_lexicon import is_tech_term, zipf
from .ner_lowercase import surname_after_given

__all__ = ["find_announced_names", "names_listed_with", "with_lowercase_surname"]

_LETTER = "a-zß-öø-ÿ\u0100-\u017f"
_LOWER_NAME = re.compile(
    r"(?i:\b(?:(?P<announce>my\s+name\s+is|name\s+is|name\s*:|call\s+me)|"
    r"i\s+am|i'm|this\s+is|follow\s+up\s+with|ask|dear|hi|hello)\s+)"
    rf"(?P<name>[{_LETTER}][{_LETTER}'’-]+(?:\s+[a-z]\.?(?=\s))?"
    rf"(?:\s+[{_LETTER}][{_LETTER}'’-]+)?)"
)
_ANNOUNCED_RARE = 5000  # an announced word this rare or rarer is a name ("my name is not …" is not)
# names listed together: "emma and kaite", "sitaram katel and kunjana", "Vinkare & Herbalisti"
_AND = r"(?:\s*(?:,|&|\+)\s*|\s+(?:and|or|und|oder|et|ou|y|e|en|i|oraz)\s+)"
_COORD_AFTER = re.compile(_AND + r"(?P<word>[^\W\d_][^\W\d_'’-]*)(?![\w@#./-])")
_COORD_BEFORE = re.compile(r"(?<![\w@#./-])(?P<word>[^\W\d_][^\W\d_'’-]*)" + _AND + r"$")
_AND_WORD = re.compile(r"\s+(?:and|und|et|y|e|i|en|oraz|&)\s+|\s*&\s*")
_COORD_RARE = 5000
_NEXT_LOWER = re.compile(rf" (?P<word>[{_LETTER}][{_LETTER}'’-]{{3,}})(?![\w@/])")


def _rank(word: str, lang: str) -> int:
    ranks = [r for r in (common_rank(word), common_rank(word, lang) if lang != "en" else None) if r is not None]
    return min(ranks) if ranks else 10**6


_LOWER_NAME_AT = LabelStarts(_LOWER_NAME)  # tried only where an announcing word starts (see label_starts)


def find_announced_names(text: str) -> list[Entity]:
    """PERSON entities for lower-case names after words that announce one ("my name is lena andersson")."""
    found: list[Entity] = []
    names = first_names()
    for m in _LOWER_NAME_AT.finditer(text):
        words = m.group("name").split()
        first = words[0]
        rank = common_rank(first)
        # after "my name is", "call me" any word outside the everyday vocabulary is the name ("krithika")
        announced = m.group("announce") is not None and (rank is None or rank >= _ANNOUNCED_RARE)
        if not announced and (first not in names or (rank is not None and rank < 3000)):
            continue
        if announced and (len(first) < 3 or is_tech_term(first)):
            continue
        keep = [first]
        for word in words[1:]:
            word_rank = common_rank(word.rstrip("."))
            if len(word.rstrip(".")) == 1 or word_rank is None or word_rank > 3000:
                keep.append(word)
            else:
                break
        start = m.start("name")
        end = start + len(" ".join(keep)) if m.group("name").startswith(" ".join(keep)) else start + len(first)
        found.append(Entity(EntityType.PERSON, start, end, text[start:end], 0.7, "names-lowercase"))
    return found


def with_lowercase_surname(text: str, entity: Entity, lang: str, given: frozenset[str]) -> Entity:
    """``entity`` grown over a lower-case family name after a capitalised given name ("Kylie minogue")."""
    if entity.type is not EntityType.PERSON or " " in entity.text or entity.text.lower() not in given:
        return entity
    m = _NEXT_LOWER.match(text, entity.end)
    if m is None or not surname_after_given(m.group("word"), lang) or is_tech_term(m.group("word")):
        return entity
    end = m.end("word")
    return Entity(entity.type, entity.start, end, text[entity.start : end], entity.score, entity.source)


def names_listed_with(
    text: str, found: list[Entity], lang: str, given: frozenset[str], not_names: frozenset[str]
) -> list[Entity]:
    """PERSON entities for words that no word list holds listed with a found name ("emma and kaite")."""
    # only a name that is surely one vouches for its neighbours: a known given name in it
    people = [e for e in found if e.type is EntityType.PERSON and any(w.lower() in given for w in e.text.split())]
    if not people:
        return []
    taken = [(e.start, e.end) for e in found]
    extra: list[Entity] = []
    for person in people:
        before = _COORD_BEFORE.search(text, max(0, person.start - 40), person.start)
        for m in (_COORD_AFTER.match(text, person.end), before):
            if m is None:
                continue
            word, start, end = m.group("word"), m.start("word"), m.end("word")
            lower = word.lower()
            if word[0].isupper() != person.text[0].isupper() or word.isupper() or person.text.isupper():
                continue  # "emma and kaite", "Vinkare and Herbalisti": one style of writing names
            gap = text[person.end : start] if start > person.start else text[end : person.start]
            if word.islower() and not _AND_WORD.fullmatch(gap):
                continue  # lower case: only "and" ("tyrosine, serine, threonine" is a list of words)
            if lower not in given and (zipf(lower, "en") or zipf(lower, lang)):
                continue  # a word of some word list ("tyrosine, serine", "Caucasians, Blacks"): not a name
            if (
                len(word) < 3
                or _rank(lower, lang) < _COORD_RARE
                or lower in not_names
                or is_tech_term(lower)
                or lower in place_names()
                or any(a < end and start < b for a, b in taken)
            ):
                continue
            taken.append((start, end))
            extra.append(Entity(EntityType.PERSON, start, end, word, 0.55, "names"))
    return extra
