"""Bad input, with the daemon in memory behind the TCP listener's guards: a clear 4xx in the OpenAI
error shape, never a 500, and the daemon keeps serving (issue 16's bad input, issue 22's body limit,
bounds and 500s). (Moved here from tests/daemon/test_bad_input.py, which started ``islandrun serve``.)"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from .conftest import InMemoryDaemon


def _error(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert isinstance(body.get("error"), dict), body
    assert body["error"]["message"] and body["error"]["type"]
    return dict(body["error"])


async def _raw(client: httpx.AsyncClient, path: str, body: bytes) -> httpx.Response:
    return await client.post(path, content=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        # a lone surrogate is valid JSON (\ud800) but not text that can be sent on
        (b'{"model": "default", "messages": [{"role": "user", "content": "hi \\ud800 there"}]}', 400, "surrogate"),
        # JSON nested far deeper than anything IslandRun reads
        (
            b'{"model": "default", "messages": [{"role": "user", "content": "x"}], "tools": '
            + b"[" * 5000
            + b"]" * 5000
            + b"}",
            400,
            "",
        ),
        # a field MIST cannot read is named, not dropped
        (
            b'{"model": "default", "messages": [{"role": "user", "content": "hi", "metadata": {"a": 1}}]}',
            400,
            "metadata",
        ),
        (
            b'{"model": "default", "messages": [{"role": "user", "content": [{"type": "video", "video": "x"}]}]}',
            400,
            "video",
        ),
        (b'{"model": "default", "messages": []}', 400, "messages"),
        (b"not json at all", 400, ""),
    ],
)
async def test_malformed_chat_requests_answer_4xx_in_the_openai_shape(
    daemon: InMemoryDaemon, body: bytes, status: int, words: str
) -> None:
    async with daemon.client() as client:
        response = await _raw(client, "/v1/chat/completions", body)
        assert response.status_code == status, response.text
        assert words in _error(response)["message"]
        assert (await client.get("/api/health")).status_code == 200


async def test_tool_arguments_nested_ten_thousand_deep_are_refused(daemon: InMemoryDaemon) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    messages = [
        {"role": "user", "content": "go"},
        {
            "role": "assistant",
            "tool_calls": [{"id": "1", "type": "function", "function": {"name": "f", "arguments": deep}}],
        },
        {"role": "tool", "tool_call_id": "1", "content": "ok"},
    ]
    async with daemon.client() as client:
        response = await client.post("/v1/chat/completions", json={"model": "default", "messages": messages})
    assert response.status_code == 400 and "nested" in _error(response)["message"]


async def test_a_megabyte_prompt_is_refused_before_any_work(daemon: InMemoryDaemon) -> None:
    prompt = "word " * 400_000  # 2 MB of text, under the body limit
    async with daemon.client() as client:
        response = await client.post(
            "/v1/chat/completions", json={"model": "default", "messages": [{"role": "user", "content": prompt}]}
        )
    assert response.status_code == 413, response.text
    assert "max_request_chars" in _error(response)["message"]


async def test_a_body_over_the_limit_is_refused_with_413(daemon: InMemoryDaemon) -> None:
    body = json.dumps({"model": "default", "messages": [{"role": "user", "content": "x" * (9 << 20)}]}).encode()
    async with daemon.client() as client:
        response = await _raw(client, "/v1/chat/completions", body)
        assert response.status_code == 413 and "max_body_bytes" in _error(response)["message"]

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: refused as soon as it passes the limit
            for _ in range(20):
                sent.append(1 << 20)
                yield b"x" * (1 << 20)

        sent: list[int] = []

        streamed = await client.post(
            "/v1/chat/completions", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert streamed.status_code == 413
        assert sum(sent) < 20 << 20  # refused before the rest was read
        assert (await client.get("/api/health")).status_code == 200


async def test_unknown_paths_and_methods_answer_in_the_error_shape(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        missing = await client.get("/v1/nothing-here")
        assert missing.status_code == 404 and "/v1/nothing-here" in _error(missing)["message"]
        wrong = await client.delete("/v1/chat/completions")
        assert wrong.status_code == 405 and "DELETE" in _error(wrong)["message"]


async def test_out_of_range_query_and_path_values_are_400_not_500(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        audit = await client.get("/api/audit", params={"before": "9223372036854775808"})
        assert audit.status_code == 400, audit.text
        for folder in ("/tmp/a\x00b", "/" + "x" * 300 + "/y", "/" + "/".join(["abc"] * 1100)):
            made = await client.post("/api/collections", json={"name": "c1", "folder": folder})
            assert made.status_code == 400, (folder[:20], made.text)
            _error(made)
        infinite = await client.put(
            "/api/budgets", content=b'{"daily_usd": Infinity}', headers={"Content-Type": "application/json"}
        )
        assert infinite.status_code == 400 and "finite" in _error(infinite)["message"]
        bad_island = await client.post(
            "/api/islands", json={"id": "meta", "kind": "edge", "endpoint": "http://169.254.169.254/v1"}
        )
        assert bad_island.status_code == 400 and "metadata" in _error(bad_island)["message"]
        crlf = await client.post(
            "/api/islands", json={"id": "crlf", "kind": "edge", "endpoint": "http://a.example/\r\nX: y"}
        )
        assert crlf.status_code == 400


async def test_a_body_that_is_not_json_is_named_as_such(daemon: InMemoryDaemon) -> None:
    body = b'{"model": "default", "messages": [{"role": "user", "content": "hi"}]}'
    async with daemon.client() as client:
        wrong_type = await client.post("/v1/chat/completions", content=body, headers={"Content-Type": "text/plain"})
        broken = await _raw(client, "/v1/chat/completions", b'{"model": "default", "messages": [')
        untyped = await client.post("/v1/chat/completions", content=body)
    assert wrong_type.status_code == 415
    assert "application/json" in _error(wrong_type)["message"] and "text/plain" in _error(wrong_type)["message"]
    assert broken.status_code == 400 and "not valid JSON" in _error(broken)["message"]
    assert untyped.status_code == 400 and "Content-Type: application/json" in _error(untyped)["message"]


async def test_a_peer_cannot_be_added_by_hand(daemon: InMemoryDaemon) -> None:
    # Listed by hand it would show at trust 1.00 under "your own devices" yet never be used.
    async with daemon.client() as client:
        added = await client.post(
            "/api/islands", json={"id": "laptop", "kind": "peer", "endpoint": "https://10.0.0.7:47521"}
        )
        listed = [i["id"] for i in (await client.get("/api/islands")).json()]
    assert added.status_code == 400 and "pairing" in _error(added)["message"]
    assert "laptop" not in listed
