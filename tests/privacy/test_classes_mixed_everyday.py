"""Everyday requests in ten languages, written as new examples before any fix (issue 16, 2026-12-07 late evening).

After the Japanese, Korean and Vietnamese files, twelve new requests in Arabic, Turkish, Thai, Indonesian, Swahili,
Russian, Persian, French and Spanish (a clinic, a lease, HR, a heart operation, a sick child, a loan form, TB, a
complaint about a neighbour, a booking tool, a visa invitation, a lawyer's letter, a brother's illness over two
turns) and nine harmless prompts were written into ``data/classes_mixed_everyday/`` and run once before any fix;
the texts are not edited afterwards. Cases go through
:meth:`Sanitizer.sanitize_request`, the daemon's path (the fourth set's helpers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .class_file import class_file_tests
from .test_fourth_set import read_jsonl

DATA = Path(__file__).parent / "data" / "classes_mixed_everyday"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")

# History: written and first run ~22:20 UTC (HEAD 6a5b770): 8 of 52 values left in 6 of 12 cases, 2 of 9 prompts
# changed. Fixed by class: a lessor as a form label (ner_labels.py: المؤجر, Vermieter, 임대인 …), a specialist someone
# sees in English and a Russian booking verb (medical_setting.py: "my psychiatrist", "запиши … к психиатру"), the
# well-known short forms of given names (name_variants.PET_FORMS: Ignacio → Nacho). After: 5 of 52 in the 3 cases below,
# the same 2 prompts.
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        "mx-tr-hr",  # "doğum izni" (maternity leave, which tells a pregnancy): no leave word is a health term yet
        # a drug brand MIST has no word for (Beloc), and a doctor's name dropped as if in a general question: the
        # request "…mesaj taslağı hazırlar mısın?" has no first-person word in its sentence (Turkish drops it)
        "mx-tr-saglik",
        # a teacher named by her title ครู and given name, and a hospital's name after โรงพยาบาล: no Thai rule for either
        "mx-th-school",
    }
)
# "Nani" (Swahili "who") opening a question read as a name; Mendeleev in a question about his periodic table
KNOWN_CHANGED: frozenset[str] = frozenset({"mxh-sw-history", "mxh-ru-science"})


test_planted_values_do_not_leave, test_harmless_prompts_go_out_unchanged, test_known_changed_prompts = class_file_tests(
    CASES, HARMLESS, KNOWN_LEAKS, KNOWN_CHANGED
)
