"""GPU probes beyond NVIDIA: AMD (``amdsmi``) and Apple Silicon (``apple-gpu``), and the probe
TIDE builds, which uses the first vendor present.

Neither library is a dependency of IslandRun: each only works where its vendor's stack is
installed (ROCm's ``amdsmi`` needs the ROCm driver library; ``apple-gpu`` needs macOS and
pyobjc). Where the library is missing, or finds no device, the GPU is *not present*, exactly
as without an NVIDIA driver, and CPU-only machines keep working.

Pressure per device, as for NVIDIA: ``max(utilisation, VRAM used/total, thermal)`` with the
utilisation reported as ``util`` and the rest as ``level`` (the smoothing smooths only the
utilisation). Apple Silicon has unified memory: its "VRAM" is the RAM the memory probe already
counts, so only the GPU's utilisation (``Device Utilization %`` of the IOAccelerator's
performance statistics, readable without root) is its pressure.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from typing import Any

from .probes import GpuProbe, Metric, Probe, Reading, clamp

__all__ = ["AmdGpuProbe", "AnyGpuProbe", "AppleGpuProbe"]


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except Exception:  # ImportError, or a library that fails while loading its native part
        return None


def _level_reading(name: str, vendor: str, devices: list[tuple[float, float, float | None]]) -> Reading:
    """A reading from ``(util, vram, thermal)`` per device; the busiest device counts."""
    metrics: dict[str, Metric] = {"devices": len(devices), "vendor": vendor}
    worst, util_w, level_w, detail = -1.0, 0.0, 0.0, ""
    for index, (util, vram, thermal) in enumerate(devices):
        level = max(vram, thermal or 0.0)
        pressure = max(util, level)
        metrics[f"gpu{index}_util"] = round(util, 4)
        metrics[f"gpu{index}_vram"] = round(vram, 4)
        if pressure > worst:
            worst, util_w, level_w = pressure, util, level
            detail = f"{vendor} GPU {index}: util {util:.0%}, VRAM {vram:.0%}"
    metrics["util"], metrics["level"] = util_w, level_w
    return Reading(name, True, max(worst, 0.0), metrics, detail)


class AmdGpuProbe:
    """AMD GPUs through AMD SMI (``amdsmi``): graphics activity, VRAM, edge temperature."""

    name = "gpu"

    def __init__(self, module: Any = None) -> None:
        self._lock = threading.Lock()
        self._module = module
        self._smi: Any = None
        self._absent = "amdsmi is not installed"

    def _init(self) -> Any:
        smi = self._module if self._module is not None else _import("amdsmi")
        if smi is None:
            return None
        try:
            smi.amdsmi_init()
        except Exception as exc:  # no ROCm library or driver: no usable AMD GPU here
            self._absent = f"no AMD GPU driver ({exc})"
            return None
        self._smi = smi
        return smi

    def read(self) -> Reading:
        with self._lock:
            smi = self._smi if self._smi is not None else self._init()
        if smi is None:
            return Reading.absent(self.name, self._absent)
        handles = list(smi.amdsmi_get_processor_handles())
        if not handles:
            return Reading.absent(self.name, "AMD SMI reports no GPUs")
        devices: list[tuple[float, float, float | None]] = []
        for handle in handles:
            activity = smi.amdsmi_get_gpu_activity(handle)
            gfx = activity.get("gfx_activity")
            util = clamp(float(gfx) / 100.0) if isinstance(gfx, int | float) else 0.0
            vram = smi.amdsmi_get_gpu_vram_usage(handle)
            total, used = vram.get("vram_total"), vram.get("vram_used")
            share = clamp(float(used) / float(total)) if isinstance(total, int | float) and total else 0.0
            devices.append((util, share, self._thermal(smi, handle)))
        return _level_reading(self.name, "AMD", devices)

    @staticmethod
    def _thermal(smi: Any, handle: Any) -> float | None:
        try:
            kind = smi.AmdSmiTemperatureType.EDGE
            current = float(smi.amdsmi_get_temp_metric(handle, kind, smi.AmdSmiTemperatureMetric.CURRENT))
            limit = float(smi.amdsmi_get_temp_metric(handle, kind, smi.AmdSmiTemperatureMetric.CRITICAL))
        except Exception:  # not supported on this device: skipped, as for NVIDIA
            return None
        return clamp((current - (limit - 20.0)) / 20.0) if limit > 0 else None

    def close(self) -> None:
        with self._lock:
            if self._smi is not None:
                with contextlib.suppress(Exception):
                    self._smi.amdsmi_shut_down()
                self._smi = None


class AppleGpuProbe:
    """Apple Silicon GPU utilisation through ``apple-gpu`` (IOKit's IOAccelerator statistics)."""

    name = "gpu"

    def __init__(self, module: Any = None) -> None:
        self._module = module

    def read(self) -> Reading:
        lib = self._module if self._module is not None else _import("apple_gpu")
        if lib is None:
            return Reading.absent(self.name, "apple-gpu is not installed (or this is not macOS)")
        try:
            stats = lib.accelerator_performance_statistics()
        except RuntimeError as exc:  # "IOAccelerator not found"
            return Reading.absent(self.name, f"no Apple GPU ({exc})")
        value = stats.get("Device Utilization %")
        util = clamp(float(value) / 100.0) if isinstance(value, int | float) else 0.0
        return _level_reading(self.name, "Apple", [(util, 0.0, None)])

    def close(self) -> None:
        return None


class AnyGpuProbe:
    """NVIDIA, else AMD, else Apple Silicon: the first vendor present is used from then on.
    While none is present, each read asks all three (the monitor asks only every
    ``absent_recheck_s``). Own work is taken out on NVIDIA only (AMD and Apple: whole device)."""

    name = "gpu"

    def __init__(self, vendors: list[Probe] | None = None, *, subtract_own: bool = False) -> None:
        default: list[Probe] = [GpuProbe(subtract_own=subtract_own), AmdGpuProbe(), AppleGpuProbe()]
        self._vendors: list[Probe] = vendors if vendors is not None else default
        self._chosen: Probe | None = None

    def read(self) -> Reading:
        if self._chosen is not None:
            return self._chosen.read()
        reasons: list[str] = []
        for vendor in self._vendors:
            reading = vendor.read()
            if reading.present:
                self._chosen = vendor
                return reading
            reasons.append(reading.detail.removeprefix("not present: "))
        return Reading.absent(self.name, "; ".join(reasons))

    def close(self) -> None:
        for vendor in self._vendors:
            vendor.close()
