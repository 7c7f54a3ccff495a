"""Hygiene: every module imports on its own (no circular imports), exported names match
``__all__``, and Qt never appears in the headless core."""

from __future__ import annotations

import importlib
import json
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


# Each module is imported in a process of its own, forked from one interpreter that has imported the third-party
# packages the core uses and nothing of islandrun: every islandrun module starts from nothing (a circular import
# shows as it would in a fresh interpreter), without ~270 interpreters each importing pydantic, FastAPI … again
# (51 s of the suite; this takes a few).
_PRELOAD = (
    "ahocorasick anyascii anyio click fastapi filelock h11 httpcore httpx marisa_trie orjson phonenumbers "
    "platformdirs prometheus_client psutil pydantic pydantic_core pygments rich starlette stdnum tomlkit typer "
    "uvicorn zstandard"
)
_FORKED_IMPORTS = r"""
import importlib, json, os, sys, traceback
for name in sys.argv[2].split():
    try:
        importlib.import_module(name)
    except ImportError:
        pass  # an optional package: a module that needs it says so in its own import below
for module in sys.argv[1].split(","):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(module)
            code = 0
        except BaseException:
            os.write(write, traceback.format_exc().encode())
            code = 1
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        error = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    print("@@" + json.dumps([module, os.waitstatus_to_exitcode(status), error]), flush=True)
"""


@pytest.fixture(scope="module")
def alone_imports() -> dict[str, tuple[int, str]]:
    """module -> (exit code, traceback) of importing it alone."""
    modules = _core_modules()
    result = subprocess.run(
        [sys.executable, "-c", _FORKED_IMPORTS, ",".join(modules), _PRELOAD],
        capture_output=True,
        text=True,
        timeout=600,
    )
    found = {}
    for line in result.stdout.splitlines():
        if line.startswith("@@"):
            module, code, error = json.loads(line[2:])
            found[module] = (code, error)
    assert set(found) == set(modules), result.stderr[-3000:]
    return found


@pytest.mark.parametrize("module", _core_modules())
def test_module_imports_alone_in_a_fresh_interpreter(module: str, alone_imports: dict[str, tuple[int, str]]) -> None:
    code, error = alone_imports[module]
    assert code == 0, error


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
