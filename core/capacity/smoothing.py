"""A signal, not a sample: each probe's pressure smoothed over a window that fits its nature.

A raw CPU sample on a desktop swings between idle and full from one second to the next (a
compile step, a browser tab, a video frame); a gate fed with it flaps whatever its dead band.
Each pressure therefore goes through a filter chosen for what it measures:

==========  ===============================================================================
cpu         EWMA with time constant ``cpu_tau_s`` (2.5 s): a burst of one second moves it
            by ``1 − e^(−1/2.5)`` ≈ 33 % of the burst's height; a sustained overload is at
            55 % after 2 s, 63 % after τ and 92 % after 2.5 τ
gpu         utilisation smoothed like the CPU; VRAM and temperature raw (a full VRAM is full
            now): ``max(ewma(util), level)``
memory      EWMA with ``memory_tau_s`` (1 s): nearly raw — RAM fills and frees slowly and a
            full RAM must count at once
battery     by state, raw: on AC 0, on battery ``1 − charge`` (it changes in steps, not noise)
thermal     raw (temperatures are smooth already)
engine      raw (the queue is counted, not sampled)
==========  ===============================================================================

The EWMA is the continuous-time form, ``s += (1 − e^(−Δt/τ)) · (x − s)``, so a probe read at
an irregular interval weighs each reading by the time it covers. A reading is fed once: the
monitor may tick faster than a probe reads, and the same reading twice is not new evidence.
A probe that fails or disappears starts afresh from its first good reading.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from .config import CapacityConfig
from .formula import ProbeStatus, ProbeView
from .probes import Reading, clamp

__all__ = ["Ewma", "SignalFilter"]


@dataclasses.dataclass(slots=True)
class Ewma:
    """Exponentially weighted moving average over time; ``tau_s = 0`` passes values through."""

    tau_s: float
    value: float | None = None
    at: float | None = None

    def update(self, x: float, now: float) -> float:
        if self.value is None or self.at is None or self.tau_s <= 0.0:
            self.value, self.at = x, now
            return x
        dt = now - self.at
        if dt > 0.0:
            self.value += (1.0 - math.exp(-dt / self.tau_s)) * (x - self.value)
            self.at = now
        return self.value

    def reset(self) -> None:
        self.value = self.at = None


@dataclasses.dataclass(slots=True)
class _Channel:
    main: Ewma
    last: Reading | None = None  # the reading already fed
    smoothed: float = 0.0


class SignalFilter:
    """Per-probe smoothing of :class:`ProbeView` readings; owned by the monitor's tick."""

    def __init__(self, config: CapacityConfig) -> None:
        self._taus: Mapping[str, float] = {
            "cpu": config.cpu_tau_s,
            "gpu": config.cpu_tau_s,
            "memory": config.memory_tau_s,
        }
        self._channels: dict[str, _Channel] = {}

    def _smooth(self, name: str, reading: Reading, now: float) -> float:
        channel = self._channels.get(name)
        if channel is None:
            channel = self._channels[name] = _Channel(Ewma(self._taus.get(name, 0.0)))
        if channel.last is reading:  # not a new reading: no new evidence
            return channel.smoothed
        channel.last = reading
        if name == "gpu":
            util, level = reading.metrics.get("util"), reading.metrics.get("level")
            if isinstance(util, float | int) and isinstance(level, float | int):
                channel.smoothed = max(channel.main.update(float(util), now), float(level))
                return channel.smoothed
        channel.smoothed = channel.main.update(reading.pressure, now)
        return channel.smoothed

    def apply(self, views: tuple[ProbeView, ...], now: float) -> tuple[ProbeView, ...]:
        """The same views with each present reading's pressure replaced by its smoothed value."""
        out: list[ProbeView] = []
        for view in views:
            reading = view.reading
            if view.status is not ProbeStatus.OK or reading is None or not reading.present:
                self._channels.pop(view.name, None)  # failed, absent or waiting: start afresh later
                out.append(view)
                continue
            if self._taus.get(view.name, 0.0) <= 0.0:  # raw by design (battery, thermal, engine)
                out.append(view)
                continue
            smoothed = clamp(self._smooth(view.name, reading, now))
            # plain constructors, not dataclasses.replace: this runs for every probe every tick
            new = Reading(reading.probe, True, smoothed, reading.metrics, reading.detail)
            out.append(ProbeView(view.name, view.status, new, view.error))
        return tuple(out)
