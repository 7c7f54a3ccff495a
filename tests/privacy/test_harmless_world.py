"""Harmless prompts in many languages go out unchanged (helper HC's set, issue 16: "precision by design").

tests/privacy/data/harmless_world/*.jsonl holds 179 realistic requests with nothing personal in them, in 56
languages and scripts (Western, Nordic and Central European languages; Slavic in Latin and Cyrillic script; the
Baltic languages; Turkic, Persian, Arabic, Hebrew; Indic, Southeast Asian and CJK; Swahili, Yoruba, Hausa, Amharic,
Zulu; and Latin-script languages MIST has little vocabulary for: Albanian, Basque, Welsh, Icelandic, Maltese,
Tagalog, Malagasy, Estonian, Irish). Their kinds: code questions with identifiers and stack traces, products and
versions, recipes, travel (cities, landmarks, trains, airlines), history and public figures in a general question,
sport, medicine and law as general knowledge, homework, songs and films, weekdays, years, times, prices and units,
greetings without a name; and ``fields.jsonl``: the same kind of request in other fields than the content (a system
prompt, tool definitions with descriptions and enums, tool arguments such as ``{"city": "Lyon"}``, a tool result,
stop sequences).

Each request is built and judged as tests/privacy/test_fields_set.py builds and judges its harmless bodies (its
helpers are imported, not copied): through :meth:`Sanitizer.sanitize_request`, the daemon's one sanitiser, and a
body counts as changed when anything in what would leave differs. At most one in twenty may change.

History (the texts were written before the detector was run on them, and are not edited afterwards):
- first run, 2026-12-07 ~22:08 UTC, before any fix: **62 of 179 changed** (35 %), 133 values replaced: PERSON 104,
  LOCATION 10, MEDICAL 8, DATE 6, ORGANIZATION 3, ID 2. By class: capitalised first words and lower-case words of
  Latin-script languages MIST has no word list for, read as English (Estonian, Albanian, Basque, Welsh, Icelandic,
  Maltese, Malagasy, Yoruba, Hausa, Zulu, Irish, Lithuanian, Latvian, Danish, Finnish: 27 prompts); structured
  fields read without their sentence (tool arguments ``{"city": "Lyon"}``, enums of mountains, a tool description,
  stop tags, a flight search's date: 11 of 20); public figures and medicines in general questions in other
  languages; products (Spring Boot, ITA Airways), holidays (Kurban Bayramı), titles (The Godfather films), a
  traceback's ``File`` line, an Oracle error code, "250 grams" after the Spanish label CUPS, "March 2025";
- after the fixes (language.UNDETERMINED and wordfreq's other Latin-script lists, public_fields.py, brand titles,
  month-years and "a Friday" as dependent dates, general-health and fame words in more languages, quoted titles,
  Turkic and Albanian trips, error codes, units, holidays, works after "The", traceback frames, Maltese, Azerbaijani,
  Yoruba and Estonian letters, scene roles in stop tags): **8 of 179** (4.5 %), KNOWN_CHANGED below.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.sanitize import Sanitizer
from islandrun.core.privacy.vault import VaultStore

from .test_fields_set import changed, harmless_request
from .test_fourth_set import _detector, read_jsonl

DATA = Path(__file__).parent / "data" / "harmless_world"
HARMLESS: list[dict[str, Any]] = [p for f in sorted(DATA.glob("*.jsonl")) for p in read_jsonl(f)]

# Prompts still changed (exact: one that goes out unchanged must leave this set). Why each:
# hw-yo-history-1: "Ilé" of "Ọ̀yọ́ Ilé" (the Yoruba combining tone marks split the words), a given name elsewhere;
# hw-ha-recipe-1: Hausa with no letter of its own read as Italian ("da", "a"), "ake dafa" a lower-case name;
# hw-ga-travel-1: Irish read as English ("is", "le", "go", "an" are English words), its places as people;
# hw-kk-school-1: "Абай Құнанбайұлы" in a question about his works (names_central_asian.py, another helper's);
# hw-it-travel-1: "Italo da Milano": the train Italo and the route's first end joined into one name;
# hw-sr-cyr-2: "Новог Сада" (Novi Sad in the genitive) read as a name (names_south_slavic.py, another helper's);
# hw-et-travel-1: "Kas Tallinnast Helsingisse": a question word joined to two inflected places, "Viking Line'i";
# hw-et-recipe-1: "Anna täpsed kogused." (give the exact amounts): the given name Anna opening a sentence.
KNOWN_CHANGED: frozenset[str] = frozenset(
    {
        "hw-yo-history-1",
        "hw-ha-recipe-1",
        "hw-ga-travel-1",
        "hw-kk-school-1",
        "hw-it-travel-1",
        "hw-sr-cyr-2",
        "hw-et-travel-1",
        "hw-et-recipe-1",
    }
)

# (text, value that must still be found): the same classes about someone.
PERSONAL: list[tuple[str, str]] = [
    ("Mari Tamm elab Tartus ja tema telefon on +372 5123 4567, palun helista talle homme.", "Tamm"),
    ("Pacienti Arben Hoxha nga Tirana ka diabet dhe merr insulinë çdo ditë.", "Arben Hoxha"),
    ("Mae Siân Roberts yn byw yng Nghaerdydd ac mae ganddi apwyntiad ddydd Llun.", "Siân Roberts"),
    ("Bolnik Janez Novak je bil sprejet v bolnišnico zaradi pljučnice.", "Janez Novak"),
    ("Ngozi Okonkwo ni mgonjwa wetu, amelazwa hospitalini tangu jana.", "Ngozi Okonkwo"),
    ("My colleague Ramazan Bayram called about the invoice.", "Ramazan Bayram"),
    ("Started metformin in June 2023 after the diagnosis.", "June 2023"),
    ('Translate "I have diabetes and asthma" into German.', "diabetes"),
    ("Policy number POL-2023-884512 belongs to our client.", "POL-2023-884512"),
    ("Mein Kollege Jacques Brel singt am Freitag auf der Weihnachtsfeier.", "Jacques Brel"),
]


def test_the_set_is_well_formed() -> None:
    assert len(HARMLESS) >= 150 and len({p["id"] for p in HARMLESS}) == len(HARMLESS)
    assert len({p["lang"] for p in HARMLESS}) >= 35
    assert {"system", "tools", "tool_args", "tool_result", "stop"} <= {p["kind"] for p in HARMLESS}


def test_at_most_one_in_twenty_changes() -> None:
    changes = [p["id"] for p in HARMLESS if changed(p)]
    assert len(changes) * 20 <= len(HARMLESS), f"{len(changes)} of {len(HARMLESS)} changed: {changes}"


def test_only_the_known_prompts_change() -> None:
    changes = {p["id"] for p in HARMLESS if changed(p)}
    assert changes == KNOWN_CHANGED, (sorted(changes - KNOWN_CHANGED), sorted(KNOWN_CHANGED - changes))


@pytest.mark.parametrize(("text", "value"), PERSONAL)
def test_the_same_classes_about_someone_are_still_found(text: str, value: str) -> None:
    found = _detector().detect(text)
    assert any(value in e.text or e.text in value for e in found), [(e.type.value, e.text) for e in found]


def _booking(arguments: dict[str, Any]) -> str:
    """The tool-call arguments as they would leave, for a request whose user turn says nothing."""
    call = {"id": "c1", "type": "function", "function": {"name": "book", "arguments": json.dumps(arguments)}}
    messages = (
        {"role": "user", "content": "Book it."},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"},
    )
    done = Sanitizer(_detector(), VaultStore()).sanitize_request("booking", ChatPayload(messages))
    return str(done.payload.messages[1]["tool_calls"][0]["function"]["arguments"])


def test_structured_places_and_dates_are_replaced_in_a_request_about_someone() -> None:
    assert "Kraków" in json.loads(_booking({"city": "Kraków", "date": "2025-03-04"})).values()  # about no one
    sent = json.loads(_booking({"city": "Kraków", "checkin": "2025-03-04", "guest": "Ngozi Okonkwo"}))
    assert not {"Kraków", "2025-03-04", "Ngozi Okonkwo"} & set(sent.values()), sent


def replaced(prompt: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, text) of every value replaced in the prompt's fields, for a person reading."""
    done = Sanitizer(_detector(), VaultStore()).sanitize_request(prompt["id"], harmless_request(prompt))
    return sorted((done.vault.kind_of(ph) or "?", value) for ph, value in done.vault.originals())


def summary() -> list[str]:
    """The prompts that change, with what was replaced in them (for a person reading, not a test)."""
    out = []
    kinds: Counter[str] = Counter()
    for p in HARMLESS:
        if changed(p):
            found = replaced(p)
            kinds.update(k for k, _ in found)
            out.append(f"  {p['id']}: {found}")
    out.insert(0, f"changed: {len(out)} of {len(HARMLESS)}; kinds: {dict(kinds)}")
    return out


if __name__ == "__main__":
    print("\n".join(summary()))
