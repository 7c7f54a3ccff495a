"""Classes of the eighth set's weakest languages, written as new examples before any fix (issue 16, helper HB).

The eighth (blind) leak set is known here only by counts: planted values reached a lower-trust island in 4 of 10
Kazakh, 3 of 9 Serbian and 3 of 8 Hebrew requests, and in one Uzbek microcredit request. Its texts were never read.
For those languages and their neighbours (Kazakh in Cyrillic and in the new Latin alphabet, Kyrgyz, Uzbek in Latin
and Cyrillic, Tajik; Serbian in both scripts, Bosnian, Montenegrin, Macedonian; Hebrew with and without niqqud, names
behind the one-letter prefixes ל/ב/ה/ו/ש/מ) new requests were written into ``tests/privacy/data/classes_kk_sr_he/``
(``names_*``, ``values_*``, ``health_*``, and ``fresh_*`` written after the first round of fixes: ``*_cases.jsonl``
and ``*_harmless.jsonl``) and run once *before* the fixes they measure;
the texts are not edited afterwards. Kinds: names with patronymics (-ұлы/-қызы, -ович/-овна), -ов/-ева and -ić/-ović
family names, Hebrew given + family names; addresses with their street, house and flat words (көшесі, үй, пәтер,
ulica, бр., רחוב, דירה) and postcodes; IDs with their checksums (Kazakh IIN, JMBG/EMBG, Israeli ID), passports,
IBANs (KZ, RS, ME, MK, IL), phones (+7 7xx, +996, +998, +381, +387, +382, +389, +972, 05x); dates of birth with the
languages' month names; health terms; microcredit requests (initials, amounts under tool-argument keys).

Cases go through :meth:`Sanitizer.sanitize_request`, the daemon's path, built as the fields set builds them (its
helpers are imported), plus the message ``name`` field; what would leave is judged by the rule every leak set uses
(:mod:`.leak_rule`). Cases that still leak are strict expected failures in KNOWN_LEAKS.
``python -m tests.privacy.test_classes_kk_sr_he`` prints the per-field / language / domain counts (``-v``: values).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .test_fields_set import _body, _sanitized, leaked
from .test_fields_set import build as request  # a `name` segment: a user turn with the name field
from .test_fourth_set import (
    _wire_texts,
    case_params,
    changed,
    read_jsonl,
    set_summary,
)

DATA = Path(__file__).parent / "data" / "classes_kk_sr_he"
CASES: list[dict[str, Any]] = [c for f in sorted(DATA.glob("*_cases.jsonl")) for c in read_jsonl(f)]
HARMLESS: list[dict[str, str]] = [p for f in sorted(DATA.glob("*_harmless.jsonl")) for p in read_jsonl(f)]

# History (first run before any fix, then after), per file; all three written and first run on 2026-12-07:
# names_*.jsonl (17 cases, 40 values, 12 prompts): first run 21:58 UTC, 2 of 40 values left in 2 of 17 cases (a given
#   name behind a prefix in another turn, a name with niqqud), 5 of 12 prompts changed (public figures, place names,
#   Kazakh Latin words read as names).
# values_*.jsonl (19 cases, 83 values, 11 prompts): first run 21:58 UTC, 10 of 83 values left in 8 of 19 cases
#   (addresses with үй/пәтер and стан, JMBG and IIN without their label's checksum rule, month-name dates in
#   Kazakh, Serbian and Hebrew, a passport number), 2 of 11 prompts changed.
# health_*.jsonl (18 cases, 48 values, 12 prompts): first run 21:58 UTC, 18 of 48 values left in 14 of 18 cases,
#   1 of 12 prompts changed.
# The whole set: first run 30 of 171 values in 24 of 54 cases, 8 of 35 prompts changed.
# fresh_*.jsonl (14 cases, 52 values, 12 prompts), written after the first round of fixes as a fresh check of the
#   classes (other people, other forms, the same languages) and run once before any further change: 22:07 UTC, 3 of
#   52 values left in 3 of 14 cases (heart failure in Kazakh Latin and Uzbek Cyrillic, a caesarean section in
#   Bosnian), 4 of 12 prompts changed ("Ұлы Отан соғысы", Amir Temur, "Тошкентдан Хивага", "Св. Кирил и Методиј").
# After (2026-12-07 night): names 0 of 40, 0 of 12 prompts; values 0 of 83, 0 of 11; health 0 of 48, 0 of 12; fresh 0
#   of 52, 0 of 12 (its three health terms added by class: heart failure and caesarean section in every language of
#   the set); the whole set 0 of 223 values, 1 of 47 prompts (nh-sr-djokovic, KNOWN_CHANGED).

# Cases that still leak at least one planted value (strict: a case that stops leaking must leave this list).
KNOWN_LEAKS: frozenset[str] = frozenset()
# Harmless prompts still changed (exact: a prompt fixed must leave the list, a new one fails): a public figure whose
# sentence ends at the Serbian ordinal "2023." (the question mark falls in the next "sentence"), so the question rule
# never sees his question.
KNOWN_CHANGED: frozenset[str] = frozenset({"nh-sr-djokovic"})


@pytest.mark.parametrize("case", case_params(CASES, KNOWN_LEAKS, "a known leak of this set (see KNOWN_LEAKS)"))
def test_planted_values_do_not_leave(case: dict[str, Any]) -> None:
    lost = leaked(case)
    assert not lost, f"{len(lost)} planted value(s) would leave, in fields {sorted({f for f, _ in lost})}"


def test_harmless_prompts_go_out_unchanged() -> None:
    changes = {p["id"] for p in HARMLESS if changed(p)}
    assert changes == KNOWN_CHANGED, (
        f"changed: {sorted(changes - KNOWN_CHANGED)}, fixed: {sorted(KNOWN_CHANGED - changes)}"
    )


def test_cases_are_well_formed() -> None:
    """Every planted value is in its request, and the set has the fields and languages its brief asks for."""
    for case in CASES:
        texts = [t.casefold() for t in _wire_texts(_body(request(case)))]
        missing = [v for s in case["segments"] for v in s["planted"] if not any(v.casefold() in t for t in texts)]
        assert not missing, f"{case['id']}: planted values not in the request: {missing}"
    for case in CASES:
        for s in case["segments"]:
            if s["field"] == "name":
                sent = [m for m in request(case).messages if m.get("name") == s["name"]]
                assert sent, f"{case['id']}: no message carries the name field"
    assert len(CASES) >= 40 and len(HARMLESS) >= 30
    assert {c["lang"] for c in CASES} >= {"kk", "ky", "uz", "tg", "sr", "bs", "cnr", "mk", "he"}
    assert {s["field"] for c in CASES for s in c["segments"]} >= {
        "content", "parts", "system", "tool_args", "tool_args_number", "tool_result_escaped", "multi_turn", "name"
    }  # fmt: skip


def summary(verbose: bool = False) -> list[str]:
    return set_summary(CASES, HARMLESS, verbose=verbose, leaked_of=leaked)


def _dump(path: str) -> None:
    """Every case's request as it would leave (for a person reading: ``--dump FILE``)."""
    with open(path, "w", encoding="utf-8") as out:
        for case in CASES:
            sent = json.loads(_body(_sanitized(case["id"], request(case))))
            out.write(json.dumps({"id": case["id"], "sent": sent}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    import sys

    if "--dump" in sys.argv:
        _dump(sys.argv[sys.argv.index("--dump") + 1])
    print("\n".join(summary("-v" in sys.argv)))


def test_a_month_german_or_english_writes_is_left_to_the_dates_module_in_their_text() -> None:
    """The seventh set's harmless "…am 9. November 1989 beim Fall der Berliner Mauer?" was replaced by this family's
    date rule (November is also a South Slavic spelling); in a Bosnian sentence "12. april 1987" is still a date."""
    from islandrun.core.privacy.detector import Detector

    detector = Detector()
    history = "Welche Rolle spielte Schabowskis Pressekonferenz am 9. November 1989 beim Fall der Berliner Mauer?"
    assert not [e for e in detector.detect(history) if e.type.name == "DATE"]
    born = "Rođen sam 12. april 1987. u Tuzli."
    assert any(e.type.name == "DATE" and e.text == "12. april 1987" for e in detector.detect(born))
