"""The packaged app's entry point (installers/briefcase/launcher.py, staged as islandrun/__main__.py)
picks the CLI or the tray app by the name it was started as."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "installers" / "briefcase" / "launcher.py"


def launch(argv0: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('launcher', {str(LAUNCHER)!r})\n"
        "launcher = importlib.util.module_from_spec(spec); spec.loader.exec_module(launcher)\n"
        f"sys.argv = {[argv0, *args]!r}\n"
        "launcher.main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_islandrun_is_the_cli() -> None:
    from islandrun.core import __version__

    result = launch("/usr/bin/islandrun", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"islandrun {__version__}"


def test_the_app_binary_with_arguments_is_the_cli() -> None:
    """launchd runs `.../IslandRun.app/Contents/MacOS/IslandRun serve`: arguments mean the CLI."""
    result = launch("/Applications/IslandRun.app/Contents/MacOS/IslandRun", "doctor", "--help")
    assert result.returncode == 0, result.stderr
    assert "Check this machine's setup" in result.stdout


def test_islandrun_tray_is_the_tray_app() -> None:
    result = launch("/usr/bin/islandrun-tray", "--help")
    assert result.returncode == 0, result.stderr
    assert "IslandRun's tray app." in result.stdout
