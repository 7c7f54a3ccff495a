"""Labelled values and names in Hungarian, Romanian, Czech and Greek forms: the number of an account, a policy,
a case or a patient file after its label, national numbers (TAJ, CNP, rodné číslo, ΑΜΚΑ) and the name after
"Név", "Nume", "Jméno", "Όνομα" or a family name written first ("Popescu Andreea", "Kovács Eszter").
Our own form texts (names from Faker's hu_HU, ro_RO, cs_CZ, el_GR lists, numbers made up)."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector

FORMS = [
    (
        "Név: Kovács Eszter\nSzületési dátum: 1984.03.12.\nTAJ szám: 123 456 789\nSzámlaszám: 11773016-11111018\n"
        "Kötvényszám: KH-2024-889123\nÜgyszám: 12.P.21.345/2024",
        ["Kovács Eszter", "1984.03.12", "123 456 789", "11773016-11111018", "KH-2024-889123", "12.P.21.345/2024"],
    ),
    ("A betegazonosító: BA-77812, kérem a leleteket.", ["BA-77812"]),
    (
        "Nume: Popescu Andreea\nData nașterii: 14.07.1990\nCNP: 2900714123456\nNumăr poliță: PAD-5512309\n"
        "Număr dosar: 1234/3/2024",
        ["Popescu Andreea", "14.07.1990", "2900714123456", "PAD-5512309", "1234/3/2024"],
    ),
    ("Doamna Ionescu Mariana are numărul de pacient P-448812.", ["Ionescu Mariana", "P-448812"]),
    (
        "Jméno: Jana Dvořáková\nRodné číslo: 785503/1234\nČíslo pojistky: 8801234567\nČíslo pacienta: PAC-99812",
        ["Jana Dvořáková", "785503/1234", "8801234567", "PAC-99812"],
    ),
    (
        "Όνομα: Γεώργιος Παπαδόπουλος\nΗμερομηνία γέννησης: 12/04/1975\nΑΜΚΑ: 12047501234\nΑΦΜ: 123456789\n"
        "Αριθμός υπόθεσης: 455/2024",
        ["Γεώργιος Παπαδόπουλος", "12/04/1975", "12047501234", "123456789", "455/2024"],
    ),
    ("Ο κύριος Νικόλαος Αντωνίου, αριθμός ασθενούς 5567123, έχει ραντεβού.", ["Νικόλαος Αντωνίου", "5567123"]),
    ("Holnap Kovács Eszter jön a rendelőbe.", ["Kovács Eszter"]),
]


@pytest.mark.parametrize(("text", "values"), FORMS)
def test_labelled_values_and_names_are_found(text: str, values: list[str]) -> None:
    found = default_detector().detect(text)
    for value in values:
        start = text.index(value)
        end = start + len(value)
        covered = sum(max(0, min(end, e.end) - max(start, e.start)) for e in found)
        assert covered >= 0.8 * len(value), (value, [(e.type.name, e.text) for e in found])


@pytest.mark.parametrize(
    "text",
    [
        "Mi a számlaszám formátuma Magyarországon? Hány számjegyből áll?",
        "Cum se calculează cifra de control a unui CNP?",
        "Kolik číslic má rodné číslo a jak se počítá kontrolní číslice?",
    ],
)
def test_a_question_about_a_label_has_no_value(text: str) -> None:
    assert default_detector().detect(text) == []
