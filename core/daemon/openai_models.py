"""The OpenAI-compatible wire format, as validated pydantic models: the neutral job every API becomes.

Every parameter of OpenAI's chat API is named here, and each is either carried to the island that
runs the request (sampling, tools, ``tool_choice``, ``response_format``, ``logprobs`` — the router
sends a request only to islands that support what it asks, see :class:`~islandrun.core.islands.Feature`),
kept on this device as metadata (``user``, ``metadata``, ``prompt_cache_key``, ``safety_identifier``:
never sent on), or refused with a 400 that names it (``logit_bias``, ``audio``, ``prediction`` …, and
any parameter OpenAI does not define). Nothing is accepted and then dropped. The deprecated
``functions`` / ``function_call`` are translated into ``tools`` / ``tool_choice``. The IslandRun
options object is strict too: a typo there is an error, never silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..privacy.payload import MAX_DEPTH
from ..routing.policy import Priority
from ..sensitivity import SensitivityLevel

__all__ = [
    "ChatCompletionRequest",
    "ChatMessageIn",
    "IslandRunOptions",
    "StreamOptions",
    "content_text",
]


class IslandRunOptions(BaseModel):
    """The ``islandrun`` object of a request body (or the ``X-IslandRun-*`` headers)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    tier: Priority | None = Field(None, description="primary | secondary | burstable (default: secondary)")
    sensitivity: SensitivityLevel | Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
        None, description="a floor: raises the detected sensitivity, never lowers it"
    )
    conversation_id: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    max_cost_usd: Annotated[float, Field(ge=0.0)] | None = None
    max_latency_ms: Annotated[float, Field(gt=0.0)] | None = None
    collection: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None,
        description="a document collection to answer from: the request runs only on the island that holds it, "
        "which retrieves the passages and generates there; the response lists the sources used",
    )
    dataset: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None, description="the older name of `collection` (DESIGN's datasets); the same option"
    )
    max_passages: Annotated[int, Field(ge=1, le=20)] = Field(
        5, description="how many passages of the collection the answer is given (best first)"
    )

    @model_validator(mode="after")
    def _one_collection(self) -> IslandRunOptions:
        if self.collection and self.dataset and self.collection != self.dataset:
            raise ValueError(
                f"collection {self.collection!r} and dataset {self.dataset!r} differ; they are one option: give one"
            )
        named = self.collection or self.dataset
        self.collection = self.dataset = named
        return self


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    type: str
    text: str | None = None


class ChatMessageIn(BaseModel):
    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None
    name: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    tool_call_id: str | None = None


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    include_usage: bool = False


def _check_text(value: Any, where: str, depth: int = 0) -> None:
    """Every string of the body must be text that can be sent on (no lone UTF-16 surrogates, which
    JSON's ``\\ud800`` escapes allow), and no value may nest deeper than MIST reads."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        if not value.isascii() and _SURROGATE.search(value):
            raise ValueError(f"{where}: contains a lone surrogate (\\ud800-\\udfff), which is not valid Unicode text")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, where, depth + 1)
            _check_text(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_text(item, f"{where}[{i}]", depth + 1)


_SURROGATE = re.compile("[\ud800-\udfff]")


# Parameters of OpenAI's chat API that IslandRun refuses, with why (the 400 says so).
REFUSED_PARAMETERS: dict[str, str] = {
    "logit_bias": "token ids differ between models, so a bias cannot mean the same on every island",
    "audio": "audio output is not supported",
    "prediction": "predicted outputs are not supported",
    "web_search_options": "web search is not offered (it would send the request to a search engine)",
    "reasoning_effort": "reasoning effort is not supported by the islands' engines",
    "verbosity": "verbosity is not supported by the islands' engines",
}


class ToolChoiceFunction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=256)]


class NamedToolChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["function"]
    function: ToolChoiceFunction


class JsonSchemaFormat(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)

    name: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
    description: str | None = None
    schema_: dict[str, Any] | None = Field(None, alias="schema")
    strict: bool | None = None


class ResponseFormat(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchemaFormat | None = None

    @model_validator(mode="after")
    def _schema_when_needed(self) -> ResponseFormat:
        if self.type == "json_schema" and self.json_schema is None:
            raise ValueError("type json_schema needs a json_schema object ({name, schema})")
        if self.type != "json_schema" and self.json_schema is not None:
            raise ValueError(f"json_schema is only read with type json_schema, not {self.type!r}")
        return self

    def wire(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)

    @property
    def structured(self) -> bool:
        return self.type != "text"


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _readable(cls, data: Any) -> Any:
        _check_text(data, "body")
        if isinstance(data, dict):
            for key, why in REFUSED_PARAMETERS.items():
                if data.get(key) not in (None, {}, []):
                    raise ValueError(f"{key}: not supported ({why}); remove it")
            data = _legacy_functions(data)
        return data

    model: Annotated[str, Field(min_length=1, max_length=500)]
    messages: Annotated[list[ChatMessageIn], Field(min_length=1, max_length=4096)]
    stream: bool = False
    stream_options: StreamOptions | None = None
    max_tokens: Annotated[int, Field(ge=1, le=131072)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1, le=131072)] | None = None
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] | None = None
    top_p: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    seed: int | None = None
    stop: str | Annotated[list[str], Field(max_length=16)] | None = None
    n: Annotated[int, Field(ge=1, le=1)] | None = Field(None, description="only 1 is supported")
    tools: Annotated[list[dict[str, Any]], Field(max_length=128)] | None = Field(
        None, description="function tools: routed only to islands that support tools (all of IslandRun's do)"
    )
    tool_choice: Literal["auto", "none", "required"] | NamedToolChoice | None = None
    parallel_tool_calls: bool | None = None
    response_format: ResponseFormat | None = Field(
        None, description="text, json_object or json_schema: JSON is constrained by a grammar on llama.cpp islands"
    )
    logprobs: bool | None = None
    top_logprobs: Annotated[int, Field(ge=0, le=20)] | None = None
    frequency_penalty: Annotated[float, Field(ge=-2.0, le=2.0)] | None = None
    presence_penalty: Annotated[float, Field(ge=-2.0, le=2.0)] | None = None
    modalities: list[Literal["text"]] | None = Field(None, description='only ["text"]')
    # Metadata: kept on this device (never sent to an island).
    user: Annotated[str, Field(max_length=256)] | None = None
    metadata: dict[str, str] | None = None
    prompt_cache_key: str | None = None
    safety_identifier: str | None = None
    store: Literal[False] | None = Field(None, description="IslandRun stores no completions: only false is accepted")
    service_tier: Literal["auto", "default"] | None = None
    islandrun: IslandRunOptions | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ChatCompletionRequest:
        if self.top_logprobs and not self.logprobs:
            raise ValueError("top_logprobs needs logprobs: true")
        if isinstance(self.tool_choice, NamedToolChoice):
            names = [str((t.get("function") or {}).get("name")) for t in self.tools or []]
            if self.tool_choice.function.name not in names:
                raise ValueError(
                    f"tool_choice names {self.tool_choice.function.name!r}, which is not among the tools "
                    f"({', '.join(names) or 'none given'})"
                )
        elif self.tool_choice == "required" and not self.tools:
            raise ValueError("tool_choice is 'required' but no tools were given")
        return self

    def tool_choice_wire(self) -> str | dict[str, Any] | None:
        choice = self.tool_choice
        return choice.model_dump() if isinstance(choice, NamedToolChoice) else choice

    def uses_tools(self) -> bool:
        return bool(self.tools) and self.tool_choice != "none"

    def sampling(self) -> dict[str, Any]:
        """The further sampling parameters the client set (sent as they are to islands that take them)."""
        keys = ("logprobs", "top_logprobs", "frequency_penalty", "presence_penalty", "parallel_tool_calls")
        return {key: getattr(self, key) for key in keys if getattr(self, key) is not None}

    @field_validator("stop")
    @classmethod
    def _no_empty_stop(cls, stop: str | list[str] | None) -> str | list[str] | None:
        values = [stop] if isinstance(stop, str) else stop or []
        if any(not s for s in values):
            raise ValueError("stop sequences must not be empty")
        return stop

    def stop_list(self) -> tuple[str, ...]:
        if self.stop is None:
            return ()
        return (self.stop,) if isinstance(self.stop, str) else tuple(self.stop)

    def token_limit(self) -> int:
        return self.max_completion_tokens or self.max_tokens or 256


def _legacy_functions(data: dict[str, Any]) -> dict[str, Any]:
    """The deprecated ``functions`` / ``function_call`` as ``tools`` / ``tool_choice`` (never both forms)."""
    functions, call = data.get("functions"), data.get("function_call")
    if functions is None and call is None:
        return data
    if data.get("tools") is not None or data.get("tool_choice") is not None:
        raise ValueError("functions/function_call and tools/tool_choice are two forms of one thing: give one")
    out = {k: v for k, v in data.items() if k not in ("functions", "function_call")}
    if functions is not None:
        if not isinstance(functions, list):
            raise ValueError("functions: must be a list of function definitions")
        out["tools"] = [{"type": "function", "function": f} for f in functions]
    if isinstance(call, dict):
        out["tool_choice"] = {"type": "function", "function": call}
    elif call is not None:
        out["tool_choice"] = call
    return out


def content_text(message: ChatMessageIn) -> str:
    """The text of a message (text parts joined); other parts (images) are not supported locally."""
    if message.content is None:
        return ""
    if isinstance(message.content, str):
        return message.content
    return "".join(part.text or "" for part in message.content if part.type == "text")
