"""Latency of one routing decision (WAVES) for 10, 100 and 1,000 islands.

Detection is excluded: the request carries its sensitivity. Islands are random but seeded
(mixed kinds, trust, prices, models, liveness, capacity gates and budgets), so runs are
comparable. Writes a Markdown table to stdout and, with --write, to RESULTS.md beside this file.

    .venv/bin/python benchmarks/routing/bench_route.py --write
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import platform
import random
import statistics
import time
from pathlib import Path

from islandrun.core.errors import NoEligibleIslandError
from islandrun.core.islands import Certification, Island, IslandKind, Jurisdiction, Prices, TrustSpec
from islandrun.core.routing import IslandState, Priority, RouteRequest, RoutingMode, RoutingPolicy, Snapshot, route

MODELS = ("gemma", "llama", "qwen", "mistral")


def make_snapshot(n: int, rng: random.Random) -> Snapshot:
    states = [IslandState(Island.local(models=["gemma"]), capacity=0.3, accepting=frozenset({Priority.PRIMARY}))]
    kinds = [IslandKind.PEER, IslandKind.EDGE, IslandKind.CLOUD]
    for i in range(n - 1):
        kind = rng.choice(kinds)
        island = Island(
            id=f"island-{i:04d}",
            name=f"Island {i}",
            kind=kind,
            trust_spec=TrustSpec(
                rng.uniform(0.3, 1.0), rng.choice(list(Certification)), rng.choice(list(Jurisdiction))
            ),
            prices=Prices(rng.uniform(0, 10), rng.uniform(0, 30)) if kind is IslandKind.CLOUD else Prices(),
            models=tuple(rng.sample(MODELS, rng.randint(1, len(MODELS)))),
            expected_latency_ms=rng.uniform(20, 2000),
            paired=rng.random() < 0.9,
        )
        states.append(
            IslandState(
                island,
                alive=rng.random() < 0.95,
                capacity=rng.random(),
                accepting=frozenset(Priority) if rng.random() < 0.8 else frozenset(),
                latency_ms=rng.uniform(20, 2000),
                budget_left_usd=rng.uniform(0, 2) if island.prices.free is False else None,
            )
        )
    return Snapshot.of(states)


def measure(n: int, iterations: int, mode: RoutingMode) -> tuple[float, float, float]:
    rng = random.Random(n)
    snapshot = make_snapshot(n, rng)
    policy = RoutingPolicy(mode=mode)
    requests = [
        RouteRequest(f"r{i}", rng.choice([0.1, 0.4, 0.7]), model=rng.choice(MODELS), input_tokens=800)
        for i in range(64)
    ]
    for request in requests[:16]:  # warm up
        with contextlib.suppress(NoEligibleIslandError):
            route(request, snapshot, policy)
    samples: list[float] = []
    gc.collect()
    for i in range(iterations):
        request = requests[i % len(requests)]
        start = time.perf_counter_ns()
        with contextlib.suppress(NoEligibleIslandError):
            route(request, snapshot, policy)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples), p99, samples[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write RESULTS.md next to this file")
    args = parser.parse_args()
    lines = [
        "# Routing decision latency (WAVES)",
        "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()}; command: `.venv/bin/python benchmarks/routing/bench_route.py --write`.",
        "",
        "| islands | mode | iterations | p50 ms | p99 ms | max ms |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n, iterations in ((10, 5000), (100, 3000), (1000, 500)):
        for mode in RoutingMode:
            p50, p99, worst = measure(n, iterations, mode)
            lines.append(f"| {n} | {mode.value} | {iterations} | {p50:.3f} | {p99:.3f} | {worst:.3f} |")
            print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    if args.write:
        (Path(__file__).with_name("RESULTS.md")).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
