"""A place, organization, public figure or medicine in a general question is public knowledge and
is not replaced; the same words about the writer or someone they deal with still are."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

GENERAL = [
    "What are the best things to see in Porto in two days?",
    "Who was Ada Lovelace and what did she write about the Analytical Engine?",
    "Is the Museo del Prado open on public holidays?",
    "How does the Toyota Production System reduce waste?",
    "Can paracetamol be taken together with ibuprofen?",
    "Wie hoch ist der Kölner Dom?",
    "Quelle est la meilleure saison pour visiter Marseille ?",
    "¿Cuántos habitantes tiene Valencia?",
    "Quando è stata fondata la FIAT?",
    "Who painted the ceiling of the Sistine Chapel?",
]
PERSONAL = [
    ("My sister moved to Porto last year; what are good neighbourhoods for her?", EntityType.LOCATION),
    ("Can you email Ada Lovelace the draft tomorrow?", EntityType.PERSON),
    ("I take ibuprofen every day for my back, is that a problem?", EntityType.MEDICAL),
    ("Wann hat mein Termin bei der Charité in Berlin begonnen?", EntityType.LOCATION),
    ("Is the patient in room 4 allergic to penicillin?", EntityType.MEDICAL),
    ("Write to Jennifer Holst: the invoice from Acme GmbH is overdue.", EntityType.PERSON),
]


@pytest.mark.parametrize("text", GENERAL)
def test_public_knowledge_in_a_general_question_is_left_alone(text: str) -> None:
    kinds = {e.type for e in default_detector().detect(text)}
    assert not kinds & {EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION, EntityType.MEDICAL}, kinds


@pytest.mark.parametrize(("text", "kind"), PERSONAL)
def test_the_same_kinds_about_someone_are_still_found(text: str, kind: EntityType) -> None:
    assert kind in {e.type for e in default_detector().detect(text)}


def test_identifying_data_anywhere_keeps_every_finding() -> None:
    text = "Where is Acme GmbH's office in Lyon? Reply to jane.roe@example.org."
    kinds = {e.type for e in default_detector().detect(text)}
    assert EntityType.EMAIL in kinds and (kinds & {EntityType.ORGANIZATION, EntityType.LOCATION})


@pytest.mark.parametrize(
    "text",
    [
        "Summarise the plot of Macbeth in four sentences.",
        "Plan a two-day walking route through Ghent.",
        "Compare the batteries of the Galaxy S24 and the Xperia 1.",
        "Recomiéndame qué ver en Granada en un día.",
        "Erkläre die Geschichte der Hanse in Lübeck.",
    ],
)
def test_requests_for_public_knowledge_are_left_alone(text: str) -> None:
    kinds = {e.type for e in default_detector().detect(text)}
    assert not kinds & {EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION}, kinds


@pytest.mark.parametrize(
    "text",
    [
        "Summarise the email from Jennifer Holst.",
        "Is Kowalski coming to the meeting on Friday?",
        "Plan my move to Ghent next month.",
    ],
)
def test_requests_about_someone_keep_their_findings(text: str) -> None:
    kinds = {e.type for e in default_detector().detect(text)}
    assert kinds & {EntityType.PERSON, EntityType.LOCATION}, kinds


def test_a_hindi_health_question_about_no_one_is_left_alone_but_not_one_about_the_writer() -> None:
    """Hindi names its subject: a question with no first person or kin word is general (Devanagari has its own
    word edges: its vowel signs are no word characters to a regex)."""
    detect = default_detector().detect
    assert detect("मधुमेह में क्या खाना चाहिए?") == []  # "what should one eat with diabetes?"
    mine = detect("मुझे मधुमेह है, मैं क्या खाऊँ?")  # "I have diabetes, what should I eat?"
    assert [(e.type, e.text) for e in mine] == [(EntityType.MEDICAL, "मधुमेह")]
