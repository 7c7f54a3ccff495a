"""Reference codes by shape, and numbers after a "number" word, whatever the language around them.

The identifiers of one person's file in a clinic, gym, lab, payroll, court or shop are codes a system
printed: capital letters and digits in groups (``ZAM-00471``, ``GYM-HU-55128``, ``ONC-301-0457``,
``INV/20241118/MPL/3920174558``) or glued (``SH8830219475``, ``1ESY1160428951``). Their labels come in every
language ("tagsági szám", "Αριθμός δείγματος", "osobní číslo", "no resi" …), so the shape is the cue:

- **Grouped codes**: letter groups and digit groups joined by ``-`` or ``/``, with a letter group, and a
  digit group of five or more digits, or seven digits or more in two groups (``WH-1000XM4``, ``RTX-4090``,
  ``ISO-8859-1``, ``COVID-19`` and dates stay).
- **Glued codes**: one to five capital letters (a digit or two before them allowed) and seven digits or more;
  and letters and digits interleaved, two digit runs or more with five digits in all ("FD23P00418").
- **Long numbers**: 14–20 digits standing alone (microchips, IMEIs, SIM card ICCIDs), and digit groups
  joined by dashes holding twelve digits or more (``0418-2271-9936-05``).
- **Booking references** after their label (PNR, localizador, 订座记录, 予約番号 …): five to eight capitals
  and digits.
- **Numbers after a "number" word**: seven digits or more right after n°, nº, Nr., numéro fiscal, номер,
  číslo, rakam … or after Arabic "<noun> رقم" (``القضية رقم 4521873``).

Public registries' identifiers (CVE, ISO, RFC, DOI, NCT, ISBN, Ensembl …) are kept: they name no one; so are a
thing's codes after "serial", "model", "part", "SKU", "version" … (``Serial number SN-4471-2231``).

Cost: one scan for runs of capitals and digits, one for runs of seven digits; a label is looked for only in
the 40–48 characters behind such a run (after a substring test), never across the whole text.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType

__all__ = ["find_reference_codes"]

# Candidates are runs of capitals, digits, "-" and "/" (one cheap scan); each is then matched whole against the
# shapes, whose group says which it is.
_TOKEN = re.compile(r"[A-Z0-9](?:[A-Z0-9/-]|\.(?=[A-Z0-9])){4,}")  # "." only inside: "KH/RUH-19.33027"
_SHAPES = re.compile(
    r"(?P<grouped>(?=[A-Z0-9./-]*[A-Z])(?=[A-Z0-9./-]*\d)[A-Z0-9]{1,12}(?:[-/.][A-Z0-9]{1,12}){1,6})"
    r"|(?P<glued>\d{0,2}[A-Z]{1,5}\d{7,18})"
    r"|(?P<long>\d{14,20})"
    r"|(?P<dashed>\d{2,6}(?:-\d{2,6}){2,5})"
)
_BEFORE_TOKEN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_/.-")
_AFTER_TOKEN = re.compile(r"[A-Za-z0-9_-]|[/.,]\d")
_PNR_SHAPE = re.compile(r"[A-Z0-9]{5,8}")
_PUBLIC = re.compile(
    r"(?:CVE|CWE|ISO|IEC|RFC|DOI|NCT|ISBN|ISSN|PMID|PMC|ENS[A-Z]*|EN|DIN|ASTM|IEEE|SHA|UTF|ECMA)\b"
    r"|^(?:CVE|ISO|IEC|RFC|NCT|ISBN|ISSN|PMID|PMC|ENS[A-Z]*)"
)
_DIGIT_RUN = re.compile(r"\d+")
# A thing's number, not a person's: a serial, model, part, build or product code right before the code.
_THING_BEFORE = re.compile(
    r"(?i:serial|s/n|\bsn|model|modell|modelo|modèle|part|sku|version|build|firmware|isbn|ean|upc|artikel|"
    r"article|product|produkt|producto|produit|"
    # a program's error code ("o erro ORA-12154", "Fehler E-10234"; issue 16, HC)
    r"error|erro|errore|erreur|fehler|ошибк|hata|błąd|exception)\w*\W{0,3}(?:(?:no|nr|number|nummer|n°|#)\W{0,3})?$"
)
_BOOKING = re.compile(
    r"(?:(?<![^\W\d_])(?i:PNR|booking\s+(?:ref(?:erence)?|code|number|no\.?)|confirmation\s+(?:code|number)|"
    r"record\s+locator|localizador|c[oó]digo\s+de\s+reserva|buchungs(?:code|nummer|referenz)|reservierungsnummer|"
    r"(?:code|num[ée]ro|n°)\s+de\s+r[ée]servation|codice\s+(?:di\s+)?prenotazione|kode\s+(?:booking|pemesanan)|"
    r"номер\s+брони(?:рования)?|код\s+брони(?:рования)?|rezervační\s+kód|foglalási\s+(?:szám|kód)|"
    r"κωδικός\s+κράτησης|رقم\s+الحجز|کد\s+رزرو)(?![^\W\d_])"
    r"|订座记录|订座号|预订(?:编号|号码?|码)|預訂(?:編號|號碼?)|予約番号|予約コード|예약\s?번호|รหัสการจอง)"
    r"[\"']?\s*[:：#=]?\s*[\"'“]?$"
)
# Labels are looked for behind each candidate value (a short window), not across the whole text.
_NUMBER_WORD = re.compile(
    r"(?:(?<![^\W\d_])(?i:n[°º]|nr\.?|no\.|num[ée]ro\s+fiscal|"
    # "número de servicio", "numero contratto", "numéro client", "numero_medidor" read as words
    r"n[uú]m[eé]ro(?:\s+(?:de\s+|di\s+|du\s+|do\s+|da\s+|del\s+)?[^\W\d_]{3,20})?|numéro\s+d['’]identification\s+fiscale|номер|"
    r"č\.|číslo|szám(?:a|ú)?|αριθμός|nomor|namba|rakam|numara(?:sı)?|"
    r"(?P<phone>no\.?\s*(?:hp|telp|telepon|wa)|nomor\s+(?:hp|telepon|ponsel|wa)))(?![^\W\d_])"
    r"|(?<=[\u0600-\u06ff])\s+رقم|شناسه(?:\s+[\u0600-\u06ff\u200c]+)?)"
    r"\s*[:：#]?\s*(?:(?i:est|is|ist|es|é|je|jest|ni|adalah)\s+)?$"
)
# What every label of _NUMBER_WORD holds, lower-cased (a cheap test before the pattern runs on the window)
_NUMBER_STEMS = ("n°", "nº", "nr", "no", "num", "ном", "č", "szám", "αριθμ", "namba", "rakam", "رقم", "شناسه")
# (written "[+\d]" first, the look-behind after it: the same matches as "(?<![\w,.+-])\+?\d…", and the engine
# skips straight to a "+" or a digit)
_NUMBER_VALUE = re.compile(r"[+\d](?<![\w,.+-].)(?:(?<=\+)\d|(?<=\d))(?:[ -]?\d){6,22}(?![\w,.]?\d)")
_LETTER = re.compile(r"[^\W\d_]")


_RUN = re.compile(r"[A-Z]+|\d+")
_UPS = re.compile(r"1Z[A-Z0-9]{16}")  # a parcel's tracking number: the carrier's, not a person's
# A parcel's or an order's number, not a person's file: "tracking no. …", "Sendungsnummer …", "order …"
_SHIPMENT_BEFORE = re.compile(
    r"(?i:tracking|track|sendung|shipment|parcel|paket|colis|envío|envio|spedizione|order|bestell|commande|pedido|"
    r"ordine|ticket|invoice|rechnung|facture|factura|fattura)\w*\W{0,3}(?:(?:no|nr|number|nummer|n°|#|id)\W{0,3})?$"
)


def _mixed_is_code(value: str) -> bool:
    """Letters and digits interleaved, glued, with five digits or more ("FD23P00418", "2411208XK93PQ"): a court's,
    shop's or clinic's file number; not a model name with one letter run and one digit run ("RTX4090")."""
    if not 8 <= len(value) <= 20 or not value.isalnum() or _PUBLIC.match(value) or _UPS.fullmatch(value):
        return False
    runs = _RUN.findall(value)
    digit_runs = [r for r in runs if r.isdigit()]
    return len(runs) >= 4 and len(digit_runs) >= 2 and sum(map(len, digit_runs)) >= 5 and max(map(len, digit_runs)) >= 3


def _grouped_is_code(value: str) -> bool:
    if _PUBLIC.match(value):
        return False
    groups = re.split(r"[-/.]", value)
    runs = [len(r) for r in _DIGIT_RUN.findall(value)]
    letters = any(g.isalpha() for g in groups) or any(c.isalpha() for c in value)
    if not letters or not runs:
        return False
    if "." in value and not any(g.isalpha() and len(g) >= 2 for g in groups):
        return False  # a version or a section number with a letter ("V1.2.3", "A.12.4.5"), not a file's code
    # three groups or more, a letter group among them, five digits in two runs of two or more: "IVF/DEL/22-0918"
    # (not a model's name and date "GPT-4-0613")
    three = len(groups) >= 3 and sum(runs) >= 5 and min(runs) >= 2 and len(runs) >= 2 and any(map(str.isalpha, groups))
    return max(runs) >= 5 or (sum(runs) >= 7 and len(runs) >= 2) or three


def find_reference_codes(text: str) -> list[Entity]:
    """ID_OTHER findings (PHONE after a phone's "number" word) of the shapes in the module docstring."""
    if _LETTER.search(text) is None:
        return []  # (a text of digits and punctuation alone is the structured finders', see detector._WORDLESS)
    found: list[Entity] = []
    for m in _TOKEN.finditer(text):
        start, value = m.start(), m.group().rstrip("-/")
        end = start + len(value)
        if (start and text[start - 1] in _BEFORE_TOKEN) or _AFTER_TOKEN.match(text, end):
            continue
        if (
            _PNR_SHAPE.fullmatch(value)
            and not value.isdigit()
            and not value.isalpha()
            and _BOOKING.search(text, max(0, start - 40), start)
        ):
            found.append(Entity(EntityType.ID_OTHER, start, end, value, 0.85, "booking-ref"))
            continue
        shape = _SHAPES.fullmatch(value)
        if shape is None:
            behind = max(0, start - 24)
            if (
                _mixed_is_code(value)
                and not _THING_BEFORE.search(text, behind, start)
                and not _SHIPMENT_BEFORE.search(text, behind, start)
            ):
                found.append(Entity(EntityType.ID_OTHER, start, end, value, 0.8, "code-mixed"))
            continue
        kind = shape.lastgroup
        if kind == "grouped" and not _grouped_is_code(value):
            continue
        if kind in ("grouped", "glued") and (
            value.startswith("SN") or _THING_BEFORE.search(text, max(0, start - 24), start)
        ):
            continue  # "Serial number SN-4471-2231", "model WH-1000XM4"
        if kind == "glued" and _PUBLIC.match(value):
            continue
        if kind == "dashed" and sum(c.isdigit() for c in value) < 12:
            continue
        found.append(Entity(EntityType.ID_OTHER, start, end, value, 0.8, f"code-{kind}"))
    for m in _NUMBER_VALUE.finditer(text):
        window = text[max(0, m.start() - 48) : m.start()].lower()
        if not any(stem in window for stem in _NUMBER_STEMS):
            continue
        label = _NUMBER_WORD.search(text, max(0, m.start() - 48), m.start())
        if label is not None:
            kind = EntityType.PHONE if label.group("phone") else EntityType.ID_OTHER
            found.append(Entity(kind, m.start(), m.end(), m.group(), 0.85, "number-word"))
    return found
