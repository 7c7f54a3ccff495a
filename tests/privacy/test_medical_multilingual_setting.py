"""Health terms told by their setting (doses, dose forms, specialties at a visit, procedure word
formation) and the second round of curated terms: injuries, mental health, symptoms, disability."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.medical import find_medical
from islandrun.core.privacy.medical_setting import dose_findings, form, procedure, specialty, unit
from islandrun.core.privacy.medical_vocab import tokenize


def _doses(text: str) -> tuple[list[tuple[int, int, float, str]], list[tuple[int, int, float, str]]]:
    tokens = tokenize(text)
    forms = [i for i, t in enumerate(tokens) if form(t.norm)]
    return dose_findings(text, tokens, any(unit(t.norm) for t in tokens), forms)


def _found(text: str, term: str) -> bool:
    s = text.index(term)
    return any(f.start < s + len(term) and s < f.end for f in find_medical(text))


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Bitte reservieren Sie mir Zyntrava 20 mg, zwei Packungen.", "Zyntrava"),  # an unknown brand
        ("Mi serve il Dolorflex 400 mg per domani.", "Dolorflex"),
        ("Нужен кардиофит 5 мг, 30 таблеток.", "кардиофит"),
        ("ネオペイン錠60mgをお願いします。", "ネオペイン"),
        ("뉴로펜 200mg 한 통 주세요.", "뉴로펜"),
        ('אבקש אופטימקס 10 מ"ג.', "אופטימקס"),
        ("ネオペイン錠を1日2回服用してください。", "ネオペイン"),  # a Japanese dose form, no dose
    ],
)
def test_a_word_before_a_dose_is_a_medicine(text: str, term: str) -> None:
    assert _found(text, term)


def test_a_common_word_before_a_dose_is_no_medicine() -> None:
    for text in ("Ein Espresso enthält etwa 80 mg Koffein.", "Is about 400 mg of vitamin C too much?"):
        assert _doses(text) == ([], [])


@pytest.mark.parametrize(
    "text",
    [
        "Für das Brot brauche ich 500 g Mehl und 10 g Hefe.",
        "Quisiera encargar dos cajas de tornillos de 20 mm.",
        "Ich möchte ein Samsung Tablet kaufen.",
        "タイムカプセルとメープルシロップとハンドクリームを買いました。",
    ],
)
def test_doses_and_forms_of_everyday_things_stay_clean(text: str) -> None:
    assert find_medical(text) == []


def test_a_dose_form_needs_health_context() -> None:
    text = "Ich brauche Zyntrava Tabletten."
    strong, weak = _doses(text)
    assert not strong and weak  # reported only where the text is about health
    assert _found("Ich war in der Apotheke und brauche Zyntrava Tabletten.", "Zyntrava")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Ihr Termin in der Neurologie ist am Montag.", "Neurologie"),
        ("Tengo cita con el psiquiatra el jueves.", "psiquiatra"),
        ("Rendez-vous chez le gynécologue mardi à 9 h.", "gynécologue"),
        ("Skierowanie do poradni onkologicznej.", "onkologicznej"),
        ("Запись к неврологу на пятницу.", "неврологу"),
        ("Kardiyoloji randevum yarın.", "Kardiyoloji"),
        ("Mijn afspraak bij de longarts is verzet.", "longarts"),
    ],
)
def test_a_specialty_at_a_visit(text: str, term: str) -> None:
    assert _found(text, term)


@pytest.mark.parametrize(
    "text",
    [
        "Wie lange dauert das Studium, um Psychiater zu werden?",
        "¿Qué estudia la neurología?",
        "Ihr Termin beim Friseur ist am Dienstag.",
    ],
)
def test_a_specialty_without_a_visit_or_a_visit_without_health_is_nothing(text: str) -> None:
    assert find_medical(text) == []


def test_word_formation() -> None:
    assert specialty("psychiatrie") and specialty("психиатру") and specialty("jinekoloji")
    assert procedure("arthroskopie") and procedure("ecografia") and procedure("химиотерапии")
    assert procedure("mastektomii") and procedure("hemodialise") and procedure("biopsja")
    # English forms are the English vocabulary's business; ordinary words stay out
    assert not procedure("chemotherapy") and not procedure("biopsy") and not procedure("radiography")
    assert not procedure("geografia") and not procedure("fotografia")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Nach dem Sturz habe ich eine Gehirnerschütterung.", "Gehirnerschütterung"),
        ("Sufrí un latigazo cervical en el accidente.", "latigazo cervical"),
        ("J'ai une entorse à la cheville.", "entorse"),
        ("Ho una frattura al polso.", "frattura"),
        ("Mam złamanie nogi po wypadku.", "złamanie"),
        ("У мене струс мозку після падіння.", "струс мозку"),
        ("Bacağımda kemik kırığı var.", "kemik kırığı"),
        ("Tôi bị bong gân cổ chân.", "bong gân"),
        ("أصيب ابني بارتجاج في المخ.", "ارتجاج في المخ"),
        ("יש לי זעזוע מוח.", "זעזוע מוח"),
        ("転んで捻挫しました。", "捻挫"),
        ("넘어져서 골절이 생겼어요.", "골절"),
        ("他摔倒后骨折了。", "骨折"),
        ("Mein Sohn hat ADHS.", "ADHS"),
        ("Sufro de TEPT desde la guerra.", "TEPT"),
        ("Ma fille souffre de troubles du comportement alimentaire.", "troubles du comportement alimentaire"),
        ("Ik heb een eetstoornis.", "eetstoornis"),
        ("Mam zaburzenia odżywiania.", "zaburzenia odżywiania"),
        ("У брата ОКР.", "ОКР"),
        ("Kızım yeme bozukluğu tedavisi görüyor.", "yeme bozukluğu"),
        ("強迫性障害と診断されました。", "強迫性障害"),
        ("저는 강박장애가 있어요.", "강박장애"),
        ("我有强迫症。", "强迫症"),
        ("Meine Mutter sitzt im Rollstuhl und hat Pflegegrad 3.", "Rollstuhl"),
        ("Tengo una discapacidad del 40%.", "discapacidad"),
        ("Jestem osobą niepełnosprawną.", "niepełnosprawną"),
        ("Tenho febre e dor de cabeça.", "dor de cabeça"),
        ("Mam gorączkę i biegunkę.", "gorączkę"),
    ],
)
def test_injuries_mental_health_symptoms_disability(text: str, term: str) -> None:
    assert _found(text, term)


@pytest.mark.parametrize(
    "text",
    [
        "Il mese di febbraio è freddo.",  # no prefix reading of "febbre" in Italian
        "Wi-Fi parolası nedir?",
        "The concert was great and Caesar salad too.",
        "Hayal kırıklığı yaşadım, film kötüydü.",
        "Uçuş havalimanından kalkıyor.",
        "In vitro experiments showed binding to RNA.",
        "Die Operation des Unternehmens war erfolgreich.",
    ],
)
def test_look_alikes_stay_clean(text: str) -> None:
    assert find_medical(text) == []
