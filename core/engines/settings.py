"""Turning the ``[engine]`` table's automatic values into concrete ones for this machine.

- **GPU offload**: when the installed llama-cpp-python build can offload (a CUDA, Metal, Vulkan
  or ROCm build), every layer goes to the GPU (``n_gpu_layers = -1``; llama.cpp keeps on the
  CPU what does not fit only when told a smaller number, so users with small GPUs set it).
  A portable CPU build gets 0.
- **Threads**: llama.cpp decodes fastest with about one thread per *physical* core;
  hyper-threads add little and oversubscription hurts. Machines with 4 or fewer usable cores
  use them all.
- **Memory budget**: half of physical memory unless configured.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from .config import EngineConfig

__all__ = [
    "ResolvedSettings",
    "default_threads",
    "gpu_offload_supported",
    "physical_memory_bytes",
    "resolve_settings",
]


@cache
def gpu_offload_supported() -> bool:
    """True when this llama-cpp-python build can offload to a GPU. Loads the native library."""
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


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


@dataclass(frozen=True, slots=True)
class ResolvedSettings:
    n_gpu_layers: int
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
    layers = config.n_gpu_layers if config.n_gpu_layers is not None else -1 if offload else 0
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
