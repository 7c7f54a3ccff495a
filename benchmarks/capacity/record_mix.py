"""Record a desktop-like load trace on this machine: the raw inputs of TIDE at 1 Hz.

    .venv/bin/python benchmarks/capacity/record_mix.py MIX SECONDS OUT.csv

MIX is one of:

- ``bursty``   browser-like: bursts of 0.2–2.5 s on one or two cores at random intervals
               (mean gap 6 s), nothing sustained — the load that must *not* move work;
- ``compile``  idle, then ``make -j2`` of a small generated C project in a loop (a sustained
               overload, marked ``overload`` in the ``phase`` column), then idle again;
- ``overload`` like ``compile`` but the compile runs at nice −10 for 30 s, so that on a
               machine the neighbours keep busy it still takes most of the CPU: the clean
               "sustained overload" for the time-to-offload measurement (run it rarely);
- ``steady``   a steady background job (one process at a 50 % duty cycle, niced) plus
               light browser-like bursts;
- ``own``      IslandRun's own generation: a thread *inside this process* keeps one core busy
               in 6–12 s "requests" (as llama.cpp decodes in the daemon's threads), with light
               bursts from elsewhere;
- ``observe``  no load of its own: the machine as the other users keep it (on the shared
               development VM: five agents' tests and builds — a real, bursty desktop);
- ``memory``   a child process touches 1 GiB more every 4 s up to 8 GiB, holds, releases,
               with light bursts.

Columns: ``t`` (s since start), ``cpu`` (busy share of all cores from ``cpu_times`` deltas, as
:class:`CpuProbe` reads it), ``own`` (this process's share of all cores, all threads — what
TIDE subtracts as its own work), ``scripted`` (this script's whole process tree — its own
load without the neighbours'), ``memory`` (1 − available/total), ``phase`` (what the script
was doing). Every load generator runs at nice 10: the machine is shared, and the other users'
load is in the traces too. Keep recordings short (a few minutes).
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

BURN = "import time,sys\nend=time.monotonic()+float(sys.argv[1])\nwhile time.monotonic()<end: pass\n"
HOG = (
    "import sys,time\nchunks=[]\nfor line in sys.stdin:\n"
    "    if line.strip()=='+': chunks.append(b'\\x01'*(1<<30))\n"
    "    elif chunks: chunks.pop()\n"
    "    print(len(chunks),flush=True)\n"
)


def _nice() -> None:
    os.nice(10)


def burn(seconds: float, cores: int = 1) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, "-c", BURN, f"{seconds:.3f}"], preexec_fn=_nice) for _ in range(cores)]


class Load:
    """Background load generators; ``phase`` says what runs now (written into every row)."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.stop = threading.Event()
        self.phase = "idle"
        self.threads: list[threading.Thread] = []
        self.procs: list[subprocess.Popen[bytes]] = []

    def spawn(self, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self.threads.append(thread)

    def bursts(self, mean_gap: float, longest: float) -> None:
        while not self.stop.wait(self.rnd.expovariate(1.0 / mean_gap)):
            cores = 2 if self.rnd.random() < 0.3 else 1
            for proc in burn(self.rnd.uniform(0.2, longest), cores):
                proc.wait()

    def steady(self, duty: float) -> None:
        proc = subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=_nice)
        self.procs.append(proc)
        while not self.stop.is_set():
            proc.send_signal(19)  # SIGSTOP
            time.sleep(0.1 * (1 - duty))
            proc.send_signal(18)  # SIGCONT
            time.sleep(0.1 * duty)

    def own_generation(self) -> None:
        block = os.urandom(1 << 20)
        while not self.stop.is_set():
            self.phase = "own"
            end = time.monotonic() + self.rnd.uniform(6, 12)
            while time.monotonic() < end and not self.stop.is_set():
                hashlib.sha256(block).digest()  # releases the GIL: a real core, like llama.cpp
            self.phase = "own-idle"
            self.stop.wait(self.rnd.uniform(3, 8))

    def compile_loop(self, start: float, length: float, niceness: int = 10) -> None:
        work = Path(tempfile.mkdtemp(prefix="tide-compile-"))
        try:
            for i in range(24):
                body = "\n".join(f"double f{i}_{k}(double x){{return x*{k}+{i}/(x+1.0);}}" for k in range(400))
                (work / f"u{i}.c").write_text(body + "\n")
            (work / "Makefile").write_text(
                "OBJ=$(patsubst %.c,%.o,$(wildcard *.c))\nall: $(OBJ)\n%.o: %.c\n\tgcc -O2 -c $< -o $@\n"
                "clean:\n\trm -f *.o\n"
            )
            if self.stop.wait(start):
                return
            self.phase = "overload"
            end = time.monotonic() + length
            while time.monotonic() < end and not self.stop.is_set():
                subprocess.run(["make", "-s", "clean"], cwd=work, check=True)
                make = ["nice", "-n", str(niceness), "make", "-s", "-j2"]
                subprocess.run(make, cwd=work, check=True)
            self.phase = "idle"
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def memory(self, start: float) -> None:
        hog = subprocess.Popen(
            [sys.executable, "-c", HOG],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            preexec_fn=_nice,
        )
        self.procs.append(hog)
        assert hog.stdin is not None and hog.stdout is not None
        if self.stop.wait(start):
            return
        self.phase = "memory-up"
        steps: list[bytes | None] = [b"+\n"] * 8 + [None] * 6 + [b"-\n"] * 8
        for line in steps:
            if line is not None:
                hog.stdin.write(line)
                hog.stdin.flush()
                hog.stdout.readline()
            else:
                self.phase = "memory-hold"
            if self.stop.wait(4.0):
                return
            if line == b"-\n":
                self.phase = "memory-down"
        self.phase = "idle"

    def close(self) -> None:
        self.stop.set()
        for proc in self.procs:
            proc.send_signal(18)
            proc.kill()
            proc.wait()
        for thread in self.threads:
            thread.join(timeout=5)


def cpu_times() -> tuple[float, float]:
    t = psutil.cpu_times()
    total = sum(t) - getattr(t, "guest", 0.0) - getattr(t, "guest_nice", 0.0)
    return total, t.idle + getattr(t, "iowait", 0.0)


def process_tree_cpu(me: psutil.Process) -> float:
    """CPU seconds of this process tree: every live process's own time plus the time of the
    children it has waited for (a finished compiler counts in its ``make``; a finished ``make``
    in this process), so each process is counted once, and while it runs."""
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.Error:  # gone between listing and reading: its parent counts it now
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def main(mix: str, seconds: float, out: str) -> None:
    load = Load(seed=21)
    if mix == "bursty":
        load.spawn(lambda: load.bursts(6.0, 2.5))
    elif mix == "compile":
        load.spawn(lambda: load.bursts(10.0, 1.5))
        load.spawn(lambda: load.compile_loop(start=seconds * 0.3, length=min(45.0, seconds * 0.3)))
    elif mix == "overload":
        load.spawn(lambda: load.bursts(10.0, 1.5))
        load.spawn(lambda: load.compile_loop(start=40.0, length=30.0, niceness=-10))
    elif mix == "steady":
        load.spawn(lambda: load.steady(0.5))
        load.spawn(lambda: load.bursts(10.0, 1.5))
    elif mix == "own":
        load.spawn(load.own_generation)
        load.spawn(lambda: load.bursts(10.0, 1.5))
    elif mix == "memory":
        load.spawn(lambda: load.memory(start=20.0))
        load.spawn(lambda: load.bursts(10.0, 1.5))
    elif mix != "observe":
        raise SystemExit(f"unknown mix {mix!r}")
    me = psutil.Process()
    cores = psutil.cpu_count() or 1
    rows: list[tuple[float, float, float, float, float, str]] = []
    start = time.monotonic()
    prev_total, prev_idle = cpu_times()
    prev_own, prev_wall, prev_tree = sum(me.cpu_times()[:2]), start, process_tree_cpu(me)
    try:
        next_at = start + 1.0
        while next_at - start <= seconds:
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += 1.0
            total, idle = cpu_times()
            own_cpu, wall = sum(me.cpu_times()[:2]), time.monotonic()
            busy = 1.0 - (idle - prev_idle) / (total - prev_total) if total > prev_total else 0.0
            tree = process_tree_cpu(me)
            own = (own_cpu - prev_own) / ((wall - prev_wall) * cores)
            scripted = max(0.0, tree - prev_tree) / ((wall - prev_wall) * cores)
            prev_total, prev_idle, prev_own, prev_wall, prev_tree = total, idle, own_cpu, wall, tree
            vm = psutil.virtual_memory()
            rows.append((wall - start, busy, own, scripted, 1.0 - vm.available / vm.total, load.phase))
    finally:
        load.close()
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["t", "cpu", "own", "scripted", "memory", "phase"])
        writer.writerows((f"{t:.3f}", f"{c:.4f}", f"{o:.4f}", f"{s:.4f}", f"{m:.4f}", p) for t, c, o, s, m, p in rows)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
