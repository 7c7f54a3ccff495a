"""Starting or attaching to the daemon, and one tray per user — with the real `islandrun serve`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from islandrun.app.daemon_process import TrayAlreadyRunningError, TrayLock, attach_or_start
from islandrun.core.daemon.instance import read_info


async def test_starts_a_daemon_when_none_runs_then_attaches_to_it(isolated_dirs: Path) -> None:
    # Any free port: the default one may be in use on this machine.
    (isolated_dirs / "config" / "config.toml").write_text(
        "[server]\nport = 0\n\n[engine]\n"
        "discover_huggingface = false\ndiscover_lmstudio = false\ndiscover_ollama = false\n"
    )
    started = await attach_or_start(start_timeout=120)
    try:
        assert started.process is not None
        assert (await started.client.health())["status"] == "ok"
        info = read_info()
        assert info is not None and info.pid == started.process.pid
        again = await attach_or_start(start_timeout=10)
        assert again.process is None  # attached, did not start a second one
        assert again.client.info.pid == started.process.pid
        await again.client.aclose()
    finally:
        await started.client.aclose()
        started.process.terminate()
        await started.process.wait()


def test_one_tray_per_user(isolated_dirs: Path) -> None:
    first = TrayLock()
    first.acquire()
    try:
        with pytest.raises(TrayAlreadyRunningError, match="already running for this user"):
            TrayLock().acquire()
        # another process sees the lock too
        other = subprocess.run(
            [sys.executable, "-c", "from islandrun.app.daemon_process import TrayLock; TrayLock().acquire()"],
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert other.returncode != 0
        assert "TrayAlreadyRunningError" in other.stderr
    finally:
        first.release()
    TrayLock().acquire()  # free again once released


def test_the_tray_command_refuses_a_second_instance(isolated_dirs: Path) -> None:
    lock = TrayLock()
    lock.acquire()
    try:
        tray = Path(sys.executable).with_name("islandrun-tray")
        done = subprocess.run(
            [str(tray)], env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True, timeout=60
        )
    finally:
        lock.release()
    assert done.returncode == 1
    assert "islandrun-tray: the IslandRun tray is already running for this user" in done.stderr
