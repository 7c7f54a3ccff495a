"""The `openai` Python SDK beyond plain chat (tests/daemon/test_openai_clients.py has that): tools, structured
outputs with `.parse()`, logprobs, embeddings, legacy completions and the Responses API, and the parameters
IslandRun refuses, each as a user of the SDK would check it, on the embedded model."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Annotated

import openai
import pytest
from daemon.conftest import Daemon
from openai.types.chat import (
    ChatCompletionAssistantMessageParam,
    ChatCompletionMessageFunctionToolCall,
    ChatCompletionMessageParam,
    ChatCompletionNamedToolChoiceParam,
    ChatCompletionToolParam,
)
from openai.types.responses import FunctionToolParam
from pydantic import BaseModel, Field

from .conftest import CHAT_MODEL, EMBED_MODEL

pytestmark = pytest.mark.clients

WEATHER: ChatCompletionToolParam = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "maxLength": 40}},
            "required": ["city"],
        },
    },
}
TIME: ChatCompletionToolParam = {
    "type": "function",
    "function": {
        "name": "get_time",
        "description": "The local time in a time zone.",
        "parameters": {
            "type": "object",
            "properties": {"zone": {"type": "string", "maxLength": 40}},
            "required": ["zone"],
        },
    },
}
ASK: list[ChatCompletionMessageParam] = [{"role": "user", "content": "What is the weather in Paris?"}]


class City(BaseModel):
    name: Annotated[str, Field(max_length=30)]
    country: Annotated[str, Field(max_length=30)]


@pytest.fixture(scope="module")
def client(daemon: Daemon) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=daemon.token, max_retries=0, timeout=180) as sdk:
        yield sdk


def test_tool_choice_required_gives_a_tool_call_whose_arguments_parse(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model=CHAT_MODEL,
        messages=ASK,
        tools=[WEATHER],
        tool_choice="required",
        max_tokens=60,
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls or []
    assert calls, "no tool_calls in the message"
    call = calls[0]
    assert call.type == "function" and call.id
    assert call.function.name == "get_weather"
    arguments = json.loads(call.function.arguments)
    assert isinstance(arguments.get("city"), str)


def test_a_named_tool_choice_calls_that_tool_and_the_result_goes_back(client: openai.OpenAI) -> None:
    choice: ChatCompletionNamedToolChoiceParam = {"type": "function", "function": {"name": "get_time"}}
    completion = client.chat.completions.create(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "What time is it in Tokyo?"}],
        tools=[WEATHER, TIME],
        tool_choice=choice,
        max_tokens=60,
    )
    calls = completion.choices[0].message.tool_calls or []
    assert calls, "no tool_calls"
    call = calls[0]
    assert isinstance(call, ChatCompletionMessageFunctionToolCall)
    assert call.function.name == "get_time"
    # The round trip: the assistant's call and the tool's result go back; the model answers in text.
    said: ChatCompletionAssistantMessageParam = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": call.id, "type": "function", "function": {"name": "get_time", "arguments": call.function.arguments}}
        ],
    }
    answer = client.chat.completions.create(
        model=CHAT_MODEL,
        messages=[
            {"role": "user", "content": "What time is it in Tokyo?"},
            said,
            {"role": "tool", "tool_call_id": call.id, "content": "09:30"},
        ],
        tools=[WEATHER, TIME],
        tool_choice="none",
        max_tokens=20,
    )
    assert answer.choices[0].finish_reason in ("stop", "length")
    assert (answer.choices[0].message.content or "").strip()
    assert not answer.choices[0].message.tool_calls


def test_streamed_tool_calls_arrive_as_deltas_the_sdk_assembles(client: openai.OpenAI) -> None:
    with client.chat.completions.stream(
        model=CHAT_MODEL,
        messages=ASK,
        tools=[WEATHER],
        tool_choice="required",
        max_tokens=60,
    ) as stream:
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls or []
    assert calls and calls[0].function.name == "get_weather"
    assert isinstance(json.loads(calls[0].function.arguments), dict)
    assert final.choices[0].finish_reason == "tool_calls"


def test_parse_with_a_pydantic_model_gives_an_instance(client: openai.OpenAI) -> None:
    completion = client.chat.completions.parse(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "Name a city and its country."}],
        response_format=City,
        max_tokens=80,
        temperature=0.0,
    )
    parsed = completion.choices[0].message.parsed
    assert isinstance(parsed, City)
    assert parsed.name.strip() or parsed.country.strip()


def test_json_object_mode_answers_a_json_object(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": 'Reply with JSON like {"animal": "cat"}.'}],
        response_format={"type": "json_object"},
        max_tokens=200,
        temperature=0.0,
    )
    assert completion.choices[0].finish_reason == "stop"
    assert isinstance(json.loads(completion.choices[0].message.content or ""), dict)


def test_logprobs_cover_the_answer_token_by_token(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model=CHAT_MODEL, messages=ASK, max_tokens=8, logprobs=True, top_logprobs=3, temperature=0.0
    )
    choice = completion.choices[0]
    assert choice.logprobs is not None and choice.logprobs.content
    assert "".join(t.token for t in choice.logprobs.content) == choice.message.content
    for token in choice.logprobs.content:
        assert token.logprob <= 0.0
        assert len(token.top_logprobs) == 3
        values = [t.logprob for t in token.top_logprobs]
        assert values == sorted(values, reverse=True)


def test_embeddings_default_base64_and_float_agree(client: openai.OpenAI) -> None:
    texts = ["The cat sat on the mat.", "Quarterly revenue grew by four percent."]
    packed = client.embeddings.create(model=EMBED_MODEL, input=texts)  # the SDK asks for base64 and decodes it
    plain = client.embeddings.create(model=EMBED_MODEL, input=texts, encoding_format="float")
    assert [d.index for d in packed.data] == [0, 1]
    assert packed.usage.prompt_tokens > 0
    for a, b in zip(packed.data, plain.data, strict=True):
        assert len(a.embedding) == len(b.embedding) == 384
        assert math.isclose(math.fsum(x * x for x in a.embedding), 1.0, rel_tol=1e-3)
        assert all(math.isclose(x, y, abs_tol=1e-6) for x, y in zip(a.embedding, b.embedding, strict=True))
    assert packed.data[0].embedding != packed.data[1].embedding
    again = client.embeddings.create(model=EMBED_MODEL, input=texts[0], encoding_format="float")
    assert again.data[0].embedding == plain.data[0].embedding


def test_embeddings_refuse_dimensions_naming_it(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as refused:
        client.embeddings.create(model=EMBED_MODEL, input="hello", dimensions=64)
    assert "dimensions" in str(refused.value)


def test_legacy_completions_plain_and_streamed(client: openai.OpenAI) -> None:
    completion = client.completions.create(model=CHAT_MODEL, prompt="Say hello.", max_tokens=8)
    assert completion.object == "text_completion"
    assert completion.choices[0].text.strip()
    assert completion.choices[0].finish_reason in ("stop", "length")
    assert completion.usage is not None and completion.usage.completion_tokens >= 1
    pieces = [
        c.choices[0].text
        for c in client.completions.create(model=CHAT_MODEL, prompt="Say hi.", max_tokens=8, stream=True)
        if c.choices
    ]
    assert "".join(pieces).strip()


def test_responses_create_and_stream(client: openai.OpenAI) -> None:
    response = client.responses.create(
        model=CHAT_MODEL, input="Name three colours.", instructions="Answer briefly.", max_output_tokens=16
    )
    assert response.status in ("completed", "incomplete")
    assert response.output_text.strip()
    assert response.usage is not None and response.usage.output_tokens >= 1
    assert (response.model_extra or {})["islandrun"]["island"] == "local"
    deltas: list[str] = []
    ended: list[str] = []
    with client.responses.stream(model=CHAT_MODEL, input="Name two animals.", max_output_tokens=16) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                deltas.append(event.delta)
            elif event.type in ("response.completed", "response.incomplete"):
                # 16 tokens may cut it: OpenAI then ends with response.incomplete, which the SDK's
                # get_final_response() does not take, so the user reads the terminal event.
                ended.append(event.type)
                final = event.response
    assert len(ended) == 1
    assert final.status == ("completed" if ended[0] == "response.completed" else "incomplete")
    assert "".join(deltas) == final.output_text and final.output_text.strip()


def test_responses_function_tool_call(client: openai.OpenAI) -> None:
    tool: FunctionToolParam = {  # Responses' flat shape
        "type": "function",
        "name": "get_weather",
        "description": "The current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "maxLength": 40}},
            "required": ["city"],
        },
        "strict": False,
    }
    response = client.responses.create(
        model=CHAT_MODEL,
        input="What is the weather in Paris?",
        tools=[tool],
        tool_choice={"type": "function", "name": "get_weather"},
        max_output_tokens=60,
    )
    calls = [item for item in response.output if item.type == "function_call"]
    assert calls and calls[0].name == "get_weather"
    assert isinstance(json.loads(calls[0].arguments).get("city"), str)


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"logit_bias": {"50256": -100}}, "logit_bias"),
        ({"n": 2}, "n"),
        ({"audio": {"voice": "alloy", "format": "wav"}}, "audio"),
        ({"prediction": {"type": "content", "content": "x"}}, "prediction"),
        ({"web_search_options": {"search_context_size": "low"}}, "web_search_options"),
        ({"reasoning_effort": "low"}, "reasoning_effort"),
        ({"store": True}, "store"),
        ({"frobnicate": 1}, "frobnicate"),
    ],
)
def test_refused_parameters_are_a_400_naming_them(client: openai.OpenAI, extra: dict[str, object], named: str) -> None:
    with pytest.raises(openai.BadRequestError) as refused:
        client.chat.completions.create(model=CHAT_MODEL, messages=ASK, max_tokens=4, extra_body=extra)
    assert named in str(refused.value)


def test_an_image_part_for_the_text_only_local_model_is_refused_not_dropped(client: openai.OpenAI) -> None:
    pixel = (
        "data:image/png;base64,"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    )
    with pytest.raises(openai.BadRequestError) as refused:
        client.chat.completions.create(
            model=CHAT_MODEL,
            messages=[
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What is in this picture?"},
                        {"type": "image_url", "image_url": {"url": pixel}},
                    ],
                }
            ],
            max_tokens=4,
            # primary: stays on this device whatever its load, so only the missing vision stands in the way
            extra_body={"islandrun": {"tier": "primary"}},
        )
    assert "image" in str(refused.value).lower()
