"""Does a catalogue model fit this device, and how fast would it answer?

**Fits** means the engine's own load estimate (file + f16 KV cache for the context + compute
buffers, as in ``pool.py``) is within the memory available now (psutil's ``available``), or
within the GPU's free memory (NVML) when the llama.cpp build can offload.

**Expected tokens/s** (CPU) uses that decoding reads every weight once per token, so speed is
memory bandwidth over file size. The bandwidth one llama.cpp thread draws was calibrated on the
2-core test machine: Gemma 3 270M Q4_K_M (253 MB) decodes at ~40 tokens/s on 2 threads, i.e.
~5 GB/s per thread; the total is capped at :data:`MAX_CPU_BANDWIDTH` (a dual-channel desktop).
It is an estimate (about ±50 %), shown as such. GPU speed is not estimated (no bandwidth figure
is read); a model that fits in VRAM is marked as running there.

:func:`suggest` picks the largest catalogue model that fits with room to spare and is expected to
reach :data:`MIN_USABLE_TPS` (on the CPU, passing over models that reason aloud before answering).
"""

from __future__ import annotations

from dataclasses import dataclass

from .curated import CURATED, CuratedModel
from .settings import _psutil, default_threads, free_gpu_memory_bytes, gpu_offload_supported

__all__ = ["MIN_USABLE_TPS", "Device", "Fit", "assess", "suggest", "this_device"]

PER_THREAD_BANDWIDTH = 5.0e9  # bytes/s one decoding thread reads (calibrated, see above)
MAX_CPU_BANDWIDTH = 40.0e9
COMPUTE_OVERHEAD_BYTES = 64 << 20
MIN_USABLE_TPS = 8.0
HEADROOM = 0.8  # use at most this share of the available memory


@dataclass(frozen=True, slots=True)
class Device:
    threads: int
    available_ram: int
    total_ram: int
    gpu_free: int | None  # None: no offloading build, or no NVIDIA GPU readable


@dataclass(frozen=True, slots=True)
class Fit:
    model: CuratedModel
    n_ctx: int
    needs_bytes: int
    fits_ram: bool
    fits_gpu: bool
    cpu_tokens_per_s: float

    @property
    def verdict(self) -> str:
        if self.fits_gpu:
            return "fits on the GPU"
        if not self.fits_ram:
            return "too big for free memory"
        if self.cpu_tokens_per_s < MIN_USABLE_TPS:
            return "fits, slow"
        return "fits"


def this_device(threads: int | None = None) -> Device:
    memory = _psutil().virtual_memory()
    gpu = free_gpu_memory_bytes() if gpu_offload_supported() else None
    return Device(threads or default_threads(), int(memory.available), int(memory.total), gpu)


def assess(model: CuratedModel, device: Device, n_ctx: int = 4096) -> Fit:
    ctx = min(n_ctx, model.context)
    needs = model.size_bytes + model.kv_bytes_per_token * ctx + COMPUTE_OVERHEAD_BYTES
    bandwidth = min(PER_THREAD_BANDWIDTH * device.threads, MAX_CPU_BANDWIDTH)
    return Fit(
        model=model,
        n_ctx=ctx,
        needs_bytes=needs,
        fits_ram=needs <= device.available_ram * HEADROOM,
        fits_gpu=device.gpu_free is not None and needs <= device.gpu_free * HEADROOM,
        cpu_tokens_per_s=bandwidth / model.size_bytes,
    )


def suggest(device: Device, n_ctx: int = 4096) -> Fit | None:
    """The largest catalogue model that fits and is expected to be usable (GPU or fast enough).

    On the CPU, models that think aloud first (Qwen3) are passed over: hundreds of reasoning
    tokens at CPU speed make a slow first answer.
    """
    fits = [assess(m, device, n_ctx) for m in CURATED if m.quant.startswith("Q4")]
    usable = [
        f for f in fits if f.fits_gpu or (f.fits_ram and not f.model.thinks and f.cpu_tokens_per_s >= MIN_USABLE_TPS)
    ]
    return max(usable, key=lambda f: f.model.size_bytes, default=None)
