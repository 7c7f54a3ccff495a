"""MIST's own detection time on speed.py's 300 prompts, without Presidio (which needs the [bench] extra and a spaCy
model): CPU time of ``Detector.detect`` per prompt, warm, ``--rounds`` rounds, p50 / p90 / p99 / mean.

    .venv/bin/python benchmarks/privacy/speed_mist.py [--rounds 3] [--label NAME]

For a before/after, run it on both trees in alternation on a quiet machine (the shared VM's speed drifts by 20-30 %
between minutes): the numbers of one run are only comparable with a run made right beside it.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import quality  # benchmarks/privacy, on the path above
import speed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--label", default="islandrun")
    args = ap.parse_args()
    from islandrun.core.privacy.detector import Detector

    labelled, _ = speed.build_prompts(quality.corpora())
    texts = [t for _, t in labelled]
    detector = Detector()
    detector.warm_up()
    for text in texts:  # warm: word tables, caches, lazily loaded taggers
        detector.detect(text)
    times: list[float] = []
    gc.disable()
    try:
        for _ in range(args.rounds):
            for text in texts:
                start = time.process_time()
                detector.detect(text)
                times.append((time.process_time() - start) * 1000)
    finally:
        gc.enable()
    q = statistics.quantiles(times, n=100)
    print(
        f"{args.label}: {len(times)} detections, p50 {statistics.median(times):.2f} ms, p90 {q[89]:.2f}, "
        f"p99 {q[98]:.2f}, mean {statistics.mean(times):.2f} (CPU time per 500-character prompt)"
    )


if __name__ == "__main__":
    main()
