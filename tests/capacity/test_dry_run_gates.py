"""A dry run answers where a request would run and changes nothing (issue 17): the peers' capacity
gates, which a real route updates from each snapshot, stay as they were, flips included."""

from __future__ import annotations

from islandrun.core.capacity.hysteresis import CapacityGates
from islandrun.core.islands import Island, IslandKind, IslandRegistry, TrustSpec
from islandrun.core.routing import Priority, RoutingPolicy
from islandrun.core.routing.snapshot_builder import build_snapshot

PEER = Island("laptop", "My laptop", IslandKind.PEER, TrustSpec(0.95), models=("m",), endpoint="https://10.0.0.2:8443")
REGISTRY = IslandRegistry([PEER])


def accepting_after(gates: CapacityGates, capacity: float, *, commit: bool) -> frozenset[Priority]:
    snapshot = build_snapshot(REGISTRY, gates, {"laptop": capacity}, commit=commit)
    return next(s.accepting for s in snapshot.islands if s.island.id == "laptop")


def test_a_dry_run_sees_the_gate_close_but_leaves_it_open() -> None:
    gates = CapacityGates(RoutingPolicy())
    assert Priority.SECONDARY in accepting_after(gates, 0.9, commit=True)
    before = gates.accepting("laptop")

    dry = accepting_after(gates, 0.05, commit=False)  # the peer is full: a real route would close
    assert Priority.SECONDARY not in dry and Priority.BURSTABLE not in dry
    assert gates.accepting("laptop") == before  # ... but the dry run changed nothing
    assert gates.flips() == {"laptop": 0}

    real = accepting_after(gates, 0.05, commit=True)
    assert real == dry and gates.flips()["laptop"] > 0  # the same answer, now for real


def test_a_dry_run_inside_the_dead_band_answers_what_the_gate_would_say() -> None:
    gates = CapacityGates(RoutingPolicy())
    accepting_after(gates, 0.05, commit=True)  # closed
    policy = RoutingPolicy()
    inside_band = policy.buffer + policy.hysteresis_margin / 2  # a peer's gates use the buffer
    assert Priority.SECONDARY not in accepting_after(gates, inside_band, commit=False)  # would stay closed
    assert Priority.SECONDARY in accepting_after(gates, 0.95, commit=False)  # would reopen
    assert Priority.SECONDARY not in (gates.accepting("laptop") or frozenset())  # yet is still closed


def test_a_dry_run_before_any_real_route_creates_no_gate() -> None:
    gates = CapacityGates(RoutingPolicy())
    assert Priority.SECONDARY not in accepting_after(gates, 0.05, commit=False)
    assert gates.accepting("laptop") is None and gates.flips() == {}
