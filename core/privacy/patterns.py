"""Structured identifiers found by pattern and confirmed by their real check digits.

Each finder proposes candidates with a regular expression, then validates them with the library
that knows the format: Luhn for payment cards, ISO 13616 mod-97 for IBANs, the SSA rules for US
social security numbers, python-stdnum for national IDs, ``phonenumbers`` for phone numbers, the
stdlib ``ipaddress`` for IPs. A valid checksum gives a high score; a merely plausible shape a low
one, which context words (:mod:`.context`) may raise above the reporting threshold.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from collections.abc import Callable, Iterator

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.us import rtn as us_rtn
from stdnum.us import ssn as us_ssn

from .context import context_adjustment
from .entities import Entity, EntityType

__all__ = ["find_structured", "warm_up_patterns"]

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])"
)
_URL = re.compile(r"(?<![\w@])(?:(?:https?|ftp|sftp|wss?)://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_TLDS = (
    "com|org|net|edu|gov|io|ai|co|dev|app|info|biz|me|us|uk|de|fr|it|es|nl|be|ch|at|se|no|dk|fi|pl|cz|hu|pt|"
    "br|ca|au|nz|jp|cn|in|ru|ie|gr|ro|sk|si|hr|uy|ar|mx|cl|il|za|tr|eu|tv|ly|gg|xyz|online|site|cloud|tech"
)
_BARE_DOMAIN = re.compile(
    r"(?<![\w@./-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:" + _TLDS + r")"
    r"(?::\d{2,5})?(?:/[^\s<>\"'`]*)?(?![\w@(-]|\.\w)"
)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w.]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])")
_CARD_RUN = re.compile(r"(?<![\d+-])(?<!\d[.,])\d(?:[ -]?\d){11,}(?![\d])")
_MAESTRO_PREFIXES = ("50", "56", "57", "58", "6")
_SSN = re.compile(r"(?<![\d-])\d{3}([- ]?)\d{2}\1\d{4}(?![\d-])")
_DIGITS_LONG = re.compile(r"(?<![\w-])[A-Za-z]{0,3}\d[\dA-Za-z-]{4,18}[\dA-Za-z](?![\w-])")
_PHONE = re.compile(
    # possessive digit groups (Python 3.11+): a long digit run is split one way only, never backtracked into
    r"(?<![\w+/.-])(?:\+|00)?(?:\(\d{1,4}+\)|\d{1,5}+)(?:[ .-]?\(0\))?"
    r"(?:[ .\-/]{0,2}(?:\(\d{1,4}+\)|\d{1,6}+)){0,6}"
    r"(?:\s?(?:x|ext\.?|extension)\s?\d{1,6}+)?(?!\w|-\d|\.\d)",
    re.IGNORECASE,
)
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = re.compile(
    r"(?<![\w/.:-])(?:"
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    r"|(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS + r")\.?(?:,?\s+\d{4})?"
    r"|(?:" + _MONTHS + r")\.?\s+\d{4}"
    r")(?![\w/-])",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"(?<![\w])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![\w])", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\w.,/:$€£#-])(?:19|20)\d{2}(?![\w/:%-]|[.,]\d)")

# Secrets: well-known token formats, private key blocks, and ``key = value`` credentials.
_SECRET_FORMATS = re.compile(
    r"(?:AKIA|ASIA)[0-9A-Z]{16}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}"
    r"|sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_\-]{35}|glpat-[A-Za-z0-9_\-]{20,}"
    r"|hf_[A-Za-z0-9]{30,}|npm_[A-Za-z0-9]{36}"
    r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
    r"|-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
)
_SECRET_KV = re.compile(
    r"(?i:(?:password|passwd|passphrase|pwd|pass|secret|client[_-]?secret|token|access[_-]?token|auth[_-]?token|"
    r"refresh[_-]?token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|credentials?|pin)"
    r"[\"']?\s*(?:=|:|=>)\s*)"
    r"(?:\"(?P<dq>[^\"\n]{3,})\"|'(?P<sq>[^'\n]{3,})'|(?P<bare>[^\s,;\"'`]{3,}))"
)
_CODE_VALUE = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+|[a-z_]+_[a-z_]+")
# "the password is Winter2024!", "temporary passcode: 88-Kx-19": a password in prose (must look like one:
# at least six characters with a digit or a symbol, so "the password field" is not one)
_SECRET_PROSE = re.compile(
    r"(?i:\b(?:password|passcode|passphrase|pwd|pin\s+code|wifi\s+key)\b(?:\s+(?:is|was|will\s+be))?\s*[:=]?\s+)"
    r"(?P<val>[^\s\"'`]{6,})"
)
_BEARER = re.compile(r"(?i:\b(?:bearer|token|basic))\s+(?P<tok>[A-Za-z0-9\-._~+/]{20,}=*)")
_URL_CREDENTIALS = re.compile(r"(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://[^\s:/@]+:(?P<pw>[^\s@/]+)@", re.IGNORECASE)

# National IDs with a distinctive shape and a checksum that python-stdnum validates.
_NATIONAL_IDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<![\w])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w])"), "stdnum.br.cpf"),
    (re.compile(r"(?<![\w])\d{8}-?[A-Za-z](?![\w])"), "stdnum.es.dni"),
    (re.compile(r"(?<![\w])[XYZxyz]-?\d{7}-?[A-Za-z](?![\w])"), "stdnum.es.nie"),
    (re.compile(r"(?<![\w])[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z](?![\w])"), "stdnum.it.codicefiscale"),
    (re.compile(r"(?<![\w])[12]\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{3}\s?\d{3}\s?\d{2}(?![\w])"), "stdnum.fr.nir"),
    (re.compile(r"(?<![\w])\d{4}\s\d{4}\s\d{4}(?![\w])"), "stdnum.in_.aadhaar"),
    (re.compile(r"(?<![\w])\d{6}[-+]\d{4}(?![\w])"), "stdnum.se.personnummer"),
    (re.compile(r"(?<![\w])\d{6}[-+A]\d{3}[0-9A-Y](?![\w])"), "stdnum.fi.hetu"),
    (re.compile(r"(?<![\w])9\d{2}-?[5-9]\d-?\d{4}(?![\w])"), "stdnum.us.itin"),
    (re.compile(r"(?<![\w])[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d](?![\w])"), "nino"),
    (re.compile(r"(?<![\w.])756\.\d{4}\.\d{4}\.\d{2}(?![\w])"), "stdnum.ch.ssn"),
]
# National IDs whose shape is an ordinary number: only after a word that names them, and with a valid checksum.
_NAMED_IDS: list[tuple[re.Pattern[str], str, re.Pattern[str]]] = [
    (
        re.compile(r"(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{3}(?![\w-])"),
        "stdnum.ca.sin",
        re.compile(r"(?i:\bsin\b|social insurance)"),
    ),
    (re.compile(r"(?<![\w-])\d{9}(?![\w-])"), "stdnum.nl.bsn", re.compile(r"(?i:\bbsn\b|burgerservice)")),
    (re.compile(r"(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w-])"), "stdnum.gb.nhs", re.compile(r"(?i:\bnhs\b)")),
    (re.compile(r"(?<![\w-])\d{6}-?\d{4}(?![\w-])"), "stdnum.dk.cpr", re.compile(r"(?i:\bcpr\b)")),
    (re.compile(r"(?<![\w-])\d{11}(?![\w-])"), "stdnum.pl.pesel", re.compile(r"(?i:\bpesel\b)")),
    (
        re.compile(r"(?<![\w-])\d{11}(?![\w-])"),
        "stdnum.no.fodselsnummer",
        re.compile(r"(?i:f[øo]dselsnummer|personnummer)"),
    ),
    (
        re.compile(r"(?<![\w-])\d{2}\s?\d{3}\s?\d{3}\s?\d{3}(?![\w-])"),
        "stdnum.de.idnr",
        re.compile(r"(?i:steuer-?id|steueridentifikationsnummer|\bidnr\b|tax\s+id)"),
    ),
]
_ID_CONTEXT = re.compile(
    r"(?i:passport|driver'?s?\s+licen[cs]e|licen[cs]e\s+(?:no|number|#)|\bdl\b|\bid\b|identity|id\s+number|"
    r"member(?:ship)?\s+(?:id|number|no)|policy\s+(?:number|no)|\bmrn\b|medical record|patient\s+(?:id|number)|"
    r"employee\s+(?:id|number)|tax\s*(?:id|number|code)|\btin\b|\bein\b|national\s+(?:id|insurance)|\bnhs\b|"
    r"\bnino\b|social insurance|personal number|registration number|badge)"
    r"[^\n\d]{0,24}$"
)
_ACCOUNT_CONTEXT = re.compile(
    r"(?i:account\s*(?:number|no\.?|#)?|acct\.?\s*(?:no\.?|#)?|routing\s*(?:number|no\.?)?|\baba\b|sort\s+code)"
    r"[^\n\d]{0,16}$"
)
_PHONE_REGIONS = (
    "US",
    "GB",
    "DE",
    "FR",
    "IT",
    "ES",
    "NL",
    "BE",
    "CH",
    "AT",
    "SE",
    "NO",
    "DK",
    "FI",
    "PL",
    "BR",
    "AU",
    "IN",
    "CA",
    "IE",
    "PT",
    "CZ",
    "HU",
    "IL",
    "JP",
)

MIN_SCORE = 0.4


def _ent(kind: EntityType, text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(kind, start, end, text[start:end], max(0.0, min(1.0, score)), source)


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _emails(text: str) -> Iterator[Entity]:
    for m in _EMAIL.finditer(text):
        yield _ent(EntityType.EMAIL, text, m.start(), m.end(), 0.97, "email")


def _trim_url_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".,;:!?)]}>'\"":
        if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
            break
        end -= 1
    return end


def _urls(text: str) -> Iterator[Entity]:
    for m in _URL.finditer(text):
        end = _trim_url_end(text, m.start(), m.end())
        if end - m.start() > 7:
            yield _ent(EntityType.URL, text, m.start(), end, 0.95, "url")
    for m in _BARE_DOMAIN.finditer(text):
        if text[max(0, m.start() - 7) : m.start()].endswith(("import ", "from ")):
            continue  # a module path in code: "from stdnum.us import ssn"
        end = _trim_url_end(text, m.start(), m.end())
        yield _ent(EntityType.URL, text, m.start(), end, 0.7, "domain")


def _ips(text: str) -> Iterator[Entity]:
    for m in _IPV4.finditer(text):
        try:
            ipaddress.ip_network(m.group(), strict=False) if "/" in m.group() else ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        yield _ent(EntityType.IP_ADDRESS, text, m.start(), m.end(), 0.9, "ipv4")
    for m in _IPV6.finditer(text):
        candidate = m.group()
        if candidate.count(":") < 2 or sum(c.isalnum() for c in candidate) < 3:
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield _ent(EntityType.IP_ADDRESS, text, m.start(), m.end(), 0.9, "ipv6")


def _ibans(text: str) -> Iterator[Entity]:
    for m in _IBAN.finditer(text):
        compact = m.group().replace(" ", "").upper()
        end = m.end()
        if std_iban.is_valid(compact):
            yield _ent(EntityType.IBAN, text, m.start(), end, 0.97, "iban")
            continue
        # the greedy match may have swallowed a following word ("GB82 WEST ... 32 thanks"): shrink
        for cut in range(len(m.group()) - 1, 14, -1):
            part = m.group()[:cut]
            if part.endswith(" "):
                continue
            if std_iban.is_valid(part.replace(" ", "").upper()):
                yield _ent(EntityType.IBAN, text, m.start(), m.start() + cut, 0.95, "iban")
                break


_DIGIT_GROUP = re.compile(r"\d+")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for k, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if k % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card_candidates(text: str) -> Iterator[tuple[int, int, bool]]:
    """Spans of 12-19 digits (spaces or dashes between groups), the longest Luhn-valid one from each group
    start, so that two cards side by side, or a card after an IBAN, are each found (overlaps resolved later)."""
    for m in _CARD_RUN.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in _DIGIT_GROUP.finditer(m.group())]
        i = 0
        while i < len(groups):
            best = None
            digits = ""
            spans: list[tuple[int, str]] = []  # (j, digits of groups[i:j]) with 12..19 digits
            for j in range(i, len(groups)):
                digits += text[groups[j][0] : groups[j][1]]
                if len(digits) > 19:
                    break
                if len(digits) >= 12:
                    spans.append((j + 1, digits))
            for j, candidate in reversed(spans):  # the longest first; a Luhn-valid one wins
                if _luhn_ok(candidate):
                    best = j
                    break
            if best is None and spans:
                best = spans[-1][0]  # no valid one: the longest, for a card named by context
            if best is None:
                i += 1
                continue
            end = groups[best - 1][1]
            if not re.match(r"[.,]\d", text[end : end + 2]):  # "… 0958 192.168.1.20": the digits go on
                yield groups[i][0], end, i == 0 or best == len(groups)
            i += 1
            # a later start only after a space: "112-3345678-1234567" is one order number, not a card inside one
            while i < len(groups) and " " not in text[groups[i - 1][1] : groups[i][0]]:
                i += 1


def _cards(text: str) -> Iterator[Entity]:
    for start, end, at_edge in _card_candidates(text):
        value = text[start:end]
        digits = _digits(value)
        if len(set(digits)) == 1:
            continue
        ctx = context_adjustment(text, start, end, EntityType.CREDIT_CARD)
        if len(digits) == 12:  # only Maestro issues 12-digit cards; a Luhn match alone is 1 in 10
            if luhn.is_valid(digits) and (digits.startswith(_MAESTRO_PREFIXES) or ctx > 0):
                yield _ent(EntityType.CREDIT_CARD, text, start, end, 0.6 + ctx, "luhn")
            continue
        if luhn.is_valid(digits):
            known_prefix = digits[0] in "23456" or digits.startswith("1")
            score = (0.93 if known_prefix else 0.7) + (0.02 if at_edge else 0.0)
            yield _ent(EntityType.CREDIT_CARD, text, start, end, score + ctx / 2, "luhn")
        elif ctx > 0:
            yield _ent(EntityType.CREDIT_CARD, text, start, end, 0.55, "card-context")


def _ssns(text: str) -> Iterator[Entity]:
    for m in _SSN.finditer(text):
        ctx = context_adjustment(text, m.start(), m.end(), EntityType.SSN)
        dashed = m.group(1) != ""
        if us_ssn.is_valid(m.group().replace(" ", "-")):
            score = (0.85 if dashed else 0.45) + ctx
        else:
            score = 0.7 + ctx if ctx > 0 else 0.0  # the writer says it is an SSN: trust them over the checksum
        if score >= MIN_SCORE:
            yield _ent(EntityType.SSN, text, m.start(), m.end(), score, "ssn")


def _national_ids(text: str) -> Iterator[Entity]:
    import importlib

    for pattern, module_name in _NATIONAL_IDS:
        for m in pattern.finditer(text):
            value = m.group()
            if module_name == "nino":
                valid = True
            else:
                validator: Callable[[str], bool] = importlib.import_module(module_name).is_valid
                valid = validator(value)
            if valid:
                score = 0.8 + context_adjustment(text, m.start(), m.end(), EntityType.NATIONAL_ID) / 2
                yield _ent(EntityType.NATIONAL_ID, text, m.start(), m.end(), score, module_name.rsplit(".", 1)[-1])


def _named_ids(text: str) -> Iterator[Entity]:
    import importlib

    for pattern, module_name, named in _NAMED_IDS:
        for m in pattern.finditer(text):
            if not named.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            validator: Callable[[str], bool] = importlib.import_module(module_name).is_valid
            if validator(m.group()):
                yield _ent(EntityType.NATIONAL_ID, text, m.start(), m.end(), 0.95, module_name.rsplit(".", 1)[-1])


def _context_ids(text: str) -> Iterator[Entity]:
    """Identifiers that are only recognisable from the words before them (passport, licence, account)."""
    for m in _DIGITS_LONG.finditer(text):
        value = m.group()
        if sum(c.isdigit() for c in value) < 4:
            continue
        before = text[max(0, m.start() - 48) : m.start()]
        if _ACCOUNT_CONTEXT.search(before):
            digits = _digits(value)
            score = 0.9 if len(digits) == 9 and us_rtn.is_valid(digits) else 0.8
            yield _ent(EntityType.BANK_ACCOUNT, text, m.start(), m.end(), score, "account-context")
        elif _ID_CONTEXT.search(before):
            yield _ent(EntityType.ID_OTHER, text, m.start(), m.end(), 0.8, "id-context")


def _is_possible_phone(candidate: str) -> bool:
    international = candidate.startswith(("+", "00"))
    regions: tuple[str | None, ...] = (None,) if international else _PHONE_REGIONS
    for region in regions:
        try:
            number = phonenumbers.parse(candidate if not candidate.startswith("00") else "+" + candidate[2:], region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return True
    return False


_TRAILING_GROUP = re.compile(r"[ .\-/]+\(?\d+\)?$")


def _phone_spans(text: str) -> Iterator[tuple[int, str]]:
    """Phone-shaped matches, and each shorter form with trailing groups cut off (a phone number may run
    into the next number: "+44 20 7946 0958 078-05-1121"); overlaps are resolved later, by score."""
    for m in _PHONE.finditer(text):
        value = m.group().rstrip(" .-/")
        yield m.start(), value
        while re.search(_TRAILING_GROUP, value) and len(_digits(value)) > 7:
            value = re.sub(_TRAILING_GROUP, "", value)
            yield m.start(), value


def _phones(text: str) -> Iterator[Entity]:
    for start, value in _phone_spans(text):
        end = start + len(value)
        digits = _digits(value.split("x")[0].split("X")[0].split("ext")[0])
        if not 7 <= len(digits) <= 15:
            continue
        groups = re.split(r"[ .\-/()]+", value.strip("()+ "))
        separated = len([g for g in groups if g]) >= 2
        ctx = context_adjustment(text, start, end, EntityType.PHONE)
        if not separated and len(digits) not in (10, 11) and ctx <= 0:
            continue
        if not _is_possible_phone(value):
            score = 0.45 if separated else 0.3
        else:
            score = 0.75 if (separated or value.startswith("+")) else 0.55
        score = min(score + ctx, 0.85)  # a checksum-validated card or ID beats a phone-shaped number
        if score >= MIN_SCORE:
            yield _ent(EntityType.PHONE, text, start, end, score, "phone")


def _dates(text: str) -> Iterator[Entity]:
    for m in _DATE.finditer(text):
        yield _ent(EntityType.DATE, text, m.start(), m.end(), 0.85, "date")
    for m in _WEEKDAY.finditer(text):
        yield _ent(EntityType.DATE, text, m.start(), m.end(), 0.5, "weekday")
    for m in _YEAR.finditer(text):
        score = 0.45 + context_adjustment(text, m.start(), m.end(), EntityType.DATE)
        yield _ent(EntityType.DATE, text, m.start(), m.end(), score, "year")


def _secrets(text: str) -> Iterator[Entity]:
    for m in _SECRET_FORMATS.finditer(text):
        yield _ent(EntityType.SECRET, text, m.start(), m.end(), 0.98, "secret-format")
    for m in _SECRET_KV.finditer(text):
        group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "bare"
        value = m.group(group)
        if value.lower() in {"none", "null", "true", "false", "required", "optional", "string", "str", "***"}:
            continue
        if group == "bare" and (_CODE_VALUE.fullmatch(value) or "(" in value):
            continue  # password = config.password, token=get_token(): code that names a secret, not one
        yield _ent(EntityType.SECRET, text, m.start(group), m.end(group), 0.9, "secret-kv")
    for m in _SECRET_PROSE.finditer(text):
        value = m.group("val").rstrip(".,;:)")
        if len(value) >= 6 and any(not c.isalpha() for c in value) and not _CODE_VALUE.fullmatch(value):
            start = m.start("val")
            yield _ent(EntityType.SECRET, text, start, start + len(value), 0.85, "secret-prose")
    for m in _BEARER.finditer(text):
        yield _ent(EntityType.SECRET, text, m.start("tok"), m.end("tok"), 0.9, "bearer")
    for m in _URL_CREDENTIALS.finditer(text):
        yield _ent(EntityType.SECRET, text, m.start("pw"), m.end("pw"), 0.99, "url-password")


# Finders that need a digit in the text (most chat turns have none: they are skipped).
_DIGIT_FINDERS: tuple[Callable[[str], Iterator[Entity]], ...] = (
    _ips,
    _ibans,
    _cards,
    _ssns,
    _national_ids,
    _named_ids,
    _context_ids,
    _phones,
)
_DIGIT = re.compile(r"\d")


def find_structured(text: str) -> list[Entity]:
    """Every structured identifier in ``text`` with score ≥ ``MIN_SCORE``, overlaps not yet resolved."""
    found: list[Entity] = []
    finders: list[Callable[[str], Iterator[Entity]]] = [_urls, _dates, _secrets]
    if "@" in text:
        finders.append(_emails)
    if _DIGIT.search(text):
        finders.extend(_DIGIT_FINDERS)
    elif ":" in text:
        finders.append(_ips)  # an IPv6 address can be all hex letters ("fade::beef")
    for finder in finders:
        found.extend(e for e in finder(text) if e.score >= MIN_SCORE)
    return found


def warm_up_patterns() -> None:
    """Load what the finders load lazily (phone metadata per region, stdnum modules) before the first request."""
    import importlib

    for region in _PHONE_REGIONS:
        with contextlib.suppress(phonenumbers.NumberParseException):
            phonenumbers.parse("0301234567", region)
    for module_name in [m for _, m in _NATIONAL_IDS] + [m for _, m, _ in _NAMED_IDS]:
        if module_name.startswith("stdnum."):
            importlib.import_module(module_name)
    find_structured("warm up: +44 20 7946 0958, 4111 1111 1111 1111, GB82 WEST 1234 5698 7654 32, 2024-01-02")
