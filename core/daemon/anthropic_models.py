"""Anthropic's Messages API request, validated, and its translation into the neutral job.

The models are strict: a field or block type IslandRun does not carry is a 400 naming it, never
dropped. Accepted and deliberately not carried on: ``cache_control`` (top level or on a block: a
prompt-caching hint that does not change the answer), ``metadata.user_id`` (metadata only), ``thinking: {"type":
"disabled"}`` (asks for nothing). Refused by name: ``top_k`` (the neutral job has no such
sampler setting), ``thinking`` enabled, server tools, ``document``/``thinking``/other block types,
images inside ``tool_result``, and a final assistant message (prefill: not every island can
continue a turn).

:func:`to_neutral` turns a request into the body of a
:class:`~.openai_models.ChatCompletionRequest`: ``system`` becomes a system message; text and image
blocks become OpenAI content parts (images as ``image_url`` with a data URL, so the privacy and
vision rules see them); ``tool_use`` blocks become assistant ``tool_calls`` (arguments a JSON
string); each ``tool_result`` becomes a ``tool`` message in its place (``is_error`` travels as an
``Error: `` prefix of its text, the one form every island reads); ``tool_choice`` maps ``auto``→
``"auto"``, ``any``→``"required"``, ``tool``→the named function, ``none``→``"none"``, and
``disable_parallel_tool_use`` to ``parallel_tool_calls``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "CountTokensRequest",
    "MessagesRequest",
    "RequestError",
    "neutral_messages",
    "neutral_tools",
    "to_neutral",
    "tool_choice_of",
]

_NAME = r"^[a-zA-Z0-9_-]{1,64}$"


class RequestError(ValueError):
    """A request that validates field by field but cannot be carried as a whole (HTTP 400)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _nulls_carry_nothing(cls, data: Any) -> Any:
        # A response block sent back as the SDK dumps it (``caller: null``, ``toolset_name: null`` on
        # a tool_use) holds nothing in those keys: they are no unknown field to refuse.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None or k in cls.model_fields}
        return data


class CacheControl(_Strict):
    type: Literal["ephemeral"]
    ttl: Literal["5m", "1h"] | None = None


class TextBlock(_Strict):
    type: Literal["text"]
    text: str
    cache_control: CacheControl | None = None
    citations: None = Field(None, description="only null: citations are not supported")


class Base64Source(_Strict):
    type: Literal["base64"]
    media_type: Literal["image/jpeg", "image/png", "image/gif", "image/webp"]
    data: Annotated[str, Field(min_length=1)]


class UrlSource(_Strict):
    type: Literal["url"]
    url: Annotated[str, Field(pattern=r"^https?://", max_length=8192)]


class ImageBlock(_Strict):
    type: Literal["image"]
    source: Annotated[Base64Source | UrlSource, Field(discriminator="type")]
    cache_control: CacheControl | None = None


class ToolUseBlock(_Strict):
    type: Literal["tool_use"]
    id: Annotated[str, Field(min_length=1, max_length=200)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    input: dict[str, Any]
    cache_control: CacheControl | None = None


ResultPart = Annotated[TextBlock | ImageBlock, Field(discriminator="type")]


def _as_blocks(value: Any) -> Any:
    """A string where blocks are allowed is one text block."""
    return [{"type": "text", "text": value}] if isinstance(value, str) else value


class ToolResultBlock(_Strict):
    type: Literal["tool_result"]
    tool_use_id: Annotated[str, Field(min_length=1, max_length=200)]
    content: list[ResultPart] = Field(default_factory=list)
    is_error: bool = False
    cache_control: CacheControl | None = None

    @field_validator("content", mode="before")
    @classmethod
    def _blocks(cls, value: Any) -> Any:
        return _as_blocks(value)


Block = Annotated[TextBlock | ImageBlock | ToolUseBlock | ToolResultBlock, Field(discriminator="type")]


class Message(_Strict):
    role: Literal["user", "assistant"]
    content: Annotated[list[Block], Field(min_length=1)]

    @field_validator("content", mode="before")
    @classmethod
    def _blocks(cls, value: Any) -> Any:
        return _as_blocks(value)


class Tool(_Strict):
    type: Literal["custom"] | None = None
    name: Annotated[str, Field(pattern=_NAME)]
    description: str | None = None
    input_schema: dict[str, Any]
    cache_control: CacheControl | None = None

    @model_validator(mode="before")
    @classmethod
    def _client_tool(cls, data: Any) -> Any:
        kind = data.get("type") if isinstance(data, dict) else None
        if kind not in (None, "custom"):
            raise ValueError(
                f"tool type {kind!r} (a server tool) is not supported: IslandRun runs client tools "
                "(name, description, input_schema) only"
            )
        return data

    @field_validator("input_schema")
    @classmethod
    def _object_schema(cls, schema: dict[str, Any]) -> dict[str, Any]:
        if schema.get("type") != "object":
            raise ValueError('must be a JSON schema with "type": "object"')
        return schema


class ToolChoiceAuto(_Strict):
    type: Literal["auto"]
    disable_parallel_tool_use: bool | None = None


class ToolChoiceAny(_Strict):
    type: Literal["any"]
    disable_parallel_tool_use: bool | None = None


class ToolChoiceTool(_Strict):
    type: Literal["tool"]
    name: Annotated[str, Field(pattern=_NAME)]
    disable_parallel_tool_use: bool | None = None


class ToolChoiceNone(_Strict):
    type: Literal["none"]


ToolChoice = Annotated[ToolChoiceAuto | ToolChoiceAny | ToolChoiceTool | ToolChoiceNone, Field(discriminator="type")]


class ThinkingDisabled(_Strict):
    type: Literal["disabled"]


class Metadata(_Strict):
    user_id: Annotated[str, Field(max_length=256)] | None = None


# Parameters of Anthropic's API that IslandRun knows and cannot carry: refused with the reason.
_REFUSED = {
    "top_k": "the neutral job has no top-k sampling (use temperature or top_p)",
    "service_tier": "IslandRun picks the island; there is no service tier to choose",
    "container": "containers (server-side code execution) are not supported",
    "mcp_servers": "MCP servers are not supported",
    "context_management": "context management is not supported",
    "output_format": "structured outputs are not supported on /v1/messages",
    "output_config": "output configuration is not supported on /v1/messages",
    "speed": "IslandRun picks the island; there is no speed to choose",
    "inference_geo": "where a request runs is IslandRun's routing decision (X-IslandRun-* headers)",
}


class CountTokensRequest(_Strict):
    """``POST /v1/messages/count_tokens``: what a message request sends, minus generation settings."""

    model: Annotated[str, Field(min_length=1, max_length=500)]
    messages: Annotated[list[Message], Field(min_length=1, max_length=4096)]
    system: list[TextBlock] | None = None
    tools: Annotated[list[Tool], Field(max_length=128)] | None = None
    tool_choice: ToolChoice | None = None
    thinking: ThinkingDisabled | None = None
    cache_control: CacheControl | None = None

    @field_validator("system", mode="before")
    @classmethod
    def _system_blocks(cls, value: Any) -> Any:
        return _as_blocks(value)

    @model_validator(mode="before")
    @classmethod
    def _refuse(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key, why in _REFUSED.items():
                if data.get(key) is not None:
                    raise ValueError(f"{key}: not supported: {why}")
            thinking = data.get("thinking")
            if isinstance(thinking, dict) and thinking.get("type") != "disabled":
                raise ValueError("thinking: extended thinking is not supported (omit it or send type 'disabled')")
        return data


class MessagesRequest(CountTokensRequest):
    """``POST /v1/messages``."""

    max_tokens: Annotated[int, Field(ge=1, le=131072)]
    stop_sequences: Annotated[list[Annotated[str, Field(min_length=1)]], Field(max_length=16)] | None = None
    temperature: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    top_p: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    metadata: Metadata | None = None
    stream: bool = False


def _text_parts(blocks: list[TextBlock] | list[ResultPart], where: str) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, TextBlock):
            raise RequestError(f"{where}[{i}]: an image inside a tool_result is not supported (text only)")
        parts.append({"type": "text", "text": block.text})
    return parts


def _content(parts: list[dict[str, Any]]) -> str | list[dict[str, Any]]:
    """One text part is sent as a plain string, as most clients do; anything else as parts."""
    if len(parts) == 1 and parts[0]["type"] == "text":
        text: str = parts[0]["text"]
        return text
    return parts


def _image(block: ImageBlock) -> dict[str, Any]:
    source = block.source
    url = source.url if isinstance(source, UrlSource) else f"data:{source.media_type};base64,{source.data}"
    return {"type": "image_url", "image_url": {"url": url}}


def _user(message: Message, index: int, open_calls: set[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []

    def flush() -> None:
        if pending:
            out.append({"role": "user", "content": _content(list(pending))})
            pending.clear()

    for j, block in enumerate(message.content):
        where = f"messages[{index}].content[{j}]"
        if isinstance(block, TextBlock):
            pending.append({"type": "text", "text": block.text})
        elif isinstance(block, ImageBlock):
            pending.append(_image(block))
        elif isinstance(block, ToolResultBlock):
            if block.tool_use_id not in open_calls:
                raise RequestError(
                    f"{where}.tool_use_id: {block.tool_use_id!r} answers no tool_use block of the assistant "
                    "message just before it"
                )
            flush()
            text = "".join(p["text"] for p in _text_parts(block.content, f"{where}.content"))
            out.append(
                {
                    "role": "tool",
                    "tool_call_id": block.tool_use_id,
                    "content": f"Error: {text}" if block.is_error else text,
                }
            )
        else:
            raise RequestError(f"{where}: a tool_use block belongs in an assistant message")
    flush()
    return out


def _assistant(message: Message, index: int) -> dict[str, Any]:
    parts: list[dict[str, Any]] = []
    calls: list[dict[str, Any]] = []
    for j, block in enumerate(message.content):
        if isinstance(block, TextBlock):
            parts.append({"type": "text", "text": block.text})
        elif isinstance(block, ToolUseBlock):
            arguments = json.dumps(block.input, ensure_ascii=False)
            calls.append({"id": block.id, "type": "function", "function": {"name": block.name, "arguments": arguments}})
        else:
            raise RequestError(f"messages[{index}].content[{j}]: a {block.type} block belongs in a user message")
    out: dict[str, Any] = {"role": "assistant", "content": _content(parts) if parts else None}
    if calls:
        out["tool_calls"] = calls
    return out


def neutral_messages(body: CountTokensRequest) -> list[dict[str, Any]]:
    """OpenAI-shaped messages for the request's system prompt and turns."""
    messages: list[dict[str, Any]] = []
    if body.system:
        messages.append({"role": "system", "content": _content(_text_parts(body.system, "system"))})
    if body.messages[-1].role == "assistant":
        raise RequestError(
            f"messages[{len(body.messages) - 1}]: a final assistant message (prefill) is not supported: "
            "not every island can continue a turn; end with a user message"
        )
    open_calls: set[str] = set()
    for i, message in enumerate(body.messages):
        if message.role == "assistant":
            messages.append(_assistant(message, i))
            open_calls = {b.id for b in message.content if isinstance(b, ToolUseBlock)}
        else:
            messages.extend(_user(message, i, open_calls))
            open_calls = set()
    return messages


def tool_choice_of(body: CountTokensRequest) -> dict[str, Any]:
    """``tool_choice`` (and ``parallel_tool_calls``) of the neutral job; a choice naming no tool is refused."""
    choice = body.tool_choice
    names = [tool.name for tool in body.tools or ()]
    if choice is None:
        return {}
    if isinstance(choice, ToolChoiceTool) and choice.name not in names:
        raise RequestError(f"tool_choice.name: no tool named {choice.name!r} (tools: {', '.join(names) or 'none'})")
    if isinstance(choice, ToolChoiceAny | ToolChoiceTool) and not names:
        raise RequestError(f"tool_choice: type {choice.type!r} needs tools")
    if not names:
        return {}  # auto or none without tools: nothing to choose from, nothing to carry
    mapped: dict[str, Any] = {
        "tool_choice": {"auto": "auto", "any": "required", "none": "none"}.get(choice.type)
        or {"type": "function", "function": {"name": getattr(choice, "name", "")}}
    }
    disable = getattr(choice, "disable_parallel_tool_use", None)
    if disable is not None:
        mapped["parallel_tool_calls"] = not disable
    return mapped


def neutral_tools(body: CountTokensRequest) -> list[dict[str, Any]]:
    tools = []
    for tool in body.tools or ():
        function: dict[str, Any] = {"name": tool.name, "parameters": tool.input_schema}
        if tool.description is not None:
            function["description"] = tool.description
        tools.append({"type": "function", "function": function})
    return tools


def to_neutral(body: MessagesRequest) -> dict[str, Any]:
    """The body of the neutral job (a ``ChatCompletionRequest``) for this request."""
    job: dict[str, Any] = {
        "model": body.model,
        "messages": neutral_messages(body),
        "max_tokens": body.max_tokens,
        "stream": body.stream,
    }
    if body.temperature is not None:
        job["temperature"] = body.temperature
    if body.top_p is not None:
        job["top_p"] = body.top_p
    if body.stop_sequences:
        job["stop"] = list(body.stop_sequences)
    if body.tools:
        job["tools"] = neutral_tools(body)
    job.update(tool_choice_of(body))
    return job
