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

Dwell (issue 21): a gate changes only after the condition for the change has held without a
break for ``close_after_s`` (closing) or ``open_after_s`` (reopening), measured on the
monitor's clock; a sample that breaks the condition restarts the wait. A failed probe (C
forced to 0, *degraded*) closes at once: that is not noise. Gates updated without a time
(peers' capacities in the snapshot builder) change at once, as before.

The monitor *owns* its island's gates: once it has fed them (:meth:`CapacityGates.observe`),
the snapshot builder's :meth:`CapacityGates.update` only reads them, so a route decision never
skips the dwell. The monitor also leaves the local engine's queue here (:class:`OwnWork`):
the router weighs it as an expected wait, not as lost capacity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..gate_policy import GatePolicy
from ..priority import Priority

__all__ = ["CapacityGates", "Dwell", "HysteresisGate", "OwnWork", "thresholds_for"]


@dataclass(frozen=True, slots=True)
class Dwell:
    """How long a gate's closing / reopening condition must hold before the gate changes."""

    close_after_s: float = 0.0
    open_after_s: float = 0.0
    # Flap damping: a gate that closes again within this long of reopening waits twice as long
    # before its next reopening (up to this long); open this long, it is back to open_after_s.
    open_after_max_s: float = 0.0


@dataclass(frozen=True, slots=True)
class OwnWork:
    """The local engine's own queue, as the router weighs it."""

    depth: int = 0
    wait_s: float = 0.0  # expected wait of a request that joins the queue now
    full: bool = False  # the queue refuses new work


@dataclass(slots=True)
class HysteresisGate:
    threshold: float
    margin: float = 0.10
    open: bool = True
    flips: int = 0
    early: bool = False  # closed by the forecast while C was still at or above θ
    pending_since: float | None = None  # when the condition for the next change began to hold
    changed_at: float | None = None  # when the gate last changed (None: never, or untimed)
    reopen_wait_s: float | None = None  # the current reopening dwell (None: the base one)

    def update(
        self,
        capacity: float,
        forecast: float | None = None,
        *,
        now: float | None = None,
        dwell: Dwell | None = None,
        urgent: bool = False,
        forecast_closes: bool = True,
    ) -> bool:
        """Feed one capacity sample (and optionally the forecast of C at the prediction
        horizon); return whether the gate is open afterwards. With ``now`` and ``dwell`` the
        change waits until its condition has held for the dwell; ``urgent`` closes at once.
        ``forecast_closes=False`` (C is climbing back): a low forecast still keeps the gate shut
        but does not close it."""
        predicted_low = forecast is not None and forecast < self.threshold
        want_close = self.open and (capacity < self.threshold or (predicted_low and forecast_closes))
        want_open = not self.open and capacity > self.threshold + self.margin and not predicted_low
        if not self.open and capacity < self.threshold:
            self.early = False
        if not (want_close or want_open):
            self.pending_since = None
            return self.open
        wait = 0.0 if dwell is None or now is None else dwell.close_after_s if want_close else self._reopen_wait(dwell)
        if wait > 0.0 and not (urgent and want_close):
            assert now is not None
            if self.pending_since is None or now < self.pending_since:
                self.pending_since = now
            if now - self.pending_since < wait - 1e-9:
                return self.open
        if want_close:
            if dwell is not None and now is not None:
                self._damp(now, dwell)
            self.open = False
            self.early = capacity >= self.threshold
        else:
            self.open = True
            self.early = False
        self.flips += 1
        self.pending_since = None
        self.changed_at = now
        return self.open

    def _reopen_wait(self, dwell: Dwell) -> float:
        return dwell.open_after_s if self.reopen_wait_s is None else self.reopen_wait_s

    def _damp(self, now: float, dwell: Dwell) -> None:
        """Closing: after a short open spell the next reopening waits twice as long."""
        reopened = self.changed_at
        if (
            dwell.open_after_max_s > dwell.open_after_s
            and reopened is not None
            and now - reopened < dwell.open_after_max_s
        ):
            self.reopen_wait_s = min(2.0 * self._reopen_wait(dwell), dwell.open_after_max_s)
        else:
            self.reopen_wait_s = None

    def pending(self, now: float, dwell: Dwell) -> float | None:
        """Seconds until the pending change happens if its condition keeps holding; None: none."""
        if self.pending_since is None:
            return None
        wait = self._reopen_wait(dwell) if not self.open else dwell.close_after_s
        return max(0.0, wait - (now - self.pending_since))


def thresholds_for(policy: GatePolicy, local: bool) -> dict[Priority, float]:
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

    def __init__(self, policy: GatePolicy) -> None:
        self._policy = policy
        self._gates: dict[str, dict[Priority, HysteresisGate]] = {}
        self._forecasts: dict[str, float] = {}
        self._climbing: set[str] = set()
        self._owned: set[str] = set()
        self._own_work: dict[str, OwnWork] = {}

    @property
    def policy(self) -> GatePolicy:
        return self._policy

    def set_forecast(self, island_id: str, forecast: float | None, *, climbing: bool = False) -> None:
        """The predicted capacity of ``island_id`` at the prediction horizon (None: no forecast).
        Every later :meth:`update` for the island uses it until it is replaced. ``climbing``: C
        rose since the last sample, so a low forecast is a dip that is ending — it keeps a closed
        gate shut but closes no open one."""
        if climbing:
            self._climbing.add(island_id)
        else:
            self._climbing.discard(island_id)
        if forecast is None:
            self._forecasts.pop(island_id, None)
        else:
            self._forecasts[island_id] = forecast

    def set_own_work(self, island_id: str, work: OwnWork | None) -> None:
        """The island's own engine queue (None: not known / not accounted as a queue)."""
        if work is None:
            self._own_work.pop(island_id, None)
        else:
            self._own_work[island_id] = work

    def own_work(self, island_id: str) -> OwnWork | None:
        return self._own_work.get(island_id)

    def _island(self, island_id: str, local: bool) -> dict[Priority, HysteresisGate]:
        gates = self._gates.get(island_id)
        if gates is None:
            gates = {
                priority: HysteresisGate(threshold, self._policy.hysteresis_margin)
                for priority, threshold in thresholds_for(self._policy, local).items()
            }
            self._gates[island_id] = gates
        return gates

    def observe(
        self, island_id: str, capacity: float, *, local: bool, now: float, dwell: Dwell, urgent: bool = False
    ) -> frozenset[Priority]:
        """The capacity monitor's feed: timed, with dwell. From now on the island's gates change
        only through this method."""
        first = island_id not in self._owned  # the first sample sets the gates at once
        self._owned.add(island_id)
        gates = self._island(island_id, local)
        forecast = self._forecasts.get(island_id)
        closes = island_id not in self._climbing
        return frozenset(
            priority
            for priority, gate in gates.items()
            if gate.update(
                capacity, forecast, now=now, dwell=None if first else dwell, urgent=urgent, forecast_closes=closes
            )
        )

    def update(self, island_id: str, capacity: float, *, local: bool, commit: bool = True) -> frozenset[Priority]:
        """The snapshot builder's feed: an island a monitor owns is only read; any other island
        (peers reporting their C) changes at once, with the dead band but without dwell.

        ``commit=False`` (a dry run) answers what the gates would say after this sample and changes
        nothing: no gate flips, no flip is counted, no gate is created."""
        if not commit:
            return self._peek(island_id, capacity, local)
        gates = self._island(island_id, local)
        if island_id in self._owned:
            return frozenset(priority for priority, gate in gates.items() if gate.open)
        forecast = self._forecasts.get(island_id)
        return frozenset(priority for priority, gate in gates.items() if gate.update(capacity, forecast))

    def _peek(self, island_id: str, capacity: float, local: bool) -> frozenset[Priority]:
        known = self._gates.get(island_id)
        if known is not None and island_id in self._owned:
            return frozenset(priority for priority, gate in known.items() if gate.open)
        gates = known or {
            priority: HysteresisGate(threshold, self._policy.hysteresis_margin)
            for priority, threshold in thresholds_for(self._policy, local).items()
        }
        forecast = self._forecasts.get(island_id)
        return frozenset(priority for priority, gate in gates.items() if replace(gate).update(capacity, forecast))

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
