"""Context words that raise or lower the confidence of a finding.

A number next to "phone", "SSN" or "card" is more likely what it looks like; one next to
"order", "invoice" or "version" less so. Each rule looks at a window of text before the span
(and a short one after it), case-insensitively, on word boundaries.
"""

from __future__ import annotations

import re

from .entities import EntityType

__all__ = ["DATE_EVENT_WORDS", "NEGATIVE_WORDS", "POSITIVE_WORDS", "context_adjustment", "has_date_event"]

_WINDOW_BEFORE = 48
_WINDOW_AFTER = 16

POSITIVE_WORDS: dict[EntityType, tuple[str, ...]] = {
    EntityType.PHONE: (
        "phone",
        "call",
        "tel",
        "telephone",
        "mobile",
        "cell",
        "fax",
        "office",
        "reach",
        "contact",
        "text me",
        "whatsapp",
        "number",
        "dial",
        "ring",
        "answering",
        "message",
        "messages",
        "sms",
        "voicemail",
        "calling",
        # other languages; CJK words are written straight against the number ("電話09012345678")
        "telefon",
        "telefono",
        "teléfono",
        "téléphone",
        "tél",
        "handy",
        "móvil",
        "celular",
        "cellulare",
        "portable",
        "komórka",
        "тел",
        "телефон",
        "моб",
        "電話",
        "电话",
        "手机",
        "手機",
        "携帯",
        "連絡",
        "联系",
        "聯絡",
        "연락처",
        "전화",
        "휴대폰",
        "핸드폰",
        "هاتف",
        "جوال",
        "טלפון",
        "נייד",
        "điện thoại",
        "sđt",
        "โทร",
    ),
    EntityType.SSN: ("ssn", "social security", "social sec", "ss#", "ss no"),
    EntityType.CREDIT_CARD: ("card", "credit", "debit", "visa", "mastercard", "amex", "cc", "charge", "pay"),
    EntityType.IBAN: ("iban", "account", "transfer", "bank", "wire", "sepa"),
    EntityType.BANK_ACCOUNT: ("account", "acct", "routing", "aba", "bank", "sort code", "bsb"),
    EntityType.ID_OTHER: (
        "passport",
        "license",
        "licence",
        "id",
        "identity",
        "member",
        "policy",
        "mrn",
        "patient",
        "employee",
        "badge",
        "permit",
        "registration",
        "tax",
        "nhs",
        "nino",
        "insurance",
    ),
    EntityType.NATIONAL_ID: (
        "id",
        "identity",
        "national",
        "tax",
        "citizen",
        "personal number",
        "dni",
        "nie",
        "cpf",
        "bsn",
        "pesel",
        "aadhaar",
        "codice fiscale",
        "personnummer",
        "insurance",
    ),
}

# Words that tie a weekday or a bare year to a person or an event ("born in 1984", "we meet on Monday",
# "flew to Oslo on Tuesday morning"): without one of these, or another finding in the same sentence,
# "Monday" and "2008" are not personal data.
DATE_EVENT_WORDS: tuple[str, ...] = (
    "born",
    "birth",
    "birthday",
    "dob",
    "died",
    "death",
    "passed away",
    "deceased",
    "married",
    "wedding",
    "divorced",
    "graduated",
    "graduation",
    "diagnosed",
    "admitted",
    "discharged",
    "surgery",
    "hired",
    "joined",
    "retired",
    "resigned",
    "fired",
    "moved",
    "founded",
    "established",
    "appointment",
    "meet",
    "meeting",
    "met",
    "visit",
    "flew",
    "flight",
    "arrive",
    "arrived",
    "arriving",
    "leaving",
    "interview",
    "hearing",
    "trial",
    "deadline",
    "morning",
    "afternoon",
    "evening",
    "night",
    "tonight",
    "geboren",
    "jahrgang",
    "gestorben",
    "verheiratet",
    "termin",
    "né",
    "née",
    "décédé",
    "rendez-vous",
    "nacido",
    "nacida",
    "cita",
    "nato",
    "nata",
    "appuntamento",
    "urodzony",
    "urodzona",
    "wizyta",
    "родился",
    "родилась",
)

NEGATIVE_WORDS: tuple[str, ...] = (
    "order",
    "invoice",
    "tracking",
    "version",
    "ticket",
    "isbn",
    "sku",
    "serial",
    "build",
    "commit",
    "part no",
    "model no",
    "build no",
    "reference no",
    "bestellnummer",
    "rechnungsnummer",
    "commande",
    "facture",
    "pedido",
    "factura",
    "注文",
    "订单",
    "주문",
)


def _compile(words: tuple[str, ...]) -> re.Pattern[str]:
    # matched against lower-cased windows: a case-sensitive alternation is many times faster than IGNORECASE
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w.lower()) for w in words) + r")(?![a-z])")


_POSITIVE_RE = {kind: _compile(words) for kind, words in POSITIVE_WORDS.items()}
_NEGATIVE_RE = _compile(NEGATIVE_WORDS)
_DATE_EVENT_RE = _compile(DATE_EVENT_WORDS)


def has_date_event(sentence: str) -> bool:
    """Whether ``sentence`` holds a word that ties a weekday or a bare year to a person or an event."""
    return _DATE_EVENT_RE.search(sentence.lower()) is not None


def context_adjustment(text: str, start: int, end: int, kind: EntityType) -> float:
    """-0.4 when a word that explains the value away is just before it; else +0.2 when a word that announces
    ``kind`` is near."""
    before = text[max(0, start - _WINDOW_BEFORE) : start].lower()
    after = text[end : end + _WINDOW_AFTER].lower()
    if _NEGATIVE_RE.search(before[-24:]):
        return -0.4  # "order number 112-…": the word that explains it away wins over a generic "number"
    positive = _POSITIVE_RE.get(kind)
    if positive is not None and (positive.search(before) or positive.search(after)):
        return 0.2
    return 0.0
