"""One capacity sample of TIDE as the router, the API and the tray see it: the smoothed C the
gates read, the raw C of the instant, the pressures, the gates' state and pending changes, the
engine's own queue, the forecast. ``as_dict`` is what ``GET /api/capacity`` returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..priority import Priority
from .formula import ProbeStatus, ProbeView
from .hysteresis import OwnWork

__all__ = ["TIERS", "CapacitySample", "band_name"]

TIERS = (Priority.PRIMARY, Priority.SECONDARY, Priority.BURSTABLE)


def band_name(accepting: frozenset[Priority]) -> str:
    """A person's name for the set of tiers this device accepts."""
    if Priority.BURSTABLE in accepting and Priority.SECONDARY in accepting:
        return "all tiers local"
    if Priority.SECONDARY in accepting:
        return "burstable work offloads"
    if Priority.BURSTABLE in accepting:
        return "secondary work offloads"
    return "only primary work stays local"


@dataclass(frozen=True, slots=True)
class CapacitySample:
    at: float  # unix time
    capacity: float
    dominant: str | None  # the probe with the largest pressure
    pressures: Mapping[str, float | None]
    degraded: bool  # C forced to 0: a probe failed, timed out or has not answered
    note: str | None  # what the router's explanation shows next to C
    accepting: frozenset[Priority]
    thresholds: Mapping[Priority, float]
    forecast: float | None = None  # predicted C at the horizon
    slope_per_s: float | None = None
    seconds_to_threshold: Mapping[Priority, float | None] = field(default_factory=dict)
    probes: tuple[ProbeView, ...] = ()
    raw_capacity: float | None = None  # C of this instant's unsmoothed pressures (None: = capacity)
    raw_pressures: Mapping[str, float | None] = field(default_factory=dict)
    pending: Mapping[Priority, float] = field(default_factory=dict)  # gate → seconds until it changes
    own_work: OwnWork | None = None  # the engine's queue, weighed by the router as a wait
    weights: Mapping[str, float] = field(default_factory=dict)  # probe weights other than 1

    @property
    def raw(self) -> float:
        return self.capacity if self.raw_capacity is None else self.raw_capacity

    def as_dict(self) -> dict[str, object]:
        """JSON-ready (CLI ``--json``, the daemon's API)."""
        return {
            "at": self.at,
            "capacity": round(self.capacity, 4),
            "raw_capacity": round(self.raw, 4),
            "dominant": self.dominant,
            "degraded": self.degraded,
            "note": self.note,
            "accepting": [t.value for t in TIERS if t in self.accepting],
            "band": band_name(self.accepting),
            "thresholds": {t.value: v for t, v in self.thresholds.items()},
            "gates": {
                t.value: {
                    "open": t in self.accepting,
                    "changes_in_s": None if t not in self.pending else round(self.pending[t], 1),
                }
                for t in self.thresholds
            },
            "own_work": None
            if self.own_work is None
            else {
                "queue_depth": self.own_work.depth,
                "wait_s": round(self.own_work.wait_s, 2),
                "full": self.own_work.full,
            },
            "weights": dict(self.weights),
            "forecast": None if self.forecast is None else round(self.forecast, 4),
            "slope_per_s": None if self.slope_per_s is None else round(self.slope_per_s, 5),
            "seconds_to_threshold": {
                t.value: None if s is None else round(s, 1) for t, s in self.seconds_to_threshold.items()
            },
            "probes": [
                {
                    "name": v.name,
                    "status": v.status.value,
                    "pressure": self._pressure(self.pressures, v.name),
                    "raw_pressure": self._pressure(self.raw_pressures or self.pressures, v.name),
                    "detail": v.error if v.status is ProbeStatus.FAILED else (v.reading.detail if v.reading else ""),
                    "metrics": dict(v.reading.metrics) if v.reading is not None else {},
                }
                for v in self.probes
            ],
        }

    @staticmethod
    def _pressure(pressures: Mapping[str, float | None], name: str) -> float | None:
        value = pressures.get(name)
        return None if value is None else round(value, 4)
