"""Anthropic Messages API conformance: requests as the documentation describes them, replies and
streams in the documented shapes mapped to the same interface as every other island.

The server is a local fake (:mod:`.anthropic_fake`) written from Anthropic's documentation of the
request and streaming formats, because no Anthropic server can run on this machine; everything
else (HTTP, SSE framing, retries, sanitizing, restoring) is the real code path.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from islandrun.core.config import IslandConfig
from islandrun.core.islands import Island
from islandrun.core.privacy.vault import PLACEHOLDER_RE, VaultStore
from islandrun.core.remote.anthropic_messages import to_anthropic_messages
from islandrun.core.remote.dispatcher import RemoteDispatcher
from islandrun.core.remote.errors import MidStreamError
from islandrun.core.remote.settings import RemoteTimeouts, RetryPolicy
from islandrun.core.remote.types import RemoteRequest

from .anthropic_fake import FakeAnthropic, problems_with
from .proxy import ProxyServer

KEY = "sk-ant-api03-test-7fQ2mN9xLp4vR8sT1wY6"
NAME, EMAIL = "Jennifer Holst", "jennifer.holst@example.org"


class StaticKey:
    async def api_key(self, island_id: str) -> str | None:
        return KEY


@pytest.fixture(scope="module")
def server() -> Iterator[FakeAnthropic]:
    with ProxyServer(FakeAnthropic()) as running:  # type: ignore[arg-type]
        yield running  # type: ignore[misc]


@pytest.fixture
def fake(server: FakeAnthropic) -> FakeAnthropic:
    server.requests.clear()
    server.problems.clear()
    server.fail_statuses.clear()
    server.error_events.clear()
    server.tool = False
    server.stall_s = 0.0
    return server


@pytest.fixture
async def dispatcher() -> AsyncIterator[RemoteDispatcher]:
    async with httpx.AsyncClient() as http:
        yield RemoteDispatcher(
            vaults=VaultStore(),
            credentials=StaticKey(),
            http=http,
            apis={"claude": "anthropic"},
            retry=RetryPolicy(attempts=3, base_delay_s=0.01, max_delay_s=0.02),
        )


def claude(fake: FakeAnthropic) -> Island:
    return IslandConfig.model_validate(
        {
            "id": "claude",
            "kind": "cloud",
            "api": "anthropic",
            "endpoint": fake.url,
            "models": ["claude-sonnet-4-5"],
            "price_input_per_mtok": 3.0,
            "price_output_per_mtok": 15.0,
        }
    ).to_island()


def tool_conversation() -> tuple[dict[str, Any], ...]:
    return (
        {"role": "system", "content": f"You are the assistant of {NAME}."},
        {"role": "user", "content": "Who wrote last?"},
        {
            "role": "assistant",
            "content": "Let me look.",
            "tool_calls": [
                {"id": "toolu_9", "type": "function", "function": {"name": "inbox", "arguments": '{"limit": 1}'}}
            ],
        },
        {"role": "tool", "tool_call_id": "toolu_9", "content": f"From: {EMAIL}"},
        {"role": "user", "content": f"Reply to {NAME} at {EMAIL}"},
    )


TOOLS = ({"type": "function", "function": {"name": "send_mail", "parameters": {"type": "object"}}},)


def test_openai_turns_map_to_the_documented_message_shape() -> None:
    system, messages = to_anthropic_messages(tool_conversation())
    assert system == f"You are the assistant of {NAME}."
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[1]["content"][1] == {"type": "tool_use", "id": "toolu_9", "name": "inbox", "input": {"limit": 1}}
    assert messages[2]["content"][0] == {"type": "tool_result", "tool_use_id": "toolu_9", "content": f"From: {EMAIL}"}
    assert messages[2]["content"][1] == {"type": "text", "text": f"Reply to {NAME} at {EMAIL}"}
    assert problems_with({"x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json"},
                         {"model": "m", "max_tokens": 5, "messages": messages, "system": system}) == []  # fmt: skip


async def test_a_conforming_request_with_the_key_header_and_a_restored_reply(
    dispatcher: RemoteDispatcher, fake: FakeAnthropic
) -> None:
    fake.tool = True
    request = RemoteRequest(
        tool_conversation(), max_tokens=64, temperature=1.5, seed=4, tools=TOOLS, conversation_id="c1"
    )
    result = await dispatcher.complete([claude(fake)], request)
    assert fake.problems == []
    path, headers, body = fake.requests[-1]
    assert path == "/v1/messages" and headers["x-api-key"] == KEY and headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in headers and "seed" not in body and body["temperature"] == 1.0
    assert body["model"] == "claude-sonnet-4-5" and body["tools"] == [
        {"name": "send_mail", "input_schema": {"type": "object"}}
    ]
    sent = json.dumps(body)
    assert NAME not in sent and EMAIL not in sent and PLACEHOLDER_RE.search(body["system"])
    assert result.text == f"Echo: Reply to {NAME} at {EMAIL}"  # the echoed placeholders came back restored
    assert result.finish_reason == "tool_calls"
    assert result.tool_calls[0].name == "send_mail"
    assert result.tool_calls[0].parsed_arguments() == {"to": f"Reply to {NAME} at {EMAIL}", "urgent": True}
    assert (result.usage.prompt_tokens, result.usage.completion_tokens, result.usage.estimated) == (36, 12, False)
    assert result.cost_usd == pytest.approx((36 * 3.0 + 12 * 15.0) / 1e6)


async def test_the_documented_event_stream_maps_to_chunks_with_text_tool_calls_and_usage(
    dispatcher: RemoteDispatcher, fake: FakeAnthropic
) -> None:
    fake.tool = True
    request = RemoteRequest(tool_conversation(), max_tokens=64, tools=TOOLS, conversation_id="c2")
    chunks = [c async for c in dispatcher.stream([claude(fake)], request)]
    assert fake.problems == [] and fake.requests[-1][2]["stream"] is True
    assert len(chunks) > 3  # the text came in pieces, placeholders split across them
    assert "".join(c.text for c in chunks) == f"Echo: Reply to {NAME} at {EMAIL}"
    last = chunks[-1]
    assert last.finish_reason == "tool_calls"
    assert last.tool_calls[0].id == "toolu_01A"
    assert last.tool_calls[0].parsed_arguments() == {"to": f"Reply to {NAME} at {EMAIL}", "urgent": True}
    assert last.usage is not None and (last.usage.prompt_tokens, last.usage.completion_tokens) == (25, 15)
    assert not last.usage.estimated and last.sanitized


async def test_overloaded_before_the_first_token_is_retried(dispatcher: RemoteDispatcher, fake: FakeAnthropic) -> None:
    fake.fail_statuses[:] = [529]
    fake.error_events[:] = [False]  # then a stream whose first event after message_start is an overloaded error
    chunks = [c async for c in dispatcher.stream([claude(fake)], RemoteRequest(({"role": "user", "content": "hi"},)))]
    assert "".join(c.text for c in chunks) == "Echo: hi"
    assert len(fake.requests) == 3


async def test_an_error_event_after_the_first_token_ends_the_stream(
    dispatcher: RemoteDispatcher, fake: FakeAnthropic
) -> None:
    fake.error_events[:] = [True]
    received: list[str] = []

    async def consume() -> None:
        async for chunk in dispatcher.stream(
            [claude(fake)], RemoteRequest(({"role": "user", "content": "hello there"},))
        ):
            received.append(chunk.text)  # noqa: PERF401 - what arrived before the error matters

    with pytest.raises(MidStreamError, match="api_error"):
        await consume()
    assert "".join(received).startswith("Echo") and len(fake.requests) == 1


async def test_lists_models(dispatcher: RemoteDispatcher, fake: FakeAnthropic) -> None:
    assert await dispatcher.list_models(claude(fake)) == ["claude-sonnet-4-5"]
    assert fake.requests[-1][1]["x-api-key"] == KEY


async def test_an_island_that_goes_quiet_mid_reply_ends_the_stream_after_the_idle_timeout(
    dispatcher: RemoteDispatcher, fake: FakeAnthropic
) -> None:
    fake.stall_s = 1.5
    dispatcher.timeouts = RemoteTimeouts(idle=0.5)
    received: list[str] = []

    async def consume() -> None:
        async for chunk in dispatcher.stream([claude(fake)], RemoteRequest(({"role": "user", "content": "hello"},))):
            received.append(chunk.text)  # noqa: PERF401 - what arrived before the stall matters

    started = time.monotonic()
    with pytest.raises(MidStreamError, match=r"no data for 0\.5 s"):
        await consume()
    assert received == ["Echo:"] and time.monotonic() - started < 1.4
