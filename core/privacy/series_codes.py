"""Document numbers written as a letter series and a number, record numbers after their label, and codes as one span.

The seventh leak set showed codes whose letters were taken by one finding and whose number went out: "seria i nr
książeczki AW 4417902" (the series "AW" read as an acronym), "IVF/DEL/22-0918" (only "IVF" found), "RM 08-44-17"
(a medical-record number after its label "RM"). The number is what identifies the record, so it must never go out
without its letters. This module finds three classes:

- **Series and number** ("seria i nr AW 4417902", "серії МК № 552918", "Wehrpass-Nr. WP 3318205", "série et numéro
  CH 0772914", "seria RX nr. 884512"): one to four capitals (Latin, Cyrillic or Greek), a space, a dash or a number
  word ("№", "nr.", "No"), and five to ten digits, after a series or number word in the 24 characters before it (or
  with the number word inside the code), not a thing's (a train's, a flight's, an order's). Currency codes ("PLN
  350000") and public standards ("ISO 14001") are not one.
- **Record numbers after their label**: "RM 08-44-17", "No. RM 11-20-38", "MRN KH-55-0193-2", "UHID …", "NHS no …",
  "Fallnummer …", "n° de dossier …", "historia clínica …", "protokol no PR 22-61-094": digit and capital groups
  joined by "-", "/", "." or a space, with five digits or more.
- **A code is one span** (:func:`codes_win`): a finding that covers only part of a code found here or by
  :mod:`.reference_codes` (an acronym "IVF", "AW", "RM" read as a medical term or a name) gives way to the code.

Cost: one scan for runs of five to ten digits and one for five digits in groups (none: nothing else runs); the
series, the labels and the label window are read only in the few characters behind such a run.
"""

from __future__ import annotations

import re

from .cues import Cues
from .entities import Entity, EntityType
from .normalize import lower_view

__all__ = ["CODE_SOURCES", "codes_win", "find_series_codes"]

_CAPS = "A-ZА-ЯЁІЇЄҐЎΑ-ΩΆΈΉΊΌΎΏ"
_NUMBER_SIGN = r"(?:№|[Nn][or]\.?|n[°º])"
# the series and its separator right before a run of five to ten digits (searched only behind such a run)
_SERIES_HEAD = re.compile(rf"(?<![^\W\d_])(?P<series>[{_CAPS}]{{1,4}})(?P<sep>\s?{_NUMBER_SIGN}\s?|[ -])$")
_NUMBER_RUN = re.compile(r"\d(?<!\d\d)\d{4,9}(?![^\W_]|[.,/-]\d)")  # (the look-behind after the first digit: faster)
# a series or number word just before the code (the 24 characters behind it, lower-cased); "no" only with its point
# or colon (alone it is "not" in English, Spanish, Italian)
_SERIES_LABEL = re.compile(
    r"(?<![^\W\d_])(?:seri[aeiąęiy]?|séries?|серi\w*|сері\w*|сери\w*|σειρά|nr|no[.:]|n[°º]|№|num[eé]r\w*|número|"
    r"nummer|номер\w*|číslo|broj|sz[áa]m\w*|αριθμ\w*|nomor|numara\w*)(?![^\W\d_])"
)
# a thing's number, not a person's document: a train, a flight, an order, an invoice, a model
_THING_LABEL = re.compile(
    r"train|flight|order|invoice|model|serial|tracking|zug|flug|bestell|rechnung|pociąg|lot\b|zamówien|faktur|"
    r"treno|volo|ordine|fattura|tren\b|vuelo|pedido|factura|vol\b|commande|facture|поезд|рейс|заказ|сч[её]т"
)
# a series that is a currency, a unit or a public standard: "PLN 350000", "Rp 7450000", "ISO 14001"
_NOT_SERIES = frozenset(
    re.findall(
        r"\w+",
        "USD EUR PLN GBP CHF RUB UAH INR IDR MYR RP RS KES ZAR JPY CNY RMB TL TRY CZK HUF RON SEK NOK DKK BRL MXN "
        "ARS COP NGN EGP SAR AED VND THB PHP KRW TWD HKD SGD AUD CAD NZD PKR BDT LKR NPR ILS GEL KZT BYN ISO IEC EN "
        "DIN CVE RFC DOI NCT PMID ISBN ISSN ASTM IEEE UTF KM KG MM CM HP PS TV PLZ CAP CP ZIP TEL FAX TLF",
    )
)
_DIGITS5 = re.compile(r"\d{5}|\d[-/. ]?\d[-/. ]?\d[-/. ]?\d[-/. ]?\d")
# A record number after its label: a medical record (RM, MRN, UHID, IPP, NHC …), a patient's or a court's file.
_RECORD = re.compile(
    r"(?<![^\W\d_])(?:RM|MRN|UHID|IPP|NHC|HC|CR\s?No\.?|Az\.|Gz\.|"
    r"(?i:rekam\s+medis|medical\s+record(?:\s+(?:no\.?|number))?|hospital\s+(?:no\.?|number)|"
    r"patient\s+(?:no\.?|number|id)|NHS\s+(?:no\.?|number)|fallnummer|patientennummer|aktenzeichen|"
    r"n[°º]\s+de\s+dossier|numéro\s+de\s+dossier|dossier\s+n[°º]|historia\s+cl[ií]nica|cartella\s+clinica|"
    r"prontu[aá]rio|protokol\s+no\.?|dosya\s+no\.?|pendaftaran))(?![^\W\d_])"
    r"\s*[:#=]?\s*(?P<value>[A-Z0-9](?:[A-Z0-9]|[-/.](?=[A-Z0-9])|\s(?=(?:[A-Z]{1,3}\s)?\d)){3,30})"
)
# What a text must hold for _RECORD to run: one of its acronyms as a word (case-sensitive: a case-blind alternation is
# tried at every character, several times slower), or one of its words (one Aho-Corasick pass shared with other
# finders, :mod:`.cues`)
# (first letter, then the look-behind, then the rest: the engine skips to the few capitals; as a gate, the pairs it
# lets through that are no acronym, "RC" or "MR", only make the full pattern run)
_RECORD_ACRONYM = re.compile(r"[RMUINHCAG](?<![^\W\d_].)(?:M|RN|HID|PP|HC|C|R|z)(?![^\W\d_])")
_RECORD_WORDS = Cues(
    (
        "rekam", "medical record", "hospital n", "patient n", "patient id", "nhs n", "fallnummer", "patientennummer",
        "aktenzeichen", "de dossier", "dossier n", "historia cl", "cartella clinica", "prontu", "protokol n",
        "dosya n", "pendaftaran",
    )
)  # fmt: skip
CODE_SOURCES = frozenset({"series-code", "record-number", "code-grouped", "code-glued", "code-mixed", "lettered-code"})
_CODE_TYPES = frozenset({EntityType.ID_OTHER, EntityType.NATIONAL_ID})


def _series(text: str) -> list[Entity]:
    found: list[Entity] = []
    for run in _NUMBER_RUN.finditer(text):
        m = _SERIES_HEAD.search(text, max(0, run.start() - 12), run.start())
        if m is None or m.group("series").upper() in _NOT_SERIES:
            continue
        sign = not m.group("sep").isspace() and m.group("sep") != "-"
        window = text[max(0, m.start() - 24) : m.start()].lower()
        if (not sign and _SERIES_LABEL.search(window) is None) or _THING_LABEL.search(window):
            continue
        found.append(
            Entity(EntityType.ID_OTHER, m.start(), run.end(), text[m.start() : run.end()], 0.85, "series-code")
        )
    return found


def _records(text: str) -> list[Entity]:
    found: list[Entity] = []
    if _RECORD_ACRONYM.search(text) is None and not _RECORD_WORDS.in_lower(lower_view(text)):
        return found  # no label in the text
    for m in _RECORD.finditer(text):
        value = m.group("value").rstrip(" .-/")
        if sum(c.isdigit() for c in value) < 5:
            continue
        start = m.start("value")
        found.append(Entity(EntityType.ID_OTHER, start, start + len(value), value, 0.85, "record-number"))
    return found


def find_series_codes(text: str) -> list[Entity]:
    """Series-and-number document codes and record numbers after their label in ``text`` (see the docstring)."""
    if _DIGITS5.search(text) is None:
        return []
    return _series(text) + _records(text)


def _is_code(e: Entity) -> bool:
    return e.type in _CODE_TYPES and e.source in CODE_SOURCES and sum(c.isdigit() for c in e.text) >= 5


def codes_win(found: list[Entity]) -> list[Entity]:
    """``found`` without the findings that cover only part of a code (they would leave its number out)."""
    codes = [e for e in found if _is_code(e)]
    if not codes:
        return found
    return [
        e
        for e in found
        if e in codes
        or not any(e.start < c.end and c.start < e.end and not (e.start <= c.start and c.end <= e.end) for c in codes)
    ]
