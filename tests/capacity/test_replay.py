"""Replayed load traces: hysteresis keeps the route from flapping inside the dead band.

The traces in ``data/`` are real: CPU and memory pressures sampled at 1 Hz on this 2-core
machine while duty-cycled busy processes swung the load around the thresholds (recorded by
``benchmarks/capacity/record_trace.py``; the other agents' load on the machine is in them too).
Each row goes through the monitor's own pipeline (smoothing → formula → history → trend →
gates) and the real router decides every sample; a *flip* is a change of the chosen island.
The dead-band tests use the raw signal without dwell (``RAW``: what TIDE did before issue 21);
the last test runs the default signal (smoothing + dwell) on the same traces.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from islandrun.core.capacity.config import CapacityConfig
from islandrun.core.capacity.formula import ProbeStatus, ProbeView
from islandrun.core.capacity.monitor import CapacityMonitor
from islandrun.core.capacity.probes import Reading
from islandrun.core.routing import Priority, RoutingPolicy

from .helpers import route_now

TRACES = sorted((Path(__file__).parent / "data").glob("*_trace.csv"))
TIERS = (Priority.SECONDARY, Priority.BURSTABLE)


def load(path: Path) -> list[tuple[float, float, float]]:
    with path.open(newline="") as handle:
        return [(float(r["t"]), float(r["cpu"]), float(r["memory"])) for r in csv.DictReader(handle)]


RAW = {"cpu_tau_s": 0.0, "memory_tau_s": 0.0, "close_after_s": 0.0, "open_after_s": 0.0, "open_after_max_s": 0.0}


def replay(
    path: Path, margin: float, predict: bool, signal: bool = False
) -> tuple[list[float], dict[Priority, list[str]]]:
    policy = RoutingPolicy(hysteresis_margin=margin)
    config = CapacityConfig(predict=predict) if signal else CapacityConfig(predict=predict, **RAW)
    monitor = CapacityMonitor([], config, policy=policy)
    capacities: list[float] = []
    routes: dict[Priority, list[str]] = {tier: [] for tier in TIERS}
    for t, cpu, memory in load(path):
        views = (
            ProbeView("cpu", ProbeStatus.OK, Reading("cpu", True, cpu)),
            ProbeView("memory", ProbeStatus.OK, Reading("memory", True, memory)),
        )
        sample = monitor.feed(1_700_000_000.0 + t, views)
        capacities.append(sample.capacity)
        for tier in TIERS:
            routes[tier].append(route_now(monitor, tier).island_id)
    return capacities, routes


def flips(route: list[str]) -> int:
    return sum(a != b for a, b in itertools.pairwise(route))


def threshold(policy: RoutingPolicy, tier: Priority) -> float:
    return policy.secondary_threshold if tier is Priority.SECONDARY else policy.burstable_threshold


@pytest.mark.parametrize("trace", TRACES, ids=lambda p: p.stem)
def test_hysteresis_route_never_changes_inside_the_dead_band(trace: Path) -> None:
    capacities, routes = replay(trace, margin=0.10, predict=False)
    policy = RoutingPolicy()
    for tier in TIERS:
        theta = threshold(policy, tier)
        route = routes[tier]
        inside = 0
        for i in range(1, len(route)):
            c = capacities[i]
            if theta <= c <= theta + 0.10:
                inside += 1
                assert route[i] == route[i - 1], f"{tier}: flipped at C={c:.2f}, inside [{theta}, {theta + 0.1}]"
            if route[i] != route[i - 1]:
                assert (route[i] == "edge" and c < theta) or (route[i] == "local" and c > theta + 0.10)
        if tier is Priority.SECONDARY:
            assert inside >= 10, "the trace should spend time in the secondary dead band"


@pytest.mark.parametrize("trace", TRACES, ids=lambda p: p.stem)
def test_hysteresis_flips_less_than_a_bare_threshold(trace: Path) -> None:
    _, bare = replay(trace, margin=0.0, predict=False)
    _, damped = replay(trace, margin=0.10, predict=False)
    _, predicted = replay(trace, margin=0.10, predict=True)
    counts = {tier: (flips(bare[tier]), flips(damped[tier]), flips(predicted[tier])) for tier in TIERS}
    print(f"\n{trace.stem}: flips (no hysteresis, hysteresis 0.10, hysteresis + prediction) = {counts}")
    assert flips(damped[Priority.SECONDARY]) < flips(bare[Priority.SECONDARY])
    for tier in TIERS:
        assert flips(damped[tier]) <= flips(bare[tier])


@pytest.mark.parametrize("trace", TRACES, ids=lambda p: p.stem)
def test_prediction_still_returns_only_above_the_recovery_threshold(trace: Path) -> None:
    capacities, routes = replay(trace, margin=0.10, predict=True)
    policy = RoutingPolicy()
    for tier in TIERS:
        theta = threshold(policy, tier)
        route = routes[tier]
        for i in range(1, len(route)):
            if route[i] == "local" and route[i - 1] == "edge":
                assert capacities[i] > theta + 0.10


@pytest.mark.parametrize("trace", TRACES, ids=lambda p: p.stem)
def test_the_smoothed_signal_with_dwell_flips_least_and_only_past_the_band(trace: Path) -> None:
    _, damped = replay(trace, margin=0.10, predict=True)
    capacities, steady = replay(trace, margin=0.10, predict=True, signal=True)
    policy = RoutingPolicy()
    for tier in TIERS:
        assert flips(steady[tier]) <= max(1, flips(damped[tier]) // 3), (tier, flips(steady[tier]), flips(damped[tier]))
        theta, route = threshold(policy, tier), steady[tier]
        for i in range(1, len(route)):
            if route[i] != route[i - 1]:  # the smoothed C is past the band when the route changes
                assert (route[i] == "edge" and capacities[i] < theta + 1e-9) or capacities[i] > theta + 0.10
