"""*Devices* and the incoming pairing request, offscreen, with two real daemons that find each
other over real mDNS on loopback (tests/discovery's setup: ``group_config``, each daemon with its
own identity, config, data and peer port). The laptop's tray pairs from its *Devices* panel and
shows the code; the desktop's tray gets the request (here as the dialog: offscreen there is no
notification server — the notification itself is in test_desktop_devices_models.py) where the
user types the code. A wrong code is refused in words and kept for correcting; the right one
pairs both, and the heartbeats then show both connected. Un-pair asks first.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from discovery.test_daemon_peers import group_config
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from remote.conftest import free_port

from .conftest import Daemon, panels_window, run, until

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def two_devices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Daemon, Daemon]]:
    laptop = Daemon(tmp_path_factory.mktemp("tray-laptop"), discovery=True)
    desktop = Daemon(tmp_path_factory.mktemp("tray-desktop"), discovery=True)
    laptop.start(group_config("Laptop", free_port()))
    try:
        desktop.start(group_config("Desktop", free_port()))
    except BaseException:
        laptop.stop()
        raise
    yield laptop, desktop
    for daemon in (laptop, desktop):
        daemon.stop()


def _state(panel: Any, name: str) -> str:
    return next((r[2] for r in panel.rows() if r[0] == name), "")


def test_pair_two_daemons_from_the_tray_with_the_code_typed_on_the_other(
    two_devices: tuple[Daemon, Daemon], qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    from islandrun.app.devices_model import DevicesModel
    from islandrun.app.pairing_notifications import PairingNotifier

    laptop, desktop = two_devices
    mine, my_client, my_daemon = panels_window(laptop, qtbot)
    theirs, their_client, their_daemon = panels_window(desktop, qtbot)
    # The desktop tray's request handler, wired as TrayApp wires it (no notification server: dialog).
    requests = DevicesModel(their_client)
    their_daemon.eventReceived.connect(requests.on_event)
    notifier = PairingNotifier(requests, None)
    panel, their_panel = mine.devices, theirs.devices
    state: dict[str, Any] = {}
    busy = [0]  # loads in flight (busyChanged is True at each start, False at each end)
    for panel_model in (mine.devices_model, theirs.devices_model, requests):
        panel_model.busyChanged.connect(lambda on: busy.__setitem__(0, busy[0] + (1 if on else -1)))

    async def scenario() -> None:
        my_daemon.start()
        their_daemon.start()
        notifier.start()
        mine.open_panel("Devices")
        theirs.open_panel("Devices")
        await until(lambda: _state(panel, "Desktop") == "not paired", timeout=30, what="the desktop listed")
        assert panel.me.text().startswith("This computer: <b>Laptop</b>")
        assert not panel.unpair_button.isEnabled()
        assert panel.select("Desktop") and panel.pair_button.isEnabled()
        qtbot.mouseClick(panel.pair_button, Qt.MouseButton.LeftButton)
        dialog = panel.dialog
        assert dialog is not None
        await until(lambda: dialog.code.isVisible(), what="the code on the laptop")
        state["code"] = dialog.code.text().replace(" ", "")
        if os.environ.get("ISLANDRUN_SCREENSHOTS"):
            dialog.grab().save(str(Path(os.environ["ISLANDRUN_SCREENSHOTS"]) / "dialog-pair.png"))
        assert len(state["code"]) == 6 and state["code"].isdigit()

        # The desktop: the request arrives as the dialog asking for the code (its code not shown).
        await until(lambda: len(notifier.dialogs) == 1, what="the request on the desktop")
        asked = next(iter(notifier.dialogs.values()))
        assert asked.isVisible() and asked.code.text() == ""
        texts = " ".join(label.text() for label in asked.findChildren(type(panel.message)))
        spaced = f"{state['code'][:3]} {state['code'][3:]}"
        assert "Laptop" in texts and state["code"] not in texts and spaced not in texts
        await until(lambda: their_panel.requests.isVisible(), what="the request in the desktop's panel")
        assert their_panel.requests.topLevelItem(0).text(0) == "Laptop asks to pair"

        wrong = "000000" if state["code"] != "000000" else "111111"
        qtbot.keyClicks(asked.code, wrong[:3] + " " + wrong[3:])
        qtbot.mouseClick(asked.pair_button, Qt.MouseButton.LeftButton)
        await until(lambda: asked.message.text().startswith("✗"), what="the wrong code refused")
        state["wrong"] = asked.message.text()
        assert asked.code.text() == f"{wrong[:3]} {wrong[3:]}"  # kept, to correct

        # The laptop's user sees the desktop ask for the code, and pairs on the laptop's side.
        qtbot.mouseClick(dialog.pair_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.message.text().startswith("✓ Paired with Desktop"), what="paired on the laptop")
        asked.code.clear()
        qtbot.keyClicks(asked.code, state["code"])
        qtbot.keyClick(asked.code, Qt.Key.Key_Return)
        await until(lambda: not notifier.dialogs, what="the desktop's dialog closed")
        await until(lambda: _state(panel, "Desktop") == "paired · connected", timeout=30, what="laptop → live")
        await until(lambda: _state(their_panel, "Laptop") == "paired · connected", timeout=30, what="desktop → live")
        assert not their_panel.requests.isVisible()

    run(qloop, scenario(), timeout=120)
    assert state["wrong"] == "✗ the code does not match the one this device shows; not paired"
    with desktop.http() as http:
        peers = http.get("/api/peers").json()["peers"]
    assert [(p["paired"], p["state"]) for p in peers if p["name"] == "Laptop"] == [(True, "live")]
    row = next(r for r in panel.rows() if r[0] == "Desktop")
    assert int(row[4]) >= 1 and row[3].startswith("127.0.0.1:")  # its models, from the heartbeat

    async def unpair() -> None:
        assert their_panel.select("Laptop") and their_panel.unpair_button.isEnabled()
        qtbot.mouseClick(their_panel.unpair_button, Qt.MouseButton.LeftButton)
        box = their_panel.confirm
        assert isinstance(box, QMessageBox) and "Un-pair Laptop?" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
        await until(lambda: their_panel.message.text() == "✓ un-paired Laptop", what="un-paired")
        await until(lambda: _state(their_panel, "Laptop") == "not paired", what="listed as not paired")
        for model in (my_daemon, their_daemon):
            await model.stop()  # no more events: let the reloads they started finish
        await until(lambda: busy[0] == 0, what="the panels idle")

    run(qloop, unpair())
    run(qloop, my_client.aclose())
    run(qloop, their_client.aclose())


def test_devices_panel_says_when_the_personal_group_is_off(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)

    async def scenario() -> None:
        window.open_panel("Devices")
        await until(lambda: window.devices.message.text().startswith("✗"), what="the message")

    run(qloop, scenario())
    assert window.devices.message.text() == (
        "✗ the personal group is off on this device ([discovery] enabled = false in the config file)"
    )
    assert not window.devices.pair_button.isEnabled() and window.devices.rows() == []
    run(qloop, client.aclose())
