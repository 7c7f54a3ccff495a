"""Requests that leave the device, with the daemon in memory and a remote island on a loopback port
(:class:`.fake_island.FakeIsland`, configured as any island): only placeholders travel, the reply
comes back restored (streamed in pieces that cut placeholders in two, or not), the audit row says
it was sanitized, an island that is down is failed over before the first token, and one that
answers an error is named in the error. tests/daemon/test_remote_e2e.py keeps the same walk
against a real ``llama_cpp.server`` (slow)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from .conftest import BASE_CONFIG, InMemoryDaemon, Start
from .fake_engine import ECHO_PREFIX
from .fake_island import FakeIsland

EMAIL = "maria.kowalski.83@example.org"
PHONE = "+1 415 555 0199"
PROMPT = f"Write one short sentence to Maria Kowalski ({EMAIL}, {PHONE}) confirming Tuesday."

ISLANDS = """
[policy.thresholds]
burstable = 1.0      # burstable work leaves this device at the first sample below 1.0

[[islands]]
id = "down-edge"     # listed first by score (cheaper), but nothing listens there
kind = "edge"
endpoint = "http://127.0.0.1:9/v1"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
expected_latency_ms = 10

[[islands]]
id = "lab-edge"
kind = "edge"
endpoint = "{url}"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
expected_latency_ms = 50
"""


@pytest.fixture
async def daemon(start_daemon: Start, island: FakeIsland) -> InMemoryDaemon:
    return await start_daemon(BASE_CONFIG + ISLANDS.format(url=island.url))


async def _ask(client: httpx.AsyncClient, stream: bool, content: str = PROMPT) -> tuple[int, Any]:
    body = {
        "model": "default",
        "messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": content}],
        "max_tokens": 24,
        "stream": stream,
        "islandrun": {"tier": "burstable", "conversation_id": "e2e"},
    }
    if not stream:
        response = await client.post("/v1/chat/completions", json=body)
        return response.status_code, response.json()
    async with client.stream("POST", "/v1/chat/completions", json=body) as response:
        if response.status_code != 200:
            return response.status_code, json.loads(await response.aread())
        return 200, [json.loads(line[6:]) async for line in response.aiter_lines() if line.startswith("data: {")]


def _text(answer: Any) -> str:
    if isinstance(answer, dict):
        return str(answer["choices"][0]["message"]["content"])
    return "".join(e["choices"][0]["delta"].get("content") or "" for e in answer if e.get("choices"))


@pytest.mark.parametrize("stream", [False, True])
async def test_personal_data_leaves_only_as_placeholders(
    daemon: InMemoryDaemon, island: FakeIsland, stream: bool
) -> None:
    async with daemon.client() as client:
        status, answer = await _ask(client, stream)
        row = (await client.get("/api/audit", params={"limit": 1})).json()[0]
    assert status == 200, answer
    wire = island.sent_text()
    assert wire, "nothing reached the edge island"
    for original in (EMAIL, PHONE, "Kowalski"):
        assert original not in wire
    assert "[CONTACT_" in wire and "[PERSON_" in wire
    # the island echoed what it got: the user reads it with the values put back
    assert _text(answer) == ECHO_PREFIX + PROMPT
    meta = answer["islandrun"] if isinstance(answer, dict) else answer[0]["islandrun"]
    assert meta["island"] == "lab-edge" and meta["sanitized"] is True
    assert row["island"] == "lab-edge" and row["sanitized"] is True and row["outcome"] == "ok"
    assert "down-edge" in row["detail"]  # served after failover from the island that was down
    assert row["entities"].get("EMAIL") == 1
    assert daemon.engine.seen == []  # nothing ran on this device


async def test_what_travels_is_the_request_as_written_apart_from_the_values(
    daemon: InMemoryDaemon, island: FakeIsland
) -> None:
    async with daemon.client() as client:
        status, _ = await _ask(client, False)
    assert status == 200
    sent = island.received[-1]
    assert sent.path == "/v1/chat/completions"
    assert [m["role"] for m in sent.body["messages"]] == ["system", "user"]
    assert sent.body["messages"][0]["content"] == "You are terse."
    assert sent.body["max_tokens"] == 24
    assert "islandrun" not in sent.body  # IslandRun's own options stay here
    assert "authorization" not in sent.headers  # no key is configured: the daemon's token never leaves


async def test_an_island_that_answers_an_error_is_named(daemon: InMemoryDaemon, island: FakeIsland) -> None:
    island.fail_statuses.extend([500] * 5)
    async with daemon.client() as client:
        status, answer = await _ask(client, False, "Say hello to the team.")
    assert status == 502, answer
    assert "lab-edge" in answer["error"]["message"]


async def test_a_public_local_request_stays_here(daemon: InMemoryDaemon, island: FakeIsland) -> None:
    body = {"model": "default", "messages": [{"role": "user", "content": "Hello there"}], "max_tokens": 8}
    async with daemon.client() as client:
        response = await client.post("/v1/chat/completions", json=body, headers={"X-IslandRun-Tier": "primary"})
    assert response.status_code == 200, response.text
    assert response.json()["islandrun"]["island"] == "local"
    assert response.json()["choices"][0]["message"]["content"] == ECHO_PREFIX + "Hello there"
    assert island.received == []


GEORGIAN = "Please tidy this note: ნინო ბერიძე, დაბადებული 1984 წელს, დიაბეტი."


@pytest.mark.parametrize("stream", [False, True])
async def test_text_in_a_script_mist_cannot_read_is_refused_for_the_island_and_nothing_leaves(
    daemon: InMemoryDaemon, island: FakeIsland, stream: bool
) -> None:
    async with daemon.client() as client:
        status, answer = await _ask(client, stream, GEORGIAN)
    assert status == 403, answer
    message = answer["error"]["message"]
    assert "messages[1].content" in message and "Georgian" in message and "send_unsanitizable" in message
    assert island.received == []


async def test_send_unsanitizable_lets_such_text_go_with_the_rest_sanitised(
    start_daemon: Start, island: FakeIsland
) -> None:
    config = BASE_CONFIG + ISLANDS.format(url=island.url) + "\n[privacy]\nsend_unsanitizable = true\n"
    daemon = await start_daemon(config)
    async with daemon.client() as client:
        status, answer = await _ask(client, False, f"{GEORGIAN} Copy {EMAIL}.")
    assert status == 200, answer
    wire = island.sent_text()
    assert "ნინო ბერიძე" in wire and EMAIL not in wire  # the user's policy; what MIST can read is still replaced
