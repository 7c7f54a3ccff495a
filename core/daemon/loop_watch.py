"""A watchdog for the daemon's event loop: says when something blocked it, and where.

Every request, the event feed, the capacity monitor and the listeners share one event loop; a blocking
call on it (a SQLite write, a detection over a huge text, a file read) stalls all of them. A task on
the loop stamps a heartbeat every ``interval``; a thread checks the stamp, and when it is older than
``threshold`` it logs one warning per stall with the loop thread's stack at that moment — the call that
blocks. On with ``ISLANDRUN_LOOP_WATCH_MS`` (the stall in milliseconds that counts; the test suite sets
it for every daemon it starts, and tests/daemon/test_loop_watch.py fails on any warning); off by default.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import threading
import time
import traceback

__all__ = ["BLOCKED", "WATCHING", "LoopWatch", "from_env"]

log = logging.getLogger(__name__)

BLOCKED = "event loop blocked"  # the warning's first words, for whoever reads the log
WATCHING = "event-loop watchdog on"  # said once when it starts


class LoopWatch:
    def __init__(self, threshold_s: float, interval_s: float = 0.02) -> None:
        self.threshold_s = threshold_s
        self.interval_s = interval_s
        self.stalls = 0
        self._beat = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop_thread = threading.get_ident()

    async def __aenter__(self) -> LoopWatch:
        # A debugging aid someone turned on: said once, at the level the stalls will be reported at.
        log.warning(
            "%s: stalls of %.0f ms or more will be logged with the call that blocks", WATCHING, self.threshold_s * 1000
        )
        self._loop_thread = threading.get_ident()
        self._beat = time.monotonic()
        self._task = asyncio.create_task(self._heartbeat(), name="islandrun-loop-watch")
        self._thread = threading.Thread(target=self._watch, name="islandrun-loop-watch", daemon=True)
        self._thread.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._thread is not None:
            self._thread.join(timeout=1.0)

    async def _heartbeat(self) -> None:
        while True:
            self._beat = time.monotonic()
            await asyncio.sleep(self.interval_s)

    def _watch(self) -> None:
        reported = 0.0  # the heartbeat a warning was given for (one warning per stall)
        while not self._stop.wait(self.interval_s):
            beat = self._beat
            late = time.monotonic() - beat - self.interval_s
            if late < self.threshold_s or beat == reported:
                continue
            reported = beat
            self.stalls += 1
            frame = sys._current_frames().get(self._loop_thread)
            where = "".join(traceback.format_stack(frame, limit=12)) if frame is not None else "(no stack)\n"
            log.warning("%s for %.0f ms so far, in:\n%s", BLOCKED, late * 1000, where.rstrip())


def from_env() -> LoopWatch | None:
    """The watchdog ``ISLANDRUN_LOOP_WATCH_MS`` asks for, or None."""
    raw = os.environ.get("ISLANDRUN_LOOP_WATCH_MS", "").strip()
    if not raw:
        return None
    try:
        threshold_ms = float(raw)
    except ValueError:
        log.warning("ISLANDRUN_LOOP_WATCH_MS=%r is not a number of milliseconds: the loop watchdog is off", raw)
        return None
    return LoopWatch(threshold_ms / 1000) if threshold_ms > 0 else None
