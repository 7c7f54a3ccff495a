"""Harmless general-knowledge prompts go out unchanged (issue 16, "Precision by design").

tests/privacy/data/harmless_general.jsonl holds 73 prompts in 20 languages of one class: questions about
history, literature, science, art, travel, food, vehicles, brands and sport that name famous people (by full
and by single name), events with their years, works and their authors, cities, islands, landmarks, dishes and
products. None of them is about the writer or anyone they deal with, so none of those names is personal data.
They were written before the detector was run on them and are not edited to pass (first run: 22 of 73
changed, after the fixes 7). Each goes through :meth:`Sanitizer.sanitize_request`, the daemon's
one sanitiser, as tests/privacy/test_fourth_set.py sends its harmless prompts; at most one in twenty may
change.

The counter-examples below use the same famous names with personal context (my/our, a patient, a client,
contact data, an address, a date of birth): there the name is someone's, and it must still be replaced.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

from .test_fourth_set import assert_few_harmless_changed, changed, read_jsonl

HARMLESS: list[dict[str, str]] = read_jsonl(Path(__file__).parent / "data" / "harmless_general.jsonl")

# (text, value that must be found, its kind): famous names, but about someone the writer deals with.
PERSONAL: list[tuple[str, str, EntityType]] = [
    (
        "My neighbour Copernicus Kowalski borrowed our ladder and has not returned it.",
        "Copernicus Kowalski",
        EntityType.PERSON,
    ),
    ("Patient Hamlet Jones, born 1961, reports chest pain since Monday.", "Hamlet Jones", EntityType.PERSON),
    (
        "Mein Kollege Walter Ulbricht hat morgen Geburtstag, schreib ihm bitte eine Karte.",
        "Walter Ulbricht",
        EntityType.PERSON,
    ),
    (
        "Il mio cliente Renzo Tramaglino abita in via Manzoni 12 a Lecco, mandagli la fattura.",
        "Renzo Tramaglino",
        EntityType.PERSON,
    ),
    (
        "Skicka ett mejl till Astrid Lindgren på astrid.lindgren@example.se om mötet på fredag.",
        "Astrid Lindgren",
        EntityType.PERSON,
    ),
    ("Mój sąsiad Mikołaj Kopernik mieszka przy ul. Długiej 5 w Toruniu.", "Mikołaj Kopernik", EntityType.PERSON),
    ("Mi paciente Pablo Picasso, nacido el 3/4/1961, tiene diabetes tipo 2.", "Pablo Picasso", EntityType.PERSON),
    (
        "Ma cliente Claude Monet m'a écrit hier : elle attend toujours son remboursement.",
        "Claude Monet",
        EntityType.PERSON,
    ),
    ("I have been taking ibuprofen for my knee since the hip surgery.", "ibuprofen", EntityType.MEDICAL),
    # added with the fixes: the new signs of public knowledge (an old year, an era, a quoted title) beside a
    # person the writer deals with
    (
        "Our resident Maria Nowak, born 1938, asked who the great painters of the Renaissance were.",
        "Maria Nowak",
        EntityType.PERSON,
    ),
    (
        "Kannst du meiner Tante Gertrud Schabowski erklären, was am 9. November 1989 geschah?",
        "Gertrud Schabowski",
        EntityType.PERSON,
    ),
    (
        'Please invite Leonardo Rossi to read "Il nome della rosa" with the book club on Friday.',
        "Leonardo Rossi",
        EntityType.PERSON,
    ),
]


def test_the_batch_is_well_formed() -> None:
    assert len(HARMLESS) >= 70 and len({p["id"] for p in HARMLESS}) == len(HARMLESS)
    assert len({p["lang"] for p in HARMLESS}) >= 12


# Prompts still changed after the fixes (strict: one that goes out unchanged must leave this list). Why each:
# en-science-1, en-brands-1, ru-science-1: a public figure in a question with no sign of one ("Photo 51",
# "introduce the first iPhone", "составил таблицу"); en-travel-1: "Skye" is also a given name; pt-travel-1:
# "Cristo Redentor", a landmark no place list holds; en-food-1: "pie" is also a given name (lower-case finder).
# (sv-brands-1 left the list when Swedish gained its stop words "i", "den", "när" …: it was taken for English.)
KNOWN_CHANGED: frozenset[str] = frozenset(
    {"en-science-1", "en-brands-1", "ru-science-1", "en-travel-1", "pt-travel-1", "en-food-1"}
)


@pytest.mark.xfail(strict=True, reason="6 of 73 still change (KNOWN_CHANGED); the limit is 1 in 20")
def test_harmless_general_questions_go_out_unchanged() -> None:
    assert_few_harmless_changed(HARMLESS)


def test_only_the_known_prompts_change() -> None:
    changes = {p["id"] for p in HARMLESS if changed(p)}
    assert changes == KNOWN_CHANGED, (sorted(changes - KNOWN_CHANGED), sorted(KNOWN_CHANGED - changes))


@pytest.mark.parametrize(("text", "value", "kind"), PERSONAL)
def test_famous_names_about_someone_are_still_found(text: str, value: str, kind: EntityType) -> None:
    found = [e for e in default_detector().detect(text) if e.type is kind]
    assert any(value in e.text or e.text in value for e in found), [(e.type.value, e.text) for e in found]


def summary() -> list[str]:
    """The prompts that change (for a person reading, not a test)."""
    return [p["id"] for p in HARMLESS if changed(p)]


if __name__ == "__main__":
    out = summary()
    print(f"changed: {len(out)} of {len(HARMLESS)}: {', '.join(out)}")
