"""The local engine's request and result types (plain dataclasses: the API layer converts).

The daemon's OpenAI-compatible handler turns a validated request body into a
:class:`ChatRequest`; :class:`ChatChunk` and :class:`ChatResult` map one-to-one onto
``chat.completion.chunk`` and ``chat.completion`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..routing.policy import Priority
from .errors import InvalidRequestError

__all__ = [
    "ChatChunk",
    "ChatMessage",
    "ChatRequest",
    "ChatResult",
    "EmbeddingResult",
    "FinishReason",
    "Role",
    "Usage",
]

FinishReason = Literal["stop", "length", "cancelled"]
Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """One chat completion. ``model=None`` means the engine's default model.

    ``max_tokens`` bounds the completion; ``seed`` makes sampling repeatable; ``stop`` strings
    end the completion (they are not part of the returned text). ``priority`` places the
    request in the tier queue.
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


@dataclass(frozen=True, slots=True)
class ChatResult:
    model: str
    text: str
    finish_reason: FinishReason
    usage: Usage
    time_to_first_token_s: float | None = None
    decode_tokens_per_s: float | None = None


@dataclass(frozen=True, slots=True)
class EmbeddingResult:
    model: str
    vectors: list[list[float]] = field(repr=False)
    prompt_tokens: int = 0
