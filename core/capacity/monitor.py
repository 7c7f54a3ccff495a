"""The capacity monitor (paper: *TIDE*): probe loops, C every tick, gates, history, events.

Each probe runs in its own asyncio task with its own interval and timeout; its blocking
``read()`` runs in a short-lived daemon thread, at most one at a time per probe, so a hung
probe can neither block the event loop nor pile up threads nor keep the process from exiting.
A read that raises or takes longer than the probe's timeout marks the probe *failed*: the next
sample (taken at once, not at the next tick) has C = 0 with a note naming the probe, a
``probe`` event goes out and a warning is logged. When the probe answers again it recovers by
itself, the same way.

Every ``sample_interval_s`` the tick smooths each pressure (:mod:`.smoothing`), computes C
from the smoothed pressures and, for the record, the raw C of the instant (:mod:`.formula`),
appends both to the history ring, fits the trend on the smoothed series (:mod:`.trend`), feeds
C and the forecast to this island's hysteresis gates with their dwell (:mod:`.hysteresis`, the
object the router's snapshot builder shares), leaves the engine's own queue there as an
expected wait, and publishes events (:mod:`.events`). Everything but the probe reads happens
on the event loop's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType

from ..gate_policy import GatePolicy
from ..islands import LOCAL_ISLAND_ID
from ..priority import Priority
from .config import PROBE_NAMES, CapacityConfig, ProbeSettings
from .events import CapacityEvent, EventBus, EventKind
from .formula import CapacityValue, ProbeStatus, ProbeView, capacity_from
from .history import HistoryRing
from .hysteresis import CapacityGates, Dwell, OwnWork, thresholds_for
from .probes import Probe, Reading
from .sample import TIERS, CapacitySample, band_name
from .smoothing import SignalFilter
from .trend import Trend, fit_trend

__all__ = ["CapacityMonitor", "CapacitySample", "band_name"]

log = logging.getLogger("islandrun.capacity")


@dataclass(slots=True)
class _Slot:
    probe: Probe
    settings: ProbeSettings
    status: ProbeStatus = ProbeStatus.WAITING
    reading: Reading | None = None
    error: str | None = None
    last_answer: float = 0.0  # monotonic time of the last good reading
    pending: asyncio.Future[Reading] | None = None
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    worker: _ProbeWorker = field(init=False)

    def __post_init__(self) -> None:
        self.worker = _ProbeWorker(self.probe)

    def view(self, now: float, stale_after: float) -> ProbeView:
        if self.status is ProbeStatus.OK and now - self.last_answer > stale_after:
            return ProbeView(self.probe.name, ProbeStatus.FAILED, self.reading, f"no reading for {stale_after:.0f} s")
        return ProbeView(self.probe.name, self.status, self.reading, self.error)


_Requests = queue.SimpleQueue[tuple[asyncio.AbstractEventLoop, "asyncio.Future[Reading]"] | None]


class _ProbeWorker:
    """One long-lived thread per probe that reads it on request. Asking is a non-blocking put, so the
    event loop never waits for a thread to start (a new thread per read made it wait in
    ``Thread.start``: 261 ms once, on a loaded machine); a probe stuck in a read holds only its own
    worker, and the monitor asks again only once the last read answered."""

    def __init__(self, probe: Probe) -> None:
        self.probe = probe
        self._requests: _Requests = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (blocks until it runs: call it off the event loop)."""
        if self._thread is None:
            self._requests = queue.SimpleQueue()  # each thread its own queue: a stuck old one keeps its own
            self._thread = threading.Thread(
                target=self._run, args=(self._requests,), name=f"tide-probe-{self.probe.name}", daemon=True
            )
            self._thread.start()

    def read(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[Reading]:
        if self._thread is None:  # not started through start(): start it now (blocks briefly)
            self.start()
        future: asyncio.Future[Reading] = loop.create_future()
        self._requests.put((loop, future))
        return future

    def close(self) -> None:
        """Let the thread end after the read it may be in (a later start() makes a new one)."""
        if self._thread is not None:
            self._requests.put(None)
            self._thread = None

    def _run(self, requests: _Requests) -> None:
        while (request := requests.get()) is not None:
            loop, future = request
            try:
                result, error = self.probe.read(), None
            except Exception as exc:
                result, error = None, exc
            with contextlib.suppress(RuntimeError):  # the loop closed while the probe was stuck
                loop.call_soon_threadsafe(_settle, future, result, error)


def _settle(future: asyncio.Future[Reading], result: Reading | None, error: Exception | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]  # a buggy probe may return anything: _settle checks


class CapacityMonitor:
    """Live capacity of one device. Use ``async with CapacityMonitor(...) as monitor``.

    ``gates`` is the :class:`CapacityGates` the router's snapshot builder uses
    (``routing.snapshot_builder.build_snapshot``); the monitor feeds this island's samples and forecasts into it.
    """

    def __init__(
        self,
        probes: Sequence[Probe],
        config: CapacityConfig | None = None,
        gates: CapacityGates | None = None,
        *,
        policy: GatePolicy | None = None,
        island_id: str = LOCAL_ISLAND_ID,
        clock: Callable[[], float] = time.time,
        model_on_gpu: bool | None = None,
    ) -> None:
        """``model_on_gpu``: whether the local engine runs its model on a GPU (the daemon asks
        the engine); None: not known, then a present GPU probe counts as "yes" under
        ``model_on = "auto"``."""
        self.config = config or CapacityConfig()
        self.gates = gates or CapacityGates(policy or GatePolicy())
        self.island_id = island_id
        self.events = EventBus()
        self._clock = clock
        self._slots = [_Slot(p, self._settings(p.name)) for p in probes]
        rows = max(2, math.ceil(self.config.history_s / self.config.sample_interval_s))
        channels = list(PROBE_NAMES) + [p.name for p in probes if p.name not in PROBE_NAMES]
        self.history = HistoryRing(rows, channels)
        self.latest: CapacitySample | None = None
        self._latest_at = 0.0  # monotonic time of the latest sample
        self._tasks: list[asyncio.Task[None]] = []
        self._wake = asyncio.Event()
        self._predicted: set[Priority] = set()
        self._filter = SignalFilter(self.config)
        self._model_on_gpu = model_on_gpu
        config = self.config
        self.dwell = Dwell(config.close_after_s, config.open_after_s, max(config.open_after_s, config.open_after_max_s))

    def use_gates(self, gates: CapacityGates) -> None:
        """Feed these gates from the next sample on (the policy's thresholds changed)."""
        self.gates = gates

    def _settings(self, name: str) -> ProbeSettings:
        for known in PROBE_NAMES:
            if known == name:
                return self.config.settings(known)
        return ProbeSettings()

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Start every probe loop, wait for each probe's first answer (or its timeout), take
        the first sample, then keep sampling in the background."""
        if self._tasks:
            return
        await asyncio.gather(*(asyncio.to_thread(slot.worker.start) for slot in self._slots))
        for slot in self._slots:
            self._tasks.append(asyncio.create_task(self._probe_loop(slot), name=f"tide-{slot.probe.name}"))
        longest = max((s.settings.timeout_s for s in self._slots), default=0.0)
        waits = [asyncio.create_task(s.answered.wait()) for s in self._slots]
        if waits:
            _done, still = await asyncio.wait(waits, timeout=longest + 0.5)
            for task in still:
                task.cancel()
        self.tick()
        self._tasks.append(asyncio.create_task(self._tick_loop(), name="tide-tick"))

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for slot in self._slots:
            slot.worker.close()
            if slot.pending is None or slot.pending.done():  # never wait on a stuck probe
                await asyncio.to_thread(slot.probe.close)

    async def __aenter__(self) -> CapacityMonitor:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # -- what the router and the API read -------------------------------------------------------

    def _stalled(self) -> str | None:
        if self.latest is None:
            return "capacity monitor has not sampled yet — counted as 0"
        age = time.monotonic() - self._latest_at
        if self._tasks and age > 3.0 * self.config.sample_interval_s + 1.0:
            return f"capacity monitor stalled (last sample {age:.0f} s ago) — counted as 0"
        return None

    def capacities(self) -> dict[str, float]:
        """For ``routing.snapshot_builder.build_snapshot``: this island's C (0 before the first sample, or when the
        running monitor's last sample is too old)."""
        stalled = self._stalled()
        return {self.island_id: 0.0 if stalled or self.latest is None else self.latest.capacity}

    def notes(self) -> dict[str, str]:
        """For ``routing.snapshot_builder.build_snapshot(capacity_notes=...)``: why C is what it is, when it matters."""
        note = self._stalled() or (self.latest.note if self.latest is not None else None)
        return {self.island_id: note} if note else {}

    def probe_views(self) -> tuple[ProbeView, ...]:
        now = time.monotonic()
        return tuple(s.view(now, self._stale_after(s)) for s in self._slots)

    # -- the loops -----------------------------------------------------------------------------

    def _stale_after(self, slot: _Slot) -> float:
        return slot.settings.interval_s + slot.settings.timeout_s + 2.0 * self.config.sample_interval_s

    async def _probe_loop(self, slot: _Slot) -> None:
        loop = asyncio.get_running_loop()
        timeout = slot.settings.timeout_s
        while True:
            started = loop.time()
            if slot.pending is None:
                slot.pending = slot.worker.read(loop)
            done, _ = await asyncio.wait({slot.pending}, timeout=timeout)
            try:
                if done:
                    future, slot.pending = slot.pending, None
                    self._settle(slot, future)
                else:
                    self._record_failure(slot, f"no answer within its {timeout:g} s timeout")
            except Exception:  # keep the loop alive; staleness turns a silent probe into C = 0
                log.exception("capacity: handling probe %s's answer failed", slot.probe.name)
            slot.answered.set()
            delay = self.config.absent_recheck_s if slot.status is ProbeStatus.ABSENT else slot.settings.interval_s
            await asyncio.sleep(max(0.0, started + delay - loop.time()))

    def _settle(self, slot: _Slot, future: asyncio.Future[Reading]) -> None:
        error = future.exception()
        if error is not None:
            self._record_failure(slot, f"{type(error).__name__}: {error}")
            return
        result: object = future.result()  # typed as a Reading; a buggy probe may return anything
        if isinstance(result, Reading):
            self._record_reading(slot, result)
        else:
            self._record_failure(slot, f"returned {type(result).__name__}, not a Reading")

    async def _tick_loop(self) -> None:
        interval = self.config.sample_interval_s
        while True:
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), interval)
            try:
                self.tick()
            except Exception:  # a bug must not stop sampling; capacities() fails safe meanwhile
                log.exception("capacity: a sample failed")

    def _record_reading(self, slot: _Slot, reading: Reading) -> None:
        before = slot.status
        slot.reading, slot.error, slot.last_answer = reading, None, time.monotonic()
        slot.status = ProbeStatus.OK if reading.present else ProbeStatus.ABSENT
        if before is slot.status:
            return
        name = slot.probe.name
        if before is ProbeStatus.FAILED:
            message = f"probe {name} recovered: {reading.detail}"
            log.warning("capacity: %s", message)
        elif slot.status is ProbeStatus.ABSENT:
            message = f"probe {name}: {reading.detail}"
            log.info("capacity: %s", message)
        elif before is ProbeStatus.ABSENT:
            message = f"probe {name} is present now: {reading.detail}"
            log.info("capacity: %s", message)
        else:
            return  # WAITING → OK: the normal start
        self._publish_probe(name, message)
        self._wake.set()

    def _record_failure(self, slot: _Slot, error: str) -> None:
        changed = slot.status is not ProbeStatus.FAILED or slot.error != error
        slot.status, slot.error = ProbeStatus.FAILED, error
        if changed:
            message = f"probe {slot.probe.name} failed: {error} — capacity counted as 0 until it recovers"
            log.warning("capacity: %s", message)
            self._publish_probe(slot.probe.name, message)
            self._wake.set()

    def _publish_probe(self, name: str, message: str) -> None:
        capacity = self.latest.capacity if self.latest is not None else 0.0
        self.events.publish(
            CapacityEvent(
                kind=EventKind.PROBE,
                at=self._clock(),
                island=self.island_id,
                capacity=capacity,
                message=message,
                probe=name,
            )
        )

    # -- one sample ----------------------------------------------------------------------------

    def tick(self) -> CapacitySample:
        """Take one sample now: smoothing, C, history, trend, gates, events. Cheap; runs on the loop."""
        return self.feed(self._clock(), self.probe_views())

    def weights(self, views: tuple[ProbeView, ...]) -> dict[str, float]:
        """Probe weights other than 1: the engine's queue is not lost capacity when own work is
        a queue; the CPU counts less when the model runs on a GPU."""
        weights: dict[str, float] = {}
        if self.config.own_work == "queue":
            weights["engine"] = 0.0
        on_gpu = self.config.model_on == "gpu"
        if self.config.model_on == "auto":
            gpu_present = any(
                v.name == "gpu" and v.status is ProbeStatus.OK and v.reading is not None and v.reading.present
                for v in views
            )
            on_gpu = gpu_present and self._model_on_gpu is not False
        if on_gpu:
            weights["cpu"] = self.config.gpu_cpu_weight
        return weights

    def feed(self, now: float, views: tuple[ProbeView, ...]) -> CapacitySample:
        """One sample from probe views taken at ``now``: the raw C of the instant, the smoothed
        C the gates read, then :meth:`observe`. :meth:`tick` calls it with the live probes; a
        recorded trace is replayed through it."""
        weights = self.weights(views)
        raw = capacity_from(views, weights)
        smoothed = raw if raw.degraded else capacity_from(self._filter.apply(views, now), weights)
        if raw.degraded:
            self._filter.apply(views, now)  # failed probes start afresh when they answer again
        return self.observe(now, smoothed, views, raw=raw, weights=weights)

    def _own_work(self, views: tuple[ProbeView, ...]) -> OwnWork | None:
        if self.config.own_work != "queue":
            return None
        for view in views:
            if view.name == "engine" and view.status is ProbeStatus.OK and view.reading is not None:
                m = view.reading.metrics
                depth, wait, full = m.get("queue_depth"), m.get("queue_wait_s"), m.get("queue_full")
                return OwnWork(
                    int(depth) if isinstance(depth, int | float) else 0,
                    float(wait) if isinstance(wait, int | float) else 0.0,
                    bool(full),
                )
        return None

    def observe(
        self,
        now: float,
        value: CapacityValue,
        views: tuple[ProbeView, ...] = (),
        *,
        raw: CapacityValue | None = None,
        weights: Mapping[str, float] | None = None,
    ) -> CapacitySample:
        """Feed one (smoothed) capacity value taken at ``now`` through history, trend, gates and
        events; ``raw`` is the unsmoothed value of the same instant, for the record."""
        raw = raw or value
        self.history.append(now, value.value, value.pressures, value.degraded, raw.value)
        config, policy = self.config, self.gates.policy
        trend: Trend | None = None
        climbing = False
        if config.predict and not value.degraded:
            times, values = self.history.trend_window(now, config.trend_window_s)
            trend = fit_trend(times, values, window_s=config.trend_window_s, horizon_s=config.horizon_s)
            # C climbing back: a fall the line still fits over its window is the past, not the
            # future; it may keep a gate shut but not close one (a 2-s burst would otherwise close it).
            climbing = len(values) >= 2 and values[-1] > values[-2]
        self.gates.set_forecast(self.island_id, trend.forecast if trend is not None else None, climbing=climbing)
        own_work = self._own_work(views)
        self.gates.set_own_work(self.island_id, own_work)
        before = self.gates.accepting(self.island_id)
        accepting = self.gates.observe(
            self.island_id, value.value, local=True, now=now, dwell=self.dwell, urgent=value.degraded
        )
        pending = {
            tier: seconds
            for tier, gate in self.gates.gates(self.island_id).items()
            if (seconds := gate.pending(now, self.dwell)) is not None
        }
        thresholds = thresholds_for(policy, local=True)
        seconds_to = {
            tier: (trend.seconds_until(theta) if trend is not None else None)
            for tier, theta in thresholds.items()
            if theta > 0.0
        }
        note = value.note or self._early_note(thresholds, trend)
        sample = CapacitySample(
            at=now,
            capacity=value.value,
            dominant=value.dominant,
            pressures=value.pressures,
            degraded=value.degraded,
            note=note,
            accepting=accepting,
            thresholds=thresholds,
            forecast=trend.forecast if trend is not None else None,
            slope_per_s=trend.slope_per_s if trend is not None else None,
            seconds_to_threshold=seconds_to,
            probes=views,
            raw_capacity=raw.value,
            raw_pressures=raw.pressures,
            pending=pending,
            own_work=own_work,
            weights={k: v for k, v in (weights or {}).items() if v != 1.0},
        )
        self.latest, self._latest_at = sample, time.monotonic()
        self._publish_tick(sample, before, trend)
        return sample

    def _early_note(self, thresholds: Mapping[Priority, float], trend: Trend | None) -> str | None:
        early = [t for t, gate in self.gates.gates(self.island_id).items() if not gate.open and gate.early]
        if not early or trend is None:
            return None
        theta = max(thresholds[t] for t in early)
        return (
            f"trend {trend.slope_per_s * 60:+.2f}/min predicts C={trend.forecast:.2f} in {trend.horizon_s:.0f} s,"
            f" below θ={theta:.2f}: offloading early"
        )

    def _event(
        self,
        kind: EventKind,
        sample: CapacitySample,
        message: str,
        *,
        tier: Priority | None = None,
        seconds: float | None = None,
    ) -> CapacityEvent:
        return CapacityEvent(
            kind=kind,
            at=sample.at,
            island=self.island_id,
            capacity=sample.capacity,
            message=message,
            degraded=sample.degraded,
            accepting=tuple(t for t in TIERS if t in sample.accepting),
            tier=tier,
            forecast=sample.forecast,
            seconds_to_threshold=seconds,
            raw_capacity=round(sample.raw, 4),
        )

    def _publish_tick(self, sample: CapacitySample, before: frozenset[Priority] | None, trend: Trend | None) -> None:
        why = f" ({sample.note})" if sample.note else ""
        dominant = f", {sample.dominant} dominant" if sample.dominant else ""
        self.events.publish(self._event(EventKind.SAMPLE, sample, f"C={sample.capacity:.2f}{dominant}{why}"))
        if before is None:
            message = f"{band_name(sample.accepting)} (C={sample.capacity:.2f}){why}"
            self.events.publish(self._event(EventKind.BAND, sample, message))
        elif before != sample.accepting:
            margin = self.gates.policy.hysteresis_margin
            for tier in TIERS:
                if (tier in before) == (tier in sample.accepting):
                    continue
                theta = sample.thresholds[tier]
                gate = self.gates.gates(self.island_id).get(tier)
                if tier in sample.accepting:
                    held = gate.reopen_wait_s if gate is not None and gate.reopen_wait_s else self.dwell.open_after_s
                    message = (
                        f"{tier.value} work returns to this device: C={sample.capacity:.2f} > {theta + margin:.2f}"
                        + (f" for {held:.0f} s" if held > 0 else "")
                    )
                else:
                    raw = f" (raw {sample.raw:.2f})" if sample.raw_capacity is not None else ""
                    message = f"{tier.value} work offloads: C={sample.capacity:.2f}{raw}, θ={theta:.2f}{why}"
                self.events.publish(self._event(EventKind.BAND, sample, message, tier=tier))
        for tier, seconds in sample.seconds_to_threshold.items():
            if seconds is None or seconds > self.config.horizon_s or trend is None:
                self._predicted.discard(tier)
                continue
            if tier in self._predicted:
                continue
            self._predicted.add(tier)
            message = (
                f"C={sample.capacity:.2f} falling {trend.slope_per_s * 60:+.2f}/min: predicted below"
                f" {tier.value} θ={sample.thresholds[tier]:.2f} in {seconds:.0f} s"
            )
            self.events.publish(self._event(EventKind.EXHAUSTION, sample, message, tier=tier, seconds=seconds))
