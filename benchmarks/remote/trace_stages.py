"""Where the wall time of one proxied request goes, stage by stage, through the whole daemon.

Starts the upstream of :mod:`bench_overhead` and a real ``islandrun serve`` in front of it (the same
configuration as the bench: an edge island of lower trust, every request sanitised) whose process
first wraps the request path's steps with ``time.monotonic_ns()`` marks (``name>`` on entry,
``name<`` on return; the wrappers cost ~1 µs each). Then sends ``--requests`` chat requests one
after another (c = 1) and prints, for each pair of consecutive marks, the median time between them
over all requests, plus the client's send → the daemon's first mark and its last → the client's
receipt (one clock: ``CLOCK_MONOTONIC`` is system-wide on Linux).

    .venv/bin/python benchmarks/remote/trace_stages.py --requests 200 [--stream]

Marks made by a thread (``@thread``) show the hops: the gap before a thread's first mark is the
wait for that thread to be scheduled.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import functools
import inspect
import itertools
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()

# -- inside the daemon --------------------------------------------------------------------------

_CURRENT: list[tuple[str, int]] = []
_DONE: list[list[tuple[str, int]]] = []


def mark(name: str) -> None:
    suffix = "" if threading.current_thread() is threading.main_thread() else "@thread"
    _CURRENT.append((name + suffix, time.monotonic_ns()))


def _wrap(owner: Any, attr: str, label: str) -> None:
    original = getattr(owner, attr)
    static = isinstance(inspect.getattr_static(owner, attr), staticmethod)
    if inspect.isasyncgenfunction(original):
        return
    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            mark(label + ">")
            try:
                return await original(*args, **kwargs)
            finally:
                mark(label + "<")

        setattr(owner, attr, staticmethod(async_wrapper) if static else async_wrapper)
        return

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        mark(label + ">")
        try:
            return original(*args, **kwargs)
        finally:
            mark(label + "<")

    setattr(owner, attr, staticmethod(wrapper) if static else wrapper)


def _install(out: Path) -> None:
    from islandrun.core import audit, ledger
    from islandrun.core.daemon import books, chat_flow, events, pipeline, server
    from islandrun.core.privacy import assess
    from islandrun.core.remote import dispatcher, outbound

    for owner, attr, label in [  # a name the tree does not have (an older one) is skipped
        (chat_flow, "options_of", "handler"),
        (chat_flow, "answer", "answer"),
        (pipeline.Pipeline, "plan", "plan"),
        (pipeline.Pipeline, "assess", "assess"),
        (assess, "_assess_payload", "detect"),
        (pipeline.Pipeline, "decide", "route"),
        (pipeline.Pipeline, "complete", "complete"),
        (events.EventBus, "publish", "publish"),
        (books.Books, "intent", "intent"),
        (books.Books, "finish", "finish"),
        (audit.AuditLog, "append", "append"),
        (audit.AuditLog, "append_soon", "queue-row"),
        (audit.AuditLog, "submit", "submit-row"),
        (audit.AuditLog, "_insert", "commit"),
        (dispatcher.RemoteDispatcher, "_until_ready", "wait-intent"),
        (ledger.Ledger, "settle", "settle"),
        (ledger.Ledger, "release", "release"),
        (ledger.Ledger, "mark_dispatched", "mark-dispatched"),
        (dispatcher.RemoteDispatcher, "complete", "remote"),
        (dispatcher.RemoteDispatcher, "_prepare", "prepare"),
        (dispatcher.RemoteDispatcher, "_post_once", "post"),
        (outbound.PrivacyGate, "sanitize", "sanitize"),
        (outbound.PrivacyGate, "check", "egress"),
    ]:
        if hasattr(owner, attr):
            _wrap(owner, attr, label)

    stack = server.tcp_stack

    def traced_stack(*args: Any, **kwargs: Any) -> Any:
        inner = stack(*args, **kwargs)

        async def app(scope: Any, receive: Any, send: Any) -> None:
            global _CURRENT
            if scope["type"] != "http" or not scope["path"].endswith("/chat/completions"):
                await inner(scope, receive, send)
                return
            _CURRENT = []
            _DONE.append(_CURRENT)
            mark("asgi>")

            async def traced_send(message: Any) -> None:
                if message["type"] == "http.response.start":
                    mark("send-start")
                elif not message.get("more_body", False):
                    mark("send-last>")
                await send(message)
                if message["type"] == "http.response.body" and not message.get("more_body", False):
                    mark("send-last<")

            try:
                await inner(scope, receive, traced_send)
            finally:
                mark("asgi<")

        return app

    server.tcp_stack = traced_stack

    def dump() -> None:
        out.write_text(json.dumps(_DONE))

    atexit.register(dump)


def run_daemon(out: Path, argv: list[str]) -> None:
    _install(out)
    from islandrun.core.cli.main import main

    sys.argv = ["islandrun", *argv]
    try:
        main()
    finally:
        Path(out).write_text(json.dumps(_DONE))


# -- the driver ---------------------------------------------------------------------------------


def _medians(traces: list[list[tuple[str, int]]], sends: list[int], receipts: list[int]) -> list[tuple[str, float]]:
    """Median ms of: each step between two consecutive marks of the event loop's thread (the request's
    critical path), and of each span another thread worked (``x>@thread → x<@thread``) with the wait
    before it started (from the loop's last mark before it)."""
    gaps: dict[str, list[float]] = {}
    order: list[str] = []

    def add(key: str, ms: float) -> None:
        if key not in gaps:
            order.append(key)
        gaps.setdefault(key, []).append(ms)

    for trace, sent, got in zip(traces, sends, receipts, strict=True):
        events = sorted(trace, key=lambda e: e[1])
        loop = [("client-send", sent), *(e for e in events if "@thread" not in e[0]), ("client-receive", got)]
        for (a, ta), (b, tb) in itertools.pairwise(loop):
            add(f"{a} → {b}", (tb - ta) / 1e6)
        opened: dict[str, int] = {}
        seen: dict[str, int] = {}
        for name, t in events:
            if not name.endswith("@thread"):
                continue
            label = name.removesuffix("@thread")
            if label.endswith(">"):
                opened[label[:-1]] = t
                before = [tl for n, tl in loop if tl <= t]
                if before:
                    add(f"  [thread] wait before {label[:-1]}", (t - before[-1]) / 1e6)
            elif label[:-1] in opened:
                base = label[:-1]
                seen[base] = seen.get(base, 0) + 1
                add(f"  [thread] {base} #{seen[base]}", (t - opened.pop(base)) / 1e6)
    n = len(traces)
    return [(f"{key} ({len(gaps[key])}/{n})", statistics.median(gaps[key])) for key in order]


# The critical path in stages: each runs from one mark of the event loop's thread to the next here.
STAGES = [
    ("client-send", "HTTP in: client, uvicorn, guards, routing, body validation"),
    ("handler>", "options, the job's payload, size checks"),
    ("assess>", "MIST detection (with its thread hops, if any)"),
    ("assess<", "routing, the plan, the route event"),
    ("complete>", "the dispatch row: queued, then (run 11) waiting for the writer to start its commit"),
    ("prepare>", "sanitise + egress guard (with thread hops, if any)"),
    ("prepare<", "waiting for the dispatch row to be durable"),
    ("post>", "the upstream call (httpx, the upstream's own time)"),
    ("post<", "parse, restore, build the completion"),
    ("finish>", "the route row (queued)"),
    ("finish<", "the response: JSON, headers, send"),
    ("asgi<", "HTTP out: to the client's receipt"),
    ("client-receive", ""),
]


def _stages(traces: list[list[tuple[str, int]]], sends: list[int], receipts: list[int]) -> list[tuple[str, float]]:
    spans: list[list[float]] = [[] for _ in STAGES[:-1]]
    for trace, sent, got in zip(traces, sends, receipts, strict=True):
        first: dict[str, int] = {"client-send": sent, "client-receive": got}
        for name, t in trace:
            if "@thread" not in name:
                first.setdefault(name, t)
        if all(mark in first for mark, _ in STAGES):
            for i, ((a, _), (b, _)) in enumerate(itertools.pairwise(STAGES)):
                spans[i].append((first[b] - first[a]) / 1e6)
    return [(why, statistics.median(ms) if ms else float("nan")) for (_, why), ms in zip(STAGES, spans, strict=False)]


def _cpu_s(pid: int) -> float:
    """The process's CPU time (all threads, user + system) in seconds, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(requests: int, stream: bool, tree: Path | None, profile: Path | None = None) -> None:
    import httpx

    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE.parents[1] / "daemon"))
    import bench_overhead as bench
    import real_daemon

    procs: list[Any] = []
    spy: Any = None
    try:
        up_port = bench.free_port()
        upstream = f"http://127.0.0.1:{up_port}"
        procs.append(bench.start([sys.executable, str(bench.HERE), "upstream", "--port", str(up_port)]))
        bench.wait_ready(upstream + "/v1/chat/completions", procs[-1])
        home = Path(tempfile.mkdtemp())
        trace_file = home / "trace.json"
        launcher = home / "islandrun"
        launcher.write_text(f'#!/bin/sh\nexec {sys.executable} {HERE} daemon {trace_file} "$@"\n')
        launcher.chmod(0o755)
        real_daemon.ISLANDRUN = str(launcher)
        if tree is not None:  # another copy of the code (a folder holding islandrun/core)
            os.environ["PYTHONPATH"] = str(tree)
        daemon, info, token = real_daemon.start_daemon(home, upstream)
        os.environ.pop("PYTHONPATH", None)
        procs.append(daemon)
        url = f"http://127.0.0.1:{info['port']}/v1/chat/completions"
        headers = {"Authorization": f"Bearer {token}", "X-IslandRun-Tier": "burstable"}
        asyncio.run(bench.measure(url, 1, 100, stream, headers))  # warm up
        if profile is not None:  # py-spy's samples of the daemon over the measured requests (collapsed stacks)
            record = [str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(daemon.pid)]
            spy = bench.start([*record, "--rate", "1000", "--format", "raw", "--threads", "--output", str(profile)])
            time.sleep(2)
        sends: list[int] = []
        receipts: list[int] = []
        cpu_before = _cpu_s(daemon.pid)

        async def run() -> None:
            async with httpx.AsyncClient(timeout=60, headers=headers) as client:
                for _ in range(requests):
                    variant = "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(6))
                    last = {**bench.MESSAGES[-1], "content": f"{bench.MESSAGES[-1]['content']} (variant {variant})."}
                    payload = {"model": "bench", "messages": [*bench.MESSAGES[:-1], last], "max_tokens": 64}
                    payload["stream"] = stream
                    sends.append(time.monotonic_ns())
                    if stream:
                        async with client.stream("POST", url, json=payload) as response:
                            async for _ in response.aiter_bytes():
                                pass
                    else:
                        response = await client.post(url, json=payload)
                    receipts.append(time.monotonic_ns())
                    if response.status_code != 200:
                        raise SystemExit(f"HTTP {response.status_code}")

        asyncio.run(run())
        cpu_ms = (_cpu_s(daemon.pid) - cpu_before) * 1000 / requests
    finally:
        if spy is not None:
            spy.send_signal(2)  # py-spy writes its file on SIGINT
            spy.wait(timeout=30)
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    traces = json.loads(trace_file.read_text())[-requests:]
    total = statistics.median((b - a) / 1e6 for a, b in zip(sends, receipts, strict=True))
    where = "this tree" if tree is None else str(tree)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# {where}: {requests} requests at c = 1, {'streamed' if stream else 'whole reply'}; load {load}")
    print(f"# client-measured latency, median: {total:.3f} ms; daemon CPU time per request: {cpu_ms:.2f} ms")
    print("| stage | median ms |")
    print("|---|---|")
    for why, ms in _stages(traces, sends, receipts):
        print(f"| {why} | {ms:.3f} |")
    print()
    print("| from → to (requests with this step) | median ms |")
    print("|---|---|")
    for key, value in _medians(traces, sends, receipts):
        print(f"| {key} | {value:.3f} |")


def main() -> None:
    if sys.argv[1:2] == ["daemon"]:  # the launcher: daemon OUT ARGS…
        run_daemon(Path(sys.argv[2]), sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--tree", type=Path, help="run the daemon from this copy (a folder holding islandrun/core)")
    parser.add_argument("--py-spy", type=Path, help="also sample the daemon with py-spy into this file (raw)")
    args = parser.parse_args()
    drive(args.requests, args.stream, args.tree, args.py_spy)


if __name__ == "__main__":
    main()
