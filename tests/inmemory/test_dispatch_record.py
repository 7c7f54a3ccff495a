"""The books of a request that leaves the device, in order: its ``dispatch`` row is on disk before
the island receives a byte (the row is committed while the request is sanitised, and nothing is
sent until it is durable), and its ``route`` row follows it in the chain once the answer is back.
What the island sees is read from the audit file by another connection at the moment the request
arrives, as a crash at that moment would leave it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import Response

from .conftest import BASE_CONFIG, Start
from .fake_island import FakeIsland

ISLAND = """
[policy.thresholds]
burstable = 1.0

[[islands]]
id = "lab-edge"
kind = "edge"
endpoint = "{url}"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
"""


@dataclass
class RecordingIsland(FakeIsland):
    """A :class:`FakeIsland` that reads the daemon's audit file as each request arrives."""

    audit_path: Path | None = None
    on_disk: list[list[tuple[str, str]]] = field(default_factory=list)

    async def _chat(self, request: Request) -> Response:
        assert self.audit_path is not None
        with contextlib.closing(sqlite3.connect(self.audit_path)) as other:
            self.on_disk.append(other.execute("SELECT event, request_id FROM audit ORDER BY seq").fetchall())
        return await super()._chat(request)


@pytest.fixture
async def recording_island() -> AsyncIterator[RecordingIsland]:
    running = RecordingIsland()
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.mark.parametrize("stream", [False, True])
async def test_the_dispatch_row_is_on_disk_before_the_island_gets_the_request(
    start_daemon: Start, recording_island: RecordingIsland, stream: bool
) -> None:
    daemon = await start_daemon(BASE_CONFIG + ISLAND.format(url=recording_island.url))
    recording_island.audit_path = daemon.services.audit.path
    body: dict[str, Any] = {
        "model": "default",
        "messages": [{"role": "user", "content": "Write to Maria Kowalski (maria.k@example.org) about Tuesday."}],
        "max_tokens": 16,
        "stream": stream,
        "islandrun": {"tier": "burstable"},
    }
    async with daemon.client() as client:
        for _ in range(3):  # the second and third find earlier requests' rows before their own
            async with client.stream("POST", "/v1/chat/completions", json=body) as response:
                assert response.status_code == 200, await response.aread()
                await response.aread()
            rows = (await client.get("/api/audit", params={"limit": 50})).json()
            newest = rows[0]
            assert newest["event"] == "route" and newest["outcome"] == "ok" and newest["island"] == "lab-edge"
            request_id = newest["request_id"]
            dispatch = [r for r in rows if r["request_id"] == request_id and r["event"] == "dispatch"]
            assert len(dispatch) == 1 and dispatch[0]["seq"] < newest["seq"]
            # at arrival, this request's dispatch row was committed and its route row not yet written
            seen = recording_island.on_disk[-1]
            assert ("dispatch", request_id) in seen
            assert ("route", request_id) not in seen
        verified = (await client.get("/api/audit/verify")).json()
    assert len(recording_island.on_disk) == 3
    assert verified["ok"], verified
