"""Words that look medical by their form but name a person or a place.

- **A given name is no bare eponym**: "Péter", "Addison" are also the first word of a vocabulary
  condition ("Peters anomaly", "Addison disease"); written alone, without the condition word and without a
  possessive ("Addison's"), a given name is a person, and a capitalised word right after a given name
  ("Anna Canavan") is that person's family name. The name finder decides about them; the medical finder
  leaves them.
- **A place is no term by its ending or stem**: "Pantai Parangtritis" (a beach, "-itis"), "a Cefalù" (a town,
  the stem of "cefalea"). A finding that only a medical ending or a stem match made, written in capitalised
  words, is dropped when a preposition of place stands before it ("a", "ke", "to", "nach" is not one: it also
  means "after"), a place word opens it ("Pantai", "Lago", "Mount"), or its word with a case ending less is a
  known place. Vocabulary terms and condition names on a head are never dropped here.
- **Initials that label something else**: capitals that are also a condition's initials, written by a health
  text for a hospital (Indonesian "RS Sanglah", "RSUD"), an emergency ward (IGD) or a record (RM, rekam medis),
  or standing right before a number ("RM 08-44-17", "EC 3.4.21", "MIM 123456"): a label, and the number after it
  is what the identifier finders look at.
"""

from __future__ import annotations

import re

from .lexicons import first_names, place_names, strip_accents

__all__ = ["PLACE_SENSITIVE_RULES", "given_name_not_eponym", "initials_not_condition", "place_not_term"]

# The rules whose findings rest on a word's form alone (an ending, a stem, a Latin spelling).
PLACE_SENSITIVE_RULES = frozenset({"medical-ending", "medical-multilingual"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Prepositions that put a place after them, in the languages of the medical rules ("di" is Indonesian "in" too;
# condition names on a head, "morbo di Crohn", are never checked here). Not German "an" ("an Arthrose leiden"),
# "nach" (also "after"), "mit", nor Romance "de": they precede condition names too.
_PLACE_PREPOSITIONS = _words(
    "in at to from near visit visiting via toward towards a al alla ad ai da dal dalla verso presso à au aux vers "
    "près en hacia desde para em no na ao perto ke di dari menuju dekat sa taga papunta mpaka kutoka "
    "w we do z ze ku pod nad przy u v ve od k"
)
# Words that open the name of a place ("Pantai Parangtritis", "Lago di Garda", "Mount Kosciuszko").
_PLACE_WORDS = _words(
    "pantai pulau gunung danau kota desa kampung candi teluk selat tanjung pura jalan jl lake mount mt beach bay "
    "island isle cape river lago monte isola isole lido porto val valle playa isla sierra cerro costa praia ilha "
    "serra rio lac mont ile cap plage bad sankt berg see insel gora jezioro wyspa zatoka"
)
_WORD = re.compile(r"[^\W\d_]+")
_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+\Z")
_BEFORE_NAME = re.compile(r"(?<![\w-])([^\W\d_][^\W\d_]+) \Z")
# Case endings that inflected languages write onto place names ("Krakowa", "Gdańsku", "Budapestben").
_CASE_ENDINGS = ("", "a", "u", "e", "y", "i", "em", "ie", "iem", "owi", "ą", "ból", "ba", "be", "ban", "ben", "ról")


def _folded(word: str) -> str:
    return strip_accents(word.lower())


def given_name_not_eponym(text: str, start: int, end: int) -> bool:
    """Whether the capitalised word ``text[start:end]`` that a bare eponym rule would take is a person's name
    instead: a given name written without a possessive ("Péter", not "Addison's"), or any word right after a
    given name ("Anna Canavan")."""
    names = first_names()
    before = _BEFORE_NAME.search(text, max(0, start - 24), start)
    if before is not None and before.group(1)[0].isupper() and _folded(before.group(1)) in names:
        return True
    return not text.startswith(("'s", "’s"), end) and _folded(text[start:end]) in names


def _capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def _known_place(word: str) -> bool:
    places = place_names()
    low = word.lower()
    return any(low.endswith(end) and low[: len(low) - len(end)] in places for end in _CASE_ENDINGS if len(low) > 4)


def place_not_term(text: str, start: int, end: int) -> bool:
    """Whether a finding made by a word's form alone is a capitalised place name (see the module docstring)."""
    words = _WORD.findall(text, start, end)
    if not words or not all(_capitalised(w) for w in words):
        return False
    if len(words) > 1 and words[0].lower() in _PLACE_WORDS:
        return True
    before = _BEFORE.search(text, max(0, start - 24), start)
    if before is not None and before.group(1)[0].isupper() and before.group(1).lower() in _PLACE_WORDS:
        return True
    if before is not None and before.group(1).lower() in _PLACE_PREPOSITIONS and before.group(1).islower():
        return True
    return _known_place(words[-1])


_NOT_CONDITION_INITIALS = frozenset({"RS", "RSU", "RSUD", "RSUP", "RSIA", "IGD", "UGD", "RM"})
_LABEL_OF_NUMBER = re.compile(r"[ ]?[:#.]?[ ]?\d")


def initials_not_condition(text: str, start: int, end: int) -> bool:
    """Whether capitals at ``start``-``end`` that are a condition's initials name something else here."""
    return text[start:end] in _NOT_CONDITION_INITIALS or _LABEL_OF_NUMBER.match(text, end) is not None
