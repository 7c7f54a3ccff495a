"""Exhaustion prediction: a steadily falling capacity offloads before it crosses θ.

A synthetic ramp (C falls 0.01 per second from 0.95) is fed through the monitor's pipeline
with a clock of its own, so the timing is exact; the router decides on the live gates.
"""

from __future__ import annotations

from islandrun.core.capacity.config import CapacityConfig
from islandrun.core.capacity.events import EventKind
from islandrun.core.capacity.formula import ProbeStatus, ProbeView, capacity_from
from islandrun.core.capacity.monitor import CapacityMonitor
from islandrun.core.capacity.probes import Reading
from islandrun.core.routing import Priority

from .helpers import drain, route_now

T0 = 1_700_000_000.0


def feed(monitor: CapacityMonitor, second: int, capacity: float) -> None:
    views = (ProbeView("cpu", ProbeStatus.OK, Reading("cpu", True, 1.0 - capacity)),)
    monitor.observe(T0 + second, capacity_from(views), views)


def first_offload(predict: bool) -> tuple[int, float, CapacityMonitor]:
    monitor = CapacityMonitor([], CapacityConfig(predict=predict, trend_window_s=20, horizon_s=10))
    for second in range(90):
        capacity = 0.95 - 0.01 * second
        feed(monitor, second, capacity)
        if route_now(monitor, Priority.BURSTABLE).island_id == "edge":
            return second, capacity, monitor
    raise AssertionError("never offloaded")


async def test_falling_capacity_offloads_burstable_work_before_it_reaches_theta() -> None:
    late_second, late_c, _ = first_offload(predict=False)
    assert late_c < 0.70  # without prediction: only once C is below θ_burstable

    monitor = CapacityMonitor([], CapacityConfig(predict=True, trend_window_s=20, horizon_s=10))
    async with monitor.events.subscribe() as events:
        second = 0
        while True:
            capacity = 0.95 - 0.01 * second
            feed(monitor, second, capacity)
            decision = route_now(monitor, Priority.BURSTABLE)
            if decision.island_id == "edge":
                break
            second += 1
        assert capacity >= 0.70  # still above θ: offloaded on the forecast
        assert second <= late_second - 5  # seconds earlier than without prediction
        assert "offloading early" in decision.explain()
        assert route_now(monitor, Priority.SECONDARY).island_id == "local"  # 0.5 is further away
        exhaustion = [e for e in drain(events) if e.kind is EventKind.EXHAUSTION]
    assert exhaustion and exhaustion[0].tier is Priority.BURSTABLE
    assert exhaustion[0].seconds_to_threshold is not None and exhaustion[0].seconds_to_threshold <= 10


def test_a_flat_capacity_above_theta_is_never_predicted_down() -> None:
    monitor = CapacityMonitor([], CapacityConfig(predict=True))
    for second in range(120):
        feed(monitor, second, 0.75 + (0.01 if second % 2 else -0.01))
        assert route_now(monitor, Priority.BURSTABLE).island_id == "local"
