"""Health terms are found in several languages; harmless text gets no MEDICAL finding."""

from __future__ import annotations

import time

import pytest

from islandrun.core.privacy.medical import find_medical


def _found(text: str) -> list[str]:
    return [e.text for e in find_medical(text) if e.score >= 0.4]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English: conditions, mental health, medications, procedures
        ("My father was diagnosed with hereditary nonpolyposis colorectal cancer.", "colorectal cancer"),
        ("She has been living with bipolar disorder since college.", "bipolar disorder"),
        ("I take sertraline every morning.", "sertraline"),
        ("He is on metformin and lisinopril.", "metformin"),
        ("Her appendectomy is scheduled for Monday.", "appendectomy"),
        ("The boy has Duchenne muscular dystrophy.", "Duchenne muscular dystrophy"),
        ("They suspect Wiskott-Aldrich syndrome in the child.", "Wiskott-Aldrich syndrome"),
        ("Tumours were found in both kidneys.", "Tumours"),
        ("I suffer from post-traumatic stress disorder.", "stress disorder"),
        ("He was treated for cholangitis last year.", "cholangitis"),
        # German, French, Spanish, Italian, Portuguese, Dutch, Polish
        ("Mein Vater hat Lungenkrebs und nimmt Ibuprofen.", "Lungenkrebs"),
        ("Ich leide an Depressionen und nehme Sertralin.", "Sertralin"),
        ("Ik heb last van migraine en een angststoornis.", "angststoornis"),
        ("Tengo depresión desde hace años y tomo fluoxetina.", "fluoxetina"),
        ("我有抑郁症，正在服用舍曲林。", "抑郁症"),
        ("Bei ihr wurde Arthrose im Knie festgestellt.", "Arthrose"),
        ("Ma mère souffre de la maladie de Crohn.", "maladie de Crohn"),
        ("Mon fils a une bronchite depuis lundi.", "bronchite"),
        ("Mi hermano tiene diabetes mellitus tipo 2.", "diabetes mellitus"),
        ("Le diagnosticaron un trastorno bipolar el año pasado.", "trastorno bipolar"),
        ("Mia nonna ha la malattia di Parkinson.", "malattia di Parkinson"),
        ("Sofro de hipertensão e tomo losartana.", "hipertens"),
        ("Mijn moeder heeft de ziekte van Lyme.", "ziekte van Lyme"),
        ("Mijn vader heeft longontsteking.", "longontsteking"),
        ("Mój syn ma zespół Downa.", "zespół Downa"),
        ("Ojciec choruje na chorobę Parkinsona i bierze lewodopę.", "Parkinsona"),
        ("我父亲患有糖尿病和高血压。", "糖尿病"),
        # abbreviations defined in the text, ICD-10 codes
        ("Prader-Willi syndrome (PWS) is rare; PWS causes hunger.", "PWS"),
        ("Diagnosis code E11.9 was entered.", "E11.9"),
    ],
)
def test_health_terms_are_found(text: str, expected: str) -> None:
    found = _found(text)
    assert any(expected in f or f in expected for f in found), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Fill the pot with cold water and bring it to a boil.",
        "How do I reverse a list in Python?",
        "That goal was a stroke of luck.",
        "She swims the 200 m breaststroke and works on her stroke technique.",
        "The Great Depression started in 1929 and hit the economy hard.",
        "Add the yeast, oats and a pinch of oregano to the dough.",
        "Kubernetes pods keep crashing after the deletion of a config map.",
        "Which trains go from Lisbon to Porto on weekdays?",
        "The diagnosis of this bug took hours: a race condition in the scheduler.",
        "Our academic diploma ceremony is on Friday; the aroma of coffee filled the hall.",
        "Wie koche ich eine Kartoffelsuppe mit Lauch?",
        "Quelle est la capitale de l'Australie ?",
        "¿Cuál es la mejor época para visitar Sevilla?",
        "Come si prepara il risotto alla milanese?",
        "Qual é o melhor caminho para Coimbra?",
        "Hoe laat vertrekt de trein naar Utrecht?",
        "Jak dojechać do Krakowa pociągiem?",
        "Write a SQL query that joins orders and customers.",
        "The network failure caused data loss on the server.",
        "The Tropic of Cancer crosses Mexico.",
        "My laptop has a virus infection; how do I remove the trojan?",
        "Which tablet is better for drawing, the iPad or the Galaxy Tab?",
        "How do I diagnose a slow network connection on Linux?",
        "La crise économique de 1929 a provoqué une grande dépression.",
    ],
)
def test_harmless_text_has_no_medical_finding(text: str) -> None:
    assert _found(text) == []


def test_common_words_count_next_to_health_context() -> None:
    assert _found("The doctor said my stroke was mild.") != []
    assert _found("He caught a cold.") == []  # a common word alone is no finding
    assert _found("Depression and anxiety run in my family; I was diagnosed last year.") != []
    assert _found("I have depression.") == ["depression"]
    assert _found("Mein Vater hatte einen Schlaganfall.") != []
    assert _found("She takes insulin twice a day.") == ["insulin"]
    assert _found("Take a cold shower after the run.") == []
    assert _found("That goal was a stroke of luck, we had a stroke of genius.") == []


def test_offsets_are_exact() -> None:
    text = "Patient: Ünal, diagnosed with Huntington's disease and haemophilia."
    for e in find_medical(text):
        assert text[e.start : e.end] == e.text
        assert e.score >= 0.4


def test_speed_on_a_500_character_prompt() -> None:
    text = (
        "Hi, I'm writing about my mother. She was diagnosed with type 2 diabetes and hypertension, "
        "takes metformin 500 mg twice a day, and last month had a knee replacement. Her cardiologist "
        "suspects atrial fibrillation. Could you help me write an email to her insurer, Acme Health, "
        "asking whether the physiotherapy sessions are covered? Also, what should she eat to keep "
        "her blood sugar stable? She likes pasta, fish, and vegetables, and she walks 30 minutes a "
        "day. Thanks a lot for your help with this!"
    )
    find_medical("")
    times = []
    for _ in range(200):
        t = time.perf_counter()
        find_medical(text)
        times.append(time.perf_counter() - t)
    times.sort()
    assert times[len(times) // 2] < 0.005  # median, generous for a shared CI machine; the budget is p99 0.7 ms


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Patients with X-linked retinoschisis were studied.", "X-linked retinoschisis"),
        ("A gene for idiopathic torsion dystonia.", "idiopathic torsion dystonia"),
        ("Families with autosomal recessive ataxia.", "autosomal recessive ataxia"),
        ("Her family has breast and ovarian cancer.", "breast and ovarian cancer"),
        ("Screening for breast/ovarian cancer.", "breast/ovarian cancer"),
        ("Carriers of adenomatous polyposis coli mutations.", "adenomatous polyposis coli"),
        ("I have diabetes type 2.", "diabetes type 2"),
        ("Two boys with Wiskott-Aldrich syndrome.", "Wiskott-Aldrich syndrome"),
    ],
)
def test_a_condition_is_replaced_with_its_whole_name(text: str, span: str) -> None:
    """How it is inherited, organs joined by "and" or "/", and a tail (type II, syndrome, coli) are part of the
    name: a placeholder over half of it leaves the rest readable (issue 16's character recall)."""
    assert span in [e.text for e in find_medical(text)]


def test_the_name_does_not_grow_over_unrelated_words() -> None:
    assert [e.text for e in find_medical("I love cats and breast cancer awareness walks.")] == ["breast cancer"]
