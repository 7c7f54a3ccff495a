"""The hard filters of WAVES, fail-closed (DESIGN §2 "Routing", step 1).

Each filter looks at one island for one request and returns ``None`` (passes) or a reason a
person can read. The router runs every filter on every island and records every failure, so
the explanation says all that stood in the way, not only the first thing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..islands import Feature, IslandKind
from ..privacy.boundary import needs_sanitizing
from .objectives import estimated_cost
from .policy import ApprovalAnswer, Priority, RoutingPolicy
from .request import RouteRequest
from .snapshot import IslandState

__all__ = ["FILTERS", "Check", "Filter", "active_filters", "needs_approval"]

Check = Callable[[IslandState, RouteRequest, RoutingPolicy], str | None]


class Filter(NamedTuple):
    name: str
    check: Check
    # Whether the filter can exclude anything for this request at all; a filter that cannot
    # (no model asked for, no latency bound, ...) is skipped on the hot path.
    applies: Callable[[RouteRequest], bool] = lambda _request: True


def membership(state: IslandState, _request: RouteRequest, _policy: RoutingPolicy) -> str | None:
    island = state.island
    if island.kind is IslandKind.PEER and not island.paired:
        return "discovered but not paired: unpaired devices never receive requests"
    return None


def local_only(state: IslandState, _request: RouteRequest, policy: RoutingPolicy) -> str | None:
    if policy.local_only and state.island.kind is not IslandKind.LOCAL:
        return "offloading is paused (local only)"
    return None


def liveness(state: IslandState, _request: RouteRequest, _policy: RoutingPolicy) -> str | None:
    return None if state.alive else "down (no heartbeat or health check)"


def privacy(state: IslandState, request: RouteRequest, _policy: RoutingPolicy) -> str | None:
    p = state.island.privacy
    if p + 1e-9 >= request.sensitivity:
        return None
    return f"privacy P={p:.2f} is below the request's sensitivity s={request.sensitivity:.2f}"


def model(state: IslandState, request: RouteRequest, _policy: RoutingPolicy) -> str | None:
    if state.island.serves_model(request.model):
        return None
    return f"does not serve model {request.model!r}"


def dataset(state: IslandState, request: RouteRequest, _policy: RoutingPolicy) -> str | None:
    if request.dataset is None or request.dataset in state.island.datasets:
        return None
    return f"does not hold dataset {request.dataset!r} (queries go to where the data is)"


def features(state: IslandState, request: RouteRequest, policy: RoutingPolicy) -> str | None:
    missing = sorted(request.needs - state.island.features)
    if missing:
        return f"cannot take {', '.join(missing)}"
    if Feature.LOGPROBS in request.needs and needs_sanitizing(state.island, policy.source_trust):
        return "logprobs of a sanitised request would be those of the placeholders, not of your text"
    return None


def capacity(state: IslandState, request: RouteRequest, policy: RoutingPolicy) -> str | None:
    island = state.island
    if request.priority is Priority.PRIMARY:
        if island.kind is IslandKind.LOCAL:
            return None  # primary work always runs here; it queues when busy
        return "primary work always runs on this device"
    if island.kind is IslandKind.CLOUD:
        return None  # elastic: cloud APIs do not report capacity
    if state.queue_full:
        return f"its engine queue is full (~{state.queue_wait_s:.0f} s of work waiting)"
    if request.priority in state.accepting:
        return None  # a queue that is not full is a wait, weighed in the latency objective
    note = f" ({state.capacity_note})" if state.capacity_note else ""
    if island.kind is IslandKind.LOCAL:
        theta = policy.secondary_threshold if request.priority is Priority.SECONDARY else policy.burstable_threshold
        return (
            f"capacity C={state.capacity:.2f}{note}: {request.priority.value} work offloads below θ={theta:.2f}"
            f" and returns above {theta + policy.hysteresis_margin:.2f}"
        )
    return f"capacity C={state.capacity:.2f}{note} is inside its {policy.buffer:.0%} buffer"


def latency(state: IslandState, request: RouteRequest, _policy: RoutingPolicy) -> str | None:
    # Primary work queues on this device whatever the wait (it never leaves): only the device's
    # own latency is held against its bound. Everything else counts the queue's wait too.
    primary_here = request.priority is Priority.PRIMARY and state.island.kind is IslandKind.LOCAL
    expected = state.service_latency_ms if primary_here else state.effective_latency_ms
    if request.max_latency_ms is None or expected <= request.max_latency_ms:
        return None
    wait = f" (incl. ~{state.queue_wait_s:.1f} s queue wait)" if state.queue_wait_s > 0 and not primary_here else ""
    return f"latency {expected:.0f} ms{wait} exceeds the bound of {request.max_latency_ms:.0f} ms"


def budget(state: IslandState, request: RouteRequest, _policy: RoutingPolicy) -> str | None:
    cost = estimated_cost(state, request)
    if cost == 0.0:
        return None  # owned hardware is never blocked by a budget
    if request.max_cost_usd is not None and cost > request.max_cost_usd + 1e-12:
        return f"estimated cost ${cost:.6f} exceeds the request's max cost ${request.max_cost_usd:.6f}"
    if state.budget_left_usd is not None and cost > state.budget_left_usd + 1e-12:
        return f"estimated cost ${cost:.6f} exceeds the remaining budget ${max(state.budget_left_usd, 0.0):.6f}"
    return None


def needs_approval(state: IslandState, request: RouteRequest, policy: RoutingPolicy) -> bool:
    return policy.approval.required(state.island.tier, request.sensitivity)


def approval(state: IslandState, request: RouteRequest, policy: RoutingPolicy) -> str | None:
    if request.approval is ApprovalAnswer.DENIED and needs_approval(state, request, policy):
        return "needs approval, and the user kept the request local"
    return None


# The order is the order of the explanation; every filter that applies runs on every island.
FILTERS: tuple[Filter, ...] = (
    Filter("membership", membership),
    Filter("local-only", local_only),
    Filter("liveness", liveness),
    Filter("privacy", privacy),
    Filter("model", model, lambda r: r.model is not None),
    Filter("dataset", dataset, lambda r: r.dataset is not None),
    Filter("features", features, lambda r: bool(r.needs)),
    Filter("capacity", capacity),
    Filter("latency", latency, lambda r: r.max_latency_ms is not None),
    Filter("budget", budget),
    Filter("approval", approval, lambda r: r.approval is ApprovalAnswer.DENIED),
)


def active_filters(request: RouteRequest) -> tuple[Filter, ...]:
    return tuple(f for f in FILTERS if f.applies(request))
