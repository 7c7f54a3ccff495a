"""What the Capacity chart draws, offscreen, from the daemon's own event shapes: a noisy window
is reduced before drawing (spikes kept), a burst of events costs one redraw, a hidden panel does
not draw, and inside a hysteresis band the header says what the daemon does. (How long a redraw
takes is a benchmark: benchmarks/tray/bench_chart_redraw.py and RESULTS.md.)"""

from __future__ import annotations

import random
import time
from typing import Any

import numpy as np

from islandrun.app.api import ApiClient
from islandrun.app.events import DaemonEvent
from islandrun.app.panel_capacity import CapacityPanel, peak_reduce
from islandrun.app.viewmodels import CapacityModel
from islandrun.core.daemon.instance import DaemonInfo

THRESHOLDS = {"secondary": 0.5, "burstable": 0.7, "hysteresis_margin": 0.1}


def _panel(qtbot: Any) -> CapacityPanel:
    panel = CapacityPanel(CapacityModel(ApiClient(DaemonInfo(0, 0, "/nonexistent.sock", ""))))
    qtbot.addWidget(panel)
    panel.resize(panel.minimumSize())
    return panel


def _noisy(n: int, end: float) -> list[dict[str, float]]:
    rng = random.Random(5)
    return [{"at": end - n + i, "capacity": rng.random(), "raw_capacity": rng.choice([0.0, 1.0])} for i in range(n)]


def _sample(at: float, c: float, accepting: list[str]) -> DaemonEvent:
    return DaemonEvent(1, "capacity.sample", at, {"at": at, "capacity": c, "raw_capacity": c, "accepting": accepting})


def test_peak_reduce_keeps_every_spike_in_fewer_points() -> None:
    x = np.arange(600.0)
    y = np.full(600, 0.5)
    y[[17, 301, 598]] = [0.0, 1.0, 0.02]
    rx, ry = peak_reduce(x, y, 100)
    assert len(rx) == 200
    assert {0.0, 1.0, 0.02} <= set(ry.tolist())
    assert np.all(np.diff(rx) >= 0)  # still in time order
    assert peak_reduce(x[:150], y[:150], 100)[0].shape == (150,)  # sparse enough: drawn as is


def test_a_noisy_window_is_drawn_reduced_and_clipped_to_view(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.show()
    now = time.time()
    history = _noisy(1200, now)  # twenty minutes: the first ten are outside the view
    panel.show_history({"history": history, "thresholds": THRESHOLDS, "accepting": ["primary"]})
    qtbot.waitUntil(lambda: panel.redraws >= 1)
    x, _ = panel.curve.getData()
    start, _ = panel.visible_window() or (0.0, 0.0)
    assert x[0] >= start - 1.0  # clipped to the view (one point may enter from the left edge)
    assert len(x) < 600  # ten minutes of 1 Hz samples, reduced for a plot this wide
    assert panel.drawn_points == len(x) + len(panel.raw_curve.getData()[0])
    raw_y = panel.raw_curve.getData()[1]
    assert set(raw_y.tolist()) == {0.0, 1.0}  # every extreme of the raw samples is still drawn


def test_a_burst_of_events_is_one_redraw_and_a_hidden_panel_draws_nothing(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.show()
    now = time.time()
    panel.show_history({"history": _noisy(600, now), "thresholds": THRESHOLDS, "accepting": ["primary"]})
    qtbot.waitUntil(lambda: panel.redraws >= 1)
    before = panel.redraws
    for k in range(5):
        panel.on_event(_sample(now + k, 0.4, ["primary"]))
        panel.add_sample(now + k, 0.4)
    qtbot.waitUntil(lambda: panel.redraws > before)
    qtbot.wait(50)
    assert panel.redraws == before + 1
    panel.hide()
    for k in range(5, 10):
        panel.on_event(_sample(now + k, 0.4, ["primary"]))
        panel.add_sample(now + k, 0.4)
    qtbot.wait(50)
    assert panel.redraws == before + 1
    assert panel.now.text().startswith("Now: C = 0.40")  # the header still follows
    panel.show()
    qtbot.waitUntil(lambda: panel.redraws == before + 2)  # catches up when shown


def test_inside_the_hysteresis_band_the_header_says_what_the_daemon_does(qtbot: Any) -> None:
    panel = _panel(qtbot)
    panel.show()
    now = time.time()
    panel.show_history({"history": _noisy(60, now), "thresholds": THRESHOLDS, "accepting": None})
    # C rose from below θ secondary (0.5) into its band [0.5, 0.6]: the daemon still offloads
    panel.on_event(_sample(now + 1, 0.55, ["primary"]))
    panel.add_sample(now + 1, 0.55)
    qtbot.waitUntil(lambda: "0.55" in panel.now.text())
    text = panel.now.text()
    assert "secondary is offloaded until C > 0.60" in text
    assert "secondary runs here" not in text and "stays here" not in text
    assert "burstable is offloaded" in text
    panel.on_event(_sample(now + 2, 0.62, ["primary", "secondary"]))
    panel.add_sample(now + 2, 0.62)
    qtbot.waitUntil(lambda: "0.62" in panel.now.text())
    assert "secondary runs here" in panel.now.text()
