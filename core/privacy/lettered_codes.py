"""Identifiers whose letters are Cyrillic or Greek, and a person's credit-bureau grade or score (issue 16).

- **Lettered codes.** A document number written with a series of one to four Cyrillic or Greek capitals and six
  digits or more (in one run or in groups): a military ID ``АС 2284701``, a driving licence ``ВХС 418273``, a Greek
  identity card ``ΑΚ 482913`` or contract ``ΖΩ-7714-20983``, a court file ``ГД-5528/2026``. The Latin identifier
  rules (:mod:`.identifiers`) read only Latin series; in these scripts such a shape is almost always a personal
  document, so no label is needed. Citations of standards and laws (``ГОСТ Р 51583-2014``, ``ΦΕΚ Α 123/2020``) are
  not one.
- **Credit grades and scores.** Indonesia's SLIK/BI-checking collectibility grade (``kol-5``, ``kol 4``) and a score
  after a bureau's name (``CTOS 498``, ``SCHUFA-Score 87,5``, ``CIBIL 712``, ``FICO 640``): someone's credit history,
  flagged only where the text is about a person (a first-person word or an applicant, tenant, debtor …), never in a
  question that lists the grades (``kol-1 sampai kol-5``).
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .normalize import lower_view

__all__ = ["find_lettered_codes"]

_CAPS = "А-ЯЁІЇЄҐЎΑ-ΩΆΈΉΊΌΎΏ"
_LETTERED = re.compile(
    rf"(?<![^\W\d_])[{_CAPS}]{{1,4}}(?:[ -]|\s?№\s?)?(?:\d{{6,12}}|\d{{2,5}}(?:[-/ ]\d{{2,7}}){{1,3}})(?![^\W_])"
)
_HAS_CAPS = re.compile(rf"[{_CAPS}][ \-№]{{0,3}}\d")
# citations that are shaped the same: standards, building codes, laws and the Greek government gazette
_CITATION = re.compile(r"(?:ГОСТ|ОСТ|СНиП|СП|ТУ|ФЗ|ΦΕΚ|ΠΔ|Π\.Δ\.|ν\.|Ν\.)\s*$")
# a thing's number (an article, an order, an invoice, a waybill, a flight or a train, a model): not a person's
_THING_BEFORE = re.compile(
    r"(?:артикул|арт\.|заказ|замовлення|сч[её]т[а-я]*\s+на\s+оплату|накладн|ттн|рейс|поезд|потяг|модел|"
    r"παραγγελ|τιμολ[οό]γ|κωδικ[οό]ς\s+προ[ϊι]όντος|πτήση|μοντέλο)[^\n]{0,20}$",
    re.IGNORECASE,
)

# matched on the lower-case view: a case-blind alternation is tried at every character (~40x slower), and
# LabelStarts falls back to it on any text with the Cyrillic letters of re's extra case equivalences (о, с, в …)
_CREDIT_CUE = re.compile(r"kol|ctos|ccris|schufa|cibil|fico|bkr|equifax|experian|transunion|crif")
_KOL = re.compile(r"(?<![^\W\d_])[Kk]ol(?:ektibilitas)?[\s-]?[1-5](?![^\W_])")
_KOL_CONTEXT = re.compile(r"slik|ojk|bi[\s-]?checking|kolektibilitas|kredit|pinjaman|cicilan|tunggakan|kpr", re.I)
_BUREAU = re.compile(
    r"(?<![^\W\d_])(?i:ctos|ccris|schufa|cibil|fico|bkr|equifax|experian|transunion|crif)"
    r"(?:[\s-]?(?i:basisscore|score|skor|wert|rating|punteggio))?\s*[:=]?\s*\d{1,3}(?:[.,]\d{1,2})?(?![\d.,]?\d)"
)
# a range or a list of the grades describes the scale, not a person ("dari kol-1 sampai kol-5")
_RANGE_NEAR = re.compile(r"(?i:sampai|hingga|s\.?/?d\.?|to|bis|hasta|[-–])\s*$|^\s*(?i:sampai|hingga|s\.?/?d\.?|[-–])")
# the text is about someone: a first-person word, or a person the report is about
_PERSONAL = re.compile(
    r"(?<![^\W\d_])(?i:my|i|i'm|me|saya|aku|ku|mein|meine|meinen|meinem|meiner|mon|ma|mes|mi|mis|meu|minha|mój|moja|moje|mijn|"
    r"benim|mera|meri|nasabah|pemohon|debitur|penyewa|calon|applicant|tenant|borrower|debtor|kunde|antragsteller|"
    r"pelanggan|peminjam|client|cliente|klient)(?![^\W\d_])"
)


def _lettered(text: str) -> list[Entity]:
    found: list[Entity] = []
    for m in _LETTERED.finditer(text):
        if sum(c.isdigit() for c in m.group()) < 6 or _CITATION.search(text, max(0, m.start() - 8), m.start()):
            continue
        if _THING_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        found.append(Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.85, "lettered-code"))
    return found


def _credit(text: str) -> list[Entity]:
    if _PERSONAL.search(text) is None:
        return []
    found: list[Entity] = []
    if _KOL_CONTEXT.search(text):
        for m in _KOL.finditer(text):
            before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 12]
            if _RANGE_NEAR.search(before) or _RANGE_NEAR.search(after):
                continue
            found.append(Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.85, "credit-grade"))
    found.extend(
        Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.85, "credit-score") for m in _BUREAU.finditer(text)
    )
    return found


def find_lettered_codes(text: str) -> list[Entity]:
    """Cyrillic- and Greek-lettered document numbers, and a person's credit grade or score, in ``text``."""
    found: list[Entity] = []
    if not text.isascii() and _HAS_CAPS.search(text):
        found.extend(_lettered(text))
    if _CREDIT_CUE.search(lower_view(text)) is not None:
        found.extend(_credit(text))
    return found
