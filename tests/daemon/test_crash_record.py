"""kill -9 while a prompt is at a remote island: after the restart the audit log says the request
reached that island (outcome ``interrupted``), the chain verifies, and the reservation is settled
at its estimate, not at $0 (issue 22, item 4).

The upstream is a small OpenAI-shaped HTTP server written here that records what reached it and
never answers in time (a cloud island cannot run on this machine)."""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest

from .conftest import BASE_CONFIG, Daemon


class _Slow(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, object]]] = []
    release: ClassVar[threading.Event] = threading.Event()

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        type(self).received.append(body)
        type(self).release.wait(30)  # the daemon is killed meanwhile
        self.send_response(500)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def upstream() -> Iterator[str]:
    _Slow.received = []
    _Slow.release.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    _Slow.release.set()
    server.shutdown()


def test_a_request_killed_mid_flight_is_recorded_and_charged_after_restart(
    upstream: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    config = (
        BASE_CONFIG
        + f"""
[policy.thresholds]
burstable = 1.0

[[islands]]
id = "paid-edge"
kind = "edge"
endpoint = "{upstream}"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
price_input_per_mtok = 10.0
price_output_per_mtok = 30.0
"""
    )
    daemon = Daemon(tmp_path_factory.mktemp("crash"), config).start()
    body = {
        "model": "default",
        "messages": [{"role": "user", "content": "Summarise the history of the printing press."}],
        "max_tokens": 200,
        "islandrun": {"tier": "burstable"},
    }

    def ask() -> None:
        try:
            with daemon.client() as client:
                client.post("/v1/chat/completions", json=body)
        except httpx.HTTPError:
            pass  # the daemon dies under it

    asker = threading.Thread(target=ask, daemon=True)
    asker.start()
    deadline = time.monotonic() + 60
    while not _Slow.received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _Slow.received, "the request never reached the upstream"
    daemon.stop(signal.SIGKILL)
    asker.join(10)

    daemon.start()  # the same home: the same audit log and ledger
    try:
        with daemon.client() as client:
            rows = client.get("/api/audit", params={"limit": 50}).json()
            verified = client.get("/api/audit/verify").json()
    finally:
        daemon.stop()
    entries = rows["entries"] if isinstance(rows, dict) else rows
    dispatch = [e for e in entries if e["event"] == "dispatch"]
    finished = [e for e in entries if e["event"] == "route" and e["outcome"] == "interrupted"]
    assert len(dispatch) == 1 and dispatch[0]["island"] == "paid-edge"
    assert len(finished) == 1 and finished[0]["request_id"] == dispatch[0]["request_id"]
    assert verified["ok"], verified
    ledger = sqlite3.connect(daemon.home / "data" / "ledger.sqlite3")
    status, reserved, actual = ledger.execute(
        "SELECT status, reserved_usd, actual_usd FROM charges WHERE request_id = ?", (dispatch[0]["request_id"],)
    ).fetchone()
    assert status == "settled" and reserved > 0 and actual == pytest.approx(reserved)
