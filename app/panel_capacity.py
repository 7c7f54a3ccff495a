"""*Capacity*: the live TIDE chart — this device's capacity C over the last minutes, with each
tier's threshold and its hysteresis band (work leaves below θ and comes back only above θ + margin)
— and where requests went.

The bold curve is the smoothed C the gates read; the raw samples of each instant are drawn
faintly behind it. Which tiers run here is the daemon's word (the ``accepting`` of
``/api/capacity`` and of its ``capacity.*`` events): the tray never recomputes a gate — with the
dwell and the prediction it could not anyway — so inside a hysteresis band the header says what
the daemon does, not what the threshold alone would suggest.

Drawing stays cheap whatever the data does: only the visible window is handed to the curves, a
window denser than the plot can show is reduced to a min/max pair every few pixels (:func:`peak_reduce`),
curves are thin and not antialiased (a noisy, antialiased 2-px polyline was what took ~0.5 s per
redraw), and redraws are coalesced to one per event-loop turn and skipped while the panel is
hidden (it catches up when shown).

pyqtgraph rather than QtCharts: it draws live, appended data cheaply, and it runs on
PySide6-Essentials (QtCharts is only in the much larger PySide6-Addons).
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque
from typing import Any

import numpy as np
import pyqtgraph as pg  # type: ignore[import-untyped]
from numpy.typing import NDArray
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QGraphicsItem, QLabel, QSizePolicy, QVBoxLayout, QWidget

from .events import DaemonEvent
from .viewmodels import CapacityModel

__all__ = ["CapacityPanel", "peak_reduce"]

WINDOW_S = 600.0  # the chart shows the last ten minutes
PX_PER_SLICE = 4  # denser than this a noisy curve is solid ink anyway
STEP_S = 10.0  # the time axis moves on every tenth second, not on every sample
TIER_COLOURS = {"secondary": "#2f6fde", "burstable": "#e0a100"}
C_HELP = (
    "C is this device's spare capacity, from 0 (saturated) to 1 (idle), combined from CPU, memory, "
    "GPU and battery. Primary work always runs here; secondary and burstable work leave when C "
    "falls below their threshold θ."
)
BAND_HELP = (
    "The shaded band above each θ is the hysteresis margin: work that left comes back only once C "
    "is above θ + margin, so a capacity hovering at θ does not send work back and forth."
)

Array = NDArray[np.float64]


def peak_reduce(x: Array, y: Array, columns: int) -> tuple[Array, Array]:
    """At most ``2 * columns`` points that draw the same picture at that width: each of
    ``columns`` equal slices keeps its lowest and its highest sample (spikes survive, nothing is
    averaged)."""
    n = len(x)
    if columns <= 0 or n <= 2 * columns:
        return x, y
    starts = np.unique(np.linspace(0, n, columns, endpoint=False).astype(np.int64))
    lows = np.minimum.reduceat(y, starts)
    highs = np.maximum.reduceat(y, starts)
    ends = np.append(starts[1:], n)
    # each slice: its low and its high at the slice's first and last instants; a slice that
    # ends higher than it began draws its low first
    low_first = y[starts] <= y[ends - 1]
    first_y = np.where(low_first, lows, highs)
    second_y = np.where(low_first, highs, lows)
    out_x = np.empty(2 * len(starts))
    out_y = np.empty(2 * len(starts))
    out_x[0::2], out_x[1::2] = x[starts], x[ends - 1]
    out_y[0::2], out_y[1::2] = first_y, second_y
    return out_x, out_y


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
        self.margin = 0.0
        self.drawn_points = 0  # points handed to the two curves by the last redraw
        self.redraws = 0
        self._range = (0.0, 0.0)
        self.setMinimumSize(560, 360)
        pg.setConfigOptions(background="w", foreground="#333333")
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setYRange(0.0, 1.08, padding=0.0)
        self.plot.setLabel("left", "capacity C")
        self.plot.getAxis("left").setToolTip(C_HELP)
        self.plot.setToolTip(f"{C_HELP}\n\n{BAND_HELP}")
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.addLegend(offset=(-10, -10))  # bottom right, clear of the threshold labels
        for name in ("left", "bottom"):  # the axes repaint from a cached pixmap unless their ticks change
            self.plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        faint = QColor("#bcdac8")  # the curve's green, faded: opaque, so it draws as plain line segments
        self.raw_curve = self._curve(pg.mkPen(faint, width=1), "raw samples")
        self.curve = self._curve(pg.mkPen("#2e8b57", width=1.5), "C (smoothed, what routing uses)")
        self._bands: list[Any] = []
        self.now = QLabel("waiting for the first sample…")
        self.now.setToolTip(f"{C_HELP}\n\n{BAND_HELP}")
        self.now.setWordWrap(True)
        self.now.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.went = QLabel("Where requests went (since the tray started): none yet")
        self.message = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.now)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.went)
        layout.addWidget(self.message)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._redraw)
        model.loaded.connect(self.show_history)
        model.failed.connect(self.message.setText)
        model.sample.connect(self.add_sample)

    def _curve(self, pen: Any, name: str) -> Any:
        curve = self.plot.plot([], [], pen=pen, name=name, antialias=False, skipFiniteCheck=True)
        curve.setClipToView(True)
        curve.curve.setSegmentedLineMode("on")
        return curve

    def show_history(self, data: dict[str, Any]) -> None:
        self.message.setText("")
        for ring in (self.times, self.values, self.raw_times, self.raw_values):
            ring.clear()
        for row in data["history"]:
            self.times.append(float(row["at"]))
            self.values.append(float(row["capacity"]))
            raw = row.get("raw_capacity")
            if raw is not None:
                self.raw_times.append(float(row["at"]))
                self.raw_values.append(float(raw))
        if isinstance(data.get("accepting"), list):
            self.accepting = [str(t) for t in data["accepting"]]
        self._draw_thresholds(data["thresholds"])
        self.schedule()

    def _draw_thresholds(self, thresholds: dict[str, float]) -> None:
        for item in self._bands:
            self.plot.removeItem(item)
        self._bands = []
        self.margin = margin = float(thresholds.get("hysteresis_margin", 0.0))
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
        self.schedule()

    def on_event(self, event: DaemonEvent) -> None:
        if event.type.startswith("capacity."):
            data = event.data
            raw = data.get("raw_capacity")
            if raw is not None and event.type == "capacity.sample":
                self.raw_now = float(raw)
                self.raw_times.append(float(data.get("at", event.ts)))
                self.raw_values.append(self.raw_now)
            accepting = data.get("accepting")
            if isinstance(accepting, list):
                self.accepting = [str(t) for t in accepting]
            self.schedule()
        elif event.type == "route":
            self.routes[str(event.data.get("island", "?"))] += 1
            self.went.setText(
                "Where requests went (since the tray started): "
                + ", ".join(f"{k} {v}" for k, v in self.routes.most_common())
            )

    def schedule(self) -> None:
        """Redraw once the current burst of events is handled (and only if the panel is visible)."""
        if not self._timer.isActive():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.schedule()

    def visible_window(self) -> tuple[float, float] | None:
        """The x range: up to ten minutes, at least one; its right edge moves in steps of
        ``STEP_S`` so that most samples repaint only the curves, not the time axis."""
        if not self.times:
            return None
        end = math.ceil(max(self.times[-1], time.time()) / STEP_S) * STEP_S
        start = max(self.times[0], end - WINDOW_S)
        return min(start, end - 60.0), end

    def _columns(self) -> int:
        """Slices for :func:`peak_reduce`: a low/high pair every ``PX_PER_SLICE`` pixels of plot."""
        return max(50, int(self.plot.getViewBox().width() or 800) // PX_PER_SLICE)

    def _clipped(self, times: deque[float], values: deque[float], start: float) -> tuple[Array, Array]:
        x = np.fromiter(times, dtype=np.float64, count=len(times))
        y = np.fromiter(values, dtype=np.float64, count=len(values))
        first = int(np.searchsorted(x, start, side="left"))
        first = max(0, first - 1)  # keep the line entering from the left edge
        return peak_reduce(x[first:], y[first:], self._columns())

    def _redraw(self) -> None:
        window = self.visible_window()
        if window is None:
            return
        self._header()
        if not self.isVisible():
            return
        start, end = window
        x, y = self._clipped(self.times, self.values, start)
        rx, ry = self._clipped(self.raw_times, self.raw_values, start)
        self.curve.setData(x, y)
        self.raw_curve.setData(rx, ry)
        self.drawn_points = len(x) + len(rx)
        self.redraws += 1
        if (start, end) != self._range:
            self._range = (start, end)
            self.plot.setXRange(start, end, padding=0.0)

    def _header(self) -> None:
        c = self.values[-1]
        raw = f" (raw sample {self.raw_now:.2f})" if self.raw_now is not None else ""
        if self.accepting is None:
            state = "gates: waiting for the daemon"
        else:
            state = "; ".join(self._tier_state(tier, theta, c) for tier, theta in self.thresholds.items())
        self.now.setText(f"Now: C = {c:.2f}{raw} — {state}")

    def _tier_state(self, tier: str, theta: float, c: float) -> str:
        assert self.accepting is not None
        if tier in self.accepting:
            return f"{tier} runs here" + (" (about to leave)" if c < theta else "")
        if c >= theta:  # inside the band, or above it while the dwell runs: the daemon still offloads
            return f"{tier} is offloaded until C > {min(1.0, theta + self.margin):.2f}"
        return f"{tier} is offloaded"
