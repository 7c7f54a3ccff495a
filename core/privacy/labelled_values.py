"""National identifiers of more countries, identifiers and passwords after labels in more scripts,
and random-looking API tokens.

- **Strong checksums, found by shape anywhere**: China's resident ID (18 characters with a date of
  birth and a check character), Italy's codice fiscale, Korea's resident registration number —
  each validated with python-stdnum, so a random number almost never passes.
- **Weak checksums, only after their label**: Japan's My Number, Russia's INN and SNILS, Turkey's
  TC Kimlik, Vietnam's CCCD/CMND — a 10–12 digit number passes a one- or two-digit check too
  often to be flagged on its own; after the word that names it, it is flagged even if the check
  fails (the writer says what it is).
- **Identity labels in more languages** (身份证号, マイナンバー, 주민등록번호, ИНН, СНИЛС, паспорт, TC
  Kimlik, CCCD, National Insurance number, Aktenzeichen, sygnatura …): the value after the label —
  letters and digits in groups, with spaces, dashes, dots or slashes — up to the end of the clause.
- **Passwords after a label in more scripts**: 密码, 密碼, パスワード, 비밀번호, пароль, كلمة المرور,
  סיסמה, mật khẩu, şifre, senha, contraseña, hasło, mot de passe, Kennwort … — right after it, or a
  few words later after a copula ("Mein Passwort für das Kundenportal lautet …").
- **API tokens by shape**: ``word_live_…``/``…_test_…``/``sk_…`` style tokens, and long random-looking
  strings that mix upper case, lower case and digits (entropy over 3.7 bits a character, no
  dictionary-like runs), which is what keys and secrets look like whatever the provider.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable

from stdnum.cn import ric as cn_ric
from stdnum.it import codicefiscale as it_cf
from stdnum.kr import rrn as kr_rrn

from .entities import Entity, EntityType

__all__ = ["find_labelled_values"]


def _valid(check: Callable[[str], object], value: str) -> bool:
    try:
        check(value)
    except Exception:  # stdnum raises its ValidationError subclasses; anything else is "not valid" too
        return False
    return True


_STRONG: tuple[tuple[re.Pattern[str], Callable[[str], object]], ...] = (
    (re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), cn_ric.validate),
    (re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z](?![0-9A-Za-z])"), it_cf.validate),
    (re.compile(r"(?<!\d)\d{6}-?[1-8]\d{6}(?!\d)"), kr_rrn.validate),
)

# Labels in scripts without spaces match anywhere; the others as whole words.
_ID_LABELS_CJK = (
    r"身份证(?:号码?)?|身分證(?:字號|號碼)?|居民身份证|护照(?:号码?)?|護照(?:號碼)?|社保号|"
    r"マイナンバー|個人番号|旅券番号|パスポート番号|保険証番号|"
    r"주민등록번호|주민번호|여권번호|외국인등록번호"
)
_ID_LABELS_WORDS = (
    r"ИНН|СНИЛС|паспорт(?:а)?|серия\s+и\s+номер|полис\s+ОМС|ІПН|РНОКПП|"
    r"TC\s+Kimlik(?:\s+No)?|T\.C\.\s+Kimlik|kimlik\s+(?:no|numarası)|"
    r"CCCD|CMND|căn\s+cước(?:\s+công\s+dân)?|số\s+định\s+danh|"
    r"national\s+insurance(?:\s+(?:number|no\.?))?|NINO|NI\s+(?:number|no\.?)|"
    r"Aktenzeichen|Az\.|Geschäftszeichen|sygnatura(?:\s+akt)?|numer\s+PESEL|NIP|REGON|"
    r"codice\s+fiscale|partita\s+IVA|NIF|NIE|DNI|CURP|CPF|"
    r"رقم\s+(?:الهوية|الجواز|الإقامة|الملف)|الرقم\s+القومي|"
    r"מספר\s+(?:זהות|דרכון|תיק)|ת\.ז\.?|ת\"ז"
)
_GLUE = r"\s*(?:\([^)\n]{0,20}\)\s*)?(?:[:：#№=]|是|は|는|은|(?i:ist|est|es|é|is|jest|:-))?\s*"
_ID_VALUE = (
    r"(?P<value>(?=[A-Za-z0-9./ -]{0,30}\d)[A-Za-z0-9]"
    r"(?:[A-Za-z0-9]|[./-](?=[A-Za-z0-9])|[ ](?=[A-Z0-9]{1,6}(?![^\W\d_]))){3,30})"
)
_ID_AFTER_LABEL = re.compile(
    r"(?:(?:" + _ID_LABELS_CJK + r")|(?<![^\W\d_])(?i:" + _ID_LABELS_WORDS + r")(?![^\W\d_]))" + _GLUE + _ID_VALUE
)
_PASSWORD_LABELS = (
    r"密码|密碼|口令|パスワード|暗証番号|비밀번호|암호|"  # noqa: S105 - words for "password"
    r"(?<![^\W\d_])(?i:пароль|парол|كلمة\s+(?:المرور|السر)|סיסמ[הא]|mật\s+khẩu|şifre(?:si)?|parola|senha|"
    r"contraseña|clave|hasło|mot\s+de\s+passe|kennwort|passwort|wachtwoord|lösenord|adgangskode|salasana)"
)
_COPULA = r"(?i:ist|is|est|es|é|jest|lautet|to)"
_LATER = r"(?:\s+[^\s.:;!?]{1,20}){1,6}?\s+(?:" + _COPULA + r"|—|-|:)\s+"
_PASSWORD_VALUE = r"[\"'«“]?(?P<value>[^\s\"'»”，。、,;]{4,64})"  # noqa: S105 - a pattern for the value, not a password
# The value right after the label ("密码是 …", "Passwort: …"), or a few words later, after a copula
# ("Mein Passwort für das Kundenportal lautet …"): group ``later``. English right after its label is
# the key-value and prose rules' (secrets_patterns.py); only its "a few words later" form is here.
_PASSWORD_AFTER_LABEL = (
    re.compile(
        r"(?:" + _PASSWORD_LABELS + r")(?:\s*(?:[:：=]|是|は|는|은|-)?\s*(?:" + _COPULA + r"\s+)?"
        r"|(?P<later>" + _LATER + r"))" + _PASSWORD_VALUE
    ),
    re.compile(r"(?<![^\W\d_])(?i:password)(?P<later>" + _LATER + r")" + _PASSWORD_VALUE),
)
_TOKEN_PREFIXED = re.compile(
    r"(?<![A-Za-z0-9_])(?:[a-z]{2,12}_)?(?:live|test|prod|secret|token|api|sk|pk|rk|key)_[A-Za-z0-9]{12,}(?![A-Za-z0-9_])"
)
_RANDOM = re.compile(r"(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_-]{24,128}(?![A-Za-z0-9_+/=-])")


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _kind(c: str) -> int:
    return 0 if c.isdigit() else 1 if c.isupper() else 2


def _random_looking(value: str) -> bool:
    if not (any(c.isupper() for c in value) and any(c.islower() for c in value) and any(c.isdigit() for c in value)):
        return False
    if re.search(r"[a-z]{7,}|[A-Z]{7,}", value):  # words inside: an identifier, not a key
        return False
    switches = sum(1 for a, b in itertools.pairwise(value) if _kind(a) != _kind(b))
    return switches >= len(value) // 4 and _entropy(value) >= 3.7


def _looks_like_password(value: str) -> bool:
    """A value after a password label: it has a digit or a symbol (the label alone is also used in
    prose: "Passwort vergessen", "password must be …")."""
    return any(c.isdigit() for c in value) or any(not c.isalnum() for c in value)


def find_labelled_values(text: str) -> list[Entity]:
    found: list[Entity] = []
    for pattern, check in _STRONG:
        found.extend(
            Entity(EntityType.NATIONAL_ID, m.start(), m.end(), m.group(), 0.95, "national-id")
            for m in pattern.finditer(text)
            if _valid(check, m.group())
        )
    for m in _ID_AFTER_LABEL.finditer(text):
        value = m.group("value").rstrip(" .-/")
        start = m.start("value")
        found.append(Entity(EntityType.NATIONAL_ID, start, start + len(value), value, 0.9, "id-after-label"))
    for m in (m for pattern in _PASSWORD_AFTER_LABEL for m in pattern.finditer(text)):
        value = m.group("value").rstrip(".,;:!?)")
        # a few words after the label the value must look like a password: letters and digits, six or more
        strong = len(value) >= 6 and any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
        if len(value) < 4 or not _looks_like_password(value) or (m.group("later") and not strong):
            continue
        start = m.start("value")
        found.append(Entity(EntityType.SECRET, start, start + len(value), value, 0.9, "password-after-label"))
    found.extend(
        Entity(EntityType.SECRET, m.start(), m.end(), m.group(), 0.9, "token-shape")
        for m in _TOKEN_PREFIXED.finditer(text)
    )
    found.extend(
        Entity(EntityType.SECRET, m.start(), m.end(), m.group(), 0.75, "random-token")
        for m in _RANDOM.finditer(text)
        if _random_looking(m.group())
    )
    return found
