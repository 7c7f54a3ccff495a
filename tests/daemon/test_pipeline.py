"""The pipeline end to end on a real daemon: approvals (answered, denied, timed out), audit rows
with entity types but never values, events, dry-run routing and the privacy preview.

The configured cloud island points at a closed local port (nothing listens there), so "send"
ends in a clear 502 naming the island that failed; tests/remote covers a real upstream."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .conftest import BASE_CONFIG, Daemon

CONFIG = (
    BASE_CONFIG
    + """
[policy.thresholds]
burstable = 1.0      # the burstable gate closes at the first sample below 1.0: offload it

[policy.approval]
timeout_s = 3

[[islands]]
id = "cloud"
kind = "cloud"
endpoint = "http://127.0.0.1:9/v1"
trust = { base = 1.0, certification = "iso27001", jurisdiction = "same-country" }
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0
"""
)

BURSTABLE = {"X-IslandRun-Tier": "burstable", "X-IslandRun-Sensitivity": "internal"}
SECRET_EMAIL = "jane.doe.4471@example.com"


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    running = Daemon(tmp_path_factory.mktemp("pipeline"), CONFIG).start()
    yield running
    running.stop()


def _chat(daemon: Daemon, content: str, headers: dict[str, str], out: dict[str, Any]) -> None:
    with daemon.client() as client:
        response = client.post(
            "/v1/chat/completions",
            json={"model": "default", "messages": [{"role": "user", "content": content}], "max_tokens": 6},
            headers=headers,
        )
    out["status"] = response.status_code
    out["body"] = response.json()


def _wait_pending(daemon: Daemon, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    with daemon.client() as client:
        while time.monotonic() < deadline:
            pending = client.get("/api/approvals").json()
            if pending:
                return dict(pending[0])
            time.sleep(0.05)
    raise AssertionError("no approval showed up")


def _answer(daemon: Daemon, approval_id: str, answer: str) -> httpx.Response:
    with daemon.client() as client:
        return client.post(f"/api/approvals/{approval_id}", json={"answer": answer})


def _ask_in_background(daemon: Daemon, content: str = "Hi") -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}
    thread = threading.Thread(target=_chat, args=(daemon, content, BURSTABLE, out))
    thread.start()
    return thread, out


def test_keep_local_runs_the_request_here(daemon: Daemon) -> None:
    thread, out = _ask_in_background(daemon, f"Write to {SECRET_EMAIL} please")
    pending = _wait_pending(daemon)
    assert pending["island"] == "cloud" and pending["tier"] == 3
    assert pending["entities"].get("EMAIL") == 1 and SECRET_EMAIL not in json.dumps(pending)
    assert _answer(daemon, pending["id"], "local").status_code == 200
    thread.join(180)
    assert out["status"] == 200, out
    assert out["body"]["islandrun"]["island"] == "local"


def test_deny_and_no_answer_both_refuse(daemon: Daemon) -> None:
    thread, out = _ask_in_background(daemon)
    _answer(daemon, _wait_pending(daemon)["id"], "deny")
    thread.join(60)
    assert out["status"] == 403 and "not approved" in out["body"]["error"]["message"]

    started = time.monotonic()
    thread, out = _ask_in_background(daemon)
    thread.join(60)
    assert out["status"] == 403  # the 3 s timeout answered "deny"
    assert 2.5 <= time.monotonic() - started < 30


def test_send_to_an_island_that_is_down_fails_clearly(daemon: Daemon) -> None:
    thread, out = _ask_in_background(daemon)
    _answer(daemon, _wait_pending(daemon)["id"], "send")
    thread.join(120)
    assert out["status"] == 502, out
    message = out["body"]["error"]["message"]
    assert "cloud" in message and "connect" in message.lower()


def test_a_streamed_request_to_an_island_that_is_down_gets_a_status_not_a_broken_stream(daemon: Daemon) -> None:
    body = {
        "model": "default",
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 4,
        "stream": True,
    }
    out: dict[str, Any] = {}

    def ask() -> None:
        with (
            daemon.client() as client,
            client.stream("POST", "/v1/chat/completions", json=body, headers=BURSTABLE) as r,
        ):
            out["status"] = r.status_code
            out["body"] = r.read().decode()

    thread = threading.Thread(target=ask)
    thread.start()
    _answer(daemon, _wait_pending(daemon)["id"], "send")
    thread.join(120)
    assert out["status"] == 502, out
    assert "cloud" in json.loads(out["body"])["error"]["message"]


def test_an_unknown_approval_is_404(daemon: Daemon) -> None:
    response = _answer(daemon, "nope", "send")
    assert response.status_code == 404


def test_audit_records_types_and_counts_never_values(daemon: Daemon) -> None:
    with daemon.client() as client:
        rows = client.get("/api/audit", params={"limit": 1000}).json()
        assert client.get("/api/audit/verify").json()["ok"]
    outcomes = {r["outcome"] for r in rows}
    assert {"ok", "denied"} <= outcomes
    assert any(r["entities"].get("EMAIL") == 1 for r in rows)
    db = daemon.home / "data" / "audit.sqlite3"
    raw = b"".join(p.read_bytes() for p in db.parent.glob("audit.sqlite3*"))
    assert SECRET_EMAIL.encode() not in raw
    assert sqlite3.connect(db).execute("SELECT count(*) FROM audit").fetchone()[0] == len(rows)


def test_events_stream_routes_and_approvals(daemon: Daemon) -> None:
    seen: list[str] = []

    def listen() -> None:
        with (
            daemon.client() as client,
            client.stream("GET", "/api/events", params={"types": "approval.,route"}) as feed,
        ):
            for line in feed.iter_lines():
                if line.startswith("event: "):
                    seen.append(line.removeprefix("event: "))
                if "approval.decided" in seen:
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    time.sleep(0.5)
    thread, _out = _ask_in_background(daemon)
    _answer(daemon, _wait_pending(daemon)["id"], "deny")
    thread.join(60)
    listener.join(30)
    assert "approval.requested" in seen and "approval.decided" in seen


def test_dry_run_explains_every_island(daemon: Daemon) -> None:
    with daemon.client() as client:
        decision = client.post("/api/route", json={"sensitivity": "restricted", "tier": "primary"}).json()
        assert decision["island"] == "local"
        assert [i["id"] for i in decision["islands"]] == ["cloud", "local"]
        nowhere = client.post("/api/route", json={"sensitivity": "public", "dataset": "tax-2025"})
        assert nowhere.status_code == 409
        assert {i["id"] for i in nowhere.json()["islands"]} == {"cloud", "local"}


def test_privacy_preview_and_metrics(daemon: Daemon) -> None:
    with daemon.client() as client:
        scan = client.post("/api/privacy/scan", json={"text": f"Mail {SECRET_EMAIL} today"}).json()
        assert any(e["type"] == "EMAIL" for e in scan["entities"])
        metrics = client.get("/metrics").text
        assert "islandrun_http_requests_total" in metrics and "islandrun_local_capacity" in metrics
        assert client.get("/openapi.json").json()["info"]["title"] == "IslandRun"
