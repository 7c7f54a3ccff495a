"""Japanese requests of everyday life, written as new examples before any fix (issue 16, 2026-12-07 late evening).

The eighth (blind) leak set's per-language counts showed Japanese values still leaving (3 of 16); which ones was not
looked at. Twelve new requests (care home, moving, insurance, My Number, school, harassment, a booking tool, a
clinic's system prompt, a foreign resident's card, a multi-turn talk, a bank transfer, a colleague's chat) and eight
harmless prompts were written into ``data/classes_japanese/`` and run once before any fix; the texts are not edited
afterwards. Cases go through :meth:`Sanitizer.sanitize_request`, the daemon's path (the fourth set's helpers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .class_file import class_file_tests
from .test_fourth_set import read_jsonl

DATA = Path(__file__).parent / "data" / "classes_japanese"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")

# History: written and first run ~22:10 UTC (HEAD c9b975d): 10 of 38 values left in 7 of 12 cases (a given name after
# 息子の / 妹の, a surname before さん that is also a place, a care home and a company by name, a flat's building and
# room, a katakana name joined by ・ before さん, a bank account after 普通, a katakana drug brand), 2 of 8 prompts
# changed. After ja_forms.py: 1 of 38 (the brand, below), the same 2 prompts.
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        # "デュピクセントの次回注射": a katakana drug brand MIST has no word for, no form word (錠, 注射液) after it
        "j-ja-system",
    }
)
# 花粉症 in a general question about medicines (the sixth set's KNOWN_CHANGED class, a medicine in a question in a
# language that drops the subject); 大谷翔平, a public figure, in a request about his season.
KNOWN_CHANGED: frozenset[str] = frozenset({"jh-ja-kafunsho", "jh-ja-ohtani"})


test_planted_values_do_not_leave, test_harmless_prompts_go_out_unchanged, test_known_changed_prompts = class_file_tests(
    CASES, HARMLESS, KNOWN_LEAKS, KNOWN_CHANGED
)
