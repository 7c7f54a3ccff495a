"""The pipeline in memory: approvals (answered, denied, timed out), audit rows with entity types but
never values, events, dry-run routing and the privacy preview.

The configured cloud island points at a closed local port (nothing listens there), so "send"
ends in a clear 502 naming the island that failed; test_remote_routing.py has a listening one.
(Moved here from tests/daemon/test_pipeline.py, which started ``islandrun serve`` for it.)
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from typing import Any

import httpx
import pytest

from .conftest import BASE_CONFIG, InMemoryDaemon, Start
from .fake_engine import ECHO_PREFIX

TIMEOUT_S = 0.5  # the approval timeout: an unanswered request is denied after it

CONFIG = (
    BASE_CONFIG
    + f"""
[policy.thresholds]
burstable = 1.0      # the burstable gate closes at the first sample below 1.0: offload it

[policy.approval]
timeout_s = {TIMEOUT_S}

[[islands]]
id = "cloud"
kind = "cloud"
endpoint = "http://127.0.0.1:9/v1"
trust = {{ base = 1.0, certification = "iso27001", jurisdiction = "same-country" }}
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0
"""
)

BURSTABLE = {"X-IslandRun-Tier": "burstable", "X-IslandRun-Sensitivity": "internal"}
SECRET_EMAIL = "jane.doe.4471@example.com"


@pytest.fixture
async def daemon(start_daemon: Start) -> InMemoryDaemon:
    return await start_daemon(CONFIG)


def _body(content: str, *, stream: bool = False) -> dict[str, Any]:
    return {
        "model": "default",
        "messages": [{"role": "user", "content": content}],
        "max_tokens": 6,
        "stream": stream,
    }


async def _chat(client: httpx.AsyncClient, content: str = "Hi") -> httpx.Response:
    return await client.post("/v1/chat/completions", json=_body(content), headers=BURSTABLE)


async def _pending(client: httpx.AsyncClient) -> dict[str, Any]:
    """The first approval waiting for an answer (it appears once the request reached the gate)."""
    for _ in range(1000):
        pending = (await client.get("/api/approvals")).json()
        if pending:
            return dict(pending[0])
        await asyncio.sleep(0.01)
    raise AssertionError("no approval showed up")


async def _answer(client: httpx.AsyncClient, approval_id: str, answer: str) -> httpx.Response:
    return await client.post(f"/api/approvals/{approval_id}", json={"answer": answer})


async def test_keep_local_runs_the_request_here(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        asked = asyncio.create_task(_chat(client, f"Write to {SECRET_EMAIL} please"))
        pending = await _pending(client)
        assert pending["island"] == "cloud" and pending["tier"] == 3
        assert pending["entities"].get("EMAIL") == 1 and SECRET_EMAIL not in json.dumps(pending)
        assert (await _answer(client, pending["id"], "local")).status_code == 200
        response = await asked
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["islandrun"]["island"] == "local"
    # kept on this device: the local model got the text as written, nothing replaced
    assert body["choices"][0]["message"]["content"].startswith(ECHO_PREFIX + "Write to ")
    assert SECRET_EMAIL in daemon.engine.seen[-1].messages[-1].content
    assert body["islandrun"]["sanitized"] is False


async def test_deny_and_no_answer_both_refuse(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        asked = asyncio.create_task(_chat(client))
        await _answer(client, (await _pending(client))["id"], "deny")
        denied = await asked
        assert denied.status_code == 403 and "not approved" in denied.json()["error"]["message"]

        started = time.monotonic()
        unanswered = await _chat(client)
        assert unanswered.status_code == 403  # the timeout answered "deny"
        assert time.monotonic() - started >= TIMEOUT_S * 0.9  # not before the timeout (a lower bound only)
        assert (await client.get("/api/approvals")).json() == []
    assert daemon.engine.seen == []  # a refused request never reached a model


async def test_send_to_an_island_that_is_down_fails_clearly(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        asked = asyncio.create_task(_chat(client))
        await _answer(client, (await _pending(client))["id"], "send")
        response = await asked
    assert response.status_code == 502, response.text
    message = response.json()["error"]["message"]
    assert "cloud" in message and "connect" in message.lower()


async def test_a_streamed_request_to_an_island_that_is_down_gets_a_status_not_a_broken_stream(
    daemon: InMemoryDaemon,
) -> None:
    async def ask(client: httpx.AsyncClient) -> tuple[int, str]:
        async with client.stream("POST", "/v1/chat/completions", json=_body("Hi", stream=True), headers=BURSTABLE) as r:
            return r.status_code, (await r.aread()).decode()

    async with daemon.client() as client:
        asked = asyncio.create_task(ask(client))
        await _answer(client, (await _pending(client))["id"], "send")
        status, text = await asked
    assert status == 502, text
    assert "cloud" in json.loads(text)["error"]["message"]


async def test_an_unknown_approval_is_404(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        response = await _answer(client, "nope", "send")
    assert response.status_code == 404
    assert "message" in response.json()["error"]


async def test_audit_records_types_and_counts_never_values(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        asked = asyncio.create_task(_chat(client, f"Write to {SECRET_EMAIL} please"))
        await _answer(client, (await _pending(client))["id"], "local")
        assert (await asked).status_code == 200
        asked = asyncio.create_task(_chat(client))
        await _answer(client, (await _pending(client))["id"], "deny")
        assert (await asked).status_code == 403

        rows = (await client.get("/api/audit", params={"limit": 1000})).json()
        assert (await client.get("/api/audit/verify")).json()["ok"]
    assert {r["outcome"] for r in rows} >= {"ok", "denied"}
    assert any(r["entities"].get("EMAIL") == 1 for r in rows)
    db = daemon.home / "data" / "audit.sqlite3"
    raw = b"".join(p.read_bytes() for p in db.parent.glob("audit.sqlite3*"))
    assert SECRET_EMAIL.encode() not in raw
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == len(rows)


async def test_events_stream_routes_and_approvals(daemon: InMemoryDaemon) -> None:
    seen: list[str] = []
    bus = daemon.services.events
    async with (
        daemon.client() as client,
        client.stream("GET", "/api/events", params={"types": "approval.,route"}) as feed,
    ):
        assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/event-stream")
        lines = feed.aiter_lines()
        assert await anext(lines) == ": connected"
        for _ in range(1000):  # the feed subscribes right after its first line: events from then on
            if bus.subscribers:
                break
            await asyncio.sleep(0.01)
        asked = asyncio.create_task(_chat(client))
        await _answer(client, (await _pending(client))["id"], "deny")
        assert (await asked).status_code == 403
        async for line in lines:
            if line.startswith("event: "):
                seen.append(line.removeprefix("event: "))
            if "approval.decided" in seen:
                break
    assert "approval.requested" in seen and seen.index("approval.requested") < seen.index("approval.decided")
    assert all(t.startswith(("approval.", "route")) for t in seen)  # only the types asked for


async def test_dry_run_explains_every_island(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        decision = (await client.post("/api/route", json={"sensitivity": "restricted", "tier": "primary"})).json()
        assert decision["island"] == "local"
        assert [i["id"] for i in decision["islands"]] == ["cloud", "local"]
        nowhere = await client.post("/api/route", json={"sensitivity": "public", "dataset": "tax-2025"})
    assert nowhere.status_code == 409
    assert {i["id"] for i in nowhere.json()["islands"]} == {"cloud", "local"}
    assert daemon.engine.seen == []  # a dry run runs nothing


async def test_privacy_preview_and_metrics(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        scan = (await client.post("/api/privacy/scan", json={"text": f"Mail {SECRET_EMAIL} today"})).json()
        assert any(e["type"] == "EMAIL" for e in scan["entities"])
        metrics = (await client.get("/metrics")).text
        assert "islandrun_http_requests_total" in metrics and "islandrun_local_capacity" in metrics
        assert (await client.get("/openapi.json")).json()["info"]["title"] == "IslandRun"
