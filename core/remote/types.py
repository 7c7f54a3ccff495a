"""What goes into and comes out of a remote dispatch (plain dataclasses; the API layer converts).

Messages travel in OpenAI's shape (``system``/``user``/``assistant`` with ``tool_calls``/``tool``
dicts) whatever the island speaks; each wire adapter maps them. ``source_trust`` is the trust of
the place the content comes from (1.0 = this device): an island outside the personal group whose
trust is below it receives a sanitized copy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..islands import Island

__all__ = [
    "ApiKind",
    "RemoteChunk",
    "RemoteFinishReason",
    "RemoteRequest",
    "RemoteResult",
    "RemoteUsage",
    "ToolCall",
]

ApiKind = Literal["openai", "anthropic", "islandrun"]
RemoteFinishReason = Literal["stop", "length", "tool_calls", "content_filter"]


@dataclass(frozen=True, slots=True)
class RemoteRequest:
    """One chat request for a remote island.

    ``model=None`` means the island's first listed model (or, for an OpenAI-compatible island
    that lists none, the server's default). ``conversation_id`` scopes the placeholder vault; a
    request without one gets a vault of its own that is dropped when it finishes.
    """

    messages: tuple[Mapping[str, Any], ...]
    model: str | None = None
    max_tokens: int = 256
    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()
    tools: tuple[Mapping[str, Any], ...] = ()  # OpenAI function-tool definitions (sanitised like the messages)
    tool_choice: str | Mapping[str, Any] | None = None  # OpenAI's (a named function is sanitised like tools)
    response_format: Mapping[str, Any] | None = None  # OpenAI's (a JSON schema is sanitised like tools)
    # Further OpenAI sampling parameters the client set, sent as they are to islands that take them
    # (logprobs, top_logprobs, frequency_penalty, presence_penalty, parallel_tool_calls): numbers
    # and flags, nothing MIST needs to read. The router sends a request only to islands whose API
    # supports what it asks for (islands.Island.features).
    sampling: Mapping[str, Any] = field(default_factory=dict)
    conversation_id: str | None = None
    source_trust: float = 1.0
    request_id: str | None = None
    # Sent on to islands that speak IslandRun's API (paired peers) as the body's ``islandrun``
    # object — e.g. ``{"collection": ..., "max_passages": ...}``: the island that holds a
    # collection retrieves from it itself. Never sent to other APIs.
    islandrun: Mapping[str, Any] = field(default_factory=dict)
    # content MIST cannot read (images, files) may go to an island that needs sanitising only when
    # the user's policy says so ([privacy] send_unsanitizable)
    send_unsanitizable: bool = False

    def __post_init__(self) -> None:
        from .errors import RemoteRequestError

        if not self.messages:
            raise RemoteRequestError("a chat request needs at least one message")
        if self.max_tokens < 1:
            raise RemoteRequestError("max_tokens must be at least 1")
        if not 0.0 <= self.source_trust <= 1.0:
            raise RemoteRequestError("source_trust must be between 0 and 1")


@dataclass(frozen=True, slots=True)
class RemoteUsage:
    """Tokens of one request; ``estimated`` when the island reported none (see :mod:`.cost`)."""

    prompt_tokens: int
    completion_tokens: int
    estimated: bool = False

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A function call the model asked for; ``arguments`` is a JSON document (restored)."""

    id: str
    name: str
    arguments: str

    def to_openai(self) -> dict[str, Any]:
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": self.arguments}}

    def parsed_arguments(self) -> Any:
        try:
            return json.loads(self.arguments) if self.arguments else {}
        except ValueError:
            return self.arguments


@dataclass(frozen=True, slots=True)
class RemoteResult:
    """A finished remote completion.

    ``island`` is the one that served (after any failover); ``failed_over`` lists the islands
    tried before it with why each failed. ``entity_counts`` counts the replaced entities by type
    (never values) when the request was ``sanitized``.
    """

    island: Island
    model: str
    text: str
    finish_reason: RemoteFinishReason
    usage: RemoteUsage
    cost_usd: float
    tool_calls: tuple[ToolCall, ...] = ()
    sanitized: bool = False
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    failed_over: tuple[tuple[str, str], ...] = ()
    time_to_first_token_s: float | None = None
    sources: tuple[Mapping[str, Any], ...] = ()  # what an IslandRun island retrieved and cited
    logprobs: tuple[Mapping[str, Any], ...] | None = None  # OpenAI logprobs.content entries, when asked


@dataclass(frozen=True, slots=True)
class RemoteChunk:
    """A piece of a streamed remote completion (text already restored).

    Every chunk names the serving ``island``. The last chunk has ``finish_reason``, ``usage``,
    ``cost_usd``, the assembled and restored ``tool_calls``, ``sanitized`` and ``entity_counts``.
    """

    island: Island
    model: str
    text: str = ""
    finish_reason: RemoteFinishReason | None = None
    usage: RemoteUsage | None = None
    cost_usd: float | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    sanitized: bool = False
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    failed_over: tuple[tuple[str, str], ...] = ()
    sources: tuple[Mapping[str, Any], ...] = ()
    logprobs: tuple[Mapping[str, Any], ...] | None = None  # on the last chunk: every entry, when asked
