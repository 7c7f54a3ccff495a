"""Score MEDICAL detection on the hand-written multilingual cases of ``medical_multilingual_cases``.

    .venv/bin/python benchmarks/privacy/medical_multilingual_eval.py [--verbose]

``--classes dev|check`` scores the pharmacy, appointment, letter and claim texts instead.
``--without`` switches the multilingual matching off, for a before/after comparison.
Prints, per language and overall: expected health terms found (any overlapping MEDICAL finding),
positive prompts with at least one finding, and harmless prompts with any MEDICAL finding.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from medical_multilingual_cases import (
    CLASS_CHECK,
    CLASS_DEV,
    CLASS_HARMLESS,
    HARMLESS,
    HARMLESS_FRESH,
    POSITIVE,
    POSITIVE_FRESH,
)

from islandrun.core.privacy import medical
from islandrun.core.privacy.medical import find_medical


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="the set written after building instead")
    parser.add_argument("--classes", choices=("dev", "check"), help="pharmacy orders, appointments, letters, claims")
    parser.add_argument("--without", action="store_true", help="medical_multilingual switched off (baseline)")
    args = parser.parse_args()
    if args.without:
        medical.find_multilingual = lambda text, tokens, taken: ([], [], False)
    positive, harmless = (POSITIVE_FRESH, HARMLESS_FRESH) if args.fresh else (POSITIVE, HARMLESS)
    if args.classes:
        positive, harmless = (CLASS_DEV if args.classes == "dev" else CLASS_CHECK), CLASS_HARMLESS
    terms: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for lang, text, expected in positive:
        found = find_medical(text)
        for term in expected:
            s = text.index(term)
            e = s + len(term)
            hit = any(f.start < e and s < f.end for f in found)
            terms[lang][0] += hit
            terms[lang][1] += 1
            if args.verbose and not hit:
                print(f"MISS {lang}: {term!r} in {text!r} -> {[f.text for f in found]}")
    for lang, text in harmless:
        found = find_medical(text)
        false[lang][0] += bool(found)
        false[lang][1] += 1
        if args.verbose and found:
            print(f"FALSE {lang}: {text!r} -> {[f.text for f in found]}")
    for lang in sorted(set(terms) | set(false)):
        t, f = terms[lang], false[lang]
        print(f"{lang}: terms {t[0]}/{t[1]}  harmless flagged {f[0]}/{f[1]}")
    found_all = sum(t[0] for t in terms.values())
    total = sum(t[1] for t in terms.values())
    flagged = sum(f[0] for f in false.values())
    print(f"ALL: term recall {found_all}/{total} = {found_all / total:.3f}; harmless flagged {flagged}/{len(harmless)}")


if __name__ == "__main__":
    main()
