"""TIDE probes: one blocking ``read()`` per resource, each turned into a pressure in [0, 1].

A probe is called from a worker thread by the monitor (never on the event loop), one read at a
time. It returns a :class:`Reading`; a resource this platform does not have (no battery, no
temperature sensors, no NVIDIA driver) is a reading with ``present=False`` — not an error. A
probe that raises, or does not answer within its timeout, is a *failure*: the monitor then
counts capacity as 0 until it answers again (DESIGN §2 "Fault tolerance").

Pressures (each 0 = idle, 1 = exhausted):

========  ==================================================================================
cpu       busy share of all cores since the previous read (from ``cpu_times`` deltas, so other
          users of ``psutil.cpu_percent`` in the process cannot disturb it); with own work
          accounted as a queue, minus this process's own share (all its threads)
memory    ``max(1 − available/total, swap_rate / swap_busy)`` — swap counts only while the
          system is actively swapping (pages in + out per second), not for pages parked there
battery   on AC: 0; on battery: ``1 − charge`` (at 30 % charge C ≤ 0.30)
thermal   hottest sensor: ``clamp((T − (limit − 20 °C)) / 20 °C)``, limit = the sensor's
          ``high`` (else ``critical``, else 95 °C): 0 up to 20 °C below the limit, 1 at it
gpu       per device ``max(utilisation, VRAM used/total, thermal as above with the
          slowdown threshold as limit)``; the busiest device counts (NVIDIA through NVML here,
          AMD and Apple Silicon in :mod:`.gpu_vendors`)
engine    local engine queue: ``queue_depth / max_queue``, and the queue's expected wait
========  ==================================================================================
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

import psutil

from .config import CapacityConfig, ProbeName

__all__ = [
    "BatteryProbe",
    "CpuProbe",
    "EngineProbe",
    "EngineStats",
    "GpuProbe",
    "MemoryProbe",
    "Metric",
    "Probe",
    "Reading",
    "ThermalProbe",
    "build_probes",
    "clamp",
]

Metric = float | int | str | bool | None
_NO_METRICS: Mapping[str, Metric] = MappingProxyType({})


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return low if value < low else high if value > high else value


@dataclass(frozen=True, slots=True)
class Reading:
    """One answer of one probe. ``pressure`` is meaningful only when ``present``."""

    probe: str
    present: bool
    pressure: float = 0.0
    metrics: Mapping[str, Metric] = field(default_factory=lambda: _NO_METRICS)
    detail: str = ""  # a person's summary: "52 % busy", "not present: no battery"

    @staticmethod
    def absent(probe: str, why: str) -> Reading:
        return Reading(probe, present=False, detail=f"not present: {why}")


class Probe(Protocol):
    """What the monitor needs from a probe. ``read`` may block; it runs in a worker thread."""

    @property
    def name(self) -> str: ...

    def read(self) -> Reading: ...

    def close(self) -> None: ...


@runtime_checkable
class EngineStats(Protocol):
    """What the local engine (SHORE) tells TIDE; implemented by the engine, not imported here."""

    def queue_depth(self) -> int: ...

    def max_queue(self) -> int: ...

    def throughput_tps(self) -> float | None: ...


def _thermal_pressure(temperature: float, limit: float) -> float:
    return clamp((temperature - (limit - 20.0)) / 20.0)


class CpuProbe:
    """Busy share of all cores between two reads, from ``psutil.cpu_times()`` deltas.

    With ``subtract_own`` (own work accounted as a queue, the default), this process's own share
    — every thread of it, so the engine's decode threads too — is taken out: the pressure is
    what *the rest of the machine* uses. IslandRun does not flee from its own generation; its
    queue is weighed by the router as an expected wait instead.
    """

    name = "cpu"

    def __init__(self, subtract_own: bool = False, process: psutil.Process | None = None) -> None:
        self._previous: tuple[float, float, float] | None = None
        self._subtract_own = subtract_own
        self._process = process or psutil.Process()

    def _times(self) -> tuple[float, float, float]:
        t = psutil.cpu_times()
        # guest time is already counted in user time on Linux
        total = sum(t) - getattr(t, "guest", 0.0) - getattr(t, "guest_nice", 0.0)
        idle = t.idle + getattr(t, "iowait", 0.0)
        own = self._process.cpu_times()
        return total, idle, own.user + own.system

    def read(self) -> Reading:
        if self._previous is None:  # first read: measure over a short window
            self._previous = self._times()
            time.sleep(0.1)
        total, idle, own_s = self._times()
        prev_total, prev_idle, prev_own = self._previous
        self._previous = (total, idle, own_s)
        elapsed = total - prev_total  # CPU seconds of all cores together
        busy = clamp(1.0 - (idle - prev_idle) / elapsed) if elapsed > 0 else 0.0
        own = clamp((own_s - prev_own) / elapsed) if elapsed > 0 else 0.0
        others = clamp(busy - own)
        cores = psutil.cpu_count() or 1
        load1 = psutil.getloadavg()[0] if hasattr(psutil, "getloadavg") else None
        pressure = others if self._subtract_own else busy
        return Reading(
            self.name,
            True,
            pressure,
            {"busy": round(busy, 4), "own": round(own, 4), "others": round(others, 4), "cores": cores, "load1": load1},
            f"{busy:.0%} busy on {cores} cores, {own:.0%} of it IslandRun's own",
        )

    def close(self) -> None:
        return None


class MemoryProbe:
    """RAM in use (``1 − available/total``) and active swapping."""

    name = "memory"

    def __init__(self, swap_busy_mib_s: float = 32.0) -> None:
        self._swap_busy = swap_busy_mib_s * 1024 * 1024
        self._previous: tuple[float, int] | None = None

    def read(self) -> Reading:
        vm = psutil.virtual_memory()
        used = clamp(1.0 - vm.available / vm.total) if vm.total else 1.0
        swap = psutil.swap_memory()
        now, moved = time.monotonic(), int(swap.sin) + int(swap.sout)
        rate = 0.0
        if self._previous is not None and now > self._previous[0]:
            rate = max(0, moved - self._previous[1]) / (now - self._previous[0])
        self._previous = (now, moved)
        swapping = clamp(rate / self._swap_busy)
        pressure = max(used, swapping)
        detail = f"{used:.0%} used, {vm.available / 2**30:.1f} GiB available"
        if swap.total:
            detail += f", swap {swap.percent:.0f} % used, {rate / 2**20:.1f} MiB/s moving"
        return Reading(
            self.name,
            True,
            pressure,
            {
                "used": round(used, 4),
                "available_bytes": int(vm.available),
                "total_bytes": int(vm.total),
                "swap_total_bytes": int(swap.total),
                "swap_used_bytes": int(swap.used),
                "swap_bytes_per_s": round(rate, 1),
            },
            detail,
        )

    def close(self) -> None:
        return None


class BatteryProbe:
    """Charge and AC state. No battery (desktop, server, VM) → not present."""

    name = "battery"

    def read(self) -> Reading:
        sensor: Callable[[], Any] | None = getattr(psutil, "sensors_battery", None)
        battery = sensor() if sensor is not None else None
        if battery is None:
            return Reading.absent(self.name, "no battery (or no battery information on this platform)")
        charge = clamp(float(battery.percent) / 100.0)
        plugged = battery.power_plugged  # None: unknown → treated as on battery (conservative)
        pressure = 0.0 if plugged else 1.0 - charge
        state = "on AC" if plugged else "on battery" if plugged is False else "power source unknown"
        return Reading(
            self.name,
            True,
            pressure,
            {"charge": round(charge, 4), "plugged": plugged},
            f"{charge:.0%} charged, {state}",
        )

    def close(self) -> None:
        return None


class ThermalProbe:
    """Hottest temperature sensor against its own limit. No sensors → not present."""

    name = "thermal"

    def read(self) -> Reading:
        sensor: Callable[[], Any] | None = getattr(psutil, "sensors_temperatures", None)
        groups: Mapping[str, Any] = sensor() if sensor is not None else {}
        worst: tuple[float, str, float, float] | None = None
        for group, entries in groups.items():
            for entry in entries:
                if entry.current is None:
                    continue
                limit = entry.high or entry.critical or 95.0
                pressure = _thermal_pressure(float(entry.current), float(limit))
                label = f"{group}/{entry.label}" if entry.label else group
                if worst is None or pressure > worst[0]:
                    worst = (pressure, label, float(entry.current), float(limit))
        if worst is None:
            return Reading.absent(self.name, "no temperature sensors readable on this platform")
        pressure, label, current, limit = worst
        return Reading(
            self.name,
            True,
            pressure,
            {"sensor": label, "celsius": current, "limit_celsius": limit},
            f"{label} at {current:.0f} °C (limit {limit:.0f} °C)",
        )

    def close(self) -> None:
        return None


class GpuProbe:
    """NVIDIA GPUs through NVML (``nvidia-ml-py``). No library, driver or device → not present.

    NVML is initialised lazily in the worker thread, once; a query a device does not support is
    skipped; any other NVML error is a probe failure (capacity 0 until it answers again).

    With ``subtract_own`` this process's own share is taken out, as for the CPU: the VRAM its
    model holds (``nvmlDeviceGetComputeRunningProcesses``) and its SM utilisation
    (``nvmlDeviceGetProcessUtilization``). Both are best effort: where the driver does not
    report per-process numbers (containers, some drivers) nothing is subtracted.
    """

    name = "gpu"

    def __init__(self, subtract_own: bool = False, pid: int | None = None) -> None:
        self._lock = threading.Lock()
        self._nvml: Any = None
        self._absent: str | None = None
        self._subtract_own = subtract_own
        self._pid = os.getpid() if pid is None else pid
        self._seen: dict[int, int] = {}  # device → timestamp of the newest utilisation sample read

    def _init(self) -> Any:
        try:
            import pynvml  # type: ignore[import-untyped]
        except ImportError:
            self._absent = "nvidia-ml-py is not installed"
            return None
        try:
            pynvml.nvmlInit()
        except pynvml.NVMLError as exc:
            # LibraryNotFound, DriverNotLoaded, NoPermission, ...: no usable NVIDIA GPU here
            self._absent = f"no NVIDIA driver ({exc})"
            return None
        self._nvml, self._absent = pynvml, None
        return pynvml

    def read(self) -> Reading:
        with self._lock:
            nvml = self._nvml if self._nvml is not None else self._init()  # absent: try again next time
        if nvml is None:
            return Reading.absent(self.name, self._absent or "NVML unavailable")
        count = int(nvml.nvmlDeviceGetCount())
        if count == 0:
            return Reading.absent(self.name, "the NVIDIA driver reports no devices")
        metrics: dict[str, Metric] = {"devices": count}
        worst, worst_detail = 0.0, ""
        for index in range(count):
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
            parts: dict[str, float] = {}
            util = self._optional(nvml, nvml.nvmlDeviceGetUtilizationRates, handle)
            if util is not None:
                parts["util"] = clamp(float(util.gpu) / 100.0)
                metrics[f"gpu{index}_util"] = parts["util"]
            memory = self._optional(nvml, nvml.nvmlDeviceGetMemoryInfo, handle)
            if memory is not None and memory.total:
                parts["vram"] = clamp(float(memory.used) / float(memory.total))
                metrics[f"gpu{index}_vram_used_bytes"] = int(memory.used)
                metrics[f"gpu{index}_vram_total_bytes"] = int(memory.total)
            temp = self._optional(nvml, nvml.nvmlDeviceGetTemperature, handle, nvml.NVML_TEMPERATURE_GPU)
            if temp is not None:
                slowdown = nvml.NVML_TEMPERATURE_THRESHOLD_SLOWDOWN
                limit = self._optional(nvml, nvml.nvmlDeviceGetTemperatureThreshold, handle, slowdown)
                parts["thermal"] = _thermal_pressure(float(temp), float(limit or 90.0))
                metrics[f"gpu{index}_celsius"] = float(temp)
            if self._subtract_own:
                own_util, own_vram = self._own_share(nvml, index, handle)
                if "util" in parts:
                    parts["util"] = clamp(parts["util"] - own_util)
                if "vram" in parts and memory is not None and memory.total:
                    parts["vram"] = clamp((float(memory.used) - own_vram) / float(memory.total))
                metrics[f"gpu{index}_own_util"] = round(own_util, 4)
                metrics[f"gpu{index}_own_vram_bytes"] = int(own_vram)
            pressure = max(parts.values(), default=0.0)
            if pressure >= worst:
                described = ", ".join(f"{k} {v:.0%}" for k, v in parts.items())
                worst, worst_detail = pressure, f"GPU {index}: {described}"
                # for the smoothing: utilisation is noisy, VRAM and temperature are levels
                metrics["util"] = parts.get("util", 0.0)
                metrics["level"] = max(parts.get("vram", 0.0), parts.get("thermal", 0.0))
        return Reading(self.name, True, worst, metrics, worst_detail)

    def _own_share(self, nvml: Any, index: int, handle: Any) -> tuple[float, float]:
        """(SM utilisation share, VRAM bytes) of this process on one device; (0, 0) when the
        driver does not say."""
        vram = 0.0
        try:
            for proc in nvml.nvmlDeviceGetComputeRunningProcesses(handle):
                used = getattr(proc, "usedGpuMemory", None)
                if proc.pid == self._pid and isinstance(used, int):
                    vram += float(used)
        except nvml.NVMLError:
            vram = 0.0
        util = 0.0
        try:
            samples = nvml.nvmlDeviceGetProcessUtilization(handle, self._seen.get(index, 0))
            mine = [s for s in samples if s.pid == self._pid]
            if samples:
                self._seen[index] = max(int(s.timeStamp) for s in samples)
            if mine:
                util = clamp(max(float(s.smUtil) for s in mine) / 100.0)
        except nvml.NVMLError:  # NotFound: no samples since the last read; NotSupported
            util = 0.0
        return util, vram

    @staticmethod
    def _optional(nvml: Any, query: Callable[..., Any], *args: Any) -> Any:
        """``query(*args)``, or None where the device does not support it."""
        try:
            return query(*args)
        except nvml.NVMLError_NotSupported:
            return None

    def close(self) -> None:
        with self._lock:
            if self._nvml is not None:
                with contextlib.suppress(self._nvml.NVMLError):
                    self._nvml.nvmlShutdown()
                self._nvml = None


class EngineProbe:
    """The local engine's queue: ``queue_depth / max_queue`` as a pressure, and the expected
    wait of a request that joins the queue now: the tokens still to generate (the engine's
    ``remaining_tokens()`` when it has one, else ``queue_depth × tokens_per_request``) over the
    measured decode speed (``assumed_tps`` before the first measurement)."""

    name = "engine"

    def __init__(self, stats: EngineStats, tokens_per_request: int = 256, assumed_tps: float = 8.0) -> None:
        self._stats = stats
        self._tokens_per_request = tokens_per_request
        self._assumed_tps = assumed_tps

    def read(self) -> Reading:
        depth, limit = int(self._stats.queue_depth()), int(self._stats.max_queue())
        tps = self._stats.throughput_tps()
        remaining_fn: Callable[[], int] | None = getattr(self._stats, "remaining_tokens", None)
        remaining = int(remaining_fn()) if remaining_fn is not None else depth * self._tokens_per_request
        speed = tps if tps is not None and tps > 0 else self._assumed_tps
        wait = remaining / speed if depth > 0 else 0.0
        pressure = clamp(depth / limit) if limit > 0 else (1.0 if depth > 0 else 0.0)
        detail = f"{depth}/{limit} queued, ~{wait:.0f} s to drain" + (f", {tps:.1f} tok/s" if tps is not None else "")
        return Reading(
            self.name,
            True,
            pressure,
            {
                "queue_depth": depth,
                "max_queue": limit,
                "throughput_tps": tps,
                "remaining_tokens": remaining,
                "queue_wait_s": round(wait, 3),
                "queue_full": limit > 0 and depth >= limit,
            },
            detail,
        )

    def close(self) -> None:
        return None


def build_probes(config: CapacityConfig, engine: EngineStats | None = None) -> list[Probe]:
    """The probes the config enables; the engine probe only when an engine is given."""
    from .gpu_vendors import AnyGpuProbe  # here: gpu_vendors imports this module

    makers: dict[ProbeName, Callable[[], Probe]] = {
        "cpu": lambda: CpuProbe(subtract_own=config.own_work == "queue"),
        "memory": lambda: MemoryProbe(config.swap_busy_mib_s),
        "battery": BatteryProbe,
        "thermal": ThermalProbe,
        "gpu": lambda: AnyGpuProbe(subtract_own=config.own_work == "queue"),
    }
    if engine is not None:
        makers["engine"] = lambda: EngineProbe(engine, config.own_tokens_per_request, config.own_assumed_tps)
    return [make() for name, make in makers.items() if name not in config.disabled]
