"""What the wire adapters share: the prepared request, reply pieces, SSE framing, HTTP status rules.

An adapter (:mod:`.openai_compat`, :mod:`.anthropic_messages`) turns a :class:`WireRequest` into
an HTTP request for its API and the API's reply (whole, or as server-sent events) into
:class:`Reply` / :class:`Delta` values; the dispatcher does everything else (retries, failover,
sanitizing, restoring, cost) once for all APIs.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from .errors import UpstreamError
from .types import RemoteFinishReason, ToolCall

__all__ = [
    "Delta",
    "HttpCall",
    "Reply",
    "ToolCallAssembler",
    "WireAdapter",
    "WireRequest",
    "error_from_status",
    "parse_retry_after",
    "sse_events",
]

RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529})


@dataclass(frozen=True, slots=True)
class WireRequest:
    """A request as it will leave: messages already sanitized where needed, model resolved."""

    messages: tuple[Mapping[str, Any], ...]
    model: str | None
    max_tokens: int
    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()
    tools: tuple[Mapping[str, Any], ...] = ()
    tool_choice: str | Mapping[str, Any] | None = None
    response_format: Mapping[str, Any] | None = None
    sampling: Mapping[str, Any] = field(default_factory=dict)
    extensions: Mapping[str, Any] = field(default_factory=dict)  # the body's ``islandrun`` object (peers only)


@dataclass(frozen=True, slots=True)
class HttpCall:
    method: str
    url: str
    headers: Mapping[str, str]
    body: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Delta:
    """One piece of a streamed reply. Tool-call pieces are ``(index, id, name, arguments fragment)``."""

    text: str = ""
    tool_parts: tuple[tuple[int, str | None, str | None, str], ...] = ()
    finish_reason: RemoteFinishReason | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    model: str | None = None
    sources: tuple[Mapping[str, Any], ...] | None = None  # an IslandRun island's cited sources
    logprobs: tuple[Mapping[str, Any], ...] = ()  # OpenAI logprobs.content entries of this piece


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    finish_reason: RemoteFinishReason
    model: str
    tool_calls: tuple[ToolCall, ...] = ()
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    sources: tuple[Mapping[str, Any], ...] = ()
    logprobs: tuple[Mapping[str, Any], ...] | None = None  # OpenAI logprobs.content entries


@dataclass
class ToolCallAssembler:
    """Joins streamed tool-call pieces (OpenAI's indexed deltas, Anthropic's ``input_json_delta``)."""

    _calls: dict[int, list[str]] = field(default_factory=dict)

    def add(self, index: int, call_id: str | None, name: str | None, fragment: str) -> None:
        entry = self._calls.setdefault(index, ["", "", ""])
        if call_id:
            entry[0] = call_id
        if name:
            entry[1] = name
        entry[2] += fragment

    def calls(self) -> tuple[ToolCall, ...]:
        return tuple(
            ToolCall(call_id or f"call_{index}", name, args)
            for index, (call_id, name, args) in sorted(self._calls.items())
        )


class WireAdapter(Protocol):
    """One API's request and reply shapes."""

    def chat_call(self, endpoint: str, request: WireRequest, api_key: str | None, *, stream: bool) -> HttpCall: ...

    def parse_reply(self, island_id: str, body: Any) -> Reply: ...

    def deltas(self, island_id: str, events: AsyncIterator[tuple[str, str]]) -> AsyncIterator[Delta]: ...

    def models_call(self, endpoint: str, api_key: str | None) -> HttpCall: ...

    def parse_models(self, body: Any) -> list[str]: ...

    def error_text(self, body: Any) -> str: ...


async def sse_events(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """``(event, data)`` per server-sent event (``event`` is ``"message"`` when the server names none)."""
    event, data = "message", list[str]()
    async for line in response.aiter_lines():
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
    if data:
        yield event, "\n".join(data)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def error_from_status(island_id: str, status: int, detail: str, retry_after: str | None) -> UpstreamError:
    """An :class:`UpstreamError` for an HTTP error status, with what to do about the common ones."""
    hint = {
        401: "the island rejected the credentials; set them with `islandrun keys set " + island_id + "`",
        403: "the island refused access with these credentials",
        404: "the endpoint or model was not found; check the island's endpoint and models in the config",
        429: "rate limited by the island",
    }.get(status, "")
    reason = f"HTTP {status}" + (f" ({hint})" if hint else "") + (f": {detail}" if detail else "")
    return UpstreamError(
        island_id,
        reason,
        status=status,
        retryable=status in RETRYABLE_STATUS or status >= 500,
        retry_after_s=parse_retry_after(retry_after),
    )
