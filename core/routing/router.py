"""``route(request, snapshot, policy) -> RouteDecision``: the WAVES decision, pure.

1. Hard filters (:mod:`.filters`) on every island; every failure is recorded.
2. The eligible islands are scored (:mod:`.objectives`) — weighted mode, lowest score wins —
   or, in constraint mode, the lowest latency wins. Ties go to the island id, so identical
   inputs always give identical decisions.
3. No eligible island → :class:`NoEligibleIslandError` naming why each island was excluded.
   Privacy is never relaxed to find a route.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from ..errors import NoEligibleIslandError
from ..islands import Island, IslandKind
from ..privacy.boundary import needs_sanitizing
from .filters import Filter, active_filters, needs_approval
from .objectives import OBJECTIVES, estimated_cost
from .policy import ApprovalAnswer, RoutingMode, RoutingPolicy
from .request import RouteRequest
from .snapshot import IslandState, Snapshot

__all__ = ["Exclusion", "IslandVerdict", "RouteDecision", "route"]

_EMPTY: Mapping[str, float] = MappingProxyType({})


# Named tuples, not frozen dataclasses: one verdict per island per request is on the hot
# path, and a frozen dataclass pays an object.__setattr__ per field.
class Exclusion(NamedTuple):
    filter: str
    reason: str


class IslandVerdict(NamedTuple):
    island_id: str
    name: str
    exclusions: tuple[Exclusion, ...] = ()
    score: float | None = None
    components: Mapping[str, float] = _EMPTY
    chosen: bool = False
    stale: bool = False

    @property
    def eligible(self) -> bool:
        return not self.exclusions


@dataclass(frozen=True, slots=True)
class RouteDecision:
    request_id: str
    island: Island
    mode: RoutingMode
    sanitize: bool  # content goes to lower trust than its source: MIST must sanitize
    needs_approval: bool  # the policy wants a human yes before dispatch
    estimated_cost_usd: float
    verdicts: tuple[IslandVerdict, ...]
    # The device was too busy for this tier and no other island could take the work: it waits
    # in this device's queue instead (the most private place there is; nothing is relaxed).
    queued_locally: bool = False

    @property
    def island_id(self) -> str:
        return self.island.id

    def explain(self) -> str:
        lines = [f"request {self.request_id} → {self.island.name} [{self.island.id}] ({self.mode.value} mode)"]
        if self.sanitize:
            lines.append("  content will be sanitized: the island's trust is below this device's")
        if self.queued_locally:
            lines.append("  this device is busy and no other island may take the work: it waits in the local queue")
        if self.needs_approval:
            lines.append("  waiting for approval: the policy asks for a human yes for this offload")
        lines.extend(describe_verdict(verdict) for verdict in self.verdicts)
        return "\n".join(lines)


def describe_verdict(verdict: IslandVerdict) -> str:
    stale = " (stale data)" if verdict.stale else ""
    if not verdict.eligible:
        reasons = "; ".join(f"{e.filter}: {e.reason}" for e in verdict.exclusions)
        return f"  ✗ {verdict.island_id}{stale}: excluded — {reasons}"
    mark = "✓" if verdict.chosen else "·"
    parts = ", ".join(f"{name} {value:+.3f}" for name, value in verdict.components.items())
    score = f"score {verdict.score:.3f}" if verdict.score is not None else "eligible"
    return f"  {mark} {verdict.island_id}{stale}: {score}" + (f" ({parts})" if parts else "")


def _exclusions(
    state: IslandState, request: RouteRequest, policy: RoutingPolicy, filters: tuple[Filter, ...]
) -> tuple[Exclusion, ...]:
    found: list[Exclusion] = []
    for name, check, _applies in filters:
        reason = check(state, request, policy)
        if reason is not None:
            found.append(Exclusion(name, reason))
    return tuple(found) if found else ()


def _weighted_scores(
    candidates: list[IslandState], request: RouteRequest, policy: RoutingPolicy
) -> dict[str, tuple[float, dict[str, float]]]:
    components: dict[str, dict[str, float]] = {state.island.id: {} for state in candidates}
    for name in sorted(policy.weights):
        weight = policy.weights[name]
        objective = OBJECTIVES.get(name)
        if objective is None or weight == 0.0:
            continue
        values = [objective.value(state, request) for state in candidates]
        if objective.normalize:
            low, high = min(values), max(values)
            span = high - low
            values = [(v - low) / span if span > 0 else 0.0 for v in values]
        sign = -1.0 if objective.higher_is_better else 1.0
        for state, value in zip(candidates, values, strict=True):
            components[state.island.id][name] = sign * weight * value
    return {island_id: (sum(parts.values()), parts) for island_id, parts in components.items()}


def route(request: RouteRequest, snapshot: Snapshot, policy: RoutingPolicy) -> RouteDecision:
    """Decide where ``request`` runs. Raises :class:`NoEligibleIslandError` when nowhere may."""
    states = sorted(snapshot.islands, key=lambda s: s.island.id)
    filters = active_filters(request)
    exclusions = {state.island.id: _exclusions(state, request, policy, filters) for state in states}
    candidates = [state for state in states if not exclusions[state.island.id]]
    queued_locally = False
    if not candidates:
        # Offloading is a preference, not a privacy rule: with nowhere to offload to, work that
        # only the capacity filter kept off this device queues here (primary work first).
        candidates = [
            state
            for state in states
            if state.island.kind is IslandKind.LOCAL
            and all(e.filter == "capacity" for e in exclusions[state.island.id])
        ]
        queued_locally = bool(candidates)
    if not candidates:
        raise NoEligibleIslandError(
            request.request_id,
            {island_id: [f"{e.filter}: {e.reason}" for e in found] for island_id, found in exclusions.items()},
        )

    scores: dict[str, tuple[float, dict[str, float]]]
    if policy.mode is RoutingMode.CONSTRAINT:
        scores = {s.island.id: (s.effective_latency_ms, {"latency_ms": s.effective_latency_ms}) for s in candidates}
    else:
        scores = _weighted_scores(candidates, request, policy)
    best = min(candidates, key=lambda s: (round(scores[s.island.id][0], 12), s.island.id))

    verdicts = tuple(
        IslandVerdict(
            island_id=state.island.id,
            name=state.island.name,
            exclusions=() if queued_locally and state.island.id in scores else exclusions[state.island.id],
            score=scores[state.island.id][0] if state.island.id in scores else None,
            components=scores[state.island.id][1] if state.island.id in scores else _EMPTY,
            chosen=state is best,
            stale=state.stale,
        )
        for state in states
    )
    island = best.island
    return RouteDecision(
        request_id=request.request_id,
        island=island,
        mode=policy.mode,
        sanitize=needs_sanitizing(island, policy.source_trust),
        needs_approval=request.approval is not ApprovalAnswer.GRANTED and needs_approval(best, request, policy),
        estimated_cost_usd=estimated_cost(best, request),
        verdicts=verdicts,
        queued_locally=queued_locally,
    )
