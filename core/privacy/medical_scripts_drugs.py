"""Drug names written in Devanagari and in Thai, matched by their consonant skeleton.

Hindi and Thai write an international drug name as it sounds ("प्रोजेस्टेरोन", "लेट्रोज़ोल", "अमलोडिपिन";
"อะมโลดิปีน", "เมทฟอร์มิน"): once transliterated (``anyascii``) its consonants are the English name's
consonants, vowels aside, as for katakana and Hangul (:mod:`.medical_multilingual`). The skeletons of the
generic drug names that :mod:`.medical_multilingual` loads for katakana and Hangul serve here too (they are
the English names' skeletons less those that collide with everyday words of a vowel-dropping script).

- **Devanagari** writes spaces: each word is looked up (ज before e/i reads as the English soft g, ज़ as z), by
  its skeleton among the drug names, and transliterated among the main vocabulary's one-word terms (hormones
  such as progesterone are no "drug names" there: "प्रोजेस्टेरोन" ~ "progesteron(e)"). A skeleton of six
  consonants or more is a finding on its own; a shorter one when the text names a dose or a medicine
  (मिलीग्राम, इंजेक्शन, गोली, दवा …), else only in a text about health (the caller decides), like katakana's.
- **Thai** runs its words together, so a drug name is looked for only right after ยา ("medicine"; not ยาย
  "grandmother" nor ยาว "long"): the run after it whose skeleton is the longest drug skeleton, cut where
  more letters would add no consonant. The word ยา says what follows is a medicine.

Cost: one precompiled search for a Devanagari letter or for ยา; nothing else runs on other text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from .medical_spelling import latin, skeleton

__all__ = ["script_drugs"]

Span = tuple[int, int, float, str]  # start, end, score, rule
_DRUG = 0.7
_SURE = 6  # skeleton length from which no health cue is needed (as for katakana and Hangul)
_HINT = re.compile(r"[\u0900-\u097f]|ยา")
_DEVA_WORD = re.compile(r"[\u0900-\u0963\u0971-\u097f]{4,}")  # letters and signs, not digits or dandas
_THAI_AFTER = re.compile(r"ยา(?![ยว])(?=[\u0e01-\u0e4e]{3})")
_DEVA_DOSE = re.compile(r"मिलीग्राम|मि\.ग्रा|\bmg\b|इंजेक्शन|गोली|गोलियां|गोलियाँ|टैबलेट|कैप्सूल|दवा|खुराक|सिरप")
_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]{3,18}")
_SCRIPTS = ("kana", "ko")  # the skeleton sets of the vowel-dropping scripts that Devanagari and Thai share


def _known(sk: str, skeletons: Collection[tuple[str, str]]) -> bool:
    return len(sk) >= 4 and any((script, sk) in skeletons for script in _SCRIPTS)


def _thai_drug(text: str, start: int, skeletons: Collection[tuple[str, str]]) -> tuple[int, int] | None:
    """The drug name right after ยา at ``start``: the longest known skeleton, at its shortest spelling."""
    run = _THAI_RUN.match(text, start)
    if run is None:
        return None
    best: tuple[int, int] | None = None  # (skeleton length, end)
    for end in range(start + 3, run.end() + 1):
        sk = skeleton(text[start:end], "thai")
        if _known(sk, skeletons) and (best is None or len(sk) > best[0]):
            best = (len(sk), end)
    return best


def script_drugs(
    text: str, skeletons: Collection[tuple[str, str]], is_term: Callable[[str], bool]
) -> tuple[list[Span], list[Span]]:
    """(drug names that are findings on their own, drug names that need a text about health); ``is_term``
    says whether a lower-case Latin word is a one-word term of the main vocabulary (final "e" optional)."""
    strong: list[Span] = []
    weak: list[Span] = []
    if _HINT.search(text) is None:
        return strong, weak
    dose: bool | None = None
    for m in _DEVA_WORD.finditer(text):
        word = m.group()
        if _DEVA_DOSE.fullmatch(word):
            continue  # इंजेक्शन is the form, not the medicine
        sk = skeleton(word, "deva")
        span = (m.start(), m.end(), _DRUG, "medical-drug-transliterated")
        if _known(sk, skeletons):
            if dose is None:
                dose = _DEVA_DOSE.search(text) is not None
            (strong if len(sk) >= _SURE or dose else weak).append(span)
        elif len(sk) >= _SURE and is_term(re.sub(r"j(?=[ei])", "g", latin(word).replace("j'", "z"))):
            strong.append(span)
    for m in _THAI_AFTER.finditer(text):
        found = _thai_drug(text, m.end(), skeletons)
        if found is not None:
            strong.append((m.end(), found[1], _DRUG, "medical-drug-transliterated"))
    return strong, weak
