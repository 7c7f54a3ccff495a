"""Medicine names written in Telugu, Kannada, Malayalam, Gurmukhi, Sinhala, Gujarati, Bengali or Odia, about health.

A user writes an international drug name as it sounds ("క్లోపిడోగ్రెల్", "ಅಟೊರ್ವಾಸ್ಟಾಟಿನ್", "മെറ്റ്ഫോർമിൻ",
"ලොසාර්ටන්"); transliterated, its consonants are the English name's, as :mod:`.medical_scripts_drugs` finds for
Devanagari (whose Telugu, Kannada and Gurmukhi branch needs a dose or one of its clinical words in the text). These
languages have no word-frequency list to tell a drug's skeleton from an everyday word's, so here a word counts only
in a text that already has a health finding (a term of :mod:`.medical_indic`) or one of its clinical cue words, and
its skeleton must be a drug's of five consonants or more. Malayalam writes the English t of a loanword as റ്റ
(read "rr" by the transliteration), taken as ട്ട first. Cost: nothing unless such a text has health in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity, EntityType
from .indic_values import fold
from .medical_indic import clinical_cues
from .medical_multilingual import multilingual
from .medical_spelling import skeleton

__all__ = ["OTHER_BRAHMIC", "find_south_medical"]

_WORD = re.compile(
    "[\u0980-\u09e5\u0a00-\u0a65\u0a70-\u0a75\u0a80-\u0ae5\u0b00-\u0b65\u0c00-\u0c65\u0c80-\u0ce5\u0d00-\u0d65"
    "\u0d7a-\u0d7f\u0d80-\u0df4\u200c\u200d]{4,}"
)
# Gujarati, Bengali and Odia: their names and terms are ner_indic's, their drug names by skeleton this module's
OTHER_BRAHMIC = re.compile("[\u0980-\u09ff\u0a80-\u0b7f]")
_SCRIPTS = ("kana", "ko")
_MIN = 5


def _skeleton(word: str) -> str:
    return skeleton(word.replace("\u0d31\u0d4d\u0d31", "\u0d1f\u0d4d\u0d1f"), "deva")


def find_south_medical(text: str, tokens: Sequence[re.Match[str]], found: Sequence[Entity]) -> list[Entity]:
    """MEDICAL entities for drug names in the five scripts, in a text with another health finding or a cue."""
    health = any(e.type is EntityType.MEDICAL for e in found)
    if not health:
        cues = clinical_cues()
        health = any(fold(t.group()) in cues for t in tokens)
    if not health:
        return []
    skeletons = multilingual().skeletons
    out: list[Entity] = []
    for m in _WORD.finditer(text):
        sk = _skeleton(m.group())
        if len(sk) >= _MIN and any((s, sk) in skeletons for s in _SCRIPTS):
            out.append(Entity(EntityType.MEDICAL, m.start(), m.end(), m.group(), 0.7, "medical-south-drug"))
    return out
