"""Chinese names after a kinship word, and Chinese drug names by their stem (issue 16, 2026-12-07 late evening).

The sixth set's last known leak (e-zh-shequ, "我父亲王建国在服用他汀类药物…") has two classes: a full name after a
kinship word (父亲, 妈妈, 女儿 …) whose given part is also a word (建国 "found the nation"), and a drug found by its
stem whose span ran back over the characters before it ("国在服用他汀"), so it happened to cover one character of the
name and none of the drug's context was right. New examples of both, in other words, were written into
``data/classes_han_kinship/`` and run once before the fix; the texts are not edited afterwards. Cases go through
:meth:`Sanitizer.sanitize_request`, the daemon's path (the fourth set's helpers, imported).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .class_file import class_file_tests
from .test_fourth_set import read_jsonl

DATA = Path(__file__).parent / "data" / "classes_han_kinship"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")

# History: written and first run ~22:06 UTC (HEAD 5d6ba17): 1 of 18 values left (孙浩然 after 我儿子: 浩然 is a word)
# in 1 of 8 cases, and every drug span but one ran back over the characters before it ("服用二甲双胍", "在吃阿莫西林");
# 3 of 6 prompts changed ("看地平" read as a drug stem; 他汀类 and 青霉素 in general questions). After (ner_han.py's
# kinship words as roles, medical_multilingual.py's _HAN_NOT_DRUG): 0 of 18 values, 2 of 6 prompts, the two below.
KNOWN_LEAKS: frozenset[str] = frozenset()
# General questions about a medicine in Chinese: the sixth set's KNOWN_CHANGED class (e-zh-h1), not fixed here.
KNOWN_CHANGED: frozenset[str] = frozenset({"kh-zh-statins", "kh-zh-penicillin"})


test_planted_values_do_not_leave, test_harmless_prompts_go_out_unchanged, test_known_changed_prompts = class_file_tests(
    CASES, HARMLESS, KNOWN_LEAKS, KNOWN_CHANGED
)
