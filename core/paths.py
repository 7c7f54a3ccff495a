"""Where IslandRun keeps its files: config (TOML), data (SQLite, models) and runtime (socket, lock).

Paths are resolved by functions at call time, never at import time, so tests and users can
point them elsewhere with environment variables:

- ``ISLANDRUN_CONFIG``: the config file itself;
- ``ISLANDRUN_CONFIG_DIR``, ``ISLANDRUN_DATA_DIR``, ``ISLANDRUN_RUNTIME_DIR``, ``ISLANDRUN_CACHE_DIR``: the
  directories.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "cache_dir",
    "config_dir",
    "config_file",
    "data_dir",
    "ensure_private_data_dir",
    "ledger_file",
    "runtime_dir",
]

APP_NAME = "islandrun"


def _override(var: str) -> Path | None:
    value = os.environ.get(var)
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    return _override("ISLANDRUN_CONFIG_DIR") or Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    return _override("ISLANDRUN_CONFIG") or config_dir() / "config.toml"


def data_dir() -> Path:
    return _override("ISLANDRUN_DATA_DIR") or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """What can be rebuilt from the installed packages (the privacy layer's packed word tables): deleting it costs
    only the time to rebuild."""
    return _override("ISLANDRUN_CACHE_DIR") or Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def runtime_dir() -> Path:
    override = _override("ISLANDRUN_RUNTIME_DIR")
    if override is not None:
        return override
    # Without $XDG_RUNTIME_DIR (containers, su sessions) platformdirs falls back to a per-user
    # directory under /tmp and warns; that fallback is fine here: the daemon makes its own
    # folder 0700 whatever the parent is.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))


def ledger_file() -> Path:
    return data_dir() / "ledger.sqlite3"


def ensure_private_data_dir() -> Path:
    """The data dir, made private at every daemon start: the folder and every folder in it 0700, every
    file 0600 (the collection, audit and ledger databases hold indexed passages and your history).
    Symbolic links are left alone (they may point at files that are not IslandRun's). The daemon
    also sets its umask to 077, so what it creates later is private from the first byte."""
    root = data_dir()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(root, 0o700)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            path = Path(folder) / name
            if not path.is_symlink():
                os.chmod(path, 0o700)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                try:
                    os.chmod(path, 0o600)
                except OSError:  # a file that vanished meanwhile (a -journal), or one we do not own
                    continue
    return root
