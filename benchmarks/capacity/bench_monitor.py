"""What the capacity monitor itself costs: CPU time per second of monitoring, the time of one
tick, and the memory of the history ring.

    .venv/bin/python benchmarks/capacity/bench_monitor.py [seconds] [repeats]

CPU is the process's user + system time (all threads: the probe reads run in short-lived
threads) over a wall-clock window while the monitor runs with the default configuration
(every probe on, C at 1 Hz), minus the same window with nothing running (the idle loop). The
target is < 1 % of one core. Prints a Markdown table.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc

import psutil

from islandrun.core.capacity.config import CapacityConfig
from islandrun.core.capacity.history import HistoryRing
from islandrun.core.capacity.monitor import CapacityMonitor
from islandrun.core.capacity.probes import build_probes


class IdleEngine:
    """Engine statistics as cheap as the real engine's counters (an int and a float)."""

    def queue_depth(self) -> int:
        return 0

    def max_queue(self) -> int:
        return 8

    def throughput_tps(self) -> float | None:
        return None


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def measure(seconds: float, config: CapacityConfig | None) -> float:
    """CPU seconds per wall second, with a monitor running (or none)."""
    monitor = None
    if config is not None:
        monitor = CapacityMonitor(build_probes(config, IdleEngine()), config)
        await monitor.start()
        await asyncio.sleep(2.0)  # let every loop settle
    subscriber = monitor.events.subscribe() if monitor else None
    start_cpu, start = cpu_seconds(), time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:  # a consumer like the SSE forwarder
        if subscriber is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(subscriber.get(), 1.0)
        else:
            await asyncio.sleep(1.0)
    used, wall = cpu_seconds() - start_cpu, time.perf_counter() - start
    if monitor is not None:
        await monitor.stop()
    return used / wall


def tick_cost(config: CapacityConfig, ticks: int = 2000) -> float:
    """Microseconds per tick (formula, ring, trend fit, gates, events), with live probe data."""

    clock = iter(range(10**9))  # one second per tick, so the trend window holds what it would live

    async def run() -> float:
        monitor = CapacityMonitor(build_probes(config, IdleEngine()), config, clock=lambda: float(next(clock)))
        await monitor.start()
        await monitor.stop()
        t0 = time.perf_counter()
        for _ in range(ticks):
            monitor.tick()
        return (time.perf_counter() - t0) / ticks * 1e6

    return asyncio.run(run())


def ring_memory(rows: int) -> tuple[int, int]:
    channels = ["cpu", "memory", "battery", "thermal", "gpu", "engine"]
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    ring = HistoryRing(rows, channels)
    for i in range(rows + 10):
        ring.append(float(i), 0.5, dict.fromkeys(channels, 0.25), degraded=False)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    traced = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    return ring.nbytes, traced


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    default = CapacityConfig()
    fast = CapacityConfig(sample_interval_s=0.1)
    idle, runs, runs_fast = [], [], []
    for _ in range(repeats):
        idle.append(asyncio.run(measure(seconds, None)))
        runs.append(asyncio.run(measure(seconds, default)))
        runs_fast.append(asyncio.run(measure(seconds / 2, fast)))
    idle_share = statistics.median(idle)
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in psutil.getloadavg())}\n")
    print("| what | median | runs |")
    print("|---|---|---|")
    print(f"| idle asyncio loop (baseline), % of one core | {idle_share * 100:.3f} | {fmt(idle)} |")
    for label, shares in (("defaults (C at 1 Hz, all probes)", runs), ("C at 10 Hz (probes at defaults)", runs_fast)):
        net = [r - idle_share for r in shares]
        print(f"| monitor, {label}, % of one core | {statistics.median(net) * 100:.3f} | {fmt(net)} |")
    print(f"| one tick (formula, ring, trend, gates, events), µs | {tick_cost(default):.1f} | |")
    for rows in (600, 900, 86_400):
        data, traced = ring_memory(rows)
        print(f"| history ring, {rows} rows × 6 probes: array data / traced allocation, bytes | {data} / {traced} | |")


def fmt(values: list[float]) -> str:
    return ", ".join(f"{v * 100:.3f}" for v in values)


if __name__ == "__main__":
    main()
