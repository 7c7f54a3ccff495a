"""Context words that raise or lower the confidence of a finding.

A number next to "phone", "SSN" or "card" is more likely what it looks like; one next to
"order", "invoice" or "version" less so. Each rule looks at a window of text before the span
(and a short one after it), case-insensitively, on word boundaries.
"""

from __future__ import annotations

import re

from .entities import EntityType

__all__ = ["NEGATIVE_WORDS", "POSITIVE_WORDS", "context_adjustment"]

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
    EntityType.DATE: (
        "born",
        "birth",
        "dob",
        "date",
        "since",
        "on",
        "in",
        "founded",
        "year",
        "admitted",
        "discharged",
        "appointment",
        "expires",
        "expiry",
        "until",
        "from",
        "during",
        "by",
        "of",
    ),
}

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
)


def _compile(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + r")(?![a-z])", re.IGNORECASE)


_POSITIVE_RE = {kind: _compile(words) for kind, words in POSITIVE_WORDS.items()}
_NEGATIVE_RE = _compile(NEGATIVE_WORDS)


def context_adjustment(text: str, start: int, end: int, kind: EntityType) -> float:
    """+0.2 when a word that announces ``kind`` is near; -0.4 when a word that explains it away is."""
    before = text[max(0, start - _WINDOW_BEFORE) : start]
    after = text[end : end + _WINDOW_AFTER]
    delta = 0.0
    positive = _POSITIVE_RE.get(kind)
    if positive is not None and (positive.search(before) or positive.search(after)):
        delta += 0.2
    if _NEGATIVE_RE.search(before[-24:]):
        delta -= 0.4
    return delta
