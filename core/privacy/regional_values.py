"""Labelled values and national identifiers in Thai, Bengali, Persian, Indonesian, Swahili and Filipino.

Forms, claims, bookings and chat requests in these languages name their values with a label
("เลขที่บัญชี", "NIK:", "کد ملی", "রোল নম্বর", "namba ya akaunti", "SSS No."). On the detection view
(ASCII digits), for the languages :func:`.regional_langs.regional_languages` finds:

- **identifiers after a label**: national IDs, passports, tax numbers (NATIONAL_ID), bank accounts
  (BANK_ACCOUNT), orders, policies, cases, patient records, student and booking numbers (ID_OTHER),
  phone numbers (PHONE) and dates of birth (DATE); the value needs a digit;
- **national IDs by shape and checksum, anywhere in that language**: the Thai citizen ID (13 digits,
  python-stdnum ``th.pin``), the Indonesian NIK (16 digits with a region and a birth date,
  ``id.nik``) and the Iranian national code (10 digits, mod-11 check digit, as the Iranian civil
  registry documents it);
- **Indonesian court case numbers** ("123/Pid.B/2026/PN Jkt.Sel") by their shape.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from stdnum.id import nik
from stdnum.th import pin

from .entities import Entity, EntityType

__all__ = ["find_regional_values", "iran_code_ok"]


def _view_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled as the detection view writes text (NFKC: "ำ" is "ํา", "ড়" is "ড়")."""
    return re.compile(unicodedata.normalize("NFKC", pattern), flags)


_R = r"(?![^\W\d_])"  # a label ends a word (Thai labels may run into the value: no check there)
# Between a label and its value: a bracket, a colon or dash, a linking word ("ay", "ni", "adalah") or a pronoun.
# An issuer or a number word may stand between a label and its colon ("ID pelanggan PLN: …", "BPJS Kesehatan: …",
# "kitambulisho Na. …"): a capitalised word right before a colon, or an abbreviated number word; or a word that
# says whose or which it is right before a long number ("No. BPJS Kesehatan 0001…", "nomor pesanan apotek 2503…").
_ISSUER = (
    r"(?:[A-Z][A-Za-z]{1,14}[ \t]*(?=[:：])|[A-Za-z][a-z]{3,14}[ \t]+(?=\d{6})"
    r"|(?:Na|No|Nr|Nomor|Namba|Nambari|Blg)\.?[ \t]+)?"
)
_GLUE = (
    r"[ \t]*(?:\([^)\n]{0,24}\)[ \t]*)?" + _ISSUER + r"(?:[:：=#–—-]+[ \t]*)?"
    r"(?:(?:ay|ni|ya|adalah|yaitu|ialah|saya|anda|nya|او|من|ایشان|شما|ของ(?:ผู้ป่วย|ฉัน|ดิฉัน|ผม)|คือ|"
    r"ที่)[ \t]*(?:[:：]?[ \t]*))?"
)
_FA_LETTERS = "\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc"
_FA_OWNER = rf"(?:\u200c?(?:ام|ات|اش|مان|تان|شان))?(?:[ \t]+در[ \t]+[{_FA_LETTERS}]+(?:[ \t]+[{_FA_LETTERS}]+){{0,2}})?"
_ID = r"(?P<v>(?=[A-Za-z0-9./-]*\d)[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])|[ ](?=\d{2,})){2,40})"
_PHONE = r"(?P<v>\+?\d[\d \t().-]{5,18}\d)"
_TH_MONTHS = (
    "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|"
    r"ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\."
)
_LATIN_MONTHS = r"[A-Z][a-z]{2,8}\.?"  # Januari, Agosto, Julai, Mei: any capitalised month word between day and year
_DATE = (
    r"(?P<v>\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}"
    rf"|\d{{1,2}}\s*(?:{_TH_MONTHS})\s*(?:พ\.ศ\.\s*)?\d{{4}}|\d{{1,2}}\s+{_LATIN_MONTHS}\s+\d{{4}})"
)

# Label words by language and by what their value is. Longest first is done by the compiler below.
_LABELS: dict[str, dict[str, str]] = {
    "th": {
        "national": "เลขประจำตัวประชาชน|เลขบัตรประจำตัวประชาชน|เลขบัตรประชาชน|บัตรประชาชนเลขที่|เลขที่บัตรประชาชน|"
        "บัตรประชาชน|หนังสือเดินทางเลขที่|เลขที่หนังสือเดินทาง|เลขหนังสือเดินทาง|หนังสือเดินทาง|พาสปอร์ต|"
        "เลขประจำตัวผู้เสียภาษี|เลขผู้เสียภาษี|ใบขับขี่เลขที่",
        "account": "เลขที่บัญชี|เลขบัญชี|บัญชีเลขที่|หมายเลขบัญชี|บัญชีธนาคาร|พร้อมเพย์",
        "id": "เลขที่คำสั่งซื้อ|คำสั่งซื้อเลขที่|หมายเลขคำสั่งซื้อ|คำสั่งซื้อ|เลขพัสดุ|เลขที่พัสดุ|หมายเลขพัสดุ|"
        "เลขที่กรมธรรม์|กรมธรรม์เลขที่|เลขกรมธรรม์|เลขที่ผู้ป่วย|เลขประจำตัวผู้ป่วย|HN|AN|เลขที่ใบสั่งยา|"
        "คดีหมายเลขดำที่|คดีหมายเลขแดงที่|คดีหมายเลขดำ|คดีหมายเลขแดง|คดีหมายเลข|เลขที่คดี|เลขที่การจอง|รหัสการจอง|"
        "หมายเลขการจอง|รหัสนักศึกษา|รหัสนักเรียน|เลขประจำตัวนักเรียน|เลขประจำตัวสอบ|เลขที่สมาชิก|รหัสสมาชิก|"
        "เลขที่ใบเสร็จ|เลขที่อ้างอิง|เลขอ้างอิง|เลขที่สลาก|หมายเลขสลาก|สลากเลขที่|เลขที่เคลม|เลขเคลม|"
        "เลขที่ใบแจ้งหนี้|เลขประจำตัวพนักงาน|รหัสพนักงาน|เลขที่ประกันสังคม",
        "phone": "หมายเลขโทรศัพท์|เบอร์โทรศัพท์|เบอร์โทร|เบอร์มือถือ|โทรศัพท์|มือถือ|เบอร์|โทร\\.?",
        "dob": "วันเดือนปีเกิด|วัน เดือน ปีเกิด|วันเกิด|เกิดวันที่",
    },
    "bn": {
        "national": "জাতীয় পরিচয়পত্র নম্বর|জাতীয় পরিচয়পত্র|জাতীয় পরিচয় পত্র নং|জাতীয় পরিচয় পত্র|"
        "এনআইডি নম্বর|এনআইডি|"
        "এন আই ডি|NID|ভোটার আইডি|জন্ম নিবন্ধন নম্বর|জন্ম নিবন্ধন|পাসপোর্ট নম্বর|টিআইএন|ই-টিআইএন",
        "account": "হিসাব নম্বর|হিসাব নং|ব্যাংক হিসাব|অ্যাকাউন্ট নম্বর|একাউন্ট নম্বর|অ্যাকাউন্ট নং",
        "id": "রোল নম্বর|রোল নং|রোল|রেজিস্ট্রেশন নম্বর|রেজিস্ট্রেশন নং|নিবন্ধন নম্বর|অর্ডার নম্বর|অর্ডার আইডি|"
        "অর্ডার নং|মামলা নম্বর|মামলা নং|কেস নম্বর|রোগী নম্বর|রোগীর আইডি|ভর্তি নম্বর|পলিসি নম্বর|পলিসি নং|"
        "ট্রানজেকশন আইডি|লেনদেন নম্বর|টিকিট নম্বর|বুকিং নম্বর|শিক্ষার্থী আইডি|স্টুডেন্ট আইডি|কর্মচারী আইডি",
        "phone": "বিকাশ নম্বর|বিকাশ|নগদ নম্বর|নগদ|রকেট নম্বর|মোবাইল নম্বর|ফোন নম্বর|যোগাযোগ",
        "dob": "জন্ম তারিখ|জন্মতারিখ|জন্ম",
    },
    "fa": {
        "national": "کد ملی|کدملی|شماره ملی|شماره شناسنامه|شماره پاسپورت|شماره گذرنامه|گذرنامه|کد اقتصادی",
        "account": "شماره حساب|شماره کارت|شماره شبا|شبا|حساب شماره",
        "id": "شماره بیمه|کد بیمه|شماره پرونده|شماره سفارش|کد سفارش|کد رهگیری|شماره رهگیری|شماره پیگیری|کد پیگیری|"
        "شماره دانشجویی|شماره پذیرش|شماره بلیط|شماره رزرو|کد رزرو|شماره کلاسه|شماره دادنامه|شماره قرارداد|"
        "کد پرسنلی|شماره پرسنلی|شماره بیمارستانی|شماره فاکتور",
        "phone": "تلفن همراه|شماره تماس|شماره موبایل|شماره همراه|موبایل|تلفن|همراه",
        "dob": "تاریخ تولد|متولد",
    },
    "id": {
        "national": "NIK|No\\. ?KTP|Nomor KTP|No KTP|KTP|NPWP|No\\. ?Paspor|Nomor Paspor|Paspor|No\\. ?KK|Nomor KK|"
        "Kartu Keluarga|No\\. ?BPJS|Nomor BPJS|BPJS|NIK KTP|No\\. ?SIM|Nomor SIM",
        "account": "No\\. ?Rek(?:ening)?\\.?|Nomor Rekening|Nomor Rek\\.?|No Rek|Rekening|Virtual Account|VA",
        "id": "Nomor Perkara|No\\. ?Perkara|Nomor pesanan|No\\. ?pesanan|pesanan nomor|No\\. ?Pesanan|"
        "No\\. ?Resi|Nomor Resi|"
        "Resi|No\\. ?Polis|Nomor Polis|No\\. ?Rekam Medis|Nomor Rekam Medis|No\\. ?rekam medis|rekam medis|No\\. ?RM|"
        "NIM|NISN|NIP|Kode booking|Kode Booking|Kode pemesanan|No\\. ?Tiket|Nomor Tiket|Nomor Invoice|No\\. ?Invoice|"
        "No\\. ?Klaim|Nomor Klaim|Nomor Peserta|No\\. ?Peserta|No\\. ?Pendaftaran|Nomor Pendaftaran|Nomor Kupon|"
        "Nomor Undian|ID Pelanggan|No\\. ?Pelanggan|Nomor Pelanggan|Nomor Karyawan|ID Karyawan",
        "phone": "No\\. ?HP|Nomor HP|No HP|No\\. ?Telp\\.?|Telp\\.?|HP|WA|WhatsApp|Nomor telepon|No\\. ?WA|Nomor WA",
        "dob": "tanggal lahir|Tanggal Lahir|Tgl\\. ?Lahir|Tgl Lahir|TTL|Tempat/Tgl\\. ?Lahir|lahir pada|lahir tanggal",
    },
    "sw": {
        "national": "namba ya kitambulisho cha taifa|kitambulisho cha taifa|namba ya kitambulisho cha NIDA|"
        "kitambulisho cha NIDA|"
        "namba ya kitambulisho|nambari ya kitambulisho|kitambulisho namba|kitambulisho|namba ya NIDA|NIDA|"
        "namba ya pasipoti|pasipoti|KRA PIN|TIN|leseni ya udereva",
        "account": "namba ya akaunti|nambari ya akaunti|akaunti namba|akaunti|namba ya M-Pesa|M-Pesa",
        "id": "namba ya oda|oda namba|namba ya agizo|namba ya faili ya mgonjwa|faili ya mgonjwa|namba ya faili|"
        "namba ya mgonjwa|namba ya kesi|kesi namba|"
        # a case of a kind, then its number: "Kesi ya talaka Na. 22/2025", "shauri la madai Na. …"
        "kesi ya [A-Za-z][a-z]{3,8}|shauri la [A-Za-z][a-z]{3,8}|kesi ya [A-Za-z][a-z]{3,8} [a-z]{4,9}|"
        "shauri Na\\.|kesi Na\\.|"
        "shauri namba|shauri la jinai namba|namba ya shauri|namba ya tiketi|"
        "namba ya usajili|namba ya mwanafunzi|namba ya mtihani|namba ya bima|namba ya polisi|namba ya risiti|"
        "namba ya kumbukumbu|namba ya muamala|namba ya tiketi ya bahati nasibu|namba ya mfanyakazi",
        "phone": "namba ya simu|nambari ya simu|simu ya mkononi|simu|rununu",
        "dob": "tarehe ya kuzaliwa|alizaliwa tarehe|alizaliwa",
    },
    "tl": {
        "national": "TIN|SSS No\\.?|SSS Number|SSS|PhilSys number|PhilSys No\\.?|PhilSys Card Number|PhilSys|"
        "PhilID|PSN|"
        "PhilHealth No\\.?|PhilHealth Number|PhilHealth|Pag-IBIG MID No\\.?|Pag-IBIG No\\.?|Pag-IBIG|UMID|"
        "GSIS No\\.?|GSIS|"
        "numero ng pasaporte|pasaporte|Passport No\\.?|PRC License No\\.?|PRC No\\.?|Driver's License No\\.?",
        "account": "numero ng account|account number|Account No\\.?|GCash number|GCash|Maya number",
        "id": "Kaso Blg\\.|Kasong Kriminal Blg\\.|Kasong Sibil Blg\\.|Kaso Bilang|Civil Case No\\.|"
        "Criminal Case No\\.|Case No\\.|"
        "numero ng order|Order No\\.?|order number|Reference No\\.?|Ref\\. No\\.?|numero ng reference|Booking Ref\\.?|"
        "Student No\\.?|LRN|Policy No\\.?|numero ng polisiya|Claim No\\.?|numero ng tiket|Employee No\\.?|Blg\\.",
        "phone": "numero ng telepono|numero ng cellphone|Cell(?:phone)? No\\.?|Cell|Cel|Tel\\.? No\\.?|Tel\\.|Telepono|"
        "CP No\\.?|Mobile No\\.?|Mobile",
        "dob": "Petsa ng kapanganakan|Araw ng kapanganakan|Kaarawan|ipinanganak noong|Birthday",
    },
}
# Indonesian chat drops the abbreviation's full stop ("no pesanan 2411208XK93PQ", "no resi …"): both are labels.
_LABELS["id"] = {k: v if k == "national" else v.replace("No\\. ?", "No\\.? ?") for k, v in _LABELS["id"].items()}
_KINDS: dict[str, tuple[EntityType, str, float]] = {
    "national": (EntityType.NATIONAL_ID, _ID, 0.9),
    "account": (EntityType.BANK_ACCOUNT, _ID, 0.88),
    "id": (EntityType.ID_OTHER, _ID, 0.85),
    "phone": (EntityType.PHONE, _PHONE, 0.85),
    "dob": (EntityType.DATE, _DATE, 0.85),
}


# Thai runs words together: a label may touch the words around it (only Latin letters may not, for "HN", "AN").
_WORD_CHAR = re.compile(r"[^\W\d_]")
_STARTS = {"th": re.compile("[A-Za-z]"), "bn": re.compile("[\u0980-\u09ff]")}
_BOUNDS = {
    "th": ("(?<![A-Za-z])", "(?![A-Za-z])"),
    "bn": ("(?<![\u0980-\u09ff])", "(?![\u0980-\u09ff])"),
}


def _alternation(labels: str) -> str:
    pieces = sorted((p for p in labels.split("|") if p), key=len, reverse=True)
    return "(?:" + "|".join(p.replace(" ", r"\s+") for p in pieces) + ")"


def _value_re(lang: str, kind: str) -> re.Pattern[str]:
    value = _KINDS[kind][1]
    if lang == "th" and value == _ID:  # Thai case numbers start with a Thai letter: "อ.1234/2569"
        value = value.replace("(?P<v>", "(?P<v>(?:[\u0e01-\u0e2e]{1,3}\\.?[ ]?)?", 1)
    if lang == "fa":  # "شماره پرونده‌ام در کلینیک رویان ۹۸۷۶۵۴ است": a possessive ending, then where the file is kept
        return _view_re(_FA_OWNER + _GLUE + value)
    return _view_re(_GLUE + value)


@dataclass(frozen=True, slots=True)
class _Language:
    """One scan for every label of a language, then the label's kind and the value after it."""

    labels: re.Pattern[str]  # any label (in Latin script as written, lower-cased or capitalised)
    kinds: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]  # kind, its labels (as cased), its value
    before: re.Pattern[str]  # a character that may not stand before a label (checked here: a look-behind is slow)


def _cased(labels: str) -> str:
    """The labels as written, in lower case and capitalised: a case-insensitive scan costs twenty times more."""
    pieces = [p for p in labels.split("|") if p]
    forms = ((p, p.lower(), p[:1].upper() + p[1:], _first_word_kept(p)) for p in pieces)
    return "|".join({v: None for f in forms for v in f})


def _first_word_kept(label: str) -> str:
    """An acronym, then lower case ("ID pelanggan", "No. rekening"): how labels are typed as often as not."""
    head, _, rest = label.partition(" ")
    return f"{head} {rest.lower()}" if rest else label


def _language(lang: str, table: dict[str, str]) -> _Language:
    latin = lang in ("id", "sw", "tl")
    every = _alternation("|".join(_cased(v) if latin and k != "national" else v for k, v in table.items()))
    kinds = tuple(
        (
            kind,
            _view_re(_alternation(labels), re.IGNORECASE if latin and kind != "national" else 0),
            _value_re(lang, kind),
        )
        for kind, labels in table.items()
    )
    return _Language(_view_re(every + _BOUNDS.get(lang, ("", _R))[1]), kinds, _STARTS.get(lang, _WORD_CHAR))


_RULES: dict[str, _Language] = {lang: _language(lang, table) for lang, table in _LABELS.items()}

# Shapes start with a digit (a look-behind would be tried at every position: :func:`_free` checks what precedes).
_TH_PIN = _view_re(r"\d(?:[- ]?\d){12}(?![\d])")
_NIK = _view_re(r"\d{16}(?!\d)")
_IR_CODE = _view_re(r"\d{3}-?\d{6}-?\d(?![\d-])")
_ID_CASE = _view_re(
    r"\d{1,5}/(?:Pid|Pdt|PK|Sus|TUN|G|Pid\.Sus|Pdt\.G)[A-Za-z.\-]*/\d{4}/(?:PN|PA|PT|PTUN|PTA|MS|MA)"
    r"(?:[ .][A-Z][A-Za-z]{1,8}(?:\.[A-Z][A-Za-z]{1,8})?)?"
)


def iran_code_ok(digits: str) -> bool:
    """Whether ten digits are a valid Iranian national code (check digit mod 11; not all one digit)."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return int(digits[9]) == (total if total < 2 else 11 - total)


_NOT_BEFORE = frozenset("-/_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _free(text: str, m: re.Match[str]) -> bool:
    """Whether no digit, dash, slash or Latin letter stands right before the match (Thai and Persian words may)."""
    return m.start() == 0 or not (text[m.start() - 1].isdigit() or text[m.start() - 1] in _NOT_BEFORE)


def _shapes(text: str, langs: frozenset[str]) -> list[Entity]:
    out: list[Entity] = []
    if "th" in langs:
        for m in _TH_PIN.finditer(text):
            if not _free(text, m):
                continue
            digits = re.sub(r"\D", "", m.group())
            if pin.is_valid(digits) and len(set(digits)) > 2:
                out.append(Entity(EntityType.NATIONAL_ID, m.start(), m.end(), m.group(), 0.85, "th-citizen-id"))
    if "id" in langs:
        out.extend(
            Entity(EntityType.NATIONAL_ID, m.start(), m.end(), m.group(), 0.85, "id-nik")
            for m in _NIK.finditer(text)
            if _free(text, m) and nik.is_valid(m.group())
        )
        out.extend(
            Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.85, "id-case-number")
            for m in _ID_CASE.finditer(text)
            if _free(text, m)
        )
    if "fa" in langs:
        out.extend(
            Entity(EntityType.NATIONAL_ID, m.start(), m.end(), m.group(), 0.8, "ir-national-code")
            for m in _IR_CODE.finditer(text)
            if _free(text, m) and iran_code_ok(m.group().replace("-", ""))
        )
    return out


def _labelled(text: str, language: _Language) -> list[Entity]:
    out: list[Entity] = []
    for m in language.labels.finditer(text):
        if m.start() and language.before.match(text, m.start() - 1):
            continue
        for kind, labels, value_re in language.kinds:
            if labels.fullmatch(m.group()) is None:
                continue
            v = value_re.match(text, m.end())
            if v is None:
                continue
            value = v.group("v").rstrip(" .-/")
            digits = sum(c.isdigit() for c in value)
            if (kind == "phone" and digits < 7) or (kind in ("national", "account") and digits < 4):
                continue
            etype, _, score = _KINDS[kind]
            start = v.start("v")
            out.append(Entity(etype, start, start + len(value), value, score, f"regional-{kind}"))
            break
    return out


def find_regional_values(text: str, langs: frozenset[str]) -> list[Entity]:
    """Labelled values and checksummed national IDs of ``text`` in the given regional languages."""
    out = _shapes(text, langs)
    for lang in langs:
        language = _RULES.get(lang)
        if language is not None:
            out.extend(_labelled(text, language))
    return out
