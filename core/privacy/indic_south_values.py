"""Addresses, birthplaces and identifiers in Telugu, Kannada, Malayalam, Gurmukhi (Punjabi) and Sinhala text.

:mod:`.indic_values` reads the labels of forms in nine Indian languages; this module adds what those languages and
Sinhala write without such a label, or with labels it lacks (detection view: digits are already ASCII):

- **an address from its house number** (ఇంటి నం. 12-3-45, ಮನೆ ಸಂಖ್ಯೆ 214, വീട്ടുനമ്പർ 14/233, ਮਕਾਨ ਨੰ. 1427, අංක 45/2,
  නො. 12): the label, the number and the parts after it to the end of the sentence (street, area, town, PIN);
- **an administrative chain** of comma-separated parts, two of them with a word for a village, mandal, taluk, tehsil,
  district or post office (కొత్తపల్లి, మం. తాడిపత్రి, జిల్లా అనంతపురం; ਪਿੰਡ ਘੁੱਦਾ, ਤਹਿਸੀਲ ਤਲਵੰਡੀ ਸਾਬੋ, ਜ਼ਿਲ੍ਹਾ ਬਠਿੰਡਾ),
  the part before the first such word included;
- **a Kerala house name** (തെക്കേടത്ത് വീട്, കല്ലിങ്കൽ ഹൗസ്) followed by another address part;
- **a town and its PIN or postal code** (തൃശ്ശൂർ 680002, දෙහිවල 10350) in a text about someone;
- **a birthplace** after its label (ಹುಟ್ಟಿದ ಊರು, పుట్టిన ఊరు, ജന്മസ്ഥലം, ਜਨਮ ਸਥਾਨ, උපන් ස්ථානය);
- **labels** these languages write that :mod:`.indic_values` lacks: Sinhala ones (ලිපිනය, දුරකථන, උපන් දිනය,
  ජාතික හැඳුනුම්පත් අංකය, any "… අංකය"), and ജനനത്തീയതി, ਜਨਮ ਤਾਰੀਖ, ಹುಟ್ಟಿದ ದಿನಾಂಕ for a date of birth;
- **Sri Lankan national identity card numbers** by shape: nine digits and V or X, or twelve digits, whose year and
  day of the year (1–366, or 501–866 for a woman) are possible, in Sinhala text or after a label.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .indic_values import INDIC

__all__ = ["find_south_values"]

_W = f"[{INDIC}]"


def _alt(words: str) -> str:
    pieces = sorted((re.escape(w.strip()) for w in words.split("|") if w.strip()), key=len, reverse=True)
    return "(?:" + "|".join(pieces).replace(r"\ ", r"\s+") + ")"


_HOUSE = re.compile(
    f"(?<!{_W})"
    + _alt(
        "ఇంటి నం.|ఇంటి నంబర్|ఇంటి సంఖ్య|డో.నం.|డోర్ నం.|ಮನೆ ಸಂಖ್ಯೆ|ಮನೆ ನಂ.|ಮನೆ ನಂಬರ್|വീട്ടുനമ്പർ|"
        "വീട്ടു നമ്പർ|വീട് നമ്പർ|ഹൗസ് നമ്പർ|ਮਕਾਨ ਨੰ.|ਮਕਾਨ ਨੰਬਰ|ਘਰ ਨੰ.|ਘਰ ਨੰਬਰ|ਕੋਠੀ ਨੰ.|අංක|නො.|නිවස අංක"
    )
    + r"[ \t]*[:：]?[ \t]*(?=\d)"
)
_SENTENCE_END = re.compile(r"[\n।!?;]|(?<=[\d" + INDIC + r"]{3})\.(?:\s|$)")
_ADMIN = (
    "గ్రామం|మండలం|మం.|జిల్లా|తాలూకా|పోస్ట్|ಗ್ರಾಮ|ತಾಲ್ಲೂಕು|ತಾ.|ಜಿಲ್ಲೆ|ಜಿ.|ಅಂಚೆ|ഗ്രാമം|താലൂക്ക്|ജില്ല|പി.ഒ.|വാർഡ്|"
    "ਪਿੰਡ|ਤਹਿਸੀਲ|ਜ਼ਿਲ੍ਹਾ|ਜ਼ਿਲਾ|ਡਾਕਖ਼ਾਨਾ|ਡਾਕਘਰ|ගම|ග්‍රාම නිලධාරී වසම|ප්‍රාදේශීය ලේකම් කොට්ඨාසය|දිස්ත්‍රික්කය|තැපෑල"
)
_ADMIN_RE = re.compile(f"(?<!{_W}){_alt(_ADMIN)}(?!{_W})")
_HOUSE_NAME = re.compile(f"(?<!{_W}){_W}+[ \t]+(?:വീട്|ഹൗസ്|ഭവൻ|ഭവനം|നിവാസ്|മന|നിലയം|ನಿಲಯ|నిలయం|වලව්ව)(?=\\s*,)")
_TOWN_PIN = re.compile(f"(?<!{_W})({_W}{{3,}})[ \t]*(?:-[ \t]*)?(?<!\\d)([1-9]\\d{{4,5}})(?![\\d/.,-]\\d)")
_BIRTHPLACE = re.compile(
    f"(?<!{_W})"
    + _alt("ಹುಟ್ಟಿದ ಊರು|ಜನ್ಮಸ್ಥಳ|పుట్టిన ఊరు|జన్మస్థలం|ജന്മസ്ഥലം|ജനിച്ച സ്ഥലം|ਜਨਮ ਸਥਾਨ|උපන් ස්ථානය|උපන් ගම")
    + f"(?!{_W})[ \t]*[:：-]?[ \t]*(?P<v>{_W}+(?: {_W}+)?)"
)
_LABELS: tuple[tuple[re.Pattern[str], EntityType, str], ...] = (
    (
        re.compile(
            f"(?<!{_W})"
            + _alt("උපන් දිනය|උපන් දින|ජනනത്തീയതി|ജനനത്തീയതി|ജനന തീയതി|ਜਨਮ ਤਾਰੀਖ|ਜਨਮ ਤਰੀਕ|ಹುಟ್ಟಿದ ದಿನಾಂಕ|ಹುಟ್ಟಿದ ದಿನ")
            + r"[ \t]*[:：-]?[ \t]*(?P<v>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})"
        ),
        EntityType.DATE,
        "south-dob",
    ),
    (
        re.compile(
            f"(?<!{_W})"
            + _alt("දුරකථන අංකය|දුරකථන|ජංගම දුරකථන|ජංගම|ਫੋਨ|ਫ਼ੋਨ")
            + r"[ \t]*[:：-]?[ \t]*(?P<v>\+?\d[\d \t-]{7,15}\d)"
        ),
        EntityType.PHONE,
        "south-phone",
    ),
    (
        re.compile(
            f"(?<!{_W})"
            + _alt("ජාතික හැඳුනුම්පත් අංකය|හැඳුනුම්පත් අංකය|ජා.හැ.අ.|හැඳුනුම්පත|ගමන් බලපත්‍ර අංකය|රියදුරු බලපත්‍ර අංකය")
            + r"[ \t]*[:：-]?[ \t]*(?P<v>[A-Za-z]?\d{6,12}[VvXx]?)(?![A-Za-z0-9])"
        ),
        EntityType.NATIONAL_ID,
        "south-id-label",
    ),
    (
        re.compile(f"(?<!{_W})(?:ගිණුම්|ගිණුමේ)\\s+අංකය[ \t]*[:：-]?[ \t]*(?P<v>\\d[\\d -]{{5,20}}\\d)"),
        EntityType.BANK_ACCOUNT,
        "south-account",
    ),
    (
        re.compile(f"(?<!{_W}){_W}+\\s+අංකය[ \t]*[:：-][ \t]*(?P<v>[A-Za-z0-9][A-Za-z0-9/-]{{3,24}})"),
        EntityType.ID_OTHER,
        "south-id-label",
    ),
    (
        re.compile(f"(?<!{_W})ලිපිනය[ \t]*[:：-][ \t]*(?P<v>[^\n]{{4,120}}?)(?=[\n।!?;]|\\.(?:\\s|$)|$)"),
        EntityType.ADDRESS,
        "south-address-label",
    ),
)
_NIC_OLD = re.compile(r"(?<![A-Za-z0-9])\d{2}(\d{3})\d{4}[VvXx](?![A-Za-z0-9])")
_NIC_NEW = re.compile(r"(?<!\d)(?:19|20)\d{2}(\d{3})\d{5}(?!\d)")
_SINHALA = re.compile("[\u0d80-\u0dff]")


def _day_ok(day: str) -> bool:
    d = int(day)
    return 1 <= d <= 366 or 501 <= d <= 866


def _clause_end(text: str, start: int, limit: int = 140) -> int:
    stop = _SENTENCE_END.search(text, start, min(len(text), start + limit))
    return stop.start() if stop else min(len(text), start + limit)


def _chains(text: str) -> list[Entity]:
    """Comma-separated parts, two with an administrative word, and the part before the first (see the docstring)."""
    found: list[Entity] = []
    anchors = list(_ADMIN_RE.finditer(text))
    if len(anchors) < 2:
        return found
    parts = list(re.finditer(r"[^,،\n।]+", text))
    marked = [any(p.start() <= a.start() < p.end() for a in anchors) for p in parts]
    i = 0
    while i < len(parts):
        if not marked[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(parts) and marked[j + 1]:
            j += 1
        if j > i:
            first = i - 1 if i > 0 and len(parts[i - 1].group().split()) <= 2 else i
            s = parts[first].start() + len(parts[first].group()) - len(parts[first].group().lstrip())
            e = parts[j].end()
            found.append(Entity(EntityType.ADDRESS, s, e, text[s:e].rstrip(" ."), 0.8, "south-address-chain"))
        i = j + 1
    return [Entity(x.type, x.start, x.start + len(x.text), x.text, x.score, x.source) for x in found]


def find_south_values(text: str, about_someone: bool) -> list[Entity]:
    """ADDRESS, LOCATION, DATE, PHONE and ID findings of the module docstring in ``text``."""
    found: list[Entity] = []
    for m in _HOUSE.finditer(text):
        value = text[m.start() : _clause_end(text, m.end())].rstrip(" .,-")
        found.append(Entity(EntityType.ADDRESS, m.start(), m.start() + len(value), value, 0.85, "south-house"))
    found.extend(_chains(text))
    found.extend(
        Entity(EntityType.ADDRESS, m.start(), m.end(), m.group(), 0.8, "south-house-name")
        for m in _HOUSE_NAME.finditer(text)
    )
    if about_someone or found:
        found.extend(
            Entity(EntityType.ADDRESS, m.start(), m.end(), m.group(), 0.75, "south-town-pin")
            for m in _TOWN_PIN.finditer(text)
        )
    found.extend(
        Entity(EntityType.LOCATION, m.start("v"), m.end("v"), m.group("v"), 0.8, "south-birthplace")
        for m in _BIRTHPLACE.finditer(text)
    )
    for pattern, kind, source in _LABELS:
        for m in pattern.finditer(text):
            value = m.group("v").rstrip(" .,-")
            found.append(Entity(kind, m.start("v"), m.start("v") + len(value), value, 0.85, source))
    if _SINHALA.search(text) or "NIC" in text:
        found.extend(
            Entity(EntityType.NATIONAL_ID, m.start(), m.end(), m.group(), 0.85, "lk-nic")
            for rx in (_NIC_OLD, _NIC_NEW)
            for m in rx.finditer(text)
            if _day_ok(m.group(1))
        )
    return found
