"""The OpenAI-compatible wire format, as validated pydantic models.

Requests accept the parameters the official ``openai`` client sends. Parameters IslandRun does not
act on (``frequency_penalty``, ``logit_bias``, ``user`` …) are accepted and ignored, as Ollama and
LM Studio do, so apps work unchanged; ``n`` > 1 is refused (one completion per request). The
IslandRun options object is strict: a typo there is an error, never silently ignored.
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


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _readable(cls, data: Any) -> Any:
        _check_text(data, "body")
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
        None, description="function tools; passed to remote islands (the local engine answers without tools)"
    )
    islandrun: IslandRunOptions | None = None

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


def content_text(message: ChatMessageIn) -> str:
    """The text of a message (text parts joined); other parts (images) are not supported locally."""
    if message.content is None:
        return ""
    if isinstance(message.content, str):
        return message.content
    return "".join(part.text or "" for part in message.content if part.type == "text")
