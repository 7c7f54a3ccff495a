"""A local stand-in for Anthropic's Messages API, written from its documentation (no Anthropic
server can run on this machine). It checks requests the way the documentation describes them and
answers in the documented shapes: a ``message`` object, or the event stream
(``message_start``, ``content_block_start``, ``ping``, ``content_block_delta`` with ``text_delta``
or ``input_json_delta``, ``content_block_stop``, ``message_delta``, ``message_stop``, ``error``).

The reply echoes the last user text ("Echo: ...") so a test can see what arrived and check
restoring; with ``tool`` set it also asks for a tool call whose input quotes that text.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from .proxy import Receive, Scope, Send, read_body, request_headers, serve_lifespan

TOP_LEVEL = {
    "model", "max_tokens", "messages", "system", "metadata", "stop_sequences", "stream",
    "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking", "service_tier", "container", "mcp_servers",
}  # fmt: skip
BLOCK_TYPES = {"text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking"}


def problems_with(headers: dict[str, str], body: Any) -> list[str]:
    """What the documentation says a request must look like; every deviation is listed."""
    out: list[str] = []
    if not headers.get("x-api-key"):
        out.append("x-api-key header missing")
    if headers.get("anthropic-version") != "2023-06-01":
        out.append("anthropic-version header must be 2023-06-01")
    if "application/json" not in headers.get("content-type", ""):
        out.append("content-type must be application/json")
    if not isinstance(body, dict):
        return [*out, "body must be a JSON object"]
    out.extend(f"unknown top-level field {k!r}" for k in body if k not in TOP_LEVEL)
    if not isinstance(body.get("model"), str) or not body["model"]:
        out.append("model: a non-empty string is required")
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        out.append("max_tokens: a positive integer is required")
    if "temperature" in body and not 0.0 <= body["temperature"] <= 1.0:
        out.append("temperature must be in [0, 1]")
    if "system" in body and not isinstance(body["system"], str | list):
        out.append("system must be a string or a list of text blocks")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return [*out, "messages: a non-empty list is required"]
    if messages[0].get("role") != "user":
        out.append("the first message must have the user role")
    pending_tool_ids: set[str] = set()
    for i, message in enumerate(messages):
        role = message.get("role")
        if role not in ("user", "assistant"):
            out.append(f"messages[{i}].role must be user or assistant (system goes top-level)")
        if i and messages[i - 1].get("role") == role:
            out.append(f"messages[{i}]: roles must alternate")
        content = message.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        if not isinstance(blocks, list) or not blocks:
            out.append(f"messages[{i}].content must be a string or a non-empty list of blocks")
            continue
        for block in blocks:
            kind = block.get("type")
            if kind not in BLOCK_TYPES:
                out.append(f"messages[{i}]: unknown block type {kind!r}")
            if kind == "tool_use":
                if role != "assistant" or not isinstance(block.get("input"), dict) or not block.get("id"):
                    out.append(f"messages[{i}]: tool_use needs the assistant role, an id and an object input")
                pending_tool_ids.add(str(block.get("id")))
            if kind == "tool_result" and (role != "user" or block.get("tool_use_id") not in pending_tool_ids):
                out.append(f"messages[{i}]: tool_result must answer an earlier tool_use id in a user turn")
    if any(not t.get("name") or not isinstance(t.get("input_schema"), dict) for t in body.get("tools") or []):
        out.append("tools[]: name and input_schema are required")
    return out


def sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


@dataclass
class FakeAnthropic:
    requests: list[tuple[str, dict[str, str], Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    tool: bool = False  # also ask for a tool call
    fail_statuses: list[int] = field(default_factory=list)  # answer the next requests with these
    error_events: list[bool] = field(default_factory=list)  # next streams: True = error after first token
    chunk: int = 5  # characters per text_delta (so placeholders are split)
    stall_s: float = 0.0  # after the first text_delta, go quiet this long (an island that hangs)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await serve_lifespan(receive, send)
            return
        raw = await read_body(receive)
        headers = request_headers(scope)
        body = json.loads(raw) if raw else None
        self.requests.append((scope["path"], headers, body))
        if scope["method"] == "GET" and scope["path"] == "/v1/models":
            data = {"data": [{"type": "model", "id": "claude-sonnet-4-5", "display_name": "Claude Sonnet 4.5"}]}
            await self._json(send, 200, {**data, "has_more": False, "first_id": "claude-sonnet-4-5"})
            return
        if scope["path"] != "/v1/messages":
            await self._json(send, 404, {"type": "error", "error": {"type": "not_found_error", "message": "no route"}})
            return
        if self.fail_statuses:
            status = self.fail_statuses.pop(0)
            kind = "overloaded_error" if status == 529 else "api_error"
            await self._json(send, status, {"type": "error", "error": {"type": kind, "message": "Overloaded"}})
            return
        problems = problems_with(headers, body)
        if problems:
            self.problems.extend(problems)
            error = {"type": "invalid_request_error", "message": "; ".join(problems)}
            await self._json(send, 400, {"type": "error", "error": error})
            return
        text, tool_input = self._answer(body)
        if body.get("stream"):
            await self._stream(send, body, text, tool_input)
        else:
            content: list[dict[str, Any]] = [{"type": "text", "text": text}]
            if tool_input is not None:
                content.append({"type": "tool_use", "id": "toolu_01A", "name": "send_mail", "input": tool_input})
            await self._json(
                send,
                200,
                {
                    "id": "msg_01",
                    "type": "message",
                    "role": "assistant",
                    "model": body["model"],
                    "content": content,
                    "stop_reason": "tool_use" if tool_input is not None else "end_turn",
                    "stop_sequence": None,
                    "usage": {"input_tokens": 31, "output_tokens": 12, "cache_read_input_tokens": 5},
                },
            )

    def _answer(self, body: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
        last = body["messages"][-1]["content"]
        said = last if isinstance(last, str) else " ".join(b.get("text", "") for b in last if b.get("type") == "text")
        return f"Echo: {said}", ({"to": said, "urgent": True} if self.tool else None)

    async def _stream(self, send: Send, body: dict[str, Any], text: str, tool_input: dict[str, Any] | None) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})

        async def emit(event: str, data: dict[str, Any]) -> None:
            await send({"type": "http.response.body", "body": sse(event, data), "more_body": True})

        fail_mid = self.error_events.pop(0) if self.error_events else None
        message = {
            "id": "msg_01", "type": "message", "role": "assistant", "content": [], "model": body["model"],
            "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 25, "output_tokens": 1},
        }  # fmt: skip
        await emit("message_start", {"type": "message_start", "message": message})
        if fail_mid is False:  # an error event before any content: the documented overloaded case
            await emit("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
            await send({"type": "http.response.body", "body": b""})
            return
        await emit(
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        )
        await emit("ping", {"type": "ping"})
        for i in range(0, len(text), self.chunk):
            delta = {"type": "text_delta", "text": text[i : i + self.chunk]}
            await emit("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
            if self.stall_s and i == 0:
                await asyncio.sleep(self.stall_s)
                return  # the client has long given up
            if fail_mid and i >= self.chunk:
                await emit("error", {"type": "error", "error": {"type": "api_error", "message": "Internal error"}})
                await send({"type": "http.response.body", "body": b""})
                return
        await emit("content_block_stop", {"type": "content_block_stop", "index": 0})
        if tool_input is not None:
            start = {"type": "tool_use", "id": "toolu_01A", "name": "send_mail", "input": {}}
            await emit("content_block_start", {"type": "content_block_start", "index": 1, "content_block": start})
            encoded = json.dumps(tool_input)
            for piece in ("", encoded[:7], encoded[7:19], encoded[19:]):
                delta = {"type": "input_json_delta", "partial_json": piece}
                await emit("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": delta})
            await emit("content_block_stop", {"type": "content_block_stop", "index": 1})
        stop = "tool_use" if tool_input is not None else "end_turn"
        await emit(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": 15},
            },
        )
        await emit("message_stop", {"type": "message_stop"})
        await send({"type": "http.response.body", "body": b""})

    @staticmethod
    async def _json(send: Send, status: int, payload: dict[str, Any]) -> None:
        await send(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
        )
        await send({"type": "http.response.body", "body": json.dumps(payload).encode()})
