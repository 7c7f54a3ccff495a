"""What a JSON key says about its value: the key-aware rules of the payload walk (issue 16).

In tool-call arguments and tool results the context of a value is its key, in any language and naming style
(``patientId``, ``nomor_peserta``, ``kodMelli``, ``会員番号``, ``রোগী_আইডি``), not a sentence. Three rules:

- :func:`number_role`: a number under a *quantity, measure or time* key (amount, price, count, limit, page,
  year, timestamp, age, temperature … in the languages tool schemas are written in) is data about a thing and
  leaves as it is; a number under a key that names an identifier (a personal field of :func:`.tables.field_type`
  or a number word: ``id``, ``no``, ``nr``, ``nummer``, ``numero``, ``nomor``, ``kod``, ``shomare``, ``番号``,
  ``번호``, ``号``, ``رقم``, ``شماره``, ``संख्या``, ``নম্বর``, ``எண்``, ``ቁጥር`` …) or one of identifier length
  (six digits or more) under any other key is an identifier — fail closed;
- :func:`value_type`: a string under a key that types it — the personal fields of :func:`.tables.field_type`
  (read through :func:`.tables.find_field_values`, so a value is typed exactly as a JSON pair in text is) and
  health fields (diagnosis, allergies, medication in the same languages) — is that entity whole;
- :func:`is_token`: a lower-case machine token in a schema's ``enum`` (``celsius``, ``kelvin``, ``savings``) is
  a code, not a name: it is replaced only where the conversation's vault already knows it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from typing import Literal

from .entities import EntityType
from .tables import field_type, find_field_values

__all__ = ["digits_role", "identifier_words", "is_token", "key_words", "number_role", "value_type"]


def _words(text: str) -> list[str]:
    """The words of a space-separated list (long vocabularies read better as text than as list literals)."""
    return text.split()


_SPLIT = re.compile(r"[\s/:()#\[\]]+")  # what is left between words once identifier_words has spaced the key

# Words of a key that make its number a quantity, a measure or a time (English and the languages tool
# schemas are written in, transliterated as developers write them). A key with one of them keeps its number.
_QUANTITY_WORDS = frozenset(
    _words(
        "amount total sum price cost fee fees tax subtotal balance count qty quantity number_of limit offset page "
        "per_page perpage pages size length width height depth weight area volume distance duration radius "
        "year years month months week weeks day days hour hours minute minutes min mins second seconds sec secs "
        "ms millis timestamp ts time epoch since until before after created updated modified "
        "expires expiry timeout ttl interval delay retries retry attempts max min minimum maximum temperature "
        "temp celsius fahrenheit age lat latitude lon lng long longitude altitude elevation percent percentage "
        "pct ratio rate score rating level index position rank version fps bitrate kbps mbps bytes kb mb gb "
        "tokens population capacity speed step steps top seed port floor rooms guests adults children kids "
        "people persons servings portions items results km cm mm kg mg ml lb oz kwh "
        "revenue budget income salary sales profit spend usd eur gbp jpy cny krw inr rub brl idr calories "
        "points punkte puntos punti pontos score scores ranking "
        # de fr es it pt nl pl tr id ru(translit) fa(translit) vi sv
        "betrag summe preis anzahl menge jahr monat tag stunden minuten gewicht dauer seite gramm "
        "montant prix quantite quantité nombre annee année mois jour duree durée taux poids "
        "importe precio cantidad anio año mes dia día peso valor precio_maximo porciones porcoes "
        "importo prezzo quantita quantità anno giorno "
        "preco preço quantidade ano "
        "bedrag prijs aantal jaar maand "
        "kwota cena ilosc ilość rok miesiac "
        "tutar fiyat adet yil yıl ay gun gün vade taksit faiz "
        "jumlah harga tahun bulan hari berat "
        "summa tsena kolichestvo god mesyac temperatura "
        "mablagh gheymat tedad sal mah "
        "tien gia nam thang ngay "
        "belopp pris antal år "
        "castka částka pocet počet mesic měsíc den hmotnost "
        # measures that API results carry (weather, fitness, devices): "visibility": 10000 is metres
        "visibility pressure humidity wind gust precipitation rainfall snowfall heartrate bpm kcal calorie kalorien "
        "hoehenmeter höhenmeter energy power watts watt voltage frequency hz khz mhz ghz resolution dpi pixels px "
        "rpm torque mileage odometer range battery zoom quality "
        # other scripts, as whole words of a key
        "मात्रा कीमत राशि वर्ष उम्र পরিমাণ দাম বছর বয়স தொகை விலை வயது المبلغ السعر الكمية العمر مبلغ قیمت "
        "تعداد سال سن ዕድሜ ዋጋ ብዛት сумма цена количество год возраст"
    )
)
# Quantity words of scripts written without spaces between words: a substring of the key is enough.
_QUANTITY_PARTS = (
    "数量", "金额", "金額", "价格", "価格", "年份", "年齢", "年龄", "重量", "件数", "ページ", "页", "温度", "料金",
    "수량", "금액", "가격", "페이지", "연도", "나이", "인원", "기간",
    "スコア", "得分", "分数", "点数", "順位", "排名", "人口", "점수", "순위", "조회수", "인구", "매출", "売上", "销售",
)  # fmt: skip
# Words that make a key's number an identifier: number words as keys are written (the label rules' number
# words, transliterated forms included) ...
_NUMBER_WORDS = frozenset(
    _words(
        "id ids no nr nro num number nummer numero número numer nomor nombor namba nambari kod kodu code codigo "
        "código codice ref reference identifier uid shomare shomareh shomara raqam nomer ma so "
        "sankhya sankhyaa kramank bango bangou beonho haoma bianhao sabeon legajo matricola matricula matrícula "
        "sicil pin pincode zip postcode referans referenz referencia referência riferimento referentie "
        "संख्या नंबर आईडी নম্বর আইডি নং எண் ஐடி ቁጥር رقم شماره کد номер"
    )
)
_NUMBER_ENDINGS = ("nummer", "number", "numero", "número", "nomer", "kodu", "id")
# ... and in other scripts (a substring of the key).
_NUMBER_PARTS = ("番号", "番號", "编号", "編號", "号码", "號碼", "号", "號", "번호", "아이디", "№")
# Keys whose string value is a health fact about someone (no "condition": weather has one).
_HEALTH_WORDS = frozenset(
    _words(
        "diagnosis diagnoses diagnose diagnos diagnosi diagnostic diagnostico diagnóstico diagnoz rozpoznanie "
        "tani tanı teshis teşhis allergy allergies allergien alergias allergie alergie medication medications "
        "medikament medikamente medicamento medicamentos farmaco farmaci médicament medicament leki lek ilac "
        "ilaç illness disease krankheit maladie enfermedad malattia doenca doença ziekte choroba hastalik "
        "hastalık chandoan chẩnđoán benh bệnh निदान रोग নির্ণয় রোগ நோய் تشخیص التشخيص بیماری ምርመራ በሽታ"
    )
)
_HEALTH_PARTS = ("диагноз", "аллерг", "诊断", "診断", "病名", "진단", "병명")  # a substring of the key
# "Name" in scripts whose words the table rules lack (they have नाम, שם, الاسم): the value is a person's name.
# Romanised and other keys that name a person or one part of a name: Arabic "ism", Hindi "naam", "grahak"
# (customer), "karmchari" (employee), "thekedar" (contractor), Tamil "vinnappathaarar" (applicant), Korean
# "geunroja" (worker), 이름/성명, Polish "imię"/"nazwisko", "vorname", "cognome", "soyadı", "jina", "họ tên" ...
_NAME_WORDS = frozenset(
    _words(
        "ስም ሙሉስም নাম পুরোনাম பெயர் نام ชื่อ ism esm ismi naam karmchari grahak thekedar vinnappathaarar "
        "vinnappatharar geunroja ireum seongmyeong 이름 성명 성함 氏名 姓名 名前 imię imie nazwisko vorname nachname "
        "familienname prénom prenom apellido apellidos cognome sobrenome achternaam voornaam soyad soyadı soyadi "
        "jina hoten hovaten фио фамилия отчество familiya otchestvo namae xingming mingzi"
    )
)
# Numbers of things, not people (docs/privacy.md: ticket, order, invoice, tracking, serial, version, SKU): their
# number word does not make an identifier; six digits and more still do (fail closed).
_THING_IDS = frozenset(
    _words(
        "order orders product item sku invoice ticket session request trace span version build commit tracking "
        "serial shipment parcel transaction txn job task issue pr pull line row page chapter section flight "
        "train bus seat room gate platform model part bestellung rechnung pedido factura commande facture ordine "
        "error errors status http exit event currency country lang language locale iso unit region color colour icon "
        "weather"
    )
)
# Money of a person (pay, income, debts, claims, benefits, cash carried) is personal data, whatever the currency
# word beside it: ``"sueldo_bruto": 32400``, ``"forderung_eur": 18437``, ``"nakit_eur": 14500``. Checked before the
# quantity words, so ``claim_amount_usd`` is a claim, not an amount; a thing's price, cost or budget stays.
_PERSON_MONEY_WORDS = frozenset(
    _words(
        "salary salaries wage wages pay paycheck payroll income earnings payout pension allowance alimony debt debts "
        "arrears owed claim claims compensation bonus cash netpay grosspay benefit benefits stipend "
        "gehalt lohn einkommen forderung forderungen schulden schuld rente unterhalt bargeld verdienst "
        "salaire revenu revenus dette dettes allocation indemnite indemnité creance créance retraite "
        "sueldo salario ingreso ingresos deuda nomina nómina pension pensión prestacion prestación "
        "stipendio reddito debito pensione retribuzione isee "
        "salário renda divida dívida beneficio benefício "
        "salaris loon inkomen uitkering "
        "pensja wynagrodzenie dochod dochód dlug dług dlugu długu zadluzenie zadłużenie emerytura "
        "maas maaş ucret ücret gelir borc borç nakit alacak "
        "gaji upah penghasilan pendapatan utang hutang tunggakan "
        "luong lương thunhap "
        "mshahara mapato deni "
        "zarplata zarabotnaya dokhod dohod dolg zadolzhennost pensiya alimenty oklad "
        "ratib raatib dakhl dayn "
        "hoghoogh hoquq daramad bedehi "
        "vetan vetana aay aamdani karz "
        "yeonbong wolgeup geupyeo sodeuk "
        "kyuyo kyuuyo nenshu nenshuu gesshu shotoku "
        "xinzi xinshui gongzi shouru nianxin yuexin "
        "वेतन तनख्वाह आय आमदनी कर्ज़ कर्ज বেতন আয় ঋণ சம்பளம் ஊதியம் வருமானம் راتب دخل دين حقوق درآمد بدهی "
        "зарплата заработная доход долг оклад пенсия алименты задолженность"
    )
)
# ... in scripts without spaces (a substring of the key), and pinyin run together (``yuanxinzi``: 原薪资).
_PERSON_MONEY_PARTS = ("工资", "薪资", "薪資", "薪水", "收入", "年薪", "月薪", "給与", "給料", "年収", "月収",
                       "급여", "연봉", "월급", "소득", "負債", "负债", "欠款")  # fmt: skip
_PERSON_MONEY_ENDINGS = ("xinzi", "xinshui", "gongzi", "shouru", "gehalt", "einkommen", "forderung")
_MAX_DIGITS_THING = 5  # a thing's number (order, build, ticket) is an identifier from six digits (fail closed)
_MAX_DIGITS_FREE = 4  # a whole number of more digits under a key that is no quantity key is someone's (fail closed)
_MONEY_MIN = 100  # a person's money from three digits on (a 50-euro fee is not worth a placeholder)
# A plural noun as a key's last word counts things (English and Romance plurals; not -ss, -us, -is: "status").
_PLURAL = re.compile(r"[a-z]{2,}[^isu\W\d]s")


def identifier_words(name: str) -> str:
    """``lookupJohnSmith`` / ``lookup_john-smith`` → ``lookup John Smith`` / ``lookup john smith``: how a key or a
    function name is read as words (the sanitiser's probes, and so assessment's, use this one form)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return re.sub(r"[_\-.]+", " ", spaced).strip()


@lru_cache(maxsize=4096)
def key_words(key: str) -> tuple[str, ...]:
    """``patientId`` / ``nomor_peserta`` / ``maBenhNhan`` → ``("patient", "id")`` … (case-folded words)."""
    return tuple(w.casefold() for w in _SPLIT.split(identifier_words(key)) if w)


def _quantity(key: str, words: tuple[str, ...]) -> bool:
    if any(w in _QUANTITY_WORDS for w in words) or "_".join(words) in _QUANTITY_WORDS:
        return True
    return not key.isascii() and any(p in key for p in _QUANTITY_PARTS)


def _names_number(key: str, words: tuple[str, ...]) -> bool:
    if any(w in _NUMBER_WORDS or (len(w) > 4 and w.endswith(_NUMBER_ENDINGS)) for w in words):
        return True
    return any(p in key for p in _NUMBER_PARTS)


# Quantity words that are never money: with one of them a money word counts or measures (``claims_count``,
# ``bonus_points``, ``pension_years``).
_NOT_MONEY = frozenset(
    _words(
        "count counts qty quantity number_of anzahl adet tedad kolichestvo cantidad aantal points punkte score "
        "weight kg g gramm km pct percent percentage ratio rate days months years hours minutes day month year age"
    )
)


def _person_money(key: str, words: tuple[str, ...]) -> bool:
    if any(w in _NOT_MONEY for w in words):
        return False
    if any(w in _PERSON_MONEY_WORDS or w.endswith(_PERSON_MONEY_ENDINGS) for w in words):
        return True
    return not key.isascii() and any(p in key for p in _PERSON_MONEY_PARTS)


_Role = Literal["quantity", "identifier", "money", "thing", "other"]


@lru_cache(maxsize=4096)
def _key_role(key: str) -> tuple[_Role, EntityType]:
    words = key_words(key)
    if not words:
        return "other", EntityType.ID_OTHER
    if _person_money(key, words):
        return "money", EntityType.BANK_ACCOUNT  # someone's pay, debt or claim: [FINANCIAL_n]
    kind = field_type(key)
    if _quantity(key, words) and kind in (None, EntityType.PERSON):  # "patient_age" is an age
        return "quantity", EntityType.ID_OTHER
    if kind is None and any(w in _THING_IDS for w in words):
        return "thing", EntityType.ID_OTHER  # "build_number", "order_no": a thing's number (six digits still count)
    if kind is not None or _names_number(key, words):
        typed = kind if kind is not None and kind not in (EntityType.PERSON, EntityType.ADDRESS) else None
        return "identifier", typed or EntityType.ID_OTHER
    if _PLURAL.fullmatch(words[-1]):
        return "quantity", EntityType.ID_OTHER  # "views", "followers", "habitants": a count of things
    return "other", EntityType.ID_OTHER


@lru_cache(maxsize=8192)
def number_role(key: str, value: int | float) -> EntityType | Literal["quantity"] | None:
    """What a JSON number under ``key`` is: ``"quantity"`` (leave it), an identifier's type, or None (undecided:
    detection of ``key: number`` decides)."""
    if isinstance(value, float) and not value.is_integer():
        role, kind = _key_role(key) if key else ("other", EntityType.ID_OTHER)
        if role == "money":
            return kind if abs(value) >= _MONEY_MIN else None  # "salario": 2450.5
        return "quantity" if role == "quantity" else None  # 62.5, 48.8566: a measure, whatever its key
    return digits_role(key, str(abs(int(value))))


@lru_cache(maxsize=8192)
def digits_role(key: str, digits: str) -> EntityType | Literal["quantity"] | None:
    """:func:`number_role` for a whole number written with ``digits`` (a JSON number, or a string of digits
    such as ``"musteriNo": "0550193"``: leading zeros count)."""
    role, kind = _key_role(key) if key else ("other", EntityType.ID_OTHER)
    if role == "quantity":
        return "quantity"
    if role == "money":
        return kind if int(digits) >= _MONEY_MIN else None
    if role == "identifier" and len(digits) >= 3:
        return kind
    if len(digits) > (_MAX_DIGITS_THING if role == "thing" else _MAX_DIGITS_FREE):
        return kind  # fail closed: six digits or more under a key that says nothing is someone's number
    return None


@lru_cache(maxsize=8192)
def value_type(key: str, value: str) -> EntityType | None:
    """The type of the whole string ``value`` under ``key`` when the key types it (a personal or health field)."""
    if not key or not value.strip() or len(value) > 80:
        return None
    words = key_words(key)
    if any(w in _HEALTH_WORDS for w in words) or "".join(words) in _HEALTH_WORDS:
        return _health(value)
    if not key.isascii() and any(p in key for p in _HEALTH_PARTS):
        return _health(value)
    if (any(w in _NAME_WORDS for w in words) or "".join(words) in _NAME_WORDS) and _name_shaped(value):
        return EntityType.PERSON
    if _ADDRESS_KEY.search(key) and _address_shaped(value):
        return EntityType.ADDRESS  # "patta": "ग्राम …, तहसील …", "dizhi": "臺北市…號3樓"
    if _password_shaped(value) and not any(w in _NOT_SECRET_KEYS for w in words):
        return EntityType.SECRET  # "new_value": "Qe4\"mZ!9tLw2#Hs": a password under whatever key
    if (code := _code_type(key, value)) is not None:
        return code
    if field_type(key) is None:
        return None
    pair = f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"
    quoted = json.dumps(value, ensure_ascii=False)[1:-1]
    for ent in find_field_values(pair):
        if ent.text == quoted:
            if ent.type is EntityType.PERSON and value.strip().islower() and " " not in value.strip():
                return None  # "beneficiary": "spouse", "insured": "self": a role, and the vault would replace it
            return ent.type
    return None


# "Address" as keys are written in transliteration and scripts the table rules lack (whole words of the key).
_ADDRESS_KEY = re.compile(
    r"(?<![a-z])(?:pata|patta|thikana|thikaana|dizhi|zhuzhi|juso|jusho|anwani|alamat|nishani|diachi)(?![a-z])"
    r"|地址|住址|住所|주소|पता|ঠিকানা|முகவரி|చిరునామా|عنوان|نشانی|አድራሻ",
    re.IGNORECASE,
)


def _address_shaped(value: str) -> bool:
    """An address's value: a few words with a number or a comma between parts, not a sentence."""
    v = value.strip()
    return 4 <= len(v) <= 80 and v.count(" ") <= 8 and (any(c.isdigit() for c in v) or "," in v or "،" in v)


# A password: one run of 8–64 characters mixing upper case, lower case, digits and a symbol a password may hold
# (not only the ``-._/:`` of codes, versions and paths). Keys whose values are patterns or code are no secrets.
_PASSWORD_SYMBOLS = frozenset("!\"#$%&'()*+,;<=>?@[]^`{|}~")
_NOT_SECRET_KEYS = frozenset(
    _words("regex regexp pattern format fmt expr expression query formula template code script selector cmd command")
)


def _password_shaped(value: str) -> bool:
    if not 8 <= len(value) <= 64 or any(c.isspace() for c in value) or "://" in value or "\\" in value:
        return False
    if "@" in value and "." in value.rsplit("@", 1)[-1]:
        return False  # an e-mail address (found as one)
    return (
        any(c.isupper() for c in value)
        and any(c.islower() for c in value)
        and any(c.isdigit() for c in value)
        and any(c in _PASSWORD_SYMBOLS for c in value)
    )


# A code of letters (any script) and digits: "АС 2284701", "Х-417329", "ГД-5528/2026", "ΖΩ-7714-20983".
_CODE_CHARS = re.compile(r"(?:[#№]\s?)?[^\W_]+(?:[ \-/.:]{1,2}[^\W_]+){0,4}")
_DIGIT_RUN = re.compile(r"\d{6,}")


def _code_type(key: str, value: str) -> EntityType | None:
    """A string code with letters under a key that makes it an identifier (three digits or more), or under a key
    that says nothing with a run of six digits (fail closed, as for numbers); dates and plain numbers are read
    elsewhere (detection, :func:`digits_role`)."""
    v = value.strip()
    if not 3 <= len(v) <= 32 or _CODE_CHARS.fullmatch(v) is None:
        return None
    letters = sum(c.isalpha() for c in v)
    digits = sum(c.isdigit() for c in v)
    if not 1 <= letters <= 6 or digits < 3 or len(v.split()) > 3:
        return None
    role, kind = _key_role(key)
    if role == "identifier" or (role in ("other", "thing") and _DIGIT_RUN.search(v)):
        return kind
    return None


def _name_shaped(value: str) -> bool:
    """One to five words of letters (combining marks of Indic and other scripts included), nothing else."""
    words = value.split()
    if not 1 <= len(words) <= 5 or len(value) > 60:
        return False
    return all(ch.isalpha() or unicodedata.category(ch)[0] == "M" or ch in ".'’-" for w in words for ch in w)


def _health(value: str) -> EntityType | None:
    """A health field's value: a term or a short list of them, never a sentence, a code or an empty marker."""
    low = value.strip().casefold()
    if len(low) < 3 or len(low.split()) > 8 or low in ("none", "null", "n/a", "unknown", "keine", "aucune", "ninguna"):
        return None
    return EntityType.MEDICAL


_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:[_\-.][a-z0-9]+)*")


def is_token(value: str) -> bool:
    """A lower-case machine token (``celsius``, ``from_account``, ``gpt-4o``) as schemas write enum values."""
    return _TOKEN.fullmatch(value) is not None
