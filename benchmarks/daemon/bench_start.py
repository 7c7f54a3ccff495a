"""How long ``islandrun serve`` takes to start, with MIST's word-table cache empty (a first start after install
or upgrade) and filled (every later start): wall time until the daemon announces itself (``daemon.json``) and the
CPU it used until then, read from ``/proc/<pid>/stat``.

Each round starts one daemon with a fresh, empty cache folder (cold) and then ``--warm`` daemons on the cache the
cold one filled; every daemon has its own directories (benchmarks/daemon/real_daemon.py: discovery off, an edge
island, no local model loaded). Medians over the rounds.

    .venv/bin/python benchmarks/daemon/bench_start.py [--rounds 3] [--warm 2] [--write]

``--write`` appends the result to benchmarks/daemon/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from real_daemon import start_daemon

RESULTS = Path(__file__).with_name("RESULTS.md")


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start(cache: Path) -> tuple[float, float]:
    os.environ["ISLANDRUN_CACHE_DIR"] = str(cache)
    with tempfile.TemporaryDirectory(prefix="islandrun-start-") as home:
        began = time.monotonic()
        proc, _, _ = start_daemon(Path(home), "http://127.0.0.1:9")
        wall = time.monotonic() - began
        cpu = _cpu_s(proc.pid)
        proc.terminate()
        proc.wait(timeout=30)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warm", type=int, default=2, help="warm starts after each cold one")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()
    cold: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="islandrun-cache-") as cache:
            cold.append(_start(Path(cache)))
            warm.extend(_start(Path(cache)) for _ in range(args.warm))

    def row(label: str, runs: list[tuple[float, float]]) -> str:
        walls, cpus = zip(*runs, strict=True)
        return f"| {label} | {len(runs)} | {statistics.median(walls):.2f} | {statistics.median(cpus):.2f} |"

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            f"## Daemon start (bench_start.py) — {now}",
            "",
            f"- command: `.venv/bin/python benchmarks/daemon/bench_start.py --rounds {args.rounds} --warm {args.warm}`;"
            f" load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 CPUs)",
            "- until `daemon.json` is written (the daemon listens, MIST warmed up); no model loaded",
            "",
            "| start | runs | wall s (median) | CPU s until ready (median) |",
            "|---|---:|---:|---:|",
            row("word-table cache empty (first start)", cold),
            row("word-table cache filled (later starts)", warm),
            "",
        ]
    )
    print(text)
    if args.write:
        with RESULTS.open("a") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()
