"""The pure pieces of TIDE: the formula, the trend fit, the history ring, the event bus,
hysteresis with forecasts, and the [capacity] config table."""

from __future__ import annotations

import math

import pytest

from islandrun.core.capacity.config import CapacityConfig
from islandrun.core.capacity.events import CapacityEvent, EventBus, EventKind
from islandrun.core.capacity.formula import ProbeStatus, ProbeView, capacity_from
from islandrun.core.capacity.history import HistoryRing
from islandrun.core.capacity.hysteresis import CapacityGates, HysteresisGate, thresholds_for
from islandrun.core.capacity.probes import Reading
from islandrun.core.capacity.trend import fit_trend
from islandrun.core.config import parse_config
from islandrun.core.errors import ConfigError
from islandrun.core.routing import Priority, RoutingPolicy
from islandrun.core.routing.policy import BUFFER_PRESETS


def ok(name: str, pressure: float) -> ProbeView:
    return ProbeView(name, ProbeStatus.OK, Reading(name, True, pressure))


def test_capacity_is_one_minus_the_largest_pressure_and_names_it() -> None:
    value = capacity_from([ok("cpu", 0.3), ok("memory", 0.6), ok("gpu", 0.1)])
    assert value.value == pytest.approx(0.4)
    assert value.dominant == "memory"
    assert not value.degraded
    assert value.note is None


def test_absent_probes_do_not_count() -> None:
    absent = ProbeView("battery", ProbeStatus.ABSENT, Reading.absent("battery", "no battery"))
    value = capacity_from([ok("cpu", 0.2), absent])
    assert value.value == pytest.approx(0.8)
    assert value.pressures["battery"] is None


@pytest.mark.parametrize(
    ("view", "words"),
    [
        (ProbeView("gpu", ProbeStatus.FAILED, error="no answer within its 2 s timeout"), "probe gpu failed"),
        (ProbeView("cpu", ProbeStatus.WAITING), "probe cpu has not answered yet"),
    ],
)
def test_a_failed_or_silent_probe_makes_capacity_zero_and_says_why(view: ProbeView, words: str) -> None:
    value = capacity_from([ok("memory", 0.0), view])
    assert value.value == 0.0
    assert value.degraded
    assert value.note is not None and words in value.note and "counted as 0" in value.note


def test_no_probe_present_at_all_is_zero_not_full() -> None:
    value = capacity_from([ProbeView("battery", ProbeStatus.ABSENT, Reading.absent("battery", "none"))])
    assert value.value == 0.0 and value.degraded


def test_trend_recovers_a_linear_fall_and_predicts_the_crossing() -> None:
    times = [100.0 + i for i in range(20)]
    values = [0.9 - 0.01 * i for i in range(20)]  # C falls 0.01 per second
    trend = fit_trend(times, values, window_s=20, horizon_s=10)
    assert trend is not None
    assert trend.slope_per_s == pytest.approx(-0.01)
    assert trend.fitted_now == pytest.approx(0.71)
    assert trend.forecast == pytest.approx(0.61)
    assert trend.seconds_until(0.7) == pytest.approx(1.0)
    assert trend.seconds_until(0.5) == pytest.approx(21.0)
    assert trend.seconds_until(0.8) is None  # already below


def test_trend_needs_enough_history_and_ignores_rising_capacity() -> None:
    assert fit_trend([1.0, 2.0, 3.0], [0.5, 0.4, 0.3], window_s=20, horizon_s=10) is None
    rising = fit_trend([float(i) for i in range(10)], [0.1 * i / 2 for i in range(10)], window_s=20, horizon_s=10)
    assert rising is not None and rising.seconds_until(0.0) is None


def test_history_ring_wraps_keeps_order_and_reports_its_size() -> None:
    ring = HistoryRing(600, ["cpu", "memory"])
    for i in range(1000):
        ring.append(float(i), i / 1000, {"cpu": 0.5, "memory": None}, degraded=False)
    rows = ring.rows()
    assert len(ring) == 600 == len(rows)
    assert [r.at for r in rows] == [float(i) for i in range(400, 1000)]
    assert rows[-1].pressures == {"cpu": 0.5, "memory": None}
    assert ring.nbytes == 600 * (8 + 4 + 4 + 4 + 4 + 1)  # time, C, raw C, two pressures, flag
    assert [r.at for r in ring.rows(since=995.0)] == [995.0, 996.0, 997.0, 998.0, 999.0]
    assert rows[-1].as_dict() == {
        "at": 999.0,
        "capacity": 0.999,
        "raw_capacity": 0.999,
        "pressures": {"cpu": 0.5, "memory": None},
        "degraded": False,
    }


def test_trend_window_starts_after_the_last_degraded_sample() -> None:
    ring = HistoryRing(100, ["cpu"])
    for i in range(30):
        ring.append(float(i), 0.0 if i == 20 else 0.8, {"cpu": 0.2}, degraded=i == 20)
    times, values = ring.trend_window(29.0, window_s=20)
    assert times == [float(i) for i in range(21, 30)]
    assert all(math.isclose(v, 0.8, rel_tol=1e-6) for v in values)


async def test_event_bus_never_blocks_a_slow_subscriber_drops_its_oldest() -> None:
    bus = EventBus()
    fast, slow = bus.subscribe(), bus.subscribe(maxsize=2)
    for i in range(5):
        bus.publish(CapacityEvent(kind=EventKind.SAMPLE, at=float(i), island="local", capacity=0.5, message=str(i)))
    assert [(await slow.get()).message for _ in range(2)] == ["3", "4"]
    assert slow.dropped == 3
    assert fast.queue.qsize() == 5
    async with fast:
        pass
    assert bus.subscribers == 1


def test_gate_closes_below_theta_and_reopens_only_above_theta_plus_margin() -> None:
    gate = HysteresisGate(0.5)
    assert [gate.update(c) for c in (0.7, 0.49, 0.55, 0.6, 0.61, 0.5)] == [True, False, False, False, True, True]
    assert gate.flips == 2


def test_a_forecast_below_theta_closes_early_and_holds_the_gate() -> None:
    gate = HysteresisGate(0.5)
    assert gate.update(0.65, forecast=0.45) is False
    assert gate.early
    assert gate.update(0.8, forecast=0.45) is False  # still heading below θ
    assert gate.update(0.8, forecast=0.7) is True
    assert not gate.early


def test_a_low_forecast_while_c_climbs_back_keeps_a_closed_gate_shut_but_closes_no_open_one() -> None:
    open_gate = HysteresisGate(0.7)
    assert open_gate.update(0.77, forecast=0.65, forecast_closes=False) is True  # a dip that is ending
    assert open_gate.update(0.77, forecast=0.65) is False and open_gate.early  # the same forecast while C falls
    shut = HysteresisGate(0.7, open=False)
    assert shut.update(0.9, forecast=0.65, forecast_closes=False) is False  # still heading below θ: stays shut
    assert shut.update(0.9, forecast=0.75, forecast_closes=False) is True


def test_primary_never_offloads_and_buffer_presets_guard_remote_islands() -> None:
    assert dict(BUFFER_PRESETS) == {"conservative": 0.30, "moderate": 0.20, "aggressive": 0.10}
    policy = RoutingPolicy(buffer=BUFFER_PRESETS["conservative"])
    local = thresholds_for(policy, local=True)
    assert local == {Priority.PRIMARY: 0.0, Priority.SECONDARY: 0.5, Priority.BURSTABLE: 0.7}
    assert set(thresholds_for(policy, local=False).values()) == {0.30}
    gates = CapacityGates(policy)
    assert gates.update("local", 0.0, local=True) == frozenset({Priority.PRIMARY})
    assert gates.update("peer", 0.29, local=False) == frozenset()
    assert gates.update("peer", 0.35, local=False) == frozenset()  # inside the dead band
    assert gates.update("peer", 0.41, local=False) == frozenset(Priority)


def test_capacity_table_in_the_config_file() -> None:
    config = parse_config(
        """
[capacity]
sample_interval_s = 0.5
horizon_s = 30
disabled = ["thermal"]
[capacity.probes.gpu]
interval_s = 2.0
timeout_s = 5.0
"""
    ).capacity
    assert config.sample_interval_s == 0.5
    assert config.settings("gpu").timeout_s == 5.0
    assert config.settings("cpu") == CapacityConfig().settings("cpu")  # untouched probes keep defaults
    assert config.disabled == ["thermal"]


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[capacity.probes.fan]\ninterval_s = 1.0", "capacity.probes"),
        ("[capacity]\nhorizon_s = -1", "capacity.horizon_s"),
        ("[capacity]\nhistory_s = 10", "capacity.history_s"),
        ('[capacity]\ndisabled = ["wifi"]', "capacity.disabled"),
    ],
)
def test_bad_capacity_settings_are_named(toml: str, key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(toml)
    assert any(k.startswith(key) for k, _ in caught.value.problems), caught.value.problems
