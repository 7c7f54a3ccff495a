"""The `[capacity]` table: probe intervals and timeouts, prediction, history."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from ..config_types import STRICT

__all__ = ["PROBE_NAMES", "CapacityConfig", "ProbeName", "ProbeSettings"]

ProbeName = Literal["cpu", "memory", "battery", "thermal", "gpu", "engine"]
PROBE_NAMES: tuple[ProbeName, ...] = ("cpu", "memory", "battery", "thermal", "gpu", "engine")

Seconds = Annotated[float, Field(gt=0.0, le=3600.0)]


class ProbeSettings(BaseModel):
    """How often one probe reads, and how long a read may take before it counts as failed."""

    model_config = STRICT

    interval_s: Seconds = 1.0
    timeout_s: Seconds = 2.0


def _probes() -> dict[ProbeName, ProbeSettings]:
    return {
        "cpu": ProbeSettings(),
        "memory": ProbeSettings(),
        "battery": ProbeSettings(interval_s=10.0),
        "thermal": ProbeSettings(interval_s=5.0),
        "gpu": ProbeSettings(),
        "engine": ProbeSettings(interval_s=1.0, timeout_s=1.0),
    }


class CapacityConfig(BaseModel):
    """Every field has a default that works with zero configuration.

    ``probes`` sets an interval and timeout per probe; a probe left out keeps its default.
    ``disabled`` switches probes off entirely (they are then neither read nor counted).
    """

    model_config = STRICT

    sample_interval_s: Annotated[float, Field(ge=0.05, le=60.0)] = 1.0  # how often C is computed
    probes: dict[ProbeName, ProbeSettings] = Field(default_factory=_probes)
    disabled: list[ProbeName] = []
    absent_recheck_s: Seconds = 60.0  # a probe found "not present" looks again this often
    # Exhaustion prediction: least-squares slope of C over the last `trend_window_s` seconds;
    # a tier's gate closes early when C is predicted to fall below its θ within `horizon_s`.
    predict: bool = True
    trend_window_s: Annotated[float, Field(ge=3.0, le=600.0)] = 20.0
    horizon_s: Annotated[float, Field(ge=0.0, le=600.0)] = 10.0
    # History ring for the GUI chart: one row per sample.
    history_s: Annotated[int, Field(ge=600, le=86_400)] = 900  # seconds kept; the chart shows ≥ 10 min
    # Active swapping (swap-in + swap-out) at this rate counts as full memory pressure.
    swap_busy_mib_s: Annotated[float, Field(gt=0.0)] = 32.0

    def settings(self, probe: ProbeName) -> ProbeSettings:
        return self.probes.get(probe) or _probes()[probe]
