"""The time each API front end adds: OpenAI chat vs Anthropic messages vs Ollama chat, one daemon.

One run starts a minimal OpenAI-compatible upstream (the fixed-reply server of
``benchmarks/remote/bench_overhead.py``: no model, so the upstream costs the same every time) and a
real ``islandrun serve`` in its own directories, with that upstream as an edge island of lower trust
(every request is detected, sanitised, egress-checked and restored) and the Ollama listener on.
Burstable work leaves this device at the first capacity sample below 1.0, so every request goes
to the edge island through the whole daemon: guards, validation, translation into the neutral job,
MIST, routing, dispatch, audit, and the translation back.

The same conversation (a name, an e-mail address, a phone number) is sent through
``POST /v1/chat/completions``, ``POST /v1/messages`` and the Ollama listener's ``POST /api/chat``,
non-streamed, one at a time (c = 1), the three front ends interleaved request by request so load
drift hits them alike. Reported: p50 and p99 per front end and the difference to OpenAI's.

    .venv/bin/python benchmarks/daemon/bench_front_ends.py --requests 300 --write
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "remote"))
from bench_overhead import free_port  # noqa: E402 - the sibling benchmark's helpers

sys.path.insert(0, str(HERE.parent))
from real_daemon import start_daemon  # noqa: E402

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))
SYSTEM = "You write short, friendly replies for Jennifer Holst."
USER = "Write to Marcus Weber at m.weber@example.org that Jennifer will call +49 40 3355 7788."
HEADERS_TIER = {"X-IslandRun-Tier": "burstable"}


def bodies() -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        "openai": (
            "/v1/chat/completions",
            {
                "model": "default",
                "max_tokens": 64,
                "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}],
            },
        ),
        "anthropic": (
            "/v1/messages",
            {"model": "default", "max_tokens": 64, "system": SYSTEM, "messages": [{"role": "user", "content": USER}]},
        ),
        "ollama": (
            "/api/chat",
            {
                "model": "default",
                "stream": False,
                "options": {"num_predict": 64},
                "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}],
            },
        ),
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per front end")
    parser.add_argument("--write", action="store_true", help="append the table to benchmarks/daemon/RESULTS.md")
    args = parser.parse_args()
    up_port = free_port()
    upstream = f"http://127.0.0.1:{up_port}"
    overhead = str(ROOT / "benchmarks" / "remote" / "bench_overhead.py")
    up = subprocess.Popen(
        [sys.executable, overhead, "upstream", "--port", str(up_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with tempfile.TemporaryDirectory() as tmp:
        daemon, info, token = start_daemon(Path(tmp), upstream, ollama=True)
        try:
            urls = {
                "openai": f"http://127.0.0.1:{info['port']}",
                "anthropic": f"http://127.0.0.1:{info['port']}",
                "ollama": f"http://127.0.0.1:{info['ollama_port']}",
            }
            headers = {"Authorization": f"Bearer {token}", **HEADERS_TIER}
            times: dict[str, list[float]] = {name: [] for name in urls}
            with httpx.Client(headers=headers, timeout=60) as client:
                for name, (path, body) in bodies().items():  # warm up, and check each answers from the edge
                    for _ in range(5):
                        r = client.post(urls[name] + path, json=body)
                        r.raise_for_status()
                    assert r.headers["x-islandrun-island"] == "bench-edge", (name, r.headers)
                for _ in range(args.requests):
                    for name, (path, body) in bodies().items():
                        started = time.perf_counter()
                        r = client.post(urls[name] + path, json=body)
                        elapsed = time.perf_counter() - started
                        if r.status_code != 200:
                            raise SystemExit(f"{name}: HTTP {r.status_code}: {r.text[:500]}")
                        times[name].append(elapsed * 1000)
        finally:
            daemon.terminate()
            daemon.wait(30)
            up.terminate()
            up.wait(10)
    base50, base99 = pct(times["openai"], 0.5), pct(times["openai"], 0.99)
    lines = [
        f"### Front ends, {time.strftime('%Y-%m-%d')} ({platform.machine()}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}; {args.requests} requests each, interleaved, c = 1)",
        "",
        "`.venv/bin/python benchmarks/daemon/bench_front_ends.py --requests "
        f"{args.requests}` — whole daemon, sanitised edge island, fixed-reply upstream",
        "",
        "| front end | p50 ms | p99 ms | mean ms | p50 − OpenAI's |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, values in times.items():
        p50, p99 = pct(values, 0.5), pct(values, 0.99)
        lines.append(f"| {name} | {p50:.2f} | {p99:.2f} | {statistics.fmean(values):.2f} | {p50 - base50:+.2f} |")
    lines.append("")
    lines.append(f"OpenAI chat's p99 for reference: {base99:.2f} ms.")
    text = "\n".join(lines)
    print(text)
    if args.write:
        results = HERE.with_name("RESULTS.md")
        with results.open("a") as out:
            out.write("\n" + text + "\n")


if __name__ == "__main__":
    main()
