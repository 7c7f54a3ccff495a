"""Values typed by the field that holds them: table columns, JSON keys and ``key=value`` pairs.

A CSV, TSV or Markdown table whose header names a personal column (``nome``, ``cpf``, ``email``,
``telefone``, ``data_nascimento``, ``Policy``, ``姓名`` …) makes every cell of that column that type,
whatever the cell looks like: a lower-case name, a number without a checksum, a date in any shape.
The same holds for a JSON key (``"insured_name": "…"``) and a ``key=value`` pair in a log line
(``customer_id=CUS-22910``): the key says what the value is.

A bare ``name`` column counts only next to another personal column (``name,price`` is a product list),
and a bare ``id`` never does (a row number). Keys of things, not people (``order_id``, ``product_name``,
``sku``, ``version``), are left alone. An unquoted ``key=value`` value needs a digit unless it is a
person's name, so that ``user_id=request.args`` in code is not an identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .entities import Entity, EntityType

__all__ = ["field_type", "find_field_values"]


def _words(text: str) -> list[str]:
    """The words of a space-separated list (long vocabularies read better as text than as list literals)."""
    return text.split()


_T = EntityType
# One word of a field name (after splitting on "_", "-", spaces and camelCase) and the type it gives.
_FIELD_WORDS: dict[EntityType, frozenset[str]] = {
    _T.PERSON: frozenset(
        _words(
            "fullname firstname lastname surname givenname familyname forename middlename nome nombre nom prenom "
            "prénom "
            "vorname nachname familienname naam voornaam achternaam imie imię nazwisko apellido apellidos cognome "
            "sobrenome фио имя фамилия отчество soyad soyadi soyadı isim ad_soyad tên họ الاسم שם नाम insured "
            "policyholder beneficiary cardholder holder titular titulaire patient paciente pacjent contactname "
            "employee student alumno aluno schüler leerling guardian parent responsavel responsável"
        )
    ),
    _T.EMAIL: frozenset(_words("email e-mail mail correo courriel emailaddress")),
    _T.PHONE: frozenset(
        _words(
            "phone tel telephone telefone telefono teléfono telefon telefoon mobile mobil cell cellphone celular "
            "handy gsm fax whatsapp телефон phonenumber"
        )
    ),
    _T.DATE: frozenset(
        _words(
            "dob birth birthday birthdate nascimento nacimiento geburtsdatum geburtstag naissance nascita urodzenia "
            "geboortedatum doğum dogum рождения"
        )
    ),
    _T.ADDRESS: frozenset(
        _words(
            "address addr street endereco endereço direccion dirección adresse indirizzo adres anschrift strasse "
            "straße rue calle ulica zip zipcode postcode postal cep plz адрес"
        )
    ),
    _T.NATIONAL_ID: frozenset(
        _words(
            "ssn cpf dni nie nif curp rfc pesel bsn nino nin aadhaar pan snils inn codicefiscale personnummer "
            "passport passaporte pasaporte passeport reisepass tckn tckimlik nationalid steuerid cccd cmnd"
        )
    ),
    _T.BANK_ACCOUNT: frozenset(
        _words(
            "iban account accountnumber acct conta cuenta konto rekening bic swift routing sortcode agencia agência "
            "wallet"
        )
    ),
    _T.CREDIT_CARD: frozenset(_words("cardnumber cartao cartão tarjeta cvv cvc creditcard")),
    _T.ID_OTHER: frozenset(
        _words(
            "policy claim member membership customer client patientid mrn employeeid studentid case dossier "
            "contract licence license plate vin apolice apólice poliza póliza polizza polis matricula matrícula "
            "prescription rx username login userid uid handle insuredid subscriber nhs insurance "
            "versichertennummer kundennummer"
        )
    ),
}
# Words of things, not people: a key or column with one of them is not personal.
_THING_WORDS = frozenset(
    _words(
        "order product item sku invoice ticket session request trace span version build commit page status type "
        "price amount total qty quantity currency category company org organization organisation file path "
        "url host server app model brand title description created updated timestamp time count index row "
        "key token secret password hash class table column field repo repository package bucket db database "
        "module function method variable var project team group role queue topic image container service cluster "
        "region zone branch tag label event job task step plugin theme font color colour city country display "
        "device browser os platform channel server"
    )
)
# Field names in scripts without spaces: a substring is enough.
_CJK_FIELDS: tuple[tuple[str, EntityType], ...] = (
    ("姓名", _T.PERSON), ("氏名", _T.PERSON), ("名前", _T.PERSON), ("이름", _T.PERSON), ("성명", _T.PERSON),
    ("被保险人", _T.PERSON), ("患者", _T.PERSON), ("联系人", _T.PERSON),
    ("电话", _T.PHONE), ("手机", _T.PHONE), ("電話", _T.PHONE), ("携帯", _T.PHONE), ("전화", _T.PHONE),
    ("邮箱", _T.EMAIL), ("メール", _T.EMAIL), ("이메일", _T.EMAIL),
    ("出生", _T.DATE), ("生年月日", _T.DATE), ("생년월일", _T.DATE),
    ("地址", _T.ADDRESS), ("住所", _T.ADDRESS), ("주소", _T.ADDRESS),
    ("身份证", _T.NATIONAL_ID), ("マイナンバー", _T.NATIONAL_ID), ("주민등록번호", _T.NATIONAL_ID),
    ("护照", _T.NATIONAL_ID), ("旅券", _T.NATIONAL_ID), ("여권", _T.NATIONAL_ID),
    ("账号", _T.BANK_ACCOUNT), ("卡号", _T.BANK_ACCOUNT), ("口座", _T.BANK_ACCOUNT), ("계좌", _T.BANK_ACCOUNT),
    ("保单", _T.ID_OTHER), ("会员", _T.ID_OTHER), ("会員", _T.ID_OTHER), ("车牌", _T.ID_OTHER),
    ("学号", _T.ID_OTHER), ("番号", _T.ID_OTHER), ("번호", _T.ID_OTHER),
)  # fmt: skip
_BARE_NAMES = frozenset({"name", "names", "nome", "nombre", "nom", "naam", "imię", "imie", "isim", "имя", "jméno"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[\s_\-./:()#]+")
_ORDER = (_T.NATIONAL_ID, _T.BANK_ACCOUNT, _T.CREDIT_CARD, _T.EMAIL, _T.PHONE, _T.DATE, _T.ADDRESS, _T.ID_OTHER)


@lru_cache(maxsize=2048)
def field_type(name: str) -> EntityType | None:
    """The type of the values of a field called ``name`` (a column header or a key), or None.

    A bare "name" gives PERSON; the caller decides whether that is enough (see the module docstring).
    """
    raw = name.strip().strip("\"'`*[]")
    if not raw or len(raw) > 40:
        return None
    words = [w.casefold() for w in _SPLIT.split(_CAMEL.sub(" ", raw)) if w]
    joined = "".join(words)
    if any(w in _THING_WORDS for w in words):
        return None
    for word, kind in _CJK_FIELDS:
        if word in raw:
            return kind
    if not words:
        return None
    if words[-1] in _BARE_NAMES and len(words) >= 2:
        return _T.PERSON  # "customer_name", "insured name", (things were ruled out above)
    for kind in _ORDER:
        vocab = _FIELD_WORDS[kind]
        if joined in vocab or any(w in vocab for w in words):
            return kind
    person = _FIELD_WORDS[_T.PERSON]
    if joined in person or any(w in person for w in words) or any(w in _BARE_NAMES for w in words):
        return _T.PERSON
    if len(words) >= 2 and words[-1] in ("id", "no", "nr", "number", "num", "nummer", "numero", "número"):
        owner = words[-2]
        if owner in person or owner in ("user", "customer", "client", "member", "account", "insured", "case"):
            return _T.ID_OTHER
    return None


def _is_bare_name(name: str) -> bool:
    return name.strip().strip("\"'`*[]").casefold() in _BARE_NAMES


_EMPTY = frozenset({"", "-", "--", "n/a", "na", "null", "none", "nil", "true", "false", "?", "...", "…", "tbd", "x"})
_NAME_VALUE = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:[ ][^\W\d_][^\W\d_'’.-]*){0,4}")
_PLACEHOLDER = re.compile(r"^[<{$%\[].*[>}\]%]$|^x{3,}$|^\*+$|^(?:string|str|int|number|your[\w ]*|example\w*)$", re.I)


_LOGIN_KEYS = frozenset({"username", "login", "handle", "userid", "uid", "email", "mail", "correo", "courriel"})


def _typed(kind: EntityType, value: str, key: str) -> EntityType | None:
    """The type of ``value`` in a field of type ``kind`` (None: an empty, placeholder or implausible value)."""
    low = value.strip().casefold()
    digits = sum(map(str.isdigit, value))
    if low in _EMPTY or _PLACEHOLDER.match(low) or len(value) > 80:
        return None
    if kind is _T.PERSON:
        if _NAME_VALUE.fullmatch(value.strip()) is not None:
            return kind
        return _T.ID_OTHER if digits >= 3 else None  # "patient: PT-0012" is the patient's number
    if kind is _T.DATE or kind is _T.PHONE:
        return kind if digits >= (4 if kind is _T.DATE else 6) else None
    if kind is _T.EMAIL or kind is _T.ADDRESS:
        return kind if len(low) >= 3 else None
    login = "".join(_SPLIT.split(key.casefold())) in _LOGIN_KEYS
    return kind if len(low) >= 3 and (digits >= 1 or login) else None


def _ent(kind: EntityType, text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(kind, start, end, text[start:end], score, source)


# --- tables -------------------------------------------------------------------------------------------
_CELL = {
    ",": re.compile(r'[ \t]*(?:"(?:[^"\n]|"")*"|[^,\n]*)'),
    ";": re.compile(r'[ \t]*(?:"(?:[^"\n]|"")*"|[^;\n]*)'),
    "\t": re.compile(r"[^\t\n]*"),
    "|": re.compile(r"[^|\n]*"),
}
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _cells(line: str, offset: int, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of ``line`` (quotes and padding trimmed), in text offsets."""
    body_start, body_end = 0, len(line)
    if sep == "|":
        stripped = line.strip()
        if not stripped.startswith("|") and not stripped.endswith("|") and line.count("|") < 2:
            return []
        body_start = line.index("|") + 1 if stripped.startswith("|") else 0
        body_end = line.rindex("|") if stripped.endswith("|") else len(line)
    cells: list[tuple[int, int]] = []
    if '"' not in line:  # no quoting: a plain split (the common case, and much faster)
        pos = body_start
        for cell in line[body_start:body_end].split(sep):
            a, b = pos, pos + len(cell)
            pos = b + 1
            while a < b and line[a] in " \t":
                a += 1
            while b > a and line[b - 1] in " \t\r":
                b -= 1
            cells.append((offset + a, offset + b))
        return cells
    pos = body_start
    pattern = _CELL[sep]
    while pos <= body_end:
        m = pattern.match(line, pos, body_end)
        if m is None:
            break
        a, b = m.start(), m.end()
        while a < b and line[a] in ' \t"':
            a += 1
        while b > a and line[b - 1] in ' \t"\r':
            b -= 1
        cells.append((offset + a, offset + b))
        pos = m.end() + 1
    return cells


def _separator(line: str) -> str | None:
    for sep in ("\t", "|", ";", ","):
        if line.count(sep) >= (2 if sep == "|" else 1):
            return sep
    return None


def _tables(text: str) -> Iterator[Entity]:
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    i = 0
    while i < len(lines) - 1:
        offset, line = lines[i]
        sep = _separator(line)
        if sep is None or len(line) > 400:
            i += 1
            continue
        header = _cells(line, offset, sep)
        names = [text[a:b] for a, b in header]
        if len(header) < 2 or any(len(n) > 40 for n in names):
            i += 1
            continue
        kinds = [field_type(n) for n in names]
        personal = [k is not None and not _is_bare_name(n) for k, n in zip(kinds, names, strict=True)]
        if not any(personal):
            kinds = [None] * len(kinds)  # "name,price": a bare name column alone is a product list
        if not any(kinds):
            i += 1
            continue
        j = i + 1
        if j < len(lines) and _MD_RULE.match(lines[j][1]):
            j += 1
        while j < len(lines):
            row_offset, row = lines[j]
            cells = _cells(row, row_offset, sep) if row.strip() else []
            if len(cells) != len(header):
                break
            for (a, b), kind, name in zip(cells, kinds, names, strict=True):
                typed = _typed(kind, text[a:b], name) if kind is not None and b > a else None
                if typed is not None:
                    yield _ent(typed, text, a, b, 0.88, "table-column")
            j += 1
        i = max(j, i + 1)


# --- keys ---------------------------------------------------------------------------------------------
_JSON_PAIR = re.compile(
    r"\"(?P<key>[^\"\\\n]{1,40})\"\s*:\s*(?:\"(?P<str>(?:[^\"\\\n]|\\.){1,120})\"|(?P<num>-?\d[\d.]*)(?![\w.]))"
)
_KV_PAIR = re.compile(
    r"(?<![\w.-])(?P<key>[A-Za-z_][\w.-]{1,40})=(?:\"(?P<str>[^\"\n]{1,120})\"|'(?P<sq>[^'\n]{1,120})'"
    r"|(?P<bare>[^\s,;&\"'<>(){}\[\]]{1,120}))"
)


def _keys(text: str) -> Iterator[Entity]:
    if '":' in text or '" :' in text:
        for m in _JSON_PAIR.finditer(text):
            kind = field_type(m.group("key"))
            if kind is None or _is_bare_name(m.group("key")):
                continue
            group = "str" if m.group("str") is not None else "num"
            if group == "num" and sum(map(str.isdigit, m.group(group))) < 3:
                continue  # "age": 42, "pan": 0.5
            typed = _typed(kind, m.group(group), m.group("key"))
            if typed is not None:
                yield _ent(typed, text, m.start(group), m.end(group), 0.85, "json-key")
    if "=" in text:
        for m in _KV_PAIR.finditer(text):
            kind = field_type(m.group("key"))
            if kind is None or _is_bare_name(m.group("key")):
                continue
            group = next(g for g in ("str", "sq", "bare") if m.group(g) is not None)
            value = m.group(group).rstrip(".:")
            if group == "bare" and kind is not _T.PERSON and not any(c.isdigit() or c == "@" for c in value):
                continue  # "user_id=request.args": code, not a value
            typed = _typed(kind, value, m.group("key"))
            if typed is not None:
                yield _ent(typed, text, m.start(group), m.start(group) + len(value), 0.85, "key-value")


def find_field_values(text: str) -> list[Entity]:
    """Values typed by their column header, JSON key or ``key=`` name (see the module docstring)."""
    found: list[Entity] = []
    if "\n" in text:
        found.extend(_tables(text))
    found.extend(_keys(text))
    return found
