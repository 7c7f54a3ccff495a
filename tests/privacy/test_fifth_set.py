"""The fifth leak set (H4's tuning set, issue 16): whole request bodies through the daemon's one sanitiser.

The cases (tests/privacy/data/fifth_set/cases.jsonl) were written for the leak *classes* the third, blind set
reported by field, language and domain (elder care, IVF and pregnancy lab values, telecom and utility accounts,
therapy and counselling notes, court summonses, custody files, returns with blocked accounts, gym memberships,
payroll and sick pay, tax returns and portals, travel bookings, admissions forms, vet claims, clinical studies,
CVs, genetic reports, phone-number transfers), before anyone ran them; they are not edited to pass. Each case is
a chat request whose planted values (names of clients, family members and staff, IDs after labels in the local
language, local phone formats, street addresses, dates of birth, health terms, account, meter, membership, tax
and case numbers) sit in message content, text parts, the system prompt, tool-call arguments (strings and
numbers) or a tool result written as JSON with ``\\uXXXX`` escapes.

The request is built and searched exactly as the fourth set does it (its helpers are imported, not copied):
through :meth:`Sanitizer.sanitize_request`, the path the daemon's dispatcher uses, then every string of what
would leave, nested JSON decoded, case-insensitively, placeholders blanked out first.

The harmless prompts (fifth_set/harmless.jsonl: travel and general questions in Czech, Italian, Indonesian,
Thai, Persian, Swahili and others) must go out unchanged, at most one in twenty changed (issue 16's allowance).

Written in two batches, neither edited after its first run: the first 45 cases and 29 harmless prompts (first
run: 22 of 281 values left, 4 of 29 prompts changed), then, after that batch's fixes, 18 cases and 14 prompts whose
ids start with "b-" as a fresh check of the classes (first run: 7 of 107 values left, 3 of 14 prompts changed),
and after those fixes 13 cases and 10 prompts whose ids start with "c-" (first run: 7 of 76 values left, 1 of 10
prompts changed), then 13 cases and 10 prompts whose ids start with "d-", written for the classes those left
(condition names by Greek and Latin suffixes in Romance and Slavic languages, everyday Indonesian and Malay
ailment names, Chinese drug names by sound, dementia, Parkinson and psychiatric drugs in Arabic script, Indian
provident-fund labels, Greek questions ending in ";"; first run: 8 of 85 values left, 1 of 10 prompts changed).

Cases still leaking are strict expected failures in KNOWN_LEAKS, so the list must shrink the day one is fixed.
``python -m tests.privacy.test_fifth_set`` prints the per-field / language / domain counts (``-v``: the values).
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
    read_jsonl,
    set_summary,
)

DATA = Path(__file__).parent / "data" / "fifth_set"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")

# Cases that still leak at least one planted value (strict: a case that stops leaking must leave this list).
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        # "ممانتین" (memantine): its skeleton m-n-d-n is that of the Persian verb ماندن, so the build drops it
        "c-fa-elder-care",
    }
)


@pytest.mark.parametrize("case", case_params(CASES, KNOWN_LEAKS, "a known leak of the fifth set (see KNOWN_LEAKS)"))
def test_planted_values_do_not_leave(case: dict[str, Any]) -> None:
    assert_nothing_leaves(case)


def test_harmless_prompts_go_out_unchanged() -> None:
    assert_few_harmless_changed(HARMLESS)


def test_cases_are_well_formed() -> None:
    assert_well_formed(CASES, HARMLESS)


def summary(verbose: bool = False) -> list[str]:
    return set_summary(CASES, HARMLESS, verbose=verbose)


if __name__ == "__main__":
    import sys

    print("\n".join(summary("-v" in sys.argv)))
