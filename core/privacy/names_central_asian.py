"""Full names as Kazakh, Kyrgyz, Uzbek and Tajik requests write them, in Cyrillic and in Latin letters.

The general finders (:mod:`.names`, :mod:`.ner_surnames`) know Faker's Russian, Uzbek and Kazakh-free name lists and
the Russian family-name endings; in Central Asian requests they found the family name and left the given name
("Шодмон Сафаров" → only "Сафаров"), left the initial of "A. Karimov", and scored a name with a Kazakh patronymic
("Мәди Серікбайұлы Әлиев") too low to win. Two signs make a name here, each itself the second sign for the words
beside it:

- a **patronymic**: a capitalised word ending in -ұлы/-улы/-қызы/-кызы (Kazakh, Kyrgyz), -uly/-ūly/-qyzy (Kazakh in
  Latin letters), -ович/-евич/-овна/-евна/-ична (Russian pattern), -o'g'li/-qizi/-ўғли/-қизи (Uzbek), -ovich/-ovna
  (Latin); with up to two capitalised words before it (the given name, or a family name first) and one family name
  after it;
- a **family name with a Russian-pattern ending** (-ов/-ова/-ев/-ева/-ин/-ина, Latin -ov/-ova/-ev/-eva/-yev/-yeva,
  Tajik -зода/-zoda) with a capitalised word right before it that is not a common word of Russian or Ukrainian, a
  kinship word ("Анам", "onam") or a place or street word: the given name; or an initial before it ("Б. Рахимова").

Both need a capital letter and five or more letters; the patronymic endings are long enough that few ordinary words
carry them (Kazakh "ұлы" alone, "great", is a word: it needs a stem of three letters before it). One regex search
(an ending of either kind) decides whether a text needs more.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .lexicons import common_rank, country_names, place_names

__all__ = ["central_asian_place", "find_central_asian_names", "not_a_person"]

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲӢӮÄÖÜŞÇĞÑŪI"
_LOWER = "a-zа-яёәғқңөұүһіўҳӣӯäöüşçğñūı'‘ʻ’"
_PATRONYMIC_END = (
    r"(?:ұлы|улы|қызы|кызы|ович|евич|овна|евна|ична|uly|ūly|ulı|qyzy|kyzy|qızı|ovich|evich|ovna|evna|"
    r"o['‘ʻ’]g['‘ʻ’]li|ogli|qizi|ўғли|угли|қизи)"
)
_FAMILY_END = r"(?:ов|ова|ев|ева|ёв|ёва|ин|ина|зода|ov|ova|ev|eva|yev|yeva|zoda|zade)"
_CASE = r"(?:а|у|ым|ом|ой|е|ге|ке|ға|қа|ның|нің|дың|тің|ға|a|u|ga|ni|ning|ning|ga|da|ka)?"
_TRIGGER = re.compile(rf"[{_LOWER}]{{2}}(?:{_PATRONYMIC_END}|{_FAMILY_END}){_CASE}(?![{_LOWER}])")
_WORD = re.compile(rf"(?<![{_LOWER}{_UPPER}\w])(?:[{_UPPER}]\.|[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?)")
_PATRONYMIC = re.compile(rf"[{_LOWER}]{{3,}}{_PATRONYMIC_END}{_CASE}$")
_FAMILY = re.compile(rf"[{_LOWER}]{{2,}}{_FAMILY_END}{_CASE}$")
# kinship and address words that stand before a name but are none ("Анам Гүлжан", "Otamning", "көшесі")
_NOT_GIVEN = frozenset(
    """анам әкем апам атам ағам інім әйелім күйеуім ұлым қызым досым онам отам опам акам укам хотиним эрим
    модарам падарам бародарам хоҳарам занам шавҳарам писарам духтарам onam otam opam akam ukam xotinim erim
    anam äkem apam ağam ınım qyzym ūlym dosym клиент клиенті мижоз mijoz кафил kafil арыз ээси директор
    менеджер бухгалтер дәрігер доктор врач shifokor мұғалім муаллим устоз ustoz профессор судья""".split()  # noqa: SIM905
)
_COMMON = 5000  # a word this common in Russian or Ukrainian is no given name here


def _person(text: str, start: int, end: int, score: float) -> Entity:
    return Entity(EntityType.PERSON, start, end, text[start:end], score, "names-central-asian")


def _plain_word(word: str) -> bool:
    """A capitalised word that may be a given name: not an initial, a kin or role word, or a common word."""
    lower = word.lower()
    if word.endswith(".") or lower in _NOT_GIVEN or len(word) < 3:
        return False
    ranks = [r for lang in ("ru", "uk", "en") if (r := common_rank(lower, lang)) is not None]
    return not ranks or min(ranks) >= _COMMON


def _place(lower: str) -> bool:
    return lower in place_names() or lower in country_names()


def find_central_asian_names(text: str) -> list[Entity]:
    """PERSON entities of the module docstring (none when no word has either ending)."""
    if _TRIGGER.search(text) is None:
        return []
    words = list(_WORD.finditer(text))
    found: list[Entity] = []
    i = 0

    def spaced(a: int, b: int) -> bool:
        return text[words[a].end() : words[b].start()] in (" ", "  ")

    while i < len(words):
        word = words[i].group()
        lower = word.lower()
        if _PATRONYMIC.search(lower) and not word.endswith("."):
            start, end = i, i
            while start > 0 and i - start < 2 and spaced(start - 1, start) and _plain_word(words[start - 1].group()):
                start -= 1
            if end + 1 < len(words) and spaced(end, end + 1) and _FAMILY.search(words[end + 1].group().lower()):
                end += 1
            if start < i or end > i:
                found.append(_person(text, words[start].start(), words[end].end(), 0.8))
            i = end + 1
            continue
        if _FAMILY.search(lower) and len(word) >= 5 and i > 0 and spaced(i - 1, i) and not _place(lower):
            before = words[i - 1].group()
            initial = before.endswith(".") and len(before) == 2
            if initial or _plain_word(before):
                found.append(_person(text, words[i - 1].start(), words[i].end(), 0.75))
        i += 1
    return found


# Kazakh in Latin letters as geonames writes it ("Şymkent" ~ "Shymkent"), and the case endings a place takes in a
# trip ("Almatydan Şymkentke": from Almaty to Shymkent)
_LATIN_KK = str.maketrans({"ş": "sh", "ç": "ch", "ğ": "g", "ñ": "n", "ä": "a", "ö": "o", "ü": "u", "ū": "u", "ı": "i"})
_PLACE_CASE = re.compile(r"(?:dan|den|tan|ten|nan|nen|ke|ge|qa|ğa|ga|ka|da|de|ta|te|ni|nı|ning|nıñ|dyñ|dıñ|ga)$")


# a route: the place of departure in the ablative, the destination in the dative ("Тошкентдан Хивага", "Almatydan
# Şymkentke"); names of people are not written so in a row
_ROUTE = re.compile(
    r"(?i:\w+(?:дан|дән|тан|тән|нан|нән|ден|тен|нен|dan|den|tan|ten|nan|nen) \w+(?:га|ге|ка|ке|қа|ға|ғе|ко|го|"
    r"ga|ge|ka|ke|qa|ğa))"
)
# "great" opening a title ("Ұлы Отан соғысы", "Buyuk Ipak yo'li"): a capitalised run that names an event or a thing
_GREAT = frozenset({"ұлы", "улуу", "buyuk", "буюк", "ulı", "бузург"})


def not_a_person(run: str) -> bool:
    """Whether a run the name finder took for a person is an event or thing named with "great" (see _GREAT)."""
    return run.split(" ", 1)[0].lower() in _GREAT


def central_asian_place(run: str) -> bool:
    """Whether every word of a run the name finder took for a person is a known place, in Kazakh or Uzbek Latin
    spelling or with a case ending ("Almatydan Şymkentke"), or the run is a route (see _ROUTE)."""
    if _ROUTE.match(run):  # "Toshkentdan Samarqandga Afrosiyob": a route, then the train's name
        return True
    words = run.lower().split()
    if not words or not any(_PLACE_CASE.search(w) or w != w.translate(_LATIN_KK) for w in words):
        return False
    for word in words:
        plain = word.translate(_LATIN_KK)
        bare = _PLACE_CASE.sub("", word).translate(_LATIN_KK)
        if not (_place(plain) or (len(bare) >= 4 and _place(bare))):
            return False
    return True
