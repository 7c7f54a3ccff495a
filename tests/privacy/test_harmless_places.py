"""Travel, food and geography prompts that name places go out unchanged (issue 16, places as health terms or people).

tests/privacy/data/harmless_places.jsonl holds 43 prompts in 14 languages about towns, islands, regions,
mountains, landmarks and dishes, many chosen because the name looks like something else: a medical stem
(Cefalonia/Κεφαλονιά and Cefalù for "cephal-", Cardiff, Colón, Bad Gastein), a given name (Lourdes, Adelaide,
Victor Harbor, Nazaré), lower-case travel words of the text's own language (Swahili "gani", "usiku",
"inachukua"), or a food a health lexicon could hold (lentils, chickpeas, čočka, mercimek). None of them is
about the writer or anyone they deal with. They were written before the detector was run on them and are not
edited to pass. Each goes through :meth:`Sanitizer.sanitize_request`, the daemon's one sanitiser, as
tests/privacy/test_fourth_set.py sends its harmless prompts; at most one in twenty may change.

First run (before any fix): 15 of 43 prompts changed (Cefalonia and Κεφαλονιά as health terms, chickpeas as one,
"Safari", "Cerro Alegre", "Bâlea Lac", "Cristo Redentor", "Pece", "Lysá" and lower-case "con", "ili" as people,
Salzburg, Garmisch-Partenkirchen, Kazimierzu Dolnym kept as places for want of a travel word); all 9
counter-example values found and replaced, 2 of them under another kind (KNOWN_WRONG_KIND).
After the fixes: 5 of 43 changed; 3 since the language guess learnt Italian and Portuguese word frequencies (2026-12-07
evening: it-sicilia-2 and pt-comida-3 no longer change; KNOWN_CHANGED); the 9 counter-example values all still found.

The counter-examples use the same place-like words about a person: a patient's "cefalea", a sister called
Skye, a street address in Adelaide. There the value is personal, and it must still be found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

from .test_fourth_set import assert_few_harmless_changed, changed, read_jsonl

HARMLESS: list[dict[str, str]] = read_jsonl(Path(__file__).parent / "data" / "harmless_places.jsonl")

# (text, value that must be found, its kind): place-like words, but about someone the writer deals with.
PERSONAL: list[tuple[str, str, EntityType]] = [
    (
        "Mia madre soffre di cefalea a grappolo da tre anni e il neurologo vuole cambiarle la terapia.",
        "cefalea a grappolo",
        EntityType.MEDICAL,
    ),
    ("My sister Skye Morgan lands in Glasgow on Friday, can you pick her up?", "Skye Morgan", EntityType.PERSON),
    (
        "Please send the signed lease to Florence Whitaker, 14 Victoria Road, Adelaide SA 5000.",
        "Florence Whitaker",
        EntityType.PERSON,
    ),
    (
        "Please send the signed lease to Florence Whitaker, 14 Victoria Road, Adelaide SA 5000.",
        "14 Victoria Road",
        EntityType.ADDRESS,
    ),
    (
        "Mi paciente Lourdes Pineda, de 54 años, tiene hepatitis C y empieza el tratamiento el lunes.",
        "Lourdes Pineda",
        EntityType.PERSON,
    ),
    (
        "Mi paciente Lourdes Pineda, de 54 años, tiene hepatitis C y empieza el tratamiento el lunes.",
        "hepatitis C",
        EntityType.MEDICAL,
    ),
    (
        "Unser Patient Jasper Lindqvist aus Bad Gastein hat Diabetes Typ 2 und braucht neue Teststreifen.",
        "Jasper Lindqvist",
        EntityType.PERSON,
    ),
    (
        "Mgonjwa Amani Mwakyusa kutoka Moshi ana kisukari na anahitaji dawa mpya wiki hii.",
        "Amani Mwakyusa",
        EntityType.PERSON,
    ),
    (
        "Pacientka Sněžana Horáková z Pece pod Sněžkou přijde v pondělí na kontrolu.",
        "Sněžana Horáková",
        EntityType.PERSON,
    ),
]

# Prompts that still change (exact: a prompt that stops changing must leave this list).
KNOWN_CHANGED: frozenset[str] = frozenset(
    {"en-food-3", "pt-viagem-2"}
)  # hr-putovanje-1 left on 2026-12-07 (HB): Serbo-Croatian stop words now tell its language


def test_harmless_place_prompts_go_out_unchanged() -> None:  # 2 of 43 since 2026-12-07 (HB), within 1 in 20
    assert_few_harmless_changed(HARMLESS)


def test_only_the_known_prompts_change() -> None:
    changes = {p["id"] for p in HARMLESS if changed(p)}
    assert changes == KNOWN_CHANGED, (sorted(changes - KNOWN_CHANGED), sorted(KNOWN_CHANGED - changes))


# Written after the fixes, to probe their edges: people in trip texts whose names hold a landmark or town word
# ("Lac", "Bay", "Serra", "Dolny") or who stand alone in a statement ("Kowalski will join us").
PROBES: list[tuple[str, str]] = [
    ("Which hotel in Kraków is closest to the station? Kowalski will join us from Gdańsk.", "Kowalski"),
    ("Can you book a hotel in Split for Marek Dolny and his wife?", "Marek Dolny"),
    ("Is there a ferry to Hvar on Sunday? Novak Lac and I need two tickets.", "Novak Lac"),
    ("Is the island trip worth it? Morgan Bay asked me to check the hotel.", "Morgan Bay"),
    ("We fly to Lisbon on Friday with Serra Pinto from the office. Is the beach far from the hotel?", "Serra Pinto"),
]


@pytest.mark.parametrize(("text", "value"), PROBES)
def test_people_in_trip_texts_are_still_found(text: str, value: str) -> None:
    found = [e for e in default_detector().detect(text) if e.type is EntityType.PERSON]
    assert any(value in e.text or e.text in value for e in found), [(e.type.value, e.text) for e in found]


# Values found, and so replaced, but under another kind (strict: a value found as its kind must leave this list).
KNOWN_WRONG_KIND: frozenset[str] = frozenset({"Florence Whitaker", "Jasper Lindqvist"})


@pytest.mark.parametrize(("text", "value", "kind"), PERSONAL)
def test_place_like_words_about_someone_do_not_leave(text: str, value: str, kind: EntityType) -> None:
    found = default_detector().detect(text)
    assert any(value in e.text or e.text in value for e in found), [(e.type.value, e.text) for e in found]


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        pytest.param(*p, marks=[pytest.mark.xfail(strict=True, reason="found as another kind")])
        if p[1] in KNOWN_WRONG_KIND
        else p
        for p in PERSONAL
    ],
)
def test_place_like_words_about_someone_are_found_as_their_kind(text: str, value: str, kind: EntityType) -> None:
    found = [e for e in default_detector().detect(text) if e.type is kind]
    assert any(value in e.text or e.text in value for e in found), [(e.type.value, e.text) for e in found]


def test_batch_is_well_formed() -> None:
    assert len(HARMLESS) >= 40 and len({p["lang"] for p in HARMLESS}) >= 10
    assert len({p["id"] for p in HARMLESS}) == len(HARMLESS)


def summary() -> list[str]:
    """What the detector replaces in each changed prompt (for a person reading, not a test)."""
    out = []
    for p in HARMLESS:
        if changed(p):
            found = [(e.type.value, e.text) for e in default_detector().detect(p["text"])]
            out.append(f"{p['id']}: {found}")
    return out


if __name__ == "__main__":
    print("\n".join(summary()))
