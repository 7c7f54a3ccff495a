"""*Budgets*: the limits, what was spent today and this month, spend by day and island as a
chart, and an editor for the global daily and monthly limits (``PUT /api/budgets``).

Amounts read as dollars (``$0.00001``, never ``1e-05`` or an axis in "x0.001"); a limit that is
used up says so; what the user typed survives a reload and a refused save."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .forms import FormError, KeptEdits, friendly_error, money, optional_number, plain_number
from .viewmodels import BudgetsModel

__all__ = ["BudgetsPanel"]

PALETTE = ["#2f6fde", "#e0a100", "#2e8b57", "#8e44ad", "#d93025", "#1f7a8c"]


class BudgetsPanel(QWidget):
    def __init__(self, model: BudgetsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.kept = KeptEdits()
        self.reached: list[str] = []  # the budgets used up, as the limits line names them
        self.setMinimumSize(520, 420)
        self.summary = QLabel()
        self.limits = QLabel()
        self.limits.setWordWrap(True)
        pg.setConfigOptions(antialias=True, background="w", foreground="#333333")
        self.chart = pg.PlotWidget()
        self.chart.setLabel("left", "USD")
        self.chart.getAxis("left").enableAutoSIPrefix(False)  # no "USD (x0.001)"
        self.chart.hideButtons()
        self.chart.setLabel("bottom", "day")
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.addLegend(offset=(10, 10))
        self.daily = QLineEdit()
        self.daily.setPlaceholderText("no limit")
        self.daily.setToolTip("Most this device may spend on paid islands per day, in US dollars. Empty: no limit.")
        self.monthly = QLineEdit()
        self.monthly.setPlaceholderText("no limit")
        self.monthly.setToolTip("Most this device may spend on paid islands per month, in US dollars. Empty: no limit.")
        self.save_button = QPushButton("Save limits")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.editor = editor = QGroupBox("Limits for all islands together (USD; empty = no limit)")
        form = QFormLayout(editor)
        form.addRow("Daily", self.daily)
        form.addRow("Monthly", self.monthly)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.limits)
        layout.addWidget(self.chart, 1)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        model.loaded.connect(self.show_budgets)
        model.failed.connect(self._failed)
        model.saved.connect(self._saved)
        self.save_button.clicked.connect(self.save)

    def _failed(self, message: str) -> None:
        self.message.setText(f"✗ {friendly_error(message)}")

    def _saved(self, _: object) -> None:
        self.kept.accept_next()
        self.message.setText("✓ saved")

    def set_connected(self, connected: bool) -> None:
        """Read-only while the daemon is away: the figures stay, the editor is locked (text kept)."""
        self.editor.setEnabled(connected)

    def show_budgets(self, data: dict[str, Any]) -> None:
        self.summary.setText(f"Spent today ${data['spent_today_usd']:.4f} · this month ${data['spent_month_usd']:.4f}")
        rows: list[str] = []
        reached: list[str] = []
        for b in data["budgets"]:
            scope = "all islands" if b["scope"] == "*" else b["scope"]
            row = f"{scope} per {b['period']}: ${b['spent_usd']:.4f} of {money(b['limit_usd'])}"
            if b["spent_usd"] >= b["limit_usd"]:
                row += " — limit reached"
                reached.append(f"{scope} per {b['period']}")
            rows.append(row)
        if reached:
            rows.append(
                "Limit reached ("
                + ", ".join(reached)
                + "): paid islands are not used until the period ends or the limit is raised."
            )
        self.limits.setText("\n".join(rows) if rows else "No limits set.")
        self.limits.setStyleSheet("color: #b3261e;" if reached else "")
        self.reached = reached
        global_limits = {b["period"]: b["limit_usd"] for b in data["budgets"] if b["scope"] == "*"}
        kept = not self.kept.put(self.daily, "" if "day" not in global_limits else plain_number(global_limits["day"]))
        kept |= not self.kept.put(
            self.monthly, "" if "month" not in global_limits else plain_number(global_limits["month"])
        )
        self.kept.done()
        if kept and not self.message.text().startswith("✗"):
            self.message.setText("Your changes to the limits are not saved yet.")
        self._chart(data["by_day"], global_limits.get("day"))

    def _chart(self, by_day: list[dict[str, Any]], daily_limit: float | None) -> None:
        self.chart.clear()
        today = dt.date.today()
        days = [today - dt.timedelta(days=n) for n in range(29, -1, -1)]
        index = {d.isoformat(): i for i, d in enumerate(days)}
        per_island: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(days))
        for row in by_day:
            if row["day"] in index:
                per_island[str(row["island"])][index[row["day"]]] += float(row["usd"])
        base = [0.0] * len(days)
        for n, (island, values) in enumerate(sorted(per_island.items())):
            colour = PALETTE[n % len(PALETTE)]
            bars = pg.BarGraphItem(x=list(range(len(days))), height=values, y0=list(base), width=0.7, brush=colour)
            self.chart.addItem(bars)
            self.chart.plot([], [], pen=pg.mkPen(colour, width=6), name=island)  # legend entry
            base = [b + v for b, v in zip(base, values, strict=True)]
        if daily_limit is not None:
            label = f"daily limit {money(daily_limit)}"
            self.chart.addItem(pg.InfiniteLine(pos=daily_limit, angle=0, pen=pg.mkPen("#d93025"), label=label))
        ticks = [(i, d.strftime("%d %b")) for i, d in enumerate(days) if i % 5 == 4]
        self.chart.getAxis("bottom").setTicks([ticks])
        self.chart.setXRange(-0.6, len(days) - 0.4, padding=0.0)
        top = max([*base, daily_limit or 0.0, 0.01])
        self.chart.setYRange(0.0, top * 1.15, padding=0.0)

    def save(self) -> None:
        try:
            table = {
                "daily_usd": optional_number(self.daily, "Daily"),
                "monthly_usd": optional_number(self.monthly, "Monthly"),
            }
        except FormError as exc:
            self._failed(str(exc))
            return
        self.message.setText("saving…")
        self.model.save({k: v for k, v in table.items() if v is not None})
