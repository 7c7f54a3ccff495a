"""The discrete-event loop: arrivals, TIDE's sampling ticks, dispatch, failures and one failover.

For every request: MIST's detection result (computed once per trace with the real
``assess``), then the strategy's choice, then the simulated island serves it — or is found busy,
dead or failing, in which case the request fails over once, as the daemon's dispatcher does.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from islandrun.core.islands import IslandKind
from islandrun.core.privacy.assess import assess
from islandrun.core.privacy.levels import Assessment
from islandrun.core.routing.request import RouteRequest
from islandrun.core.sensitivity import SensitivityLevel

from .scenarios import MAX_TOKENS, Scenario, TraceRequest
from .strategies import Context, Strategy
from .world import IslandRuntime, Job

__all__ = ["TICK_S", "Outcome", "Run", "detect", "simulate"]

TICK_S = 5.0  # TIDE samples every second; the simulation feeds the gates every 5 s (speed)
MAX_ATTEMPTS = 2  # the first try and one failover
ERROR_S = 0.5  # an HTTP error comes back about this fast


@dataclass(frozen=True, slots=True)
class Outcome:
    index: int
    t: float
    priority: str
    domain: str
    true_level: SensitivityLevel
    detected_level: SensitivityLevel
    island: str | None  # where it finally ran (None: failed)
    ok: bool
    reason: str  # why it failed ("" when ok)
    latency_s: float  # arrival → last token (served requests)
    wait_s: float  # time spent in an island's queue
    cost_usd: float
    queued: bool  # waited for a slot, or the router queued it locally
    violation: bool  # content went to an island whose P is below the TRUE sensitivity
    exposed_to: tuple[str, ...]  # every island that received the content (failover included)


@dataclass
class Run:
    scenario: str
    strategy: str
    outcomes: list[Outcome]
    gate_flips: int
    # Measured, machine-dependent (IslandRun strategies with timing on): build_snapshot + route
    # once, and route alone as the fastest of three calls.
    decision_times_s: list[float] = field(default_factory=list)
    route_times_s: list[float] = field(default_factory=list)


def detect(scenario: Scenario) -> list[Assessment]:
    """MIST's pattern stage on every request of the trace (system prompt included)."""
    return [assess(r.messages) for r in scenario.trace]


def _route_request(r: TraceRequest, found: Assessment) -> RouteRequest:
    return RouteRequest(
        request_id=f"r{r.index}",
        sensitivity=found.score,
        priority=r.priority,
        input_tokens=r.input_tokens,
        output_tokens=MAX_TOKENS,
    )


DONE, TICK, ARRIVE = 0, 1, 2  # at equal times: completions, then TIDE's sample, then arrivals
RANK = {"primary": 0, "secondary": 1, "burstable": 2}


@dataclass(frozen=True, slots=True)
class _Arrival:
    index: int
    attempt: int
    excluded: frozenset[str]
    exposed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Done:
    island: str
    job: Job


@dataclass(frozen=True, slots=True)
class _Meta:
    exposed: tuple[str, ...]
    queued_locally: bool


def simulate(
    scenario: Scenario,
    strategy: Strategy,
    assessments: Sequence[Assessment],
    *,
    time_decisions: bool = False,
    tick_s: float = TICK_S,
) -> Run:
    runtimes = {
        m.island.id: IslandRuntime.create(m, seed=hash_id(str(scenario.seed), scenario.name, m.island.id))
        for m in scenario.islands
    }
    order = [m.island.id for m in scenario.islands]
    events: list[tuple[float, int, int, _Arrival | _Done | None]] = []
    counter = 0

    def push(t: float, kind: int, payload: _Arrival | _Done | None) -> None:
        nonlocal counter
        heapq.heappush(events, (t, kind, counter, payload))
        counter += 1

    for r in scenario.trace:
        push(r.t, ARRIVE, _Arrival(r.index, 0, frozenset(), ()))
    if strategy.uses_gates and scenario.trace:
        t = scenario.trace[0].t - 120.0
        while t < scenario.trace[-1].t + 600.0:
            push(t, TICK, None)
            t += tick_s
    outcomes: dict[int, Outcome] = {}
    meta: dict[Job, _Meta] = {}
    timings: list[tuple[float, float]] | None = [] if time_decisions and hasattr(strategy, "timings") else None
    if timings is not None:
        strategy.timings = timings  # type: ignore[attr-defined]

    def finish(r: TraceRequest, exposed: tuple[str, ...], **kw: object) -> None:
        violation = any(runtimes[i].island.privacy + 1e-9 < r.prompt.true_level.score for i in exposed)
        outcomes[r.index] = Outcome(
            index=r.index,
            t=r.t,
            priority=r.priority.value,
            domain=r.prompt.domain,
            true_level=r.prompt.true_level,
            detected_level=assessments[r.index].level,
            violation=violation,
            exposed_to=exposed,
            **kw,  # type: ignore[arg-type]
        )

    def served(island_id: str, job: Job) -> None:
        r, m = scenario.trace[job.index], meta.pop(job)
        rt = runtimes[island_id]
        wait = max(0.0, job.start - job.ready)
        finish(
            r,
            m.exposed,
            island=island_id,
            ok=True,
            reason="",
            latency_s=job.end + job.network / 2 - r.t,
            wait_s=wait,
            cost_usd=rt.island.prices.cost(r.input_tokens, r.output_tokens),
            queued=wait > 0.0 or m.queued_locally,
        )

    failed = {"ok": False, "latency_s": 0.0, "wait_s": 0.0, "cost_usd": 0.0, "queued": False}
    while events:
        t, kind, _, payload = heapq.heappop(events)
        if kind == TICK:
            strategy.tick(t, runtimes)
            continue
        if isinstance(payload, _Done):
            rt = runtimes[payload.island]
            served(payload.island, payload.job)
            nxt = rt.complete(payload.job)
            if nxt is not None:
                push(nxt.end, DONE, _Done(payload.island, nxt))
            continue
        assert isinstance(payload, _Arrival)
        r = scenario.trace[payload.index]
        attempt, exposed = payload.attempt, payload.exposed
        found_islands = None
        if strategy.per_request_discovery:
            found_islands = frozenset(
                island_id
                for i, island_id in enumerate(order)
                if runtimes[island_id].island.kind in (IslandKind.LOCAL, IslandKind.CLOUD)
                or (runtimes[island_id].up(t) and r.u_discover[i] < runtimes[island_id].model.discover_p)
            )
        ctx = Context(t, _route_request(r, assessments[r.index]), runtimes, payload.excluded, found_islands)
        choice = strategy.choose(ctx)
        if choice.island_id is None:
            finish(r, exposed, island=None, reason=choice.reason, **failed)
            continue
        rt = runtimes[choice.island_id]
        dispatch = t + strategy.discovery_s if attempt == 0 else t
        retry_at: float | None = None
        why = ""
        if rt.queue_full():
            if rt.island.kind is IslandKind.LOCAL:
                finish(r, exposed, island=None, reason="busy: the local queue is full (503)", **failed)
                continue
            retry_at, why = dispatch + ERROR_S, f"{rt.island.id} busy"
        elif not rt.up(dispatch):
            retry_at, why = dispatch + rt.model.timeout_s, f"{rt.island.id} unreachable"
        elif rt.errors(r.u_error if attempt == 0 else (r.u_error * 7.31) % 1.0):
            exposed = (*exposed, rt.island.id)
            retry_at, why = dispatch + ERROR_S, f"{rt.island.id} returned an error"
        if retry_at is not None:
            if attempt + 1 < MAX_ATTEMPTS:
                push(retry_at, ARRIVE, _Arrival(r.index, attempt + 1, payload.excluded | {rt.island.id}, exposed))
            else:
                finish(r, exposed, island=None, reason=why, **failed)
            continue
        network = rt.network(r.z_rtt)
        job = Job(
            index=r.index,
            seq=counter,
            rank=RANK[r.priority.value],
            ready=dispatch + network / 2,
            service=rt.service_time(r.input_tokens, r.output_tokens, r.z_ttft, dispatch),
            network=network,
        )
        meta[job] = _Meta((*exposed, rt.island.id), choice.queued_locally)
        if rt.admit(job) is not None:
            push(job.end, DONE, _Done(rt.island.id, job))
    return Run(
        scenario.name,
        strategy.name,
        [outcomes[i] for i in sorted(outcomes)],
        strategy.gate_flips(),
        [once for once, _ in timings or ()],
        [fastest for _, fastest in timings or ()],
    )


def hash_id(*parts: str) -> int:
    """A stable seed from names (Python's ``hash`` of a str changes per process)."""
    value = 2166136261
    for ch in "/".join(parts):
        value = ((value ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return value
