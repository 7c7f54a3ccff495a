"""*Activity*: recent routing decisions from the audit log (newest first), the router's
explanation for each route seen live, and a button that verifies the audit log's hash chain.

*Priority* is the request's own tier (primary, secondary, burstable: how readily it may leave this
device); the *Island* column names where it ran with that island's tier (own, edge, cloud). The
audit log keeps only the island's tier, so a request's priority is shown for routes seen live."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .viewmodels import ActivityModel

__all__ = ["ActivityPanel"]

COLUMNS = ["Time", "Island", "Priority", "Sensitivity", "Entities", "Sanitized", "Cost $", "Outcome"]
HEADER_HELP = {
    "Priority": "The request's tier: primary always runs here; secondary and burstable may leave this device when "
    "its capacity is low. Known for requests seen while the tray was running.",
    "Island": "Where it ran, with the island's tier: own (this device or your own devices), edge (a private "
    "server), cloud.",
    "Sensitivity": "How sensitive the request's text was judged to be (public, internal, confidential, restricted).",
    "Entities": "Kinds of personal data found, with counts (never the values).",
    "Sanitized": "Whether personal data was replaced before the request left this device.",
}
ISLAND_TIERS = {1: "own", 2: "edge", 3: "cloud"}


def _island(entry: dict[str, Any]) -> str:
    island = entry.get("island")
    if not island:
        return "—"
    tier = entry.get("tier")
    return str(island) if tier is None else f"{island} · {ISLAND_TIERS.get(int(tier), f'tier {tier}')}"


def _clock(ts: object) -> str:
    """The audit's ISO timestamp (or unix seconds) as local wall-clock time."""
    try:
        when = dt.datetime.fromtimestamp(ts) if isinstance(ts, int | float) else dt.datetime.fromisoformat(str(ts))
    except ValueError:
        return str(ts)
    return when.astimezone().strftime("%d %b %H:%M:%S")


class ActivityPanel(QWidget):
    def __init__(self, model: ActivityModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.entries: list[dict[str, Any]] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        for column, help_text in HEADER_HELP.items():
            header = self.table.horizontalHeaderItem(COLUMNS.index(column))
            if header is not None:
                header.setToolTip(help_text)
        self.setMinimumSize(560, 360)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.explanation = QPlainTextEdit()
        self.explanation.setReadOnly(True)
        self.explanation.setPlaceholderText("Select a route to see why it went where it went.")
        self.verify_button = QPushButton("Verify audit log")
        self.verify_result = QLabel()
        self.verify_button.setToolTip(
            "Checks that no row of the audit log was changed or removed (each row hashes the one before)."
        )
        self.message = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.explanation)
        splitter.setSizes([300, 120])
        bottom = QHBoxLayout()
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.verify_result, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        model.loaded.connect(self.show_entries)
        model.failed.connect(self.message.setText)
        model.verified.connect(self.show_verification)
        self.verify_button.clicked.connect(model.verify)
        self.table.currentCellChanged.connect(self._selected)

    def show_entries(self, entries: list[dict[str, Any]]) -> None:
        self.message.setText("")
        self.entries = entries
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            entities = ", ".join(f"{k}×{v}" for k, v in (e.get("entities") or {}).items()) or "—"
            cells = [
                _clock(e["ts"]),
                _island(e),
                self.model.priorities.get(str(e.get("request_id")), "—"),
                str(e.get("sensitivity", "")),
                entities,
                "yes" if e.get("sanitized") else "no",
                f"{float(e.get('cost_usd') or 0.0):.4f}",
                str(e.get("outcome", "")),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _selected(self, row: int, *_: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        e = self.entries[row]
        why = self.model.explanations.get(str(e.get("request_id")))
        detail = str(e.get("detail") or "")
        text = why or "(the explanation is shown for routes seen while the tray was running)"
        self.explanation.setPlainText(text + (f"\n\n{detail}" if detail else ""))

    def show_verification(self, result: dict[str, Any]) -> None:
        if result["ok"]:
            self.verify_result.setText(f"✓ audit log intact: {result['rows']} rows, hash chain verified")
        else:
            problems = "; ".join(result["problems"])
            self.verify_result.setText(f"✗ audit log damaged: {problems}")
