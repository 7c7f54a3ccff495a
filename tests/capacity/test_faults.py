"""Fault fallback: a probe that hangs or crashes drives capacity to 0 within its timeout, says so
in the log, the events and the routing explanation, and recovers by itself.

The faulty probe is a scripted stand-in: no real probe can be made to hang or crash on demand.
Everything around it (the monitor, its threads and timeouts, the gates, the snapshot builder
and the router) is the real code, next to a real memory probe.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest

from islandrun.core.capacity.config import CapacityConfig, ProbeSettings
from islandrun.core.capacity.events import EventKind
from islandrun.core.capacity.monitor import CapacityMonitor
from islandrun.core.capacity.probes import MemoryProbe, Reading
from islandrun.core.routing import Priority

from .helpers import drain, next_samples, route_now

TIMEOUT_S = 0.6


class FaultyProbe:
    """Answers a fixed low pressure until told to hang (block until released) or to raise."""

    name = "engine"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.release.set()
        self.crash = False
        self.hung_at: float | None = None

    def read(self) -> Reading:
        if self.crash:
            raise RuntimeError("sensor driver went away")
        if not self.release.is_set():
            self.hung_at = time.monotonic()
            self.release.wait(30)
        return Reading(self.name, True, 0.05, detail="fine")

    def close(self) -> None:
        return None


def config() -> CapacityConfig:
    fast = ProbeSettings(interval_s=0.2, timeout_s=TIMEOUT_S)
    # no reopening dwell: recovery is what is tested here (the dwell in test_signal.py)
    return CapacityConfig(
        sample_interval_s=0.2, probes={"memory": fast, "engine": fast}, predict=False, open_after_s=0.0
    )


async def wait_for(predicate: object, timeout: float = 10.0) -> float:
    start = time.monotonic()
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() - start < timeout, "condition not reached in time"
        await asyncio.sleep(0.01)
    return time.monotonic()


async def test_a_hung_probe_zeroes_capacity_within_its_timeout_and_recovers(caplog: pytest.LogCaptureFixture) -> None:
    faulty = FaultyProbe()
    caplog.set_level(logging.WARNING, logger="islandrun.capacity")
    async with CapacityMonitor([MemoryProbe(), faulty], config()) as monitor:
        await next_samples(monitor, 2)
        assert monitor.latest is not None and monitor.latest.capacity > 0.5
        assert route_now(monitor, Priority.SECONDARY).island_id == "local"

        async with monitor.events.subscribe() as events:
            faulty.release.clear()
            await wait_for(lambda: faulty.hung_at is not None)
            zero_at = await wait_for(lambda: monitor.latest is not None and monitor.latest.capacity == 0.0)
            assert faulty.hung_at is not None
            assert zero_at - faulty.hung_at <= TIMEOUT_S + 0.5  # within the timeout (+ slack for a busy 2-core box)

            sample = monitor.latest
            assert sample is not None and sample.degraded
            assert sample.note is not None and "probe engine failed: no answer within its 0.6 s timeout" in sample.note
            decision = route_now(monitor, Priority.SECONDARY)
            assert decision.island_id == "edge"
            assert "probe engine failed" in decision.explain()
            assert route_now(monitor, Priority.PRIMARY).island_id == "local"  # primary still stays here
            assert "probe engine failed" in caplog.text

            faulty.release.set()
            await wait_for(lambda: monitor.latest is not None and not monitor.latest.degraded)
            seen = drain(events)
        probe_events = [e.message for e in seen if e.kind is EventKind.PROBE]
        assert any("failed" in m for m in probe_events)
        assert any("recovered" in m for m in probe_events)
        assert monitor.latest is not None and monitor.latest.capacity > 0.5
        # recovery of the route needs C above θ + margin, which a healthy idle-memory C gives
        await next_samples(monitor, 1)
        assert route_now(monitor, Priority.SECONDARY).island_id == "local"


async def test_a_crashing_probe_zeroes_capacity_at_once_and_recovers() -> None:
    faulty = FaultyProbe()
    async with CapacityMonitor([MemoryProbe(), faulty], config()) as monitor:
        await next_samples(monitor, 1)
        faulty.crash = True
        await wait_for(lambda: monitor.latest is not None and monitor.latest.degraded, timeout=TIMEOUT_S + 1.0)
        assert monitor.latest is not None
        assert monitor.latest.capacity == 0.0
        assert "RuntimeError: sensor driver went away" in (monitor.latest.note or "")
        assert "RuntimeError" in route_now(monitor, Priority.BURSTABLE).explain()
        # the history keeps the forced zeros, flagged, for the chart
        assert any(row.degraded and row.capacity == 0.0 for row in monitor.history.rows())

        faulty.crash = False
        await wait_for(lambda: monitor.latest is not None and not monitor.latest.degraded, timeout=5)
        assert monitor.latest.capacity > 0.5


async def test_stop_does_not_wait_for_a_stuck_probe() -> None:
    faulty = FaultyProbe()
    monitor = CapacityMonitor([faulty], config())
    await monitor.start()
    faulty.release.clear()
    await wait_for(lambda: faulty.hung_at is not None)
    started = time.monotonic()
    await monitor.stop()
    assert time.monotonic() - started < 1.0
    faulty.release.set()  # let the stuck thread finish


class WrongProbe(FaultyProbe):
    """Returns something that is not a Reading (a bug in a probe)."""

    def read(self) -> Reading:
        return {"pressure": 0.1}  # type: ignore[return-value]


async def test_a_probe_returning_garbage_counts_as_failed() -> None:
    async with CapacityMonitor([MemoryProbe(), WrongProbe()], config()) as monitor:
        assert monitor.latest is not None and monitor.latest.capacity == 0.0
        assert "returned dict, not a Reading" in (monitor.latest.note or "")


async def test_a_stalled_sampler_fails_safe(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """If taking a sample starts to fail (a bug), sampling goes on trying, the error is logged,
    and the capacity the router reads drops to 0 once the last good sample is too old."""
    async with CapacityMonitor([MemoryProbe()], config()) as monitor:
        await next_samples(monitor, 1)
        assert monitor.capacities()["local"] > 0.5

        def broken() -> None:
            raise ZeroDivisionError("bug")

        monkeypatch.setattr(monitor, "tick", broken)
        await wait_for(lambda: monitor.capacities()["local"] == 0.0, timeout=5)
        assert "capacity monitor stalled" in monitor.notes()["local"]
        assert "stalled" in route_now(monitor, Priority.SECONDARY).explain()
        assert "a sample failed" in caplog.text
