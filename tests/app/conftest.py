"""The tray app's tests: offscreen Qt against a real daemon (``islandrun serve --port 0`` in a
subprocess with its own config/data/runtime dirs), shared by the whole tests/app session.

The daemon's config has a cloud island and a burstable threshold of 1.0, so a *burstable*
request above *public* always wants to leave the device and waits for approval: the approval
path is deterministic without touching the machine's real load. The CPU probe is off for the
same reason (four agents share two cores here).
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import pytest
from daemon.conftest import Daemon as DaemonProcess

from islandrun.core.daemon.instance import DaemonInfo

if TYPE_CHECKING:
    from islandrun.app.api import ApiClient
    from islandrun.app.viewmodels import DaemonModel
    from islandrun.app.window import PanelsWindow

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))

CONFIG = """
[engine]
n_ctx = 2048
keep_alive_s = -1
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false

[capacity]
disabled = ["cpu"]

[budgets]
daily_usd = 5.0

[policy.thresholds]
burstable = 1.0

[policy.approval]
timeout_s = 30

[[islands]]
id = "cloudy"
name = "Cloudy AI"
kind = "cloud"
endpoint = "http://127.0.0.1:9/v1"
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0
trust.base = 0.9
trust.certification = "iso27001"
trust.jurisdiction = "eu-gdpr"
"""

T = TypeVar("T")


class Daemon(DaemonProcess):
    """The tray tests' daemon (tests/daemon's helper): every start writes the given config."""

    @property
    def config_file(self) -> Path:
        return self.home / "config" / "config.toml"

    @property
    def info(self) -> DaemonInfo:
        return DaemonInfo(self.proc.pid if self.proc else 0, self.port, str(self.socket), "")

    def start(self, config: str = CONFIG, timeout: float = 120.0) -> Daemon:  # type: ignore[override]
        self.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(config)
        super().start(timeout)
        return self

    def http(self) -> httpx.Client:
        """A plain client of the daemon over TCP (what another app would use)."""
        return self.client()


@pytest.fixture(scope="session")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    running = Daemon(tmp_path_factory.mktemp("tray-daemon")).start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _qt_objects_die_on_the_gui_thread(qapp: Any) -> Iterator[None]:
    """Collect what a test made (trays, menus, view-models) on the GUI thread when it ends.

    Left to the cyclic GC, their wrappers could be freed later from any thread — e.g. one of the
    HTTP threads in tests/daemon — and PySide6 then crashes in the next processEvents (seen when
    tests/app and tests/daemon ran in one session)."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop over the test's QApplication (as the tray runs), closed afterwards."""
    from islandrun.app.qt_async import QEventLoop

    qapp.setQuitOnLastWindowClosed(False)  # as the tray runs: a closed dialog must not end the loop
    loop: asyncio.AbstractEventLoop = QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
    asyncio.set_event_loop(None)


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


def panels_window(daemon: Daemon, qtbot: Any) -> tuple[PanelsWindow, ApiClient, DaemonModel]:
    """The tray's panels window over a client of ``daemon`` (the Qt imports wait for the call)."""
    from islandrun.app.api import ApiClient
    from islandrun.app.viewmodels import DaemonModel
    from islandrun.app.window import PanelsWindow

    client = ApiClient(daemon.info)
    model = DaemonModel(client)
    window = PanelsWindow(client, model)
    qtbot.addWidget(window)
    return window, client, model


def idle_tracker(*models: Any) -> Callable[[], bool]:
    """A predicate that is true while none of the panel models (``busyChanged``) has a request in flight.
    A scenario waits for it before it ends: a refresh still in flight when the loop stops running
    resumes outside it ("no running event loop", caught by pytest-qt as an error in the Qt loop)."""
    in_flight = [0]

    def changed(busy: bool) -> None:
        in_flight[0] += 1 if busy else -1

    for model in models:
        model.busyChanged.connect(changed)
    return lambda: in_flight[0] <= 0


async def until(predicate: Any, timeout: float = 20.0, what: str = "condition") -> None:
    """Wait (letting Qt and asyncio run) until ``predicate()`` is true."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def burstable_chat(daemon: Daemon, sensitivity: str = "internal") -> httpx.Response:
    """A burstable request above *public*: it wants the cloud island, so it waits for approval."""
    with daemon.http() as http:
        return http.post(
            "/v1/chat/completions",
            json={"model": "default", "max_tokens": 4, "messages": [{"role": "user", "content": "Say hi."}]},
            headers={"X-IslandRun-Tier": "burstable", "X-IslandRun-Sensitivity": sensitivity},
        )
