"""The `[capacity]` table: probe intervals and timeouts, prediction, history."""

from __future__ import annotations

from pydantic import BaseModel

from ..config_types import STRICT

__all__ = ["CapacityConfig"]


class CapacityConfig(BaseModel):
    """Every field has a default that works with zero configuration."""

    model_config = STRICT
