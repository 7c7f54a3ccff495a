"""A signal, not a sample (issue 21): smoothing, gate dwell, own work, the right resource.

Everything here runs on the monitor's own clock (``feed`` with explicit times), so the timings
are exact; the routes come from the real router through the wiring's snapshot builder.
"""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any, NamedTuple

import pytest

from islandrun.core.capacity.config import CapacityConfig
from islandrun.core.capacity.formula import ProbeStatus, ProbeView
from islandrun.core.capacity.gpu_vendors import AmdGpuProbe, AnyGpuProbe, AppleGpuProbe
from islandrun.core.capacity.hysteresis import CapacityGates, Dwell, HysteresisGate, OwnWork
from islandrun.core.capacity.monitor import CapacityMonitor
from islandrun.core.capacity.probes import CpuProbe, EngineProbe, Reading
from islandrun.core.capacity.smoothing import Ewma
from islandrun.core.islands import Island, IslandKind, IslandRegistry, TrustSpec
from islandrun.core.routing import Priority, RouteRequest, RoutingPolicy, route
from islandrun.core.routing.snapshot_builder import build_snapshot

from .helpers import route_now

T0 = 1_700_000_000.0


def cpu_views(cpu: float, memory: float = 0.05, gpu: Reading | None = None) -> tuple[ProbeView, ...]:
    views = [
        ProbeView("cpu", ProbeStatus.OK, Reading("cpu", True, cpu)),
        ProbeView("memory", ProbeStatus.OK, Reading("memory", True, memory)),
    ]
    if gpu is not None:
        views.append(ProbeView("gpu", ProbeStatus.OK, gpu))
    return tuple(views)


# -- smoothing -----------------------------------------------------------------------------------


def test_ewma_follows_time_not_calls() -> None:
    ewma = Ewma(3.0)
    assert ewma.update(0.0, 0.0) == 0.0
    assert ewma.update(1.0, 0.0) == 0.0  # no time passed: no weight
    after_3s = ewma.update(1.0, 3.0)
    assert after_3s == pytest.approx(1 - 2.718281828**-1, abs=1e-6)  # 63 % after one τ
    assert Ewma(0.0).update(0.7, 1.0) == 0.7  # τ = 0: raw


def test_a_one_second_spike_moves_the_smoothed_cpu_by_about_a_quarter() -> None:
    monitor = CapacityMonitor([], CapacityConfig(predict=False))
    for t in range(10):
        monitor.feed(T0 + t, cpu_views(0.1))
    spike = monitor.feed(T0 + 10, cpu_views(1.0))
    assert spike.raw == pytest.approx(0.0)
    assert 0.6 < spike.capacity < 0.7  # 1 − (0.1 + 0.9 · 0.28)
    assert spike.as_dict()["raw_capacity"] == 0.0


def test_a_reading_fed_twice_is_not_new_evidence() -> None:
    monitor = CapacityMonitor([], CapacityConfig(predict=False))
    idle = cpu_views(0.0)
    monitor.feed(T0, idle)
    busy = cpu_views(1.0)
    first = monitor.feed(T0 + 1, busy)
    again = monitor.feed(T0 + 2, busy)  # the tick ran, the probe had not read again
    assert again.capacity == first.capacity


def test_memory_is_nearly_raw() -> None:
    monitor = CapacityMonitor([], CapacityConfig(predict=False))
    monitor.feed(T0, cpu_views(0.0, memory=0.1))
    full = monitor.feed(T0 + 2, cpu_views(0.0, memory=0.9))
    assert full.capacity < 0.25  # within two seconds most of the way (τ = 1 s)


# -- dwell -----------------------------------------------------------------------------------


def test_a_gate_closes_only_after_its_condition_held_for_the_dwell() -> None:
    gate, dwell = HysteresisGate(0.5), Dwell(close_after_s=1.0, open_after_s=30.0)
    assert gate.update(0.4, now=0.0, dwell=dwell)  # below θ: pending
    assert gate.pending(0.0, dwell) == 1.0
    assert gate.update(0.55, now=1.0, dwell=dwell)  # back above: the wait restarts
    assert gate.update(0.4, now=2.0, dwell=dwell)
    assert not gate.update(0.4, now=3.0, dwell=dwell)  # held for 1 s: closed
    for t in range(4, 33):
        assert not gate.update(0.7, now=float(t), dwell=dwell)  # above θ + margin, not yet 30 s
    assert gate.update(0.7, now=34.0, dwell=dwell)
    assert gate.flips == 2


def test_a_failed_probe_closes_at_once_despite_the_dwell() -> None:
    gate = HysteresisGate(0.5)
    assert not gate.update(0.0, now=0.0, dwell=Dwell(5.0, 30.0), urgent=True)


def test_the_snapshot_never_skips_the_monitors_dwell() -> None:
    monitor = CapacityMonitor([], CapacityConfig(predict=False))
    monitor.feed(T0, cpu_views(0.1))
    monitor.feed(T0 + 1, cpu_views(1.0))
    monitor.feed(T0 + 2, cpu_views(1.0))  # smoothed C below 0.7, for 1 s: burstable closes now
    assert route_now(monitor, Priority.BURSTABLE).island_id == "edge"
    for t in range(3, 8):
        monitor.feed(T0 + t, cpu_views(0.0))  # smoothed C back above 0.8, but only for a few s
        # the snapshot builder gets the same C; it must not reopen the gate itself
        assert route_now(monitor, Priority.BURSTABLE).island_id == "edge"


def test_a_stalled_monitor_keeps_other_work_away_although_the_gates_were_open() -> None:
    gates = CapacityGates(RoutingPolicy())
    gates.observe("local", 0.9, local=True, now=T0, dwell=Dwell(1.0, 30.0))
    snapshot = build_snapshot(
        IslandRegistry([Island.local(models=["m"])]),
        gates,
        {"local": 0.0},
        capacity_notes={"local": "capacity monitor stalled"},
        now=T0 + 10,
    )
    assert snapshot.islands[0].accepting == frozenset({Priority.PRIMARY})


def test_ordinary_bursts_do_not_move_work_but_a_sustained_overload_does_within_3_s() -> None:
    """Browser-like bursts (1–3 s, sometimes back to back, on one core of two; a new one starts
    in any second with probability 1/8) over a light base load, for an hour: mean C ≈ 0.78,
    inside the burstable dead band, the hard case. At most one gate change per five minutes.
    Then a sustained full load: offloaded within 3 s."""
    rnd = random.Random(21)
    monitor = CapacityMonitor([], CapacityConfig())
    t, burst_left = 0, 0
    flips_before = 0
    while t < 3600:
        if burst_left == 0 and rnd.random() < 1 / 8:
            burst_left = rnd.randint(1, 3)
        cpu = 0.08 + rnd.uniform(0.0, 0.08) + (0.5 if burst_left else 0.0)
        burst_left = max(0, burst_left - 1)
        monitor.feed(T0 + t, cpu_views(cpu))
        t += 1
    flips_before = sum(monitor.gates.flips().values())
    assert flips_before <= 3600 / 300  # at most one change per five minutes
    start = t
    offloaded: dict[Priority, int] = {}
    while t < start + 20:
        t += 1
        sample = monitor.feed(T0 + t, cpu_views(1.0))
        for tier in (Priority.SECONDARY, Priority.BURSTABLE):
            if tier not in sample.accepting:
                offloaded.setdefault(tier, t - start)
    assert offloaded[Priority.SECONDARY] <= 3 and offloaded[Priority.BURSTABLE] <= 3


# -- own work --------------------------------------------------------------------------------


class CpuTimes(NamedTuple):
    user: float
    idle: float
    iowait: float


class FakeProcess:
    def __init__(self) -> None:
        self.seconds = 0.0

    def cpu_times(self) -> Any:
        return SimpleNamespace(user=self.seconds, system=0.0)


def test_the_cpu_probe_takes_its_own_process_out(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = {"total": 100.0, "idle": 50.0}

    def cpu_times() -> Any:
        return CpuTimes(clock["total"] - clock["idle"], clock["idle"], 0.0)

    monkeypatch.setattr("psutil.cpu_times", cpu_times)
    monkeypatch.setattr("time.sleep", lambda _s: None)
    own = FakeProcess()
    probe = CpuProbe(subtract_own=True, process=own)  # type: ignore[arg-type]
    probe.read()
    clock["total"] += 2.0  # two cores, one second
    clock["idle"] += 0.2  # 90 % busy ...
    own.seconds += 1.0  # ... half of the machine is IslandRun's own generation
    reading = probe.read()
    assert reading.metrics["busy"] == pytest.approx(0.9)
    assert reading.metrics["own"] == pytest.approx(0.5)
    assert reading.pressure == pytest.approx(0.4)  # only the others' work presses


class Queue:
    def __init__(self, depth: int, limit: int = 4, tps: float | None = 16.0) -> None:
        self.depth, self.limit, self.tps = depth, limit, tps

    def queue_depth(self) -> int:
        return self.depth

    def max_queue(self) -> int:
        return self.limit

    def throughput_tps(self) -> float | None:
        return self.tps


def test_the_engine_queue_is_an_expected_wait_not_lost_capacity() -> None:
    reading = EngineProbe(Queue(2), tokens_per_request=256).read()
    assert reading.metrics["queue_wait_s"] == pytest.approx(32.0)  # 512 tokens at 16 tok/s
    engine = ProbeView("engine", ProbeStatus.OK, reading)
    queue_mode = CapacityMonitor([], CapacityConfig(predict=False)).feed(T0, (*cpu_views(0.1), engine))
    pressure_mode = CapacityMonitor([], CapacityConfig(predict=False, own_work="pressure")).feed(
        T0, (*cpu_views(0.1), engine)
    )
    assert queue_mode.capacity == pytest.approx(0.9) and queue_mode.own_work == OwnWork(2, 32.0, False)
    assert pressure_mode.capacity == pytest.approx(0.5) and pressure_mode.own_work is None


LOCAL = Island.local(models=["m"])
EDGE = Island("edge", "Lab edge", IslandKind.EDGE, TrustSpec(0.8), models=("m",), expected_latency_ms=3000.0)


def decide(wait_s: float, priority: Priority, full: bool = False, max_latency_ms: float | None = None) -> str:
    gates = CapacityGates(RoutingPolicy())
    gates.observe("local", 0.9, local=True, now=T0, dwell=Dwell())
    gates.set_own_work("local", OwnWork(1 if wait_s else 0, wait_s, full))
    snapshot = build_snapshot(IslandRegistry([LOCAL, EDGE]), gates, {"local": 0.9}, now=T0)
    request = RouteRequest("r", 0.1, priority=priority, model="m", max_latency_ms=max_latency_ms)
    return route(request, snapshot, RoutingPolicy()).island_id


def test_the_router_weighs_waiting_here_against_sending_elsewhere() -> None:
    assert decide(0.0, Priority.SECONDARY) == "local"
    assert decide(1.0, Priority.SECONDARY) == "local"  # a short wait beats a 3 s trip
    assert decide(10.0, Priority.SECONDARY) == "edge"  # a long queue does not
    assert decide(1.0, Priority.SECONDARY, full=True) == "edge"  # a full queue takes nothing more
    assert decide(60.0, Priority.PRIMARY) == "local"  # primary work waits here whatever the queue
    assert decide(60.0, Priority.PRIMARY, max_latency_ms=5000) == "local"


def test_the_queue_wait_is_explained() -> None:
    gates = CapacityGates(RoutingPolicy())
    gates.observe("local", 0.9, local=True, now=T0, dwell=Dwell())
    gates.set_own_work("local", OwnWork(3, 12.5, False))
    snapshot = build_snapshot(IslandRegistry([LOCAL, EDGE]), gates, {"local": 0.9}, now=T0)
    local = next(s for s in snapshot.islands if s.island.id == "local")
    assert local.queue_wait_s == 12.5 and local.effective_latency_ms > 12_000
    assert local.capacity_note is not None and "12.5 s expected wait" in local.capacity_note


# -- the right resource --------------------------------------------------------------------------


def gpu_reading(util: float, level: float) -> Reading:
    return Reading("gpu", True, max(util, level), {"util": util, "level": level})


def test_with_the_model_on_a_gpu_the_cpu_counts_less_and_vram_counts_at_once() -> None:
    on_gpu = CapacityMonitor([], CapacityConfig(predict=False, cpu_tau_s=0.0), model_on_gpu=True)
    busy_cpu = on_gpu.feed(T0, cpu_views(1.0, gpu=gpu_reading(0.1, 0.2)))
    assert busy_cpu.capacity == pytest.approx(0.5)  # full CPU at weight 0.5
    assert busy_cpu.weights == {"engine": 0.0, "cpu": 0.5}
    cpu_only = CapacityMonitor([], CapacityConfig(predict=False, cpu_tau_s=0.0), model_on_gpu=False)
    assert cpu_only.feed(T0, cpu_views(1.0, gpu=gpu_reading(0.1, 0.2))).capacity == pytest.approx(0.0)
    smoothed = CapacityMonitor([], CapacityConfig(predict=False), model_on_gpu=True)
    smoothed.feed(T0, cpu_views(0.0, gpu=gpu_reading(0.0, 0.1)))
    vram_full = smoothed.feed(T0 + 1, cpu_views(0.0, gpu=gpu_reading(0.0, 0.95)))
    assert vram_full.capacity == pytest.approx(0.05)  # VRAM is a level: no smoothing
    spike = smoothed.feed(T0 + 2, cpu_views(0.0, gpu=gpu_reading(1.0, 0.1)))
    assert spike.capacity > 0.6  # utilisation is smoothed like the CPU


class FakeAmdSmi:
    """Stand-ins for the ``amdsmi`` functions the probe calls (no AMD GPU here)."""

    class AmdSmiTemperatureType:
        EDGE = 0

    class AmdSmiTemperatureMetric:
        CURRENT, CRITICAL = 0, 1

    def amdsmi_init(self) -> None:
        return None

    def amdsmi_get_processor_handles(self) -> list[int]:
        return [0, 1]

    def amdsmi_get_gpu_activity(self, h: int) -> dict[str, object]:
        return {"gfx_activity": [30, 80][h], "umc_activity": 0, "mm_activity": "N/A"}

    def amdsmi_get_gpu_vram_usage(self, h: int) -> dict[str, int]:
        return {"vram_total": 16384, "vram_used": [15000, 1000][h]}

    def amdsmi_get_temp_metric(self, h: int, kind: int, metric: int) -> int:
        if h == 1:
            raise RuntimeError("not supported")
        return 60 if metric == 0 else 100

    def amdsmi_shut_down(self) -> None:
        return None


def test_amd_and_apple_probes_with_stand_in_libraries() -> None:
    amd = AmdGpuProbe(FakeAmdSmi()).read()
    assert amd.present and amd.pressure == pytest.approx(15000 / 16384)  # GPU 0's VRAM
    assert amd.metrics["util"] == pytest.approx(0.3) and amd.metrics["level"] == pytest.approx(15000 / 16384)
    apple = AppleGpuProbe(SimpleNamespace(accelerator_performance_statistics=lambda: {"Device Utilization %": 42}))
    assert apple.read().pressure == pytest.approx(0.42)

    def not_found() -> dict[str, int]:
        raise RuntimeError("IOAccelerator not found")

    assert not AppleGpuProbe(SimpleNamespace(accelerator_performance_statistics=not_found)).read().present


def test_any_gpu_uses_the_first_vendor_present_and_cpu_only_keeps_working() -> None:
    absent = AppleGpuProbe(
        SimpleNamespace(accelerator_performance_statistics=lambda: (_ for _ in ()).throw(RuntimeError("no")))
    )
    probe = AnyGpuProbe([absent, AmdGpuProbe(FakeAmdSmi())])
    assert probe.read().metrics["vendor"] == "AMD"
    here = AnyGpuProbe().read()  # this machine: no NVIDIA driver, no amdsmi, no macOS
    assert not here.present
    assert "nvidia" in here.detail.lower() and "amdsmi" in here.detail and "apple-gpu" in here.detail


def test_the_daemons_capacity_status_shows_smoothed_and_raw_c_and_the_gates() -> None:
    from islandrun.core.daemon.services import MonitorCapacity

    monitor = CapacityMonitor([], CapacityConfig(predict=False))
    for t in range(5):
        monitor.feed(T0 + t, cpu_views(0.1))
    monitor.feed(T0 + 5, cpu_views(1.0))  # one busy second: the raw C falls, the signal barely
    status = MonitorCapacity(monitor).status()
    sample = status["sample"]
    assert sample["raw_capacity"] == 0.0 and sample["capacity"] > 0.6
    assert sample["gates"]["burstable"] == {"open": True, "changes_in_s": 1.0}  # pending: closes in 1 s if it holds
    assert sample["gates"]["secondary"] == {"open": True, "changes_in_s": None}
    assert status["signal"]["cpu_tau_s"] == 2.5 and status["signal"]["own_work"] == "queue"
    cpu = next(p for p in sample["probes"] if p["name"] == "cpu")
    assert cpu["raw_pressure"] == 1.0 and cpu["pressure"] < 0.4
