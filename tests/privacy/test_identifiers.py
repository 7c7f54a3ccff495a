"""Identifiers, secrets and contact details a user would check: known by their label or their shape, in
several languages and scripts; and the numbers that are none of these (versions, ports, prices, orders)."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import Entity, EntityType


def _found(text: str) -> list[Entity]:
    return default_detector().detect(text)


def _assert_found(text: str, kind: EntityType, value: str) -> None:
    ents = _found(text)
    assert any(e.type is kind and e.text == value for e in ents), [(e.type.value, e.text, e.source) for e in ents]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Your policy no. HL-2022-571903 renews in May.", "HL-2022-571903"),
        ("member ID: MB 4410-087 (family plan)", "MB 4410-087"),
        ("Staff number: ST#00981", "ST#00981"),
        ("EMP-20417 asked for leave", "EMP-20417"),
        ("Docket 23-CV-04412 was dismissed.", "23-CV-04412"),
        ("customer 8812-3390-11 called again", "8812-3390-11"),
        ("Versichertennummer: K204418873", "K204418873"),
        ("numéro de dossier : 2024/118273", "2024/118273"),
        ("el número de póliza es 55-2019-7781", "55-2019-7781"),
        ("numero di polizza 0077123/B", "0077123/B"),
        ("Klantnummer 4410293", "4410293"),
        ("患者番号A-20931の件", "A-20931"),
        ("保单号8820019311", "8820019311"),
        ("회원번호 2231-8810", "2231-8810"),
        ("MRN: 00331987", "00331987"),
        ("claim CLM/2023/0042 is pending", "CLM/2023/0042"),
    ],
)
def test_personal_identifiers_after_a_label_or_with_a_personal_prefix(text: str, value: str) -> None:
    _assert_found(text, EntityType.ID_OTHER, value)


@pytest.mark.parametrize(
    "text",
    [
        "Order number 4410-2231-88 shipped yesterday.",
        "Ticket #88213 was closed.",
        "tracking no. 1Z999AA10123456784 arrives soon",
        "Rechnungsnummer 2024-00871 bitte überweisen",
        "upgrade from version 3.11.7 to 3.12.1",
        "bind to port 8443 on localhost:8080",
        "Serial number SN-4471-2231 on the back",
        "ISBN 978-0-306-40615-7",
        "The build 20231104.3 failed",
    ],
)
def test_order_ticket_version_and_serial_numbers_are_not_personal(text: str) -> None:
    ents = [e for e in _found(text) if e.type in (EntityType.ID_OTHER, EntityType.PHONE, EntityType.BANK_ACCOUNT)]
    assert ents == [], ents


def test_the_closest_label_decides() -> None:
    assert not any(e.type is EntityType.ID_OTHER for e in _found("policy renewal order 448812 confirmed"))
    _assert_found("order 55-112 for policy 7781-220", EntityType.ID_OTHER, "7781-220")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("routing number 021000021 and account 4470021938", "021000021"),
        ("routing number 021000021 and account 4470021938", "4470021938"),
        ("Kontonummer: 0532013000", "0532013000"),
        ("sort code 60-16-13, account 31926819", "60-16-13"),
        ("sort code 60-16-13, account 31926819", "31926819"),
        ("BSB 062-000", "062-000"),
        ("donations: 1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
        ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 is my wallet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        ("send ETH to 0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe", "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe"),
    ],
)
def test_bank_and_crypto_accounts(text: str, value: str) -> None:
    _assert_found(text, EntityType.BANK_ACCOUNT, value)


def test_a_bitcoin_address_with_a_bad_checksum_is_not_one() -> None:
    assert not any(e.type is EntityType.BANK_ACCOUNT for e in _found("1BoatSLRHtKNngkdXEeobR76b53LETtpyX"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mastercard 5105 1051 0510 5100 exp 04/28 cvc 902", "04/28"),
        ("Mastercard 5105 1051 0510 5100 exp 04/28 cvc 902", "902"),
        ("card 4000056655665556, 12/2029, 318", "12/2029"),
        ("card 4000056655665556, 12/2029, 318", "318"),
        ("Karte gültig bis 07/27, Prüfnummer 044", "07/27"),
        ("security code: 7730", "7730"),
    ],
)
def test_card_expiry_and_verification_code(text: str, value: str) -> None:
    _assert_found(text, EntityType.CREDIT_CARD, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my bank PIN is 0472", "0472"),
        ("PIN-Code: 9090", "9090"),
        ("the gate code is 1466#", "1466"),
        ("passphrase: velvet lantern across quiet harbor", "velvet lantern across quiet harbor"),
        ("Recovery phrase is 'oak river stone paper lamp'", "oak river stone paper lamp"),
        ("Backup codes: 8h2k-4n7q, 3m9x-1c5v, 6t0b-2p8z", "8h2k-4n7q"),
        ("Backup codes: 8h2k-4n7q, 3m9x-1c5v, 6t0b-2p8z", "6t0b-2p8z"),
        ("2FA secret key: NB2W 45DF OIZA 4XXQ", "NB2W 45DF OIZA 4XXQ"),
        ("otpauth://totp/Shop:eva@example.com?secret=NB2W45DFOIZA4XXQ&issuer=Shop", None),
        ('db_password: "s3\\"cr3t!x"', 's3\\"cr3t!x'),
        ('{"pw": "tr\\"icky9"}', 'tr\\"icky9'),
        ("Authorization: Basic ZXZhOm15LXMzY3JldA==", "ZXZhOm15LXMzY3JldA=="),
        (
            "token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLWJ5dGVz",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLWJ5dGVz",
        ),
    ],
)
def test_secrets_after_a_label_or_in_their_format(text: str, value: str | None) -> None:
    _assert_found(text, EntityType.SECRET, value if value is not None else text)


@pytest.mark.parametrize(
    "text",
    [
        "Enter your PIN at the terminal.",
        "The passphrase is required for the key.",
        "password = settings.db_password",
        "Basic usage of the Authorization header",
        "recovery codes are in the settings page",
    ],
)
def test_words_about_secrets_are_not_secrets(text: str) -> None:
    assert not any(e.type is EntityType.SECRET for e in _found(text))


def test_a_base64_value_hiding_an_email_is_found() -> None:
    text = "payload: bmFtZTogbHVjYS5yb3NzaUBleGFtcGxlLml0"  # base64 of "name: luca.rossi@example.it"
    _assert_found(text, EntityType.EMAIL, "bmFtZTogbHVjYS5yb3NzaUBleGFtcGxlLml0")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("write to piotr dot nowak at onet dot pl", "piotr dot nowak at onet dot pl"),
        ("lena [at] posteo [dot] de", "lena [at] posteo [dot] de"),
        ("info(at)kanzlei-weber.de", "info(at)kanzlei-weber.de"),
        ("juan {at} correo {dot} es", "juan {at} correo {dot} es"),
    ],
)
def test_spelled_out_emails(text: str, value: str) -> None:
    _assert_found(text, EntityType.EMAIL, value)


def test_an_ordinary_at_is_not_an_email() -> None:
    assert not any(e.type is EntityType.EMAIL for e in _found("we met at google dot com headquarters"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("follow me on Instagram @noor.designs", "@noor.designs"),
        ("IG: marta_k92", "marta_k92"),
        ("my TikTok handle is lenny.loops", "lenny.loops"),
        ("ask @dr_chen in the thread", "@dr_chen"),
    ],
)
def test_social_handles(text: str, value: str) -> None:
    _assert_found(text, EntityType.ID_OTHER, value)


def test_code_at_signs_are_not_handles() -> None:
    code = "@dataclass\nclass A:\n    x: int\n\n@app.route('/x')\ndef f(): ...\nimport '@angular/core';\nm = a @ b"
    assert not any(e.source.startswith("handle") for e in _found(code))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("電話番号は08012345678です", "08012345678"),
        ("请拨打电话13700001111联系我", "13700001111"),
        ("연락처010-2233-4455입니다", "010-2233-4455"),
        ("тел.+74951234567 спросить Ивана", "+74951234567"),
    ],
)
def test_phone_numbers_written_against_other_scripts(text: str, value: str) -> None:
    _assert_found(text, EntityType.PHONE, value)


def test_cjk_dates() -> None:
    _assert_found("生年月日は1990年4月12日です", EntityType.DATE, "1990年4月12日")


@pytest.mark.parametrize(
    "text",
    [
        "Plan three workouts: Monday, Wednesday and Friday.",
        "What changed in 2008 for banks?",
        "Python 3.12 was released in 2023 with better error messages.",
        "The museum is closed on Tuesday.",
        "A ticket costs €1,250 and the hall seats 12,500 people.",
        "The population grew to 1,234,567 by the census.",
        "git checkout 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
    ],
)
def test_weekdays_years_prices_quantities_and_hashes_alone_are_not_entities(text: str) -> None:
    kinds = {EntityType.DATE, EntityType.PHONE, EntityType.ID_OTHER, EntityType.BANK_ACCOUNT, EntityType.SECRET}
    assert not [e for e in _found(text) if e.type in kinds]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I was born in 1984 and moved to Lyon later.", "1984"),
        ("Jonas Weber flew home on Sunday evening.", "Sunday"),
        ("She was born on 3 March 1979.", "3 March 1979"),
        ("Our appointment is on Thursday.", "Thursday"),
    ],
)
def test_a_weekday_or_year_tied_to_a_person_or_event_is_a_date(text: str, value: str) -> None:
    _assert_found(text, EntityType.DATE, value)


# Written after the rules and scored once before any fix (46/46 after the fixes it prompted: "acc" as an
# account label, a "#" before a value, Ethereum over a Luhn run inside it); kept as a regression set.
_HELDOUT = [
    ("Please update the record for insurance member no. HX-55190-22 before Friday.", "HX-55190-22"),
    ("Unser Aktenzeichen: KV-2024-01187.", "KV-2024-01187"),
    ("Numéro d'adhérent : 00481-7723 (mutuelle)", "00481-7723"),
    ("Su número de afiliado es AF 882 1930", "AF 882 1930"),
    ("Employee number: E-20931, start date next month", "E-20931"),
    ("My student ID is S2318804 and I need a transcript.", "S2318804"),
    ("The claim reference CLM/88/20931 was rejected.", "CLM/88/20931"),
    ("Routing 021000021, account 4470021938", "021000021"),
    ("Routing 021000021, account 4470021938", "4470021938"),
    ("Sort code 40-47-84, acc 91827364", "40-47-84"),
    ("Sort code 40-47-84, acc 91827364", "91827364"),
    ("full number 4242 4242 4242 4242, expires 11/29, CVC 731", "11/29"),
    ("full number 4242 4242 4242 4242, expires 11/29, CVC 731", "731"),
    ("Card: 5555555555554444 09/28 412", "09/28"),
    ("Card: 5555555555554444 09/28 412", "412"),
    (
        "Send the refund to bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh please",
        "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
    ),
    ("ETH: 0x52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886E0F7030069857D2E4169EE7"),
    ("find me on insta @laura.bxl", "laura.bxl"),
    ("Telegram: kowal_piotr", "kowal_piotr"),
    ("my backup codes are 3k9x-2mfp 77qz-ka1w 0vbn-5t2c", "3k9x-2mfp"),
    ("my backup codes are 3k9x-2mfp 77qz-ka1w 0vbn-5t2c", "0vbn-5t2c"),
    ("TOTP setup key: JBSW Y3DP EHPK 3PXP", "JBSW Y3DP EHPK 3PXP"),
    ("The alarm code is 7719, don't share it", "7719"),
    ("Geheimzahl: 2580", "2580"),
    ("seed phrase = panda orbit lemon sketch cattle drift", "panda orbit lemon sketch cattle drift"),
    ('{"user": "anna", "pwd": "x\\"7Lm!q"}', 'x\\"7Lm!q'),
    ("Authorization: Basic YWRtaW46aHVudGVyMg==", "YWRtaW46aHVudGVyMg=="),
    (
        "JWT eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    ),
    ("write to anna.berg (at) posteo (dot) de", "anna.berg (at) posteo (dot) de"),
    ("contact: j.novak at seznam dot cz", "j.novak at seznam dot cz"),
    ("reach me: tom[at]mailbox[dot]org", "tom[at]mailbox[dot]org"),
    ("携帯：080-1234-5678までお願いします", "080-1234-5678"),
    ("我的手机号是13912345678，谢谢", "13912345678"),
    ("전화 010-9876-5432로 연락주세요", "010-9876-5432"),
    ("Телефон:+79161234567", "+79161234567"),
    ("ｐｅｔｅｒ．ｍｕｌｌｅｒ＠ｇｍａｉｌ．ｃｏｍ", "ｐｅｔｅｒ．ｍｕｌｌｅｒ＠ｇｍａｉｌ．ｃｏｍ"),
    ("mail: ol\u200bga@exa\u200bmple.org", "ol\u200bga@exa\u200bmple.org"),
    ("Contact: sаrah.jones@outlook.com", "sаrah.jones@outlook.com"),
    ("IBAN DE89\xa03704\xa00044\xa00532\xa00130\xa000", "DE89\xa03704\xa00044\xa00532\xa00130\xa000"),
    ("policy ref 7731-88-2 for the car", "7731-88-2"),
    ("numero di polizza 00912/AX/23", "00912/AX/23"),
    ("Mitgliedsnummer 4471-0092", "4471-0092"),
    ("case #2023-CR-00871", "2023-CR-00871"),
    ("MRN 0045521 admitted", "0045521"),
    ("patient id pt-00772", "pt-00772"),
    ("I was born in 1979 in a small town.", "1979"),
]
_HELDOUT_HARMLESS = [
    "Upgrade to Python 3.12.1 and run on port 8080.",
    "The order number is 112-4471823-22 and ticket 88123 is open.",
    "It costs $1,250,000 for 3 200 000 visitors.",
    "commit a3f5c9e1b2d4f6a7b8c9d0e1f2a3b4c5d6e7f8a9 fixed it",
    "Garbage collection happens on Tuesday in most towns.",
    "The Berlin Wall fell in 1989.",
    "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "Population: 1,234,567 people live there.",
    "Call the function at line 1024 of main.py",
    "Use @dataclass and @property decorators",
    "look at google dot com for that",
    "Version 2.4.1 released in 2021 fixes bug 44871.",
    "Flight LH 1234 departs from gate B22",
    "Set the PIN field to required",
    "Error code 0x80070005 when installing",
]


def test_heldout_values_are_covered() -> None:
    missed = []
    for text, value in _HELDOUT:
        start = text.index(value)
        if not any(e.start <= start and e.end >= start + len(value) for e in _found(text)):
            missed.append((text, value))
    assert len(missed) <= 2, missed


def test_heldout_harmless_texts_have_no_structured_findings() -> None:
    structured = {EntityType.DATE, EntityType.PHONE, EntityType.ID_OTHER, EntityType.BANK_ACCOUNT, EntityType.SECRET}
    structured |= {EntityType.EMAIL, EntityType.CREDIT_CARD, EntityType.IP_ADDRESS}
    hits = [(t, e.text) for t in _HELDOUT_HARMLESS for e in _found(t) if e.type in structured]
    assert hits == []
