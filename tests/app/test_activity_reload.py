"""A finished chat reloads the Activity list only while the list is on screen (a reload rebuilt a
200-row table on the tray's event loop after every reply; benchmarks/tray/RESULTS.md)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from islandrun.app.api import ApiClient
from islandrun.app.events import DaemonEvent
from islandrun.app.viewmodels import DaemonModel
from islandrun.app.window import PanelsWindow
from islandrun.core.daemon.instance import DaemonInfo

from .conftest import run


def _finished(n: int) -> DaemonEvent:
    return DaemonEvent(n, "route.finished", time.time(), {"request_id": f"r{n}", "outcome": "ok"})


def test_finished_routes_reload_the_activity_list_only_while_it_is_shown(
    qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    client = ApiClient(DaemonInfo(pid=0, port=0, socket="/nonexistent/islandrun.sock", version="test"))
    window = PanelsWindow(client, DaemonModel(client))
    qtbot.addWidget(window)
    reloads: list[str] = []
    window.activity_model.refresh = lambda: reloads.append("reload")  # type: ignore[method-assign]

    window.activity_model.on_event(_finished(1))  # the window is closed
    assert reloads == []

    window.open_panel("Activity")  # showing the list loads it
    assert reloads == ["reload"]
    window.activity_model.on_event(_finished(2))  # on screen: each finished route reloads it
    window.activity_model.on_event(_finished(3))
    assert reloads == ["reload"] * 3

    window.setCurrentWidget(window.capacity)  # another panel in front: no reloads
    window.activity_model.on_event(_finished(4))
    assert reloads == ["reload"] * 3
    window.setCurrentWidget(window.activity)  # back: loaded again, with everything missed
    assert reloads == ["reload"] * 4

    window.hide()
    window.activity_model.on_event(_finished(5))
    assert reloads == ["reload"] * 4
    run(qloop, client.aclose())
