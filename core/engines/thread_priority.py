"""The engine's worker threads yield the CPU to interactive programs: ``[engine] worker_nice``.

On a machine with few cores, llama.cpp decoding on every core (``n_threads`` defaults to all of
them on small machines, :mod:`.settings`) leaves the tray, the editor the person is typing in and
the daemon's own event loop waiting for a CPU: the tray's loop stalled up to 63 ms per turn while
a chat streamed (benchmarks/tray/RESULTS.md). Desktop apps that run heavy work in the background
run it at a lower scheduling priority; the engine does the same.

Each worker thread lowers its own priority when it starts (the executor's initializer), before
it first calls into llama.cpp. On Linux, nice is per thread and a thread inherits its creator's at
creation, so the worker threads llama.cpp's OpenMP runtime starts for the first decode of that
thread inherit it too (checked through ``/proc`` in tests/engines/test_worker_nice.py). With
nothing else wanting the CPU, a niced thread runs exactly as fast; under contention it gets a
smaller share (nice 10: about a tenth of a nice-0 thread's).

Only ever lowered: a thread already at a higher nice (a daemon started with ``nice -n 15``) keeps
it. Linux only (elsewhere ``setpriority`` on a thread id is not per thread); other systems run the
workers at the daemon's own priority.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

__all__ = ["lower_thread_priority", "thread_nice"]

log = logging.getLogger("islandrun.engines")


def thread_nice(native_id: int) -> int:
    """The nice value of a thread of this process (Linux), read from ``/proc``."""
    with open(f"/proc/self/task/{native_id}/stat", "rb") as f:
        raw = f.read().decode()
    # fields after the ")" that closes the name start at field 3 (state); nice is field 19
    return int(raw[raw.rindex(")") + 2 :].split()[16])


def lower_thread_priority(nice: int) -> int | None:
    """Run the calling thread (and the threads it starts from now on) at ``nice`` or lower
    priority. Returns the nice in effect, or None where nothing was changed (``nice`` 0, not Linux,
    or the system refused)."""
    if nice <= 0 or not sys.platform.startswith("linux"):
        return None
    tid = threading.get_native_id()
    try:
        current = os.getpriority(os.PRIO_PROCESS, tid)
        if nice > current:
            os.setpriority(os.PRIO_PROCESS, tid, nice)
        return max(nice, current)
    except OSError as exc:  # a sandbox that forbids it: run at the daemon's priority
        log.warning("could not lower the engine thread's priority to nice %d: %s", nice, exc)
        return None
