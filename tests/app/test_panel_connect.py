"""*Connect an app*, offscreen against the real daemon: the addresses and the token it shows, the
token copied to the clipboard and used by the official ``openai`` client, the snippets, and a
rotation that asks first and really replaces the token."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import openai
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from islandrun.app.connect_snippets import SNIPPETS

from .conftest import Daemon, panels_window, run, until


def test_connect_shows_the_addresses_and_the_copied_token_works_with_openai(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.connect_panel

    async def scenario() -> None:
        window.open_panel("Connect an app")
        await until(lambda: panel.token.text() != "", what="the token")
        await until(lambda: panel.apps.model.data is not None, what="the apps list")  # opening the panel loads it too

    run(qloop, scenario())
    assert panel.openai.field.text() == f"{daemon.url}/v1"
    assert panel.anthropic.field.text() == daemon.url
    assert panel.socket.field.text() == str(daemon.socket)
    assert panel.ollama.field.text() == "" and "[ollama] enabled" in panel.ollama.field.placeholderText()
    assert panel.token.echoMode() == panel.token.EchoMode.Password  # not on screen until asked
    qtbot.mouseClick(panel.show_token, Qt.MouseButton.LeftButton)
    assert panel.token.echoMode() == panel.token.EchoMode.Normal

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.copy_token, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == daemon.token
    assert panel.message.text().startswith("✓ token copied")
    # What a developer does next: paste it as the API key of the official client.
    with openai.OpenAI(base_url=panel.openai.field.text(), api_key=copied, max_retries=0) as api:
        ids = [m.id for m in api.models.list()]
    assert ids  # the daemon answered the client with its models

    # Every snippet names this daemon's address and reads the token from the environment.
    for name in SNIPPETS:
        panel.snippet_choice.setCurrentText(name)
        text = panel.snippet.toPlainText()
        assert daemon.token not in text
        if name != "Python (ollama)":
            assert daemon.url in text, name
        else:
            assert "[ollama]" in text and "enabled = true" in text
    panel.snippet_choice.setCurrentText("Python (openai)")
    qtbot.mouseClick(panel.copy_snippet, Qt.MouseButton.LeftButton)
    assert f'base_url="{daemon.url}/v1"' in QGuiApplication.clipboard().text()
    run(qloop, client.aclose())


def test_rotate_asks_first_then_replaces_the_token_for_every_app(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.connect_panel
    old = daemon.token

    async def scenario() -> None:
        window.open_panel("Connect an app")
        await until(lambda: panel.token.text() == old, what="the token")
        qtbot.mouseClick(panel.rotate_button, Qt.MouseButton.LeftButton)
        assert panel.confirm is not None
        question = panel.confirm.text()
        assert "every app using the shared token must be given the new one" in question
        assert "`islandrun apps add NAME`) are not affected" in question
        qtbot.mouseClick(panel.confirm.button(panel.confirm.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        await asyncio.sleep(0.3)
        assert panel.token.text() == old  # cancelled: nothing changed
        qtbot.mouseClick(panel.rotate_button, Qt.MouseButton.LeftButton)
        assert panel.confirm is not None
        qtbot.mouseClick(panel.confirm.button(panel.confirm.StandardButton.Yes), Qt.MouseButton.LeftButton)
        await until(lambda: panel.token.text() not in ("", old), what="the new token")

    run(qloop, scenario())
    fresh = panel.token.text()
    daemon.token = fresh  # the other tests of this session use the daemon's current token
    assert (daemon.home / "data" / "api-token").read_text().strip() == fresh
    assert "give it to every app that used the old one" in panel.message.text()
    time.sleep(1.2)  # the TCP guard re-reads the token file at most once a second
    with httpx.Client(base_url=daemon.url, headers={"Authorization": f"Bearer {old}"}) as stale:
        assert stale.get("/v1/models").status_code == 401
    with daemon.http() as http:
        assert http.get("/v1/models").status_code == 200
    run(qloop, client.aclose())
