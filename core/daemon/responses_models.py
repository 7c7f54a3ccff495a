"""The request side of ``/v1/responses``: the body as validated models, and its translation into the
neutral chat job.

IslandRun's Responses API is the **stateless subset**: nothing is stored, so the whole
conversation travels in ``input`` every time (earlier ``function_call`` items and their
``function_call_output`` items included). Everything that needs state held here —
``previous_response_id``, ``conversation``, ``background``, ``store: true`` — and what has no
counterpart in a chat (``reasoning``, ``include``, built-in tools) is refused with a 400 naming it;
so is any parameter this API does not know.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .neutral_job import UnsupportedParameterError, neutral_job
from .openai_models import ChatCompletionRequest, IslandRunOptions

__all__ = ["FunctionTool", "ResponsesRequest", "TextConfig", "chat_job"]

_Strict = ConfigDict(extra="forbid", allow_inf_nan=False)
_Name = Annotated[str, Field(min_length=1, max_length=128)]


class FunctionTool(BaseModel):
    """A function tool in the Responses API's flat shape."""

    model_config = _Strict

    type: Literal["function"]
    name: _Name
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class FormatText(BaseModel):
    model_config = _Strict

    type: Literal["text"]


class FormatJsonObject(BaseModel):
    model_config = _Strict

    type: Literal["json_object"]


class FormatJsonSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)

    type: Literal["json_schema"]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    json_schema: dict[str, Any] = Field(alias="schema")
    description: str | None = None
    strict: bool | None = None


class TextConfig(BaseModel):
    model_config = _Strict

    format: Annotated[FormatText | FormatJsonObject | FormatJsonSchema, Field(discriminator="type")] | None = None


class StreamOptions(BaseModel):
    model_config = _Strict

    include_obfuscation: Literal[False] | None = Field(None, description="no obfuscation padding is ever added")


class ResponsesRequest(BaseModel):
    """The body of ``POST /v1/responses`` (stateless subset); unknown parameters are refused."""

    model_config = _Strict

    model: Annotated[str, Field(min_length=1, max_length=500)]
    input: str | Annotated[list[dict[str, Any]], Field(min_length=1, max_length=4096)]
    instructions: str | None = Field(None, description="a system message before the input")
    tools: Annotated[list[dict[str, Any]], Field(max_length=128)] | None = Field(
        None, description="function tools only"
    )
    tool_choice: Literal["auto", "none", "required"] | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    text: TextConfig | None = None
    max_output_tokens: Annotated[int, Field(ge=1, le=131072)] | None = None
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] | None = None
    top_p: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    stream: bool = False
    stream_options: StreamOptions | None = None
    metadata: Annotated[dict[str, Annotated[str, Field(max_length=512)]], Field(max_length=16)] | None = Field(
        None, description="accepted and returned as given; nothing is stored"
    )
    # Metadata: kept on this device, never sent to an island (as for chat).
    user: Annotated[str, Field(max_length=256)] | None = None
    safety_identifier: Annotated[str, Field(max_length=256)] | None = None
    prompt_cache_key: Annotated[str, Field(max_length=256)] | None = None
    service_tier: Literal["auto", "default"] | None = None
    store: bool | None = Field(None, description="nothing is stored: false or left out; true is refused")
    # Stateful or without a chat counterpart: refused when given (see _refuse_stateful).
    previous_response_id: str | None = None
    conversation: str | dict[str, Any] | None = None
    background: bool | None = None
    reasoning: dict[str, Any] | None = None
    include: list[str] | None = None
    islandrun: IslandRunOptions | None = None


_STATELESS = "IslandRun's Responses API is stateless: send the whole conversation in `input`"


def _refuse_stateful(body: ResponsesRequest) -> None:
    if body.previous_response_id is not None:
        raise UnsupportedParameterError("previous_response_id", f"not supported. {_STATELESS}")
    if body.conversation is not None:
        raise UnsupportedParameterError("conversation", f"not supported. {_STATELESS}")
    if body.background:
        raise UnsupportedParameterError("background", "not supported: responses are answered while the client waits")
    if body.store:
        raise UnsupportedParameterError("store", f"nothing is stored here: send false or leave it out. {_STATELESS}")
    if body.reasoning is not None:
        raise UnsupportedParameterError("reasoning", "not supported: IslandRun does not run reasoning options")
    if body.include:
        raise UnsupportedParameterError("include", f"not supported: nothing extra can be included. {_STATELESS}")


# -- input items ---------------------------------------------------------------------------------


class _InputText(BaseModel):
    model_config = _Strict

    type: Literal["input_text", "output_text"]
    text: str
    annotations: list[Any] | None = None  # citations of an earlier answer: not read by a model
    logprobs: list[Any] | None = None


class _InputImage(BaseModel):
    model_config = _Strict

    type: Literal["input_image"]
    image_url: str | None = None
    file_id: str | None = None
    detail: Literal["auto", "low", "high", "original"] | None = None


class _Message(BaseModel):
    model_config = _Strict

    type: Literal["message"] = "message"
    role: Literal["user", "assistant", "system", "developer"]
    content: str | list[dict[str, Any]]
    id: str | None = None
    status: str | None = None
    phase: str | None = None


class _FunctionCall(BaseModel):
    model_config = _Strict

    type: Literal["function_call"]
    call_id: _Name
    name: _Name
    arguments: str
    id: str | None = None
    status: str | None = None


class _FunctionCallOutput(BaseModel):
    model_config = _Strict

    type: Literal["function_call_output"]
    call_id: _Name
    output: str | list[dict[str, Any]]
    id: str | None = None
    status: str | None = None


_M = TypeVar("_M", bound=BaseModel)

_ITEMS: dict[str, type[BaseModel]] = {
    "message": _Message,
    "function_call": _FunctionCall,
    "function_call_output": _FunctionCallOutput,
}


def _validated(model: type[_M], raw: Any, where: tuple[str | int, ...]) -> _M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("body", *where, *error["loc"])} for error in exc.errors()]
        ) from None


def _parts(content: list[dict[str, Any]], where: str, loc: tuple[str | int, ...]) -> list[dict[str, Any]]:
    """Responses content parts → chat content parts (text and images; anything else is refused)."""
    parts: list[dict[str, Any]] = []
    for j, raw in enumerate(content):
        kind = raw.get("type")
        if kind in ("input_text", "output_text"):
            parts.append({"type": "text", "text": _validated(_InputText, raw, (*loc, j)).text})
        elif kind == "input_image":
            image = _validated(_InputImage, raw, (*loc, j))
            if image.image_url is None:
                raise UnsupportedParameterError(
                    f"{where}[{j}].file_id",
                    "files are not supported (nothing is stored here): send the image as image_url, "
                    "a URL or a data: URL",
                )
            url: dict[str, Any] = {"url": image.image_url}
            if image.detail is not None:
                url["detail"] = image.detail
            parts.append({"type": "image_url", "image_url": url})
        else:
            raise UnsupportedParameterError(
                f"{where}[{j}].type", f"content part {kind!r} is not supported (input_text, output_text, input_image)"
            )
    return parts


def _text_only(parts: list[dict[str, Any]], where: str) -> str:
    if any(part["type"] != "text" for part in parts):
        raise UnsupportedParameterError(where, "an assistant turn holds text only")
    return "".join(part["text"] for part in parts)


def _messages(body: ResponsesRequest) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    if body.instructions:
        messages.append({"role": "system", "content": body.instructions})
    if isinstance(body.input, str):
        messages.append({"role": "user", "content": body.input})
        return messages
    called: set[str] = set()
    for i, raw in enumerate(body.input):
        where = f"input[{i}]"
        kind = raw.get("type", "message")
        model = _ITEMS.get(kind) if isinstance(kind, str) else None
        if model is None:
            raise UnsupportedParameterError(
                f"{where}.type",
                f"item {kind!r} is not supported (message, function_call, function_call_output). {_STATELESS}",
            )
        item = _validated(model, raw, ("input", i))
        if isinstance(item, _Message):
            content: Any = item.content
            if isinstance(content, list):
                content = _parts(content, f"{where}.content", ("input", i, "content"))
                if item.role == "assistant":
                    content = _text_only(content, f"{where}.content")
            messages.append({"role": item.role, "content": content})
        elif isinstance(item, _FunctionCall):
            call = {
                "id": item.call_id,
                "type": "function",
                "function": {"name": item.name, "arguments": item.arguments},
            }
            called.add(item.call_id)
            last = messages[-1] if messages else None
            if last is not None and last["role"] == "assistant":  # parallel calls, or text then a call
                last.setdefault("tool_calls", []).append(call)
            else:
                messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif isinstance(item, _FunctionCallOutput):
            if item.call_id not in called:
                raise UnsupportedParameterError(
                    f"{where}.call_id",
                    f"no function_call item with call_id {item.call_id!r} comes before it. {_STATELESS}, "
                    "the function_call items included",
                )
            output: Any = item.output
            if isinstance(output, list):
                output = _parts(output, f"{where}.output", ("input", i, "output"))
            messages.append({"role": "tool", "tool_call_id": item.call_id, "content": output})
    return messages


# -- tools and formats ---------------------------------------------------------------------------


def _tools(body: ResponsesRequest) -> list[FunctionTool]:
    tools: list[FunctionTool] = []
    for i, raw in enumerate(body.tools or ()):
        kind = raw.get("type")
        if kind != "function":
            raise UnsupportedParameterError(
                f"tools[{i}].type", f"the built-in tool {kind!r} is not supported: only function tools"
            )
        tools.append(_validated(FunctionTool, raw, ("tools", i)))
    return tools


def chat_tool(tool: FunctionTool) -> dict[str, Any]:
    function = tool.model_dump(exclude={"type"}, exclude_none=True)
    return {"type": "function", "function": function}


def _tool_choice(body: ResponsesRequest, tools: list[FunctionTool]) -> str | dict[str, Any] | None:
    choice = body.tool_choice
    if choice is None or isinstance(choice, str):
        return choice
    if choice.get("type") != "function" or set(choice) != {"type", "name"} or not isinstance(choice["name"], str):
        raise UnsupportedParameterError(
            "tool_choice", 'use "auto", "none", "required" or {"type": "function", "name": ...} (function tools only)'
        )
    names = [tool.name for tool in tools]
    if choice["name"] not in names:
        raise UnsupportedParameterError(
            "tool_choice.name", f"no function tool named {choice['name']!r} (tools: {', '.join(names) or 'none'})"
        )
    return {"type": "function", "function": {"name": choice["name"]}}


def response_format(text: TextConfig | None) -> dict[str, Any] | None:
    """``text.format`` as a chat ``response_format`` (None: plain text, the default)."""
    chosen = None if text is None else text.format
    if chosen is None or isinstance(chosen, FormatText):
        return None
    if isinstance(chosen, FormatJsonObject):
        return {"type": "json_object"}
    schema: dict[str, Any] = {"name": chosen.name, "schema": chosen.json_schema}
    if chosen.description is not None:
        schema["description"] = chosen.description
    if chosen.strict is not None:
        schema["strict"] = chosen.strict
    return {"type": "json_schema", "json_schema": schema}


# Parameters with the same name and meaning in the chat job (the metadata ones stay on this device).
_PASSED = (
    "temperature",
    "top_p",
    "parallel_tool_calls",
    "metadata",
    "user",
    "safety_identifier",
    "prompt_cache_key",
    "service_tier",
)


def chat_job(body: ResponsesRequest) -> ChatCompletionRequest:
    """The neutral job for a Responses request (every refusal happens here, before anything runs)."""
    _refuse_stateful(body)
    tools = _tools(body)
    job: dict[str, Any] = {"model": body.model, "messages": _messages(body), "stream": body.stream}
    named = {"max_tokens": "max_output_tokens", "response_format": "text.format"}
    if tools:
        job["tools"] = [chat_tool(tool) for tool in tools]
    choice = _tool_choice(body, tools)
    if choice is not None:
        job["tool_choice"] = choice
    if body.max_output_tokens is not None:
        job["max_tokens"] = body.max_output_tokens
    formatted = response_format(body.text)
    if formatted is not None:
        job["response_format"] = formatted
    for name in _PASSED:
        value = getattr(body, name)
        if value is not None:
            job[name] = value
    return neutral_job(job, named)
