"""``/v1/responses`` (stateless subset) with the official `openai` client against the real daemon on the
embedded model: plain and streamed answers, function tools, JSON output, and a 400 naming every
parameter it does not honour."""

from __future__ import annotations

import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import openai
import pytest
from openai.types.responses import FunctionToolParam

from islandrun.core.daemon.responses_models import ResponsesRequest, chat_job

from .conftest import Daemon

WEATHER_PARAMETERS: dict[str, Any] = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
    "required": ["city", "unit"],
    "additionalProperties": False,
}
WEATHER: FunctionToolParam = {
    "type": "function",
    "name": "get_weather",
    "description": "The current weather in a city.",
    "parameters": WEATHER_PARAMETERS,
    "strict": True,
}


def _client(daemon: Daemon) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=daemon.token, max_retries=0, timeout=180)


def test_a_response_has_output_text_usage_and_names_its_island(daemon: Daemon) -> None:
    raw = _client(daemon).responses.with_raw_response.create(
        model="default",
        input="Name three colours.",
        instructions="Answer in one short sentence.",
        max_output_tokens=40,
        metadata={"ticket": "T-1"},
    )
    response = raw.parse()
    assert response.id.startswith("resp_") and response.object == "response"
    assert response.status in ("completed", "incomplete")
    assert response.output_text.strip()
    assert response.output[0].type == "message" and response.output[0].role == "assistant"
    assert response.instructions == "Answer in one short sentence."
    assert response.metadata == {"ticket": "T-1"}
    usage = response.usage
    assert usage is not None and usage.input_tokens > 0 and 1 <= usage.output_tokens <= 40
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens
    meta = (response.model_extra or {})["islandrun"]
    assert meta["island"] == "local"
    assert raw.headers["x-islandrun-island"] == "local"
    assert raw.headers["x-islandrun-route-id"] == meta["route_id"]


def test_the_token_limit_makes_it_incomplete(daemon: Daemon) -> None:
    response = _client(daemon).responses.create(
        model="default", input="Write a long story about a dragon.", max_output_tokens=3
    )
    assert response.status == "incomplete"
    assert response.incomplete_details is not None and response.incomplete_details.reason == "max_output_tokens"
    assert response.usage is not None and response.usage.output_tokens <= 3


def test_a_conversation_of_items_is_read(daemon: Daemon) -> None:
    conversation: Any = [
        {"role": "developer", "content": "You are terse."},
        {"role": "user", "content": [{"type": "input_text", "text": "My name is Ada."}]},
        {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hello Ada."}]},
        {"role": "user", "content": "What is my name?"},
    ]
    response = _client(daemon).responses.create(
        model="default",
        input=conversation,
        max_output_tokens=16,
        extra_headers={"X-IslandRun-Sensitivity": "confidential"},
    )
    assert response.output_text.strip()
    assert (response.model_extra or {})["islandrun"]["sensitivity"] == "confidential"


def test_streamed_deltas_join_to_the_final_text(daemon: Daemon) -> None:
    with _client(daemon).responses.stream(
        model="default",
        input="Say hello.",
        instructions="Answer in one short sentence.",
        max_output_tokens=200,
        temperature=0.0,
    ) as stream:
        events = list(stream)
        final = stream.get_final_response()
    kinds = [event.type for event in events]
    assert kinds[:2] == ["response.created", "response.in_progress"]
    assert kinds[-1] == "response.completed" and final.status == "completed"
    assert [event.sequence_number for event in events] == list(range(len(events)))
    expected = [
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
    ]
    assert [kind for kind in kinds if kind in expected and kind != "response.output_text.delta"] == [
        kind for kind in expected if kind != "response.output_text.delta"
    ]
    deltas = "".join(event.delta for event in events if event.type == "response.output_text.delta")
    assert deltas.strip() and deltas == final.output_text
    assert (events[0].response.model_extra or {})["islandrun"]["island"] == "local"  # type: ignore[union-attr]
    assert final.usage is not None and final.usage.output_tokens >= 1


def test_a_stream_cut_by_the_token_limit_ends_incomplete(daemon: Daemon) -> None:
    events = list(
        _client(daemon).responses.create(
            model="default", input="Write a long story about a dragon.", max_output_tokens=3, stream=True
        )
    )
    last = events[-1]
    assert last.type == "response.incomplete"
    assert last.response.incomplete_details is not None
    assert last.response.incomplete_details.reason == "max_output_tokens"


def test_a_named_function_tool_gives_a_function_call_matching_its_schema(daemon: Daemon) -> None:
    # Needs the local engine's tool calls (built alongside): the named function is generated under a grammar.
    response = _client(daemon).responses.create(
        model="default",
        input="What is the weather in Paris?",
        tools=[WEATHER],
        tool_choice={"type": "function", "name": "get_weather"},
        max_output_tokens=100,
    )
    calls = [item for item in response.output if item.type == "function_call"]
    assert len(calls) == 1 and calls[0].name == "get_weather" and calls[0].call_id
    jsonschema.validate(json.loads(calls[0].arguments), WEATHER_PARAMETERS)


def test_a_streamed_function_call_arrives_whole_in_its_events(daemon: Daemon) -> None:
    events = list(
        _client(daemon).responses.create(
            model="default",
            input="What is the weather in Paris?",
            tools=[WEATHER],
            tool_choice="required",
            max_output_tokens=100,
            stream=True,
        )
    )
    kinds = [event.type for event in events]
    assert kinds[-1] == "response.completed"
    done = [event for event in events if event.type == "response.function_call_arguments.done"]
    assert len(done) == 1
    jsonschema.validate(json.loads(done[0].arguments), WEATHER_PARAMETERS)
    deltas = "".join(event.delta for event in events if event.type == "response.function_call_arguments.delta")
    assert deltas == done[0].arguments
    assert events[-1].type == "response.completed"
    final = events[-1].response
    calls = [item for item in final.output if item.type == "function_call"]
    assert [call.arguments for call in calls] == [done[0].arguments]


def test_a_function_call_output_round_trip_is_answered(daemon: Daemon) -> None:
    response = _client(daemon).responses.create(
        model="default",
        input=[
            {"role": "user", "content": "What is the weather in Paris?"},
            {
                "type": "function_call",
                "call_id": "call_1",
                "name": "get_weather",
                "arguments": '{"city": "Paris", "unit": "celsius"}',
            },
            {"type": "function_call_output", "call_id": "call_1", "output": '{"temperature": 21, "sky": "clear"}'},
        ],
        tools=[WEATHER],
        tool_choice="none",
        max_output_tokens=24,
    )
    assert response.status in ("completed", "incomplete")
    assert response.output_text.strip()


def test_a_json_schema_text_format_gives_json_matching_it(daemon: Daemon) -> None:
    # Needs the local engine's grammar-constrained JSON (built alongside).
    schema = {
        "type": "object",
        "properties": {"colour": {"type": "string", "enum": ["red", "green", "blue"]}, "count": {"type": "integer"}},
        "required": ["colour", "count"],
        "additionalProperties": False,
    }
    response = _client(daemon).responses.create(
        model="default",
        input="Pick a colour and a count.",
        text={"format": {"type": "json_schema", "name": "pick", "schema": schema, "strict": True}},
        max_output_tokens=60,
    )
    jsonschema.validate(json.loads(response.output_text), schema)


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"previous_response_id": "resp_123"}, "previous_response_id"),
        ({"conversation": "conv_123"}, "conversation"),
        ({"background": True}, "background"),
        ({"reasoning": {"effort": "low"}}, "reasoning"),
        ({"include": ["reasoning.encrypted_content"]}, "include"),
        ({"store": True}, "store"),
        ({"tools": [{"type": "web_search"}]}, "web_search"),
        ({"tools": [{"type": "file_search", "vector_store_ids": ["vs_1"]}]}, "file_search"),
        ({"tools": [{"type": "code_interpreter", "container": {"type": "auto"}}]}, "code_interpreter"),
        ({"tool_choice": {"type": "function", "name": "nope"}, "tools": [WEATHER]}, "tool_choice"),
        ({"text": {"format": {"type": "json_schema", "schema": {}}}}, "text.format"),
        ({"extra_body": {"truncation": "auto"}}, "truncation"),
        ({"input": [{"type": "reasoning", "summary": []}]}, "input[0].type"),
        ({"input": [{"type": "function_call_output", "call_id": "c9", "output": "x"}]}, "input[0].call_id"),
        (
            {"input": [{"role": "user", "content": [{"type": "input_file", "file_id": "file_1"}]}]},
            "input[0].content[0].type",
        ),
        (
            {"input": [{"role": "user", "content": [{"type": "input_image", "file_id": "file_1", "detail": "auto"}]}]},
            "input[0].content[0].file_id",
        ),
    ],
)
def test_what_it_cannot_do_is_a_400_naming_the_parameter(daemon: Daemon, arguments: dict[str, Any], named: str) -> None:
    request: dict[str, Any] = {"model": "default", "input": "Hi.", "max_output_tokens": 4, **arguments}
    responses: Any = _client(daemon).responses  # the refused parameters are outside the SDK's types
    with pytest.raises(openai.BadRequestError) as refused:
        responses.create(**request)
    assert named in refused.value.message


def test_store_false_is_accepted(daemon: Daemon) -> None:
    response = _client(daemon).responses.create(model="default", input="Hi.", max_output_tokens=4, store=False)
    assert response.output_text is not None


def test_an_unknown_model_is_404(daemon: Daemon) -> None:
    with pytest.raises(openai.NotFoundError):
        _client(daemon).responses.create(model="no-such-model", input="Hi.", max_output_tokens=4)


def test_items_become_chat_turns_in_order() -> None:
    """The translation alone (no daemon): parallel calls share one assistant turn, outputs follow it."""
    body = ResponsesRequest.model_validate(
        {
            "model": "default",
            "instructions": "Be brief.",
            "input": [
                {"role": "user", "content": "Weather in Paris and Rome?"},
                {"type": "function_call", "call_id": "a", "name": "get_weather", "arguments": '{"city": "Paris"}'},
                {"type": "function_call", "call_id": "b", "name": "get_weather", "arguments": '{"city": "Rome"}'},
                {"type": "function_call_output", "call_id": "a", "output": "21C"},
                {"type": "function_call_output", "call_id": "b", "output": [{"type": "input_text", "text": "25C"}]},
            ],
            "tools": [WEATHER],
            "text": {"format": {"type": "json_object"}},
            "max_output_tokens": 7,
        }
    )
    job = chat_job(body)
    assert [m.role for m in job.messages] == ["system", "user", "assistant", "tool", "tool"]
    assert job.messages[0].content == "Be brief."
    assert [call["id"] for call in job.messages[2].tool_calls or []] == ["a", "b"]
    assert [m.tool_call_id for m in job.messages[3:]] == ["a", "b"]
    assert job.tools == [{"type": "function", "function": {k: v for k, v in WEATHER.items() if k != "type"}}]
    assert job.response_format is not None and job.response_format.type == "json_object"
    assert job.token_limit() == 7
