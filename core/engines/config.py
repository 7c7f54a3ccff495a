"""The `[engine]` table: the local llama.cpp engine (GPU offload, threads, keep-alive, models).

Every field has a default that works with zero configuration; ``None`` means "decide
automatically" (see :mod:`.settings` for how). Example::

    [engine]
    n_gpu_layers = 20          # -1 = all layers, 0 = CPU only; default: all when the build can offload
    n_threads = 4              # default: one per physical core (all cores on small machines)
    worker_nice = 10           # the engine's threads yield the CPU to the tray and your apps; 0 = no
    n_ctx = 4096               # context per loaded model, capped at the model's trained context
    keep_alive_s = 300         # unload a model idle this long (Ollama's default); 0 = right away; -1 = never
    memory_budget_mb = 4096    # resident models stay within this; default: half of physical memory
    max_loaded_models = 2      # at most this many models resident at once
    max_queue = 16             # running + waiting requests; more get a "busy" answer
    default_model = "gemma-3-270m"
    model_paths = ["~/models/my-model.gguf", "~/models/gguf-folder"]
    discover_huggingface = true
    discover_lmstudio = true
    discover_ollama = true
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from ..config_types import STRICT

__all__ = ["DEFAULT_KEEP_ALIVE_S", "DEFAULT_WORKER_NICE", "EngineConfig"]

DEFAULT_KEEP_ALIVE_S = 300.0  # Ollama's default keep-alive: five minutes
DEFAULT_WORKER_NICE = 10  # `nice`'s own default step: background work (thread_priority.py)


class EngineConfig(BaseModel):
    """Every field has a default that works with zero configuration."""

    model_config = STRICT

    n_gpu_layers: Annotated[int, Field(ge=-1)] | None = None  # None: all when the build can offload, else 0
    n_threads: Annotated[int, Field(ge=1, le=512)] | None = None  # None: one per physical core
    # nice of the threads that load models and generate (Linux): interactive programs come first
    worker_nice: Annotated[int, Field(ge=0, le=19)] = DEFAULT_WORKER_NICE
    n_ctx: Annotated[int, Field(ge=256, le=1_048_576)] = 4096
    n_batch: Annotated[int, Field(ge=32, le=65_536)] = 512
    keep_alive_s: Annotated[float, Field(ge=-1.0)] = DEFAULT_KEEP_ALIVE_S  # negative: keep loaded forever
    memory_budget_mb: Annotated[int, Field(ge=64)] | None = None  # None: half of physical memory
    max_loaded_models: Annotated[int, Field(ge=1, le=64)] = 2
    max_queue: Annotated[int, Field(ge=1, le=10_000)] = 16
    default_model: str | None = None  # None: the embedded model
    model_paths: list[str] = []  # GGUF files, or folders searched for GGUF files
    discover_huggingface: bool = True
    discover_lmstudio: bool = True
    discover_ollama: bool = True
