"""*Capacity*: the live TIDE chart — this device's capacity C over the last minutes, with each
tier's threshold and its hysteresis band (work leaves below θ and comes back only above θ + margin)
— and where requests went.

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
        self.routes: Counter[str] = Counter()
        self.thresholds: dict[str, float] = {}
        pg.setConfigOptions(antialias=True, background="w", foreground="#333333")
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setYRange(0.0, 1.08, padding=0.0)
        self.plot.setLabel("left", "capacity C")
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.addLegend(offset=(-10, -10))  # bottom right, clear of the threshold labels
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#2e8b57", width=2), name="C (this device)")
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
        for row in data["history"]:
            self.times.append(float(row["at"]))
            self.values.append(float(row["capacity"]))
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
        if event.type == "route":
            self.routes[str(event.data.get("island", "?"))] += 1
            self.went.setText(
                "Where requests went (since the tray started): "
                + ", ".join(f"{k} {v}" for k, v in self.routes.most_common())
            )

    def _redraw(self) -> None:
        if not self.times:
            return
        self.curve.setData(list(self.times), list(self.values))
        end = max(self.times[-1], time.time())
        start = max(self.times[0], end - WINDOW_S)  # up to ten minutes; at least one
        self.plot.setXRange(min(start, end - 60.0), end, padding=0.0)
        c = self.values[-1]
        state = ", ".join(
            f"{tier} {'stays here' if c >= theta else 'may leave'}" for tier, theta in self.thresholds.items()
        )
        self.now.setText(f"Now: C = {c:.2f}" + (f" — {state}" if state else ""))
