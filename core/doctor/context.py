"""What every doctor check may look at: the config file (loaded once, or the error it gave)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, load_config
from ..errors import ConfigError
from ..paths import config_file

__all__ = ["DoctorContext"]


@dataclass(frozen=True, slots=True)
class DoctorContext:
    """``config`` is the loaded configuration, or the defaults when it is broken (``config_error`` says why),
    so the other checks still run and say what they checked against."""

    config_path: Path
    config: Config
    config_error: ConfigError | None = None
    platform: str = field(default_factory=lambda: sys.platform)

    @classmethod
    def load(cls, path: Path | None = None) -> DoctorContext:
        path = path or config_file()
        try:
            return cls(path, load_config(path))
        except ConfigError as exc:
            return cls(path, Config(), exc)
