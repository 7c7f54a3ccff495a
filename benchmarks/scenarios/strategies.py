"""Who decides: IslandRun (the real router over a snapshot built by the real wiring), its
ablations, and the four baselines of the paper's Section XI.

| strategy           | decides with                                                                 |
|--------------------|------------------------------------------------------------------------------|
| islandrun          | MIST ``assess`` → ``build_snapshot`` (real ``CapacityGates``) → ``route``     |
| no-detection       | the same, but every request counts as public (s = 0.1): MIST switched off    |
| no-capacity        | the same, but every island reports C = 1: TIDE switched off                   |
| no-hysteresis      | the same, with hysteresis margin 0 (gates reopen as soon as C ≥ θ)            |
| no-discovery       | the same, but each request browses for peers/edge anew (one-shot mDNS)       |
| no-own-load        | the same, but C leaves out the device's own generations (queue + owner only) |
| islandrun-signal   | the same with TIDE's signal of issue 21: a ``CapacityMonitor`` per island    |
|                    | (smoothing, gate dwell), own work as a queue wait the router weighs           |
| cloud-only         | always the cloud API                                                          |
| local-only         | always this device (it queues)                                               |
| latency-greedy     | the live island with the lowest predicted completion time (knows every queue) |
| privacy-only       | MIST's level only: anything above public stays on this device, public → cloud |
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from islandrun.core.capacity.config import CapacityConfig
from islandrun.core.capacity.hysteresis import CapacityGates, OwnWork
from islandrun.core.capacity.monitor import CapacityMonitor
from islandrun.core.errors import NoEligibleIslandError
from islandrun.core.islands import LOCAL_ISLAND_ID, IslandKind, IslandRegistry
from islandrun.core.routing.policy import ApprovalRules, Priority, RoutingPolicy
from islandrun.core.routing.request import RouteRequest
from islandrun.core.routing.router import route
from islandrun.core.routing.snapshot_builder import build_snapshot
from islandrun.core.sensitivity import SensitivityLevel

from .world import IslandRuntime

__all__ = ["STRATEGIES", "Choice", "Context", "Strategy", "make_strategy"]

# Approval is a person's answer; the simulation takes the standing answer "send sanitized" so
# that routing, not a human's reaction time, is what is measured (docs/evaluation.md).
SIM_POLICY = RoutingPolicy(approval=ApprovalRules(min_tier=None))


@dataclass(frozen=True, slots=True)
class Choice:
    island_id: str | None  # None: nowhere (the request fails)
    queued_locally: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    t: float
    request: RouteRequest  # sensitivity = what MIST detected
    runtimes: Mapping[str, IslandRuntime]
    excluded: frozenset[str]  # islands that already failed this request (failover)
    found: frozenset[str] | None  # per-request discovery result (None: discovery cache in use)


class Strategy(Protocol):
    name: str
    uses_gates: bool
    discovery_s: float  # time added to every request before routing
    per_request_discovery: bool

    def tick(self, t: float, runtimes: Mapping[str, IslandRuntime]) -> None: ...

    def choose(self, ctx: Context) -> Choice: ...

    def gate_flips(self) -> int: ...


def _known_down(ctx: Context) -> frozenset[str]:
    down = {i for i, rt in ctx.runtimes.items() if rt.known_down(ctx.t)} | set(ctx.excluded)
    if ctx.found is not None:
        down |= {i for i in ctx.runtimes if i not in ctx.found}
    return frozenset(down)


class IslandRun:
    """The real pipeline's decision: detection result in, ``build_snapshot`` + ``route`` out."""

    def __init__(
        self,
        name: str = "islandrun",
        *,
        detection: bool = True,
        capacity: bool = True,
        margin: float | None = None,
        discovery: bool = True,
        own_load: bool = True,
        signal: bool = False,
    ) -> None:
        self.name = name
        # The signal of issue 21: one real CapacityMonitor per island that reports capacity,
        # fed the simulated probe readings every tick (smoothing, weights, gate dwell). This
        # device's monitor feeds the shared gates (it owns them, as in the daemon); a peer's
        # monitor runs "on the peer" and its smoothed C reaches our gates as a heartbeat would.
        # Own work is a queue wait (own generations are not in C), set fresh at each decision.
        self.signal = signal
        self.own_load_in_c = False  # own_work = "queue": the CPU reading leaves out own generations
        self.monitors: dict[str, CapacityMonitor] = {}
        self.smoothed: dict[str, float] = {}
        self.detection = detection
        self.capacity = capacity
        self.own_load = own_load
        self.policy = SIM_POLICY if margin is None else replace(SIM_POLICY, hysteresis_margin=margin)
        self.gates = CapacityGates(self.policy)
        self.registry: IslandRegistry | None = None
        self.uses_gates = True
        self.discovery_s = 0.0 if discovery else 1.0  # a one-shot zeroconf browse window
        self.per_request_discovery = not discovery
        self.samples: list[tuple[float, str, float, bool]] | None = None  # (t, island, C, secondary gate open)
        # When set, per decision: (build_snapshot + route, timed once; the fastest of three more
        # route calls on the same snapshot — route is pure, and the minimum leaves out the times
        # this process was descheduled on a busy machine).
        self.timings: list[tuple[float, float]] | None = None

    def _capacities(self, t: float, runtimes: Mapping[str, IslandRuntime]) -> dict[str, float]:
        caps: dict[str, float] = {}
        for island_id, rt in runtimes.items():
            if not rt.model.reports_capacity or rt.known_down(t):
                continue  # no report: build_snapshot counts peers/local as 0, edge/cloud as 1
            caps[island_id] = rt.capacity(t, own_load=self.own_load)[0] if self.capacity else 1.0
        return caps

    def _monitor(self, island_id: str, local: bool) -> CapacityMonitor:
        monitor = self.monitors.get(island_id)
        if monitor is None:
            gates = self.gates if local else CapacityGates(self.policy)
            monitor = CapacityMonitor([], CapacityConfig(), gates, island_id=island_id)
            self.monitors[island_id] = monitor
        return monitor

    def _own_work(self, t: float, runtimes: Mapping[str, IslandRuntime]) -> None:
        rt = runtimes.get(LOCAL_ISLAND_ID)
        if rt is not None:
            depth = len(rt.running) + len(rt.queue)
            self.gates.set_own_work(LOCAL_ISLAND_ID, OwnWork(depth, rt.expected_wait(t), rt.queue_full()))

    def _tick_signal(self, t: float, runtimes: Mapping[str, IslandRuntime]) -> None:
        for island_id, rt in runtimes.items():
            if not rt.model.reports_capacity:
                continue
            local = rt.island.kind is IslandKind.LOCAL
            if rt.known_down(t):
                self.smoothed.pop(island_id, None)
                accepting = self.gates.update(island_id, 0.0, local=local) if not local else frozenset()
            else:
                sample = self._monitor(island_id, local).feed(t, rt.views(t, own_load=self.own_load_in_c))
                self.smoothed[island_id] = sample.capacity
                accepting = sample.accepting if local else self.gates.update(island_id, sample.capacity, local=False)
            if self.samples is not None:
                c = self.smoothed.get(island_id, 0.0)
                self.samples.append((t, island_id, c, Priority.SECONDARY in accepting))
        self._own_work(t, runtimes)

    def tick(self, t: float, runtimes: Mapping[str, IslandRuntime]) -> None:
        """One TIDE sample for every island that reports capacity (the monitor's loop)."""
        if self.signal:
            self._tick_signal(t, runtimes)
            return
        caps = self._capacities(t, runtimes)
        for island_id, rt in runtimes.items():
            if rt.model.reports_capacity:
                accepting = self.gates.update(
                    island_id, caps.get(island_id, 0.0), local=rt.island.kind is IslandKind.LOCAL
                )
                if self.samples is not None:
                    self.samples.append((t, island_id, caps.get(island_id, 0.0), Priority.SECONDARY in accepting))

    def choose(self, ctx: Context) -> Choice:
        if self.registry is None:
            self.registry = IslandRegistry(rt.island for rt in ctx.runtimes.values())
        request = ctx.request if self.detection else replace(ctx.request, sensitivity=SensitivityLevel.PUBLIC.score)
        started = time.perf_counter()
        if self.signal:
            self._own_work(ctx.t, ctx.runtimes)
        snapshot = build_snapshot(
            self.registry,
            self.gates,
            dict(self.smoothed) if self.signal else self._capacities(ctx.t, ctx.runtimes),
            None,
            down=_known_down(ctx),
            now=ctx.t,
        )
        try:
            decision = route(request, snapshot, self.policy)
        except NoEligibleIslandError as exc:
            kinds = sorted({why.split(":")[0] for whys in exc.reasons.values() for why in whys})
            return Choice(None, reason="no eligible island (" + ", ".join(kinds) + ")")
        if self.timings is not None:
            once = time.perf_counter() - started
            fastest = math.inf
            for _ in range(3):
                again = time.perf_counter()
                route(request, snapshot, self.policy)
                fastest = min(fastest, time.perf_counter() - again)
            self.timings.append((once, fastest))
        return Choice(decision.island_id, decision.queued_locally)

    def gate_flips(self) -> int:
        return sum(self.gates.flips().values())


class _Fixed:
    uses_gates = False
    discovery_s = 0.0
    per_request_discovery = False

    def __init__(self, name: str, island_id: str) -> None:
        self.name = name
        self.island_id = island_id

    def tick(self, t: float, runtimes: Mapping[str, IslandRuntime]) -> None:
        return None

    def choose(self, ctx: Context) -> Choice:
        if self.island_id in _known_down(ctx):
            return Choice(None, reason=f"{self.island_id} is down")
        return Choice(self.island_id)

    def gate_flips(self) -> int:
        return 0


class LatencyGreedy(_Fixed):
    """The live island that would finish this request first (an oracle on queues and speeds)."""

    def __init__(self) -> None:
        super().__init__("latency-greedy", "")

    def choose(self, ctx: Context) -> Choice:
        down = _known_down(ctx)
        best: tuple[float, str] | None = None
        for island_id in sorted(ctx.runtimes):
            rt = ctx.runtimes[island_id]
            if island_id in down or rt.queue_full():
                continue
            m = rt.model
            predicted = (
                rt.expected_wait(ctx.t)
                + m.rtt_ms / 1000.0
                + m.ttft_s
                + ctx.request.input_tokens / m.prefill_tps
                + ctx.request.output_tokens / m.decode_tps
            )
            if best is None or predicted < best[0]:
                best = (predicted, island_id)
        return Choice(best[1]) if best else Choice(None, reason="every island is down or full")


class PrivacyOnly(_Fixed):
    """A binary PII router: anything MIST finds above public stays here; public goes to the cloud."""

    def __init__(self) -> None:
        super().__init__("privacy-only", LOCAL_ISLAND_ID)

    def choose(self, ctx: Context) -> Choice:
        target = "cloud" if ctx.request.sensitivity <= SensitivityLevel.PUBLIC.score + 1e-9 else LOCAL_ISLAND_ID
        if target in _known_down(ctx):
            return Choice(None, reason=f"{target} is down")
        return Choice(target)


STRATEGIES: tuple[str, ...] = (
    "islandrun",
    "cloud-only",
    "local-only",
    "latency-greedy",
    "privacy-only",
    "no-detection",
    "no-capacity",
    "no-hysteresis",
    "no-discovery",
    "no-own-load",
    "islandrun-signal",
)


def make_strategy(name: str) -> Strategy:
    if name == "islandrun":
        return IslandRun()
    if name == "no-detection":
        return IslandRun(name, detection=False)
    if name == "no-capacity":
        return IslandRun(name, capacity=False)
    if name == "no-hysteresis":
        return IslandRun(name, margin=0.0)
    if name == "no-discovery":
        return IslandRun(name, discovery=False)
    if name == "no-own-load":
        return IslandRun(name, own_load=False)
    if name == "islandrun-signal":
        return IslandRun(name, signal=True)
    if name == "cloud-only":
        return _Fixed(name, "cloud")
    if name == "local-only":
        return _Fixed(name, LOCAL_ISLAND_ID)
    if name == "latency-greedy":
        return LatencyGreedy()
    if name == "privacy-only":
        return PrivacyOnly()
    raise ValueError(f"unknown strategy {name!r}; known: {', '.join(STRATEGIES)}")
