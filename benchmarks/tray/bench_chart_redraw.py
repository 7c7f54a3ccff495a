"""One redraw of the Capacity chart with a full window of noisy samples: the time from new data
to a painted widget (offscreen Qt, the panel at the window's default size).

    .venv/bin/python benchmarks/tray/bench_chart_redraw.py [--chart before|after] [--samples 600]

``before`` is the panel at git HEAD (benchmarks/tray/legacy.py), ``after`` today's. The data is
what made the old chart stall: C jumping between 0.05 and 0.95 every second (bursty load), smoothed
and raw curves both, ten minutes of it."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication

from islandrun.app.api import ApiClient
from islandrun.app.events import DaemonEvent
from islandrun.app.viewmodels import CapacityModel
from islandrun.core.daemon.instance import DaemonInfo

THRESHOLDS = {"secondary": 0.5, "burstable": 0.7, "hysteresis_margin": 0.1, "buffer": 0.2}


def noisy(n: int, end: float, seed: int = 7) -> list[dict[str, float]]:
    rng = random.Random(seed)
    rows, smooth = [], 0.6
    for i in range(n):
        raw = rng.choice([0.05, 0.2, 0.5, 0.8, 0.95]) + rng.uniform(-0.05, 0.05)
        smooth = 0.6 * smooth + 0.4 * raw
        rows.append({"at": end - (n - i), "capacity": smooth, "raw_capacity": raw})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chart", choices=("before", "after"), default="after")
    parser.add_argument("--samples", type=int, default=600)
    parser.add_argument("--redraws", type=int, default=30)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    if args.chart == "before":
        from legacy import load_app_module

        panel_class = load_app_module("panel_capacity").CapacityPanel
    else:
        from islandrun.app.panel_capacity import CapacityPanel as panel_class
    model = CapacityModel(ApiClient(DaemonInfo(0, 0, "/nonexistent.sock", "")))
    panel = panel_class(model)
    panel.resize(880, 560)
    panel.show()
    now = time.time()
    rows = noisy(args.samples, now)
    panel.show_history({"history": rows, "thresholds": THRESHOLDS})
    app.processEvents()
    rng = random.Random(3)
    times = []
    for k in range(args.redraws):
        at = now + k + 1
        raw = rng.choice([0.05, 0.5, 0.95])
        start = time.perf_counter()
        panel.on_event(
            DaemonEvent(
                1, "capacity.sample", at, {"at": at, "capacity": raw, "raw_capacity": raw, "accepting": ["primary"]}
            )
        )
        model.sample.emit(at, raw)
        app.processEvents()  # the coalesced redraw (a zero timer), then layout and paint
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"chart={args.chart} samples={args.samples} redraws={len(times)}: "
        f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms, mean {statistics.mean(times):.1f} ms"
    )


if __name__ == "__main__":
    main()
