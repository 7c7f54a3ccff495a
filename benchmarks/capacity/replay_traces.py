"""Replay recorded load traces through the real monitor and gates, before and after issue 21.

    .venv/bin/python benchmarks/capacity/replay_traces.py [TRACE.csv ...]

Default traces: ``benchmarks/capacity/traces/*.csv`` (``record_mix.py``) and the older
``tests/capacity/data/*_trace.csv``. Each row becomes probe readings (cpu, memory and, in the
new traces, the engine's queue: one request while the trace's own generation runs) that go
through :meth:`CapacityMonitor.feed` — smoothing, formula, trend, the gates with their dwell —
exactly as a live tick; the gates are read after every sample.

Two series per new trace:

- ``machine``   the ``cpu`` column: the whole machine's busy share, neighbours included;
- ``scripted``  the ``scripted`` column: only the recording script's own process tree (its
                load generators), i.e. the mix without the other users of the machine.

Two configurations:

- ``before``  raw samples, no dwell, own CPU counted as load and the engine queue as a
              pressure (TIDE before issue 21; prediction on as it was);
- ``after``   the defaults of ``[capacity]`` now.

Printed: gate changes per hour per tier, and for traces with an ``overload`` phase the time
from its start to the first offload and from its end to the return (the start is taken as the
last sample before the phase, so the delay is an upper bound, ≤ 1 s over). A synthetic step
(idle → full CPU for 60 s → idle, with ±0.1 noise) gives the same timings exactly, and an
hour of synthetic browser-like bursts (the test's hard case) the changes per hour.
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from islandrun.core.capacity.config import CapacityConfig
from islandrun.core.capacity.formula import ProbeStatus, ProbeView
from islandrun.core.capacity.monitor import CapacityMonitor
from islandrun.core.capacity.probes import Reading
from islandrun.core.routing import Priority

ROOT = Path(__file__).resolve().parents[2]
TIERS = (Priority.SECONDARY, Priority.BURSTABLE)
T0 = 1_700_000_000.0

BEFORE = CapacityConfig(
    cpu_tau_s=0.0, memory_tau_s=0.0, close_after_s=0.0, open_after_s=0.0, open_after_max_s=0.0, own_work="pressure"
)
AFTER = CapacityConfig()
CONFIGS = {"before": BEFORE, "after": AFTER}


@dataclass(frozen=True, slots=True)
class Row:
    t: float
    cpu: float
    own: float
    memory: float
    phase: str
    engine_depth: int


def load(path: Path, series: str) -> list[Row]:
    rows: list[Row] = []
    with path.open(newline="") as handle:
        for r in csv.DictReader(handle):
            phase = r.get("phase", "")
            cpu = float(r["scripted"] if series == "scripted" else r["cpu"])
            own = float(r.get("own") or 0.0)
            rows.append(Row(float(r["t"]), cpu, own, float(r["memory"]), phase, 1 if phase == "own" else 0))
    return rows


def views(row: Row, config: CapacityConfig) -> tuple[ProbeView, ...]:
    """The readings the probes would have given: the CPU probe subtracts the process's own share
    when own work is a queue (as :class:`CpuProbe` does)."""
    cpu = max(0.0, row.cpu - row.own) if config.own_work == "queue" else row.cpu
    depth, limit = row.engine_depth, 4
    engine_metrics = {"queue_depth": depth, "max_queue": limit, "queue_wait_s": 32.0 * depth, "queue_full": False}
    return (
        ProbeView("cpu", ProbeStatus.OK, Reading("cpu", True, cpu)),
        ProbeView("memory", ProbeStatus.OK, Reading("memory", True, row.memory)),
        ProbeView("engine", ProbeStatus.OK, Reading("engine", True, depth / limit, engine_metrics)),
    )


@dataclass(slots=True)
class Result:
    seconds: float
    changes: dict[Priority, int]
    to_offload: dict[Priority, float | None]
    to_return: dict[Priority, float | None]
    raw_range: tuple[float, float]
    smooth_range: tuple[float, float]

    def per_hour(self, tier: Priority) -> float:
        return self.changes[tier] * 3600.0 / self.seconds if self.seconds > 0 else 0.0


def replay(rows: Sequence[Row], config: CapacityConfig) -> Result:
    monitor = CapacityMonitor([], config)
    changes = dict.fromkeys(TIERS, 0)
    previous: frozenset[Priority] | None = None
    start = end = None
    if any(r.phase == "overload" for r in rows):
        first = next(i for i, r in enumerate(rows) if r.phase == "overload")
        last = max(i for i, r in enumerate(rows) if r.phase == "overload")
        start = rows[max(0, first - 1)].t
        end = rows[last].t
    to_offload: dict[Priority, float | None] = dict.fromkeys(TIERS)
    to_return: dict[Priority, float | None] = dict.fromkeys(TIERS)
    raws: list[float] = []
    smooth: list[float] = []
    for row in rows:
        sample = monitor.feed(T0 + row.t, views(row, config))
        raws.append(sample.raw)
        smooth.append(sample.capacity)
        if previous is not None:
            for tier in TIERS:
                if (tier in previous) != (tier in sample.accepting):
                    changes[tier] += 1
                    if (
                        tier not in sample.accepting
                        and start is not None
                        and row.t > start
                        and to_offload[tier] is None
                    ):
                        to_offload[tier] = row.t - start
                    if tier in sample.accepting and end is not None and row.t > end and to_return[tier] is None:
                        to_return[tier] = row.t - end
        previous = sample.accepting
    seconds = rows[-1].t - rows[0].t if len(rows) > 1 else 0.0
    return Result(seconds, changes, to_offload, to_return, (min(raws), max(raws)), (min(smooth), max(smooth)))


def step_rows(seed: int = 3) -> list[Row]:
    """Idle (CPU 0.10 ± 0.10) for 60 s, full for 60 s, idle for 120 s, at 1 Hz."""
    rnd = random.Random(seed)
    rows = []
    for t in range(1, 241):
        overload = 60 < t <= 120
        cpu = 1.0 if overload else min(1.0, max(0.0, 0.10 + rnd.uniform(-0.1, 0.1)))
        rows.append(Row(float(t), cpu, 0.0, 0.05, "overload" if overload else "idle", 0))
    return rows


def burst_rows(seed: int = 21, seconds: int = 3600) -> list[Row]:
    """Browser-like bursts for an hour: in any second a burst of 1–3 s on one core of two starts
    with probability 1/8 (back to back at times) over a light base load of 0.08–0.16; mean C ≈
    0.78, inside the burstable dead band — the hard case for a gate."""
    rnd = random.Random(seed)
    rows, left = [], 0
    for t in range(seconds):
        if left == 0 and rnd.random() < 1 / 8:
            left = rnd.randint(1, 3)
        cpu = 0.08 + rnd.uniform(0.0, 0.08) + (0.5 if left else 0.0)
        left = max(0, left - 1)
        rows.append(Row(float(t), cpu, 0.0, 0.05, "burst" if left else "idle", 0))
    return rows


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} s"


def table(items: Iterator[tuple[str, str, list[Row]]]) -> list[str]:
    lines = [
        "| trace | series | config | minutes | raw C range | smoothed C range"
        " | changes/h secondary | changes/h burstable | to offload (sec / burst) | back (sec / burst) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, series, rows in items:
        for label, config in CONFIGS.items():
            r = replay(rows, config)
            lines.append(
                f"| {name} | {series} | {label} | {r.seconds / 60:.1f} | {r.raw_range[0]:.2f}–{r.raw_range[1]:.2f}"
                f" | {r.smooth_range[0]:.2f}–{r.smooth_range[1]:.2f}"
                f" | {r.per_hour(Priority.SECONDARY):.0f} ({r.changes[Priority.SECONDARY]})"
                f" | {r.per_hour(Priority.BURSTABLE):.0f} ({r.changes[Priority.BURSTABLE]})"
                f" | {fmt(r.to_offload[Priority.SECONDARY])} / {fmt(r.to_offload[Priority.BURSTABLE])}"
                f" | {fmt(r.to_return[Priority.SECONDARY])} / {fmt(r.to_return[Priority.BURSTABLE])} |"
            )
    return lines


def main(args: list[str]) -> None:
    paths = [Path(a) for a in args] or sorted((ROOT / "benchmarks/capacity/traces").glob("*.csv")) + sorted(
        (ROOT / "tests/capacity/data").glob("*_trace.csv")
    )

    def items() -> Iterator[tuple[str, str, list[Row]]]:
        yield "synthetic step", "—", step_rows()
        yield "synthetic bursts (1 h)", "—", burst_rows()
        for path in paths:
            with path.open() as handle:
                header = handle.readline()
            yield path.stem, "machine", load(path, "machine")
            if "scripted" in header:
                yield path.stem, "scripted", load(path, "scripted")

    print("\n".join(table(items())))


if __name__ == "__main__":
    main(sys.argv[1:])
