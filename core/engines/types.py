"""The local engine's request and result types (plain dataclasses: the API layer converts).

The daemon's OpenAI-compatible handler turns a validated request body into a
:class:`ChatRequest`; :class:`ChatChunk` and :class:`ChatResult` map one-to-one onto
``chat.completion.chunk`` and ``chat.completion`` objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..priority import Priority
from .errors import InvalidRequestError
from .request_checks import check_request

__all__ = [
    "ChatChunk",
    "ChatMessage",
    "ChatRequest",
    "ChatResult",
    "EmbeddingResult",
    "FinishReason",
    "LogprobEntry",
    "Role",
    "Usage",
]

FinishReason = Literal["stop", "length", "cancelled", "tool_calls"]
Role = Literal["system", "user", "assistant", "tool"]
# OpenAI ``choices[0].logprobs.content`` entries: {"token", "logprob", "bytes", "top_logprobs": [...]}
LogprobEntry = dict[str, Any]
MAX_TOP_LOGPROBS = 20


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message. ``tool_calls`` (assistant) are OpenAI-shaped, ``arguments`` a JSON string;
    a ``tool`` message answers the call ``tool_call_id`` (``name``: the function, optional)."""

    role: Role
    content: str
    tool_calls: tuple[Mapping[str, Any], ...] = ()
    tool_call_id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """One chat completion. ``model=None`` means the engine's default model.

    ``max_tokens`` bounds the completion; ``seed`` makes sampling repeatable; ``stop`` strings
    end the completion (they are not part of the returned text). ``priority`` places the
    request in the tier queue.

    ``tools`` are OpenAI function tools; ``tool_choice`` is "auto" | "none" | "required" |
    {"type": "function", "function": {"name": ...}} (None: "auto" when tools are given);
    ``response_format`` is OpenAI's ({"type": "text" | "json_object" | "json_schema", ...}).
    All of it is checked here (:mod:`.request_checks`), before the request is queued.
    """

    messages: tuple[ChatMessage, ...]
    model: str | None = None
    max_tokens: int = 256
    temperature: float = 0.8
    top_p: float = 0.95
    seed: int | None = None
    stop: tuple[str, ...] = ()
    priority: Priority = Priority.PRIMARY
    request_id: str | None = None
    app: str = ""  # the app that asked: the queue shares its places fairly between apps
    tools: tuple[Mapping[str, Any], ...] = ()
    tool_choice: str | Mapping[str, Any] | None = None
    response_format: Mapping[str, Any] | None = None
    logprobs: bool = False
    top_logprobs: int = 0
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0

    def __post_init__(self) -> None:
        if not self.messages:
            raise InvalidRequestError("a chat request needs at least one message")
        if self.max_tokens < 1:
            raise InvalidRequestError("max_tokens must be at least 1")
        if not 0.0 <= self.temperature <= 2.0:
            raise InvalidRequestError("temperature must be between 0 and 2")
        if not 0.0 < self.top_p <= 1.0:
            raise InvalidRequestError("top_p must be in (0, 1]")
        if any(not s for s in self.stop):
            raise InvalidRequestError("stop sequences must not be empty strings")
        if not 0 <= self.top_logprobs <= MAX_TOP_LOGPROBS:
            raise InvalidRequestError(f"top_logprobs: must be between 0 and {MAX_TOP_LOGPROBS}")
        if self.top_logprobs and not self.logprobs:
            raise InvalidRequestError("top_logprobs: needs logprobs set to true")
        for which, value in (
            ("frequency_penalty", self.frequency_penalty),
            ("presence_penalty", self.presence_penalty),
        ):
            if not -2.0 <= value <= 2.0:
                raise InvalidRequestError(f"{which}: must be between -2 and 2")
        check_request(self)


@dataclass(frozen=True, slots=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True, slots=True)
class ChatChunk:
    """A piece of a streamed completion.

    Content chunks carry ``text``; the last chunk has ``finish_reason`` and ``usage`` set
    (and usually empty text), like OpenAI's ``stream_options.include_usage``.
    """

    model: str
    text: str = ""
    finish_reason: FinishReason | None = None
    usage: Usage | None = None
    decode_tokens_per_s: float | None = None  # on the last chunk: tokens/s after the first token
    tool_calls: tuple[dict[str, Any], ...] = ()  # complete calls, on the last chunk
    logprobs: tuple[LogprobEntry, ...] | None = None  # entries for this chunk's text (logprobs asked)


@dataclass(frozen=True, slots=True)
class ChatResult:
    model: str
    text: str
    finish_reason: FinishReason
    usage: Usage
    time_to_first_token_s: float | None = None
    decode_tokens_per_s: float | None = None
    tool_calls: tuple[dict[str, Any], ...] = ()  # OpenAI-shaped; finish_reason "tool_calls"
    logprobs: tuple[LogprobEntry, ...] | None = None  # None unless asked; the tokens join to ``text``


@dataclass(frozen=True, slots=True)
class EmbeddingResult:
    model: str
    vectors: list[list[float]] = field(repr=False)
    prompt_tokens: int = 0
