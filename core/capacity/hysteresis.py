"""Hysteresis gates: the part of TIDE the router reads.

A gate guards one (island, priority tier) pair. It *closes* (offload) when capacity falls
below its threshold θ and *opens* again only when capacity rises above θ + margin (0.10 by
default), so a capacity wandering inside the dead band [θ, θ + margin] never flips the route.

:class:`CapacityGates` keeps one gate per island and tier and turns capacity samples into
the ``accepting`` sets the routing snapshot carries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..routing.policy import Priority, RoutingPolicy

__all__ = ["CapacityGates", "HysteresisGate", "thresholds_for"]


@dataclass(slots=True)
class HysteresisGate:
    threshold: float
    margin: float = 0.10
    open: bool = True
    flips: int = 0

    def update(self, capacity: float) -> bool:
        """Feed one capacity sample; return whether the gate is open afterwards."""
        if self.open and capacity < self.threshold:
            self.open = False
            self.flips += 1
        elif not self.open and capacity > self.threshold + self.margin:
            self.open = True
            self.flips += 1
        return self.open


def thresholds_for(policy: RoutingPolicy, local: bool) -> dict[Priority, float]:
    """θ per tier. Local: primary never offloads (0), secondary/burstable from the policy.
    Remote islands that report capacity (peers, edge) accept work while above the buffer."""
    if local:
        return {
            Priority.PRIMARY: 0.0,
            Priority.SECONDARY: policy.secondary_threshold,
            Priority.BURSTABLE: policy.burstable_threshold,
        }
    return dict.fromkeys(Priority, policy.buffer)


class CapacityGates:
    """One hysteresis gate per (island, tier); not thread-safe (owned by the capacity loop)."""

    def __init__(self, policy: RoutingPolicy) -> None:
        self._policy = policy
        self._gates: dict[str, dict[Priority, HysteresisGate]] = {}

    def update(self, island_id: str, capacity: float, *, local: bool) -> frozenset[Priority]:
        gates = self._gates.get(island_id)
        if gates is None:
            gates = {
                priority: HysteresisGate(threshold, self._policy.hysteresis_margin)
                for priority, threshold in thresholds_for(self._policy, local).items()
            }
            self._gates[island_id] = gates
        return frozenset(priority for priority, gate in gates.items() if gate.update(capacity))

    def accepting(self, island_id: str) -> frozenset[Priority] | None:
        gates = self._gates.get(island_id)
        if gates is None:
            return None
        return frozenset(priority for priority, gate in gates.items() if gate.open)

    def flips(self) -> Mapping[str, int]:
        return {island_id: sum(g.flips for g in gates.values()) for island_id, gates in self._gates.items()}
