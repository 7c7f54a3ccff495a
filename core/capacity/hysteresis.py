"""Hysteresis gates: the part of TIDE the router reads.

A gate guards one (island, priority tier) pair. It *closes* (offload) when capacity falls
below its threshold θ and *opens* again only when capacity rises above θ + margin (0.10 by
default), so a capacity wandering inside the dead band [θ, θ + margin] never flips the route.

:class:`CapacityGates` keeps one gate per island and tier and turns capacity samples into
the ``accepting`` sets the routing snapshot carries.

Exhaustion prediction (:mod:`.trend`) closes a gate *early*: when a forecast of capacity
``horizon`` seconds ahead is below θ, the gate closes although C itself is still above θ, so
offloading starts before the device is full. A gate never reopens while its forecast is below
θ, and reopening still needs C > θ + margin.
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
    early: bool = False  # closed by the forecast while C was still at or above θ

    def update(self, capacity: float, forecast: float | None = None) -> bool:
        """Feed one capacity sample (and optionally the forecast of C at the prediction
        horizon); return whether the gate is open afterwards."""
        predicted_low = forecast is not None and forecast < self.threshold
        if self.open and (capacity < self.threshold or predicted_low):
            self.open = False
            self.early = capacity >= self.threshold
            self.flips += 1
        elif not self.open and capacity > self.threshold + self.margin and not predicted_low:
            self.open = True
            self.early = False
            self.flips += 1
        elif not self.open and capacity < self.threshold:
            self.early = False
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
        self._forecasts: dict[str, float] = {}

    @property
    def policy(self) -> RoutingPolicy:
        return self._policy

    def set_forecast(self, island_id: str, forecast: float | None) -> None:
        """The predicted capacity of ``island_id`` at the prediction horizon (None: no forecast).
        Every later :meth:`update` for the island uses it until it is replaced."""
        if forecast is None:
            self._forecasts.pop(island_id, None)
        else:
            self._forecasts[island_id] = forecast

    def update(self, island_id: str, capacity: float, *, local: bool) -> frozenset[Priority]:
        gates = self._gates.get(island_id)
        if gates is None:
            gates = {
                priority: HysteresisGate(threshold, self._policy.hysteresis_margin)
                for priority, threshold in thresholds_for(self._policy, local).items()
            }
            self._gates[island_id] = gates
        forecast = self._forecasts.get(island_id)
        return frozenset(priority for priority, gate in gates.items() if gate.update(capacity, forecast))

    def accepting(self, island_id: str) -> frozenset[Priority] | None:
        gates = self._gates.get(island_id)
        if gates is None:
            return None
        return frozenset(priority for priority, gate in gates.items() if gate.open)

    def gates(self, island_id: str) -> Mapping[Priority, HysteresisGate]:
        """The gates of one island (empty before its first update); read-only use."""
        return dict(self._gates.get(island_id, {}))

    def flips(self) -> Mapping[str, int]:
        return {island_id: sum(g.flips for g in gates.values()) for island_id, gates in self._gates.items()}
