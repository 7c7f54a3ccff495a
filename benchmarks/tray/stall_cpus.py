"""Who had the CPUs while the tray's loop stalled: a ``perf sched_switch`` record laid over the stalls.

    perf record -e sched:sched_switch -a -k CLOCK_MONOTONIC -o sched.data -- \\
        .venv/bin/python benchmarks/tray/bench_ui_latency.py --trace stalls.jsonl ...
    .venv/bin/python benchmarks/tray/stall_cpus.py sched.data stalls.jsonl --tray-pid P --daemon-pid D

(the two pids are in the bench's printed result, ``pids``). For every stall over ``--over`` ms, the
CPU time of each CPU during the stall's window (from the previous tick to the late one) is split
between: the tray (its loop's thread, its other threads), the daemon (its event loop; its other
threads, i.e. the engine's workers and llama.cpp's, by nice), every other program (by name) and
idle. Summed over the stalls, this says what the tray was waiting behind.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

SWITCH = re.compile(
    r"^\s*(?P<comm>.+?)\s+(?P<pid>-?\d+)/(?P<tid>\d+)\s+\[(?P<cpu>\d+)\]\s+(?P<time>[\d.]+):\s+sched:sched_switch:"
    r".*?prev_pid=(?P<prev>\d+).*==> next_comm=(?P<ncomm>.+?) next_pid=(?P<next>\d+) next_prio=(?P<nprio>\d+)"
)


def timelines(perf_data: Path) -> tuple[dict[int, list[tuple[float, int, str, int]]], dict[int, int]]:
    """Per CPU: (switch time, tid now running, its name, its prio) in order; and tid -> process id."""
    out = subprocess.run(
        ["perf", "script", "-i", str(perf_data), "-F", "comm,pid,tid,cpu,time,event,trace"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpus: dict[int, list[tuple[float, int, str, int]]] = defaultdict(list)
    tgid: dict[int, int] = {}
    for line in out.splitlines():
        m = SWITCH.match(line)
        if m is None:
            continue
        tgid[int(m["tid"])] = int(m["pid"])
        cpus[int(m["cpu"])].append((float(m["time"]), int(m["next"]), m["ncomm"], int(m["nprio"])))
    return cpus, tgid


def who(tid: int, comm: str, prio: int, tgid: dict[int, int], tray: int, daemon: int) -> str:
    if tid == 0:
        return "idle"
    process = tgid.get(tid)
    if process == tray:
        return "tray: loop thread" if tid == tray else "tray: other threads"
    if process == daemon:
        return "daemon: event loop" if tid == daemon else f"daemon: other threads, nice {prio - 120}"
    return f"other: {comm}"


def occupancy(
    cpus: dict[int, list[tuple[float, int, str, int]]],
    start: float,
    end: float,
    tgid: dict[int, int],
    tray: int,
    daemon: int,
) -> dict[str, float]:
    """ms of CPU time per category between ``start`` and ``end``, all CPUs together."""
    shares: dict[str, float] = defaultdict(float)
    for events in cpus.values():
        times = [e[0] for e in events]
        i = max(0, bisect.bisect_right(times, start) - 1)
        while i < len(events) and events[i][0] < end:
            t0 = max(events[i][0], start)
            t1 = min(events[i + 1][0] if i + 1 < len(events) else end, end)
            if t1 > t0:
                _, tid, comm, prio = events[i]
                shares[who(tid, comm, prio, tgid, tray, daemon)] += (t1 - t0) * 1000
            i += 1
    return dict(shares)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("perf_data", type=Path)
    parser.add_argument("stalls", type=Path)
    parser.add_argument("--tray-pid", type=int, required=True)
    parser.add_argument("--daemon-pid", type=int, required=True)
    parser.add_argument("--over", type=float, default=50.0)
    parser.add_argument("--interval-ms", type=float, default=5.0)
    args = parser.parse_args()
    cpus, tgid = timelines(args.perf_data)
    total: dict[str, float] = defaultdict(float)
    count = 0
    for line in args.stalls.read_text().splitlines():
        stall = json.loads(line)
        if stall["late_ms"] <= args.over:
            continue
        count += 1
        end = stall["at"]
        start = end - (stall["late_ms"] + args.interval_ms) / 1000
        shares = occupancy(cpus, start, end, tgid, args.tray_pid, args.daemon_pid)
        for k, v in shares.items():
            total[k] += v
        top = ", ".join(f"{k} {v:.0f}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1])[:5])
        print(f"stall {stall['late_ms']:6.1f} ms (loop waited for a CPU {stall['cpu_wait_ms']:5.1f} ms): {top}")
    print(f"\n{count} stalls over {args.over:.0f} ms; CPU-ms during them, all CPUs:")
    for k, v in sorted(total.items(), key=lambda kv: -kv[1]):
        print(f"  {v:8.1f}  {k}")


if __name__ == "__main__":
    main()
