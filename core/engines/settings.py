"""Turning the ``[engine]`` table's automatic values into concrete ones for this machine.

- **GPU offload**: when the installed llama-cpp-python build can offload (a CUDA, Metal, Vulkan
  or ROCm build), the layers that fit go to the GPU: on NVIDIA, the GPU's free memory (NVML)
  minus the KV cache and a 512 MiB reserve, divided by the size of a layer; elsewhere (Metal's
  unified memory, or NVML absent) all layers (``-1``). A portable CPU build gets 0. This is
  decided per model at load time (:func:`gpu_layers_for`); a configured number always wins.
- **Threads**: llama.cpp decodes fastest with about one thread per *physical* core;
  hyper-threads add little and oversubscription hurts. Machines with 4 or fewer usable cores
  use them all.
- **Memory budget**: half of physical memory unless configured.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .config import EngineConfig

__all__ = [
    "GPU_RESERVE_BYTES",
    "ResolvedSettings",
    "default_threads",
    "free_gpu_memory_bytes",
    "gpu_layers_for",
    "gpu_offload_supported",
    "physical_memory_bytes",
    "resolve_settings",
]


_PROBE = "import llama_cpp; print(int(llama_cpp.llama_supports_gpu_offload()))"


@cache
def gpu_offload_supported() -> bool:
    """True when this llama-cpp-python build can offload to a GPU (its answer depends on the build and on the
    GPUs and drivers it finds, so it is asked once per process, never kept on disk).

    Asked in a short child process when this process runs a plain Python interpreter and has not imported
    llama_cpp yet: imported here, llama_cpp (with jinja2, diskcache and its native libraries) would stay in the
    daemon's memory while no model is loaded, ~6 MB (issue 17, benchmarks/daemon/RESULTS.md). Asked here
    otherwise (a packaged app's executable is no interpreter to run ``-c`` with), or when the child gives no
    answer."""
    if "llama_cpp" not in sys.modules and Path(sys.executable).name.lower().startswith("python"):
        answer = _ask_child()
        if answer is not None:
            return answer
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


def _ask_child() -> bool | None:
    """llama.cpp's answer from a child interpreter (same environment), or None when it gives none."""
    try:
        done = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
            [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    words = done.stdout.split()
    if done.returncode != 0 or not words or words[-1] not in ("0", "1"):
        return None
    return words[-1] == "1"


def _psutil() -> Any:
    return importlib.import_module("psutil")  # a dependency; imported on use


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def default_threads() -> int:
    """One thread per physical core this process may use; all of them on small machines."""
    usable = _usable_cores()
    if usable <= 4:
        return usable
    physical = _psutil().cpu_count(logical=False) or usable // 2
    logical = os.cpu_count() or usable
    # scale the physical count to the share of logical cores this process may use
    share = max(1, round(physical * usable / logical))
    return max(1, min(share, usable, 32))


def physical_memory_bytes() -> int:
    return int(_psutil().virtual_memory().total)


GPU_RESERVE_BYTES = 512 << 20  # left free on the GPU for the compute buffers and other programs


def free_gpu_memory_bytes() -> int | None:
    """Free memory of the first NVIDIA GPU (NVML); None where NVML is absent (Metal, no driver)."""
    try:
        nvml = importlib.import_module("pynvml")  # provided by nvidia-ml-py
        nvml.nvmlInit()
    except Exception:  # NVMLError_LibraryNotFound and friends: no NVIDIA driver here
        return None
    try:
        return int(nvml.nvmlDeviceGetMemoryInfo(nvml.nvmlDeviceGetHandleByIndex(0)).free)
    except Exception:
        return None
    finally:
        with contextlib.suppress(Exception):
            nvml.nvmlShutdown()


def gpu_layers_for(block_count: int, weights_bytes: int, kv_bytes: int, free_bytes: int | None) -> int:
    """How many layers to offload: -1 (all) when the model fits in ``free_bytes`` or the free
    memory is unknown, else as many whole layers as fit after the KV cache and the reserve."""
    if free_bytes is None:
        return -1
    usable = free_bytes - GPU_RESERVE_BYTES - kv_bytes
    if usable >= weights_bytes:
        return -1
    per_layer = weights_bytes / (block_count + 1)  # + the output layer
    return max(0, int(usable // per_layer))


@dataclass(frozen=True, slots=True)
class ResolvedSettings:
    n_gpu_layers: int | None  # None: decided per model at load time (gpu_layers_for)
    n_threads: int
    n_ctx: int
    n_batch: int
    keep_alive_s: float  # negative: never unload
    memory_budget_bytes: int
    max_loaded_models: int
    max_queue: int
    gpu_offload: bool  # the build can offload at all


def resolve_settings(config: EngineConfig) -> ResolvedSettings:
    offload = gpu_offload_supported()
    layers = config.n_gpu_layers if config.n_gpu_layers is not None else None if offload else 0
    budget = config.memory_budget_mb << 20 if config.memory_budget_mb is not None else physical_memory_bytes() // 2
    return ResolvedSettings(
        n_gpu_layers=layers,
        n_threads=config.n_threads if config.n_threads is not None else default_threads(),
        n_ctx=config.n_ctx,
        n_batch=config.n_batch,
        keep_alive_s=config.keep_alive_s,
        memory_budget_bytes=budget,
        max_loaded_models=config.max_loaded_models,
        max_queue=config.max_queue,
        gpu_offload=offload,
    )
