"""Everyday requests in European languages, Urdu and Hindi, written as new examples before any fix (issue 16).

Twelve new requests in German, Italian, Polish, Dutch, Portuguese, Greek, Czech, Romanian, Hungarian, Ukrainian,
Urdu and Hindi (a care service, a condominium, a school absence, a housing objection, a bank letter for a father with
Alzheimer's, a clinic, a benefits office, a hospital, HR, a family doctor, a loan) and eight harmless prompts were
written into ``data/classes_europe_more/`` and run once before any fix; the texts are not edited afterwards. Cases go
through :meth:`Sanitizer.sanitize_request`, the daemon's path (the fourth set's helpers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .class_file import class_file_tests
from .test_fourth_set import read_jsonl

DATA = Path(__file__).parent / "data" / "classes_europe_more"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")

# History: written and first run ~22:26 UTC (HEAD 4d0489e): 8 of 50 values left in 6 of 12 cases, 0 of 8 prompts
# changed. Fixed by class: drug names the source lists only by their US name (salbutamol, adrenaline, thyroxine …:
# an INN supplement in medical_build_drug_keys.py), Greek β and ου in drug names, an Urdu title before a name that
# a postposition closes (regional_names.py), clinical Latin by its head (medical_heads.py: "Ulcus cruris"). After:
# 5 of 50 in 4 cases, 0 of 8 prompts. Then names in an oblique case after a kin word or a title in Greek, Russian and
# Ukrainian (names_kin_titles.py: "у мого сина Богдана", "τον κ. Παναγιώτη Κωνσταντινίδη"): 3 of 50 in the 2 cases
# below.
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        "eu-cs-urad",  # "roztroušené skleróze": a two-word Czech term with a case ending on both words
        "eu-hu-munka",  # a three-part Hungarian name after "a kollégám," and "gerincsérv" (a compound) with -et
    }
)
KNOWN_CHANGED: frozenset[str] = frozenset()


test_planted_values_do_not_leave, test_harmless_prompts_go_out_unchanged, test_known_changed_prompts = class_file_tests(
    CASES, HARMLESS, KNOWN_LEAKS, KNOWN_CHANGED
)
