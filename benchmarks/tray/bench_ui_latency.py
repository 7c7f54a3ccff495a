"""How long the tray's event loop stalls while capacity fluctuates and a chat streams, and what
the tray costs at rest.

    .venv/bin/python benchmarks/tray/bench_ui_latency.py [--minutes 5] [--chart before|after] [--idle-s 60]
        [--trace stalls.jsonl] [--worker-nice N]

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

``--trace FILE`` writes one line per stall of 30 ms or more: how much of it the loop's thread ran,
how much it waited for a CPU, its sampled stack, and which of the daemon's threads were running
(``stall_trace.py``). ``--worker-nice N`` sets the daemon's ``[engine] worker_nice`` (the nice of
its generation threads); ``--alternate-s S`` switches those threads between nice 0 and that value
every S seconds (as root) and reports stalls and speed per setting, so both come from the same
minutes on a shared box. The run also reports the chats' decode speed (completion tokens after the
first streamed piece per second, median over the chats), since that is what a lower priority costs.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import gc
import json
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
from stall_trace import StallTracer, summarize

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
    def __init__(self, interval_ms: int = 5, tracer: StallTracer | None = None) -> None:
        self.interval = interval_ms
        self.tracer = tracer
        self.lateness: list[float] = []
        self.at: list[float] = []  # time.monotonic() of each tick
        self.gc_pauses: list[float] = []
        self._gc_started: float | None = None
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        if self.tracer is not None:
            self.tracer.start()
        self.clock.start()
        self.timer.start()
        gc.callbacks.append(self._gc)

    def stop(self) -> None:
        self.timer.stop()
        gc.callbacks.remove(self._gc)
        if self.tracer is not None:
            self.tracer.stop()

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        """Each garbage-collector pass and how long it held the loop (a stall's usual suspect)."""
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif self._gc_started is not None:
            self.gc_pauses.append((time.perf_counter() - self._gc_started) * 1000)
            if self.tracer is not None:
                self.tracer.add_gc(self.gc_pauses[-1])
            self._gc_started = None

    def _tick(self) -> None:
        elapsed = self.clock.nsecsElapsed() / 1e6
        self.clock.restart()
        self.lateness.append(max(0.0, elapsed - self.interval))
        self.at.append(time.monotonic())
        if self.tracer is not None:
            self.tracer.tick(self.lateness[-1])

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


def start_daemon(home: Path, worker_nice: int | None) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    env = dict(os.environ)
    env.pop("ISLANDRUN_CONFIG", None)
    env.update(
        ISLANDRUN_CONFIG_DIR=str(home / "config"),
        ISLANDRUN_DATA_DIR=str(home / "data"),
        ISLANDRUN_RUNTIME_DIR=str(home / "run"),
        ISLANDRUN_DISCOVERY="off",
    )
    (home / "config").mkdir(parents=True)
    nice = f"worker_nice = {worker_nice}\n" if worker_nice is not None else ""
    (home / "config" / "config.toml").write_text(CONFIG.replace("[engine]\n", f"[engine]\n{nice}"))
    islandrun = Path(sys.executable).with_name("islandrun")
    log = open(home / "daemon.log", "wb")  # noqa: SIM115 (lives as long as the daemon)
    proc = subprocess.Popen([str(islandrun), "serve", "--port", "0"], env=env, stdout=log, stderr=log)
    os.environ.update({k: v for k, v in env.items() if k.startswith("ISLANDRUN_")})
    return proc, env


async def chat_forever(stop: asyncio.Event, counts: dict[str, int], speeds: list[tuple[float, float]]) -> None:
    from islandrun.core.daemon.instance import read_info, read_token

    info = read_info()
    assert info is not None
    headers = {"Authorization": f"Bearer {read_token()}"}
    body = {
        "model": "default",
        "stream": True,
        "max_tokens": 64,
        "stream_options": {"include_usage": True},
        "messages": [{"role": "user", "content": "Tell me about islands and the sea, briefly."}],
    }
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{info.port}", headers=headers, timeout=300) as http:
        while not stop.is_set():
            first = last = 0.0
            tokens = 0
            async with http.stream("POST", "/v1/chat/completions", json=body) as response:
                async for line in response.aiter_lines():
                    if line.startswith("data:") and "[DONE]" not in line:
                        chunk = json.loads(line[5:])
                        counts["chunks"] += 1 if chunk["choices"] else 0  # not the usage-only chunk
                        if chunk.get("usage"):
                            tokens = chunk["usage"]["completion_tokens"]
                        if chunk["choices"] and chunk["choices"][0]["delta"].get("content"):
                            last = time.perf_counter()
                            first = first or last
            counts["chats"] += 1
            if tokens > 8 and last > first:
                speeds.append((last, (tokens - 1) / (last - first)))  # decode tokens/s after the first piece


def engine_threads(daemon_pid: int) -> list[int]:
    """The daemon's threads running below its own priority: the engine's workers and llama.cpp's."""
    main = os.getpriority(os.PRIO_PROCESS, daemon_pid)
    tids = [int(t) for t in os.listdir(f"/proc/{daemon_pid}/task")]
    return [t for t in tids if os.getpriority(os.PRIO_PROCESS, t) > main]


async def alternate(daemon_pid: int, seconds: float, segments: list[tuple[float, int]], stop: asyncio.Event) -> None:
    """Every ``seconds``, switch the engine's threads between nice 0 and their configured nice, so both
    settings are measured in the same minutes (lowering a nice takes CAP_SYS_NICE: run as root)."""
    await asyncio.sleep(10)  # the first chats have started the engine's threads
    tids = engine_threads(daemon_pid)
    configured = os.getpriority(os.PRIO_PROCESS, tids[0])
    i = 0
    while not stop.is_set():
        nice = (0, configured)[i % 2]
        for tid in tids:
            os.setpriority(os.PRIO_PROCESS, tid, nice)
        segments.append((time.monotonic(), nice))
        i += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)


def by_nice(
    monitor: StallMonitor, speeds: list[tuple[float, float]], segments: list[tuple[float, int]]
) -> dict[int, dict[str, float]]:
    """Stalls and decode speed of the segments at each nice (a chat counts where it finished)."""
    starts = [t for t, _ in segments]

    def nice_at(t: float) -> int | None:
        i = bisect.bisect_right(starts, t) - 1
        return segments[i][1] if i >= 0 else None

    out: dict[int, dict[str, float]] = {}
    for nice in sorted({n for _, n in segments}):
        late = sorted(v for t, v in zip(monitor.at, monitor.lateness, strict=True) if nice_at(t) == nice)
        tps = [v for t, v in speeds if nice_at(t) == nice]
        out[nice] = {
            "seconds": round(len(late) * monitor.interval / 1000, 0),
            "max_ms": round(late[-1], 1) if late else 0.0,
            "p99_ms": round(late[int(len(late) * 0.99)], 1) if late else 0.0,
            "over_50ms": sum(1 for v in late if v > 50),
            "over_200ms": sum(1 for v in late if v > 200),
            "chats": len(tps),
            "decode_tokens_per_s_median": round(statistics.median(tps), 1) if tps else 0.0,
        }
    return out


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
    speeds: list[tuple[float, float]] = []
    chat = asyncio.get_running_loop().create_task(chat_forever(stop, counts, speeds))
    await asyncio.sleep(1)  # the bench's own HTTP client (its TLS context: ~40 ms) is made before the monitor starts
    tracer = StallTracer(daemon_pid=args.daemon_pid) if args.trace else None
    monitor = StallMonitor(tracer=tracer)
    load_before = os.getloadavg()
    monitor.start()
    process = psutil.Process()
    process.cpu_percent()
    end = time.monotonic() + args.minutes * 60
    segments: list[tuple[float, int]] = []  # (start, nice of the engine's threads) with --alternate-s
    toggler = (
        asyncio.get_running_loop().create_task(alternate(args.daemon_pid, args.alternate_s, segments, stop))
        if args.alternate_s
        else None
    )
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
    load_after = os.getloadavg()
    monitor.stop()
    stop.set()
    chat.cancel()
    await asyncio.gather(chat, return_exceptions=True)
    stalls = monitor.report()
    if toggler is not None:
        await asyncio.gather(toggler, return_exceptions=True)
        stalls["by_nice"] = by_nice(monitor, speeds, segments)
    traced = {}
    if tracer is not None:
        tracer.write(Path(args.trace))
        traced = summarize(tracer.stalls)

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
        "worker_nice": args.worker_nice,
        "pids": {"tray": os.getpid(), "daemon": args.daemon_pid},
        "decode_tokens_per_s_median": round(statistics.median(v for _, v in speeds), 1) if speeds else None,
        "loadavg_before": [round(v, 2) for v in load_before],
        "loadavg_after": [round(v, 2) for v in load_after],
        "stalls": stalls,
        "traced": traced,
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
    parser.add_argument("--trace", help="write each stall of 30 ms or more (what the loop did) to this JSON-lines file")
    parser.add_argument("--worker-nice", type=int, help="the daemon's [engine] worker_nice (default: its own default)")
    parser.add_argument(
        "--alternate-s", type=float, help="switch the engine's threads between nice 0 and worker_nice every S seconds"
    )
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="islandrun-ui-bench-"))
    daemon, _ = start_daemon(home, args.worker_nice)
    args.daemon_pid = daemon.pid
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
