"""Identifiers in forms, claims, prescriptions, school, bank and visa paperwork, in many languages.

The values of insurance claims, pharmacy orders, student records, bank verifications and residence
paperwork are found after their label (policy, claim, member, prescription, student, contract,
passport … in each language, or "number of …" in scripts the Latin labels do not cover), and the
people those forms name after their role ("Insured:", "Kontoinhaber:", "被保险人："). The set
``_UNSEEN`` was written before the rules it tests were changed and scored once (58/85 found before, 80/85
after the first fixes); it is kept as a regression set. Harmless prompts about orders, versions, cars,
recipes and passports in general get none of these findings.
"""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import Entity, EntityType


def _found(text: str) -> list[Entity]:
    return default_detector().detect(text)


def _covered(text: str, value: str) -> bool:
    start = text.index(value)
    return any(e.start <= start and e.end >= start + len(value) for e in _found(text))


_UNSEEN = [
    (
        "Sehr geehrte Damen und Herren, zu meinem Wasserschaden (Schadennr. WS-88-10294) teile ich mit: "
        "Vertragsnummer LV 4471-229-03, Versicherungsnehmerin: Petra Lindqvist.",
        ["WS-88-10294", "LV 4471-229-03", "Petra Lindqvist"],
    ),
    (
        "Re: claim #HM-55821-B. My policy is HOME/2291/7734 and the adjuster ref is ADJ-0043.",
        ["HM-55821-B", "HOME/2291/7734"],
    ),
    (
        "Objet : remboursement. Numéro de contrat : MUT-77120-FR, numéro de sinistre 2025-0091-77, "
        "assurée : Mme Nadia Benali.",
        ["MUT-77120-FR", "2025-0091-77", "Nadia Benali"],
    ),
    (
        "Buongiorno, allego la constatazione amichevole. Polizza RCA n° 7781/22/441, veicolo targato FG 482 TK, "
        "assicurato: Marco Ferri.",
        ["7781/22/441", "FG 482 TK", "Marco Ferri"],
    ),
    (
        "Dzień dobry, w sprawie szkody nr PL/SZ/2025/00123: samochód o numerze rejestracyjnym KR 7H221, "
        "polisa nr 990-221-4471.",
        ["PL/SZ/2025/00123", "KR 7H221", "990-221-4471"],
    ),
    (
        "Beste, hierbij mijn declaratie. Polisnummer: ZV-2291-88, klantnummer 100229184, kenteken auto: 52-LK-NT.",
        ["ZV-2291-88", "100229184", "52-LK-NT"],
    ),
    (
        "您好，我的理赔编号是 LP20250311008，保单号 8800412293，车牌号码 沪B·7K221，请尽快处理。",
        ["LP20250311008", "8800412293", "沪B·7K221"],
    ),
    (
        "Hola, quiero recoger el pedido de la farmacia. Receta electrónica n.º 2025/ES/88112, "
        "tarjeta sanitaria BBBB 9912 3344 5566.",
        ["2025/ES/88112", "BBBB 9912 3344 5566"],
    ),
    (
        "Vorbestellung: Rezept-Nr. 771-22391, Krankenversichertennummer M998877665, Patient: Karl Obermaier.",
        ["771-22391", "M998877665", "Karl Obermaier"],
    ),
    (
        "お薬手帳の件です。処方箋番号：RX-77-0219、患者番号 P-44120、被保険者番号 12345678 です。",
        ["RX-77-0219", "P-44120", "12345678"],
    ),
    (
        "بخصوص صرف الدواء: رقم الوصفة 55-2291-7، رقم المريض P-88120، رقم بطاقة التأمين 7781229104.",
        ["55-2291-7", "P-88120", "7781229104"],
    ),
    ("שלום, מספר פוליסה 7781-2291, מספר תביעה 2025/441, מספר מבוטח 229104771.", ["7781-2291", "2025/441", "229104771"]),
    (
        "Merhaba, poliçe no: TR-2291-774, hasar dosya no 2025-11873, müşteri numarası 88120441.",
        ["TR-2291-774", "2025-11873", "88120441"],
    ),
    (
        "Kính gửi, mã hồ sơ HS-2025-00891, số hợp đồng HD/441/2024, số thẻ bảo hiểm DN4797912345678.",
        ["HS-2025-00891", "HD/441/2024", "DN4797912345678"],
    ),
    ("안녕하세요, 보험증권번호 KB-2291-7741, 고객번호 88120441 확인 부탁드립니다.", ["KB-2291-7741", "88120441"]),
    (
        "Добрый день! Номер полиса ОСАГО ХХХ 0123456789, номер договора 45-2291/24, госномер А123ВС77.",
        ["0123456789", "45-2291/24", "А123ВС77"],
    ),
    (
        "Expediente académico del alumno: NIA 7781229104, número de matrícula M-2023-4471, tutor legal: Andrés Molina.",
        ["7781229104", "M-2023-4471"],
    ),
    (
        "Recours gracieux : titre de séjour n° 7503221190, numéro de demande ANEF-2025-77812, passeport n° 22CX55120.",
        ["7503221190", "ANEF-2025-77812", "22CX55120"],
    ),
    (
        "留学签证材料：护照号码 EA7712290，签证申请号 CN2025VS008812，学号 2024011887。",
        ["EA7712290", "CN2025VS008812", "2024011887"],
    ),
    (
        "Hi, to verify: account holder Priya Raman, account no. 40221987, sort code 30-94-57, routing 026009593.",
        ["Priya Raman", "40221987", "30-94-57", "026009593"],
    ),
    (
        "Bitte überweisen: Empfänger Tobias Kranz, IBAN DE44 5001 0517 5407 3249 31, BIC INGDDEFFXXX, "
        "Verwendungszweck Kundennr. 88-1204.",
        ["DE44 5001 0517 5407 3249 31", "88-1204"],
    ),
    ("Payout to wallet TRC20: TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7 — contract no. 77-2291/25.", ["77-2291/25"]),
    (
        "Contrato de arrendamento: senhorio Rui Costa, NIF 232013969, inquilino Ana Lopes, cartão de cidadão "
        "14379217 4 ZX3.",
        ["232013969"],
    ),
]


def test_values_of_forms_written_before_the_rules_are_found() -> None:
    missed = [(text[:40], value) for text, values in _UNSEEN for value in values if not _covered(text, value)]
    assert len(missed) <= 2, missed


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Schadenmeldung Kfz: Schadennummer 25-SCH-008812, Unfalltag gestern.", "25-SCH-008812"),
        ("Denuncia sinistro: polizza n. RCA-0091-7781, numero sinistro 2025/SX/00418.", "RCA-0091-7781"),
        ("Denuncia sinistro: polizza n. RCA-0091-7781, numero sinistro 2025/SX/00418.", "2025/SX/00418"),
        ("Zgłoszenie szkody: numer szkody SZ/23/004512 z dnia 4 marca.", "SZ/23/004512"),
        ("Zorgdeclaratie: relatienummer R-2291044 graag vermelden.", "R-2291044"),
        ("Pedido farmacia: receta nº RX-2025-00781 para recoger mañana.", "RX-2025-00781"),
        ("Please refill Rx# 4471902 at the Main St pharmacy.", "4471902"),
        ("passeport n° 18AV12345, délivré à Lyon", "18AV12345"),
        ("Sözleşme: hasta no 44712291, randevu yarın.", "44712291"),
        ("mã khách hàng KH-884120, vui lòng kiểm tra", "KH-884120"),
        ("利用者ID usr-44712 の照会記録", "usr-44712"),
        ("班主任通知：学籍号 G110105201201011234，请家长确认。", "G110105201201011234"),
        ("N° adhérent : 7781 2290 11 (mutuelle santé)", "7781 2290 11"),
        ("Verificación: número de cuenta 0049 1500 05 1234567892, gracias.", "0049 1500 05 1234567892"),
        ("n° de contrat 0044 7712 A, signé le 3 mai", "0044 7712 A"),
        ("银行卡号：6222 0212 3456 7890 123，开户行 工商银行", "6222 0212 3456 7890 123"),
        ("CC 12345678 9 ZZ1 do titular", "12345678 9 ZZ1"),
    ],
)
def test_identifiers_after_labels_of_claims_prescriptions_and_files(text: str, value: str) -> None:
    assert _covered(text, value), [(e.type.value, e.text, e.source) for e in _found(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Insured: Mark Dolan, policy attached", "Mark Dolan"),
        ("Kontoinhaber: jens pohl, IBAN folgt", "jens pohl"),
        ("被保险人：王小明，出生日期见附件", "王小明"),
        ("Élève : Léa Martin, classe de 5e", "Léa Martin"),
        ("Titular: María López", "María López"),
        ("Страхователь: Иванов Иван", "Иванов Иван"),
        ("المستفيد: أحمد علي", "أحمد علي"),
    ],
)
def test_the_people_of_forms_after_their_role(text: str, value: str) -> None:
    assert any(e.type is EntityType.PERSON and e.text == value for e in _found(text)), _found(text)


MINE = frozenset(
    {"id-label", "id-prefix", "account-label", "id-after-label", "id-after-script-label", "table-column", "json-key"}
    | {"key-value", "plate-label", "plate-shape", "plate-cn", "vin", "vin-label", "vin-shape", "national-id"}
)


@pytest.mark.parametrize(
    "text",
    [
        "Where is my order 112-4471823-2290? It was supposed to arrive Monday.",
        "Is the AMD RX 580 still good for 1080p gaming?",
        "Mazda RX-8 vs RX-7: which rotary is more reliable?",
        "Fix CVE-2024-3094 in xz utils: which versions are affected?",
        "Wie lautet die Bestellnummer 4471-2291 für meine Lieferung?",
        "¿Cuál es el número de pedido 88123 y cuándo llega?",
        "订单号 202403140001 什么时候发货？",
        "注文番号 123-4567890 の配送状況を教えて",
        "Rezept für Apfelkuchen: 500 g Mehl, 250 g Butter, 3 Eier.",
        "Una ricetta per 4 persone: 320 g di spaghetti, 150 g di guanciale.",
        "Which passport is the most powerful in 2024?",
        "How do I renew my residence permit in Germany? What documents are needed?",
        "What does a claim number look like for Allianz car insurance?",
        "Error 0x80070005 in Windows Update KB5034441",
        "Flight LH 1234 departs at 14:30 from gate B22, seat 14C.",
        'Parse this JSON in Python: {"id": 1042, "name": "widget", "version": "2.4.1"}',
        "SELECT * FROM users WHERE user_id = 123 AND status = 'active';",
        "ISBN 978-3-16-148410-0 is the book I need for class.",
    ],
)
def test_harmless_prompts_have_no_form_identifier(text: str) -> None:
    assert [(e.text, e.source) for e in _found(text) if e.source in MINE] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("date de naissance : 3 mai 1985, à Lyon", "3 mai 1985"),
        ("fecha de nacimiento: 30 de enero de 1990.", "30 de enero de 1990"),
        ("data di nascita 22 novembre 1976", "22 novembre 1976"),
        ("Data urodzenia: 4 lutego 1983 r.", "4 lutego 1983"),
        ("geboren am 2. Dezember 1958 in Kiel", "2. Dezember 1958"),
        ("Дата рождения: 12 марта 1980 г.", "12 марта 1980"),
        ("DOB 12-Mar-1980", "12-Mar-1980"),
        ("生年月日：昭和55年4月1日", "昭和55年4月1日"),
        ("doğum tarihi 1 Ocak 1970", "1 Ocak 1970"),
        ("ngày sinh 12 tháng 12 năm 1985", "12 tháng 12 năm 1985"),
        ("تاريخ الميلاد: 14 مايو 1979", "14 مايو 1979"),
        ("תאריך לידה: 12 במרץ 1975", "12 במרץ 1975"),
        ("出生日期：1985-03-12", "1985-03-12"),
    ],
)
def test_dates_of_birth_after_their_label_in_any_language(text: str, value: str) -> None:
    assert any(e.type is EntityType.DATE and e.text == value for e in _found(text)), _found(text)


def test_a_birthday_without_a_date_is_none() -> None:
    assert not any(e.source == "birth-date-label" for e in _found("my birthday is 12 days away, born 3 times lucky"))
