"""Record a real oscillating load trace for the hysteresis replay test.

Two busy processes are duty-cycled (SIGSTOP/SIGCONT every 100 ms) so that the machine's CPU
use swings slowly around ~45 % (a 40 s sine) with jitter; the real CPU and memory pressures
are sampled at 1 Hz with psutil, exactly as the CPU and memory probes read them, and written
as CSV (t, cpu, memory). The replay test turns each row into C with the monitor's formula.
Arguments: output, seconds, sine amplitude of the duty cycle, per-100-ms jitter (gaussian σ).

    .venv/bin/python benchmarks/capacity/record_trace.py tests/capacity/data/oscillating_trace.csv 180 0.14 0.05
    .venv/bin/python benchmarks/capacity/record_trace.py tests/capacity/data/hovering_trace.csv 180 0.03 0.10
"""

from __future__ import annotations

import csv
import math
import os
import random
import signal
import subprocess
import sys
import threading
import time

import psutil


def main(out: str, seconds: float, amplitude: float = 0.14, jitter: float = 0.05) -> None:
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 2)]
    stop = threading.Event()
    rnd = random.Random(7)
    start = time.monotonic()

    def duty_cycle() -> None:
        while not stop.is_set():
            t = time.monotonic() - start
            duty = min(1.0, max(0.0, 0.45 + amplitude * math.sin(2 * math.pi * t / 40.0) + rnd.gauss(0.0, jitter)))
            for hog in hogs:
                os.kill(hog.pid, signal.SIGCONT)
            time.sleep(0.1 * duty)
            for hog in hogs:
                os.kill(hog.pid, signal.SIGSTOP)
            time.sleep(0.1 * (1.0 - duty))

    worker = threading.Thread(target=duty_cycle, daemon=True)
    try:
        worker.start()
        psutil.cpu_percent(interval=None)
        rows = []
        while time.monotonic() - start < seconds:
            time.sleep(1.0)
            vm = psutil.virtual_memory()
            rows.append(
                (
                    round(time.monotonic() - start, 3),
                    psutil.cpu_percent(interval=None) / 100.0,
                    1.0 - vm.available / vm.total,
                )
            )
        with open(out, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["t", "cpu", "memory"])
            writer.writerows((t, f"{c:.4f}", f"{m:.4f}") for t, c, m in rows)
    finally:
        stop.set()
        worker.join()
        for hog in hogs:
            os.kill(hog.pid, signal.SIGCONT)
            hog.kill()
            hog.wait()


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[2:5]]
    main(sys.argv[1], *args)
