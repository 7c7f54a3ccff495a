"""Structured identifiers found by pattern and confirmed by their real check digits.

Each finder proposes candidates with a regular expression, then validates them with the library
that knows the format: Luhn for payment cards, ISO 13616 mod-97 for IBANs, the SSA rules for US
social security numbers, python-stdnum for national IDs, ``phonenumbers`` for phone numbers, the
stdlib ``ipaddress`` for IPs. A valid checksum gives a high score; a merely plausible shape a low
one, which context words (:mod:`.context`) may raise above the reporting threshold.
"""

from __future__ import annotations

import contextlib
import importlib
import ipaddress
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import phonenumbers
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.us import ssn as us_ssn

from .contacts import find_contacts
from .context import context_adjustment
from .dates import DEPENDENT_SOURCES, find_dates
from .entities import Entity, EntityType
from .identifiers import card_neighbours, find_identifiers
from .normalize import latin_bounded as _compile
from .secrets_patterns import find_secrets

__all__ = ["DEPENDENT_SOURCES", "find_structured", "warm_up_patterns"]

_EMAIL = _compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])"
)
_URL = _compile(r"(?<![\w@])(?:(?:https?|ftp|sftp|wss?)://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_TLDS = (
    "com|org|net|edu|gov|io|ai|co|dev|app|info|biz|me|us|uk|de|fr|it|es|nl|be|ch|at|se|no|dk|fi|pl|cz|hu|pt|"
    "br|ca|au|nz|jp|cn|in|ru|ie|gr|ro|sk|si|hr|uy|ar|mx|cl|il|za|tr|eu|tv|ly|gg|xyz|online|site|cloud|tech"
)
_BARE_DOMAIN = _compile(
    r"(?<![\w@./-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:" + _TLDS + r")"
    r"(?::\d{2,5})?(?:/[^\s<>\"'`]*)?(?![\w@(-]|\.\w)"
)
_IPV4 = _compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w.]|\.\d)")
_IPV6 = _compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_IBAN = _compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])")
_CARD_RUN = _compile(r"(?<![\d+-])(?<!\d[.,])\d(?:[ -]?\d){11,}(?![\d])")
_MAESTRO_PREFIXES = ("50", "56", "57", "58", "6")
_SSN = _compile(r"(?<![\d-])\d{3}([- ]?)\d{2}\1\d{4}(?![\d-])")
_PHONE = _compile(
    # possessive digit groups (Python 3.11+): a long digit run is split one way only, never backtracked into
    r"(?:(?<=[.:])\+|(?<![\w+/.-])(?:\+|00)?)(?:\(\d{1,4}+\)|\d{1,5}+)(?:[ .-]?\(0\))?"
    r"(?:(?:[ ]/[ ]|[ .\-/]{0,2})(?:\(\d{1,4}+\)|\d{1,6}+)){0,6}"  # " / " after a German area code
    r"(?:\s?(?:x|ext\.?|extension)\s?\d{1,6}+)?(?!\w|-\d|\.\d)",
    re.IGNORECASE,
)
# National IDs with a distinctive shape and a checksum that python-stdnum validates.
_NATIONAL_IDS: list[tuple[re.Pattern[str], str]] = [
    (_compile(r"(?<![\w])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w])"), "stdnum.br.cpf"),
    (_compile(r"(?<![\w])\d{8}-?[A-Za-z](?![\w])"), "stdnum.es.dni"),
    (_compile(r"(?<![\w])[XYZxyz]-?\d{7}-?[A-Za-z](?![\w])"), "stdnum.es.nie"),
    (_compile(r"(?<![\w])[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z](?![\w])"), "stdnum.it.codicefiscale"),
    (_compile(r"(?<![\w])[12]\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{3}\s?\d{3}\s?\d{2}(?![\w])"), "stdnum.fr.nir"),
    (_compile(r"(?<![\w])\d{4}\s\d{4}\s\d{4}(?![\w])"), "stdnum.in_.aadhaar"),
    (_compile(r"(?<![\w])\d{6}[-+]\d{4}(?![\w])"), "stdnum.se.personnummer"),
    (_compile(r"(?<![\w])\d{6}[-+A]\d{3}[0-9A-Y](?![\w])"), "stdnum.fi.hetu"),
    (_compile(r"(?<![\w])9\d{2}-?[5-9]\d-?\d{4}(?![\w])"), "stdnum.us.itin"),
    (_compile(r"(?<![\w])[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d](?![\w])"), "nino"),
    (_compile(r"(?<![\w.])756\.\d{4}\.\d{4}\.\d{2}(?![\w])"), "stdnum.ch.ssn"),
]
# National IDs whose shape is an ordinary number: only after a word that names them, and with a valid checksum.
_NAMED_IDS: list[tuple[re.Pattern[str], str, re.Pattern[str]]] = [
    (
        _compile(r"(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{3}(?![\w-])"),
        "stdnum.ca.sin",
        _compile(r"(?i:\bsin\b|social insurance)"),
    ),
    (_compile(r"(?<![\w-])\d{9}(?![\w-])"), "stdnum.nl.bsn", _compile(r"(?i:\bbsn\b|burgerservice)")),
    (_compile(r"(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w-])"), "stdnum.gb.nhs", _compile(r"(?i:\bnhs\b)")),
    (_compile(r"(?<![\w-])\d{6}-?\d{4}(?![\w-])"), "stdnum.dk.cpr", _compile(r"(?i:\bcpr\b)")),
    (_compile(r"(?<![\w-])\d{11}(?![\w-])"), "stdnum.pl.pesel", _compile(r"(?i:\bpesel\b)")),
    (
        _compile(r"(?<![\w-])\d{11}(?![\w-])"),
        "stdnum.no.fodselsnummer",
        _compile(r"(?i:f[øo]dselsnummer|personnummer)"),
    ),
    (
        _compile(r"(?<![\w-])\d{2}\s?\d{3}\s?\d{3}\s?\d{3}(?![\w-])"),
        "stdnum.de.idnr",
        _compile(r"(?i:steuer-?id|steueridentifikationsnummer|\bidnr\b|tax\s+id)"),
    ),
    (  # South Africa's identity number (birth date, sequence, citizenship, Luhn) after "ID", "ID-nommer", "identiteit"
        _compile(r"(?<![\w-])\d{6}\s?\d{4}\s?\d{3}(?![\w-])"),
        "stdnum.za.idnr",
        _compile(r"(?i:\bid\b|identiteit|identity)"),
    ),
]
# Words (lower case) without which the naming regex of each _NAMED_IDS entry cannot match, same order: a
# substring test is much cheaper than a case-blind regex search over the whole text.
_NAMED_HINTS: tuple[tuple[str, ...], ...] = (
    ("sin", "social insurance"),
    ("bsn", "burgerservice"),
    ("nhs",),
    ("cpr",),
    ("pesel",),
    ("dselsnummer", "personnummer"),
    ("steuer", "idnr", "tax"),
    ("id", "identit"),
)
_ASCII_CASE_OTHERS = re.compile("[\u0130\u0131\u017f\u212a]")
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
    "CN",
    "KR",
    "TW",
    "HK",
    "SG",
    "RU",
    "UA",
    "TR",
    "MX",
    "AR",
    "VN",
    "TH",
    "SA",
    "AE",
)

MIN_SCORE = 0.4


def _ent(kind: EntityType, text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(kind, start, end, text[start:end], max(0.0, min(1.0, score)), source)


_NOT_DIGIT = re.compile(r"\D+")


def _digits(s: str) -> str:
    return _NOT_DIGIT.sub("", s)


def _emails(text: str) -> Iterator[Entity]:
    for m in _EMAIL.finditer(text):
        yield _ent(EntityType.EMAIL, text, m.start(), m.end(), 0.97, "email")


def _trim_url_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in ".,;:!?)]}>'\"":
        if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
            break
        end -= 1
    return end


_TLD_HINT = re.compile(r"\.(?:" + _TLDS + r")(?![A-Za-z0-9])", re.IGNORECASE)


def _urls(text: str) -> Iterator[Entity]:
    if "://" in text or "www." in text or "WWW." in text:
        for m in _URL.finditer(text):
            end = _trim_url_end(text, m.start(), m.end())
            if end - m.start() > 7:
                yield _ent(EntityType.URL, text, m.start(), end, 0.95, "url")
    if _TLD_HINT.search(text) is None:
        return  # no ".com", ".de" …: no bare domain (and the costly scan below is skipped)
    for m in _BARE_DOMAIN.finditer(text):
        if text[max(0, m.start() - 7) : m.start()].endswith(("import ", "from ")):
            continue  # a module path in code: "from stdnum.us import ssn"
        end = _trim_url_end(text, m.start(), m.end())
        yield _ent(EntityType.URL, text, m.start(), end, 0.7, "domain")


def _ips(text: str) -> Iterator[Entity]:
    for m in _IPV4.finditer(text):
        try:
            net = ipaddress.ip_network(m.group(), strict=False)
        except ValueError:
            continue
        if net.is_loopback or net.is_unspecified:
            continue  # 127.0.0.1 and 0.0.0.0: in every server how-to, nobody's address
        yield _ent(EntityType.IP_ADDRESS, text, m.start(), m.end(), 0.9, "ipv4")
    if text.count(":") < 2:
        return  # an IPv6 address has two colons at least (and its scan can start anywhere)
    for m in _IPV6.finditer(text):
        candidate = m.group()
        if candidate.count(":") < 2 or sum(c.isalnum() for c in candidate) < 3:
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield _ent(EntityType.IP_ADDRESS, text, m.start(), m.end(), 0.9, "ipv6")


def _mod97_ok(compact: str) -> bool:
    """The ISO 7064 mod 97-10 check of an IBAN (letters as 10..35), as one integer operation."""
    if not compact.isalnum() or not compact.isascii():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(c if c.isdigit() else str(ord(c) - 55) for c in rearranged)) % 97 == 1


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
            candidate = part.replace(" ", "").upper()
            if _mod97_ok(candidate) and std_iban.is_valid(candidate):  # the cheap check first, then stdnum's
                yield _ent(EntityType.IBAN, text, m.start(), m.start() + cut, 0.95, "iban")
                break


_DIGIT_GROUP = _compile(r"\d+")


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
    # a case-blind regex matches an ASCII word where lower() shows it, unless the text holds one of the four
    # other letters that such a regex takes for an ASCII one ("İ", "ı", "ſ", Kelvin "K"), which fold their own way
    low = text.lower() if text.isascii() or not _ASCII_CASE_OTHERS.search(text) else None
    for (pattern, module_name, named), hints in zip(_NAMED_IDS, _NAMED_HINTS, strict=True):
        if (low is not None and not any(hint in low for hint in hints)) or named.search(text) is None:
            continue  # the word that names the ID is nowhere: no need to look for its digits
        for m in pattern.finditer(text):
            if not named.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            validator: Callable[[str], bool] = importlib.import_module(module_name).is_valid
            if validator(m.group()):
                yield _ent(EntityType.NATIONAL_ID, text, m.start(), m.end(), 0.95, module_name.rsplit(".", 1)[-1])


@lru_cache(maxsize=4096)
def _is_possible_phone(candidate: str) -> bool:
    """Whether ``candidate`` is a possible number in any region (cached: the same number comes back in every
    turn of a conversation, and parsing it in a few dozen regions is the costliest step of detection)."""
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


_TRAILING_GROUP = _compile(r"[ .\-/]+\(?\d+\)?$")


def _phone_spans(text: str) -> Iterator[tuple[int, str]]:
    """Phone-shaped matches, and each shorter form with trailing groups cut off (a phone number may run
    into the next number: "+44 20 7946 0958 078-05-1121"); overlaps are resolved later, by score."""
    for m in _PHONE.finditer(text):
        value = m.group().rstrip(" .-/")
        if " / " in value and not value.startswith(("0", "+", "(0")):
            continue  # " / " only after a trunk-prefixed area code ("0851 / 93 41 27"); "12 / 05 / 2024" is a date
        yield m.start(), value
        while re.search(_TRAILING_GROUP, value) and len(_digits(value)) > 7:
            value = re.sub(_TRAILING_GROUP, "", value)
            yield m.start(), value


# thousands with commas ("1,250,000"); spaces and dots also group phone digits ("699 956 915")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
_CURRENCY = (
    r"[$€£¥₹₩₽%]|(?:usd|eur|gbp|chf|pln|jpy|cny|huf|sek|nok|dkk|czk|inr|rs|ft|zł|kr|円|元|원|руб|dollars?|euros?|"
    r"pounds?|yen|yuan|won|rupees?|francs?)"
)
_AMOUNT_BEFORE = re.compile(r"(?i:(?:" + _CURRENCY + r")\.?\s?)$")
_AMOUNT_AFTER = re.compile(
    r"(?i:\s?(?:" + _CURRENCY + r"|people|persons|users|visitors|views|downloads|rows|records|items|units|copies|"
    r"times|words|bytes|tokens|km|kg|miles|meters|tons|inhabitants|residents|employees|cases|deaths|votes|"
    r"subscribers|followers|years|steps|calories)(?![A-Za-z]))"
)


_RANGE = re.compile(r"(\d{2,6})\s?[-–]\s?(\d{2,6})")
_MILLIONS = re.compile(r"[1-9](?:[ \u00a0.]\d{3}){2,}")


def _is_range(value: str) -> bool:
    m = _RANGE.fullmatch(value)
    if m is None or len(m.group(1)) != len(m.group(2)):
        return False
    return 0 < int(m.group(2)) - int(m.group(1)) < 500


_PAGES = re.compile(r"\d{1,4}\s*(?:\(\d+\))?\s+\d{1,5}\s?[-–]\s?\d{1,5}")
_CITATION_YEAR_AFTER = re.compile(r"\s*[,;(]\s*(?:19|20)\d{2}")


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(_AMOUNT_BEFORE.search(text[max(0, start - 8) : start]) or _AMOUNT_AFTER.match(text, end))


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
        if ctx <= 0 and (_is_range(value) or _MILLIONS.fullmatch(value)):
            continue  # pages or positions "1472-1477", "3 300 000" inhabitants
        if _PAGES.fullmatch(value) and _CITATION_YEAR_AFTER.match(text, end):
            continue  # "Nature 323 643-645, 1986": volume and pages of a reference
        if ctx <= 0 and (_THOUSANDS.fullmatch(value) or _is_amount(text, start, end)):
            continue  # "1,250,000 visitors", "$ 4 500 000", "2 300 000 Ft": a quantity or a price
        if not _is_possible_phone(value):
            score = 0.45 if separated else 0.3
        else:
            score = 0.75 if (separated or value.startswith("+")) else 0.55
        score = min(score + ctx, 0.85)  # a checksum-validated card or ID beats a phone-shaped number
        if score >= MIN_SCORE:
            yield _ent(EntityType.PHONE, text, start, end, score, "phone")


# Finders that need a digit in the text (most chat turns have none: they are skipped).
_DIGIT_FINDERS: tuple[Callable[[str], Iterator[Entity]], ...] = (
    _ips,
    _ibans,
    _cards,
    _ssns,
    _national_ids,
    _named_ids,
    _phones,
    find_identifiers,
)
_DIGIT = _compile(r"\d")


def find_structured(text: str) -> list[Entity]:
    """Every structured identifier in ``text`` with score ≥ ``MIN_SCORE``, overlaps not yet resolved."""
    found: list[Entity] = []
    finders: list[Callable[[str], Iterator[Entity]]] = [_urls, find_dates, find_secrets, find_contacts]
    if "@" in text:
        finders.append(_emails)
    if _DIGIT.search(text):
        finders.extend(_DIGIT_FINDERS)
    elif ":" in text:
        finders.append(_ips)  # an IPv6 address can be all hex letters ("fade::beef")
    for finder in finders:
        found.extend(e for e in finder(text) if e.score >= MIN_SCORE)
    cards = [e for e in found if e.type is EntityType.CREDIT_CARD and e.score >= 0.6]
    if cards:
        found.extend(card_neighbours(text, cards))
    return found


def warm_up_patterns() -> None:
    """Load what the finders load lazily (phone metadata per region, stdnum modules) before the first request."""
    for region in _PHONE_REGIONS:
        with contextlib.suppress(phonenumbers.NumberParseException):
            phonenumbers.parse("0301234567", region)
    for module_name in [m for _, m in _NATIONAL_IDS] + [m for _, m, _ in _NAMED_IDS]:
        if module_name.startswith("stdnum."):
            importlib.import_module(module_name)
    find_structured("warm up: +44 20 7946 0958, 4111 1111 1111 1111, GB82 WEST 1234 5698 7654 32, 2024-01-02")
