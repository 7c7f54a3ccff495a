"""Names after a form label, in any script: "Name: …", "姓名：…", "ФИО: …", "الاسم: …", "Họ và tên: …".

A field labelled as a person's name holds one whatever it looks like — lower case, a script the
other finders read poorly, a family name alone. The value runs from the colon to the end of the
line or the next comma; it is a name when it is short (at most five words, or two to six CJK
characters), holds no digits or symbols, and is not an ordinary word ("Name: string, required").
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .lexicons import common_rank, first_names
from .ner_lexicon import is_tech_term, name_data

__all__ = ["find_labelled_names"]

_LABELS = (
    # Latin script
    r"name|full\s+name|first\s+name|last\s+name|surname|patient(?:\s+name)?|patient's\s+name|customer\s+name|"
    r"client\s+name|contact\s+name|account\s+holder|cardholder|nom|prénom|nom\s+complet|nombre|apellidos?|"
    r"nombre\s+completo|nome|cognome|nome\s+completo|vorname|nachname|familienname|naam|voornaam|achternaam|"
    r"imię|nazwisko|imię\s+i\s+nazwisko|pacjent(?:ka)?|adı|soyadı?|ad\s+soyad|adı\s+soyadı|hasta(?:\s+adı)?|"
    r"họ\s+và\s+tên|họ\s+tên|tên|bệnh\s+nhân|người\s+liên\s+hệ|"
    # Cyrillic
    r"фио|ф\.\s?и\.\s?о\.|имя|фамилия|имя\s+и\s+фамилия|пациент(?:ка)?|піб|ім['’]я|прізвище|пацієнт(?:ка)?|"
    r"контактное\s+лицо|"
    # Greek, Arabic, Hebrew
    r"όνομα|ονοματεπώνυμο|الاسم(?:\s+الكامل)?|اسم\s+المريض|المريضة?|שם(?:\s+מלא)?|שם\s+המטופל(?:ת)?|"
    # CJK
    r"姓名|名字|患者(?:姓名)?|病人(?:姓名)?|联系人|聯絡人|聯繫人|收件人|氏名|名前|患者名|担当者?|이름|성명|환자(?:명)?|담당자"
)
_LABEL = re.compile(rf"(?i:(?<![\w])(?:{_LABELS})\s*[:：]\s*)")
_VALUE_END = re.compile(r"[,，、;；()（）\[\]{}<>|/\\\n\r\t\"“”=]|\s{2,}|(?<!\b[A-Z])[.。](?:\s|$)")
# values that name a type or say nothing, in schemas and code: "name: str", "Name: N/A"
_PLACEHOLDERS = frozenset(
    {"str", "string", "int", "bool", "none", "null", "nil", "unknown", "n/a", "na", "tbd", "tba", "redacted", "test"}
)
# the small words inside names: "Ludwig van Beethoven", "Ahmed bin Said"
_PARTICLES = frozenset(
    {"van", "von", "de", "da", "del", "della", "di", "du", "der", "den", "bin", "ibn", "al", "el", "y"}
)
_CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf\uac00-\ud7af]")
_BAD = re.compile(r"[\d@#$%&*=+_~^]")
_COMMON = 3000


def _ordinary(word: str, limit: int = _COMMON) -> bool:
    lowered = word.lower().strip(".'’")
    if lowered in first_names() or lowered in name_data().first or lowered in name_data().last:
        return False
    for lang in ("en", "de", "fr", "es", "pl", "ru", "tr"):
        rank = common_rank(lowered, lang)
        if rank is not None and rank < limit:
            return True
    return False


def find_labelled_names(text: str) -> list[Entity]:
    """PERSON entities for the values of name fields (see the module docstring)."""
    found: list[Entity] = []
    for m in _LABEL.finditer(text):
        start = m.end()
        end_match = _VALUE_END.search(text, start, min(len(text), start + 60))
        end = end_match.start() if end_match else min(len(text), start + 60)
        value = text[start:end].rstrip(" .:")
        if not value or _BAD.search(value):
            continue
        end = start + len(value)
        if _CJK.search(value):
            bare = value.replace(" ", "").replace("・", "")
            if not 2 <= len(bare) <= 6 or not all(_CJK.match(c) for c in bare):
                continue
        else:
            words = value.split()
            if not 1 <= len(words) <= 5 or not all(any(c.isalpha() for c in w) for w in words):
                continue
            if any(w.lower() in _PLACEHOLDERS or is_tech_term(w.lower()) for w in words):
                continue
            limit = 20_000 if value.islower() else _COMMON
            # every word but particles and initials must be no ordinary word ("Deploy to production")
            words = [w for w in words if w.lower() not in _PARTICLES and len(w.rstrip(".")) > 1]
            if not words or any(_ordinary(w, limit) for w in words):
                continue
        found.append(Entity(EntityType.PERSON, start, end, value, 0.8, "names-label"))
    return found
