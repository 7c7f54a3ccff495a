"""The `[engine]` table: the local llama.cpp engine (GPU offload, threads, keep-alive, models)."""

from __future__ import annotations

from pydantic import BaseModel

from ..config_types import STRICT

__all__ = ["EngineConfig"]


class EngineConfig(BaseModel):
    """Every field has a default that works with zero configuration."""

    model_config = STRICT
