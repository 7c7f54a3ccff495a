"""Dates, addresses and identity numbers as Central Asian, South Slavic and Hebrew requests write them.

The eighth (blind) leak set lost values in Kazakh, Serbian, Hebrew and Uzbek requests; the class examples written for
it (tests/privacy/data/classes_kk_sr_he/) showed what the general finders miss in these languages:

- **dates with the languages' month names** (curated from general knowledge): Kazakh (Cyrillic, and the Latin
  alphabet of 2021), Kyrgyz, Uzbek (Latin and Cyrillic), Tajik, Serbian/Bosnian/Montenegrin (both scripts, nominative
  and genitive: ``14. марта 1985``, ``2. novembra 1961``), Macedonian, Hebrew (``3 במרץ 1979``). A day, the month and
  a four-digit year together (the second sign: a month name alone is a month); the Kazakh and Uzbek order with its
  year word first: ``1958 жылғы 23 маусымда``, ``1990-yil 5-mart``;
- **street addresses with their house and flat words**: the street word after the name (көшесі, даңғылы, көчөсү,
  проспекти, ko'chasi) or before it (улица/ul., булевар, кӯчаи, ул.), then a house number, then a flat or a
  building number (``150-үй, 42-пәтер``, ``73, стан 12``, ``бр. 12``, ``хонаи 12``); the number is the second sign;
- **identity numbers by their checksums and labels**: the Kazakh IIN/BIN (12 digits, two weighted mod-11 passes),
  the Yugoslav JMBG/EMBG (13 digits: day, month, year, region, mod-11 check; written out here, python-stdnum has no
  module for it), the Israeli ID (9 digits, Luhn-like: ``stdnum.il.idnr``), each after its label (ЖСН, ИИН, JSN,
  IIN; ЈМБГ, JMBG, ЕМБГ; ת.ז., תעודת זהות, מספר זהות) or, for the IIN and JMBG, by a valid checksum *and* a valid
  birth date inside the number; the Uzbek and Kyrgyz personal numbers (JSHSHIR/ПИНФЛ/ПИН, 14 digits) and passport
  numbers after their label in these languages (паспорт, pasport, pasoš, шиноснома, төлқұжат, דרכון).

One regex search decides whether a text can hold any of it (a Cyrillic or Hebrew letter, or one of the Latin-script
words above); other texts pay nothing more.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.il import idnr

from .entities import Entity, EntityType
from .language import guess_language
from .normalize import lower_view

__all__ = ["find_central_asian_values", "valid_iin", "valid_jmbg"]

_LATIN_WORDS = (
    r"jmbg|embg|iin|jsn|jshshir|pinfl|ulica|ul\.|bulevar|ko['‘ʻ’]?chasi|pasport|paso[šs]|päter|üi|"
    r"januar|februar|mart|april|maj|jun|jul|avgust|august|septemb|oktob|novemb|decemb|"
    r"yanvar|fevral|aprel|iyun|iyul|sentabr|oktabr|noyabr|dekabr|qañtar|aqpan|nauryz|säuır|mamyr|mausym|"
    r"şılde|tamyz|qyrküiek|qazan|qaraşa|jeltoqsan"
)
# searched in the text's lower-case view (shared with other finders): a case-blind pattern is several times slower
_TRIGGER = re.compile(rf"[\u0400-\u04ff\u0590-\u05ff]|\b(?:{_LATIN_WORDS})")

# Month names (stems that take the languages' case endings), per month 1..12.
_MONTHS: tuple[tuple[str, ...], ...] = (
    ("қаңтар", "qañtar", "январ", "yanvar", "januar", "јануар", "јануари", "ינואר"),
    ("ақпан", "aqpan", "феврал", "fevral", "februar", "фебруар", "февруари", "פברואר"),
    ("наурыз", "nauryz", "март", "mart", "марта", "מרץ", "מארס"),
    ("сәуір", "säuır", "апрел", "aprel", "april", "април", "אפריל"),
    ("мамыр", "mamyr", "май", "may", "maj", "мај", "מאי"),
    ("маусым", "mausym", "июн", "iyun", "jun", "јун", "јуни", "יוני"),
    ("шілде", "şılde", "июл", "iyul", "jul", "јул", "јули", "יולי"),
    ("тамыз", "tamyz", "август", "avgust", "августа", "август", "אוגוסט"),
    ("қыркүйек", "qyrküiek", "сентябр", "sentabr", "septemb", "септемб", "сентябр", "ספטמבר"),
    ("қазан", "qazan", "октябр", "oktabr", "oktob", "октоб", "октомври", "אוקטובר"),
    ("қараша", "qaraşa", "ноябр", "noyabr", "novemb", "новемб", "ноември", "נובמבר"),
    ("желтоқсан", "jeltoqsan", "декабр", "dekabr", "decemb", "децемб", "декември", "דצמבר"),
)
_MONTH_OF = {name: k + 1 for k, names in enumerate(_MONTHS) for name in names}
_MONTH = "|".join(sorted(_MONTH_OF, key=len, reverse=True))
_TAIL = r"[a-zа-яёәғқңөұүһіўҳӣӯçşäöüñı'ʻ]{0,5}"  # case endings: марта, novembra, маусымда, апрели, martda
_DAY = r"(?P<day>[0-3]?\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# 14. марта 1985, 2. novembra 1961, 7 qaraşa 1992, 12 апрели 1987, 3 במרץ 1979 / ב-3 במרץ 1979, 5-mart 1990
_DATE_DMY = re.compile(
    rf"(?<!\d){_DAY}(?:\.|-)?\s*[בל]?-?(?P<month>{_MONTH}){_TAIL}\.?,?\s+{_YEAR}(?!\d)",
    re.IGNORECASE,
)
# 1958 жылғы 23 маусымда, 1990-yil 5-mart, 1987 с. 12 апрел
_DATE_YDM = re.compile(
    rf"(?<!\d){_YEAR}(?:\s*|-)(?:жылғы|жылы|ж\.|жылдын|-?yil(?:ning)?|йил(?:нинг)?|соли|с\.)\s+{_DAY}(?:-|\s)?"
    rf"(?P<month>{_MONTH}){_TAIL}",
    re.IGNORECASE,
)

# Street words after the street's name, and before it.
_NAME_WORD = r"[A-ZА-ЯЁЂЈЉЊЋЏЅЃЌӘҒҚҢӨҰҮҺІЎҲӢӮ][\w'‘ʻ’.-]*"
_ANY_WORD = r"[\w'‘ʻ’.-]+"
_STREET_AFTER = (
    r"(?i:көшесі|даңғылы|проспектісі|шағын\s+ауданы|көчөсү|проспекти|ko['‘ʻ’]?chasi|кўчаси|mavzesi|d-ly|köşesı)"
)
_STREET_BEFORE = r"(?i:улица|ул\.|ulica|булевар|бул\.|bulevar|кӯчаи|хиёбони|шоҳроҳи|бульвар)"
_HOUSE = r"\d{1,4}[a-zа-я]?(?:/\d{1,3})?(?:\s*-\s*(?:үй|üi|уй|үй-жай))?"
_FLAT = (
    r"(?:[,;]?\s*(?:\d{1,4}\s*-\s*(?:пәтер|päter|батир|xonadon|kv\.?|үй|üi|уй)|"
    r"(?:пәтер|päter|кв\.|кв|стан|stan|хонаи|xonadon|kvartira|квартира|бр\.|br\.|broj|број|sprat|спрат|батир)\s*\d{1,4}))"
)
# the postcode and the town after the address ("…, 11000 Београд", "…, 31-444 Kraków"): one finding with it
_CITY_WORD = r"[A-ZА-ЯЁЂЈЉЊЋЏЅЃЌӘҒҚҢӨҰҮҺІЎҲӢӮ\u05d0-\u05ea][^\W\d_]*(?:-[^\W\d_]+)?"
_POSTCODE_CITY = rf"(?:,?\s+(?:\d{{2}}-\d{{3}}|\d{{4,7}})(?!\d)(?:\s+{_CITY_WORD}(?: {_CITY_WORD})?)?)"
_ADDRESS = re.compile(
    rf"(?:{_NAME_WORD}(?:\s+{_ANY_WORD}){{0,2}}\s+{_STREET_AFTER}|{_STREET_BEFORE}\s+{_ANY_WORD}(?:\s+{_ANY_WORD}){{0,2}}?)"
    rf"(?:,\s*|\s+)(?:(?:бр\.|br\.|№|No\.?)\s*)?{_HOUSE}(?!\d){_FLAT}{{0,2}}{_POSTCODE_CITY}?",
)

# Labels of identity numbers (the value follows, after ":" / "№" / "nr." / "нөмірі" …).
_GAP = r"(?:\s*(?:[:：№#]|(?i:nr|no)\.?|br\.?|бр\.?|нөмірі|номер|raqami|рақами|מספר|broj|број)\s*)*\s*"
_IIN_LABEL = re.compile(rf"(?<!\w)(?:ЖСН|ИИН|БСН|БИН|IIN|JSN|BIN|BSN)(?!\w){_GAP}(?P<v>\d{{12}})(?!\d)")
_JMBG_LABEL = re.compile(
    rf"(?i:(?<!\w)(?:ЈМБГ|JMBG|ЕМБГ|EMBG|матични број|matični broj)(?!\w)){_GAP}(?P<v>\d{{13}})(?!\d)"
)
_IL_LABEL = re.compile(rf"(?:ת\.ז\.?|ת\"ז|ת״ז|תעודת זהות|מספר זהות|מס' זהות){_GAP}(?P<v>\d{{8,9}})(?!\d)")
_PIN_LABEL = re.compile(rf"(?i:(?<!\w)(?:JSHSHIR|ЖШШИР|PINFL|ПИНФЛ|ПИН|PIN)(?!\w)){_GAP}(?P<v>\d{{14}})(?!\d)")
_PASSPORT = re.compile(
    rf"(?i:(?<!\w)(?:паспорт\w*|pasport\w*|paso[šs]\w*|пасош\w*|шиноснома\w*|төлқұжат\w*|tölqūjat\w*|"
    rf"pasaport\w*|жеке куәлі\w*|ličn\w* kart\w*|личн\w* карт\w*|דרכון|בדרכון))"
    rf"(?:\s+(?:number|raqami|рақами|нөмірі|broj|број|бр\.|מספר|№|nr\.?|серия|seriya))?"
    rf"{_GAP}(?P<v>[A-ZА-Я]{{0,2}}\s?\d{{6,9}})(?!\d)"
)
_DIGIT = re.compile(r"\d")
_TWELVE = re.compile(r"(?<![\d-])\d{12}(?![\d-])")
_THIRTEEN = re.compile(r"(?<![\d-])\d{13}(?![\d-])")


def valid_iin(value: str) -> bool:
    """A Kazakh IIN/BIN: 12 digits, the last a mod-11 check over the first 11 (weights 1..11, then 3..11,1,2)."""
    if len(value) != 12 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    check = sum(w * d for w, d in zip(range(1, 12), digits, strict=False)) % 11
    if check == 10:
        check = sum(w * d for w, d in zip((3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), digits, strict=False)) % 11
    return check != 10 and check == digits[11]


def _iin_born(value: str) -> bool:
    """Whether an IIN's first seven digits hold a birth date (YYMMDD and a century digit 1–6)."""
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}.get(value[6])
    return century is not None and _is_date(century + int(value[:2]), int(value[2:4]), int(value[4:6]))


def valid_jmbg(value: str) -> bool:
    """A JMBG/EMBG: DDMMYYY, region, serial, and a mod-11 check digit (11 - weighted sum, 10 and 11 as 0)."""
    if len(value) != 13 or not value.isdigit():
        return False
    d = [int(c) for c in value]
    m = sum(w * (d[k] + d[k + 6]) for k, w in enumerate((7, 6, 5, 4, 3, 2))) % 11
    if m == 1:
        return False
    year = int(value[4:7])
    return (0 if m == 0 else 11 - m) == d[12] and _is_date(
        year + (1000 if year >= 800 else 2000), int(value[2:4]), int(value[:2])
    )


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _entity(kind: EntityType, text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(kind, start, end, text[start:end], score, source)


# A month written exactly as English or German writes it ("9. November 1989"), in English, German, Dutch or Scandinavian
# text, is the dates module's (which knows a historic date in a general question is no one's); "12. april 1987" in a
# Bosnian sentence stays this module's
_GERMANIC = frozenset({"en", "de", "nl", "da", "no", "sv"})
_GERMANIC_MONTHS = frozenset(
    {
        "january", "januar", "february", "februar", "march", "april", "may", "mai", "june", "juni", "july",
        "juli", "august", "september", "october", "oktober", "november", "december", "dezember",
    }
)  # fmt: skip


def _dates(text: str) -> list[Entity]:
    found: list[Entity] = []
    for pattern in (_DATE_DMY, _DATE_YDM):
        for m in pattern.finditer(text):
            word = re.match(r"[^\W\d_]+", text[m.start("month") :])
            if word is not None and word.group().lower() in _GERMANIC_MONTHS and guess_language(text) in _GERMANIC:
                continue
            month = _MONTH_OF.get(m.group("month").lower())
            if month is not None and _is_date(int(m.group("year")), month, int(m.group("day"))):
                found.append(_entity(EntityType.DATE, text, m.start(), m.end(), 0.85, "date-central-asian"))
    return found


def _ids(text: str) -> list[Entity]:
    found: list[Entity] = []
    labelled = (
        (_IIN_LABEL, valid_iin, EntityType.NATIONAL_ID, "national-id-kz"),
        (_JMBG_LABEL, valid_jmbg, EntityType.NATIONAL_ID, "national-id-jmbg"),
        (_IL_LABEL, idnr.is_valid, EntityType.NATIONAL_ID, "national-id-il"),
        (_PIN_LABEL, None, EntityType.NATIONAL_ID, "national-id-pin"),
        (_PASSPORT, None, EntityType.ID_OTHER, "passport-central-asian"),
    )
    for pattern, check, kind, source in labelled:
        found.extend(
            _entity(kind, text, m.start("v"), m.end("v"), 0.96 if check and check(m.group("v")) else 0.85, source)
            for m in pattern.finditer(text)
        )
    # without a label: a valid checksum *and* a birth date inside the number (a random number has both rarely)
    found.extend(
        _entity(EntityType.NATIONAL_ID, text, m.start(), m.end(), 0.8, "national-id-kz")
        for m in _TWELVE.finditer(text)
        if valid_iin(m.group()) and _iin_born(m.group())
    )
    found.extend(
        _entity(EntityType.NATIONAL_ID, text, m.start(), m.end(), 0.85, "national-id-jmbg")
        for m in _THIRTEEN.finditer(text)
        if valid_jmbg(m.group())
    )
    return found


def find_central_asian_values(text: str) -> list[Entity]:
    """Dates, street addresses and identity numbers of the module docstring (none without its one trigger)."""
    if _TRIGGER.search(lower_view(text)) is None:
        return []
    found = _dates(text)
    found.extend(
        _entity(EntityType.ADDRESS, text, m.start(), m.end(), 0.86, "address-central-asian")
        for m in _ADDRESS.finditer(text)
    )
    if _DIGIT.search(text) is not None:
        found.extend(_ids(text))
    return found
