"""The identifier, field, secret and address classes of the seventh set's leaks (issue 16), rule by rule.

What a user would check: a person's pay or debt in a tool call is hidden, a recipe's grams are not; a Cyrillic- or
Greek-lettered document number is hidden, a paper size or a law citation is not; a cloud secret key after "key" is
hidden, a file's SHA-256 in a code question is not; a Taiwanese flat, a Romanian block, an Indian village and a
house number after its label are hidden, a landmark, "a kilogram in grams" and a village council are not. The
whole-request examples of these classes are in ``data/classes_seventh/ids_*.jsonl`` (test_classes_seventh.py).
"""

from __future__ import annotations

from functools import cache

import pytest

from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.json_keys import number_role, value_type


@cache
def _detector() -> Detector:
    return Detector()


def _found(text: str) -> list[tuple[str, str]]:
    return [(e.type.value, e.text) for e in _detector().detect(text)]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("sueldo_bruto", 32400),  # a person's pay, whatever the language of the key
        ("forderung_eur", 18437),  # a creditor's claim: money word beats the currency word
        ("nakit_eur", 14500),  # cash a traveller declares
        ("yuanxinzi", 41250),  # pinyin run together (原薪資)
        ("claim_amount_usd", 12750),
        ("gaji", 8500000),
        ("salario", 2450.5),
    ],
)
def test_a_persons_money_in_tool_arguments_is_hidden(key: str, value: float) -> None:
    assert number_role(key, value) == EntityType.BANK_ACCOUNT


@pytest.mark.parametrize(
    ("key", "value", "role"),
    [
        ("karmchari_sankhya", 40418, EntityType.ID_OTHER),  # a transliterated number word (संख्या)
        ("sabeon", 20731, EntityType.ID_OTHER),  # 사번, an employee number
        ("legajo", 58213, EntityType.ID_OTHER),
        ("kennziffer", 48213, EntityType.ID_OTHER),  # five digits under a key that says nothing: fail closed
    ],
)
def test_numbers_that_identify_someone_are_hidden(key: str, value: int, role: EntityType) -> None:
    assert number_role(key, value) == role


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("max_price", 120),
        ("revenue_usd", 4500000),  # a company's revenue, not a person's income
        ("budget", 1500000),
        ("tutar", 250000),
        ("net_weight_g", 25000),
        ("claims_count", 120),  # a count of claims, not a claim
        ("bonus_points", 1500),
        ("likes", 48211),
        ("castka", 12000),  # Czech "amount", as "amount" itself
        ("visibility", 10000),  # metres, in a weather API's result
    ],
)
def test_quantities_are_kept(key: str, value: int) -> None:
    assert number_role(key, value) == "quantity"


@pytest.mark.parametrize(("key", "value"), [("build_number", 18234), ("zimmer", 1450), ("seat", 42)])
def test_short_numbers_of_things_are_left_to_detection(key: str, value: int) -> None:
    assert number_role(key, value) is None


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        ("voenny_bilet", "АС 2284701", EntityType.ID_OTHER),
        ("lichny_nomer", "Х-417329", EntityType.ID_OTHER),
        ("nomer_delo", "ГД-5528/2026", EntityType.ID_OTHER),
        ("new_value", 'Qe4"mZ!9tLw2#Hs', EntityType.SECRET),
        ("neu", "Tz!8q#Lw4pXe", EntityType.SECRET),
        ("patta", "ग्राम भटौली, तहसील पिंडरा, वाराणसी", EntityType.ADDRESS),
        ("dizhi", "臺北市大安區和平東路二段96巷7號3樓", EntityType.ADDRESS),
    ],
)
def test_string_values_typed_by_their_shape_and_key(key: str, value: str, kind: EntityType) -> None:
    assert value_type(key, value) == kind


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("model", "gpt-4o-2024-08-06"),
        ("ucus", "TK1980 LHR-IST"),
        ("version", "v1.2.3-RC1"),
        ("pattern", r"^[A-Z][a-z]+\d{2,}$"),
        ("query", "Hello World 123"),
        ("image", "nginx:1.25.3"),
        ("error_code", "E1234"),  # a program's error, not a person's number
    ],
)
def test_codes_of_things_and_patterns_are_not_typed(key: str, value: str) -> None:
    assert value_type(key, value) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("посвідчення водія ВХС 418273, авто зупинили", "ВХС 418273"),
        ("αρ. συμβολαίου ΖΩ-7714-20983. Αιτία θανάτου", "ΖΩ-7714-20983"),
        ("военный билет серии АС 2284701 выдан", "АС 2284701"),
        ("рахунок клієнта: ФК-448120, прошу перевірити", "ФК-448120"),
        ("dados: CTPS 0048213 série 0031-SP.", "0048213"),
        ("Katanya di BI checking saya tercatat kol 4 gara-gara kartu kredit.", "kol 4"),
        ("Permohonan pinjaman saya ditolak sebab skor CTOS 498.", "CTOS 498"),
        ("رقم الملف م/ 47281، الكفيل شركة النور", "م/ 47281"),
    ],
)
def test_lettered_and_labelled_codes_are_found(text: str, value: str) -> None:
    assert any(value in found for _, found in _found(text)), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Какой размер листа А4 в миллиметрах и чем отличается формат А3?",
        "По ГОСТ Р 7.0.97-2016 как оформить письмо?",
        "Apa arti kolektibilitas di SLIK OJK? Ada berapa tingkat, dari kol-1 sampai kol-5?",
        "What is a good FICO score, is 700 enough to rent a flat?",
    ],
)
def test_paper_sizes_citations_and_questions_about_scores_are_not_codes(text: str) -> None:
    assert not [f for f in _found(text) if f[0] == "ID_OTHER"], _found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "AWS key AKIA4QZ7WDYH3KXN5T2R / wJ9r+Xk2VbQ7nLp0sTz/4mHcF8yEaD1uGi6oR3eN.",
            "wJ9r+Xk2VbQ7nLp0sTz/4mHcF8yEaD1uGi6oR3eN",
        ),
        (
            "mit geheimem Schlüssel 9fK2+pLq7Vx0Zb4Nw/Ty8Rm3Hs6Ge1Uc5Jd2Ao4E, warum 403?",
            "9fK2+pLq7Vx0Zb4Nw/Ty8Rm3Hs6Ge1Uc5Jd2Ao4E",
        ),
        ("Our signing secret is 4f9a1c7e2b8d5f3a6c0e9b7d1a4f8c2e and we use HMAC.", "4f9a1c7e2b8d5f3a6c0e9b7d1a4f8c2e"),
    ],
)
def test_key_shaped_secrets_after_a_credential_word_are_found(text: str, value: str) -> None:
    assert ("SECRET", value) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Why is the SHA-256 of an empty string e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855?",
        "git show 9fceb02d0ae598e95dc970b74767f19372d61af8 prints nothing; is the key wrong?",
        "What does dGhpcyBpcyBhIHRlc3Qgc3RyaW5nIGZvciBiYXNlNjQ= decode to? Is it a key?",
        "The primary key is 550e8400e29b41d4a716446655440000 in that table.",
    ],
)
def test_hashes_and_base64_text_are_not_secrets(text: str) -> None:
    assert not [f for f in _found(text) if f[0] == "SECRET"], _found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("地址：臺北市大安區和平東路二段96巷7號3樓", "和平東路二段96巷7號3樓"),
        ("寄到新北市板橋區文化路一段188巷12弄5號4樓", "文化路一段188巷12弄5號4樓"),
        ("Str. Mihai Eminescu nr. 14, bl. A3, sc. 2, ap. 17, sector 2", "bl. A3, sc. 2, ap. 17"),
        ("ж.к. Люлин, бл. 218, вх. Б, ет. 6, ап. 41, София", "бл. 218, вх. Б, ет. 6, ап. 41"),
        ("पता: गाँव सिसवा बाजार, पोस्ट महराजगंज", "गाँव सिसवा बाजार"),
        ("አድራሻ፡ ወረዳ 03 የቤት ቁጥር 1245።", "የቤት ቁጥር 1245"),
        ("பெயர் செல்வி, கதவு எண் 47, பாரதி தெரு", "கதவு எண் 47"),
    ],
)
def test_local_address_forms_are_found(text: str, value: str) -> None:
    assert any(t == "ADDRESS" and value in found for t, found in _found(text)), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "台北101在信義路五段7號，搭捷運要在哪一站下車？",
        "एक किलोग्राम में कितने ग्राम होते हैं? आटा 500 ग्राम कैसे नापूँ?",
        "ग्राम पंचायत के चुनाव कैसे होते हैं, और जिला परिषद का क्या काम है?",
        "Cum imprim un poster pe format A3 și ce scară aleg, sc. 1:100?",
        "በአዲስ አበባ የቤት ቁጥር እንዴት ይሰጣል?",
    ],
)
def test_landmarks_units_and_councils_are_not_addresses(text: str) -> None:
    assert not [f for f in _found(text) if f[0] in ("ADDRESS", "LOCATION")], _found(text)
