"""What the tray's event loop was doing during each stall, and whether it was waiting for a CPU.

Used by ``bench_ui_latency.py`` (``--trace FILE``). Two sources, both Linux-only:

- **the main thread's scheduler counters** (``/proc/self/task/<tid>/schedstat``: time on a CPU and
  time runnable but waiting for one, in ns), read at every tick of the stall monitor. For a late
  tick the deltas since the previous tick split the gap into *ran* (the loop was busy in our own
  code), *waited for a CPU* (runnable, not running: another process had the cores) and the rest
  (asleep: a lock, the GIL, or simply the timer's own interval);
- **a watchdog thread** that, while a tick is overdue (``threshold_ms``), samples the main thread's
  Python stack (``sys._current_frames``) and its scheduler state (R = running or runnable, S =
  sleeping) every few ms, and on the first sample of a stall notes how many tasks the whole box has
  runnable (``/proc/loadavg``) and which of the daemon's threads are running (name, nice, state);
  every ~20 ms outside a stall it notes the box's pressure counters (``/proc/pressure``: time some
  task waited for a CPU, for memory, for I/O) and the hypervisor's steal time, so a stall also says
  whether the whole box was starved or the VM itself was paused.

Both cost microseconds per tick; the watchdog holds the GIL only while it samples.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Stall", "StallTracer", "summarize"]


def _schedstat(fd: int) -> tuple[int, int]:
    """(ns on a CPU, ns runnable but waiting for one) of the thread whose schedstat ``fd`` is."""
    ran, waited, _ = os.pread(fd, 128, 0).split()
    return int(ran), int(waited)


def _box_counters() -> dict[str, float]:
    """Cumulative ms: some task waiting for a CPU / memory / I/O (PSI), and stolen by the hypervisor."""
    out: dict[str, float] = {}
    for what in ("cpu", "memory", "io"):
        try:
            first = Path(f"/proc/pressure/{what}").read_text().split("\n", 1)[0]
            out[f"psi_{what}"] = int(first.rsplit("total=", 1)[1]) / 1000
        except (OSError, IndexError, ValueError):
            pass
    with open("/proc/stat", "rb") as f:
        cpu = f.read(256).split(b"\n", 1)[0].split()
    out["steal"] = int(cpu[8]) * 1000 / os.sysconf("SC_CLK_TCK")
    return out


def _thread_stat(path: str) -> tuple[str, str, int, int]:
    """(name, state, nice, utime+stime in clock ticks) from a /proc task's ``stat``."""
    with open(path, "rb") as f:
        raw = f.read().decode()
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2 :].split()
    # fields after the name, counted from 3 (state): utime 14, stime 15, nice 19
    return name, rest[0], int(rest[16]), int(rest[11]) + int(rest[12])


@dataclass
class Stall:
    at: float  # time.monotonic() of the late tick (CLOCK_MONOTONIC: `perf record -k CLOCK_MONOTONIC` agrees)
    late_ms: float
    ran_ms: float  # the loop's thread on a CPU, between the two ticks
    cpu_wait_ms: float  # runnable, waiting for a CPU
    gc_ms: float  # collector passes that ended in the gap
    samples: list[dict[str, object]] = field(default_factory=list)
    box_runnable: int | None = None  # tasks runnable on the whole box at the first sample
    daemon_running: list[str] = field(default_factory=list)  # the daemon's threads in state R
    box: dict[str, float] = field(default_factory=dict)  # _box_counters() deltas (ms) from just before the stall

    @property
    def kind(self) -> str:
        if self.gc_ms >= 0.5 * self.late_ms:
            return "gc"
        if self.cpu_wait_ms >= 0.5 * self.late_ms:
            return "waiting for a CPU"
        if self.ran_ms >= 0.5 * self.late_ms:
            return "busy in the tray"
        return "asleep (lock/GIL/other)"


class StallTracer:
    """Call :meth:`tick` from the monitor's timer (main thread) with each tick's lateness."""

    def __init__(self, threshold_ms: float = 30.0, daemon_pid: int | None = None) -> None:
        self.threshold_ms = threshold_ms
        self.daemon_pid = daemon_pid
        self.main_ident = threading.get_ident()
        self.main_tid = threading.get_native_id()
        self._task = f"/proc/self/task/{self.main_tid}"
        self._fd = os.open(f"{self._task}/schedstat", os.O_RDONLY)
        self._last = _schedstat(self._fd)
        self._last_tick = time.monotonic()
        self._gen = 0
        self._pending: dict[int, list[dict[str, object]]] = {}
        self._context: dict[int, tuple[int | None, list[str]]] = {}
        self._gc_ms = 0.0
        self._baseline = _box_counters()
        self.stalls: list[Stall] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-watchdog", daemon=True)

    def start(self) -> None:
        self._last = _schedstat(self._fd)
        self._last_tick = time.monotonic()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self._fd)

    def add_gc(self, ms: float) -> None:
        self._gc_ms += ms

    def tick(self, late_ms: float) -> None:
        now = _schedstat(self._fd)
        ran, waited = (now[0] - self._last[0]) / 1e6, (now[1] - self._last[1]) / 1e6
        self._last = now
        gen, self._gen = self._gen, self._gen + 1
        self._last_tick = time.monotonic()
        gc_ms, self._gc_ms = self._gc_ms, 0.0
        samples = self._pending.pop(gen, [])
        runnable, daemon = self._context.pop(gen, (None, []))
        if late_ms >= self.threshold_ms:
            base, box = self._baseline, _box_counters()
            delta = {k: round(v - base.get(k, v), 1) for k, v in box.items()}
            self.stalls.append(
                Stall(
                    time.monotonic(),
                    round(late_ms, 1),
                    round(ran, 1),
                    round(waited, 1),
                    round(gc_ms, 1),
                    samples,
                    runnable,
                    daemon,
                    delta,
                )
            )

    # -- the watchdog thread ---------------------------------------------------------------

    def _watch(self) -> None:
        next_baseline = 0.0
        while not self._stop.wait(0.004):
            gen, since = self._gen, (time.monotonic() - self._last_tick) * 1000
            if since < self.threshold_ms:
                if since < 10 and time.monotonic() >= next_baseline:
                    self._baseline = _box_counters()
                    next_baseline = time.monotonic() + 0.02
                continue
            frame = sys._current_frames().get(self.main_ident)
            stack = (
                [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in traceback.extract_stack(frame)[-6:]]
                if frame
                else []
            )
            try:
                _, state, _, _ = _thread_stat(f"{self._task}/stat")
                wchan = Path(f"{self._task}/wchan").read_text() if state != "R" else ""
            except OSError:
                state, wchan = "?", ""
            sample = {"at_ms": round(since, 1), "state": state, "wchan": wchan, "stack": stack}
            self._pending.setdefault(gen, []).append(sample)
            if gen not in self._context:
                self._context[gen] = (self._box_runnable(), self._daemon_running())

    @staticmethod
    def _box_runnable() -> int | None:
        try:
            return int(Path("/proc/loadavg").read_text().split()[3].split("/")[0])
        except (OSError, ValueError, IndexError):
            return None

    def _daemon_running(self) -> list[str]:
        if self.daemon_pid is None:
            return []
        running = []
        try:
            tids = os.listdir(f"/proc/{self.daemon_pid}/task")
        except OSError:
            return []
        for tid in tids:
            try:
                name, state, nice, _ = _thread_stat(f"/proc/{self.daemon_pid}/task/{tid}/stat")
            except OSError:
                continue
            if state == "R":
                running.append(f"{name}(nice {nice})")
        return running

    def write(self, path: Path) -> None:
        with path.open("w") as f:
            for stall in self.stalls:
                f.write(json.dumps({**asdict(stall), "kind": stall.kind}) + "\n")


def summarize(stalls: list[Stall], over_ms: float = 50.0) -> dict[str, object]:
    """How many stalls over ``over_ms`` of each kind, and their summed lateness against the summed
    CPU wait of the loop's thread."""
    big = [s for s in stalls if s.late_ms > over_ms]
    kinds: dict[str, int] = {}
    for s in big:
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
    return {
        f"stalls_over_{over_ms:.0f}ms": len(big),
        "by_kind": kinds,
        "late_ms_sum": round(sum(s.late_ms for s in big), 1),
        "cpu_wait_ms_sum": round(sum(s.cpu_wait_ms for s in big), 1),
        "ran_ms_sum": round(sum(s.ran_ms for s in big), 1),
    }
