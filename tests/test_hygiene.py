"""Hygiene: every module imports on its own (no circular imports), exported names match
``__all__``, and Qt never appears in the headless core."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import islandrun.core

ROOT = Path(__file__).resolve().parents[1]


def _core_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(islandrun.core.__path__, "islandrun.core.")
        if "__main__" not in info.name
    )


@pytest.mark.parametrize("module", _core_modules())
def test_module_imports_alone_in_a_fresh_interpreter(module: str) -> None:
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("module", _core_modules())
def test_all_names_exist(module: str) -> None:
    mod = importlib.import_module(module)
    for name in getattr(mod, "__all__", []):
        assert hasattr(mod, name), f"{module}.__all__ names {name!r}, which it does not define"


def test_no_qt_in_core() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|qasync)\b", re.MULTILINE)
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "core").rglob("*.py") if pattern.search(p.read_text("utf-8"))
    ]
    assert offenders == []
