"""A consistent picture of every island at one instant: what the router decides on.

Built outside the router (from the registry, the capacity monitor's gates, liveness and the
ledger) and handed in whole, so a decision is a pure function of its inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..islands import Island
from .policy import Priority

__all__ = ["ALL_PRIORITIES", "IslandState", "Snapshot"]

ALL_PRIORITIES: frozenset[Priority] = frozenset(Priority)


@dataclass(frozen=True, slots=True)
class IslandState:
    island: Island
    alive: bool = True
    stale: bool = False  # from a cached list: usable, but said so in the explanation
    capacity: float = 1.0  # C_i ∈ [0, 1]; 0 when unknown (fail-safe)
    capacity_note: str | None = None  # why capacity is what it is, e.g. "probe failed: ..."
    accepting: frozenset[Priority] = ALL_PRIORITIES  # tiers whose hysteresis gate is open
    latency_ms: float | None = None  # measured EWMA; None → the island's expected latency
    budget_left_usd: float | None = None  # None: no budget applies
    # The island's own engine queue (this device's, from TIDE): a request that runs here waits
    # this long first. It is part of the latency the router weighs, so "wait here" is compared
    # with "send elsewhere"; a full queue takes no secondary or burstable work.
    queue_wait_s: float = 0.0
    queue_full: bool = False

    @property
    def service_latency_ms(self) -> float:
        """Latency of the island itself, without any wait in its queue."""
        return self.latency_ms if self.latency_ms is not None else self.island.latency_estimate_ms

    @property
    def effective_latency_ms(self) -> float:
        """What a request sent now should expect: the queue's wait, then the island's latency."""
        return self.service_latency_ms + 1000.0 * self.queue_wait_s


@dataclass(frozen=True, slots=True)
class Snapshot:
    islands: tuple[IslandState, ...] = field(default_factory=tuple)
    taken_at: float = 0.0

    @staticmethod
    def of(states: Iterable[IslandState], taken_at: float = 0.0) -> Snapshot:
        return Snapshot(tuple(sorted(states, key=lambda s: s.island.id)), taken_at)
