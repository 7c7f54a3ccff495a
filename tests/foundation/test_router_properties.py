"""Invariants of the router (WAVES) over random islands, requests and policies."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from islandrun.core.capacity.hysteresis import CapacityGates
from islandrun.core.errors import NoEligibleIslandError
from islandrun.core.islands import Island, IslandKind, TrustSpec
from islandrun.core.routing import IslandState, Priority, RouteDecision, RouteRequest, RoutingPolicy, Snapshot, route

from .strategies import policies, requests, snapshots


def try_route(request: RouteRequest, snapshot: Snapshot, policy: RoutingPolicy) -> RouteDecision | None:
    try:
        return route(request, snapshot, policy)
    except NoEligibleIslandError:
        return None


@settings(max_examples=400)
@given(requests(), snapshots(), policies())
def test_chosen_island_always_has_privacy_at_least_sensitivity(
    request: RouteRequest, snapshot: Snapshot, policy: RoutingPolicy
) -> None:
    decision = try_route(request, snapshot, policy)
    if decision is not None:
        assert decision.island.privacy + 1e-9 >= request.sensitivity
        chosen = [v for v in decision.verdicts if v.chosen]
        assert len(chosen) == 1 and chosen[0].island_id == decision.island_id and chosen[0].eligible


@settings(max_examples=300)
@given(requests(), snapshots(), policies(), st.randoms(use_true_random=False))
def test_load_cost_and_failures_never_push_a_request_below_its_privacy(
    request: RouteRequest, snapshot: Snapshot, policy: RoutingPolicy, rnd: random.Random
) -> None:
    """Degrade the world at random — capacity to zero, budgets exhausted, islands down —
    and the request either fails or still lands on an island with P ≥ s."""
    degraded = Snapshot.of(
        dataclasses.replace(
            state,
            capacity=0.0 if rnd.random() < 0.5 else state.capacity,
            accepting=frozenset() if rnd.random() < 0.5 else state.accepting,
            budget_left_usd=0.0 if rnd.random() < 0.5 else state.budget_left_usd,
            alive=state.alive and rnd.random() < 0.5,
        )
        for state in snapshot.islands
    )
    for world in (snapshot, degraded):
        decision = try_route(request, world, policy)
        if decision is not None:
            assert decision.island.privacy + 1e-9 >= request.sensitivity


@settings(max_examples=300)
@given(requests(), snapshots(), policies(), st.randoms(use_true_random=False))
def test_identical_inputs_give_identical_decisions(
    request: RouteRequest, snapshot: Snapshot, policy: RoutingPolicy, rnd: random.Random
) -> None:
    shuffled = list(snapshot.islands)
    rnd.shuffle(shuffled)
    outcomes = []
    for world in (snapshot, snapshot, Snapshot(tuple(shuffled))):
        try:
            decision = route(request, world, policy)
            outcomes.append(("ok", decision.island_id, decision.verdicts, decision.sanitize, decision.needs_approval))
        except NoEligibleIslandError as exc:
            outcomes.append(("error", str(exc)))
    assert outcomes[0] == outcomes[1] == outcomes[2]


@settings(max_examples=300)
@given(
    theta=st.floats(0.05, 0.85),
    margin=st.floats(0.01, 0.15),
    start_high=st.booleans(),
    trace=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60),
    priority=st.sampled_from([Priority.SECONDARY, Priority.BURSTABLE]),
)
def test_hysteresis_never_changes_the_route_inside_the_dead_band(
    theta: float, margin: float, start_high: bool, trace: list[float], priority: Priority
) -> None:
    """Put the gate in a state (capacity well above or below θ), then wander inside
    [θ, θ + margin]: the route must not change on any sample."""
    policy = RoutingPolicy(secondary_threshold=theta, burstable_threshold=theta, hysteresis_margin=margin)
    local = Island.local(models=["m"])
    edge = Island("edge", "Edge", IslandKind.EDGE, TrustSpec(0.8), models=("m",))
    gates = CapacityGates(policy)
    request = RouteRequest("r", 0.1, priority=priority, model="m")

    def route_at(capacity: float) -> str:
        accepting = gates.update(local.id, capacity, local=True)
        snapshot = Snapshot.of(
            [IslandState(local, capacity=capacity, accepting=accepting), IslandState(edge, capacity=1.0)]
        )
        return route(request, snapshot, policy).island_id

    first = route_at(min(1.0, theta + margin + 0.05) if start_high else max(0.0, theta - 0.05))
    for sample in trace:
        inside = theta + sample * margin  # a point of the dead band [θ, θ + margin]
        assert route_at(inside) == first
