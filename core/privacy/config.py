"""The `[privacy]` table: detection, the optional model classifier, sanitization."""

from __future__ import annotations

from pydantic import BaseModel

from ..config_types import STRICT

__all__ = ["PrivacyConfig"]


class PrivacyConfig(BaseModel):
    """Every field has a default that works with zero configuration."""

    model_config = STRICT
