"""The login integrations in installers/: the systemd user unit passes `systemd-analyze verify` as
installed by the script, the launchd agent is a well-formed plist that runs `islandrun serve`, and
the tray's autostart entry passes `desktop-file-validate`."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "installers" / "linux"
ISLANDRUN = Path(sys.executable).with_name("islandrun")

needs_systemd = pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
needs_dfu = pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")


def install(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "ISLANDRUN_BIN": str(ISLANDRUN),
        "ISLANDRUN_NO_START": "1",
    }
    return subprocess.run(
        ["sh", str(LINUX / "install-user-service.sh"), *args], env=env, capture_output=True, text=True, check=check
    )


def verify(unit: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)


@needs_systemd
def test_the_installed_user_unit_verifies_and_runs_islandrun_serve(tmp_path: Path) -> None:
    install(tmp_path)
    unit = tmp_path / ".config" / "systemd" / "user" / "islandrun.service"
    text = unit.read_text()
    assert f"ExecStart={ISLANDRUN} serve\n" in text
    assert "WantedBy=default.target" in text
    result = verify(unit)
    assert result.returncode == 0, result.stderr


@needs_systemd
def test_verify_catches_a_unit_whose_program_is_missing(tmp_path: Path) -> None:
    """The check above can fail: the shipped unit with a program that does not exist is refused."""
    unit = tmp_path / "islandrun.service"
    unit.write_text((LINUX / "islandrun.service").read_text().replace("/usr/bin/islandrun", "/nonexistent/islandrun"))
    result = verify(unit)
    assert result.returncode != 0
    assert "/nonexistent/islandrun" in result.stderr


def test_the_shipped_unit_runs_the_packaged_islandrun() -> None:
    text = (LINUX / "islandrun.service").read_text()
    assert "\nExecStart=/usr/bin/islandrun serve\n" in text
    assert "RestartPreventExitStatus=2" in text  # a broken config does not restart in a loop


@needs_dfu
def test_the_tray_autostart_entry_is_installed_valid(tmp_path: Path) -> None:
    result = install(tmp_path, "--tray")
    entry = tmp_path / ".config" / "autostart" / "islandrun-tray.desktop"
    assert str(entry) in result.stdout
    assert f"Exec={ISLANDRUN.with_name('islandrun-tray')}\n" in entry.read_text()
    for path in (entry, LINUX / "islandrun-tray.desktop"):
        check = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "error" not in check.stdout


def test_uninstall_removes_what_install_wrote(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("install verifies with systemd-analyze")
    install(tmp_path, "--tray")
    result = install(tmp_path, "--uninstall")
    assert "removed" in result.stdout
    assert not (tmp_path / ".config" / "systemd" / "user" / "islandrun.service").exists()
    assert not (tmp_path / ".config" / "autostart" / "islandrun-tray.desktop").exists()


def test_install_refuses_without_an_islandrun(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ISLANDRUN_NO_START": "1"}
    result = subprocess.run(
        ["sh", str(LINUX / "install-user-service.sh")], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "islandrun is not on PATH" in result.stderr


def test_the_launchd_agent_is_a_well_formed_plist_running_islandrun_serve() -> None:
    [plist_path] = (ROOT / "installers" / "macos").glob("*.plist")
    with plist_path.open("rb") as handle:
        agent = plistlib.load(handle)
    assert agent["Label"] == plist_path.stem == "org.islandrun.daemon"
    program, *arguments = agent["ProgramArguments"]
    assert Path(program).name == "islandrun"
    assert arguments == ["serve"]
    assert agent["RunAtLoad"] is True
    assert agent["KeepAlive"] == {"SuccessfulExit": False}
    script = (ROOT / "installers" / "macos" / "install-launch-agent.sh").read_text()
    assert "plutil -replace ProgramArguments.0" in script
