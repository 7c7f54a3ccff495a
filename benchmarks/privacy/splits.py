"""Split the shared neutral corpus into a part rules may be tuned on and a part only reported on.

``pii-dev-neutral.jsonl`` holds NCBI-disease train + devel and WNUT-17 dev. Anything in MIST that
was fitted or adjusted while looking at text (lexicon filters, suffix rules, thresholds) was looked
at only on the *tune* part: NCBI train and the first half of WNUT-17 dev (sentences s0–s502).
Scores are reported on the *report* part: NCBI devel and the second half of WNUT-17 dev.

    .venv/bin/python benchmarks/privacy/splits.py [OUT_DIR]   # writes neutral-tune.jsonl, neutral-report.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

NEUTRAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "pii-dev-neutral.jsonl"
WNUT_TUNE_LAST = 502  # WNUT-17 dev sentences s0..s502 are the tune half, s503.. the report half


def part_of(example: dict[str, object]) -> str:
    source = str(example["source"])
    if "ncbi-disease" in source:
        return "report" if "/devel/" in source else "tune"
    sentence = int(source.rsplit("#s", 1)[1])
    return "tune" if sentence <= WNUT_TUNE_LAST else "report"


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else Path("/tmp/islandrun-splits")
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {name: (out_dir / f"neutral-{name}.jsonl").open("w", encoding="utf-8") for name in ("tune", "report")}
    counts = dict.fromkeys(files, 0)
    with NEUTRAL.open(encoding="utf-8") as lines:
        for line in lines:
            example = json.loads(line)
            part = part_of(example)
            files[part].write(line if line.endswith("\n") else line + "\n")
            counts[part] += 1
    for handle in files.values():
        handle.close()
    print(f"{out_dir}: tune {counts['tune']} texts, report {counts['report']} texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
