"""Classes of the seventh set's leaks, written as new examples before any fix (issue 16, 2026-12-07 evening).

When the seventh (blind) leak set was opened as a tuning set, its leaks were sorted into classes (health terms in
the local language and script, names in Korean, Japanese, Perso-Arabic, Indic and Ethiopic scripts, identifiers
with letters of other scripts, numbers in tool arguments, addresses written as their country writes them). For each
class, new examples in other words and languages were written into ``tests/privacy/data/classes_seventh/`` (one
file per class family: ``*_cases.jsonl`` and ``*_harmless.jsonl``) and run once *before* the class was fixed, so the
first run of this set is a fresh check of what the fix has to generalise to; the texts are not edited afterwards.
Each file's first-run and after counts are in its history below.

Cases go through :meth:`Sanitizer.sanitize_request`, the daemon's path, exactly as the fourth set does it (its
helpers are imported, not copied). Cases that still leak are strict expected failures in KNOWN_LEAKS.
``python -m tests.privacy.test_classes_seventh`` prints the per-field / language / domain counts (``-v``: values).
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

DATA = Path(__file__).parent / "data" / "classes_seventh"
CASES: list[dict[str, Any]] = [c for f in sorted(DATA.glob("*_cases.jsonl")) for c in read_jsonl(f)]
HARMLESS: list[dict[str, str]] = [p for f in sorted(DATA.glob("*_harmless.jsonl")) for p in read_jsonl(f)]

# History (first run before any fix, then after), per file; all four written and first run on 2026-12-07 evening:
# health_*.jsonl (health terms in the local language and script, lab values, events, drugs in other scripts, religion;
#   34 cases, 65 values, 15 prompts): first run 18:53 UTC, 29 of 65 values left in 20 of 34 cases, 1 of 15 prompts
#   changed (h2-ro-luna-a-5: "luna" read as a person); after: 0 of 65 (the two religion cases since
#   special_categories.py), 1 of 15 (the same prompt).
# names_*.jsonl (Korean, spaced Japanese, Perso-Arabic, Indic, Ethiopic names, particles, role labels, short forms in
#   another turn; 24 cases, 42 values, 28 prompts): first run ~18:55 UTC, 25 of 42 values left in 18 of 24 cases,
#   1 of 28 prompts changed; after: 1 of 42 (n-pt-nickname-turn), 0 of 28.
# ids_*.jsonl (numbers in tool arguments, lettered and labelled codes, secrets by shape, local addresses; 34 cases, 42
#   values, 18 prompts): first run ~18:55 UTC, 25 of 42 values left in 23 cases, 1 of 18 prompts changed
#   (ids-h-id-kol-levels); after: 0 of 42, 1 of 18 (the same prompt, "SLIK OJK" read as a person).
# residue_*.jsonl (series+number codes, grouped reference codes, record numbers after their label, short it/pt/hr
#   prompts, name keys in JSON, Polish names and military units; 22 cases, 52 values, 16 prompts): first run 19:33 UTC,
#   10 of 52 values left in 5 of 22 cases, 8 of 16 prompts changed; after: 0 of 52, 1 of 16 (rh-en-ref-format).
# The whole set: first runs 89 of 201 values, 11 of 77 prompts; at 20:15 UTC 1 of 201, 3 of 77.

# Cases that still leak at least one planted value (strict: a case that stops leaking must leave this list).
# n-pt-nickname-turn ("duda", a Portuguese pet form of Maria Eduarda in another turn, which no suffix makes) holds since
# 2026-12-07 ~22:18 UTC: name_variants.PET_FORMS, the well-known short forms no suffix rule makes.
KNOWN_LEAKS: frozenset[str] = frozenset()


@pytest.mark.parametrize("case", case_params(CASES, KNOWN_LEAKS, "a known leak of this set (see KNOWN_LEAKS)"))
def test_planted_values_do_not_leave(case: dict[str, Any]) -> None:
    assert_nothing_leaves(case)


def test_harmless_prompts_go_out_unchanged() -> None:
    assert_few_harmless_changed(HARMLESS)


def test_cases_are_well_formed() -> None:
    assert_well_formed(CASES, HARMLESS, cases_min=30, harmless_min=15)


def summary(verbose: bool = False) -> list[str]:
    return set_summary(CASES, HARMLESS, verbose=verbose)


if __name__ == "__main__":
    import sys

    print("\n".join(summary("-v" in sys.argv)))
