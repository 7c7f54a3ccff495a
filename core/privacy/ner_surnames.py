"""Family names that stand alone or follow a given name, in Cyrillic, Arabic, Hebrew and Vietnamese.

A family name mentioned by itself ("Позвоните Воробьеву", "اتصل الدوسري", "תשלח לגולדברג") has
no given name next to it to vouch for it; what it is made of does:

- Russian and Ukrainian: a capitalised word with a surname ending (-ов/-ев/-ин/-ский/-енко/-ук/
  -чук/-вич and their case endings: Соколову, Лебедевой, Жуковским) that is not among the common
  words of the language in lower case (российской, московский are adjectives). A given name or
  patronymic next to it joins it (Смирнов Алексей Викторович).
- Arabic: a family name with the article — a nisba (ال… ending in ي: الزهراني) that ``wordfreq``
  ranks rare (the adjectives العربي, الدولي are frequent), or an ال-name of Faker's lists — after a
  given name or alone; and kinship names: "X بن Y", "أبو Y" / "أم Y".
- Hebrew: a family name of Faker's he_IL list or with a typical ending (-מן, -ברג, -שטיין, -וביץ,
  -סקי) that is no common word, also behind a one-letter prefix (לגולדברג); after a given name any
  listed family name (מיכל ברק).
- Vietnamese: two or three capitalised syllables after a form of address (anh, chị, ông, bà, cô,
  em) or a word that introduces a person (cho, với, gặp), and runs that begin with one of the
  common family names (Nguyễn, Trần, Lê …) unless a place word comes first (Thành phố, tỉnh).
"""

from __future__ import annotations

import re
from functools import cache

from .entities import Entity, EntityType
from .lexicons import common_rank, place_names
from .names_central_asian import find_central_asian_names
from .ner_lexicon import name_data

__all__ = ["find_surnames"]


def _person(text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(EntityType.PERSON, start, end, text[start:end], score, source)


def _rank(word: str, lang: str) -> int:
    rank = common_rank(word, lang)
    return 10**6 if rank is None else rank


# Cyrillic --------------------------------------------------------------------------------------

_CYR_WORD = re.compile(r"(?<![\w-])[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ]+)?(?![\w-])")
_CYR_SURNAME = re.compile(
    r"(?:[оеё]в|[иы]н)(?:а|у|ым|ом|е|ой|ою|ы|ых|ими?|ій|ої|ій)?$"
    r"|(?:[сц]к|зк)(?:ий|ая|ого|ому|им|ом|ой|ую|ие|их|ый|ій|а|ої|ою|у)$"
    r"|енк[оауи]$|(?:ч|ю|у)к(?:а|у|ом|ові|еві|ові)?$|(?:вич|віч)(?:а|у|ем|ем)?$"
)
_CYR_STRONG = re.compile(r"(?:енк[оауи]|[чю]к(?:а|у|ом|ові)?)$")  # Ukrainian endings few other words have
_PATRONYMIC = re.compile(r"(?:вич|вна|ична|инична|ьич|йович|ійович)(?:а|у|ем|ом|ой|ы|е|і)?$")
_CYR_ADJECTIVE = re.compile(r"[сц]к(?:ий|ая|ое|ого|ому|им|ом|ой|ую|ие|их|ый|ій|а|е|ої|ою|у|і|ого)$")
_PLACE_NOUN = re.compile(
    r"\s+(?:кра[йяюе]|област|район|вокзал|университет|універс|институт|інститут|проспект|улиц|вулиц|бульвар|"
    r"переул|площад|театр|собор|храм|мост|завод|залив|полуостров|мор[еяю]|озер|рек[аиуе]|рік|гор[аыуе]|хребет|"
    r"кремл|парк|музе|аэропорт|аеропорт|порт|федерац|округ|уезд|губерн|княжеств|государств|держав|язык|мов|"
    r"народ|кухн|фронт|полк|флот|метро|рынок|ринок|монастыр|монастир|лес|ліс|сад|центр|банк|суд|совет|рад)"
)
_CYR_COMMON = 5000  # lower-cased, a word this common is an adjective or noun, not a family name
# Kyrgyz, Kazakh and Uzbek words with a family name's ending ("Менин дарегим": my address)
_TURKIC_WORDS = frozenset({"менин", "сенин", "биздин", "силердин", "алардын", "менинг", "сенинг", "бизнинг"})
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;\n«\"(—-])\s*$")


def _cyrillic(text: str, lang: str) -> list[Entity]:
    last = name_data().last
    first = name_data().first
    words = list(_CYR_WORD.finditer(text))
    found: list[Entity] = []
    i = 0
    while i < len(words):
        word = words[i].group()
        lower = word.lower()
        if len(word) < 5 or not _CYR_SURNAME.search(lower) or _PATRONYMIC.search(lower) or lower in _TURKIC_WORDS:
            i += 1
            continue
        at_start = bool(_SENTENCE_START.search(text[max(0, words[i].start() - 3) : words[i].start()]))
        at_start = at_start and not _CYR_STRONG.search(lower)
        rank = min(_rank(lower, lang), _rank(lower, "ru"))
        listed = lower in last
        if not (listed and rank >= 1000) and rank < (20000 if at_start else _CYR_COMMON):
            i += 1
            continue
        if _CYR_ADJECTIVE.search(lower) and _PLACE_NOUN.match(text, words[i].end()):
            i += 1
            continue  # "Казанского вокзала", "Краснодарский край": an adjective of a place
        start, end, j = words[i].start(), words[i].end(), i
        # a given name before ("Дмитрий Орлов") or given name and patronymic after ("Смирнов Алексей Викторович")
        if i > 0 and words[i - 1].group().lower() in first and text[words[i - 1].end() : start] == " ":
            start = words[i - 1].start()
        while j + 1 < len(words) and j - i < 2 and text[words[j].end() : words[j + 1].start()] == " ":
            nxt = words[j + 1].group().lower()
            if nxt in first or _PATRONYMIC.search(nxt):
                j += 1
                end = words[j].end()
            else:
                break
        found.append(_person(text, start, end, 0.7, "names-surname"))
        i = j + 1
    return found


# Polish, Czech and other Slavic family names in Latin letters, capitalised, alone ("Wójcik przyjdzie")
# (the look-behind after the capital, with it: the same matches, and the engine skips straight to capitals)
_SLAVIC_LATIN = re.compile(
    r"[A-ZĄĆĘŁŃÓŚŹŻČŘŠŽ](?<![\w-].)[a-ząćęłńóśźżčřšžěůý]+(?:czyk|czak|czuk|iak|cik|wicz|ski|cki|dzki|ska|cka|"
    r"dzka|owa|ová)(?:a|owi|iem|em|u|iego|ego|emu|im|ą|iej|ej)?(?![\w-])"
)


# Polish and Czech case endings of place names ("do Gdańska", "w Gdańsku", "pod Białymstokiem").
_PLACE_CASES = ("a", "u", "iem", "em", "ie", "owi", "ą", "y", "i", "e", "ach", "ami")


def _inflected_place(lower: str) -> bool:
    """A known place, as written or with a case ending less ("gdańska" is "gdańsk"): a place list hit wins over the
    shape of a family name in -ska/-ski."""
    places = place_names()
    return lower in places or any(lower.endswith(end) and lower[: -len(end)] in places for end in _PLACE_CASES)


def _slavic_latin(text: str, lang: str) -> list[Entity]:
    found: list[Entity] = []
    for m in _SLAVIC_LATIN.finditer(text):
        lower = m.group().lower()
        if min(_rank(lower, lang), _rank(lower, "en"), _rank(lower, "pl")) < _CYR_COMMON:
            continue
        if _inflected_place(lower):
            continue  # "do Gdańska": the city Gdańsk
        found.append(_person(text, m.start(), m.end(), 0.6, "names-surname"))
    return found


# Arabic ----------------------------------------------------------------------------------------

_AR_WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3]+")
_AR_KIN = frozenset({"بن", "بنت", "ابن"})
_AR_TEKNONYM = frozenset({"أبو", "ابو", "أم", "ام", "أبي", "ابي"})
_AR_DEFINITE = re.compile("^[وبلفك]?ال")
_AR_AFTER_NAME = 3000  # after a given name an ال-word this rare is the family name
_AR_ALONE = 8000  # alone it must be rarer


@cache
def _ar_names() -> tuple[frozenset[str], frozenset[str]]:
    data = name_data()
    return data.first, data.last


def _ar_given(word: str) -> bool:
    first, _last = _ar_names()
    return word in first or (len(word) > 3 and word[0] in "وبلف" and word[1:] in first)


def _ar_family(word: str, after_given: bool) -> bool:
    _first, last = _ar_names()
    bare = word[1:] if len(word) > 4 and word[0] in "وبلف" and word[1:3] == "ال" else word
    if not bare.startswith("ال") or len(bare) < 5:
        return False
    rank = _rank(bare, "ar")
    if bare in last or bare[2:] in last:
        return rank >= 1000
    nisba = bare.endswith("ي") and len(bare) >= 6
    return nisba and rank >= (_AR_AFTER_NAME if after_given else _AR_ALONE)


def _ar_chain(text: str, words: list[re.Match[str]], i: int) -> int:
    """The index of the last word of a name that starts with the given name ``words[i]``: more given
    names (``عبد`` + a name counts as one), then an ال-family name — which after two or more given
    names needs no rarity test (a nisba, or a family name Faker knows, is enough). ``i`` if none."""
    j = i
    while j + 1 < len(words) and text[words[j].end() : words[j + 1].start()] == " ":
        nxt = words[j + 1].group()
        if nxt == "عبد" and j + 2 < len(words):
            j += 2
            continue
        if _ar_given(nxt):
            j += 1
            continue
        break
    if j == i or j + 1 >= len(words) or text[words[j].end() : words[j + 1].start()] != " ":
        return i
    family = words[j + 1].group()
    bare = family[1:] if len(family) > 4 and family[0] in "وبلف" and family[1:3] == "ال" else family
    _first, last = _ar_names()
    if bare.startswith("ال") and len(bare) >= 5 and (bare.endswith("ي") or bare in last or bare[2:] in last):
        return j + 1
    return i


def _arabic(text: str) -> list[Entity]:
    words = list(_AR_WORD.finditer(text))
    found: list[Entity] = []
    i = 0
    while i < len(words):
        word = words[i].group()
        spaced = i + 1 < len(words) and text[words[i].end() : words[i + 1].start()] == " "
        nxt = words[i + 1].group() if spaced else ""
        if word in _AR_TEKNONYM and nxt and _ar_given(nxt):
            found.append(_person(text, words[i].start(), words[i + 1].end(), 0.7, "names-ar"))
            i += 2
            continue
        if _ar_given(word) and nxt in _AR_KIN and i + 2 < len(words) and _ar_given(words[i + 2].group()):
            found.append(_person(text, words[i].start(), words[i + 2].end(), 0.75, "names-ar"))
            i += 3
            continue
        if _ar_given(word) and nxt and _ar_family(nxt, after_given=True):
            found.append(_person(text, words[i].start(), words[i + 1].end(), 0.75, "names-ar"))
            i += 2
            continue
        if _ar_given(word):
            end = _ar_chain(text, words, i)
            if end > i:  # "محمد عبد الله الشمري": given names in a row, then the family name
                found.append(_person(text, words[i].start(), words[end].end(), 0.75, "names-ar"))
                i = end + 1
                continue
        # an ال-adjective after an ال-noun agrees with it ("الجهاز اللوحي"): no family name
        after_noun = i > 0 and _AR_DEFINITE.match(words[i - 1].group()) is not None
        if not after_noun and _ar_family(word, after_given=False):
            found.append(_person(text, words[i].start(), words[i].end(), 0.65, "names-ar"))
        i += 1
    return found


# Hebrew ----------------------------------------------------------------------------------------

# quotes only inside a word (ד"ר, ג'ון): a trailing geresh writes a foreign sound ("אברמוביץ'") and is no letter
_HE_WORD = re.compile(r"[\u05d0-\u05ea]+(?:['\"׳״][\u05d0-\u05ea]+)*")
_HE_ENDING = re.compile("(?:מן|מאן|ברג|בורג|שטיין|שטין|וביץ|ביץ|סקי|סון|זון|פלד|בלום|פלדמן)$")
_HE_PREFIXES = "לבמוהשכ"
_HE_COMMON = 3000
_HE_SON_OF = frozenset({"בן", "בר"})


def _he_family(word: str) -> str | None:
    """The family name in ``word`` (behind a one-letter prefix, if any), when it is one."""
    last = name_data().last
    for candidate in (word, word[1:] if len(word) > 4 and word[0] in _HE_PREFIXES else ""):
        if len(candidate) < 3:
            continue
        if (candidate in last or (len(candidate) >= 5 and _HE_ENDING.search(candidate))) and _rank(
            candidate, "he"
        ) >= _HE_COMMON:
            return candidate
    return None


def _hebrew(text: str) -> list[Entity]:
    data = name_data()
    words = list(_HE_WORD.finditer(text))
    found: list[Entity] = []
    i = 0
    while i < len(words):
        word = words[i].group()
        spaced = i + 1 < len(words) and text[words[i].end() : words[i + 1].start()] == " "
        nxt = words[i + 1].group() if spaced else ""
        given = word in data.first or (len(word) > 3 and word[0] in "ו" and word[1:] in data.first)
        # a word before a family name (written without a prefix) that is no noun with the article
        # ה and no very common word is its given name: "יוסי אברהמי"
        loose = not word.startswith("ה") and _rank(word, "he") >= 1000
        if (
            (given or loose)
            and nxt in _HE_SON_OF
            and i + 2 < len(words)
            and text[words[i + 1].end() : words[i + 2].start()] == " "
            and (words[i + 2].group() in data.first or words[i + 2].group() in data.last)
        ):
            # a family name made with "son of" ("אורית בן דוד", "יעל בר לב"): the given name and both words after it
            found.append(_person(text, words[i].start(), words[i + 2].end(), 0.8, "names-he"))
            i += 3
            continue
        family_next = bool(nxt) and (nxt in data.last or _he_family(nxt) == nxt)
        if family_next and (given or (loose and _he_family(nxt) == nxt)):
            # a known given name with its family name outranks the given name found alone (0.75)
            score = 0.8 if given else 0.7
            found.append(_person(text, words[i].start(), words[i + 1].end(), score, "names-he"))
            i += 2
            continue
        family = _he_family(word)
        if family is not None:
            start = words[i].end() - len(family)
            found.append(_person(text, start, words[i].end(), 0.65, "names-he"))
        i += 1
    return found


# Vietnamese ------------------------------------------------------------------------------------

_VI_SYLLABLE = r"[A-ZÀ-ỸĐ][a-zà-ỹđ]{0,6}"
# a kin or address word, a verb of contacting, or a title ("bác sĩ Lương Văn Khải", "luật sư …", "cô giáo …")
_VI_ADDRESSED = re.compile(
    rf"(?i:\b(?:anh|chị|em|ông|bà|cô|chú|bác|thầy|cháu|bạn|cho|với|gặp|gửi|hỏi|bảo|nhờ|gọi|của|là|bác\s+sĩ|bs\.?|"
    rf"luật\s+sư|ls\.?|giáo\s+sư|gs\.?|tiến\s+sĩ|ts\.?|thạc\s+sĩ|ths\.?|kỹ\s+sư|dược\s+sĩ|y\s+tá|điều\s+dưỡng|"
    rf"cô\s+giáo|thầy\s+giáo|giám\s+đốc|trưởng\s+phòng|kế\s+toán))\s+"
    rf"(?P<name>(?-i:{_VI_SYLLABLE}(?:\s{_VI_SYLLABLE}){{1,2}}))(?![\w])"
)
_VI_FAMILY_RUN = re.compile(rf"(?<![\w])(?P<name>{_VI_SYLLABLE}(?:\s{_VI_SYLLABLE}){{2,3}})(?![\w])")
# the common family names (the fourteen most frequent cover about nine Vietnamese in ten)
_VI_FAMILIES = frozenset(
    {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ", "ngô"}
    | {"dương", "lý", "đinh", "trương", "lâm", "mai"}
    | {"lương", "cao", "tạ", "trịnh", "đoàn", "vương", "triệu", "tô", "hà", "kiều", "quách", "thái", "châu", "lưu"}
)
_VI_PLACE_BEFORE = re.compile(
    r"(?i:\b(?:thành\s+phố|tp\.?|tỉnh|huyện|quận|phường|xã|đường|phố|sông|vịnh|núi|hồ|chùa|đền|trường|"
    r"cầu|chợ|sân\s+bay|bệnh\s+viện|công\s+ty|lăng|tượng|bảo\s+tàng)\s+)$"
)
# words after Văn / Thị that make a noun, not a name: Văn hóa (culture), Văn học, Thị trường (market), Thị xã (town)
_VI_NOT_GIVEN = frozenset(
    {"hóa", "hoá", "học", "phòng", "bản", "kiện", "minh", "chương", "nghệ", "thư", "trường", "xã", "trấn", "giác"}
)
_VI_NOT_NAMES = re.compile(r"(?i:\b(?:việt nam|hà nội|sài gòn|đà nẵng|đà lạt|hạ long|hội an|huế)\b)")


def _vietnamese(text: str) -> list[Entity]:
    found: list[Entity] = []
    spans: set[tuple[int, int]] = set()
    for m in (*_VI_ADDRESSED.finditer(text), *_VI_FAMILY_RUN.finditer(text)):
        start, end = m.span("name")
        name = m.group("name")
        lowered = name.lower()
        if _VI_NOT_NAMES.search(name) or _VI_PLACE_BEFORE.search(text[max(0, start - 16) : start]):
            continue
        syllables = lowered.split()
        # three or four syllables with the middle name Văn or Thị are a person whatever the family name (Lương Văn Khải)
        middle = syllables[1] in ("văn", "thị") and syllables[2] not in _VI_NOT_GIVEN
        if m.re is _VI_FAMILY_RUN and syllables[0] not in _VI_FAMILIES and not middle:
            continue
        if (start, end) not in spans:
            spans.add((start, end))
            found.append(_person(text, start, end, 0.7, "names-vi"))
    return found


def find_surnames(text: str, lang: str) -> list[Entity]:
    """PERSON entities for family names alone or beside a given name (see the module docstring)."""
    return [*_by_language(text, lang), *find_central_asian_names(text)]  # one regex search where none can be


def _by_language(text: str, lang: str) -> list[Entity]:
    if lang in ("ru", "uk"):
        return _cyrillic(text, lang)
    if lang in ("ar", "fa"):  # Persian is written in Arabic script, and its family names (…ی) read alike
        return _arabic(text)
    if lang == "he":
        return _hebrew(text)
    if lang == "vi":
        return _vietnamese(text)
    return _slavic_latin(text, lang)
