"""*Connect an app* → *Apps with a token of their own*, offscreen against the real daemon: a name the
daemon refuses is explained in words and kept in the field; a token made in the panel is shown
once (with *Copy*), works with the official ``openai`` client, is listed only by its last four
characters, and once revoked from the panel (after a question) is refused at once. Tokens made or
revoked by another client show through the event feed; while the daemon is away the section is
read-only."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import openai
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit

from islandrun.app.offline_guard import OfflineGuard
from islandrun.app.panel_apps import SHOWN_ONCE

from .conftest import Daemon, panels_window, run, until


def _texts(widget: Any) -> list[str]:
    """Every text on screen in ``widget``: labels, fields and table cells."""
    texts = [w.text() for w in widget.findChildren(QLabel)] + [w.text() for w in widget.findChildren(QLineEdit)]
    table = widget.table
    texts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(3) if table.item(r, c)]
    return texts


def test_make_a_token_in_the_panel_use_it_then_revoke_it(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    section = window.connect_panel.apps
    token = ""

    async def make() -> None:
        nonlocal token
        window.open_panel("Connect an app")
        await until(lambda: section.model.data is not None, what="the apps list")
        assert section.empty.isVisibleTo(section) and "No app has a token of its own" in section.empty.text()
        qtbot.mouseClick(section.new_button, Qt.MouseButton.LeftButton)
        dialog = section.dialog
        assert dialog is not None and dialog.isVisible()
        assert not dialog.create_button.isEnabled()  # nothing typed yet

        # A name the daemon refuses: its reason in words under the field, the name kept.
        qtbot.keyClicks(dialog.name, "Notes App")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.problem.text().startswith("✗"), what="the refusal")
        assert dialog.problem.text() == (
            "✗ 'Notes App' has capital letters; app names are lowercase (for example 'notes-app')"
        )
        assert dialog.name.text() == "Notes App" and dialog.asking.isVisible() and not dialog.shown.isVisible()

        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "notes-app")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.shown.isVisible(), what="the new token")
        token = dialog.token.text()
        assert token.startswith("ir-")
        assert dialog.once.text() == SHOWN_ONCE and "shown only now" in SHOWN_ONCE
        assert dialog.windowTitle() == "Token for notes-app"
        QGuiApplication.clipboard().clear()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == token
        assert dialog.copied.text().startswith("✓ copied")
        await until(lambda: "notes-app" in section.revoke_buttons, what="the listed app")
        qtbot.mouseClick(
            dialog.done_buttons.button(dialog.done_buttons.StandardButton.Close), Qt.MouseButton.LeftButton
        )
        assert not dialog.isVisible() and dialog.token.text() == ""  # the only copy on screen is gone

    run(qloop, make())
    rows = {section.table.item(r, 0).text(): r for r in range(section.table.rowCount())}
    assert section.table.item(rows["notes-app"], 2).text() == f"…{token[-4:]}"
    assert section.table.item(rows["notes-app"], 1).text()[:2] == "20"  # a date, not a Unix time
    assert not any(token in text for text in _texts(section))  # listed by its last four characters only
    assert section.message.text() == f"✓ made a token for notes-app (ends …{token[-4:]})"

    # What the user does with it: the app's API key in the official client, which works.
    with openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=token, max_retries=0, timeout=120) as app:
        assert [m.id for m in app.models.list()]
        reply = app.chat.completions.create(
            model="default", messages=[{"role": "user", "content": "Say hi."}], max_tokens=2
        )
    assert reply.choices[0].message is not None

    async def revoke() -> None:
        qtbot.mouseClick(section.revoke_buttons["notes-app"], Qt.MouseButton.LeftButton)
        assert section.confirm is not None
        assert "Revoke the token of notes-app?" in section.confirm.text()
        assert "Its requests are refused from the moment this is done" in section.confirm.text()
        qtbot.mouseClick(section.confirm.button(section.confirm.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        await asyncio.sleep(0.3)
        with httpx.Client(base_url=daemon.url, headers={"Authorization": f"Bearer {token}"}) as app:
            assert app.get("/v1/models").status_code == 200  # cancelled: still works
        qtbot.mouseClick(section.revoke_buttons["notes-app"], Qt.MouseButton.LeftButton)
        assert section.confirm is not None
        qtbot.mouseClick(section.confirm.button(section.confirm.StandardButton.Yes), Qt.MouseButton.LeftButton)
        await until(lambda: section.message.text().startswith("✓ revoked"), what="the revocation")
        await until(lambda: "notes-app" not in section.revoke_buttons, what="the list without it")

    run(qloop, revoke())
    assert section.message.text() == "✓ revoked the token of notes-app: its requests are refused from now on"
    # Refused as soon as the panel says so, by a plain client and by the official one.
    with httpx.Client(base_url=daemon.url, headers={"Authorization": f"Bearer {token}"}) as app:
        refused = app.get("/v1/models")
    assert refused.status_code == 401
    with (
        openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=token, max_retries=0) as app,
        pytest.raises(openai.AuthenticationError),
    ):
        app.models.list()
    with daemon.http() as shared:
        assert shared.get("/v1/models").status_code == 200  # the shared token (the other apps) goes on
    run(qloop, client.aclose())


def test_a_taken_name_is_refused_changes_elsewhere_show_and_it_is_read_only_offline(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, model = panels_window(daemon, qtbot)
    section = window.connect_panel.apps
    with daemon.http() as shared:
        assert shared.post("/api/apps", json={"name": "taken"}).status_code == 201

    model.eventReceived.connect(section.model.on_event)  # as the tray wires the event feed

    async def scenario() -> None:
        model.start()
        window.open_panel("Connect an app")
        await until(lambda: "taken" in section.revoke_buttons, what="the app made elsewhere")
        # Made and revoked by another client while the panel is open: the event feed updates it.
        await until(lambda: model.status.connected, what="the event feed")
        with daemon.http() as shared:
            assert shared.post("/api/apps", json={"name": "elsewhere"}).status_code == 201
        await until(lambda: "elsewhere" in section.revoke_buttons, what="the app made by another client")
        with daemon.http() as shared:
            assert shared.delete("/api/apps/elsewhere").status_code == 204
        await until(lambda: "elsewhere" not in section.revoke_buttons, what="the revoked app to go")

        qtbot.mouseClick(section.new_button, Qt.MouseButton.LeftButton)
        dialog = section.dialog
        assert dialog is not None
        qtbot.keyClicks(dialog.name, "taken")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        await until(lambda: dialog.problem.text().startswith("✗"), what="the refusal")
        assert "'taken' has a token already: revoke it first" in dialog.problem.text()
        assert dialog.name.text() == "taken" and dialog.create_button.isEnabled()
        dialog.reject()
        await model.stop()

    run(qloop, scenario())
    guard = OfflineGuard(window, model)
    assert section.new_button.isEnabled() and section.revoke_buttons["taken"].isEnabled()
    # The daemon stops answering: nothing can be made or revoked, what is listed stays in view.
    model.status.connection(False, "the IslandRun daemon is not running")
    model.statusChanged.emit()
    assert not section.new_button.isEnabled() and not section.revoke_buttons["taken"].isEnabled()
    assert "taken" in [section.table.item(r, 0).text() for r in range(section.table.rowCount())]
    model.status.connection(True, "")
    model.statusChanged.emit()
    assert guard.connected and section.new_button.isEnabled() and section.revoke_buttons["taken"].isEnabled()
    with daemon.http() as shared:
        assert shared.delete("/api/apps/taken").status_code == 204
    run(qloop, client.aclose())
