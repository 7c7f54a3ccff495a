"""Names as chat and comment text writes them, and the capitalised words that are not names.

- a rare word announced as a name ("my name is …", "call me …") or listed with a known name ("lena and
  priyanka", "Oskarsson and Thorvaldur") is a name; a capitalised given name takes a lower-case family
  name after it ("Kylie minogue");
- a brand and its product ("a Lenovo", "Xiaomi Redmi", "Canon EOS R50") is no person; a brand alone
  after "at"/"from" is someone's company;
- a question word opening a sentence ("Chi", "Perché") is not part of a name, nor a word that is common
  in one language and rare in the rest ("abril", "dalla") when the language was guessed wrong.
The texts are written for these classes, not taken from a corpus."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.names import find_names


def _people(text: str) -> list[str]:
    return [e.text for e in find_names(text) if e.type is EntityType.PERSON]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hey, my name is oluwaseun and i need help with my cv", "oluwaseun"),
        ("my name is tanvika, nice to meet you", "tanvika"),
        ("friends call me zdravko", "zdravko"),
        ("her maiden name is lindqvist", "lindqvist"),
        ("lol lena and priyanka were hilarious in that stream", "priyanka"),
        ("shoutout to marcus and dimitrije for the edit", "dimitrije"),
        ("Greetings from Oskarsson and Thorvaldur, see you soon", "Thorvaldur"),
        ("Kylie minogue was on the radio again", "Kylie minogue"),
        ("omg Sergio valdivieso just replied to me", "Sergio valdivieso"),
    ],
)
def test_chat_names(text: str, name: str) -> None:
    assert name in _people(text), find_names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is a Lenovo better than a MacBook for students?",
        "Should I buy the Xiaomi Redmi Note or wait?",
        "Which is sharper, the Canon EOS R50 or the Nikon Z50?",
        "Why does Saturn have rings?",
        "Chi ha scritto questa canzone?",
        "Perché fu processato dalla commissione?",
    ],
)
def test_no_person_here(text: str) -> None:
    assert _people(text) == [], find_names(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Voy a viajar a Valencia en abril, ¿qué me recomiendas ver?", {"abril", "ver"}),
        ("residues rich in tyrosine, serine, threonine and glycine", {"tyrosine", "threonine"}),
    ],
)
def test_words_are_not_names(text: str, words: set[str]) -> None:
    assert not words & set(_people(text)), find_names(text)


def test_a_brand_after_at_is_a_company() -> None:
    found = {e.text: e.type for e in find_names("He spent two years at Xiaomi before joining us.")}
    assert found.get("Xiaomi") is EntityType.ORGANIZATION, found


def test_a_question_word_is_cut_off_the_name() -> None:
    assert _people("Perché Galileo Galilei fu processato?") == ["Galileo Galilei"]
