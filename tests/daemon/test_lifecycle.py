"""Shutdown and crash safety: SIGTERM lets in-flight work finish; kill -9 under load loses nothing
that was written, leaves no lock behind, and no budget reservation stays held forever."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

from islandrun.core.audit import AuditLog
from islandrun.core.ledger import Ledger

from .conftest import BASE_CONFIG, ISLANDRUN, Daemon


def _stream(daemon: Daemon, out: list[Any], tokens: int = 48) -> None:
    body = {"model": "default", "messages": [{"role": "user", "content": "Tell a story."}], "max_tokens": tokens}
    body["stream"] = True
    try:
        with daemon.client() as client, client.stream("POST", "/v1/chat/completions", json=body) as response:
            out.append(("status", response.status_code))
            out.extend(("line", line) for line in response.iter_lines() if line)
    except Exception as exc:
        out.append(("error", repr(exc)))


def test_sigterm_lets_the_request_in_flight_finish(tmp_path: Path) -> None:
    # A generous grace period: on a loaded 2-core machine 24 tokens can take longer than the
    # default 10 s, and this test is about finishing, not about the deadline.
    daemon = Daemon(tmp_path, BASE_CONFIG + "[server]\nshutdown_grace_s = 120\n").start()
    seen: list[Any] = []
    client = threading.Thread(target=_stream, args=(daemon, seen, 24))
    client.start()
    deadline = time.monotonic() + 120
    while not any(kind == "line" for kind, _ in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert daemon.stop(signal.SIGTERM) == 0
    client.join(60)
    lines = [value for kind, value in seen if kind == "line"]
    assert ("status", 200) in seen
    assert lines[-1] == "data: [DONE]"  # the stream was completed, not cut
    assert not (daemon.runtime / "daemon.json").exists()
    assert not daemon.socket.exists()
    assert AuditLog(daemon.home / "data" / "audit.sqlite3").verify().ok


def test_kill_9_under_load_then_restart_is_consistent(tmp_path: Path) -> None:
    daemon = Daemon(tmp_path).start()
    outs: list[list[Any]] = [[] for _ in range(3)]
    clients = [threading.Thread(target=_stream, args=(daemon, out, 64)) for out in outs]
    for c in clients:
        c.start()
    deadline = time.monotonic() + 120
    while not any(kind == "line" for out in outs for kind, _ in out) and time.monotonic() < deadline:
        time.sleep(0.05)

    # A budget reservation held by a process that dies: what a kill -9 mid-request leaves behind.
    ledger_path = daemon.home / "data" / "ledger.sqlite3"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import time
                from pathlib import Path
                from islandrun.core.ledger import Ledger
                Ledger(Path({str(ledger_path)!r})).reserve("req-killed", "cloud", 0.25)
                print("reserved", flush=True)
                time.sleep(600)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "reserved"
    holder.kill()
    holder.wait()
    daemon.stop(signal.SIGKILL)
    for c in clients:
        c.join(60)
    assert Ledger(ledger_path).charges()[0].status == "reserved"

    restarted = Daemon(tmp_path).start()  # the OS freed the lock; the stale socket is replaced
    try:
        with restarted.client() as client:
            assert client.get("/api/audit/verify").json()["ok"]
            reply = client.post(
                "/v1/chat/completions",
                json={"model": "default", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4},
            )
            assert reply.status_code == 200
        charge = Ledger(ledger_path).charges()[0]
        assert charge.request_id == "req-killed" and charge.status == "released"
    finally:
        restarted.stop()
    verify = subprocess.run(
        [ISLANDRUN, "audit", "verify"], env=restarted.env, capture_output=True, text=True, timeout=60
    )
    assert verify.returncode == 0, verify.stderr


def test_an_open_event_stream_does_not_hold_up_shutdown(tmp_path: Path) -> None:
    config = BASE_CONFIG + "[server]\nshutdown_grace_s = 30\n"
    daemon = Daemon(tmp_path, config).start()
    opened = threading.Event()

    def listen() -> None:
        with daemon.client() as client, client.stream("GET", "/api/events") as feed:
            for _line in feed.iter_lines():
                opened.set()

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert opened.wait(30)
    started = time.monotonic()
    assert daemon.stop(signal.SIGTERM) == 0
    assert time.monotonic() - started < 10  # not the 30 s grace
    listener.join(10)
    assert not listener.is_alive()
