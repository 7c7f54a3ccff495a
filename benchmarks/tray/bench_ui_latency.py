"""How long the tray's event loop stalls while capacity fluctuates and a chat streams, and what
the tray costs at rest.

    .venv/bin/python benchmarks/tray/bench_ui_latency.py [--minutes 5] [--chart before|after] [--idle-s 60]

What runs: a real daemon (``islandrun serve`` with its own temporary config/data/runtime dirs,
its embedded model, the CPU probe off so the daemon's own capacity is steady) and, in this
process, the real tray (``TrayApp``: the event feed, the menu, the panels window open on the
Capacity chart) on the qasync loop, offscreen.

Fluctuating capacity is **synthetic**: every second a ``capacity.sample`` event with a bursty C
(jumping between 0.05 and 0.95, raw and smoothed) is handed to the tray's ``DaemonModel`` exactly
as one from the feed would be (the real feed runs alongside). A streaming chat is POSTed to the
daemon meanwhile, one after another, read chunk by chunk on the same loop (as a chat window
would).

The stall monitor is a QTimer every 5 ms; a stall is how late a tick comes. Then the window is
hidden and the tray idles for ``--idle-s``: its CPU (psutil, this process) and RSS.
``--chart before`` swaps in the Capacity panel at git HEAD (benchmarks/tray/legacy.py).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
import psutil
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication

CONFIG = """
[server]
port = 0

[engine]
n_ctx = 2048
keep_alive_s = -1
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false

[capacity]
disabled = ["cpu"]
"""


class StallMonitor:
    def __init__(self, interval_ms: int = 5) -> None:
        self.interval = interval_ms
        self.lateness: list[float] = []
        self.gc_pauses: list[float] = []
        self._gc_started: float | None = None
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.timer.start()
        gc.callbacks.append(self._gc)

    def stop(self) -> None:
        self.timer.stop()
        gc.callbacks.remove(self._gc)

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        """Each garbage-collector pass and how long it held the loop (a stall's usual suspect)."""
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif self._gc_started is not None:
            self.gc_pauses.append((time.perf_counter() - self._gc_started) * 1000)
            self._gc_started = None

    def _tick(self) -> None:
        elapsed = self.clock.nsecsElapsed() / 1e6
        self.clock.restart()
        self.lateness.append(max(0.0, elapsed - self.interval))

    def report(self) -> dict[str, float]:
        late = sorted(self.lateness)
        pauses = sorted(self.gc_pauses)
        return {
            "gc_passes": len(pauses),
            "gc_max_ms": pauses[-1] if pauses else 0.0,
            "gc_over_20ms": sum(1 for v in pauses if v > 20),
            "ticks": len(late),
            "max_ms": late[-1] if late else 0.0,
            "p99_ms": late[int(len(late) * 0.99)] if late else 0.0,
            "median_ms": statistics.median(late) if late else 0.0,
            "over_50ms": sum(1 for v in late if v > 50),
            "over_200ms": sum(1 for v in late if v > 200),
        }


def start_daemon(home: Path) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    env = dict(os.environ)
    env.pop("ISLANDRUN_CONFIG", None)
    env.update(
        ISLANDRUN_CONFIG_DIR=str(home / "config"),
        ISLANDRUN_DATA_DIR=str(home / "data"),
        ISLANDRUN_RUNTIME_DIR=str(home / "run"),
        ISLANDRUN_DISCOVERY="off",
    )
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(CONFIG)
    islandrun = Path(sys.executable).with_name("islandrun")
    log = open(home / "daemon.log", "wb")  # noqa: SIM115 (lives as long as the daemon)
    proc = subprocess.Popen([str(islandrun), "serve", "--port", "0"], env=env, stdout=log, stderr=log)
    os.environ.update({k: v for k, v in env.items() if k.startswith("ISLANDRUN_")})
    return proc, env


async def chat_forever(stop: asyncio.Event, counts: dict[str, int]) -> None:
    from islandrun.core.daemon.instance import read_info, read_token

    info = read_info()
    assert info is not None
    headers = {"Authorization": f"Bearer {read_token()}"}
    body = {
        "model": "default",
        "stream": True,
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Tell me about islands and the sea, briefly."}],
    }
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{info.port}", headers=headers, timeout=300) as http:
        while not stop.is_set():
            async with http.stream("POST", "/v1/chat/completions", json=body) as response:
                async for line in response.aiter_lines():
                    if line.startswith("data:") and "[DONE]" not in line:
                        counts["chunks"] += 1
            counts["chats"] += 1


async def scenario(args: argparse.Namespace) -> dict[str, object]:
    from islandrun.app.events import DaemonEvent
    from islandrun.app.lifecycle import early_client
    from islandrun.app.main import TrayApp, settle_memory
    from islandrun.app.state import TrayState

    app = TrayApp(early_client(), notifications=False, start_timeout=300)
    if args.chart == "before":
        from legacy import load_app_module

        legacy = load_app_module("panel_capacity").CapacityPanel(app.window.capacity_model)
        app.window.removeTab(0)
        app.window.insertTab(0, legacy, "Capacity")
        app.window.capacity_model.sample.disconnect(app.window.capacity.add_sample)
        app.daemon.eventReceived.disconnect(app.window.capacity.on_event)
        app.daemon.eventReceived.connect(legacy.on_event)
    app.start()
    if not args.no_settle:
        settle_memory()  # as islandrun-tray's main does right after start
    deadline = time.monotonic() + 300
    while app.daemon.state is not TrayState.LOCAL and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    app.window.resize(880, 600)
    app.window.open_panel("Capacity")
    await asyncio.sleep(3)

    rng = random.Random(11)
    smooth = 0.6
    stop = asyncio.Event()
    counts = {"chunks": 0, "chats": 0}
    chat = asyncio.get_running_loop().create_task(chat_forever(stop, counts))
    monitor = StallMonitor()
    monitor.start()
    process = psutil.Process()
    process.cpu_percent()
    end = time.monotonic() + args.minutes * 60
    n = 0
    while time.monotonic() < end:
        raw = rng.choice([0.05, 0.2, 0.5, 0.8, 0.95]) + rng.uniform(-0.05, 0.05)
        smooth = 0.6 * smooth + 0.4 * raw
        now = time.time()
        accepting = ["primary"] + (["secondary"] if smooth > 0.55 else []) + (["burstable"] if smooth > 0.75 else [])
        data = {"at": now, "capacity": smooth, "raw_capacity": raw, "accepting": accepting}
        app.daemon._on_event(DaemonEvent(10_000_000 + n, "capacity.sample", now, data))
        n += 1
        await asyncio.sleep(1.0)
    busy_cpu = process.cpu_percent()
    monitor.stop()
    stop.set()
    chat.cancel()
    await asyncio.gather(chat, return_exceptions=True)
    stalls = monitor.report()

    app.window.hide()  # at rest: the tray icon and the feed only (the daemon's real 1 Hz samples)
    await asyncio.sleep(5)
    process.cpu_percent()
    await asyncio.sleep(args.idle_s)
    idle_cpu = process.cpu_percent()
    rss_mb = process.memory_info().rss / 2**20
    await app.aclose()
    return {
        "chart": args.chart,
        "settle_memory": not args.no_settle,
        "minutes": args.minutes,
        "capacity_events": n,
        "chats": counts["chats"],
        "chunks": counts["chunks"],
        "stalls": stalls,
        "cpu_during_%": busy_cpu,
        "idle_cpu_%": idle_cpu,
        "rss_mb": round(rss_mb, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--chart", choices=("before", "after"), default="after")
    parser.add_argument("--idle-s", type=float, default=60.0)
    parser.add_argument("--no-settle", action="store_true", help="skip main's settle_memory() (gc.freeze), to compare")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="islandrun-ui-bench-"))
    daemon, _ = start_daemon(home)
    qt_app = QApplication(sys.argv[:1])
    qt_app.setQuitOnLastWindowClosed(False)
    from islandrun.app.qt_async import QEventLoop

    loop = QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            result = loop.run_until_complete(scenario(args))
    finally:
        daemon.terminate()
        daemon.wait(60)
    print(result)


if __name__ == "__main__":
    main()
