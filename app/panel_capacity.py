"""*Capacity*: the live TIDE chart — this device's capacity C over the last minutes, with each
tier's threshold and its hysteresis band (work leaves below θ and comes back only above θ + margin)
— and where requests went.

The bold curve is the smoothed C the gates read; the raw samples of each instant are drawn
faintly behind it. Which tiers run here is the daemon's word (the ``accepting`` of its
``capacity.sample`` events): the tray never recomputes a gate — with the dwell and the
prediction it could not anyway.

pyqtgraph rather than QtCharts: it draws live, appended data cheaply, and it runs on
PySide6-Essentials (QtCharts is only in the much larger PySide6-Addons).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from typing import Any

import pyqtgraph as pg  # type: ignore[import-untyped]
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .events import DaemonEvent
from .viewmodels import CapacityModel

__all__ = ["CapacityPanel"]

WINDOW_S = 600.0  # the chart shows the last ten minutes
TIER_COLOURS = {"secondary": "#2f6fde", "burstable": "#e0a100"}


class CapacityPanel(QWidget):
    def __init__(self, model: CapacityModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.times: deque[float] = deque(maxlen=int(WINDOW_S * 2))
        self.values: deque[float] = deque(maxlen=int(WINDOW_S * 2))
        self.raw_times: deque[float] = deque(maxlen=int(WINDOW_S * 2))
        self.raw_values: deque[float] = deque(maxlen=int(WINDOW_S * 2))
        self.accepting: list[str] | None = None  # tiers the daemon runs here now (None: not told yet)
        self.raw_now: float | None = None
        self.routes: Counter[str] = Counter()
        self.thresholds: dict[str, float] = {}
        pg.setConfigOptions(antialias=True, background="w", foreground="#333333")
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setYRange(0.0, 1.08, padding=0.0)
        self.plot.setLabel("left", "capacity C")
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.addLegend(offset=(-10, -10))  # bottom right, clear of the threshold labels
        faint = QColor("#2e8b57")
        faint.setAlpha(70)
        self.raw_curve = self.plot.plot([], [], pen=pg.mkPen(faint, width=1), name="raw samples")
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#2e8b57", width=2), name="C (smoothed, what routing uses)")
        self._bands: list[Any] = []
        self.now = QLabel("waiting for the first sample…")
        self.went = QLabel("Where requests went (since the tray started): none yet")
        self.message = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.now)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.went)
        layout.addWidget(self.message)
        model.loaded.connect(self.show_history)
        model.failed.connect(self.message.setText)
        model.sample.connect(self.add_sample)

    def show_history(self, data: dict[str, Any]) -> None:
        self.message.setText("")
        self.times.clear()
        self.values.clear()
        self.raw_times.clear()
        self.raw_values.clear()
        for row in data["history"]:
            self.times.append(float(row["at"]))
            self.values.append(float(row["capacity"]))
            raw = row.get("raw_capacity")
            if raw is not None:
                self.raw_times.append(float(row["at"]))
                self.raw_values.append(float(raw))
        self._draw_thresholds(data["thresholds"])
        self._redraw()

    def _draw_thresholds(self, thresholds: dict[str, float]) -> None:
        for item in self._bands:
            self.plot.removeItem(item)
        self._bands = []
        margin = float(thresholds.get("hysteresis_margin", 0.0))
        self.thresholds = {"secondary": float(thresholds["secondary"]), "burstable": float(thresholds["burstable"])}
        for tier, theta in self.thresholds.items():
            colour = QColor(TIER_COLOURS[tier])
            line = pg.InfiniteLine(
                pos=theta,
                angle=0,
                pen=pg.mkPen(colour, width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine),
                label=f"θ {tier} {theta:.2f}",
                labelOpts={"position": 0.06, "color": colour, "anchors": [(0, 0), (0, 0)]},
            )
            fill = QColor(colour)
            fill.setAlpha(40)
            band = pg.LinearRegionItem(
                values=(theta, min(1.0, theta + margin)),
                orientation="horizontal",
                brush=pg.mkBrush(fill),
                pen=pg.mkPen(None),
                movable=False,
            )
            for item in (band, line):
                self.plot.addItem(item)
                self._bands.append(item)

    def add_sample(self, at: float, capacity: float) -> None:
        self.times.append(at)
        self.values.append(capacity)
        self._redraw()

    def on_event(self, event: DaemonEvent) -> None:
        if event.type == "capacity.sample":
            data = event.data
            raw = data.get("raw_capacity")
            if raw is not None:
                self.raw_now = float(raw)
                self.raw_times.append(float(data.get("at", event.ts)))
                self.raw_values.append(self.raw_now)
            accepting = data.get("accepting")
            if isinstance(accepting, list):
                self.accepting = [str(t) for t in accepting]
            self._redraw()
        elif event.type == "route":
            self.routes[str(event.data.get("island", "?"))] += 1
            self.went.setText(
                "Where requests went (since the tray started): "
                + ", ".join(f"{k} {v}" for k, v in self.routes.most_common())
            )

    def _redraw(self) -> None:
        if not self.times:
            return
        self.curve.setData(list(self.times), list(self.values))
        self.raw_curve.setData(list(self.raw_times), list(self.raw_values))
        end = max(self.times[-1], time.time())
        start = max(self.times[0], end - WINDOW_S)  # up to ten minutes; at least one
        self.plot.setXRange(min(start, end - 60.0), end, padding=0.0)
        c = self.values[-1]
        raw = f" (raw sample {self.raw_now:.2f})" if self.raw_now is not None else ""
        if self.accepting is None:
            state = "gates: waiting for the daemon"
        else:
            state = ", ".join(
                f"{tier} {'runs here' if tier in self.accepting else 'is offloaded'}" for tier in self.thresholds
            )
        self.now.setText(f"Now: C = {c:.2f}{raw} — {state}")
