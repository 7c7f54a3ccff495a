"""The `anthropic` Python SDK against the daemon's Messages API, configured as its users do (`base_url` and
`api_key`, which it sends as `x-api-key`): messages.create, messages.stream, tools with a forced tool_choice
and the tool_result round trip, count_tokens, and errors as the SDK's own exceptions."""

from __future__ import annotations

from collections.abc import Iterator

import anthropic
import pytest
from anthropic.types import MessageParam, ToolParam
from daemon.conftest import Daemon

from .conftest import CHAT_MODEL

pytestmark = pytest.mark.clients

WEATHER: ToolParam = {
    "name": "get_weather",
    "description": "The current weather in a city.",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string", "maxLength": 40}},
        "required": ["city"],
    },
}
ASK: list[MessageParam] = [{"role": "user", "content": "What is the weather in Paris?"}]


@pytest.fixture(scope="module")
def client(daemon: Daemon) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(base_url=daemon.url, api_key=daemon.token, max_retries=0, timeout=180) as sdk:
        yield sdk


def test_create(client: anthropic.Anthropic) -> None:
    message = client.messages.create(
        model=CHAT_MODEL,
        max_tokens=16,
        system="Answer briefly.",
        messages=[{"role": "user", "content": "Name three colours."}],
    )
    assert message.type == "message" and message.role == "assistant"
    assert message.id.startswith("msg_")
    texts = [block.text for block in message.content if block.type == "text"]
    assert texts and "".join(texts).strip()
    assert message.stop_reason in ("end_turn", "max_tokens")
    assert message.usage.input_tokens >= 1 and message.usage.output_tokens >= 1
    assert (message.model_extra or {})["islandrun"]["island"] == "local"


def test_stop_sequences(client: anthropic.Anthropic) -> None:
    message = client.messages.create(
        model=CHAT_MODEL,
        max_tokens=60,
        stop_sequences=["7"],
        messages=[{"role": "user", "content": "Count from 1 to 20, separated by commas."}],
    )
    text = "".join(block.text for block in message.content if block.type == "text")
    assert "7" not in text
    assert message.stop_reason in ("stop_sequence", "end_turn", "max_tokens")


def test_stream(client: anthropic.Anthropic) -> None:
    with client.messages.stream(
        model=CHAT_MODEL, max_tokens=16, messages=[{"role": "user", "content": "Name three animals."}]
    ) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    assert len(pieces) >= 2
    final_text = "".join(block.text for block in final.content if block.type == "text")
    assert "".join(pieces) == final_text and final_text.strip()
    assert final.stop_reason in ("end_turn", "max_tokens")
    assert final.usage.output_tokens >= 1


def test_a_forced_tool_gives_tool_use_and_the_result_goes_back(client: anthropic.Anthropic) -> None:
    message = client.messages.create(
        model=CHAT_MODEL,
        max_tokens=60,
        tools=[WEATHER],
        tool_choice={"type": "tool", "name": "get_weather"},
        messages=ASK,
    )
    assert message.stop_reason == "tool_use"
    uses = [block for block in message.content if block.type == "tool_use"]
    assert uses and uses[0].name == "get_weather" and uses[0].id
    assert isinstance(uses[0].input, dict) and isinstance(uses[0].input.get("city"), str)
    answer = client.messages.create(
        model=CHAT_MODEL,
        max_tokens=20,
        tools=[WEATHER],
        messages=[
            *ASK,
            {"role": "assistant", "content": message.content},  # as the SDK's docs do: the blocks as they came
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": uses[0].id, "content": "sunny"}]},
        ],
    )
    assert answer.stop_reason in ("end_turn", "max_tokens", "tool_use")


def test_a_streamed_tool_use_arrives_whole(client: anthropic.Anthropic) -> None:
    with client.messages.stream(
        model=CHAT_MODEL, max_tokens=60, tools=[WEATHER], tool_choice={"type": "any"}, messages=ASK
    ) as stream:
        final = stream.get_final_message()
    uses = [block for block in final.content if block.type == "tool_use"]
    assert uses and uses[0].name == "get_weather"
    assert isinstance(uses[0].input, dict) and isinstance(uses[0].input.get("city"), str)
    assert final.stop_reason == "tool_use"


def test_count_tokens(client: anthropic.Anthropic) -> None:
    short = client.messages.count_tokens(model=CHAT_MODEL, messages=[{"role": "user", "content": "Hi."}])
    long = client.messages.count_tokens(
        model=CHAT_MODEL, messages=[{"role": "user", "content": "Tell me about the history of Paris. " * 10}]
    )
    assert 1 <= short.input_tokens < long.input_tokens


def test_bearer_auth_works_too(daemon: Daemon) -> None:
    with anthropic.Anthropic(base_url=daemon.url, auth_token=daemon.token, api_key=None, max_retries=0) as sdk:
        message = sdk.messages.create(model=CHAT_MODEL, max_tokens=4, messages=[{"role": "user", "content": "Hi."}])
    assert message.content


def test_errors_are_the_sdks_own(daemon: Daemon, client: anthropic.Anthropic) -> None:
    with pytest.raises(anthropic.NotFoundError):
        client.messages.create(model="no-such-model", max_tokens=4, messages=[{"role": "user", "content": "Hi."}])
    with pytest.raises(anthropic.BadRequestError) as thinking:
        client.messages.create(
            model=CHAT_MODEL,
            max_tokens=2048,
            thinking={"type": "enabled", "budget_tokens": 1024},
            messages=[{"role": "user", "content": "Hi."}],
        )
    assert "thinking" in thinking.value.message
    assert thinking.value.body is not None and thinking.value.body["type"] == "error"  # type: ignore[index]
    wrong = anthropic.Anthropic(base_url=daemon.url, api_key="not-the-token", max_retries=0)
    with wrong, pytest.raises(anthropic.AuthenticationError):
        wrong.messages.create(model=CHAT_MODEL, max_tokens=4, messages=[{"role": "user", "content": "Hi."}])
