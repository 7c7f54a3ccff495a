"""The whole pipeline to a real remote island: the daemon sends a request with personal data to
an edge island (``llama_cpp.server`` on the embedded model, nobody here wrote it) through a
recording proxy. On the wire only placeholders travel; the client gets the reply restored, the
audit row says it was sanitized, and an island that is down is failed over before the first
token. Against a real ``llama_cpp.server`` (slow); the same walk against an in-process island, and
more, is tests/inmemory/test_remote_routing.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from remote.proxy import ProxyServer, RecordingProxy

from .conftest import BASE_CONFIG, Daemon

pytestmark = pytest.mark.slow

EMAIL = "maria.kowalski.83@example.org"
PHONE = "+1 415 555 0199"
PROMPT = f"Write one short sentence to Maria Kowalski ({EMAIL}, {PHONE}) confirming Tuesday."


@pytest.fixture(scope="module")
def proxy(llama_server: str) -> Iterator[RecordingProxy]:
    with ProxyServer(RecordingProxy(llama_server)) as running:
        yield running


@pytest.fixture(scope="module")
def daemon(proxy: RecordingProxy, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    config = (
        BASE_CONFIG
        + f"""
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
endpoint = "{proxy.url}/v1"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
expected_latency_ms = 50
"""
    )
    running = Daemon(tmp_path_factory.mktemp("remote-e2e"), config).start()
    yield running
    running.stop()


def _ask(daemon: Daemon, stream: bool) -> tuple[int, dict[str, Any] | list[dict[str, Any]]]:
    body = {
        "model": "default",
        "messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": PROMPT}],
        "max_tokens": 24,
        "stream": stream,
        "islandrun": {"tier": "burstable", "conversation_id": "e2e"},
    }
    with daemon.client() as client:
        if not stream:
            response = client.post("/v1/chat/completions", json=body)
            return response.status_code, response.json()
        with client.stream("POST", "/v1/chat/completions", json=body) as response:
            events = [json.loads(line[6:]) for line in response.iter_lines() if line.startswith("data: {")]
            return response.status_code, events


def _sent(proxy: RecordingProxy) -> str:
    return "\n".join(x.body.decode() for x in proxy.exchanges if x.path.endswith("/chat/completions"))


@pytest.mark.parametrize("stream", [False, True])
def test_personal_data_leaves_only_as_placeholders(daemon: Daemon, proxy: RecordingProxy, stream: bool) -> None:
    proxy.exchanges.clear()
    status, answer = _ask(daemon, stream)
    assert status == 200, answer
    wire = _sent(proxy)
    assert wire, "nothing reached the edge island"
    for original in (EMAIL, PHONE, "Kowalski"):
        assert original not in wire
    assert "[CONTACT_" in wire and "[PERSON_" in wire
    meta = answer["islandrun"] if isinstance(answer, dict) else answer[0]["islandrun"]
    assert meta["island"] == "lab-edge" and meta["sanitized"] is True
    with daemon.client() as client:
        row = client.get("/api/audit", params={"limit": 1}).json()[0]
    assert row["island"] == "lab-edge" and row["sanitized"] is True and row["outcome"] == "ok"
    assert "down-edge" in row["detail"]  # served after failover from the island that was down
    assert row["entities"].get("EMAIL") == 1
