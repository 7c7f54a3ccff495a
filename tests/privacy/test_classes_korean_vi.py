"""Korean and Vietnamese requests of everyday life, written as new examples before any fix (issue 16, 2026-12-07 late).

After the Japanese file (test_classes_japanese.py) found a quarter of its values leaving, twelve new requests in
Korean and Vietnamese (care home, moving, insurance, resident number, school, a booking tool, rent, workplace
harassment; a clinic, a new address, a loan form, a sick child) and eight harmless prompts were written into
``data/classes_korean_vi/`` and run once before any fix; the texts are not edited afterwards. Cases go through
:meth:`Sanitizer.sanitize_request`, the daemon's path (the fourth set's helpers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .class_file import class_file_tests
from .test_fourth_set import read_jsonl

DATA = Path(__file__).parent / "data" / "classes_korean_vi"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")

# History: written and first run ~22:14 UTC (HEAD afd4155): 6 of 37 values left in 6 of 12 cases (a Korean care home,
# clinic and company by name, a flat's floor and room, a Vietnamese doctor's name after "bác sĩ" with an uncommon
# family name, an account number after "tài khoản Vietcombank"), 0 of 8 prompts changed. After ko_forms.py,
# vi_values.py and ner_surnames.py's Vietnamese titles and middle names: 0 of 37, 0 of 8.
KNOWN_LEAKS: frozenset[str] = frozenset()
KNOWN_CHANGED: frozenset[str] = frozenset()


test_planted_values_do_not_leave, test_harmless_prompts_go_out_unchanged, test_known_changed_prompts = class_file_tests(
    CASES, HARMLESS, KNOWN_LEAKS, KNOWN_CHANGED
)
