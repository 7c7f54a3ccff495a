"""Hypothesis strategies for islands, snapshots, requests and policies."""

from __future__ import annotations

from hypothesis import strategies as st

from islandrun.core.islands import Certification, Island, IslandKind, IslandTier, Jurisdiction, Prices, TrustSpec
from islandrun.core.routing import (
    ApprovalAnswer,
    ApprovalRules,
    IslandState,
    Priority,
    RouteRequest,
    RoutingMode,
    RoutingPolicy,
    Snapshot,
)

MODELS = ("m1", "m2", "m3")
DATASETS = ("notes", "code")
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def islands(draw: st.DrawFn, index: int) -> Island:
    kind = draw(st.sampled_from(list(IslandKind)))
    priced = kind in (IslandKind.CLOUD, IslandKind.EDGE) and draw(st.booleans())
    return Island(
        id=f"i{index:03d}" if kind is not IslandKind.LOCAL else f"local{index:03d}",
        name=f"island {index}",
        kind=kind,
        trust_spec=TrustSpec(
            draw(fractions), draw(st.sampled_from(list(Certification))), draw(st.sampled_from(list(Jurisdiction)))
        ),
        privacy_override=draw(st.none() | fractions),
        prices=Prices(draw(st.floats(0, 30)), draw(st.floats(0, 60))) if priced else Prices(),
        models=tuple(draw(st.lists(st.sampled_from(MODELS), unique=True, max_size=3))),
        datasets=tuple(draw(st.lists(st.sampled_from(DATASETS), unique=True, max_size=2))),
        expected_latency_ms=draw(st.none() | st.floats(1, 5000)),
        paired=draw(st.booleans()),
    )


@st.composite
def states(draw: st.DrawFn, index: int) -> IslandState:
    return IslandState(
        island=draw(islands(index)),
        alive=draw(st.booleans()),
        capacity=draw(fractions),
        accepting=frozenset(draw(st.sets(st.sampled_from(list(Priority))))),
        latency_ms=draw(st.none() | st.floats(1, 5000)),
        budget_left_usd=draw(st.none() | st.floats(0, 5)),
    )


@st.composite
def snapshots(draw: st.DrawFn, min_size: int = 0, max_size: int = 12) -> Snapshot:
    n = draw(st.integers(min_size, max_size))
    return Snapshot.of([draw(states(i)) for i in range(n)])


@st.composite
def requests(draw: st.DrawFn) -> RouteRequest:
    return RouteRequest(
        request_id="r",
        sensitivity=draw(fractions),
        priority=draw(st.sampled_from(list(Priority))),
        model=draw(st.none() | st.sampled_from(MODELS)),
        dataset=draw(st.none() | st.sampled_from(DATASETS)),
        max_latency_ms=draw(st.none() | st.floats(1, 5000)),
        max_cost_usd=draw(st.none() | st.floats(0, 1)),
        input_tokens=draw(st.integers(0, 20_000)),
        output_tokens=draw(st.integers(0, 4_000)),
        approval=draw(st.sampled_from(list(ApprovalAnswer))),
    )


@st.composite
def policies(draw: st.DrawFn) -> RoutingPolicy:
    return RoutingPolicy(
        mode=draw(st.sampled_from(list(RoutingMode))),
        weights={name: draw(st.floats(0, 5)) for name in ("cost", "latency", "trust")},
        secondary_threshold=draw(fractions),
        burstable_threshold=draw(fractions),
        buffer=draw(st.sampled_from([0.1, 0.2, 0.3])),
        approval=ApprovalRules(
            min_tier=draw(st.none() | st.sampled_from(list(IslandTier))), above_sensitivity=draw(fractions)
        ),
    )
