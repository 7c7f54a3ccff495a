"""The package installs as islandrun.core / islandrun.app — never a bare ``core`` or ``app``
— the same way from the editable install (these tests) and from a built wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _declared_packages() -> set[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(pyproject["tool"]["setuptools"]["packages"])


def _package_dirs() -> set[str]:
    found = set()
    for top in ("core", "app"):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT)
            found.add("islandrun." + ".".join(rel.parts))
    return found


def test_every_package_folder_is_declared_for_the_wheel() -> None:
    assert _package_dirs() == _declared_packages()


def test_editable_install_imports_from_the_source_tree() -> None:
    import islandrun.app
    import islandrun.core

    assert Path(islandrun.core.__file__).resolve() == ROOT / "core" / "__init__.py"
    assert Path(islandrun.app.__file__).resolve() == ROOT / "app" / "__init__.py"


@pytest.mark.slow
def test_built_wheel_holds_islandrun_core_and_app_only(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        timeout=600,
    )
    [wheel] = tmp_path.glob("islandrun-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"islandrun"}
    for package in _declared_packages():
        assert package.replace(".", "/") + "/__init__.py" in names
    assert "islandrun/core/cli/config.example.toml" in names
    assert "islandrun/core/py.typed" in names

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    probe = "import islandrun.core, islandrun.core.routing; print(islandrun.core.__file__)"
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().startswith(str(unpacked))
