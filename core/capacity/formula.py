"""The capacity formula of TIDE.

    C = 1 − max(p_k)   over the probes k that are present

with each pressure ``p_k`` ∈ [0, 1] as defined in :mod:`.probes`. The *maximum* (not a mean)
because a device is as busy as its scarcest resource: an idle CPU does not help a request that
cannot get memory. The probe with the largest pressure is the *dominant* one and is named in
explanations.

Weights: ``C = 1 − max(w_k · p_k)``. Every weight is 1 unless the monitor says otherwise: the
CPU's is ``gpu_cpu_weight`` when the model runs on a GPU (the GPU's VRAM and utilisation are
then what limits it), and the engine's own queue has weight 0 when own work is accounted as a
queue wait rather than a pressure (its pressure is still shown, and a failure still counts).

Fail-safe: if any probe that should answer has failed, timed out, gone stale or has not yet
answered once, C = 0 and the result is *degraded*, with a note saying which probe and why
(DESIGN §2 "Fault tolerance": capacity unknown → C = 0). Probes that are not present on this
platform (no GPU, battery or sensors) are left out; if none is present at all, C = 0 too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .probes import Reading, clamp

__all__ = ["CapacityValue", "ProbeStatus", "ProbeView", "capacity_from"]


class ProbeStatus(StrEnum):
    WAITING = "waiting"  # started, no answer yet
    OK = "ok"
    ABSENT = "absent"  # not present on this platform
    FAILED = "failed"  # raised, timed out or went stale


@dataclass(frozen=True, slots=True)
class ProbeView:
    name: str
    status: ProbeStatus
    reading: Reading | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class CapacityValue:
    value: float
    pressures: Mapping[str, float | None]  # None: not present, failed or waiting
    dominant: str | None
    degraded: bool
    note: str | None  # why C is what it is when that is not just "1 − the dominant pressure"


def capacity_from(views: Iterable[ProbeView], weights: Mapping[str, float] | None = None) -> CapacityValue:
    views = list(views)
    weights = weights or {}
    pressures: dict[str, float | None] = {}
    trouble: list[str] = []
    for view in views:
        if view.status is ProbeStatus.OK and view.reading is not None and view.reading.present:
            pressures[view.name] = clamp(view.reading.pressure)
            continue
        pressures[view.name] = None
        if view.status is ProbeStatus.FAILED:
            trouble.append(f"probe {view.name} failed: {view.error or 'unknown error'}")
        elif view.status is ProbeStatus.WAITING:
            trouble.append(f"probe {view.name} has not answered yet")
    if trouble:
        return CapacityValue(0.0, pressures, None, True, "; ".join(trouble) + " — capacity counted as 0")
    present = {name: p * weights.get(name, 1.0) for name, p in pressures.items() if p is not None}
    if not present:
        return CapacityValue(0.0, pressures, None, True, "no capacity probe is present — capacity counted as 0")
    counted = {name: p for name, p in present.items() if weights.get(name, 1.0) > 0.0}
    if not counted:
        return CapacityValue(1.0, pressures, None, False, None)
    dominant = max(counted, key=lambda name: (counted[name], name))
    return CapacityValue(clamp(1.0 - counted[dominant]), pressures, dominant, False, None)
