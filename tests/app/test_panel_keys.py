"""*Keys & islands*, offscreen against a real daemon that reaches a real keyring (gnome-keyring on a
private D-Bus session), with a cloud island that is ``llama_cpp.server --api_key`` (a real
OpenAI-compatible server that refuses a wrong key): enter, replace and remove a key, test the
connection, see each island's status, edit an island; the key is never shown back."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit
from remote.secret_service import llama_server_with_key, secret_service_env, secret_tool

from islandrun.app.island_form import IslandForm

from .conftest import CONFIG, Daemon, panels_window, run, until

KEY = "sk-test-Panel-Keys-7Hq3zPw1"
WRONG = "sk-test-not-the-right-one"


@dataclass
class KeyedDaemon(Daemon):
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, **self.extra_env}


@dataclass
class Setup:
    daemon: KeyedDaemon
    keyring: dict[str, str]


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    root = tmp_path_factory.mktemp("panel-keys")
    with secret_service_env(root / "keyring") as keyring, llama_server_with_key(root, KEY) as upstream:
        config = CONFIG.replace('endpoint = "http://127.0.0.1:9/v1"', f'endpoint = "{upstream}/v1"')
        config += '\n[[islands]]\nid = "handpeer"\nkind = "peer"\nendpoint = "https://127.0.0.1:9"\n'
        daemon = KeyedDaemon(root / "daemon", extra_env=keyring).start(config)
        try:
            yield Setup(daemon, keyring)
        finally:
            daemon.stop()


def _row(panel: Any, island_id: str) -> list[str]:
    return next(r for r in panel.rows() if r[0].endswith(f"({island_id})"))


def _shown_text(widget: Any) -> str:
    """Every label's and line's text in the window and its dialogs (what a user could read)."""
    texts = [w.text() for w in widget.findChildren(QLabel)]
    texts += [w.text() for w in widget.findChildren(QLineEdit) if w.echoMode() == QLineEdit.EchoMode.Normal]
    return "\n".join(texts)


def _enter_key(qtbot: Any, panel: Any, key: str, *, enter: bool = False) -> Any:
    dialog = panel.open_key_dialog()
    assert dialog is not None and dialog.key.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.key, key)
    if enter:
        qtbot.keyClick(dialog.key, Qt.Key.Key_Return)
    else:
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    return dialog


def test_enter_test_replace_and_remove_a_key(setup: Setup, qtbot: Any, qloop: asyncio.AbstractEventLoop) -> None:
    window, client, _ = panels_window(setup.daemon, qtbot)
    panel = window.keys

    async def scenario() -> None:
        window.open_panel("Keys & islands")
        await until(lambda: len(panel.rows()) == 3, what="the islands")
        assert _row(panel, "cloudy")[3:5] == ["not set", "no key"]
        assert _row(panel, "handpeer")[1:5] == ["peer", "islandrun", "—", "unpaired"]
        assert _row(panel, "local")[4] == "this device"

        panel.select("handpeer")
        assert not panel.set_key_button.isEnabled() and not panel.edit_button.isEnabled()  # peers pair instead
        panel.select("cloudy")
        assert panel.set_key_button.text() == "&Set key…" and not panel.remove_key_button.isEnabled()

        # Enter a wrong key: stored in the keyring, and the test says the island refused it.
        _enter_key(qtbot, panel, WRONG)
        await until(lambda: _row(panel, "cloudy")[3] == "stored", what="the stored key")
        assert panel.key_dialog is None and panel.message.text() == "✓ stored the key for cloudy in the OS keyring"
        assert secret_tool(setup.keyring, "cloudy") == WRONG
        qtbot.mouseClick(panel.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.message.text().startswith("✗ cloudy"), what="the failed test")
        assert "401" in panel.message.text()
        await until(lambda: _row(panel, "cloudy")[4] == "down", what="status down")

        # Replace it with the right one (Enter saves), test again: up.
        assert panel.set_key_button.text() == "Replace &key…"
        _enter_key(qtbot, panel, KEY, enter=True)
        await until(lambda: panel.key_dialog is None, what="the dialog to close")
        assert secret_tool(setup.keyring, "cloudy") == KEY
        qtbot.mouseClick(panel.test_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.message.text().startswith("✓ cloudy"), what="the test")
        assert "connected: 1 model" in panel.message.text()
        await until(lambda: _row(panel, "cloudy")[4] == "up", what="status up")
        assert KEY not in _shown_text(window) and KEY not in "\n".join(map(str, panel.rows()))

        # Remove: asked first, then gone from the keyring.
        qtbot.mouseClick(panel.remove_key_button, Qt.MouseButton.LeftButton)
        assert panel.confirm is not None and "cloudy" in panel.confirm.text()
        qtbot.mouseClick(panel.confirm.button(panel.confirm.StandardButton.Yes), Qt.MouseButton.LeftButton)
        await until(lambda: _row(panel, "cloudy")[3:5] == ["not set", "no key"], what="the key removed")
        assert panel.message.text() == "✓ removed the key for cloudy"

    run(qloop, scenario())
    assert secret_tool(setup.keyring, "cloudy") == ""
    files = [p for p in setup.daemon.home.rglob("*") if p.is_file()]
    assert not [p for p in files if KEY.encode() in p.read_bytes()]
    run(qloop, client.aclose())


def test_a_refused_key_keeps_what_was_typed(setup: Setup, qtbot: Any, qloop: asyncio.AbstractEventLoop) -> None:
    window, client, _ = panels_window(setup.daemon, qtbot)
    panel = window.keys

    async def scenario() -> None:
        window.open_panel("Keys & islands")
        await until(lambda: len(panel.rows()) == 3, what="the islands")
        panel.select("cloudy")
        dialog = _enter_key(qtbot, panel, f"  {KEY}")  # pasted with leading spaces
        await until(lambda: dialog.message.text().startswith("✗"), what="the refusal")
        assert "may not start or end with spaces" in dialog.message.text()
        assert panel.key_dialog is dialog and dialog.key.text() == f"  {KEY}"  # still there to fix
        dialog.reject()

    run(qloop, scenario())
    assert secret_tool(setup.keyring, "cloudy") == ""
    run(qloop, client.aclose())


def test_edit_an_island_keeps_what_the_form_does_not_show(
    setup: Setup, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(setup.daemon, qtbot)
    panel = window.keys
    before = setup.daemon.config_file.read_text()
    assert "price_output_per_mtok = 2.0" in before

    async def scenario() -> None:
        window.open_panel("Keys & islands")
        await until(lambda: len(panel.rows()) == 3, what="the islands")
        panel.select("cloudy")
        form = panel.open_edit()
        assert form is not None and form.id.isReadOnly() and form.id.text() == "cloudy"
        assert form.windowTitle() == "Edit island cloudy" and form.base.text() == "0.9"
        assert form.certification.currentText() == "iso27001" and form.price_out.text() == "2"
        form.name.setText("Cloudy Renamed")
        form.price_in.setText("1.5")
        qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        await until(lambda: _row(panel, "cloudy")[0] == "Cloudy Renamed (cloudy)", what="the renamed island")

    run(qloop, scenario())
    saved = setup.daemon.config_file.read_text()
    assert 'name = "Cloudy Renamed"' in saved and "price_input_per_mtok = 1.5" in saved
    assert "price_output_per_mtok = 2.0" in saved and 'jurisdiction = "eu-gdpr"' in saved
    with setup.daemon.http() as http:
        island = {i["id"]: i for i in http.get("/api/islands").json()}["cloudy"]
    assert island["trust"] == pytest.approx(0.81) and island["price_input_per_mtok"] == 1.5
    run(qloop, client.aclose())


def test_the_add_form_does_not_offer_peer(qapp: Any) -> None:
    """Peers come from pairing: one typed in was listed at trust 1.00 as your own device and never used."""
    form = IslandForm()
    assert [form.kind.itemText(i) for i in range(form.kind.count())] == ["edge", "cloud"]
    form.deleteLater()


def test_islands_panel_marks_a_hand_added_peer_as_not_paired(
    setup: Setup, qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    window, client, _ = panels_window(setup.daemon, qtbot)

    async def scenario() -> None:
        window.open_panel("Islands & trust")
        await until(lambda: len(window.islands.rows()) == 3, what="the islands")

    run(qloop, scenario())
    peer = next(r for r in window.islands.rows() if r[0].endswith("(handpeer)"))
    assert peer[2] == "— (not paired)" and "never sent requests" in peer[3]
    run(qloop, client.aclose())
