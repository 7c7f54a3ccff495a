"""What a capitalised run that no lexicon names is, by the words around it: a place with a case ending, or a
product compared with another.

- ``inflected_place``: Hungarian, Turkish, Polish, Czech and Romanian write case endings onto place names
  ("Budapestről", "Trabzon'dan", "Zakopanem", "Sibiului"); the name finder calls such a run a place, not a person.
- ``beside_a_brand``: in "Lenovo IdeaPad czy HP Pavilion", "Tecno Camon au Samsung Galaxy A14" the run on
  the other side of an "or" that opens with a known brand is a product too (no person is compared with a laptop).
"""

from __future__ import annotations

import re

from .ner_lexicon import is_brand

__all__ = ["beside_a_brand", "inflected_place"]

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
