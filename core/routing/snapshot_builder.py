"""What the router sees, built from the live pieces: islands, capacity gates, liveness, budget headroom."""

from __future__ import annotations

import time
from collections.abc import Mapping

from ..capacity.hysteresis import CapacityGates
from ..islands import Island, IslandKind, IslandRegistry
from ..ledger import Ledger
from ..priority import Priority
from .snapshot import IslandState, Snapshot

__all__ = ["build_snapshot"]


def build_snapshot(
    registry: IslandRegistry,
    gates: CapacityGates,
    capacities: Mapping[str, float],
    ledger: Ledger | None = None,
    *,
    down: frozenset[str] = frozenset(),
    capacity_notes: Mapping[str, str] | None = None,
    now: float | None = None,
    commit: bool = True,
) -> Snapshot:
    """Assemble the router's snapshot: islands, capacity gates, liveness, budget headroom.

    Cloud APIs and edge servers reached over a plain OpenAI-style API report no capacity; they
    count as available while they answer (liveness covers them). This device and peers do
    report; when their report is missing they count as C = 0, so unknown capacity never lets
    work through (DESIGN §2 "Fault tolerance").

    Gates a capacity monitor owns (this device's) are only read here: the monitor changes them,
    with their dwell. A capacity of 0 with a note (a failed probe, a stalled monitor) still
    keeps secondary and burstable work away at once. The monitor's record of this device's own
    engine queue becomes the island's expected queue wait.

    ``commit=False`` (a dry run) reads the gates as they would be and changes none of them.
    """
    now = time.time() if now is None else now
    notes = dict(capacity_notes or {})
    states: list[IslandState] = []
    for island in registry.islands():
        capacity = _capacity_of(island, capacities, notes)
        accepting = gates.update(island.id, capacity, local=island.kind is IslandKind.LOCAL, commit=commit)
        if capacity <= 0.0 and notes.get(island.id):
            accepting = accepting & _PRIMARY_ONLY  # unknown capacity never lets other work through
        own = gates.own_work(island.id)
        if own is not None and own.depth > 0:
            queue = f"own queue: {own.depth} request(s), ~{own.wait_s:.1f} s expected wait"
            notes[island.id] = f"{notes[island.id]}; {queue}" if island.id in notes else queue
        states.append(
            IslandState(
                island=island,
                alive=island.id not in down,
                capacity=capacity,
                capacity_note=notes.get(island.id),
                accepting=accepting,
                queue_wait_s=0.0 if own is None else own.wait_s,
                queue_full=False if own is None else own.full,
                budget_left_usd=None if ledger is None or island.owned else ledger.remaining(island.id, now),
            )
        )
    return Snapshot.of(states, taken_at=now)


_PRIMARY_ONLY = frozenset({Priority.PRIMARY})


def _capacity_of(island: Island, capacities: Mapping[str, float], notes: dict[str, str]) -> float:
    if island.id in capacities:
        return capacities[island.id]
    if island.kind in (IslandKind.CLOUD, IslandKind.EDGE):
        return 1.0  # served over a plain API with no capacity report: available while it answers
    notes.setdefault(island.id, "no capacity report: counted as 0")
    return 0.0
