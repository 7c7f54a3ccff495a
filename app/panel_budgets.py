"""*Budgets*: the limits, what was spent today and this month, spend by day and island as a
chart, and an editor for the global daily and monthly limits (``PUT /api/budgets``)."""

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

from .forms import FormError, optional_number
from .viewmodels import BudgetsModel

__all__ = ["BudgetsPanel"]

PALETTE = ["#2f6fde", "#e0a100", "#2e8b57", "#8e44ad", "#d93025", "#1f7a8c"]


class BudgetsPanel(QWidget):
    def __init__(self, model: BudgetsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.summary = QLabel()
        self.limits = QLabel()
        self.limits.setWordWrap(True)
        pg.setConfigOptions(antialias=True, background="w", foreground="#333333")
        self.chart = pg.PlotWidget()
        self.chart.setLabel("left", "USD")
        self.chart.setLabel("bottom", "day")
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.addLegend(offset=(10, 10))
        self.daily = QLineEdit()
        self.daily.setPlaceholderText("no limit")
        self.monthly = QLineEdit()
        self.monthly.setPlaceholderText("no limit")
        self.save_button = QPushButton("Save limits")
        self.message = QLabel()
        self.message.setWordWrap(True)
        editor = QGroupBox("Limits for all islands together (USD; empty = no limit)")
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
        model.saved.connect(lambda _: self.message.setText("✓ saved"))
        self.save_button.clicked.connect(self.save)

    def _failed(self, message: str) -> None:
        self.message.setText(f"✗ {message}")

    def show_budgets(self, data: dict[str, Any]) -> None:
        self.summary.setText(f"Spent today ${data['spent_today_usd']:.4f} · this month ${data['spent_month_usd']:.4f}")
        rows = [
            f"{'all islands' if b['scope'] == '*' else b['scope']} per {b['period']}: "
            f"${b['spent_usd']:.4f} of ${b['limit_usd']:.2f}"
            for b in data["budgets"]
        ]
        self.limits.setText("\n".join(rows) if rows else "No limits set.")
        global_limits = {b["period"]: b["limit_usd"] for b in data["budgets"] if b["scope"] == "*"}
        self.daily.setText("" if "day" not in global_limits else f"{global_limits['day']:g}")
        self.monthly.setText("" if "month" not in global_limits else f"{global_limits['month']:g}")
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
            self.chart.addItem(pg.InfiniteLine(pos=daily_limit, angle=0, pen=pg.mkPen("#d93025"), label="daily limit"))
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
