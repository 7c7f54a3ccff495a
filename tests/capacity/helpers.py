"""Shared pieces of the capacity tests: a two-island world routed by the real router, real load
generators (busy processes, a memory hog child), and waiting for the monitor's samples."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from islandrun.core.capacity.events import CapacityEvent, EventKind, Subscription
from islandrun.core.capacity.monitor import CapacityMonitor, CapacitySample
from islandrun.core.islands import Island, IslandKind, IslandRegistry, TrustSpec
from islandrun.core.routing import Priority, RouteDecision, RouteRequest, RoutingPolicy, route
from islandrun.core.routing.snapshot_builder import build_snapshot

LOCAL = Island.local(models=["m"])
EDGE = Island("edge", "Lab edge", IslandKind.EDGE, TrustSpec(0.8), models=("m",))
REGISTRY = IslandRegistry([LOCAL, EDGE])


def route_now(monitor: CapacityMonitor, priority: Priority) -> RouteDecision:
    """Route one request with a snapshot built from the live monitor, as the daemon does."""
    now = monitor.latest.at if monitor.latest is not None else None  # the monitor's clock (replays)
    snapshot = build_snapshot(REGISTRY, monitor.gates, monitor.capacities(), capacity_notes=monitor.notes(), now=now)
    request = RouteRequest(uuid.uuid4().hex[:8], 0.1, priority=priority, model="m")
    gate = monitor.gates.policy  # the monitor's gate thresholds, in a routing policy as the daemon's
    policy = RoutingPolicy(
        secondary_threshold=gate.secondary_threshold,
        burstable_threshold=gate.burstable_threshold,
        buffer=gate.buffer,
        hysteresis_margin=gate.hysteresis_margin,
    )
    return route(request, snapshot, policy)


async def next_samples(monitor: CapacityMonitor, count: int = 1, timeout: float = 30.0) -> list[CapacitySample]:
    """Wait for ``count`` fresh samples (taken after this call started)."""
    out: list[CapacitySample] = []
    async with monitor.events.subscribe() as events:
        async with asyncio.timeout(timeout):
            while len(out) < count:
                if (await events.get()).kind is EventKind.SAMPLE:
                    assert monitor.latest is not None
                    out.append(monitor.latest)
    return out


@contextmanager
def cpu_hogs(count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` real busy-looping processes, killed on exit whatever happens."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield procs
    finally:
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.wait()


_HOG = """
import sys
size = int(sys.argv[1])
chunks = []
for line in sys.stdin:
    if line.strip() == "+":
        chunks.append(b"\\x01" * size)  # written, so the pages are really resident
    elif chunks:
        chunks.pop()
    print(len(chunks), flush=True)
"""


class MemoryHog:
    """A real child process that holds ``chunk_bytes`` blocks of touched memory, one more or one
    fewer on each command, so memory pressure can be stepped up and down."""

    def __init__(self, chunk_bytes: int) -> None:
        self.chunk_bytes = chunk_bytes
        self.held = 0
        self._proc: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> MemoryHog:
        self._proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", _HOG, str(self.chunk_bytes), stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        return self

    async def _command(self, line: bytes) -> int:
        assert self._proc is not None and self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(line)
        await self._proc.stdin.drain()
        self.held = int(await asyncio.wait_for(self._proc.stdout.readline(), 60))
        return self.held

    async def grow(self) -> int:
        return await self._command(b"+\n")

    async def shrink(self) -> int:
        return await self._command(b"-\n")

    async def __aexit__(self, *_exc: object) -> None:
        if self._proc is not None and self._proc.returncode is None:
            self._proc.kill()
            await self._proc.wait()


def drain(subscription: Subscription) -> list[CapacityEvent]:
    """Every event waiting in ``subscription`` right now."""
    out: list[CapacityEvent] = []
    while not subscription.queue.empty():
        out.append(subscription.queue.get_nowait())
    return out
