"""What a capitalised run that no lexicon names is, by the words around it: a place with a case ending, or a
product compared with another.

- ``inflected_place``: Hungarian, Turkish, Polish, Czech and Romanian write case endings onto place names
  ("Budapestről", "Trabzon'dan", "Zakopanem", "Sibiului"); the name finder calls such a run a place, not a person.
- ``beside_a_brand``: in "Lenovo IdeaPad czy HP Pavilion", "Tecno Camon au Samsung Galaxy A14" the run on
  the other side of an "or" that opens with a known brand is a product too (no person is compared with a laptop).
- ``names_a_thing``: a Python traceback's ``File "…", line N``, a feast or holiday ("Kurban Bayramı", "Boxing Day"),
  a title before its works ("The Godfather films"); ``opens_question``: a word opening a question in a language no
  word list knows ("Si shkohet nga Tirana …?"). Issue 16, HC.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .ner_lexicon import is_brand
from .tokens import Token

__all__ = ["beside_a_brand", "inflected_place", "names_a_thing", "opens_question"]

_TRACEBACK_FRAME = re.compile(r' "[^"\n]+", line \d+')
_FEASTS = frozenset({"bayramı", "bayrami"})  # "X's feast", after a given name too ("Ramazan Bayramı"; Bayram is a name)
_HOLIDAYS = _FEASTS | {"day", "eve", "festival", "feast", "holiday"}
_WORKS_AFTER = re.compile(r" (?:films?|movies?|books?|novels?|series|trilogy|saga|albums?|songs?|games?)\b")
_QUESTION_REST = re.compile(r" (?=[^\W\d_])[^.!?\n]*\?")


def names_a_thing(text: str, run: Sequence[Token], given: frozenset[str]) -> bool:
    """Whether a capitalised run names a thing by its shape (see the module docstring), not a person."""
    if run[0].text == "File" and _TRACEBACK_FRAME.match(text, run[0].end):
        return True  # '  File "/app/main.py", line 42, in <module>'
    if len(run) > 1 and run[-1].lower in _HOLIDAYS and (run[-1].lower in _FEASTS or run[0].lower not in given):
        return True  # "Kurban Bayramı", "Boxing Day" (not "Doris Day")
    return _WORKS_AFTER.match(text, run[-1].end) is not None and (
        run[0].lower == "the" or text[max(0, run[0].start - 4) : run[0].start].lower() == "the "
    )  # "The Godfather films", "the Hunger Games books"


def opens_question(text: str, end: int) -> bool:
    """A word followed by lower-case words up to a question mark: a question word in a language no list knows ("Si
    shkohet nga Tirana …?", "Nola egiten da …?", "Kif nasal …?"), even when a name list holds it."""
    rest = _QUESTION_REST.match(text, end)
    return rest is not None and text[end + 1].islower()


# "or" between two products in a comparison, in many languages: "Lenovo IdeaPad czy HP Pavilion", "Tecno Camon au
# Samsung Galaxy A14" — the run on the other side of it opens with a known brand.
_OR = r"(?:or|vs\.?|versus|oder|ou|o|czy|albo|nebo|sau|vagy|au|atau|ya\s+da|veya|yoksa|или|ή|eller)"
_BRAND_BEFORE = re.compile(rf"(?P<words>(?:[\w-]+\s+){{0,2}}[\w-]+),?\s+{_OR}\s+\Z", re.IGNORECASE)
_BRAND_AFTER = re.compile(rf"\s+{_OR}\s+(?:an?\s+|the\s+)?(?P<words>[\w-]+(?:\s+[\w-]+){{0,2}})", re.IGNORECASE)


def inflected_place(lower: str, places: frozenset[str]) -> bool:
    """A place with a case ending, in languages that inflect names ("Budapestről", "Trabzon'dan", "Sibiului"):
    the word less up to four final letters, or less what follows an apostrophe, is a known place."""
    head = lower.split("'", 1)[0].split("’", 1)[0]
    if head != lower:
        return len(head) >= 3 and head in places
    return any(lower[:-cut] in places for cut in range(1, 5) if len(lower) - cut >= 5)


_OR_WORDS = frozenset(
    [
        "or",
        "vs",
        "vs.",
        "versus",
        "oder",
        "ou",
        "o",
        "czy",
        "albo",
        "nebo",
        "sau",
        "vagy",
        "au",
        "atau",
        "da",
        "veya",
        "yoksa",
        "или",
        "ή",
        "eller",
    ]
)


def beside_a_brand(text: str, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` stand on one side of an "or" whose other side opens with a known brand."""
    left = text[max(0, start - 40) : start].split()
    right = text[end : end + 12].split(None, 1)
    if not (left and left[-1].lower() in _OR_WORDS) and not (right and right[0].lower() in _OR_WORDS):
        return False  # most runs: no "or" next to them
    before = _BRAND_BEFORE.search(text[max(0, start - 40) : start])
    if before is not None and any(is_brand(w.lower()) for w in before.group("words").split()):
        return True
    after = _BRAND_AFTER.match(text, end, min(len(text), end + 40))
    return after is not None and any(is_brand(w.lower()) for w in after.group("words").split())
