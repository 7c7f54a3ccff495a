"""Postal addresses as written in Thailand, Indonesia, Iran, Bangladesh, East Africa and the Philippines.

Each country's addresses are a chain of parts that start with a word of their own:

- **Thai** (parts separated by spaces, words run together inside them): house number ("45/12"),
  หมู่/ม. + number, ซอย/ซ., ถนน/ถ., ตำบล/ต. or แขวง, อำเภอ/อ. or เขต, จังหวัด/จ., กรุงเทพฯ, a five-digit
  postcode;
- **the others** (parts separated by commas or "،"): Indonesian Jl./Jalan, Gg., No., RT/RW, Kel.,
  Kec., Kab., Kota; Persian خیابان, کوچه, بلوار, پلاک, واحد, طبقه, کد پستی; Bengali বাড়ি, রোড, সড়ক,
  ফ্ল্যাট, গ্রাম, ডাকঘর, থানা, উপজেলা, জেলা; Swahili Mtaa, Barabara, Nyumba Na., S.L.P., Kijiji,
  Wilaya, Mkoa; Filipino Brgy./Barangay, Purok, Sitio, Blk./Lot, "123 Rizal St.", Lungsod ng.

A chain is an address when two of its parts start with such a word, or one strong part has its
number (house, plot or post-box number: "Jl. Kemang No. 15", "پلاک ۱۲", "S.L.P. 12345"). Up to two
short parts without a word of their own follow it (the city and its postcode: "ধানমন্ডি, ঢাকা ১২০৫").
"""

from __future__ import annotations

import re
import unicodedata

from .entities import Entity, EntityType

__all__ = ["find_regional_addresses"]


def _view_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled as the detection view writes text (NFKC: "ำ" is "ํา", "ড়" is "ড়")."""
    return re.compile(unicodedata.normalize("NFKC", pattern), flags)


_TH_KEYWORD = _view_re(
    r"ซอย|ซ\.|ถนน|ถ\.|หมู่ที่|หมู่บ้าน|หมู่|ม\.|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.|กรุงเทพมหานคร|กรุงเทพฯ|กทม\.?|"
    r"บ้านเลขที่|เลขที่|อาคาร|คอนโด|ชั้น|ห้อง|รหัสไปรษณีย์"
)
_TH_NUMBER = _view_re(r"\d{1,5}(?:/\d{1,5})?[,.]?")
_CHUNK = _view_re(r"\S+")

_KEYWORDS: dict[str, str] = {
    "id": r"Jl\.|Jln\.|Jalan|Gg\.|Gang|No\.|Nomor|Blok|RT\.?|RW\.?|Kel\.|Kelurahan|Desa|Ds\.|Dusun|Dsn\.|Kec\.|"
    "Kecamatan|"
    r"Kab\.|Kabupaten|Kota|Prov\.|Provinsi|Perum\.?|Perumahan|Komp\.|Kompleks|Komplek|Apartemen|Tower|Lantai|Kode Pos",
    "fa": r"خیابان|خ\.|کوچه|ک\.|بلوار|میدان|پلاک|واحد|طبقه|بن‌بست|بن بست|نبش|کد پستی|کدپستی|شهرک|محله|جاده|"
    r"بزرگراه|ساختمان|برج|مجتمع|استان|شهرستان|"
    # Urdu, in the same script: "مکان نمبر 45، گلی نمبر 3، ماڈل ٹاؤن"
    r"مکان نمبر|گلی نمبر|فلیٹ نمبر|پلاٹ نمبر|ہاؤس نمبر|مکان|گلی|محلہ|سیکٹر|بلاک|روڈ|ٹاؤن|کالونی|تحصیل|ضلع",
    "bn": r"সাং|সাকিন|বাড়ি নং|বাড়ি|বাসা নং|বাসা|রোড নং|রোড|সড়ক|লেন|ফ্ল্যাট|ফ্লাট|ব্লক|সেক্টর|গ্রাম|ডাকঘর|"
    "পোস্ট অফিস|পোস্ট|থানা|"
    r"উপজেলা|জেলা|হোল্ডিং|মহল্লা|ওয়ার্ড|ইউনিয়ন|বিভাগ",
    "sw": r"Mtaa wa|Mtaa|Barabara ya|Barabara|Nyumba Na\.|Nyumba namba|Nyumba No\.|Nyumba|Kitalu|Plot|S\.L\.P\.?|SLP|"
    # a house and its number in lower case, mid-sentence ("naishi Kilimani, nyumba Na. 14")
    r"nyumba Na\.|nyumba namba|nyumba No\.|"
    r"Sanduku la Posta|Kijiji cha|Kijiji|Kitongoji|Wilaya ya|Wilaya|Mkoa wa|Mkoa|Kata ya|Kata|Tarafa|P\.O\. Box",
    "tl": r"Brgy\.|Bgy\.|Barangay|Purok|Sitio|Blk\.|Block|Lot|Phase|Subd\.|Subdivision|Village|Lungsod ng|Bayan ng|"
    r"Lalawigan ng|Probinsya ng|Province of|City of|\d{1,5}[A-Z]? (?:[A-Z][a-z]+ ){1,3}(?:St\.|Street|Ave\.|"
    r"Avenue|Road|Rd\.|Blvd\.)",
}
# Parts that make an address alone when they carry their number.
_STRONG: dict[str, str] = {
    # housing estates carry their block and house number: "Perumahan Griya Asri Blok C5 No. 9"
    "id": r"Jl\.|Jln\.|Jalan|Gg\.|RT\.?|Perum\.?|Perumahan|Komp\.|Kompleks|Komplek|Apartemen",
    "fa": r"پلاک|کد پستی|کدپستی|مکان نمبر|گلی نمبر|فلیٹ نمبر|پلاٹ نمبر|ہاؤس نمبر",
    "bn": r"সাং|সাকিন|বাড়ি নং|বাড়ি|বাসা নং|বাসা|হোল্ডিং|ফ্ল্যাট",
    "sw": r"S\.L\.P\.?|SLP|Sanduku la Posta|P\.O\. Box|Nyumba Na\.|nyumba Na\.|nyumba namba|Kitalu|Plot",
    "tl": r"Brgy\.|Barangay|Blk\.|\d{1,5}[A-Z]? (?:[A-Z][a-z]+ ){1,3}(?:St\.|Street|Ave\.|Avenue|Road|Rd\.|Blvd\.)",
}
_WORD_END = {"bn": r"(?![\u0980-\u09ff])", "fa": r"(?![\u0621-\u06d2])"}
_KEYWORD_RE = {
    lang: _view_re("(?:" + words + ")" + _WORD_END.get(lang, r"(?![^\W\d_])")) for lang, words in _KEYWORDS.items()
}
# What may not stand before a keyword (checked after the search: a look-behind would be tried at every position).
_BEFORE = {
    lang: re.compile({"bn": "[\u0980-\u09ff]", "fa": "[\u0621-\u06d2]"}.get(lang, r"[^\W\d_]")) for lang in _KEYWORDS
}
_STRONG_RE = {lang: _view_re("(?:" + words + ")") for lang, words in _STRONG.items()}
# A part ends at a comma, a semicolon, a line break, a danda, or a full stop after a word of five letters or a
# number ("Nairobi. ", "12730. "); abbreviations ("Brgy. ", "No. ") are shorter.
_PART_END = re.compile(r"[,،;؛\n|।!?؟]|\.(?=\s|$)")
_ABBREVIATION = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,4}$")  # "Brgy", "No", "S.L.P": a full stop after it ends nothing
_DIGIT = _view_re(r"\d")


def _thai(text: str) -> list[Entity]:
    out: list[Entity] = []
    chunks = list(_CHUNK.finditer(text))
    i = 0
    while i < len(chunks):
        first = _TH_KEYWORD.search(chunks[i].group())
        number_first = _TH_NUMBER.fullmatch(chunks[i].group()) is not None
        if first is None and not number_first:
            i += 1
            continue
        start = chunks[i].start() + (first.start() if first and not number_first else 0)
        keywords = numbers = 0
        j = i
        while j < len(chunks):
            word = chunks[j].group()
            if _TH_NUMBER.fullmatch(word):
                numbers += 1
            elif _TH_KEYWORD.match(word) or (j == i and first is not None):
                keywords += 1
            else:
                break
            j += 1
        # a run of numbers alone, or one that ends before its first keyword, starts over at the next chunk
        if keywords >= 2 or (keywords >= 1 and numbers >= 2):
            end = chunks[j - 1].end()
            value = text[start:end].rstrip(",.")
            out.append(Entity(EntityType.ADDRESS, start, start + len(value), value, 0.87, "th-address"))
            i = j
        else:
            i += 1
    return out


def _parts(text: str, lo: int) -> list[tuple[int, int]]:
    """The parts of the sentence from ``lo``: spans between part ends, at most 12, stopping at a sentence end."""
    parts: list[tuple[int, int]] = []
    pos = lo
    for m in _PART_END.finditer(text, lo):
        if m.group() == "." and _ABBREVIATION.search(text, max(lo, m.start() - 6), m.start()):
            continue
        parts.append((pos, m.start()))
        pos = m.end()
        if m.group() not in ",،;؛" or len(parts) >= 12:
            return parts
    parts.append((pos, len(text)))
    return parts


def _chain(text: str, lang: str) -> list[Entity]:
    out: list[Entity] = []
    keyword_re, strong_re, before = _KEYWORD_RE[lang], _STRONG_RE[lang], _BEFORE[lang]
    pos = 0
    while (m := keyword_re.search(text, pos)) is not None:
        if m.start() and before.match(text, m.start() - 1):
            pos = m.start() + 1
            continue
        parts = _parts(text, m.start())
        keywords = strong = 0
        last = m.start()
        k = 0
        for k, (s, e) in enumerate(parts):
            body = text[s:e].strip()
            if not (k == 0 or keyword_re.match(body)):
                break
            keywords += 1
            strong += bool(strong_re.match(body) and _DIGIT.search(body))
            last = e
        else:
            k = len(parts)
        if keywords >= 2 or strong:
            for s, e in parts[k : k + 2]:  # the city, the postcode
                body = text[s:e].strip()
                if not body or len(body) > 30 or len(body.split()) > 3 or keyword_re.search(body):
                    break
                if body.isascii() and not (body[0].isupper() or body[0].isdigit()):
                    break  # in Latin script a town is capitalised: "saya mau kirim" is no part of it
                last = e
            value = text[m.start() : last].rstrip(" .,،")
            score = 0.87 if strong or _DIGIT.search(value) else 0.8  # a numbered chain over a street-name guess
            out.append(Entity(EntityType.ADDRESS, m.start(), m.start() + len(value), value, score, f"{lang}-address"))
            pos = max(last, m.end())
        else:
            pos = m.end()
    return out


def find_regional_addresses(text: str, langs: frozenset[str]) -> list[Entity]:
    """Addresses in the forms of the regional languages of ``text``."""
    out: list[Entity] = []
    if "th" in langs:
        out.extend(_thai(text))
    for lang in ("id", "fa", "bn", "sw", "tl"):
        if lang in langs:
            out.extend(_chain(text, lang))
    return out
