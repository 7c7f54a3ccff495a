"""Anthropic's own client (the `anthropic` package) against the daemon's /v1/messages on the embedded
model: plain and streamed messages, tools, count_tokens, errors in Anthropic's shape, and the same
books (islandrun meta, X-IslandRun headers, the audit row) as the OpenAI surface."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import anthropic
import httpx
import jsonschema
import pytest

from islandrun.core.daemon.anthropic_api import _sse, error_response
from islandrun.core.remote.errors import UpstreamError

from .conftest import Daemon

PROMPT: list[Any] = [{"role": "user", "content": "Name three colours."}]
WEATHER = {
    "name": "get_weather",
    "description": "The current weather in a city.",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        "required": ["city"],
    },
}


def _client(daemon: Daemon) -> anthropic.Anthropic:
    # Bearer token (auth_token): the daemon's token header. x-api-key: see the test at the end.
    return anthropic.Anthropic(base_url=daemon.url, auth_token=daemon.token, api_key=None, max_retries=0, timeout=180)


def _audit(daemon: Daemon) -> list[dict[str, Any]]:
    with daemon.client() as client:
        rows: list[dict[str, Any]] = client.get("/api/audit", params={"limit": 1000}).json()
    return rows


def test_a_message_with_system_prompt_names_island_route_and_usage(daemon: Daemon) -> None:
    raw = _client(daemon).messages.with_raw_response.create(
        model="default",
        max_tokens=12,
        system="You answer in one short line.",
        messages=PROMPT,
        metadata={"user_id": "user-1"},
    )
    message = raw.parse()
    assert message.type == "message" and message.role == "assistant" and message.id.startswith("msg_")
    assert [block.type for block in message.content] == ["text"]
    assert message.content[0].type == "text" and message.content[0].text.strip()
    assert message.stop_reason in ("end_turn", "max_tokens") and message.stop_sequence is None
    assert message.usage.input_tokens > 0 and 1 <= message.usage.output_tokens <= 12
    meta = (message.model_extra or {})["islandrun"]
    assert meta["island"] == "local" and meta["island_kind"] == "local"
    assert raw.headers["x-islandrun-island"] == "local"
    assert raw.headers["x-islandrun-route-id"] == meta["route_id"]
    # The request is in the audit log like any other: same route, answered.
    rows = [r for r in _audit(daemon) if r["route_id"] == meta["route_id"]]
    assert rows and rows[0]["island"] == "local" and rows[0]["outcome"] == "ok"


def test_max_tokens_is_the_stop_reason_when_the_limit_cuts(daemon: Daemon) -> None:
    message = _client(daemon).messages.create(
        model="default",
        max_tokens=3,
        messages=[{"role": "user", "content": "Write a long story about the sea."}],
    )
    assert message.stop_reason == "max_tokens" and message.usage.output_tokens == 3


def test_stop_sequences_cut_the_answer_where_they_match(daemon: Daemon) -> None:
    client = _client(daemon)
    ask: list[Any] = [{"role": "user", "content": "Count from 1 to 20, separated by commas."}]
    # This SDK has no temperature argument (newer Claude models take none); IslandRun's islands do.
    greedy = {"temperature": 0.0}
    whole = client.messages.create(model="default", max_tokens=60, messages=ask, extra_body=greedy)
    text = whole.content[0].text if whole.content and whole.content[0].type == "text" else ""
    assert "7" in text, text  # greedy: the same answer both times, so the cut can be checked
    cut = client.messages.create(model="default", max_tokens=60, messages=ask, stop_sequences=["7"], extra_body=greedy)
    assert cut.content[0].type == "text" and cut.content[0].text == text[: text.index("7")]
    assert cut.stop_reason == "end_turn"  # a stop-sequence match is not told apart from a natural end


def test_islandrun_headers_apply_as_on_openai_chat(daemon: Daemon) -> None:
    message = _client(daemon).messages.create(
        model="default",
        max_tokens=4,
        messages=PROMPT,
        extra_headers={"X-IslandRun-Sensitivity": "confidential", "X-IslandRun-Tier": "primary"},
    )
    meta = (message.model_extra or {})["islandrun"]
    assert meta["sensitivity"] == "confidential" and meta["island"] == "local"


def test_streamed_text_and_final_message(daemon: Daemon) -> None:
    with _client(daemon).messages.stream(model="default", max_tokens=16, messages=PROMPT) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text.strip()
    assert final.content[0].type == "text" and final.content[0].text == text
    assert final.stop_reason in ("end_turn", "max_tokens")
    assert final.usage.input_tokens > 0 and final.usage.output_tokens >= 1
    assert (final.model_extra or {})["islandrun"]["island"] == "local"


def test_streamed_events_come_in_anthropic_order(daemon: Daemon) -> None:
    with (
        daemon.client() as client,
        client.stream(
            "POST", "/v1/messages", json={"model": "default", "max_tokens": 8, "messages": PROMPT, "stream": True}
        ) as response,
    ):
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-islandrun-island"] == "local"
        lines = list(response.iter_lines())
    names = [line.removeprefix("event: ") for line in lines if line.startswith("event: ")]
    payloads = [json.loads(line.removeprefix("data: ")) for line in lines if line.startswith("data: ")]
    assert [p["type"] for p in payloads] == names
    assert names[:3] == ["message_start", "ping", "content_block_start"]
    assert names[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert set(names[3:-3]) == {"content_block_delta"}
    start = payloads[0]["message"]
    assert start["islandrun"]["island"] == "local" and start["content"] == [] and start["stop_reason"] is None
    assert response.headers["x-islandrun-route-id"] == start["islandrun"]["route_id"]
    delta = payloads[-2]
    assert delta["delta"]["stop_reason"] in ("end_turn", "max_tokens") and delta["usage"]["output_tokens"] >= 1


def test_a_named_tool_is_called_with_input_matching_its_schema(daemon: Daemon) -> None:
    # Needs the local engine's tool support (grammar-constrained calls), built alongside this.
    message = _client(daemon).messages.create(
        model="default",
        max_tokens=64,
        tools=[WEATHER],
        tool_choice={"type": "tool", "name": "get_weather"},
        messages=[{"role": "user", "content": "What is the weather in Paris?"}],
    )
    calls = [block for block in message.content if block.type == "tool_use"]
    assert len(calls) >= 1 and message.stop_reason == "tool_use"
    call = calls[0]
    assert call.type == "tool_use" and call.name == "get_weather" and call.id
    assert isinstance(call.input, dict)
    jsonschema.validate(call.input, WEATHER["input_schema"])


def test_a_named_tool_streamed_arrives_as_a_tool_use_block(daemon: Daemon) -> None:
    with _client(daemon).messages.stream(
        model="default",
        max_tokens=64,
        tools=[WEATHER],
        tool_choice={"type": "tool", "name": "get_weather"},
        messages=[{"role": "user", "content": "Weather in Oslo?"}],
    ) as stream:
        final = stream.get_final_message()
    calls = [block for block in final.content if block.type == "tool_use"]
    assert calls and final.stop_reason == "tool_use"
    assert calls[0].type == "tool_use" and calls[0].name == "get_weather"
    jsonschema.validate(calls[0].input, WEATHER["input_schema"])


def test_a_tool_result_round_trip_is_accepted(daemon: Daemon) -> None:
    message = _client(daemon).messages.create(
        model="default",
        max_tokens=16,
        tools=[WEATHER],
        messages=[
            {"role": "user", "content": "What is the weather in Paris?"},
            {
                "role": "assistant",
                "content": [
                    {"type": "text", "text": "Let me check."},
                    {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_01", "content": [{"type": "text", "text": "18 C"}]},
                    {"type": "text", "text": "Answer in one sentence."},
                ],
            },
        ],
    )
    assert message.content and message.stop_reason in ("end_turn", "max_tokens", "tool_use")


def test_a_tool_result_must_answer_a_tool_use(daemon: Daemon) -> None:
    with pytest.raises(anthropic.BadRequestError) as caught:
        _client(daemon).messages.create(
            model="default",
            max_tokens=8,
            messages=[{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_x", "content": "1"}]}],
        )
    assert "tool_use_id" in caught.value.message and "toolu_x" in caught.value.message


def test_count_tokens_grows_with_the_text_and_sends_nothing(daemon: Daemon) -> None:
    client = _client(daemon)
    before = len(_audit(daemon))
    short = client.messages.count_tokens(model="default", messages=PROMPT).input_tokens
    longer = client.messages.count_tokens(
        model="default", system="You are a careful assistant." * 10, messages=PROMPT
    ).input_tokens
    with_tools = client.messages.count_tokens(
        model="default",
        messages=PROMPT,
        tools=[WEATHER],
    ).input_tokens
    assert 0 < short < longer and short < with_tools
    assert len(_audit(daemon)) == before  # counted here: no request was routed or run


def test_unknown_model_is_not_found_in_anthropic_shape(daemon: Daemon) -> None:
    with pytest.raises(anthropic.NotFoundError) as caught:
        _client(daemon).messages.create(model="no-such-model", max_tokens=4, messages=PROMPT)
    body = caught.value.body
    assert isinstance(body, dict) and body["type"] == "error"
    assert body["error"]["type"] == "not_found_error" and "no-such-model" in body["error"]["message"]


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"extra_body": {"temperature": 1.5}}, "temperature"),
        ({"extra_body": {"top_k": 5}}, "top_k"),
        ({"speed": "fast"}, "speed"),
        ({"thinking": {"type": "enabled", "budget_tokens": 1024}}, "thinking"),
        ({"extra_body": {"frobnicate": True}}, "frobnicate"),
        ({"messages": [{"role": "user", "content": [{"type": "document", "source": {}}]}]}, "document"),
        ({"tools": [{"type": "web_search_20250305", "name": "web_search"}]}, "web_search_20250305"),
        ({"tools": [WEATHER], "tool_choice": {"type": "tool", "name": "nope"}}, "nope"),
        ({"messages": [*PROMPT, {"role": "assistant", "content": "Red,"}]}, "prefill"),
    ],
)
def test_what_is_not_carried_is_a_400_naming_it(daemon: Daemon, extra: dict[str, Any], named: str) -> None:
    args: dict[str, Any] = {"model": "default", "max_tokens": 4, "messages": PROMPT, **extra}
    with pytest.raises(anthropic.BadRequestError) as caught:
        _client(daemon).messages.create(**args)
    body = caught.value.body
    assert isinstance(body, dict) and body["type"] == "error"
    assert body["error"]["type"] == "invalid_request_error" and named in body["error"]["message"]


def test_malformed_bodies_get_anthropic_errors(daemon: Daemon) -> None:
    with daemon.client() as client:
        missing = client.post("/v1/messages", json={"model": "default", "messages": PROMPT})
        assert missing.status_code == 400
        assert missing.json()["type"] == "error" and "max_tokens" in missing.json()["error"]["message"]
        broken = client.post("/v1/messages", content=b"{not json", headers={"Content-Type": "application/json"})
        assert broken.status_code == 400 and broken.json()["error"]["type"] == "invalid_request_error"
        assert "not valid JSON" in broken.json()["error"]["message"]
        counted = client.post("/v1/messages/count_tokens", json={"model": "default", "messages": []})
        assert counted.status_code == 400 and "messages" in counted.json()["error"]["message"]


def test_an_image_block_meets_the_privacy_and_vision_rules(daemon: Daemon) -> None:
    # Translated to an image_url part, it reaches the router: no island here can take vision, and
    # that alone stands in the way, so the 400 names the images (not capacity reasons, not a 409).
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    with pytest.raises(anthropic.BadRequestError) as caught:
        _client(daemon).messages.create(
            model="default",
            max_tokens=4,
            messages=[
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What is this?"},
                        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": png}},
                    ],
                }
            ],
        )
    body = caught.value.body
    assert isinstance(body, dict) and body["type"] == "error"
    message = body["error"]["message"]
    assert "image content parts" in message and "vision" in message and "local" in message


def test_the_openapi_document_describes_both_routes(daemon: Daemon) -> None:
    with daemon.client() as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert (
        "requestBody" in paths["/v1/messages"]["post"] and "requestBody" in paths["/v1/messages/count_tokens"]["post"]
    )


def test_error_types_follow_anthropic_by_status() -> None:
    kinds = {status: json.loads(bytes(error_response(status, "m").body))["error"]["type"] for status in _STATUSES}
    assert kinds == _STATUSES


_STATUSES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    409: "invalid_request_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    503: "overloaded_error",
    507: "api_error",
}


def test_the_x_api_key_header_authenticates(daemon: Daemon) -> None:
    # What the official SDK sends by default; needs security.py to accept it as the token header.
    with httpx.Client(base_url=daemon.url, timeout=120) as client:
        answered = client.post(
            "/v1/messages",
            json={"model": "default", "max_tokens": 4, "messages": PROMPT},
            headers={"x-api-key": daemon.token, "anthropic-version": "2023-06-01"},
        )
        refused = client.post(
            "/v1/messages",
            json={"model": "default", "max_tokens": 4, "messages": PROMPT},
            headers={"x-api-key": "wrong", "anthropic-version": "2023-06-01"},
        )
    assert answered.status_code == 200, answered.text
    assert answered.json()["type"] == "message"
    assert refused.status_code == 401


# The stream's ending, rendered from made-up pieces (no daemon): tool calls as tool_use blocks, and a
# failure after the first byte as Anthropic's error event.


def _fake_stream(pieces: list[Any], fail: Exception | None = None) -> Any:
    async def rest() -> Any:
        for piece in pieces[1:]:
            yield piece
        if fail is not None:
            raise fail

    plan = SimpleNamespace(route_id="r1", request_id="q1", collection=None)
    return SimpleNamespace(plan=plan, first=pieces[0], pieces=rest(), meta=lambda: {"island": "x"})


def _events(stream: Any) -> list[tuple[str, dict[str, Any]]]:
    async def collect() -> bytes:
        return b"".join([chunk async for chunk in _sse(stream, "m")])

    out = []
    for frame in asyncio.run(collect()).decode().split("\n\n"):
        if frame:
            name, data = frame.split("\n")
            out.append((name.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return out


def _done(tool_calls: tuple[dict[str, Any], ...]) -> Any:
    return SimpleNamespace(finish_reason="tool_calls", prompt_tokens=7, completion_tokens=5, tool_calls=tool_calls)


def test_streamed_tool_calls_become_tool_use_blocks() -> None:
    call = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'}}
    pieces = [
        SimpleNamespace(text="Sure.", finish_reason=None, completion=None, model="m"),
        SimpleNamespace(text="", finish_reason="tool_calls", completion=_done((call,)), model="m"),
    ]
    events = _events(_fake_stream(pieces))
    assert [name for name, _ in events] == [
        "message_start",
        "ping",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert events[5][1] == {
        "type": "content_block_start",
        "index": 1,
        "content_block": {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {}},
    }
    assert json.loads(events[6][1]["delta"]["partial_json"]) == {"city": "Oslo"}
    assert events[8][1]["delta"]["stop_reason"] == "tool_use"
    assert events[8][1]["usage"] == {"input_tokens": 7, "output_tokens": 5}


def test_a_failure_after_the_first_byte_is_an_error_event() -> None:
    pieces = [SimpleNamespace(text="Hel", finish_reason=None, completion=None, model="m")]
    events = _events(_fake_stream(pieces, UpstreamError("cloud", "the connection dropped")))
    names = [name for name, _ in events]
    assert names[:4] == ["message_start", "ping", "content_block_start", "content_block_delta"]
    assert names[-1] == "error" and "message_stop" not in names
    error = events[-1][1]
    assert error["type"] == "error" and error["error"]["type"] == "api_error"
    assert "the connection dropped" in error["error"]["message"]


def test_tool_arguments_that_are_no_object_are_an_error_not_a_block() -> None:
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "[1, 2]"}}
    pieces = [SimpleNamespace(text="", finish_reason="tool_calls", completion=_done((call,)), model="m")]
    events = _events(_fake_stream(pieces))
    assert events[-1][0] == "error" and "not a JSON object" in events[-1][1]["error"]["message"]
    assert all(e[1].get("content_block", {}).get("type") != "tool_use" for e in events)
