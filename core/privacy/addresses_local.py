"""Addresses in local forms the street rules miss: Taiwanese lanes and floors, East European blocks of flats,
Indian villages, and house numbers after their label in Ethiopic and South Indian scripts (issue 16).

- **Taiwan (and traditional characters)**: a road with its section (``和平東路二段``), lane ``巷``, alley ``弄``,
  number ``號`` and floor ``樓`` (``96巷7號3樓``), with the city and district before it; a road and a number alone
  (a landmark's ``信義路五段7號``) is not enough: a lane, an alley, a floor, a room or the city-district chain is;
- **blocks of flats** (Romania, Moldova, Bulgaria and their neighbours): block, staircase, floor and flat
  (``bl. A3, sc. 2, ap. 17``, ``Bl. M12, Sc. B, Et. 4, Ap. 58``, ``бл. 218, вх. Б, ет. 6, ап. 41``): a block
  and a flat at least;
- **Indian villages**: ``ग्राम``/``गाँव``/``मौजा`` + the village's name, followed by another part of a rural
  address (``तहसील``, ``पोस्ट``, ``जिला``, ``थाना``, ``ब्लॉक`` …) after a comma — never the unit ``ग्राम`` (gram) or
  ``ग्राम पंचायत`` (the village council);
- **house numbers after their label**: Amharic ``(የ)ቤት ቁጥር 1245``, Tamil ``கதவு எண் 47``/``வீட்டு எண்``,
  Telugu ``ఇంటి నెం.``, Kannada ``ಮನೆ ಸಂಖ್ಯೆ``, Malayalam ``വീട്ടു നമ്പർ``, Gujarati ``મકાન નં.``,
  Marathi and Nepali ``घर क्र.``/``घर नं.``.

Each finding is an ADDRESS (a LOCATION placeholder), scored as the other street rules (0.86).
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType

__all__ = ["find_local_addresses"]

_HAN = "\u4e00-\u9fff"
_D = "0-9０-９"
_NUM_HAN = "一二三四五六七八九十"
_TAIWAN = re.compile(
    rf"(?P<chain>(?:[{_HAN}]{{1,4}}[市縣县])?(?:[{_HAN}]{{1,4}}[區区鄉乡鎮镇])?)"
    rf"[{_HAN}]{{1,8}}?(?:路|街|大道)(?:[{_NUM_HAN}{_D}]段)?"
    rf"(?P<lane>(?:[{_D}]{{1,5}}巷)?(?:[{_D}]{{1,5}}弄)?)[{_D}]{{1,5}}(?:之[{_D}]{{1,3}})?[號号]"
    rf"(?P<unit>(?:之[{_D}]{{1,3}})?(?:[{_D}]{{1,3}}(?:樓|楼|F|層|层)(?:之[{_D}]{{1,3}})?)?(?:[{_D}]{{1,5}}室)?)"
)
_BLOCK = re.compile(
    r"(?<![^\W\d_])(?:[Bb]l|BL|бл|Бл)\.?\s?[0-9A-ZА-Я]{1,4}[0-9a-zа-я]{0,2},?\s+"
    r"(?:(?:[Ss]c|SC|вх|Вх)\.?\s?[0-9A-ZА-Я]{1,3},?\s+)?(?:(?:[Ee]t|ET|ет|Ет)\.?\s?\d{1,2},?\s+)?"
    r"(?:[Aa]p|AP|ап|Ап)\.?\s?\d{1,4}(?![\d])"
)
_VILLAGE = re.compile(
    r"(?<![\u0900-\u097f])(?:ग्राम|गाँव|गांव|मौजा)(?:\s*[:\-]\s*|\s+)"
    r"(?!पंचायत|सभा|प्रधान|सेवक|विकास|स्वराज|सचिव|उद्योग|कचहरी|न्यायालय|स्तर|में|के|का|की)"
    r"[\u0900-\u097f]+(?:\s+[\u0900-\u097f]+){0,2}?"
    # the parts after it, each led by its word: "ग्राम भटौली, तहसील पिंडरा", "…, पोस्ट …, जिला …"
    r"(?:\s*,\s*(?:तहसील|तह\.|पोस्ट|पो\.|डाकघर|जिला|जि\.|जनपद|थाना|ब्लॉक|प्रखंड|परगना|वाया)\s*[:\-]?\s*"
    r"[\u0900-\u097f]+(?:\s+[\u0900-\u097f]+)?)+"
)
_HOUSE = re.compile(
    r"(?:የ?ቤት\s*ቁጥር|கதவு\s*எண்|வீட்டு\s*எண்|வீடு\s*எண்|ఇంటి\s*(?:నెం\.?|నంబర్)|డోర్\s*నెం\.?|ಮನೆ\s*(?:ಸಂಖ್ಯೆ|ನಂ\.?)|"
    r"വീട്ടു\s*നമ്പർ|വീട്\s*നം\.?|મકાન\s*નં\.?|ઘર\s*નં\.?|घर\s*(?:क्र\.?|क्रमांक|नं\.?|नम्बर))"
    r"\s*[:፡.\-]?\s*\d{1,5}(?:[/\-]\d{1,4})?[A-Za-z]?(?!\d)"
)
# Words one of which each form holds (substring tests: an alternation regex would be tried at every character).
_VILLAGE_CUES = ("ग्राम", "गाँव", "गांव", "मौजा")
_HOUSE_CUES = ("ቁጥር", "எண்", "ఇంటి", "డోర్", "ಮನೆ", "വീട", "મકાન", "ઘર", "घर")
_BLOCK_CUES = ("bl", "Bl", "BL", "бл", "Бл")
_FLAT_CUES = ("ap", "Ap", "AP", "ап", "Ап")


def find_local_addresses(text: str) -> list[Entity]:
    """Addresses of the local forms above in ``text``."""
    patterns: list[re.Pattern[str]] = []
    if any(cue in text for cue in _BLOCK_CUES) and any(cue in text for cue in _FLAT_CUES):
        patterns.append(_BLOCK)
    if text.isascii():
        return _found(patterns, text)
    if any(cue in text for cue in _VILLAGE_CUES):
        patterns.append(_VILLAGE)
    if any(cue in text for cue in _HOUSE_CUES):
        patterns.append(_HOUSE)
    found = _found(patterns, text)
    if "號" in text or "号" in text:
        found.extend(
            Entity(EntityType.ADDRESS, m.start(), m.end(), m.group(), 0.86, "address-local")
            for m in _TAIWAN.finditer(text)
            if m.group("lane") or m.group("unit") or len(m.group("chain")) >= 4
        )
    return found


def _found(patterns: list[re.Pattern[str]], text: str) -> list[Entity]:
    # a village scores below the Indic address chain (:mod:`.indic_values`), which also takes the PIN code
    return [
        Entity(EntityType.ADDRESS, m.start(), m.end(), m.group(), 0.8 if p is _VILLAGE else 0.86, "address-local")
        for p in patterns
        for m in p.finditer(text)
    ]
