"""The real probes on this machine: CPU and memory read, the absent resources (no battery, no
temperature sensors, no NVIDIA driver here) are "not present" rather than errors, and the
engine probe reads any object with the EngineStats shape."""

from __future__ import annotations

import psutil
import pytest

from islandrun.core.capacity.config import CapacityConfig
from islandrun.core.capacity.probes import (
    BatteryProbe,
    CpuProbe,
    EngineProbe,
    EngineStats,
    GpuProbe,
    MemoryProbe,
    ThermalProbe,
    build_probes,
)


def test_cpu_probe_reads_a_busy_share() -> None:
    probe = CpuProbe()
    for _ in range(2):
        reading = probe.read()
        assert reading.present
        assert 0.0 <= reading.pressure <= 1.0
        assert reading.metrics["cores"] == psutil.cpu_count()


def test_memory_probe_agrees_with_psutil() -> None:
    reading = MemoryProbe().read()
    vm = psutil.virtual_memory()
    assert reading.present
    assert reading.pressure == pytest.approx(1 - vm.available / vm.total, abs=0.05)
    assert reading.metrics["total_bytes"] == vm.total


@pytest.mark.parametrize("probe", [BatteryProbe(), ThermalProbe(), GpuProbe()], ids=lambda p: p.name)
def test_missing_hardware_is_not_present_not_an_error(probe: BatteryProbe | ThermalProbe | GpuProbe) -> None:
    """Matches this machine (no battery, no sensors, no NVIDIA driver); where the hardware
    exists the probe must read it instead."""
    exists = {
        "battery": psutil.sensors_battery() is not None,
        "thermal": bool(psutil.sensors_temperatures()),
    }
    reading = probe.read()
    if exists.get(probe.name, False):
        assert reading.present
    elif probe.name == "gpu" and reading.present:
        assert 0.0 <= reading.pressure <= 1.0  # a machine with an NVIDIA driver
    else:
        assert not reading.present
        assert reading.detail.startswith("not present")
    probe.close()


class QueueStats:
    """A stand-in for the local engine (core/engines is another package, not imported by TIDE)."""

    def __init__(self, depth: int, limit: int, tps: float | None) -> None:
        self.depth, self.limit, self.tps = depth, limit, tps

    def queue_depth(self) -> int:
        return self.depth

    def max_queue(self) -> int:
        return self.limit

    def throughput_tps(self) -> float | None:
        return self.tps


def test_engine_probe_is_queue_depth_over_its_limit() -> None:
    stats = QueueStats(3, 4, 38.5)
    assert isinstance(stats, EngineStats)
    reading = EngineProbe(stats).read()
    assert reading.pressure == pytest.approx(0.75)
    assert reading.metrics["throughput_tps"] == 38.5
    assert "3/4 queued" in reading.detail
    assert EngineProbe(QueueStats(9, 4, None)).read().pressure == 1.0


def test_build_probes_follows_the_config() -> None:
    names = [p.name for p in build_probes(CapacityConfig(disabled=["thermal", "battery"]))]
    assert names == ["cpu", "memory", "gpu"]
    with_engine = [p.name for p in build_probes(CapacityConfig(), QueueStats(0, 4, None))]
    assert with_engine[-1] == "engine"
