"""National identifiers of more countries, identifiers and passwords after labels in more scripts,
and random-looking API tokens.

- **Strong checksums, found by shape anywhere**: China's resident ID (18 characters with a date of
  birth and a check character), Italy's codice fiscale, Korea's resident registration number,
  Portugal's Cartão de Cidadão number —
  each validated with python-stdnum, so a random number almost never passes.
- **Weak checksums, only after their label**: Japan's My Number, Russia's INN and SNILS, Turkey's
  TC Kimlik, Vietnam's CCCD/CMND — a 10–12 digit number passes a one- or two-digit check too
  often to be flagged on its own; after the word that names it, it is flagged even if the check
  fails (the writer says what it is).
- **Identity labels in more languages** (身份证号, マイナンバー, 주민등록번호, ИНН, СНИЛС, паспорт, TC
  Kimlik, CCCD, National Insurance number, Aktenzeichen, sygnatura …): the value after the label —
  letters and digits in groups, with spaces, dashes, dots or slashes — up to the end of the clause.
- **"Number of …" in more scripts**: a number word before a noun in Arabic (رقم …), Persian (شماره …) and
  Hebrew (מספר …), after one in Chinese, Japanese and Korean (…号码, …编号, …番号, …번호, …ID), and
  after the person's nouns of Vietnamese (mã/số khách hàng, hồ sơ, hợp đồng …) and
  Turkish (hasta no, poliçe numarası …): the value is an identifier unless the noun names a thing, not a
  person (order, page, model, version, room, flight, tracking …).
- **Field values and dates of birth**: table columns, JSON keys and ``key=value`` pairs
  (:mod:`.tables`), and dates after a date-of-birth label in any language (:mod:`.birth_dates`).
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
from collections.abc import Callable, Iterator

from stdnum.cn import ric as cn_ric
from stdnum.it import codicefiscale as it_cf
from stdnum.kr import rrn as kr_rrn
from stdnum.pt import cc as pt_cc

from .birth_dates import find_birth_dates
from .cues import Cues
from .entities import Entity, EntityType
from .label_starts import LabelStarts, label_scanner
from .lettered_codes import find_lettered_codes
from .normalize import latin_bounded
from .series_codes import find_series_codes
from .tables import find_field_values

__all__ = ["find_labelled_values"]


def _valid(check: Callable[[str], object], value: str) -> bool:
    try:
        check(value)
    except Exception:  # stdnum raises its ValidationError subclasses; anything else is "not valid" too
        return False
    return True


# (latin_bounded moves a leading look-behind after the first digit: the same matches, found faster)
_STRONG: tuple[tuple[re.Pattern[str], Callable[[str], object]], ...] = (
    (latin_bounded(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), cn_ric.validate),
    (re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z](?![0-9A-Za-z])"), it_cf.validate),
    (latin_bounded(r"(?<!\d)\d{6}-?[1-8]\d{6}(?!\d)"), kr_rrn.validate),
    (latin_bounded(r"(?<![0-9A-Za-z])\d{8}[ ]?\d[ ]?[A-Z]{2}\d(?![0-9A-Za-z])"), pt_cc.validate),
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
# "Number of …" labels in scripts whose words the identifier labels do not list (see the module docstring).
_SCRIPTS = re.compile(r"[\u0590-\u06ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_TR_LETTERS = re.compile(r"[çğışöüÇĞİŞÖÜ]")
_VI_NOUNS = (
    r"khách\s+hàng|hồ\s+sơ|hợp\s+đồng|bảo\s+hiểm(?:\s+y\s+tế)?|thẻ(?:\s+[^\W\d_]+){0,3}?|hộ\s+chiếu|bệnh\s+nhân|"
    r"nhân\s+viên|sinh\s+viên|học\s+sinh|đơn\s+thuốc|hội\s+viên|thành\s+viên|bồi\s+thường|yêu\s+cầu|"
    r"giấy\s+phép|thị\s+thực|visa|hồ\s+sơ\s+bệnh\s+án|định\s+danh|giấy\s+tờ"
)
_TR_NOUNS = (
    r"hasta|poli[çc]e|dosya|müşteri|sicil|hasar|sözleşme|üye|öğrenci|pasaport|abone|sigorta|protokol|reçete|"
    r"kimlik|hesap|başvuru|vize|kart|sigortalı|kayıt|ikamet"
)
_GLUE_SCRIPT = r"\s*(?:[:：#=№]|是|は|는|은|-)?\s*"
_SCRIPT_VALUE = (
    # an Arabic or Hebrew letter series may lead the number ("رقم الملف م/ 47281")
    r"(?P<value>(?:[\u0621-\u064a\u05d0-\u05ea]{1,3}\s?[/-]\s?)?"
    r"(?=[A-Za-z0-9./ -]{0,30}\d)[A-Za-z0-9](?:[A-Za-z0-9]|[./・-](?=[A-Za-z0-9])|[ ](?=\d)){3,30})"
)
# Labels whose noun comes after the number word (Arabic, Persian, Hebrew) or that name a person's file
# outright (Vietnamese, Turkish); and number words whose noun stands before them (CJK). Indic scripts are
# :mod:`.indic_values`'.
_AR_LABEL = re.compile(
    r"(?:رقم|شماره)\s+(?P<noun>[\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+)?)" + _GLUE_SCRIPT + _SCRIPT_VALUE
)
_HE_LABEL = re.compile(r"מספר\s+(?P<noun>[\u0590-\u05ff\"'׳״]+)" + _GLUE_SCRIPT + _SCRIPT_VALUE)
_VI_LABEL = re.compile(r"(?<![^\W\d_])(?i:mã|số)\s+(?i:" + _VI_NOUNS + r")" + _GLUE_SCRIPT + _SCRIPT_VALUE)
_TR_LABEL = re.compile(
    r"(?<![^\W\d_])(?i:"
    + _TR_NOUNS
    + r")(?:\s+(?:no|numarası|numaram|numaranız)|\s?no\.?)(?![^\W\d_])"
    + _GLUE_SCRIPT
    + _SCRIPT_VALUE
)
_CJK_NUMBER = re.compile(r"(?:号码|號碼|编号|編號|番号|번호|ID|コード|代码|代碼)" + _GLUE_SCRIPT + _SCRIPT_VALUE)
_CJK_NOUN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{1,8}\s?$")
# The nouns of things, not people ("order number", "page", "model", "version", "room", "flight", "tracking"),
# and of phones (the phone finder types those).
_THING_NOUNS = re.compile(
    r"الصفحة|الطلب|الطلبية|الموديل|الطراز|الإصدار|الغرفة|الرحلة|المقعد|التتبع|الفاتورة|الشحنة|صفحه|سفارش|نسخه|"
    r"עמוד|הזמנה|גרסה|חדר|טיסה|מעקב|חשבונית|משלוח|דגם|"
    r"订单|訂單|注文|快递|快遞|运单|運單|型|页|頁|版本|房间|房間|航班|座位|追跡|伝票|商品|製品|产品|產品|部品|"
    r"주문|운송장|페이지|모델|상품|제품|버전|객실|항공편|좌석|우편|邮政|郵便|邮编|郵編|"
    # phone numbers: the phone finder types them
    r"電話|电话|手机|手機|携帯|전화|휴대폰|핸드폰|الهاتف|الجوال|טלפון|נייד|تلفن|موبایل|FAX|传真|傳真"
)
_GLUE = r"\s*(?:\([^)\n]{0,20}\)\s*)?(?:[:：#№=]|是|は|는|은|(?i:ist|est|es|é|is|jest|:-))?\s*"
_ID_VALUE = (
    r"(?P<value>(?=[A-Za-z0-9./ -]{0,30}\d)[A-Za-z0-9]"
    r"(?:[A-Za-z0-9]|[./-](?=[A-Za-z0-9])|[ ](?=[A-Z0-9]{1,6}(?![^\W\d_]))){3,30})"
)
# Hungarian, Romanian, Czech and Greek labels, in a pattern of their own that runs only when one of their stems is
# in the text (one short scan; in the long alternation above they cost ~0.05 ms more per 500 characters):
# national numbers, identity cards and passports ...
_REGIONAL_NATIONAL_LABELS = (
    r"TAJ(?:\s+szám)?|adóazonosító(?:\s+jel)?|személyi\s+igazolvány(?:\s*szám)?|útlevélszám|"
    r"CNP|cod\s+numeric\s+personal|num[ăa]r(?:ul)?\s+(?:de\s+)?pa[șş]aport|seria\s+[șş]i\s+num[ăa]rul|"
    r"rodné\s+číslo|číslo\s+(?:pasu|občanského\s+průkazu|OP)|"
    r"ΑΜΚΑ|ΑΦΜ|ΑΔΤ|αριθμός\s+(?:διαβατηρίου|ταυτότητας)"
)
# ... and the numbers of a person's account, policy, case, patient or client file (an identifier, not a national one)
_FILE_LABELS_WORDS = (
    r"(?:bank)?számlaszám|kötvényszám|ügyszám|betegazonosító|ügyfélszám|szerződésszám|iktatószám|"
    r"num[ăa]r(?:ul)?\s+(?:de\s+)?(?:cont|poli[țţt][ăa]|dosar|pacient|client|contract|asigurat)|"
    r"číslo\s+(?:účtu|pojistky|pojistné\s+smlouvy|pacienta|pojištěnce|spisu|smlouvy|klienta)|spisová\s+značka|"
    # a card or a membership by its number: "číslo členské karty", "číslo karty pojištěnce", "κάρτα μέλους"
    r"číslo\s+(?:[^\W\d_]+\s+)?(?:karty|průkazu|členství)(?:\s+pojištěnce)?|"
    r"αριθμός\s+(?:λογαριασμού|συμβολαίου|υπόθεσης|ασθενούς|μητρώου|πελάτη|φακέλου|κάρτας|μέλους)|"
    # a code that names a person's record: "κωδικός μέλους", "με κωδικό συμμετέχοντα", "κωδικό ασθενούς"
    r"κωδικ(?:ός|ό|ού)\s+(?:μέλους|συμμετέχοντα|συμμετοχής|ασθενούς|πελάτη|κράτησης|ασφαλισμένου|φοιτητή)|"
    r"κάρτα(?:ς)?\s+μέλους"
)
_ID_AFTER_LABEL = re.compile(
    r"(?:(?:" + _ID_LABELS_CJK + r")|(?<![^\W\d_])(?i:" + _ID_LABELS_WORDS + r")(?![^\W\d_]))" + _GLUE + _ID_VALUE
)
# tried only where one of its labels starts (the same matches, ~6x faster: see label_starts)
_ID_AFTER_LABEL_AT = LabelStarts(_ID_AFTER_LABEL)
# (case-sensitive alternatives: a case-insensitive scan costs three times as much on every text)
_REGIONAL_CUE = re.compile(
    r"szám|Szám|SZÁM|azonosító|Azonosító|TAJ|CNP|[Nn]um[ăa]r|NUM[ĂA]R|numeric|[Ss]eria\s|[Rr]odné|RODNÉ|[Čč]ísl|ČÍSL|"
    r"[Zz]načk|ΑΜΚΑ|ΑΦΜ|ΑΔΤ|[Αα]ριθμ|ΑΡΙΘΜ|[Κκ]ωδικ|[Κκ]άρτα"
)
_REGIONAL_AFTER_LABEL = re.compile(
    r"(?<![^\W\d_])(?:(?i:"
    + _REGIONAL_NATIONAL_LABELS
    + r")|(?P<file>(?i:"
    + _FILE_LABELS_WORDS
    + r")))(?![^\W\d_])"
    + _GLUE
    + _ID_VALUE.replace("A-Za-z0-9", "A-Za-z0-9Α-Ω").replace("[A-Z0-9]", "[A-Z0-9Α-Ω]")  # "ΑΔΤ ΑΚ 482913": Greek series
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
        # a few Han or kana characters, then "is", in scripts without spaces ("服务密码，我的是 830517")
        r"|[，,、]?\s*[\u3040-\u30ff\u4e00-\u9fff]{1,4}?(?:是|为|為|は)\s*"
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


# In ASCII text a password label can only be one of these words (the others hold letters outside ASCII,
# which a case-blind regex never takes for ASCII ones): without one, the label regexes need not run.
_ASCII_PASSWORD_WORDS = (
    "password",
    "passwort",
    "passe",
    "kennwort",
    "wachtwoord",
    "parola",
    "senha",
    "clave",
    "adgangskode",
    "salasana",
)


_PASSWORD_SCANS = tuple(map(label_scanner, _PASSWORD_AFTER_LABEL))  # where a label starts (label_starts)


_PASSWORD_CUES = Cues(_ASCII_PASSWORD_WORDS)


def _password_matches(text: str) -> Iterator[re.Match[str]]:
    if text.isascii() and not _PASSWORD_CUES.in_text(text):  # any(w in text.lower() …): one pass for all (.cues)
        return
    for scan in _PASSWORD_SCANS:
        yield from scan.finditer(text)


def _script_matches(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each "number of …" label with a value, and the noun it names ("" where the label names a person's file)."""
    if _SCRIPTS.search(text):
        if "رقم" in text or "شماره" in text:
            yield from ((m, m.group("noun")) for m in _AR_LABEL.finditer(text))
        if "מספר" in text:
            yield from ((m, m.group("noun")) for m in _HE_LABEL.finditer(text))
        for m in _CJK_NUMBER.finditer(text):
            noun = _CJK_NOUN.search(text, max(0, m.start() - 24), m.start())
            if noun is not None:
                yield m, noun.group()
    low = text.lower()
    if "mã" in low or "số" in low:
        yield from ((m, "") for m in _VI_LABEL.finditer(text))
    if "numara" in low or (" no" in low and _TR_LETTERS.search(text)):
        yield from ((m, "") for m in _TR_LABEL.finditer(text))


def _script_labelled(text: str) -> list[Entity]:
    found: list[Entity] = []
    for m, noun in _script_matches(text):
        value = m.group("value").rstrip(" .-/")
        if (noun and _THING_NOUNS.search(noun)) or sum(c.isdigit() for c in value) < 3:
            continue
        start = m.start("value")
        found.append(Entity(EntityType.ID_OTHER, start, start + len(value), value, 0.85, "id-after-script-label"))
    return found


_DIGIT = re.compile(r"\d")


def find_labelled_values(text: str) -> list[Entity]:
    found: list[Entity] = []
    digit = _DIGIT.search(text) is not None  # every value of _STRONG and _ID_VALUE holds a digit: else skip them
    for pattern, check in _STRONG if digit else ():
        found.extend(
            Entity(EntityType.NATIONAL_ID, m.start(), m.end(), m.group(), 0.95, "national-id")
            for m in pattern.finditer(text)
            if _valid(check, m.group())
        )
    # their labels hold a letter beyond ASCII, except CNP, TAJ and "numar" written without diacritics
    cue = not text.isascii() or "CNP" in text or "TAJ" in text or "umar" in text or "UMAR" in text
    regional = _REGIONAL_AFTER_LABEL.finditer(text) if cue and _REGIONAL_CUE.search(text) else ()
    for m in itertools.chain(_ID_AFTER_LABEL_AT.finditer(text), regional) if digit else ():
        value = m.group("value").rstrip(" .-/")
        start = m.start("value")
        kind = EntityType.ID_OTHER if m.re is _REGIONAL_AFTER_LABEL and m.group("file") else EntityType.NATIONAL_ID
        found.append(Entity(kind, start, start + len(value), value, 0.9, "id-after-label"))
    found.extend(_script_labelled(text))
    found.extend(find_lettered_codes(text) if digit else ())  # "АС 2284701", "kol-5", "CTOS 498"
    found.extend(find_series_codes(text) if digit else ())  # "seria i nr AW 4417902", "RM 08-44-17"
    for m in _password_matches(text):
        value = m.group("value").rstrip(".,;:!?)")
        # a few words after the label the value must look like a password: letters and digits, six or more
        strong = len(value) >= 6 and any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
        if len(value) < 4 or not _looks_like_password(value) or (m.group("later") and not strong):
            continue
        start = m.start("value")
        found.append(Entity(EntityType.SECRET, start, start + len(value), value, 0.9, "password-after-label"))
    found.extend(find_field_values(text))
    found.extend(find_birth_dates(text))
    found.extend(
        Entity(EntityType.SECRET, m.start(), m.end(), m.group(), 0.9, "token-shape")
        for m in (_TOKEN_PREFIXED.finditer(text) if "_" in text else ())  # every such token holds "_"
    )
    found.extend(
        Entity(EntityType.SECRET, m.start(), m.end(), m.group(), 0.75, "random-token")
        for m in _RANDOM.finditer(text)
        if _random_looking(m.group())
    )
    return found
