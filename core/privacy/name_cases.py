"""Given names with a case ending written onto them, in languages that inflect names without an apostrophe.

Hungarian adds its case endings to the name itself ("Szabó Lászlónak" = to László Szabó, "Kovács Annával" =
with Anna Kovács), so the name list does not hold the written word. :func:`case_stem` finds the listed given
name inside such a word; :mod:`.names` asks it only for the word after a listed family name.
"""

from __future__ import annotations

__all__ = ["case_stem"]

# Hungarian case endings written onto a name ("Szabó Lászlónak", "Kovács Annával"), longest first; a final
# a/e of the name lengthens before them ("Anna" -> "Annának").
_HU_CASES = ("nak", "nek", "val", "vel", "nál", "nél", "tól", "től", "hoz", "hez", "höz", "ról", "ről", "ért", "ra",
             "re", "ba", "be", "ban", "ben", "ot", "et", "öt", "t")  # fmt: skip
_HU_CASES_SORTED = tuple(sorted(_HU_CASES, key=len, reverse=True))


def case_stem(word: str, names: frozenset[str] | set[str]) -> str | None:
    """The given name inside a Hungarian case form ("lászlónak" -> "lászló"), or None."""
    for ending in _HU_CASES_SORTED:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            stem = word[: -len(ending)]
            for form in (stem, stem[:-1] + {"á": "a", "é": "e"}.get(stem[-1], stem[-1])):
                if form in names:
                    return form
    return None
