"""The `[capacity]` table: probe intervals and timeouts, smoothing, gate dwell, own work,
prediction, history. Every knob trades reaction time against stability; docs/capacity.md says
how for each."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from ..config_types import STRICT

__all__ = ["PROBE_NAMES", "CapacityConfig", "OwnWork", "ProbeName", "ProbeSettings", "Resource"]

ProbeName = Literal["cpu", "memory", "battery", "thermal", "gpu", "engine"]
PROBE_NAMES: tuple[ProbeName, ...] = ("cpu", "memory", "battery", "thermal", "gpu", "engine")

Seconds = Annotated[float, Field(gt=0.0, le=3600.0)]
Lag = Annotated[float, Field(ge=0.0, le=3600.0)]  # 0 turns the smoothing or the wait off
# "queue": IslandRun's own CPU is subtracted from the CPU pressure and its engine queue is an
# expected wait the router weighs; "pressure": the engine queue is a pressure in C and own CPU
# counts like anyone else's (the behaviour before issue 21).
OwnWork = Literal["queue", "pressure"]
# Which resource the model runs on: "auto" asks the engine (GPU when it offloads layers and a
# GPU probe is present), "cpu" / "gpu" force it.
Resource = Literal["auto", "cpu", "gpu"]


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
    # Smoothing (time constants of an exponentially weighted moving average; 0 = raw samples).
    # CPU and GPU utilisation swing 0↔1 from one second to the next on a desktop: smoothed.
    # Memory, VRAM and temperatures move slowly and matter at once: nearly raw. Battery: by state.
    cpu_tau_s: Lag = 2.5
    memory_tau_s: Lag = 1.0
    # Gate dwell: the smoothed C (or its forecast) must stay past a gate's threshold this long
    # before the gate changes. Closing is quick (overload hurts now), reopening slow (a device
    # that just calmed down often gets busy again).
    close_after_s: Lag = 1.0
    open_after_s: Lag = 30.0
    # Flap damping: a gate that closes again within open_after_max_s of reopening doubles its
    # next reopening dwell, up to open_after_max_s (equal to open_after_s: no damping).
    open_after_max_s: Lag = 480.0
    # Own work (the local engine): see OwnWork.
    own_work: OwnWork = "queue"
    own_tokens_per_request: Annotated[int, Field(ge=1, le=1_000_000)] = 256  # when the engine cannot say
    own_assumed_tps: Annotated[float, Field(gt=0.0)] = 8.0  # decode speed before the first measurement
    # The right resource: with the model on a GPU, CPU pressure counts at this weight.
    model_on: Resource = "auto"
    gpu_cpu_weight: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5

    def settings(self, probe: ProbeName) -> ProbeSettings:
        return self.probes.get(probe) or _probes()[probe]
