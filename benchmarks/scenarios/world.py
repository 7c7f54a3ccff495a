"""Simulated islands: how long a request takes, what it costs, when an island is busy, asleep,
on battery or down. The *decisions* are made by the real code; only the islands are simulated.

Processes, all drawn from one seeded generator per island (docs/evaluation.md lists the values):

* **service** — a request holds one of ``slots`` for ``ttft + input/prefill + output/decode``
  seconds (time to first token lognormal around ``ttft_s``); more requests wait FIFO in a queue of
  at most ``max_queue`` (a full local queue answers "busy", as the daemon does);
* **network** — remote islands add a lognormal round trip around ``rtt_ms``;
* **availability** — ``schedule`` lists (start, end) seconds of the day when the island is off
  (asleep, powered down); **outages** are a two-state Markov process (exponential up time with
  mean ``mtbf_s``, exponential repair with mean ``mttr_s``); liveness notices an outage after
  ``detect_s`` (missed heartbeats), so requests sent in between fail after ``timeout_s``;
* **per-request errors** — probability ``error_rate`` (HTTP 5xx/429 from a cloud API);
* **load** — ``busy`` lists (start, end, pressure) when the owner's own work loads the device;
  a generation in progress adds ``gen_pressure`` × busy slots / slots; the engine queue adds
  depth / max_queue; on **battery** (``battery`` intervals) the pressure is 1 − charge, the charge
  falling linearly at ``drain_per_h``. Capacity is TIDE's real formula over these pressures.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from islandrun.core.capacity.formula import ProbeStatus, ProbeView, capacity_from
from islandrun.core.capacity.probes import Reading
from islandrun.core.islands import Island, IslandKind

__all__ = ["DAY_S", "IslandModel", "IslandRuntime", "Outages"]

DAY_S = 86_400.0
NOISE_S = 5.0


@dataclass(frozen=True)
class IslandModel:
    island: Island
    slots: int = 1  # requests served at once (None-like large number for a cloud API)
    max_queue: int = 8
    decode_tps: float = 20.0  # output tokens per second per slot
    prefill_tps: float = 1000.0  # prompt tokens per second
    ttft_s: float = 0.3  # median time to first token (model load excluded)
    ttft_sigma: float = 0.3
    rtt_ms: float = 0.0  # median network round trip (remote islands)
    rtt_sigma: float = 0.4
    error_rate: float = 0.0
    mtbf_s: float | None = None  # mean time between outages; None: never fails
    mttr_s: float = 600.0
    detect_s: float = 15.0  # liveness notices an outage after this long
    timeout_s: float = 10.0  # a request sent to a dead island fails after this long
    reports_capacity: bool = True  # cloud APIs report none
    gen_pressure: float = 0.85  # pressure a running generation puts on the device (GPU/CPU)
    schedule_off: tuple[tuple[float, float], ...] = ()  # asleep / powered off (seconds of day)
    busy: tuple[tuple[float, float, float], ...] = ()  # (start, end, pressure) owner's own load
    battery: tuple[tuple[float, float], ...] = ()  # unplugged intervals
    drain_per_h: float = 0.12  # battery fraction lost per hour unplugged
    discover_p: float = 1.0  # chance a one-shot mDNS browse finds it (the no-discovery ablation)
    outage_windows: tuple[tuple[float, float], ...] = ()  # scripted outages (replace the random ones)
    load_noise: float = 0.06  # sd of the sample-to-sample jitter of the owner's load (CPU % is noisy)


@dataclass
class Outages:
    starts: list[float]
    ends: list[float]

    @staticmethod
    def draw(rng: random.Random, mtbf_s: float | None, mttr_s: float, horizon: float) -> Outages:
        starts: list[float] = []
        ends: list[float] = []
        if mtbf_s is None:
            return Outages(starts, ends)
        t = rng.expovariate(1.0 / mtbf_s)
        while t < horizon:
            repair = rng.expovariate(1.0 / mttr_s)
            starts.append(t)
            ends.append(t + repair)
            t += repair + rng.expovariate(1.0 / mtbf_s)
        return Outages(starts, ends)

    def since(self, t: float) -> float | None:
        """Seconds since the outage covering ``t`` began, or None when up at ``t``."""
        i = bisect.bisect_right(self.starts, t) - 1
        if i >= 0 and t < self.ends[i]:
            return t - self.starts[i]
        return None


def _inside(intervals: Sequence[tuple[float, float]], t: float) -> bool:
    return any(a <= t < b for a, b in intervals)


@dataclass
class IslandRuntime:
    """One island during one simulated run: its queue and its random processes."""

    model: IslandModel
    outages: Outages
    starts: list[float] = field(default_factory=list)  # start times of dispatched requests
    ends: list[float] = field(default_factory=list)  # their end times (same order)
    free_at: list[float] = field(default_factory=list)  # per slot: when it is next free
    noise: list[float] = field(default_factory=list)  # load jitter per NOISE_S step of the day

    @staticmethod
    def create(model: IslandModel, seed: int) -> IslandRuntime:
        if model.outage_windows:
            outages = Outages([a for a, _ in model.outage_windows], [b for _, b in model.outage_windows])
        else:
            outages = Outages.draw(random.Random(seed), model.mtbf_s, model.mttr_s, DAY_S)
        rng = random.Random(seed + 1)
        noise = [rng.gauss(0.0, model.load_noise) for _ in range(int(DAY_S / NOISE_S))]
        return IslandRuntime(model, outages, free_at=[0.0] * max(model.slots, 1), noise=noise)

    @property
    def island(self) -> Island:
        return self.model.island

    @property
    def elastic(self) -> bool:
        return self.model.island.kind is IslandKind.CLOUD

    # -- state at time t -------------------------------------------------------------------
    def asleep(self, t: float) -> bool:
        return _inside(self.model.schedule_off, t % DAY_S)

    def failed(self, t: float) -> bool:
        return self.outages.since(t) is not None

    def up(self, t: float) -> bool:
        return not self.asleep(t) and not self.failed(t)

    def known_down(self, t: float) -> bool:
        """What liveness reports: asleep devices stop announcing at once (mDNS goodbye), an outage
        is noticed only ``detect_s`` after it began."""
        if self.asleep(t):
            return True
        since = self.outages.since(t)
        return since is not None and since >= self.model.detect_s

    def _prune(self, t: float) -> None:
        keep = [i for i, end in enumerate(self.ends) if end > t]
        if len(keep) != len(self.ends):
            self.starts = [self.starts[i] for i in keep]
            self.ends = [self.ends[i] for i in keep]

    def running(self, t: float) -> int:
        return sum(1 for s, e in zip(self.starts, self.ends, strict=True) if s <= t < e)

    def waiting(self, t: float) -> int:
        return sum(1 for s in self.starts if s > t)

    def battery_charge(self, t: float) -> float | None:
        tod = t % DAY_S
        for a, b in self.model.battery:
            if a <= tod < b:
                return max(0.05, 1.0 - self.model.drain_per_h * (tod - a) / 3600.0)
        return None

    def capacity(self, t: float) -> tuple[float, str | None]:
        """C at ``t`` by TIDE's own formula over the simulated probe pressures."""
        self._prune(t)
        m = self.model
        slots = max(m.slots, 1)
        base = max((p for a, b, p in m.busy if a <= t % DAY_S < b), default=0.05)
        background = min(1.0, max(0.0, base + self.noise[int(t % DAY_S / NOISE_S)]))
        cpu = min(1.0, max(background, m.gen_pressure * self.running(t) / slots))
        views = [
            ProbeView("cpu", ProbeStatus.OK, Reading("cpu", True, cpu)),
            ProbeView("engine", ProbeStatus.OK, Reading("engine", True, self.waiting(t) / max(m.max_queue, 1))),
        ]
        charge = self.battery_charge(t)
        views.append(
            ProbeView("battery", ProbeStatus.OK, Reading("battery", True, 1.0 - charge))
            if charge is not None
            else ProbeView("battery", ProbeStatus.ABSENT, Reading.absent("battery", "plugged in"))
        )
        value = capacity_from(views)
        return value.value, value.dominant

    # -- service ---------------------------------------------------------------------------
    def queue_full(self, t: float) -> bool:
        if self.elastic:
            return False
        self._prune(t)
        return self.waiting(t) >= self.model.max_queue

    def expected_wait(self, t: float) -> float:
        """Seconds until a slot frees (what a latency-greedy client could estimate)."""
        if self.elastic:
            return 0.0
        return max(0.0, min(self.free_at) - t)

    def serve(
        self, t: float, input_tokens: int, output_tokens: int, z_ttft: float, z_rtt: float
    ) -> tuple[float, float, float]:
        """Dispatch at ``t``: returns (start, end, network seconds). Cloud APIs never queue.
        ``z_*`` are the request's own standard-normal draws (common random numbers: every
        strategy sees the same noise for the same request)."""
        m = self.model
        network = m.rtt_ms * math.exp(m.rtt_sigma * z_rtt) / 1000.0 if m.rtt_ms > 0 else 0.0
        ttft = m.ttft_s * math.exp(m.ttft_sigma * z_ttft)
        service = ttft + input_tokens / m.prefill_tps + output_tokens / m.decode_tps
        if self.elastic:
            start = t + network / 2
        else:
            slot = min(range(len(self.free_at)), key=lambda i: (self.free_at[i], i))
            start = max(t + network / 2, self.free_at[slot])
            self.free_at[slot] = start + service
            self.starts.append(start)
            self.ends.append(start + service)
        return start, start + service + network / 2, network

    def errors(self, u: float) -> bool:
        return u < self.model.error_rate
