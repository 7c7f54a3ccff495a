"""``response_format`` on the real embedded instruct model: the output parses, and follows the schema."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest

from islandrun.core.engines.embedded import INSTRUCT_MODEL_NAME
from islandrun.core.engines.errors import InvalidRequestError
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.types import ChatMessage, ChatRequest

pytestmark = pytest.mark.timeout(240)


def request(text: str, **kwargs: Any) -> ChatRequest:
    kwargs.setdefault("max_tokens", 120)
    kwargs.setdefault("temperature", 0.0)
    kwargs.setdefault("seed", 3)
    return ChatRequest((ChatMessage("user", text),), model=INSTRUCT_MODEL_NAME, **kwargs)


def json_schema(schema: dict[str, Any], name: str = "answer") -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}}


SCHEMAS: dict[str, dict[str, Any]] = {
    "enum": {
        "type": "object",
        "properties": {"sentiment": {"enum": ["positive", "negative", "neutral"]}},
        "required": ["sentiment"],
        "additionalProperties": False,
    },
    "nested": {
        "type": "object",
        "properties": {
            "city": {"type": "string", "maxLength": 30},
            "location": {
                "type": "object",
                "properties": {"country": {"type": "string", "maxLength": 30}, "capital": {"type": "boolean"}},
                "required": ["country", "capital"],
            },
        },
        "required": ["city", "location"],
    },
    "array": {
        "type": "object",
        "properties": {
            "colours": {"type": "array", "items": {"type": "string", "maxLength": 12}, "minItems": 2, "maxItems": 4}
        },
        "required": ["colours"],
    },
    "refs": {
        "type": "object",
        "properties": {"first": {"$ref": "#/$defs/person"}, "count": {"type": "integer"}},
        "required": ["first", "count"],
        "$defs": {
            "person": {
                "type": "object",
                "properties": {"name": {"type": "string", "maxLength": 20}},
                "required": ["name"],
            }
        },
    },
}
PROMPTS = {
    "enum": "Classify the sentiment of: 'I love this phone, it is great.'",
    "nested": "Describe Paris as JSON.",
    "array": "Name some colours of the rainbow.",
    "refs": "Name one person and how many people you know.",
}


async def test_json_object_gives_an_object(engine: LocalEngine) -> None:
    ask = "Reply with a JSON object whose key 'name' holds a cat's name."
    result = await engine.chat(request(ask, max_tokens=300, response_format={"type": "json_object"}))
    assert result.finish_reason == "stop", result.text
    assert isinstance(json.loads(result.text), dict)


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
async def test_json_schema_output_follows_the_schema(engine: LocalEngine, kind: str) -> None:
    result = await engine.chat(request(PROMPTS[kind], response_format=json_schema(SCHEMAS[kind])))
    assert result.finish_reason == "stop", result.text
    jsonschema_rs.validate(SCHEMAS[kind], json.loads(result.text))


async def test_streamed_json_schema_output_joins_to_valid_json(engine: LocalEngine) -> None:
    chunks = [
        c async for c in engine.stream(request(PROMPTS["nested"], response_format=json_schema(SCHEMAS["nested"])))
    ]
    assert len([c for c in chunks if c.text]) > 3  # streamed as it is generated, not held back
    jsonschema_rs.validate(SCHEMAS["nested"], json.loads("".join(c.text for c in chunks)))


async def test_text_format_is_the_plain_answer(engine: LocalEngine) -> None:
    plain = await engine.chat(request("Say hello.", max_tokens=8))
    text = await engine.chat(request("Say hello.", max_tokens=8, response_format={"type": "text"}))
    assert plain.text == text.text


async def test_auto_tools_with_a_json_format_gives_a_call_or_the_format(engine: LocalEngine) -> None:
    tool = {
        "type": "function",
        "function": {
            "name": "lookup",
            "parameters": {
                "type": "object",
                "properties": {"q": {"type": "string", "maxLength": 20}},
                "required": ["q"],
            },
        },
    }
    result = await engine.chat(request(PROMPTS["enum"], tools=(tool,), response_format=json_schema(SCHEMAS["enum"])))
    if result.tool_calls:
        assert result.finish_reason == "tool_calls"
        jsonschema_rs.validate(
            tool["function"]["parameters"], json.loads(result.tool_calls[0]["function"]["arguments"])
        )
    else:
        jsonschema_rs.validate(SCHEMAS["enum"], json.loads(result.text))


@pytest.mark.parametrize(
    ("response_format", "message"),
    [
        ({"type": "xml"}, r"response_format\.type: 'xml' is not supported"),
        ({"type": "json_schema"}, r"response_format\.json_schema: required"),
        (json_schema({"type": "banana"}), r"response_format\.json_schema\.schema\.type: not a valid JSON schema"),
        (
            json_schema({"type": "object", "properties": []}),
            r"response_format\.json_schema\.schema\.properties: not a valid JSON schema",
        ),
        (
            json_schema({"type": "object", "required": "a"}),
            r"response_format\.json_schema\.schema\.required: not a valid JSON schema",
        ),
        (json_schema({"$ref": "#/$defs/missing"}), r"response_format\.json_schema\.schema: not a valid JSON schema"),
        (json_schema({"$ref": "https://example.com/s.json"}), r"\$ref: only references inside the schema"),
        (
            json_schema({"type": "object", "properties": {"n": {"type": "integer", "maximum": 3}}}),
            r"properties\.n: the keyword 'maximum' cannot be enforced",
        ),
        (json_schema({"not": {"type": "string"}}), r"the keyword 'not' cannot be enforced"),
        (json_schema({"type": "object"}, name="has space"), r"response_format\.json_schema\.name"),
        ({"type": "json_object", "schema": {}}, r"response_format: unknown field\(s\) schema"),
    ],
)
def test_bad_formats_are_refused_before_generation(response_format: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        request("hi", response_format=response_format)
