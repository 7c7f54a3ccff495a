"""Names written in forms the capitalised-run finder of :mod:`.names` does not see.

- **A romanised name before a Japanese honorific**: ``kenji tanakaさん``, ``Tanaka様``, ``Satoくん`` — one or
  two Latin words written against さん / 様 / さま / くん / 君 / ちゃん / 氏 / 先生, at least one of them a known
  given or family name (Faker's name lists, their romanised Japanese, Chinese and Korean ones included);
- **A full name in katakana**: two katakana words (``ヤマグチ ハルト``, ``ヤマグチ・ハルト``), the first a
  family name or the second a given name of Faker's ja_JP kana lists — how forms, bank records and ID
  checks write a reading;
- **A Turkish name before hanım / bey in lower case**: ``yıldırım hanım``, ``ahmet bey`` (capitalised
  ones are the run finder's), when the word is a known given or family name;
- **Passport and visa order, "SURNAME, Given"**: ``ZHOU, Yutong``, ``MÜLLER, Anna`` — a capitalised family
  name known to the name lists, a comma and a capitalised given name.

Each rule runs only when its cue is in the text (one precompiled search or a substring test).
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from .entities import Entity, EntityType
from .ner_lexicon import name_data

__all__ = ["find_name_forms"]

_HONORIFICS = r"さん|様|さま|くん|君|ちゃん|氏|先生"
_JA_HONORIFIC = re.compile(_HONORIFICS)
_ROMAN_BEFORE_HONORIFIC = re.compile(
    r"(?<![A-Za-z])(?P<name>[A-Za-z][a-z]{1,14}(?:[ ][A-Za-z][a-z]{1,14})?)(?=[ ]?(?:" + _HONORIFICS + r"))"
)
_KATAKANA_PAIR = re.compile(
    r"(?<![\u30a0-\u30ff])(?P<a>[\u30a1-\u30fa\u30fc]{2,8})[ \u3000・](?P<b>[\u30a1-\u30fa\u30fc]{2,8})"
)
_TR_TITLE = re.compile(
    r"(?<![^\W\d_])(?P<name>[a-zçğıöşü]{2,20})[ ](?:hanım|bey|hanımefendi|beyefendi|hoca|hocam)(?![^\W\d_])"
)
_SURNAME_COMMA = re.compile(
    r"(?<![\w])(?P<last>[A-ZÀ-ÞĀ-Ž]{2,14}),[ ](?P<first>[A-ZÀ-Þ][a-zß-ÿ]{1,14}(?:[ -][A-ZÀ-Þ][a-zß-ÿ]{1,14})?)(?![\w])"
)


def _provider(locale: str) -> object | None:
    try:
        return importlib.import_module(f"faker.providers.person.{locale}").Provider  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


def _strings(provider: object | None, *attrs: str) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        value = getattr(provider, attr, ()) if provider is not None else ()
        out.update(str(v) for v in (value.keys() if isinstance(value, dict) else value))
    return out


@cache
def _romanised() -> tuple[frozenset[str], frozenset[str]]:
    """Romanised East Asian (first, last) names, lower case (Faker's ja_JP, zh_CN, zh_TW, ko_KR)."""
    first: set[str] = set()
    last: set[str] = set()
    for locale in ("ja_JP", "zh_CN", "zh_TW", "ko_KR"):
        provider = _provider(locale)
        first |= {n.lower() for n in _strings(provider, "first_romanized_names")}
        last |= {n.lower() for n in _strings(provider, "last_romanized_names")}
    return frozenset(first), frozenset(last)


@cache
def _kana() -> tuple[frozenset[str], frozenset[str]]:
    """Faker's ja_JP (family, given) names in katakana."""
    provider = _provider("ja_JP")
    family = _strings(provider, "last_kana_names")
    given = _strings(provider, "first_kana_names", "first_kana_names_male", "first_kana_names_female")
    return frozenset(family), frozenset(given)


def _known(word: str) -> bool:
    data = name_data()
    first, last = _romanised()
    low = word.lower()
    return low in data.first or low in data.last or low in first or low in last


def _person(start: int, end: int, text: str, source: str) -> Entity:
    return Entity(EntityType.PERSON, start, end, text[start:end], 0.8, source)


def find_name_forms(text: str) -> list[Entity]:
    found: list[Entity] = []
    if _JA_HONORIFIC.search(text):
        found.extend(
            _person(m.start("name"), m.end("name"), text, "name-honorific")
            for m in _ROMAN_BEFORE_HONORIFIC.finditer(text)
            if any(_known(w) for w in m.group("name").split())
        )
        family, given = _kana()
        found.extend(
            _person(m.start(), m.end(), text, "name-katakana")
            for m in _KATAKANA_PAIR.finditer(text)
            if m.group("a") in family or m.group("b") in given
        )
    if "hanım" in text or " bey" in text or " hoca" in text:
        data = name_data()
        found.extend(
            _person(m.start("name"), m.end("name"), text, "name-title-tr")
            for m in _TR_TITLE.finditer(text)
            if m.group("name") in data.first or m.group("name") in data.last
        )
    if ", " in text:
        data, romanised_last = name_data(), _romanised()[1]
        found.extend(
            _person(m.start(), m.end(), text, "name-surname-comma")
            for m in _SURNAME_COMMA.finditer(text)
            if m.group("last").lower() in data.last or m.group("last").lower() in romanised_last
        )
    return found
