"""The tray's view-model, menu and approval questions, offscreen, against the real daemon.

Offscreen Qt has no system tray and no notification server: here the approval question is the
in-app dialog (the fallback); the real notification with buttons is tested under Xvfb + dunst in
test_desktop.py.
"""

from __future__ import annotations

import asyncio
import plistlib
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt

from islandrun.app.api import ApiClient
from islandrun.app.autostart import Autostart
from islandrun.app.notifications import ApprovalNotifier
from islandrun.app.state import TrayState
from islandrun.app.tray import Tray
from islandrun.app.viewmodels import DaemonModel
from islandrun.app.window import PANELS

from .conftest import CONFIG, Daemon, burstable_chat, run, until


class Parts:
    def __init__(self, daemon: Daemon, home: Path | None = None) -> None:
        self.client = ApiClient(daemon.info)
        self.model = DaemonModel(self.client)
        self.tray = Tray(self.model, autostart=Autostart(home=home or Path("/nonexistent")))
        self.approvals = ApprovalNotifier(self.model, notifier=None)
        self.states: list[str] = []
        self.model.stateChanged.connect(self.states.append)

    async def aclose(self) -> None:
        await self.model.stop()
        await self.client.aclose()


def _in_background(daemon: Daemon, result: dict[str, httpx.Response]) -> threading.Thread:
    worker = threading.Thread(target=lambda: result.setdefault("response", burstable_chat(daemon)))
    worker.start()
    return worker


def test_connects_and_the_menu_says_state_capacity_and_island(daemon: Daemon, qloop: asyncio.AbstractEventLoop) -> None:
    parts = Parts(daemon)

    async def scenario() -> None:
        assert parts.model.state is TrayState.ERROR  # until the stream is open
        parts.model.start()
        await until(lambda: parts.model.state is TrayState.LOCAL, what="the connection")
        await until(lambda: parts.model.status.capacity is not None, what="a capacity reading")
        await parts.aclose()

    run(qloop, scenario())
    tray = parts.tray
    assert parts.states == ["local"]
    assert tray.header.text() == "IslandRun — Serving locally"
    assert tray.capacity_action.text().startswith("Capacity 0.")
    assert "keeps primary, secondary work here" in tray.capacity_action.text()
    assert tray.island_action.text() == "Last request: none yet"  # nothing routed since the tray started
    assert not tray.approvals_action.isVisible()
    titles = [a.text().replace("&&", "&") for a in tray.panel_actions.values()]  # "&&" shows as "&"
    assert titles == [f"{title}…" for title in PANELS]  # one entry per panel, in the window's order
    assert titles[:6] == [
        "Capacity…",
        "Activity…",
        "Islands & trust…",
        "Budgets…",
        "Tiers & policy…",
        "Collections…",
    ]
    assert tray.icon.toolTip().startswith("IslandRun: Serving locally · C 0.")


def test_deny_in_the_dialog_fails_the_request_with_a_clear_error(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    parts = Parts(daemon)
    result: dict[str, httpx.Response] = {}

    async def scenario() -> None:
        parts.model.start()
        await until(lambda: parts.model.state is TrayState.LOCAL, what="the connection")
        worker = _in_background(daemon, result)
        await until(lambda: parts.approvals.dialogs, timeout=60, what="the approval dialog")
        assert parts.model.state is TrayState.APPROVAL
        assert parts.tray.approvals_action.isVisible()
        dialog = next(iter(parts.approvals.dialogs.values()))
        assert dialog.text() == "Send an internal request to Cloudy AI?"
        qtbot.mouseClick(dialog.buttons_by_answer["deny"], Qt.MouseButton.LeftButton)
        await asyncio.to_thread(worker.join, 60)
        await until(lambda: parts.model.state is TrayState.LOCAL, what="the approval to close")
        await until(lambda: not parts.approvals.dialogs, what="the dialog to go")
        await parts.aclose()

    run(qloop, scenario(), timeout=120)
    response = result["response"]
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert message.startswith("the offload was not approved")
    assert "nothing left this device" in message
    assert parts.states == ["local", "approval", "local"]


def test_keep_local_in_the_dialog_runs_the_request_here(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    parts = Parts(daemon)
    result: dict[str, httpx.Response] = {}

    async def scenario() -> None:
        parts.model.start()
        await until(lambda: parts.model.state is TrayState.LOCAL, what="the connection")
        worker = _in_background(daemon, result)
        await until(lambda: parts.approvals.dialogs, timeout=60, what="the approval dialog")
        dialog = next(iter(parts.approvals.dialogs.values()))
        qtbot.mouseClick(dialog.buttons_by_answer["local"], Qt.MouseButton.LeftButton)
        await asyncio.to_thread(worker.join, 120)
        await parts.aclose()

    run(qloop, scenario(), timeout=180)
    response = result["response"]
    assert response.status_code == 200, response.text
    assert response.json()["islandrun"]["island"] == "local"


def test_an_approval_answered_elsewhere_withdraws_the_question(
    daemon: Daemon, qloop: asyncio.AbstractEventLoop
) -> None:
    parts = Parts(daemon)
    result: dict[str, httpx.Response] = {}

    async def scenario() -> None:
        parts.model.start()
        await until(lambda: parts.model.state is TrayState.LOCAL, what="the connection")
        worker = _in_background(daemon, result)
        await until(lambda: parts.approvals.dialogs, timeout=60, what="the approval dialog")
        approval_id = next(iter(parts.approvals.dialogs))
        with daemon.http() as http:  # e.g. `islandrun approvals deny ID` from a terminal
            assert (
                await asyncio.to_thread(http.post, f"/api/approvals/{approval_id}", json={"answer": "deny"})
            ).status_code == 200
        await until(lambda: not parts.approvals.dialogs, what="the dialog to be withdrawn")
        await asyncio.to_thread(worker.join, 60)
        await parts.aclose()

    run(qloop, scenario(), timeout=120)
    assert result["response"].status_code == 403


def test_the_local_only_switch_pauses_offloading_in_the_daemon(
    daemon: Daemon, qloop: asyncio.AbstractEventLoop
) -> None:
    parts = Parts(daemon)
    failures: list[str] = []
    parts.model.localOnlyFailed.connect(failures.append)

    def daemon_local_only() -> bool:
        with daemon.http() as http:
            return bool(http.get("/api/policy").json()["local_only"])

    async def scenario() -> None:
        parts.model.start()
        await until(lambda: parts.model.state is TrayState.LOCAL, what="the connection")
        await asyncio.sleep(0.3)  # the catch-up read of /api/policy
        assert parts.model.local_only_supported
        parts.tray.local_only.trigger()
        await until(lambda: parts.model.state is TrayState.LOCAL_ONLY, what="the local-only state")
        assert await asyncio.to_thread(daemon_local_only)
        parts.tray.local_only.trigger()
        await until(lambda: parts.model.state is not TrayState.LOCAL_ONLY, what="offloading again")
        assert not await asyncio.to_thread(daemon_local_only)
        await parts.aclose()

    run(qloop, scenario())
    assert not failures
    assert "local_only = false" in daemon.config_file.read_text()  # saved, and switched back


def test_a_daemon_that_goes_away_turns_the_icon_to_error(tmp_path: Path, qloop: asyncio.AbstractEventLoop) -> None:
    # The open event stream counts as a request in flight: a short grace keeps the stop quick.
    own = Daemon(tmp_path / "short-lived").start(CONFIG + "\n[server]\nshutdown_grace_s = 1\n")
    parts = Parts(own)

    async def scenario() -> None:
        parts.model.start()
        await until(lambda: parts.model.state is TrayState.LOCAL, what="the connection")
        await asyncio.to_thread(own.stop)
        await until(lambda: parts.model.state is TrayState.ERROR, what="the error state")
        await parts.aclose()

    try:
        run(qloop, scenario())
    finally:
        own.stop()
    assert parts.tray.header.text() == "IslandRun — Daemon unreachable"
    assert parts.tray.capacity_action.text().startswith("Error: ")
    assert not parts.tray.local_only.isEnabled()


def test_start_at_login_writes_and_removes_the_xdg_autostart_entry(
    daemon: Daemon, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qloop: asyncio.AbstractEventLoop
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    parts = Parts(daemon, home=tmp_path)
    entry = tmp_path / "config" / "autostart" / "islandrun-tray.desktop"
    assert not parts.tray.autostart_action.isChecked()
    parts.tray.autostart_action.trigger()
    assert parts.tray.autostart_action.isChecked()
    text = entry.read_text()
    assert "[Desktop Entry]" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert Path(exec_line.removeprefix("Exec=")).name == "islandrun-tray"
    assert Path(exec_line.removeprefix("Exec=")).exists()
    parts.tray.autostart_action.trigger()
    assert not entry.exists()
    assert not parts.tray.autostart_action.isChecked()
    run(qloop, parts.aclose())


def test_start_at_login_on_macos_is_a_launch_agent(tmp_path: Path) -> None:
    agent = Autostart(platform="darwin", home=tmp_path)
    agent.set(True, ["/Applications/IslandRun.app/Contents/MacOS/islandrun-tray"])
    plist = plistlib.loads((tmp_path / "Library" / "LaunchAgents" / "org.islandrun.tray.plist").read_bytes())
    assert plist["RunAtLoad"] is True
    assert plist["ProgramArguments"] == ["/Applications/IslandRun.app/Contents/MacOS/islandrun-tray"]
    assert agent.enabled
    agent.set(False)
    assert not agent.enabled
