"""Simulated islands: how long a request takes, what it costs, when an island is busy, asleep,
on battery or down. The *decisions* are made by the real code; only the islands are simulated.

Processes, all drawn from one seeded generator per island (docs/evaluation.md lists the values):

* **service** — a request holds one of ``slots`` for ``ttft + input/prefill + output/decode``
  seconds (time to first token lognormal around ``ttft_s``); more requests wait in a queue of at
  most ``max_queue`` (a full local queue answers "busy", as the daemon does), served primary
  first on islands that run IslandRun's engine (``tier_queue``), first come first served
  elsewhere (a vLLM edge server);
* **network** — remote islands add a lognormal round trip around ``rtt_ms``;
* **availability** — ``schedule`` lists (start, end) seconds of the day when the island is off
  (asleep, powered down); **outages** are a two-state Markov process (exponential up time with
  mean ``mtbf_s``, exponential repair with mean ``mttr_s``); liveness notices an outage after
  ``detect_s`` (missed heartbeats), so requests sent in between fail after ``timeout_s``;
* **per-request errors** — probability ``error_rate`` (HTTP 5xx/429 from a cloud API);
* **load** — ``busy`` lists (start, end, pressure) when the owner's own work loads the device;
  a generation in progress adds ``gen_pressure`` × busy slots / slots; the engine queue adds
  depth / max_queue; on **battery** (``battery`` intervals) the pressure is 1 − charge, the charge
  falling linearly at ``drain_per_h``. Capacity is TIDE's real formula over these pressures. The
  owner's load also slows a generation started under it: rates × (1 − ``contention`` × load).
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

__all__ = ["DAY_S", "IslandModel", "IslandRuntime", "Job", "Outages"]

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
    tier_queue: bool = True  # IslandRun's engine serves primary, then secondary, then burstable
    outage_windows: tuple[tuple[float, float], ...] = ()  # scripted outages (replace the random ones)
    contention: float = 0.6  # the owner's load L slows a generation: rates × (1 − contention × L)
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


@dataclass(eq=False)
class Job:
    """One request on one island: known service needs, start and end once it runs."""

    index: int  # the trace request
    seq: int  # arrival order (FIFO within a tier)
    rank: int  # 0 primary, 1 secondary, 2 burstable
    ready: float  # when it reaches the island (dispatch + half the round trip)
    service: float
    network: float
    start: float = math.nan
    end: float = math.nan


def _inside(intervals: Sequence[tuple[float, float]], t: float) -> bool:
    return any(a <= t < b for a, b in intervals)


@dataclass
class IslandRuntime:
    """One island during one simulated run: its queue and its random processes."""

    model: IslandModel
    outages: Outages
    running: list[Job] = field(default_factory=list)  # holding a slot now
    queue: list[Job] = field(default_factory=list)  # waiting for a slot
    noise: list[float] = field(default_factory=list)  # load jitter per NOISE_S step of the day

    @staticmethod
    def create(model: IslandModel, seed: int) -> IslandRuntime:
        if model.outage_windows:
            outages = Outages([a for a, _ in model.outage_windows], [b for _, b in model.outage_windows])
        else:
            outages = Outages.draw(random.Random(seed), model.mtbf_s, model.mttr_s, DAY_S)
        rng = random.Random(seed + 1)
        noise = [rng.gauss(0.0, model.load_noise) for _ in range(int(DAY_S / NOISE_S))]
        return IslandRuntime(model, outages, noise=noise)

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

    def battery_charge(self, t: float) -> float | None:
        tod = t % DAY_S
        for a, b in self.model.battery:
            if a <= tod < b:
                return max(0.05, 1.0 - self.model.drain_per_h * (tod - a) / 3600.0)
        return None

    def views(self, t: float, *, own_load: bool = True) -> tuple[ProbeView, ...]:
        """The simulated probe readings at ``t``: CPU (the owner's load, and the device's own
        generations unless ``own_load`` is off), the engine queue, the battery."""
        m = self.model
        slots = max(m.slots, 1)
        background = self.owner_load(t)
        own = m.gen_pressure * len(self.running) / slots if own_load else 0.0
        cpu = min(1.0, max(background, own))
        views = [
            ProbeView("cpu", ProbeStatus.OK, Reading("cpu", True, cpu)),
            ProbeView("engine", ProbeStatus.OK, Reading("engine", True, len(self.queue) / max(m.max_queue, 1))),
        ]
        charge = self.battery_charge(t)
        views.append(
            ProbeView("battery", ProbeStatus.OK, Reading("battery", True, 1.0 - charge))
            if charge is not None
            else ProbeView("battery", ProbeStatus.ABSENT, Reading.absent("battery", "plugged in"))
        )
        return tuple(views)

    def capacity(self, t: float, *, own_load: bool = True) -> tuple[float, str | None]:
        """C at ``t`` by TIDE's own formula over the simulated probe pressures (the event loop
        has applied every start and completion up to ``t``)."""
        value = capacity_from(self.views(t, own_load=own_load))
        return value.value, value.dominant

    # -- service ---------------------------------------------------------------------------
    def queue_full(self) -> bool:
        return not self.elastic and len(self.queue) >= self.model.max_queue

    def expected_wait(self, t: float) -> float:
        """Seconds until this request would start (what a latency oracle could estimate)."""
        if self.elastic or len(self.running) < max(self.model.slots, 1):
            return 0.0
        soonest = min(job.end for job in self.running) - t
        return max(0.0, soonest) + sum(job.service for job in self.queue) / max(self.model.slots, 1)

    def owner_load(self, t: float) -> float:
        """The owner's own load at ``t`` (busy periods plus sample jitter), in [0, 1]."""
        base = max((p for a, b, p in self.model.busy if a <= t % DAY_S < b), default=0.05)
        return min(1.0, max(0.0, base + self.noise[int(t % DAY_S / NOISE_S)]))

    def service_time(self, input_tokens: int, output_tokens: int, z_ttft: float, t: float) -> float:
        """Seconds of service for a request dispatched at ``t``; the owner's load at that moment
        slows it: rates × (1 − contention × load)."""
        m = self.model
        ttft = m.ttft_s * math.exp(m.ttft_sigma * z_ttft)
        share = 1.0 if self.elastic else max(0.1, 1.0 - m.contention * self.owner_load(t))
        return ttft + (input_tokens / m.prefill_tps + output_tokens / m.decode_tps) / share

    def network(self, z_rtt: float) -> float:
        m = self.model
        return m.rtt_ms * math.exp(m.rtt_sigma * z_rtt) / 1000.0 if m.rtt_ms > 0 else 0.0

    def admit(self, job: Job) -> Job | None:
        """A job reaches the island at ``job.ready``: it starts if a slot is free (returned, with
        its start and end set) or waits in the queue (None). Cloud APIs never queue."""
        if self.elastic or len(self.running) < max(self.model.slots, 1):
            return self._start(job, job.ready)
        self.queue.append(job)
        return None

    def complete(self, job: Job) -> Job | None:
        """``job`` ends: free its slot and start the next waiting job — primary work first when the
        island runs IslandRun's tier queue, else first come first served."""
        if job in self.running:
            self.running.remove(job)
        if not self.queue:
            return None
        key = (lambda j: (j.rank, j.seq)) if self.model.tier_queue else (lambda j: (0, j.seq))
        nxt = min(self.queue, key=key)
        self.queue.remove(nxt)
        return self._start(nxt, max(job.end, nxt.ready))

    def _start(self, job: Job, at: float) -> Job:
        job.start = at
        job.end = at + job.service
        if not self.elastic:
            self.running.append(job)
        return job

    def errors(self, u: float) -> bool:
        return u < self.model.error_rate
