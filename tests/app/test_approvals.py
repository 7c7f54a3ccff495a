"""The approval question that shows what leaves, and the remembered grants panel, offscreen
against the real daemon (tests/app/conftest.py: a cloud island, burstable threshold 1.0)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import Qt

from islandrun.app.api import ApiClient
from islandrun.app.approval_dialog import ApprovalDialog
from islandrun.app.approval_text import PLACEHOLDER, describe, notification_body
from islandrun.app.notifications import ApprovalNotifier
from islandrun.app.panel_grants import GrantsModel, GrantsPanel
from islandrun.app.state import TrayState
from islandrun.app.viewmodels import DaemonModel

from .conftest import Daemon, run, until

SECRET_EMAIL = "jane.doe.4471@example.com"


def _chat_in_background(daemon: Daemon, content: str, result: dict[str, httpx.Response]) -> threading.Thread:
    def ask() -> None:
        with daemon.http() as http:
            result["response"] = http.post(
                "/v1/chat/completions",
                json={"model": "default", "max_tokens": 4, "messages": [{"role": "user", "content": content}]},
                headers={"X-IslandRun-Tier": "burstable", "X-IslandRun-Sensitivity": "internal"},
            )

    worker = threading.Thread(target=ask)
    worker.start()
    return worker


def _highlighted(dialog: ApprovalDialog) -> list[str]:
    """The stretches of the preview the highlighter marked, as text."""
    block = dialog.preview.document().firstBlock()
    marked = []
    while block.isValid():
        text = block.text()
        marked.extend(text[fmt.start : fmt.start + fmt.length] for fmt in block.layout().formats())
        block = block.next()
    return marked


def test_the_dialog_shows_what_leaves_remembers_and_the_panel_revokes(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    client = ApiClient(daemon.info)
    model = DaemonModel(client)
    approvals = ApprovalNotifier(model, notifier=None)
    grants_model = GrantsModel(client)
    panel = GrantsPanel(grants_model)
    qtbot.addWidget(panel)
    model.eventReceived.connect(grants_model.on_event)
    result: dict[str, httpx.Response] = {}
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        model.start()
        await until(lambda: model.state is TrayState.LOCAL, what="the connection")
        worker = _chat_in_background(daemon, f"Draft a reply to {SECRET_EMAIL} about the invoice.", result)
        await until(lambda: approvals.dialogs, timeout=60, what="the approval dialog")
        dialog = next(iter(approvals.dialogs.values()))
        qtbot.addWidget(dialog)
        text = dialog.preview.toPlainText()
        seen["preview"] = text
        seen["marked"] = _highlighted(dialog)
        seen["body"] = dialog.body.text()
        seen["countdown"] = dialog.countdown.text()
        seen["default"] = [a for a, b in dialog.buttons_by_answer.items() if b.isDefault()]
        seen["remember"] = dialog.remember_row.isVisibleTo(dialog)
        shots = Path(os.environ.get("ISLANDRUN_SCREENSHOTS") or tmp_path)
        dialog.grab().save(str(shots / "approval-dialog.png"))
        dialog.remember.setChecked(True)
        dialog.remember_for.setCurrentIndex(0)  # 15 minutes
        qtbot.mouseClick(dialog.buttons_by_answer["send"], Qt.MouseButton.LeftButton)
        await asyncio.to_thread(worker.join, 120)
        await until(lambda: not approvals.dialogs, what="the answered dialog to close")
        try:
            await until(lambda: panel.revoke_buttons, what="the grant in the panel")
            seen["row"] = [panel.table.item(0, c).text() for c in range(1, 5)]
            seen["until"] = panel.table.item(0, 5).text()
            qtbot.mouseClick(next(iter(panel.revoke_buttons.values())), Qt.MouseButton.LeftButton)
            await until(lambda: not panel.revoke_buttons, what="the revoked grant to leave the panel")
            seen["message"] = panel.message.text()
        finally:
            for grant in await client.grants():  # the session's other tests expect every approval to ask
                await client.revoke_grant(str(grant["id"]))
        await model.stop()
        await client.aclose()

    run(qloop, scenario(), timeout=240)
    preview = seen["preview"]
    assert SECRET_EMAIL not in preview
    placeholder = PLACEHOLDER.search(preview)
    assert placeholder and preview == f"user: Draft a reply to {placeholder.group(0)} about the invoice."
    assert seen["marked"] == [placeholder.group(0)]
    assert seen["body"].startswith("From an app using the shared token. Replaced by placeholders: ")
    assert seen["countdown"].startswith("Time left: 0:") and "no answer means Deny" in seen["countdown"]
    assert seen["default"] == ["local"]
    assert seen["remember"] is True
    # sent: the cloud island of this daemon listens nowhere, so the request fails after leaving
    assert result["response"].status_code == 502, result["response"].text
    assert seen["row"][0] == "apps with the shared token" and seen["row"][1] == "Cloudy AI"
    assert "min left" in seen["until"]
    assert seen["message"].startswith("Revoked")
    with daemon.http() as http:
        rows = http.get("/api/audit", params={"limit": 20}).json()
    assert [r["outcome"] for r in rows if r["event"] == "grant"][:2] == ["revoked", "granted"]


def _summary(**changes: Any) -> dict[str, Any]:
    approval: dict[str, Any] = {
        "id": "a1",
        "request_id": "r1",
        "created": 1000.0,
        "expires": 1030.0,
        "app": "editor",
        "island": "cloudy",
        "island_name": "Cloudy AI",
        "tier": 3,
        "sensitivity": "confidential",
        "entities": {"EMAIL": 1},
        "sanitized": True,
        "estimated_cost_usd": 0.0,
        "preview": "user: Mail [CONTACT_12] <now> & [CONTACT_12] again",
        "preview_cut": 0,
        "preview_note": None,
        "remember_refused": None,
    }
    approval.update(changes)
    return approval


def test_restricted_content_offers_no_remembering(qtbot: Any) -> None:
    refused = "restricted content is never remembered: every such request asks again"
    dialog = ApprovalDialog(
        _summary(sensitivity="restricted", remember_refused=refused, preview_cut=2345, expires=time.time() + 60)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember_row.isVisible()
    assert dialog.refused_note.isVisible() and "never remembered" in dialog.refused_note.text()
    assert dialog.cut_note.isVisible() and dialog.cut_note.text().startswith("2,345 earlier characters")
    answers: list[tuple[str, str, int]] = []
    dialog.answered.connect(lambda *a: answers.append(a))
    dialog.remember.setChecked(True)  # even if it were ticked, a hidden choice is not sent
    qtbot.mouseClick(dialog.buttons_by_answer["send"], Qt.MouseButton.LeftButton)
    assert answers == [("a1", "send", 0)]


def test_the_countdown_runs_out_and_the_buttons_go(qtbot: Any) -> None:
    dialog = ApprovalDialog(_summary(expires=time.time() + 65))
    qtbot.addWidget(dialog)
    assert dialog.countdown.text().startswith("Time left: 1:0")
    dialog.tick(now=dialog.approval["expires"] - 4.2)
    assert dialog.countdown.text() == "Time left: 0:05 — no answer means Deny."
    dialog.tick(now=dialog.approval["expires"] + 1)
    assert dialog.countdown.text().startswith("Time is up")
    assert not any(b.isEnabled() for b in dialog.buttons_by_answer.values())


def test_the_words_of_the_question() -> None:
    title, body = describe(_summary(entities={}, app=None))
    assert title == "Send a confidential request to Cloudy AI?"
    assert body == (
        "From a program on this device's socket (no app token). No personal details were detected, "
        "so nothing is replaced. Estimated cost less than one cent."
    )
    marked = notification_body(_summary(), markup=True, now=1000.0)
    assert "user: Mail <b>[CONTACT_12]</b> &lt;now&gt; &amp; <b>[CONTACT_12]</b> again" in marked
    assert marked.endswith("Answer within 0:30 — no answer means Deny.")
    plain = notification_body(_summary(), markup=False, now=1000.0)
    assert "user: Mail [CONTACT_12] <now> & [CONTACT_12] again" in plain
    assert "From the app “editor”. Replaced by placeholders: EMAIL ×1." in plain
