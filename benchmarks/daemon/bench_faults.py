"""Faults and fairness through the whole daemon (issue 22's "Must show").

1. **kill -9 during remote dispatch, under load** (``--kills N``): a daemon with one paid edge
   island in front of a slow upstream (an OpenAI-shaped HTTP server here that counts what reaches
   it and answers after a few seconds — a real cloud cannot run on this machine). Each round sends
   four concurrent requests, waits until the upstream has received at least one, kills the daemon
   with SIGKILL and restarts it on the same data dir. Afterwards: every request the upstream saw
   must have a ``dispatch`` row and a finished ``route`` row, the hash chain must verify, and no
   budget reservation may be left open (those that left are settled at their estimate).
2. **Fairness** (``--fair-s S``): app A floods the local engine at its rate limit (10 requests/s,
   short completions) while app B sends one primary request every 2 s; B's wait (time to the
   whole answer) is measured. "Shared identity" runs both apps on the shared token — the old
   behaviour, when an app's identity was the name it declared and every app fell in one FIFO
   queue — and "own tokens" gives each its own token.
3. **Memory under a 500 MB body** (``--big-body``): the daemon's RSS idle and at the peak of a
   500 MB upload attempt (refused with 413 by the body limit before it is read).

    .venv/bin/python benchmarks/daemon/bench_faults.py --kills 20 --fair-s 40 --big-body --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[2]
ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))
BASE = """
[discovery]
enabled = false
[engine]
n_ctx = 2048
keep_alive_s = -1
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false
"""


class _Upstream(BaseHTTPRequestHandler):
    received: ClassVar[int] = 0
    lock: ClassVar[threading.Lock] = threading.Lock()
    delay_s: ClassVar[float] = 3.0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with type(self).lock:
            type(self).received += 1
        time.sleep(type(self).delay_s)
        body = json.dumps(
            {
                "id": "x",
                "object": "chat.completion",
                "model": "m",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 1, "total_tokens": 11},
            }
        ).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the daemon was killed

    def log_message(self, format: str, *args: object) -> None:
        return


class Daemon:
    def __init__(self, home: Path, config: str) -> None:
        self.home = home
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "config.toml").write_text(config)
        self.proc: subprocess.Popen[str] | None = None
        self.port = 0
        self.token = ""

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("ISLANDRUN_CONFIG", None)
        env.update(
            ISLANDRUN_DISCOVERY="off",
            ISLANDRUN_CONFIG_DIR=str(self.home / "config"),
            ISLANDRUN_DATA_DIR=str(self.home / "data"),
            ISLANDRUN_RUNTIME_DIR=str(self.home / "run"),
        )
        return env

    def start(self) -> Daemon:
        info = self.home / "run" / "daemon.json"
        info.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [ISLANDRUN, "serve", "--port", "0"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if info.exists():
                data = json.loads(info.read_text())
                if data["pid"] == self.proc.pid:
                    self.port = int(data["port"])
                    self.token = (self.home / "data" / "api-token").read_text().strip()
                    return self
            time.sleep(0.1)
        raise TimeoutError("daemon did not start")

    def client(self, token: str | None = None, timeout: float = 120) -> httpx.Client:
        return httpx.Client(
            base_url=f"http://127.0.0.1:{self.port}",
            headers={"Authorization": f"Bearer {token or self.token}"},
            timeout=timeout,
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)
        self.proc.wait(60)


def _upstream() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()


def kills(rounds: int) -> dict[str, Any]:
    upstream_gen = _upstream()
    url = next(upstream_gen)
    home = Path(tempfile.mkdtemp(prefix="faults-"))
    config = (
        BASE
        + f"""
[server]
rate_limit_per_s = 0
[policy.thresholds]
burstable = 1.0
[[islands]]
id = "paid-edge"
kind = "edge"
endpoint = "{url}"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
price_input_per_mtok = 10.0
price_output_per_mtok = 30.0
"""
    )
    daemon = Daemon(home, config).start()
    body = {
        "model": "default",
        "messages": [{"role": "user", "content": "Summarise the history of the printing press."}],
        "max_tokens": 100,
        "islandrun": {"tier": "burstable"},
    }

    def ask() -> None:
        try:
            with daemon.client() as client:
                client.post("/v1/chat/completions", json=body)
        except httpx.HTTPError:
            pass

    for _ in range(rounds):
        before = _Upstream.received
        threads = [threading.Thread(target=ask, daemon=True) for _ in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while _Upstream.received == before and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)  # let more of the four reach the upstream
        daemon.kill()
        daemon.start()
    time.sleep(_Upstream.delay_s + 1)
    with daemon.client() as client:
        rows = client.get("/api/audit", params={"limit": 1000}).json()
        verified = client.get("/api/audit/verify").json()
    daemon.kill(signal.SIGTERM)
    dispatch = {r["request_id"] for r in rows if r["event"] == "dispatch"}
    finished = {r["request_id"]: r["outcome"] for r in rows if r["event"] == "route"}
    ledger = sqlite3.connect(home / "data" / "ledger.sqlite3")
    open_reservations = ledger.execute("SELECT COUNT(*) FROM charges WHERE status = 'reserved'").fetchone()[0]
    settled_estimate = ledger.execute(
        "SELECT COUNT(*) FROM charges WHERE note = 'interrupted: settled at the estimate'"
    ).fetchone()[0]
    return {
        "rounds": rounds,
        "upstream_received": _Upstream.received,
        "dispatch_rows": len(dispatch),
        "dispatch_without_route": len(dispatch - finished.keys()),
        "interrupted": sum(1 for o in finished.values() if o == "interrupted"),
        "chain_ok": bool(verified["ok"]),
        "open_reservations": int(open_reservations),
        "settled_at_estimate": int(settled_estimate),
    }


def fairness(seconds: float, own_tokens: bool) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="fair-"))
    daemon = Daemon(home, BASE).start()
    tokens = {"A": daemon.token, "B": daemon.token}
    if own_tokens:
        for app in ("a-flood", "b-quiet"):
            made = subprocess.run(
                [ISLANDRUN, "apps", "add", app], env=daemon.env, capture_output=True, text=True, check=True
            )
            tokens["A" if app == "a-flood" else "B"] = made.stdout.split()[0]
    stop = threading.Event()
    flood_status: list[int] = []

    def flood() -> None:
        with daemon.client(tokens["A"]) as client:
            while not stop.is_set():
                started = time.monotonic()

                def one(tag: str = f"flood-{started}") -> None:  # a new self-declared name every time
                    try:
                        flood_status.append(
                            client.post(
                                "/v1/chat/completions",
                                json={
                                    "model": "default",
                                    "messages": [{"role": "user", "content": "Count to ten."}],
                                    "max_tokens": 24,
                                    "islandrun": {"tier": "secondary"},
                                },
                                headers={"X-IslandRun-Client": tag},
                            ).status_code
                        )
                    except httpx.HTTPError:
                        flood_status.append(0)

                threading.Thread(target=one, daemon=True).start()
                time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))  # 10 requests/s

    worker = threading.Thread(target=flood, daemon=True)
    worker.start()
    time.sleep(3)
    waits: list[float] = []
    statuses: list[int] = []
    deadline = time.monotonic() + seconds
    with daemon.client(tokens["B"]) as client:
        while time.monotonic() < deadline:
            started = time.monotonic()
            answer = client.post(
                "/v1/chat/completions",
                json={
                    "model": "default",
                    "messages": [{"role": "user", "content": "Say hello."}],
                    "max_tokens": 8,
                    "islandrun": {"tier": "primary"},
                },
            )
            statuses.append(answer.status_code)
            if answer.status_code == 200:
                waits.append(time.monotonic() - started)
            time.sleep(max(0.0, 2.0 - (time.monotonic() - started)))
    stop.set()
    daemon.kill(signal.SIGTERM)
    waits.sort()
    return {
        "mode": "own tokens" if own_tokens else "shared identity",
        "b_requests": len(statuses),
        "b_ok": statuses.count(200),
        "b_p50_s": statistics.median(waits) if waits else None,
        "b_p95_s": waits[min(len(waits) - 1, int(0.95 * len(waits)))] if waits else None,
        "a_sent": len(flood_status),
        "a_429": flood_status.count(429),
        "a_503": flood_status.count(503),
    }


def big_body() -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="body-"))
    daemon = Daemon(home, BASE).start()
    assert daemon.proc is not None
    proc = psutil.Process(daemon.proc.pid)
    time.sleep(3)
    idle = proc.memory_info().rss
    peak = idle
    sampling = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not sampling.is_set():
            peak = max(peak, proc.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    size = 500 << 20
    chunk = b"x" * (1 << 20)

    def body() -> Iterator[bytes]:
        for _ in range(size // len(chunk)):
            yield chunk

    statuses = []
    for declared in (True, False):
        headers = {"Content-Type": "application/json"}
        if declared:
            headers["Content-Length"] = str(size)
        try:
            with daemon.client(timeout=300) as client:
                statuses.append(client.post("/v1/chat/completions", content=body(), headers=headers).status_code)
        except httpx.HTTPError as exc:
            statuses.append(type(exc).__name__)  # type: ignore[arg-type]
    sampling.set()
    sampler.join()
    daemon.kill(signal.SIGTERM)
    return {"idle_rss_mb": idle / 2**20, "peak_rss_mb": peak / 2**20, "statuses": statuses}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=0)
    parser.add_argument("--fair-s", type=float, default=0.0)
    parser.add_argument("--big-body", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    lines = [
        "## Faults and fairness (bench_faults.py)",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.machine()}, {os.cpu_count()} CPUs; "
        f"load average before: {os.getloadavg()[0]:.1f}",
        f"- command: `.venv/bin/python benchmarks/daemon/bench_faults.py {' '.join(sys.argv[1:])}`",
        "",
    ]
    if args.kills:
        result = kills(args.kills)
        print(result)
        lines += [
            "kill -9 during remote dispatch:",
            "",
            "| rounds | requests that reached the upstream | dispatch rows | dispatch rows without a route row "
            "| interrupted | chain verifies | open reservations | settled at the estimate |",
            "|---|---|---|---|---|---|---|---|",
            f"| {result['rounds']} | {result['upstream_received']} | {result['dispatch_rows']} | "
            f"{result['dispatch_without_route']} | {result['interrupted']} | {result['chain_ok']} | "
            f"{result['open_reservations']} | {result['settled_at_estimate']} |",
            "",
        ]
    if args.fair_s:
        rows = [fairness(args.fair_s, own) for own in (False, True)]
        for row in rows:
            print(row)
        lines += [
            "Fairness (app A floods at 10 requests/s; app B sends a primary request every 2 s):",
            "",
            "| identity | B requests | B answered | B p50 wait s | B p95 wait s | A sent | A 429 | A 503 |",
            "|---|---|---|---|---|---|---|---|",
            *(
                f"| {r['mode']} | {r['b_requests']} | {r['b_ok']} | {r['b_p50_s'] or float('nan'):.2f} | "
                f"{r['b_p95_s'] or float('nan'):.2f} | {r['a_sent']} | {r['a_429']} | {r['a_503']} |"
                for r in rows
            ),
            "",
        ]
    if args.big_body:
        result = big_body()
        print(result)
        lines += [
            f"500 MB body (with and without Content-Length): statuses {result['statuses']}; daemon RSS idle "
            f"{result['idle_rss_mb']:.0f} MB, peak {result['peak_rss_mb']:.0f} MB.",
            "",
        ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        results = ROOT / "benchmarks" / "daemon" / "RESULTS.md"
        results.write_text(results.read_text() + "\n" + text + "\n")


if __name__ == "__main__":
    main()
