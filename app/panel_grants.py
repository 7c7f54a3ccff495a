"""*Approvals*: every remembered approval in force — which app may send what kind of content to
which island, and until when — each with *Revoke*. A grant is made from an approval question
("allow this app … for N minutes"); every grant and revoke is a row in the audit log (Activity).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .api import JSON
from .events import DaemonEvent
from .qt_async import async_slot
from .viewmodels import PanelModel

__all__ = ["GrantsModel", "GrantsPanel"]

COLUMNS = ["", "App", "Island", "Sensitivity", "Kinds of detail", "Until"]


class GrantsModel(PanelModel):
    """``GET /api/grants``; ``revoke`` deletes one and reloads."""

    async def fetch(self) -> list[JSON]:
        return await self.client.grants()

    @async_slot(str)
    async def revoke(self, grant_id: str) -> None:
        await self._save(lambda: self.client.revoke_grant(grant_id))

    def on_event(self, event: DaemonEvent) -> None:
        """A grant made or revoked anywhere (a notification, the CLI, another client) reloads the list."""
        if event.type in ("grant.added", "grant.revoked"):
            self.refresh()


def _until(expires: float, now: float) -> str:
    when = dt.datetime.fromtimestamp(expires).astimezone().strftime("%H:%M")
    minutes = max(0, int((expires - now + 59) // 60))
    left = f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60} min"
    return f"{when} ({left} left)"


class GrantsPanel(QWidget):
    def __init__(self, model: GrantsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.grants: list[dict[str, Any]] = []
        self.intro = QLabel(
            "Approvals you asked IslandRun to remember. While one is in force, the same app may send the "
            "same kind of content to the same island without asking; anything else still asks. Restricted "
            "content is never remembered."
        )
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel("No remembered approvals: every offload that needs a yes asks for one.")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.revoke_buttons: dict[str, QPushButton] = {}
        reload_button = QPushButton("Reload")
        reload_button.clicked.connect(model.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(reload_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(bottom)
        model.loaded.connect(self.show_grants)
        model.failed.connect(self.message.setText)
        model.saved.connect(lambda *_: self.message.setText("Revoked: the next such request asks again."))
        # expired grants drop out of the list on their own
        self.expiry = QTimer(self)
        self.expiry.setInterval(30_000)
        self.expiry.timeout.connect(lambda: self.show_grants(self.grants))
        self.expiry.start()

    def show_grants(self, grants: list[dict[str, Any]]) -> None:
        now = time.time()
        self.grants = [g for g in grants if float(g.get("expires", 0)) > now]
        self.revoke_buttons = {}
        self.table.setRowCount(len(self.grants))
        for row, grant in enumerate(self.grants):
            cells = [
                "apps with the shared token" if grant.get("app") == "shared" else str(grant.get("app")),
                str(grant.get("island_name") or grant.get("island")),
                str(grant.get("sensitivity", "")),
                ", ".join(grant.get("entities") or []) or "none detected",
                _until(float(grant["expires"]), now),
            ]
            for column, text in enumerate(cells, start=1):
                self.table.setItem(row, column, QTableWidgetItem(text))
            button = QPushButton("Revoke")
            grant_id = str(grant["id"])
            button.setToolTip(f"Stop remembering this approval (grant {grant_id})")
            button.clicked.connect(lambda _=False, g=grant_id: self.model.revoke(g))
            self.revoke_buttons[grant_id] = button
            self.table.setCellWidget(row, 0, button)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(self.grants))
        self.empty.setVisible(not self.grants)
