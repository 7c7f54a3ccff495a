"""Amharic (and Tigrinya) person names in Ethiopic script: after "my name is", a title or a kin word.

Ethiopian names are a given name, the father's given name and often the grandfather's ("ሰላማዊት ተስፋዬ ገብሬ"),
with no family name and no name list in any registry package (Faker has no Amharic locale); many given names are
words too (ፀሐይ "sun", መሠረት "foundation", ሰላማዊት "peaceful"). So a name is taken only where the sentence says one
comes, and it runs over one to three words of Ethiopic letters:

- after a word that introduces a name: ስሜ / ስሙ / ስሟ / ስማቸው (my / his / her / their name), ስም (name; "የአመልካቹ
  ስም …"), up to ነው / ናት / ነኝ / ይባላል (is, is called) or a punctuation mark;
- after a title, with the preposition written onto it or not: አቶ, ወይዘሮ, ወ/ሮ, ወይዘሪት, ወ/ሪት, ዶክተር, ዶ/ር, ፕሮፌሰር,
  ኢንጂነር ("የዶክተር መሠረት ኃይሉ ክሊኒክ"), up to a word that names a place or a job (ክሊኒክ, ሆስፒታል, ቢሮ …) or a verb
  after the first word (one ending in ች / ል: "ወ/ሮ ትዕግስት ሞገስ ደወለች");
- after a kin word (እህቱ, ባለቤቴ, እናቴ, ልጄ …), one or two words, a verb (ending in ች / ል) left out.

Text without Ethiopic letters costs one regex search.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .name_words import _words

__all__ = ["find_ethiopic_names"]

_ETH = "\u1200-\u135a"
_HAS_ETHIOPIC = re.compile(f"[{_ETH}]")
_WORD = f"[{_ETH}]+"
_INTRO = re.compile(rf"(?<![{_ETH}/])(?:ስሜ|ስሙ|ስሟ|ስማቸው|ስሟም|ስሜም|ስም)[ \t]*[፡:]?[ \t]+")
_TITLE = re.compile(rf"(?<![{_ETH}/])[የለከበ]?(?:አቶ|ወይዘሮ|ወ/ሮ|ወይዘሪት|ወ/ሪት|ወ/ት|ዶክተር|ዶ/ር|ፕሮፌሰር|ፕ/ር|ኢንጂነር|ኢ/ር)[ \t]+")
_KIN = re.compile(rf"(?<![{_ETH}/])(?:እህቱ|እህቴ|እህቷ|ወንድሜ|ወንድሙ|ወንድሟ|ባለቤቴ|ባለቤቱ|ባለቤቷ|እናቴ|እናቱ|አባቴ|አባቱ|ልጄ|ልጁ|ልጇ|ሚስቴ|ባሌ)[ \t]+")
_NAME_WORDS = re.compile(rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}")
# Words that end a name: the copula and "is called", and the places and jobs a title's name is followed by.
_STOP = _words("ነው ናት ነኝ ነበር ናቸው ይባላል ትባላለች ይባላሉ እባላለሁ እና ክሊኒክ ሆስፒታል ቢሮ ትምህርት ቤት ድርጅት ኩባንያ መድኃኒት ቤት ጋር ጋ ዘንድ ረዳት ጸሐፊ")
_VERB_END = ("ች", "ል", "ሁ", "ን")


def _name(text: str, start: int, most: int, verbs: bool) -> Entity | None:
    m = _NAME_WORDS.match(text, start)
    if m is None:
        return None
    words = m.group().split()[:most]
    kept: list[str] = []
    for w in words:
        if w in _STOP or (verbs and kept and w.endswith(_VERB_END)):
            break
        kept.append(w)
    if not kept:
        return None
    end = start  # the words were split on spaces or tabs: the real end of the last kept word
    for w in kept:
        end = text.index(w, end) + len(w)
    return Entity(EntityType.PERSON, start, end, text[start:end], 0.8, "names-ethiopic")


def find_ethiopic_names(text: str) -> list[Entity]:
    """PERSON entities for Ethiopic-script names after a name word, a title or a kin word."""
    if _HAS_ETHIOPIC.search(text) is None:
        return []
    found: list[Entity] = []
    for pattern, most, verbs in ((_INTRO, 3, False), (_TITLE, 3, True), (_KIN, 2, True)):
        for m in pattern.finditer(text):
            entity = _name(text, m.end(), most, verbs)
            if entity is not None:
                found.append(entity)
    return found
