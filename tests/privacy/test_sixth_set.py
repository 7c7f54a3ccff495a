"""The sixth leak set (H2's tuning set, issue 16): whole request bodies through the daemon's one sanitiser.

The cases (tests/privacy/data/sixth_set/cases.jsonl) are realistic requests in domains and languages the fifth
set's cases did not use (school and parenting, immigration, pensions, debt collection, police reports, dental
care, pharmacy refills, disability benefits, funerals, car loans, landlord disputes, weddings, adoption, sports
injuries, addiction recovery, sexual health; Turkish, Ukrainian, Vietnamese, Malay, Dutch, Polish, Hebrew, Urdu,
Korean, Japanese, Russian, Greek, Persian, Bengali, Hungarian, Swahili, Thai, Indonesian, Spanish, English). They
were written before anyone ran them and are not edited to pass. Each case plants 4-10 values (names of clients,
family members and staff, some in lower case; IDs after labels in the local language; local phone formats and
digits; street addresses; dates of birth; health terms and drug names in the local language and script;
account, contract, case and member numbers) in message content, text parts, the system prompt, tool-call
arguments (strings and numbers) or a tool result written as JSON with ``\\uXXXX`` escapes.

The request is built and searched exactly as the fourth set does it (its helpers are imported, not copied):
through :meth:`Sanitizer.sanitize_request`, the path the daemon's dispatcher uses, then every string of what
would leave, nested JSON decoded, case-insensitively, placeholders blanked out first.

The harmless prompts (sixth_set/harmless.jsonl: travel, recipes, code and general questions in Czech, Italian,
Indonesian, Thai, Persian, Swahili and others) must go out unchanged, at most one in twenty changed.

First run, before any fix (44 cases, 25 harmless prompts): 41 of 254 planted values left (content 27/182, parts
4/19, system 3/12, tool_args 1/13, tool_args_number 2/5, tool_result_escaped 4/23), 26 cases leaking; 1 of 25
harmless prompts changed (sw-h1). After that batch's fixes, 18 cases and 10 prompts whose ids start with "b-" were
written as a fresh check of the classes (first run: 14 of 108 values left in 9 cases, 0 of 10 prompts changed).
When the third set was opened as a tuning set (2026-12-07 ~16:30 UTC), 18 cases and 8 prompts whose ids start
with "c-" were written before any fix, two or three new examples of each class its leaks showed, in other words
and languages (first run: 41 of 89 values left in 16 cases, 2 of 8 prompts changed; after: 1 of 89, 1 of 8 —
c-de-h1 names a public figure, "Lena Meyer-Landrut", and is counted as changed).
For issue 16's medication classes and allergies (2026-12-07 ~17:25 UTC), 27 cases and 14 prompts whose ids start
with "e-" were written before any fix: drug classes ("statin", "blood thinners", "Benzodiazepine", "他汀", "항응고제")
and allergy phrasing ("allergic to penicillin", "uczulenie na penicylinę") in 17 languages, and general questions
about a class (first run: 30 of 93 values left in 21 cases, 3 of 14 prompts changed: e-es-h1, e-zh-h1, e-ar-h1;
after the classes went into the vocabulary: 1 of 93 left — a name, e-zh-shequ — and 8 of 14 prompts changed, each a
medicine in a general question in a language that drops the subject, kept as an over-the-counter drug is there:
KNOWN_CHANGED). e-zh-shequ holds since 2026-12-07 ~22:08 UTC (kinship words as roles before a Chinese name;
test_classes_han_kinship.py).

Cases still leaking are strict expected failures in KNOWN_LEAKS, so the list must shrink the day one is fixed.
``python -m tests.privacy.test_sixth_set`` prints the per-field / language / domain counts (``-v``: the values).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .test_fourth_set import (
    assert_few_harmless_changed,
    assert_nothing_leaves,
    assert_well_formed,
    case_params,
    changed,
    read_jsonl,
    set_summary,
)

DATA = Path(__file__).parent / "data" / "sixth_set"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")

# Cases that still leak at least one planted value (strict: a case that stops leaking must leave this list).
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        # a Persian family name alone after "دکتر" that the name lists lack ("نادری"; Faker's fa_IR lists are short)
        "fa-addiction",
        # an Urdu given name the name lists lack, after "مریض:" ("نسرین بی بی")
        "ur-pharmacy",
        # Persian given and family names the name lists lack, after "عروس:" (bride) ("مهسا رحیمی")
        "b-fa-wedding",
        # levodopa in Hebrew: its consonant skeleton r-p-t-p is also a common Hebrew word's, so the build drops it
        "b-he-pharmacy",
        # a brand of a combination drug ("амоксиклав": amoxicillin and clavulanate), no generic key
        "b-ru-dental",
        # a Hungarian two-word term with the case ending on its second word ("csípőtáji törést"): stems match a
        # suffixed word only from its first word, and "törés" (fracture) alone is too short a stem for that
        "c-hu-rehab",
    }
)
# Harmless general questions about a medicine class that are changed because general_questions.py keeps a medicine
# in a question in languages that drop the subject ("¿Por qué los antibióticos…?", "Come agiscono le
# benzodiazepine…?") unless a general-health cue ("síntoma", "causa") is in it — as it does for an over-the-counter
# drug ("Come agisce il paracetamolo…?"). Strict too: each must leave this list the day it goes out unchanged.
# e-pt-h1 joined them on 2026-12-07 evening, when the language guess learnt to read short Portuguese text.
KNOWN_CHANGED: frozenset[str] = frozenset(
    {"e-es-h1", "e-it-h1", "e-pl-h1", "e-ru-h1", "e-ja-h1", "e-zh-h1", "e-ko-h1", "e-ar-h1", "e-pt-h1"}
)


@pytest.mark.parametrize("case", case_params(CASES, KNOWN_LEAKS, "a known leak of the sixth set (see KNOWN_LEAKS)"))
def test_planted_values_do_not_leave(case: dict[str, Any]) -> None:
    assert_nothing_leaves(case)


def test_harmless_prompts_go_out_unchanged() -> None:
    assert_few_harmless_changed([p for p in HARMLESS if p["id"] not in KNOWN_CHANGED])


@pytest.mark.xfail(strict=True, reason="a medicine in a general question, kept (see KNOWN_CHANGED)")
@pytest.mark.parametrize("prompt", [p for p in HARMLESS if p["id"] in KNOWN_CHANGED], ids=lambda p: p["id"])
def test_known_changed_prompts(prompt: dict[str, str]) -> None:
    assert not changed(prompt)


def test_cases_are_well_formed() -> None:
    assert_well_formed(CASES, HARMLESS)


def summary(verbose: bool = False) -> list[str]:
    return set_summary(CASES, HARMLESS, verbose=verbose)


if __name__ == "__main__":
    import sys

    print("\n".join(summary("-v" in sys.argv)))
