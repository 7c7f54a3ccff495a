"""The daemon's lifecycle as a user meets it, with the real ``islandrun serve``: the tray says
*Starting…* before the daemon answers, a stopped daemon leaves the panels read-only (what was
typed stays) with words instead of an errno, Start and Restart from the menu bring it back, and
a second ``islandrun-tray`` shows the running tray's window."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from islandrun.app.daemon_process import TrayLock
from islandrun.app.main import TrayApp
from islandrun.app.single_instance import InstanceServer
from islandrun.app.state import TrayState
from islandrun.core.daemon.instance import read_info

from .conftest import run, until

FAST_CONFIG = """
[server]
port = 0
shutdown_grace_s = 1

[engine]
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false

[capacity]
disabled = ["cpu"]
"""


async def _shut(app: TrayApp) -> None:
    """Quit the tray, stop the daemon it started, and let every task it left end on the loop."""
    process = app.lifecycle.process
    await app.aclose()
    if process is not None and process.returncode is None:
        process.terminate()
        await process.wait()
    # every task but this one and run()'s wait_for around it
    await until(lambda: sum(not t.done() for t in asyncio.all_tasks()) <= 2, what="the tray's tasks to end")


def test_start_stop_start_and_restart_from_the_menu(
    isolated_dirs: Path, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    (isolated_dirs / "config" / "config.toml").write_text(FAST_CONFIG)
    from islandrun.app.lifecycle import early_client

    async def make() -> TrayApp:  # (the tray is built on the running loop, as main() does)
        return TrayApp(early_client(), notifications=False, start_timeout=120)

    app = run(qloop, make())
    qtbot.addWidget(app.window)
    budgets = app.window.budgets

    async def scenario() -> None:
        app.start()
        # from the first moment, before any daemon answered
        assert app.daemon.state is TrayState.STARTING
        assert app.tray.header.text() == "IslandRun — Starting…"
        assert not app.tray.daemon_action.isEnabled()
        app.window.open_panel("Budgets")
        assert app.offline.isVisibleTo(app.window)
        assert not budgets.editor.isEnabled()

        await until(lambda: app.daemon.state is TrayState.LOCAL, timeout=120, what="the started daemon")
        assert app.lifecycle.process is not None
        first_pid = app.lifecycle.process.pid
        assert app.tray.daemon_action.text() == "Restart daemon"
        await until(lambda: budgets.editor.isEnabled(), what="the editor to unlock")
        assert not app.offline.isVisibleTo(app.window)

        # the daemon goes away: no errno, panels read-only, typed text kept, Start offered
        budgets.daily.setText("3.25")
        app.lifecycle.process.terminate()
        await app.lifecycle.process.wait()
        await until(lambda: app.daemon.state is TrayState.ERROR, what="the stopped state")
        assert "Errno" not in app.tray.capacity_action.text()
        # first "the IslandRun daemon stopped" (its event stream closed), then, once a reconnect is refused:
        await until(
            lambda: (
                app.tray.capacity_action.text()
                == "Error: the IslandRun daemon is not running (Start it from this menu)"
            ),
            what="the not-running text",
        )
        assert app.tray.daemon_action.text() == "Start daemon"
        assert not budgets.editor.isEnabled()
        assert budgets.daily.text() == "3.25"
        assert app.offline.start_button.isVisibleTo(app.offline)
        assert app.offline.label.text() == "Daemon not running — read-only"

        app.tray.daemon_action.trigger()  # Start daemon
        await until(lambda: app.daemon.state is TrayState.STARTING, what="starting again")
        await until(lambda: app.daemon.state is TrayState.LOCAL, timeout=120, what="the daemon back")
        assert app.lifecycle.process.pid != first_pid
        await until(lambda: budgets.editor.isEnabled(), what="the editor to unlock again")
        assert budgets.daily.text() == "3.25"  # never dropped what the user typed

        second_pid = app.lifecycle.process.pid
        app.tray.daemon_action.trigger()  # Restart daemon
        await until(lambda: app.daemon.state is TrayState.STARTING, what="restarting")
        await until(lambda: app.daemon.state is TrayState.LOCAL, timeout=120, what="the restarted daemon")
        info = read_info()
        assert info is not None and info.pid == app.lifecycle.process.pid != second_pid

    try:
        run(qloop, scenario(), timeout=400)
    finally:
        run(qloop, _shut(app), timeout=120)


def test_a_start_that_fails_says_why_and_offers_start_again(
    isolated_dirs: Path, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    (isolated_dirs / "config" / "config.toml").write_text("[server]\nport = 'not a port'\n")
    from islandrun.app.lifecycle import early_client

    async def make() -> TrayApp:
        return TrayApp(early_client(), notifications=False, start_timeout=60)

    app = run(qloop, make())
    qtbot.addWidget(app.window)
    failures: list[tuple[str, str]] = []
    app.lifecycle.failed.connect(lambda title, message: failures.append((title, message)))

    async def scenario() -> None:
        app.start()
        await until(lambda: failures, timeout=60, what="the failure")

    try:
        run(qloop, scenario(), timeout=90)
    finally:
        run(qloop, _shut(app), timeout=60)
    assert failures[0][0] == "Daemon did not start"
    assert app.daemon.state is TrayState.ERROR
    assert app.tray.daemon_action.text() == "Start daemon"
    assert app.tray.daemon_action.isEnabled()


def test_a_second_launch_shows_the_running_trays_window(isolated_dirs: Path, qloop: asyncio.AbstractEventLoop) -> None:
    lock = TrayLock()
    lock.acquire()
    server = InstanceServer()
    assert server.listen()
    asked: list[str] = []
    server.openRequested.connect(asked.append)
    tray = Path(sys.executable).with_name("islandrun-tray")

    async def second_launch() -> subprocess.CompletedProcess[str]:
        proc = await asyncio.create_subprocess_exec(
            str(tray),
            "--open",
            "Budgets",
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await proc.communicate()  # the loop keeps serving the first tray meanwhile
        assert proc.returncode is not None
        return subprocess.CompletedProcess([], proc.returncode, out.decode(), err.decode())

    try:
        done = run(qloop, second_launch(), timeout=90)
    finally:
        server.close()
        lock.release()
    assert done.returncode == 0, done.stderr
    assert "already running; its window is shown" in done.stderr
    assert asked == ["Budgets"]
