"""Postal addresses in the shapes :mod:`.addresses` (Latin capitalisation, English and European
street words) does not reach: other scripts' address grammar, lower-case writing, and national
postcodes that are distinctive on their own.

- Chinese: a place name ending in 路/街/大道/巷/弄/胡同 followed by a number and 号 (a lane first:
  ``路1288弄6号``; optionally 楼,
  室, 栋 …), and the province/city/district chain (省/市/区/县/镇) in front of it;
- Japanese: 丁目-番-号 blocks (``北沢2-14-7``, ``2丁目14番7号``, ``2丁目4-9``) after a place name, and ``〒123-4567``;
- Korean road-name addresses: a name ending in 로/길/대로 and a building number (``테헤란로 152``);
- Arabic and Hebrew: a street word (شارع، طريق، حي / רחוב, שדרות) and the name after it;
- Russian and Ukrainian: ``ул.``/``улица``/``проспект``/``пер.``/``наб.`` … with a name, and the
  house (``д. 45``) in either order (``Профсоюзная, д. 45``);
- Vietnamese: a house number followed by a street name after ``đường``/``phố``/``số`` (lanes and alleys
  between: ``số 18 ngõ 102 phố …``, ``hẻm 45/12 …``), or before
  ``Phường``/``Quận``/``TP``;
- European street names written as one word with a street ending (``Kastanienallee 7``,
  ``Prinsengracht 263``) or after a lower-case street word (``calle Mayor 5``, ``rua das Flores 12``);
- English in lower case: a house number, a name and a street word (``14 kingsley rd``);
- postcodes that need no label: UK (``LS6 2AA``, any case), Dutch (``1016 GV``), Japanese (``〒``),
  Canadian (``K1A 0B1``).

Each finding is an ADDRESS (a LOCATION placeholder). A street with its house number scores 0.86,
above a name inside it ("avenida de la Paz 14" is one address, not a person called Paz) and
below the checksummed identifiers; postcodes alone score lower.
"""

from __future__ import annotations

import re

from .addresses_local import find_local_addresses
from .entities import Entity, EntityType
from .label_starts import label_scanner

__all__ = ["find_international_addresses"]

_HAN = "\u4e00-\u9fff"
_KANA = "\u3040-\u30ff"
_DIGITS = "0-9０-９"
# words that do not make a street name ("2 of them in the lane" is not an address)
_STOP = "(?:of|in|the|a|an|to|and|or|on|at|for|by|with|is|are|was|more|other|my|your|our|new|old|big|down|up)"

_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = (
    # Chinese: [省][市][区/县][镇/乡/街道] + 路/街 + 号 (+ 楼/室/栋/单元)
    (
        re.compile(
            rf"(?:[{_HAN}]{{2,8}}(?:省|自治区))?(?:[{_HAN}]{{2,8}}市)?(?:[{_HAN}]{{1,8}}(?:区|县))?"
            rf"(?:[{_HAN}]{{1,8}}(?:镇|乡|街道))?[{_HAN}]{{1,10}}(?:路|街|大道|大街|巷|弄|胡同|道)"
            # a space may stand between Han characters and digits (mixed typesetting: "中山路 221号")
            rf"[ \u3000]?(?:[{_DIGITS}]{{1,5}}(?:弄|巷))?[{_DIGITS}]{{1,5}}[ \u3000]?号(?:院)?"
            rf"(?:[{_DIGITS}]{{1,4}}(?:号楼|栋|幢|单元|楼|层|室))*"
        ),
        0.86,
    ),
    # Japanese: place + 丁目-番-号 (digits with dashes or the kanji forms)
    (
        re.compile(
            rf"[{_HAN}{_KANA}]{{0,11}}[{_HAN}](?:[{_DIGITS}]{{1,3}}丁目[{_DIGITS}]{{1,4}}番(?:地)?(?:[{_DIGITS}]{{1,4}}号)?|"
            rf"[{_DIGITS}]{{1,3}}丁目[{_DIGITS}]{{1,4}}(?:[-－−‐][{_DIGITS}]{{1,4}})?(?![{_DIGITS}])|"
            rf"[{_DIGITS}]{{1,3}}[-－−‐][{_DIGITS}]{{1,4}}[-－−‐][{_DIGITS}]{{1,4}})"
        ),
        0.86,
    ),
    (re.compile(rf"〒\s?[{_DIGITS}]{{3}}[-－−][{_DIGITS}]{{4}}"), 0.9),
    # Korean road-name address: …로/길/대로 + building number (+ -sub) (+ 동/호)
    (
        re.compile(
            rf"[가-힣{_DIGITS}]{{1,12}}(?:대로|로|길)\s?[{_DIGITS}]{{1,5}}(?:-[{_DIGITS}]{{1,4}})?"
            # "버스로 10분" is "10 minutes by bus", "올레길 7코스" a trail's course, "둘레길 12구간" its section
            rf"(?![{_DIGITS}]|\s?(?:[분초시간개명원년월일번회층%]|코스|구간|단계|코너|킬로|km|출구|호선))"
            rf"(?:,?\s?[{_DIGITS}]{{1,4}}동)?(?:\s?[{_DIGITS}]{{1,5}}호)?"
        ),
        0.86,
    ),
    # Arabic: street / road / quarter words and up to four words of name (+ a number)
    (re.compile(r"(?:شارع|جادة|ش\.)\s+[\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+){0,3}(?:\s*،?\s*\d{1,5})?"), 0.86),
    # Hebrew: street words and the name (+ a number)
    (
        re.compile(r"(?:רחוב|רח'|שדרות|שד'|סמטת)\s+[\u0590-\u05ff\"']+(?:\s+[\u0590-\u05ff\"']+){0,2}(?:\s+\d{1,5})?"),
        0.86,
    ),
    # Russian / Ukrainian: street word + name (+ house), or name + house
    (
        re.compile(
            r"(?i:ул\.|улица|вул\.|вулиця|пр-т|просп\.|проспект|пер\.|переулок|провулок|наб\.|набережная|ш\.|шоссе|"
            r"б-р|бульвар|пл\.|площадь|мкр\.?|микрорайон)\s*[А-ЯЁЇІЄҐа-яёїієґ0-9][А-ЯЁЇІЄҐа-яёїієґ0-9 .-]{1,30}?"
            r"(?:,\s*(?:д\.|дом|буд\.)\s*\d{1,4}[а-я]?(?:,\s*(?:кв\.|квартира)\s*\d{1,4})?)?(?=[,.;\n]|$)"
        ),
        0.86,
    ),
    (
        re.compile(
            r"[А-ЯЁЇІЄҐ][а-яёїієґ]+(?:\s+(?:ул\.|улица|пр\.|вул\.))?,\s*(?:д\.|дом|буд\.)\s*\d{1,4}[а-я]?"
            r"(?:,\s*(?:кв\.|квартира)\s*\d{1,4})?"
        ),
        0.86,
    ),
    # Vietnamese: number + street name after đường/phố/số, or before Phường/Quận/TP
    (
        re.compile(
            r"(?:(?i:số|đường|phố|ngõ|ngách|hẻm|kiệt)\s+)\d{1,5}[A-Za-z]?(?:/\d{1,4})?"
            r"(?:\s+(?i:ngõ|ngách|hẻm|kiệt)\s+\d{1,5}[A-Za-z]?(?:/\d{1,4})?){0,2}\s+(?:(?i:đường|phố)\s+)?"
            r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,4}"
        ),
        0.86,
    ),
    # Korean apartment or villa: (complex name +) building 동 + unit 호 ("청실아파트 105동 1203호", "3동 201호")
    (
        re.compile(
            rf"(?:[가-힣A-Za-z{_DIGITS}]{{0,12}}(?:아파트|빌라|맨션|오피스텔|빌딩|타워|하이츠|캐슬|주공|연립)\s?)?"
            rf"[{_DIGITS}]{{1,4}}동\s?[{_DIGITS}]{{1,5}}호"
        ),
        0.86,
    ),
    # Greek streets named in the genitive with no street word ("στην Εγνατίας 102", "Πατησίων 145", "Ερμού 27"):
    # a capitalised genitive (one or two words) and a house number of up to three digits (a year is no house)
    (
        re.compile(
            r"(?<![^\W\d_])(?:[Α-ΩΆ-Ώ][α-ωά-ώ]+\s+)?(?!(?:Ιανουαρ|Φεβρουαρ|Μαρτ|Απριλ|Μα[ΐι]|Ιουν|Ιουλ|Αυγο[υύ]στ|"
            r"Σεπτεμβρ|Οκτωβρ|Νοεμβρ|Δεκεμβρ|Κεφαλα|Άρθρ|Αρθρ|Παραγρ|Σελίδ|Τάξ|Ομάδ|Έτ|Φάσ|Κατηγορ)[α-ωά-ώ]*\s)"
            r"[Α-ΩΆ-Ώ][α-ωά-ώ]{2,}(?:ου|ού|ας|άς|ης|ής|ων|ών)\s+\d{1,3}[α-ω]?(?![\d%°]|[,.]\d|\s?(?:ευρώ|€|χρον|ετ|λεπτ|ώρ|μέρ|km|χλμ))"
        ),
        0.8,
    ),
    (
        re.compile(
            r"\b\d{1,5}[A-Za-z]?(?:/\d{1,4})?\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,4}"
            r"(?=,\s*(?:P\.|Phường|Q\.|Quận|Huyện|TP\.?|Thành phố|Hà Nội))"
        ),
        0.86,
    ),
    # European one-word street names with a street ending, and a house number (the word boundary is a look-behind
    # after the capital, here and in the English pattern below after the first digit: the same matches, and the
    # engine skips straight to capitals and digits)
    (
        re.compile(
            r"[A-ZÄÖÜÅÆØ](?<!\w.)[a-zäöüßåæøéèàáíóúñ]+(?:allee|straße|strasse|gasse|weg|ufer|damm|platz|markt|steig|"
            r"pfad|chaussee|gracht|straat|laan|kade|singel|dijk|plein|steeg|vej|gade|gatan|vägen|torget|katu)"
            r"\s+\d{1,5}(?:\s?[a-zA-Z])?\b"
        ),
        0.84,  # below :mod:`.addresses` (0.85), which grows a longer span over the same street
    ),
    # a lower-case (or any-case) street word before a capitalised name, and a house number
    (
        re.compile(
            r"(?i:\b(?:calle|c/|avenida|avda\.|av\.|rua|travessa|via|viale|corso|piazza|rue|boulevard|bd|"
            r"chemin|ulica|ul\.|aleja|al\.|plac)\s+)(?:(?:de|del|la|las|los|das|dos|da|do|di|della|du|des|le)\s+){0,2}"
            r"[A-ZÁÉÍÓÚÑÇÀÈÌÒÙÂÊÎÔÛŁŚŻŹĆŃ][\wáéíóúñçàèìòùâêîôûłśżźćńęą'-]+"
            r"(?:\s+(?:de|del|la|das|dos|da|di|du|des|[A-ZÁÉÍÓÚÑÇŁŚŻ][\wáéíóúñçłśżźćńęą'-]+)){0,3},?\s+\d{1,5}[a-zA-Z]?\b"
        ),
        0.84,  # below :mod:`.addresses` (0.85), which grows a longer span over the same street
    ),
    # English in lower case: house number + name + street word
    (
        re.compile(
            rf"(?i)\d(?<!\w\d)\d{{0,4}}[a-z]?\s+(?:(?!{_STOP}\b)[a-z][a-z'-]+\s+){{1,3}}"
            r"(?:rd|road|street|st|ave|avenue|ln|lane|dr|drive|blvd|boulevard|crescent|terrace|mews)\b\.?"
        ),
        0.7,  # below :mod:`.addresses`, which grows the same start over the town and postcode
    ),
    # UK postcodes (any case), Dutch postcodes, Canadian postcodes
    (re.compile(r"(?i)\b(?:[a-z]{1,2}\d[a-z\d]?|gir)\s+\d[abd-hjlnp-uw-z]{2}\b"), 0.75),
    (re.compile(r"\b[1-9]\d{3}\s?(?!SS|SA|SD)[A-Z]{2}(?=\s+[A-Z][a-z]{2,})"), 0.7),  # "1016 GV Amsterdam"
    (re.compile(r"\b[A-Z]\d[A-Z]\s\d[A-Z]\d\b"), 0.75),
    # Irish Eircodes: a routing key (a letter and two digits, or D6W) and a unique part of four letters and digits
    # mixed ("D6W XK27", "A65 F4E2", "W91 K2T8")
    (
        re.compile(
            r"\b(?:[AC-FHKNPRTV-Y]\d\d|D6W)\s(?=[0-9]*[AC-FHKNPRTV-Y])(?=[AC-FHKNPRTV-Y]*\d)[0-9AC-FHKNPRTV-Y]{4}\b"
        ),
        0.75,
    ),
    # Greek: a street word (οδός, Λεωφόρος, πλατεία …, also in the genitive and accusative: "κάτοικος οδού Εγνατίας
    # 112", "στη Λεωφόρο …") and its name, with the number after ("Λεωφόρος Αλεξάνδρας 112")
    (
        re.compile(
            r"(?<![^\W\d_])(?:[Οο]δ(?:ός|ού|ό|\.)|[Λλ]εωφ(?:όρος|όρου|όρο|\.)|[Ππ]λατεί(?:α|ας)|[Ππ]άροδος|[Ππ]αρόδου)\s+"
            r"[\u0386-\u03ff][\u0370-\u03ff.]+(?:\s+[\u0386-\u03ff][\u0370-\u03ff.]+){0,3}\s+\d{1,4}[α-ω]?(?!\d)"
        ),
        0.86,
    ),
    # a street of capitalised words (and German "Am", "An der", "Im" …) with its house number, right before a
    # five-digit postcode and a town: "Am Mühlbach 7a, 86150 Augsburg", "Via dei Mille 12, 20121 Milano"
    (
        re.compile(
            r"(?<![^\W\d_])(?:(?:[A-ZÄÖÜÀ-ÝŁŚŻ][\wäöüß'.-]+|am|an|auf|im|in|zum|zur|der|dem|den|die|de|del|dei|"
            r"della|di|du|des|la|le)\s+){1,5}(?!(?:19|20)\d\d\b)\d{1,4}\s?[a-zA-Z]?(?=,?\s+\d{5}\s+[A-ZÄÖÜÀ-Ý])"
        ),
        0.84,
    ),
    # Czech and Slovak streets named by an adjective or a genitive, with no street word ("Husova 18, Brno",
    # "Vinohradská 1842/112, Praha 3"), before a comma and a town or a postcode
    (
        re.compile(
            r"(?<![^\W\d_])[A-ZČŘŠŽÁÍÚ][a-záčďéěíňóřšťúůýž]+(?:ova|ská|cká|ní|ého)\s+\d{1,4}(?:/\d{1,4})?[a-z]?"
            r"(?=,?\s+(?:[A-ZČŘŠŽ]|\d{3}\s?\d{2}))"
        ),
        0.84,
    ),
)


# What each pattern of _PATTERNS cannot match without (same order): a pattern whose script or key
# character is absent from the text is skipped (one cheap scan each, most texts are in Latin script).
_NEEDS: tuple[re.Pattern[str] | None, ...] = (
    re.compile("号"),
    re.compile(rf"[{_HAN}]"),
    re.compile("〒"),
    re.compile("[로길]"),
    re.compile(r"[\u0600-\u06ff]"),
    re.compile(r"[\u0590-\u05ff]"),
    re.compile(r"[\u0400-\u04ff\u1c80-\u1c88]"),  # case-insensitive: also the Cyrillic Extended-C forms
    re.compile(r"[\u0400-\u04ff]"),
    re.compile(r"[^\x00-\x7f]"),  # số / đường / phố
    re.compile("호"),
    re.compile(r"[\u0370-\u03ff]\s+\d"),
    re.compile(r",\s*(?:P\.|Phường|Q\.|Quận|Huyện|TP|Thành phố|Hà Nội)"),
    None,
    None,
    None,
    re.compile(r"(?i:\s\d[abd-hjlnp-uw-z]{2}\b)"),  # the inward code of a UK postcode
    re.compile(r"\d\s?[A-Z]{2}\s"),
    re.compile(r"\d[A-Z]\s\d"),
    re.compile(r"[\dW]\s[0-9AC-FHKNPRTV-Y]{4}"),
    re.compile(r"[\u0370-\u03ff]"),
    re.compile(r"\s\d{5}\s"),
    re.compile(r"[aáío]\s\d"),  # the street word ends in -ova, -ská, -cká, -ní or -ého
)
_NON_LATIN = 11  # the patterns before this index need a character outside ASCII
# each pattern tried only where one of its street words starts, where they can be read (see label_starts)
_SCANS = tuple(label_scanner(pattern) for pattern, _ in _PATTERNS)


def find_international_addresses(text: str) -> list[Entity]:
    found: list[Entity] = []
    ascii_only = text.isascii()
    for k, (_, score) in enumerate(_PATTERNS):
        needs = _NEEDS[k]
        if needs is not None and ((ascii_only and k < _NON_LATIN) or needs.search(text) is None):
            continue
        for match in _SCANS[k].finditer(text):
            value = match.group().rstrip(" ,.;")
            if len(value) < 4:
                continue
            start = match.start() + (len(match.group()) - len(match.group().lstrip()))
            end = match.start() + len(match.group().rstrip(" ,.;"))
            found.append(Entity(EntityType.ADDRESS, start, end, text[start:end], score, "address-intl"))
    found.extend(find_local_addresses(text))  # lanes and floors, blocks of flats, villages, house-number labels
    return found
