"""Bengali health terms with a case ending: "উচ্চ রক্তচাপের" (of high blood pressure), "স্ট্রোকের পর", "হাসপাতালে".

:mod:`.medical_indic` matches whole words of ``data/medical_indic.txt``; Bengali adds its case endings to
the word (genitive "-ের"/"-র", objective "-কে", locative "-ে"/"-তে", after a vowel "-য়"/"-য়ে", plural
"-দের"). Here the last word of a term may carry such an ending: the Bengali terms of that file (strong ones
only) are indexed by their last word, and a word whose stem is one is checked with the words before it. A few
terms that file lacks (pregnancy, IVF, suicidal thoughts, Alzheimer's, caesarean, disability) are found with
or without an ending; curated by hand for IslandRun (issue 16), no third-party text copied.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from .entities import Entity, EntityType
from .indic_values import fold

__all__ = ["find_bengali_inflected_medical"]

# after a final vowel the locative is written "-য়"/"-য়ে" ("যক্ষ্মায়" of যক্ষ্মা, "ডায়ালাইসিসে" takes "-ে")
_ENDINGS = tuple(fold(e) for e in ("য়ের", "দের", "েরা", "য়ে", "ের", "কে", "তে", "য়", "র", "ে"))  # longest first
_BENGALI_WORD = re.compile(r"[\u0985-\u09fe\u200c\u200d]+")
_EXTRA = (
    "গর্ভাবস্থা | অন্তঃসত্ত্বা | আইভিএফ | টেস্টটিউব বেবি | মানসিক অবসাদ | আত্মহত্যার চিন্তা | আত্মহত্যার চেষ্টা | "
    "আলঝেইমার | আলঝেইমারস | স্মৃতিভ্রংশ | সিজারিয়ান | সিজার অপারেশন | প্রতিবন্ধী | প্রতিবন্ধিতা | প্যানিক অ্যাটাক | "
    "কিডনি বিকল | কিডনি ফেইলিউর | ভ্রূণ স্থানান্তর | ডিম্বাণু সংগ্রহ"
)
_Index = dict[str, list[tuple[tuple[str, ...], bool]]]  # folded last word -> (folded words, found without an ending)


@cache
def _index() -> _Index:
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/medical_indic.txt")
    index: _Index = {}

    def add(term: str, bare: bool) -> None:
        words = tuple(fold(w) for w in _BENGALI_WORD.findall(term))
        if words:
            index.setdefault(words[-1], []).append((words, bare))

    for line in raw.read_text("utf-8").splitlines():
        if line.startswith("bn:"):
            for term in line[3:].split("|"):
                if term.strip() and not term.strip().endswith("~"):
                    add(term, False)  # the bare form is medical_indic's
    for term in _EXTRA.split("|"):
        add(term, True)
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@lru_cache(maxsize=16384)
def _stems(word: str) -> tuple[tuple[str, bool], ...]:
    """The indexed forms of a folded word: itself (not inflected) and its stem without a case ending."""
    index = _index()
    out = [(word, False)] if word in index else []
    for ending in _ENDINGS if word.endswith(_ENDINGS) else ():
        if word.endswith(ending):
            stem = word[: -len(ending)]
            if len(stem) >= 2 and stem in index:
                out.append((stem, True))
                break
    return tuple(out)


def find_bengali_inflected_medical(text: str) -> list[Entity]:
    """MEDICAL findings for Bengali terms with a case ending, and for the terms above (caller: Bengali text)."""
    index = _index()
    words = list(_BENGALI_WORD.finditer(text))
    folded = [fold(m.group()) for m in words]
    out: list[Entity] = []
    for i, m in enumerate(words):
        for stem, inflected in _stems(folded[i]):
            match = next(
                (
                    terms
                    for terms, bare in index[stem]
                    if (inflected or bare)
                    and len(terms) <= i + 1
                    and tuple(folded[i - len(terms) + 1 : i]) == terms[:-1]
                    and all(text[words[k].end() : words[k + 1].start()] == " " for k in range(i - len(terms) + 1, i))
                ),
                None,
            )
            if match is not None:
                start = words[i - len(match) + 1].start()
                out.append(
                    Entity(EntityType.MEDICAL, start, m.end(), text[start : m.end()], 0.8, "medical-bengali-forms")
                )
                break
    return out
