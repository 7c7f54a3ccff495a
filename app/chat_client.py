"""The chat window's way to the daemon: ``POST /v1/chat/completions`` with ``stream: true``, as any
app would send it, over the tray's own :class:`~islandrun.app.api.ApiClient` connection (no Qt).

The daemon starts the answer before it sends a header, so a refusal (400, 402, 403, 409, 503...)
arrives as an ordinary error status with its message; after that the answer comes as server-sent
chunks. The first chunk carries the ``islandrun`` record (island, island_kind, sanitized,
replaced {type: count}, route_id, request_id, notice); for a collection the last one adds the
sources. Cancelling the task that iterates :func:`stream_chat` closes the response, and the
daemon then stops generating (its audit row says ``cancelled``).
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from islandrun.core.errors import IslandRunError

from .api import ApiClient, ApiError, DaemonUnreachableError, _error_message

__all__ = ["ChatChunk", "ChatStreamError", "chat_body", "parse_chunks", "stream_chat"]

# Connecting and sending are quick; the first piece can take long on a busy device (the answer
# starts before the headers), and Stop is always there.
STREAM_TIMEOUT = httpx.Timeout(15.0, read=600.0)


class ChatStreamError(IslandRunError):
    """The answer broke off after it had started (the daemon's error event, mid-stream)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, title="The answer broke off")


@dataclass(frozen=True, slots=True)
class ChatChunk:
    text: str = ""
    islandrun: dict[str, Any] = field(default_factory=dict)
    finish_reason: str | None = None
    model: str = ""


def chat_body(
    messages: Sequence[dict[str, str]], model: str, collection: str | None = None, max_tokens: int | None = None
) -> dict[str, Any]:
    """The request body: OpenAI's shape plus the ``islandrun`` object for a collection."""
    body: dict[str, Any] = {"model": model or "default", "messages": list(messages), "stream": True}
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    if collection:
        body["islandrun"] = {"collection": collection}
    return body


async def parse_chunks(lines: AsyncIterator[str]) -> AsyncIterator[ChatChunk]:
    """Chat chunks from the SSE lines of a streamed completion; ``[DONE]`` ends it; an error event
    raises :class:`ChatStreamError` with the daemon's message."""
    data: list[str] = []
    done = False
    async for line in lines:  # read to the end, even after [DONE]: the connection then closes cleanly
        if done:
            continue
        if line:
            if line.startswith("data:"):
                value = line[5:]
                data.append(value[1:] if value.startswith(" ") else value)
            continue
        if not data:
            continue
        payload_text, data = "\n".join(data), []
        if payload_text.strip() == "[DONE]":
            done = True
            continue
        try:
            payload = json.loads(payload_text)
        except ValueError as exc:
            raise ChatStreamError(f"the daemon sent a chunk that is not JSON ({exc})") from None
        if not isinstance(payload, dict):
            continue
        error = payload.get("error")
        if isinstance(error, dict):
            raise ChatStreamError(str(error.get("message") or "the daemon reported an error"))
        text, finish = "", None
        for choice in payload.get("choices") or []:
            delta = choice.get("delta") or {}
            text += str(delta.get("content") or "")
            finish = choice.get("finish_reason") or finish
        meta = payload.get("islandrun")
        yield ChatChunk(text, dict(meta) if isinstance(meta, dict) else {}, finish, str(payload.get("model") or ""))


async def stream_chat(
    client: ApiClient,
    messages: Sequence[dict[str, str]],
    model: str,
    collection: str | None = None,
    max_tokens: int | None = None,
) -> AsyncGenerator[ChatChunk, None]:
    """Stream one answer. Raises :class:`ApiError` (a refusal, with the daemon's message),
    :class:`DaemonUnreachableError` or :class:`ChatStreamError`."""
    body = chat_body(messages, model, collection, max_tokens)
    try:
        async with client.http.stream("POST", "/v1/chat/completions", json=body, timeout=STREAM_TIMEOUT) as response:
            if response.status_code >= 400:
                await response.aread()
                raise ApiError(response.status_code, _error_message(response))
            async for chunk in parse_chunks(response.aiter_lines()):
                yield chunk
    except httpx.TimeoutException as exc:
        raise DaemonUnreachableError(f"no answer in time ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise DaemonUnreachableError(str(exc) or type(exc).__name__) from exc
