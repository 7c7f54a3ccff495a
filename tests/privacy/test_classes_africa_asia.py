"""Everyday requests in African and South Asian languages, written as new examples before any fix (issue 16).

Twelve new requests in Amharic, Somali, Hausa, Yoruba, Zulu, Afrikaans, Malay, Tagalog, Bengali, Tamil, Gujarati and
Nepali (a clinic, a remittance, a hospital, a school, a lease, a loan, a bank, insurance) and ten harmless prompts
were written into ``data/classes_africa_asia/`` and run once before any fix; the texts are not edited afterwards.
Cases go through :meth:`Sanitizer.sanitize_request`, the daemon's path (the fourth set's helpers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .class_file import class_file_tests
from .test_fourth_set import read_jsonl

DATA = Path(__file__).parent / "data" / "classes_africa_asia"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")

# History: written and first run ~22:37 UTC (HEAD 77194f6, helpers HB's and HC's work not yet in it): 9 of 50 values
# left in 6 of 12 cases, 4 of 10 prompts changed (every capitalised word of a Somali, Hausa, Zulu or Afrikaans text
# read as a name). Fixed by class: the commonest conditions in Somali, Hausa, Yoruba, Igbo, Zulu, Xhosa, Afrikaans
# and Amharic (medical_multilingual.txt) and Nepali (medical_indic.txt); drug names by skeleton in Gujarati, Bengali
# and Odia text (indic_south_health.py); a Gujarati honorific or case ending written onto a name (રમેશભાઈ પટેલને);
# South Africa's ID number by its checksum after "ID" (patterns.py); a short text (3 to 5 lower-case words) that no
# word list knows half of is of no known language (language.py), where HC's rules for such text apply. After (on
# ef59709, with HB's and HC's work): 4 of 50 in the 4 cases below, 1 of 10 prompts.
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        # "hooyadeen Faadumo": a lone capitalised name mid-sentence in a text no word list knows; taking such words
        # (as in English) also took "Soomaaliya" and "Yomhlaba" in harmless questions, so it was left out
        "aa-so-xawaalad",
        "aa-zu-umtholampilo",  # "unesifo sikashukela": Zulu writes its prefixes onto the noun (u-ne-sifo)
        "aa-af-huur",  # the planted ID number fails South Africa's checksum (the writer's slip); a valid one is found
        "aa-gu-vima",  # એસ્પિરિન (aspirin): a skeleton of four consonants is too short to tell from everyday words
    }
)
KNOWN_CHANGED: frozenset[str] = frozenset({"aah-af-braai"})  # "Hoe maak …": Afrikaans read as German


test_planted_values_do_not_leave, test_harmless_prompts_go_out_unchanged, test_known_changed_prompts = class_file_tests(
    CASES, HARMLESS, KNOWN_LEAKS, KNOWN_CHANGED
)
