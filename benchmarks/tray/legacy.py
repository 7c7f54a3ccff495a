"""The tray's panels as they were before a change, for before/after numbers: a module of
``islandrun.app`` loaded from git (``HEAD`` unless told otherwise), so its relative imports
resolve against today's package."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

__all__ = ["load_app_module"]

ROOT = Path(__file__).resolve().parents[2]


def load_app_module(name: str, ref: str = "HEAD") -> ModuleType:
    """``app/<name>.py`` at ``ref`` as ``islandrun.app._<name>_at_<ref>``."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{ref}:app/{name}.py"], check=True, capture_output=True, text=True
    ).stdout
    path = Path(tempfile.mkdtemp(prefix="islandrun-legacy-")) / f"{name}.py"
    path.write_text(source)
    module_name = f"islandrun.app._{name}_at_{ref.replace('~', '_').replace('^', '_')}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "islandrun.app"
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
