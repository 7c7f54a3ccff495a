"""MEDICAL finder alone on a labelled JSONL corpus: recall, precision, timing, load cost, and the
time for one 500-character prompt.

    .venv/bin/python benchmarks/privacy/medical_eval.py /tmp/islandrun-splits/neutral-tune.jsonl [--misses N]

Recall: gold MEDICAL spans overlapped by some MEDICAL finding. Precision: findings that overlap a
gold MEDICAL span, over findings in texts whose source labels MEDICAL (others are ignored).
``--misses`` prints missed gold and wrong findings: use it on the tune split only.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from pathlib import Path

from islandrun.core.privacy.medical import find_medical

PROMPT = (
    "Hi, I'm writing about my mother. She was diagnosed with type 2 diabetes and hypertension, takes "
    "metformin 500 mg twice a day, and last month had a knee replacement. Her cardiologist suspects atrial "
    "fibrillation. Could you help me write an email to her insurer, Acme Health, asking whether the "
    "physiotherapy sessions are covered? Also, what should she eat to keep her blood sugar stable? She likes "
    "pasta, fish, and vegetables, and she walks 30 minutes a day. Thanks a lot for your help with this! "
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--misses", type=int, default=0)
    args = parser.parse_args()
    tracemalloc.start()
    t0 = time.perf_counter()
    find_medical("")
    load_s = time.perf_counter() - t0
    mem = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    gold_n = found_n = pred_ok = pred_bad = 0
    misses: list[str] = []
    wrong: list[str] = []
    times: list[float] = []
    for line in args.corpus.open(encoding="utf-8"):
        ex = json.loads(line)
        text = ex["text"]
        t = time.perf_counter()
        preds = find_medical(text)
        times.append((time.perf_counter() - t) * 1000)
        if "MEDICAL" not in ex.get("annotated_types", ["MEDICAL"]):
            continue
        gold = [(s["start"], s["end"]) for s in ex["spans"] if s["type"] == "MEDICAL"]
        ignore = [(s["start"], s["end"]) for s in ex.get("ignore", [])]
        for gs, ge in gold:
            gold_n += 1
            if any(p.start < ge and gs < p.end for p in preds):
                found_n += 1
            else:
                misses.append(f"{text[gs:ge]!r}  <<  {text[:160]!r}")
        for p in preds:
            if any(p.start < ge and gs < p.end for gs, ge in gold):
                pred_ok += 1
            elif not any(p.start < ie and is_ < p.end for is_, ie in ignore):
                pred_bad += 1
                wrong.append(f"{p.text!r} [{p.source}]  <<  {text[:120]!r}")
    times.sort()
    p99 = times[int(0.99 * (len(times) - 1))] if times else 0.0
    print(
        f"{args.corpus.name}: gold {gold_n}  recall {found_n / max(gold_n, 1):.3f}  "
        f"precision {pred_ok / max(pred_ok + pred_bad, 1):.3f}  (ok {pred_ok}, wrong {pred_bad})"
    )
    print(f"load {load_s:.2f} s, {mem:.0f} MiB traced; per text p50 {times[len(times) // 2]:.3f} ms p99 {p99:.3f} ms")
    prompt = (PROMPT * 2)[:500]
    runs = []
    for _ in range(2000):
        t = time.perf_counter()
        find_medical(prompt)
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    print(f"500-char prompt x2000: p50 {runs[1000]:.3f} ms  p99 {runs[1980]:.3f} ms")
    for label, rows in (("MISSED", misses), ("WRONG", wrong)):
        for row in rows[: args.misses]:
            print(label, row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
