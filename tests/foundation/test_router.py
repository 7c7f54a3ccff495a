"""The router's behaviour case by case: filters, scoring, modes, explanation, errors."""

from __future__ import annotations

import pytest

from islandrun.core.errors import NoEligibleIslandError
from islandrun.core.islands import Certification, Island, IslandKind, Jurisdiction, Prices, TrustSpec
from islandrun.core.routing import (
    ApprovalAnswer,
    IslandState,
    Objective,
    Priority,
    RouteRequest,
    RoutingMode,
    RoutingPolicy,
    Snapshot,
    register_objective,
    route,
)
from islandrun.core.routing.objectives import OBJECTIVES
from islandrun.core.sensitivity import SensitivityLevel

LOCAL = Island.local(models=["gemma"], datasets=["notes"])
PEER = Island("laptop2", "Desktop", IslandKind.PEER, TrustSpec(1.0), models=("gemma", "llama"), paired=True)
EDGE = Island("edge", "Lab edge", IslandKind.EDGE, TrustSpec(0.8, Certification.ISO27001), models=("gemma", "llama"))
CLOUD = Island(
    "cloud",
    "Cloud",
    IslandKind.CLOUD,
    TrustSpec(0.5, Certification.SOC2, Jurisdiction.SAME_COUNTRY),  # 0.45
    prices=Prices(1.0, 4.0),
    models=("gemma", "llama", "big"),
    expected_latency_ms=300,
)
POLICY = RoutingPolicy()


def snap(*states: IslandState) -> Snapshot:
    return Snapshot.of(states)


def req(level: SensitivityLevel = SensitivityLevel.PUBLIC, **kw: object) -> RouteRequest:
    return RouteRequest("r1", level.score, **kw)  # type: ignore[arg-type]


def test_primary_work_always_stays_on_this_device_even_when_busy() -> None:
    world = snap(IslandState(LOCAL, capacity=0.0, accepting=frozenset()), IslandState(EDGE), IslandState(CLOUD))
    decision = route(req(priority=Priority.PRIMARY), world, POLICY)
    assert decision.island_id == "local"
    assert "primary work always runs on this device" in decision.explain()


def test_secondary_work_offloads_when_local_gate_is_closed() -> None:
    busy = IslandState(LOCAL, capacity=0.3, accepting=frozenset({Priority.PRIMARY}))
    decision = route(req(model="gemma"), snap(busy, IslandState(EDGE), IslandState(CLOUD)), POLICY)
    assert decision.island_id == "edge"  # free, trusted more than the cloud
    assert decision.sanitize  # 0.8 < 1.0: leaves the trust of this device
    assert "capacity C=0.30" in decision.explain()


def test_personal_group_is_never_sanitized() -> None:
    busy = IslandState(LOCAL, capacity=0.1, accepting=frozenset({Priority.PRIMARY}))
    decision = route(req(SensitivityLevel.RESTRICTED, model="gemma"), snap(busy, IslandState(PEER)), POLICY)
    assert decision.island_id == "laptop2" and not decision.sanitize


def test_unpaired_peer_never_receives_requests() -> None:
    stranger = Island("stranger", "?", IslandKind.PEER, TrustSpec(1.0), models=("gemma",), paired=False)
    busy = IslandState(LOCAL, capacity=0.1, accepting=frozenset())
    decision = route(req(model="gemma"), snap(busy, IslandState(stranger)), POLICY)
    assert decision.island_id == "local" and decision.queued_locally
    assert "not paired" in decision.explain()


def test_no_eligible_island_names_every_island_and_why() -> None:
    world = snap(IslandState(LOCAL, accepting=frozenset()), IslandState(EDGE, alive=False), IslandState(CLOUD))
    with pytest.raises(NoEligibleIslandError) as caught:
        route(req(SensitivityLevel.CONFIDENTIAL, model="gemma", dataset="tax-2025"), world, POLICY)
    reasons = caught.value.reasons
    assert set(reasons) == {"local", "edge", "cloud"}
    assert any(r.startswith("capacity:") for r in reasons["local"])
    assert any(r.startswith("dataset:") for r in reasons["local"])
    assert any(r.startswith("liveness:") for r in reasons["edge"])
    assert any(r.startswith("privacy:") and "P=0.45" in r and "s=0.70" in r for r in reasons["cloud"])


def test_restricted_data_never_leaves_the_personal_group_under_load() -> None:
    world = snap(IslandState(LOCAL, capacity=0.0, accepting=frozenset()), IslandState(EDGE), IslandState(CLOUD))
    decision = route(req(SensitivityLevel.RESTRICTED, model="gemma"), world, POLICY)
    # Nowhere private enough to offload to: the work waits in this device's queue.
    assert decision.island_id == "local" and decision.queued_locally
    assert "waits in the local queue" in decision.explain()


def test_a_busy_device_queues_only_when_capacity_is_all_that_stands_in_the_way() -> None:
    world = snap(IslandState(LOCAL, capacity=0.0, accepting=frozenset()), IslandState(CLOUD))
    # The cloud may take internal work: the busy device offloads, it does not queue.
    assert route(req(SensitivityLevel.INTERNAL, model="gemma"), world, POLICY).island_id == "cloud"
    # A dataset only the cloud lacks too: nothing may run it, queueing would not help.
    with pytest.raises(NoEligibleIslandError):
        route(req(SensitivityLevel.RESTRICTED, model="gemma", dataset="x"), world, POLICY)
    down = snap(IslandState(LOCAL, alive=False, accepting=frozenset()), IslandState(CLOUD))
    with pytest.raises(NoEligibleIslandError):
        route(req(SensitivityLevel.RESTRICTED, model="gemma"), down, POLICY)


def test_model_and_dataset_locality() -> None:
    busy = IslandState(LOCAL, capacity=0.2, accepting=frozenset())
    assert route(req(model="big"), snap(busy, IslandState(EDGE), IslandState(CLOUD)), POLICY).island_id == "cloud"
    decision = route(req(dataset="notes"), snap(IslandState(LOCAL), IslandState(EDGE)), POLICY)
    assert decision.island_id == "local"
    assert "does not hold dataset 'notes'" in decision.explain()


def test_budget_and_max_cost_exclude_paid_islands_only() -> None:
    busy = IslandState(LOCAL, capacity=0.2, accepting=frozenset())
    poor_cloud = IslandState(CLOUD, budget_left_usd=0.0001)
    request = req(model="big", input_tokens=1000, output_tokens=1000)  # $0.005 on CLOUD
    with pytest.raises(NoEligibleIslandError, match="remaining budget"):
        route(request, snap(busy, poor_cloud), POLICY)
    with pytest.raises(NoEligibleIslandError, match="max cost"):
        route(
            req(model="big", max_cost_usd=0.001, input_tokens=1000, output_tokens=1000),
            snap(busy, IslandState(CLOUD)),
            POLICY,
        )
    free_edge = IslandState(EDGE, budget_left_usd=0.0)  # owned: a budget never blocks it
    assert route(req(model="gemma"), snap(busy, free_edge), POLICY).island_id == "edge"


def test_latency_bound() -> None:
    busy = IslandState(LOCAL, accepting=frozenset())
    with pytest.raises(NoEligibleIslandError, match="exceeds the bound of 100 ms"):
        route(req(model="big", max_latency_ms=100), snap(busy, IslandState(CLOUD)), POLICY)


def test_approval_is_asked_for_and_denial_keeps_it_local() -> None:
    busy = IslandState(LOCAL, capacity=0.2, accepting=frozenset({Priority.PRIMARY}))
    world = snap(busy, IslandState(CLOUD))
    asked = route(req(SensitivityLevel.INTERNAL, model="big"), world, POLICY)
    assert asked.island_id == "cloud" and asked.needs_approval
    granted = route(req(SensitivityLevel.INTERNAL, model="big", approval=ApprovalAnswer.GRANTED), world, POLICY)
    assert granted.island_id == "cloud" and not granted.needs_approval
    public = route(req(SensitivityLevel.PUBLIC, model="big"), world, POLICY)
    assert not public.needs_approval  # default rule: only above public
    with pytest.raises(NoEligibleIslandError, match="user kept the request local"):
        route(req(SensitivityLevel.INTERNAL, model="big", approval=ApprovalAnswer.DENIED), world, POLICY)


def test_weighted_mode_trades_cost_latency_and_trust() -> None:
    cheap_slow = Island(
        "slow", "slow", IslandKind.CLOUD, TrustSpec(0.5), prices=Prices(0.1, 0.1), expected_latency_ms=900
    )
    dear_fast = Island("fast", "fast", IslandKind.CLOUD, TrustSpec(0.5), prices=Prices(10, 10), expected_latency_ms=100)
    world = snap(IslandState(cheap_slow), IslandState(dear_fast))
    cost_first = RoutingPolicy(weights={"cost": 3.0, "latency": 1.0, "trust": 1.0})
    speed_first = RoutingPolicy(weights={"cost": 1.0, "latency": 3.0, "trust": 1.0})
    assert route(req(), world, cost_first).island_id == "slow"
    assert route(req(), world, speed_first).island_id == "fast"
    assert route(req(), world, RoutingPolicy(mode=RoutingMode.CONSTRAINT, weights={"cost": 9.0})).island_id == "fast"


def test_a_new_objective_is_one_registration() -> None:
    """Carbon intensity as a new objective: registered once, named in the policy's weights."""
    carbon = {"green": 0.05, "coal": 0.9}
    register_objective(Objective("carbon_test", lambda state, _r: carbon[state.island.id]))
    try:
        green = Island("green", "g", IslandKind.EDGE, TrustSpec(0.8), expected_latency_ms=500)
        coal = Island("coal", "c", IslandKind.EDGE, TrustSpec(0.8), expected_latency_ms=100)
        world = snap(IslandState(green), IslandState(coal))
        assert route(req(), world, RoutingPolicy()).island_id == "coal"
        policy = RoutingPolicy(weights={"latency": 1.0, "carbon_test": 2.0})
        decision = route(req(), world, policy)
        assert decision.island_id == "green"
        assert "carbon_test" in decision.explain()
    finally:
        OBJECTIVES.pop("carbon_test")


def test_explanation_lists_every_island_with_its_fate() -> None:
    busy = IslandState(LOCAL, capacity=0.2, accepting=frozenset({Priority.PRIMARY}))
    decision = route(req(model="gemma"), snap(busy, IslandState(EDGE), IslandState(CLOUD, stale=True)), POLICY)
    text = decision.explain()
    assert "✗ local" in text and "✓ edge" in text and "· cloud (stale data)" in text
    assert [v.island_id for v in decision.verdicts] == ["cloud", "edge", "local"]


def test_a_request_goes_only_to_islands_that_can_do_what_it_asks() -> None:
    from dataclasses import replace

    from islandrun.core.islands import Feature

    busy = IslandState(LOCAL, capacity=0.3, accepting=frozenset({Priority.PRIMARY}))
    text_only_edge = IslandState(replace(EDGE, features=frozenset({Feature.TOOLS})))
    world = snap(busy, text_only_edge, IslandState(CLOUD))
    decision = route(req(model="gemma", needs=frozenset({Feature.JSON_OUTPUT})), world, POLICY)
    assert decision.island_id == "cloud"  # the edge would win on cost and trust, but cannot do JSON output
    assert "edge: excluded — features: cannot take json_output" in decision.explain()
    # Nobody on this device's side of the boundary can see logprobs of a sanitised text: the edge
    # and the cloud both receive sanitised text, so a logprobs request waits for this device.
    queued = route(req(model="gemma", needs=frozenset({Feature.LOGPROBS})), world, POLICY)
    assert queued.island_id == "local" and queued.queued_locally
    with pytest.raises(NoEligibleIslandError, match="cannot take vision"):
        route(req(model="gemma", needs=frozenset({Feature.VISION})), snap(IslandState(LOCAL)), POLICY)
