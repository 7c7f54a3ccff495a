"""The NVML probe's arithmetic and error handling on a machine that has no NVIDIA driver.

The real ``pynvml`` module (nvidia-ml-py) is used with its real error classes, but its device
queries are replaced by stand-ins, since no GPU or driver exists here; a device with two GPUs
is described in the stand-ins. Without them, the same probe must say "not present".
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pynvml  # type: ignore[import-untyped]
import pytest

from islandrun.core.capacity.probes import GpuProbe

DEVICES: list[dict[str, Any]] = [
    {"util": 20, "used": 2 * 2**30, "total": 16 * 2**30, "temp": 55, "slowdown": 90},  # light
    {"util": 35, "used": 14 * 2**30, "total": 16 * 2**30, "temp": None, "slowdown": None},  # VRAM nearly full
]


def not_supported() -> Exception:
    return pynvml.NVMLError(pynvml.NVML_ERROR_NOT_SUPPORTED)


@pytest.fixture
def two_gpus(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def temperature(handle: int, sensor: int) -> int:
        assert sensor == pynvml.NVML_TEMPERATURE_GPU
        value = DEVICES[handle]["temp"]
        if value is None:
            raise not_supported()
        return int(value)

    def threshold(handle: int, kind: int) -> int:
        assert kind == pynvml.NVML_TEMPERATURE_THRESHOLD_SLOWDOWN
        return int(DEVICES[handle]["slowdown"])

    stand_ins = {
        "nvmlInit": lambda: calls.append("init"),
        "nvmlShutdown": lambda: calls.append("shutdown"),
        "nvmlDeviceGetCount": lambda: len(DEVICES),
        "nvmlDeviceGetHandleByIndex": lambda index: index,
        "nvmlDeviceGetUtilizationRates": lambda h: SimpleNamespace(gpu=DEVICES[h]["util"], memory=0),
        "nvmlDeviceGetMemoryInfo": lambda h: SimpleNamespace(used=DEVICES[h]["used"], total=DEVICES[h]["total"]),
        "nvmlDeviceGetTemperature": temperature,
        "nvmlDeviceGetTemperatureThreshold": threshold,
    }
    for name, value in stand_ins.items():
        monkeypatch.setattr(pynvml, name, value)
    return calls


def test_the_busiest_gpu_counts_and_unsupported_queries_are_skipped(two_gpus: list[str]) -> None:
    probe = GpuProbe()
    reading = probe.read()
    assert reading.present
    assert reading.pressure == pytest.approx(14 / 16)  # GPU 1's VRAM
    assert reading.metrics["devices"] == 2
    assert reading.metrics["gpu0_celsius"] == 55.0
    assert "gpu1_celsius" not in reading.metrics  # its sensor is not supported: skipped
    assert reading.detail.startswith("GPU 1:")
    probe.read()
    probe.close()
    assert two_gpus == ["init", "shutdown"]  # initialised once, shut down on close


def test_a_hot_gpu_presses_by_its_slowdown_threshold(two_gpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(DEVICES[0], "temp", 85)  # 5 °C under a 90 °C slowdown threshold
    reading = GpuProbe().read()
    assert reading.pressure == pytest.approx(0.875)  # VRAM 14/16 still edges out heat 0.75
    monkeypatch.setitem(DEVICES[0], "temp", 89)
    assert GpuProbe().read().pressure == pytest.approx(0.95)


def test_another_nvml_error_is_a_probe_failure(two_gpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def lost(_handle: int) -> Any:
        raise pynvml.NVMLError(pynvml.NVML_ERROR_GPU_IS_LOST)

    monkeypatch.setattr(pynvml, "nvmlDeviceGetMemoryInfo", lost)
    with pytest.raises(pynvml.NVMLError):
        GpuProbe().read()


def test_without_a_driver_the_gpu_is_not_present() -> None:
    reading = GpuProbe().read()
    if reading.present:
        pytest.skip("this machine has a working NVIDIA driver")
    assert "no NVIDIA driver" in reading.detail


def test_own_work_on_the_gpu_is_taken_out(two_gpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """IslandRun's own model holds 12 GiB of GPU 1 and 30 % of its SMs: with own work accounted
    as a queue, only the rest presses (the NVML per-process queries are stand-ins too)."""
    me = 4242
    monkeypatch.setattr(
        pynvml,
        "nvmlDeviceGetComputeRunningProcesses",
        lambda h: [SimpleNamespace(pid=me, usedGpuMemory=12 * 2**30)] if h == 1 else [],
    )
    seen: list[int] = []

    def utilisation(h: int, since: int) -> list[Any]:
        seen.append(since)
        if h == 0:
            raise pynvml.NVMLError(pynvml.NVML_ERROR_NOT_FOUND)  # no samples since the last read
        return [SimpleNamespace(pid=me, smUtil=30, timeStamp=1000), SimpleNamespace(pid=7, smUtil=5, timeStamp=900)]

    monkeypatch.setattr(pynvml, "nvmlDeviceGetProcessUtilization", utilisation)
    whole = GpuProbe(subtract_own=False, pid=me).read()
    assert whole.pressure == pytest.approx(14 / 16)
    probe = GpuProbe(subtract_own=True, pid=me)
    others = probe.read()
    assert others.metrics["gpu1_own_vram_bytes"] == 12 * 2**30 and others.metrics["gpu1_own_util"] == 0.3
    assert others.pressure == pytest.approx(0.2)  # GPU 0's utilisation is now the busiest part
    probe.read()
    assert seen[-1] == 1000  # the next read asks only for newer samples
