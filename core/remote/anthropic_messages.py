"""Anthropic's Messages API, natively: ``POST /v1/messages`` and its streaming event format.

Requests are mapped from OpenAI-style messages: system messages join the top-level ``system``;
assistant ``tool_calls`` become ``tool_use`` blocks; ``tool`` messages become ``tool_result``
blocks in a user turn; consecutive turns of one role are merged (the API wants them alternating).
Replies map back: ``text`` blocks to text, ``tool_use`` blocks to tool calls, ``stop_reason`` to
OpenAI's finish reasons, ``usage.input_tokens`` (plus cache reads and writes) and
``usage.output_tokens`` to usage. Streams are read event by event (``message_start``,
``content_block_start``/``_delta``/``_stop``, ``message_delta``, ``message_stop``, ``ping``,
``error``). The island's ``endpoint`` is the API root (``https://api.anthropic.com``; a trailing
``/v1`` is accepted).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from .errors import RemoteRequestError, UpstreamError
from .types import RemoteFinishReason, ToolCall
from .wire import Delta, HttpCall, Reply, WireRequest

__all__ = ["ANTHROPIC_VERSION", "AnthropicMessages", "to_anthropic_messages"]

ANTHROPIC_VERSION = "2023-06-01"

_STOP: dict[str, RemoteFinishReason] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
# Error types in a stream's ``error`` event that are worth another try (before the first token).
_RETRYABLE_TYPES = frozenset({"overloaded_error", "rate_limit_error", "api_error", "timeout_error"})


def _base(endpoint: str) -> str:
    return endpoint.rstrip("/").removesuffix("/v1")


def _headers(api_key: str | None, *, stream: bool = False) -> dict[str, str]:
    headers = {"anthropic-version": ANTHROPIC_VERSION, "Accept": "text/event-stream" if stream else "application/json"}
    if api_key:
        headers["x-api-key"] = api_key
    return headers


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def _blocks(content: Any) -> list[dict[str, Any]]:
    if content is None:
        return []
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    blocks: list[dict[str, Any]] = []
    for part in content:
        if not isinstance(part, dict):
            continue
        if part.get("type") == "text":
            blocks.append({"type": "text", "text": str(part.get("text", ""))})
        elif part.get("type") == "image_url":
            url = str((part.get("image_url") or {}).get("url", ""))
            if url.startswith("data:") and ";base64," in url:
                media, data = url[5:].split(";base64,", 1)
                blocks.append({"type": "image", "source": {"type": "base64", "media_type": media, "data": data}})
            else:
                blocks.append({"type": "image", "source": {"type": "url", "url": url}})
    return blocks


def _tool_input(arguments: str) -> Any:
    try:
        return json.loads(arguments) if arguments else {}
    except ValueError:
        raise RemoteRequestError(f"tool-call arguments are not valid JSON: {arguments[:80]!r}") from None


def to_anthropic_messages(messages: Sequence[Mapping[str, Any]]) -> tuple[str | None, list[dict[str, Any]]]:
    """``(system, messages)`` in the Messages API's shape from OpenAI-style messages."""
    system: list[str] = []
    turns: list[dict[str, Any]] = []
    for message in messages:
        role = message.get("role")
        if role in ("system", "developer"):
            system.append(_text_of(message.get("content")))
            continue
        if role == "tool":
            role_out, blocks = (
                "user",
                [
                    {
                        "type": "tool_result",
                        "tool_use_id": str(message.get("tool_call_id", "")),
                        "content": _text_of(message.get("content")),
                    }
                ],
            )
        elif role == "assistant":
            role_out, blocks = "assistant", _blocks(message.get("content"))
            for call in message.get("tool_calls") or []:
                function = call.get("function") or {}
                blocks.append(
                    {
                        "type": "tool_use",
                        "id": str(call.get("id", "")),
                        "name": str(function.get("name", "")),
                        "input": _tool_input(str(function.get("arguments") or "")),
                    }
                )
        else:
            role_out, blocks = "user", _blocks(message.get("content"))
        if turns and turns[-1]["role"] == role_out:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role_out, "content": blocks})
    return ("\n\n".join(s for s in system if s) or None), turns


def _tools(tools: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for tool in tools:
        function = tool.get("function") or tool
        entry = {"name": function.get("name"), "input_schema": function.get("parameters") or {"type": "object"}}
        if function.get("description"):
            entry["description"] = function["description"]
        out.append(entry)
    return out


def _tool_choice(choice: str | Mapping[str, Any], sampling: Mapping[str, Any]) -> dict[str, Any]:
    """OpenAI's tool_choice in Anthropic's words (``required`` is ``any``; a named function is ``tool``)."""
    if isinstance(choice, str):
        out: dict[str, Any] = {"type": {"required": "any"}.get(choice, choice)}
    else:
        out = {"type": "tool", "name": str(choice["function"]["name"])}
    if sampling.get("parallel_tool_calls") is False and out["type"] != "none":
        out["disable_parallel_tool_use"] = True
    return out


def _usage(usage: Mapping[str, Any]) -> tuple[int | None, int | None]:
    if not usage:
        return None, None
    prompt = None
    if "input_tokens" in usage:
        prompt = sum(
            int(usage.get(k) or 0) for k in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
        )
    output = usage.get("output_tokens")
    return prompt, None if output is None else int(output)


class AnthropicMessages:
    name = "anthropic"

    def chat_call(self, endpoint: str, request: WireRequest, api_key: str | None, *, stream: bool) -> HttpCall:
        if not request.model:
            raise RemoteRequestError(
                "Anthropic needs a model name: name one in the request or list it in the island's `models`"
            )
        system, messages = to_anthropic_messages(request.messages)
        body: dict[str, Any] = {"model": request.model, "max_tokens": request.max_tokens, "messages": messages}
        if system:
            body["system"] = system
        if request.temperature is not None:
            body["temperature"] = min(request.temperature, 1.0)  # Anthropic's range is [0, 1]
        if request.top_p is not None:
            body["top_p"] = request.top_p
        if request.stop:
            body["stop_sequences"] = list(request.stop)
        if request.tools:
            body["tools"] = _tools(request.tools)
        if request.tool_choice is not None:
            body["tool_choice"] = _tool_choice(request.tool_choice, request.sampling)
        # The router sends Anthropic islands only what their API takes (islands.API_FEATURES): a request
        # asking for more reaching here is a bug, and it must fail loudly rather than lose the ask.
        unsent = [k for k in request.sampling if k != "parallel_tool_calls"]
        if request.response_format is not None and request.response_format.get("type") != "text":
            unsent.append("response_format")
        if unsent:
            raise RemoteRequestError(f"the Anthropic API cannot take {', '.join(sorted(unsent))}")
        if stream:
            body["stream"] = True
        return HttpCall("POST", _base(endpoint) + "/v1/messages", _headers(api_key, stream=stream), body)

    def parse_reply(self, island_id: str, body: Any) -> Reply:
        try:
            if body.get("type") == "error":
                raise UpstreamError(island_id, f"the island sent an error: {self.error_text(body)}")
            text: list[str] = []
            calls: list[ToolCall] = []
            for block in body["content"]:
                if block.get("type") == "text":
                    text.append(str(block.get("text", "")))
                elif block.get("type") == "tool_use":
                    arguments = json.dumps(block.get("input") or {}, ensure_ascii=False)
                    calls.append(ToolCall(str(block.get("id", "")), str(block.get("name", "")), arguments))
            prompt, completion = _usage(body.get("usage") or {})
            return Reply(
                text="".join(text),
                finish_reason=_STOP.get(str(body.get("stop_reason")), "stop"),
                model=str(body.get("model") or ""),
                tool_calls=tuple(calls),
                prompt_tokens=prompt,
                completion_tokens=completion,
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise UpstreamError(island_id, f"the reply is not an Anthropic message ({exc!r})") from None

    async def deltas(self, island_id: str, events: AsyncIterator[tuple[str, str]]) -> AsyncIterator[Delta]:
        tool_index: dict[int, int] = {}  # content block index → tool-call index
        async for event, data in events:
            try:
                obj = json.loads(data)
            except ValueError:
                raise UpstreamError(island_id, f"the stream sent a {event!r} event that is not JSON") from None
            kind = obj.get("type", event) if isinstance(obj, dict) else event
            if kind == "message_start":
                message = obj.get("message") or {}
                prompt, _ = _usage(message.get("usage") or {})
                yield Delta(prompt_tokens=prompt, model=message.get("model"))
            elif kind == "content_block_start":
                block = obj.get("content_block") or {}
                if block.get("type") == "tool_use":
                    index = tool_index.setdefault(int(obj.get("index", 0)), len(tool_index))
                    yield Delta(tool_parts=((index, block.get("id"), block.get("name"), ""),))
                elif block.get("type") == "text" and block.get("text"):
                    yield Delta(text=str(block["text"]))
            elif kind == "content_block_delta":
                delta = obj.get("delta") or {}
                if delta.get("type") == "text_delta":
                    yield Delta(text=str(delta.get("text", "")))
                elif delta.get("type") == "input_json_delta":
                    index = tool_index.setdefault(int(obj.get("index", 0)), len(tool_index))
                    yield Delta(tool_parts=((index, None, None, str(delta.get("partial_json", ""))),))
            elif kind == "message_delta":
                stop = (obj.get("delta") or {}).get("stop_reason")
                _, completion = _usage(obj.get("usage") or {})
                yield Delta(
                    finish_reason=None if stop is None else _STOP.get(str(stop), "stop"), completion_tokens=completion
                )
            elif kind == "message_stop":
                return
            elif kind == "error":
                error = obj.get("error") or {}
                raise UpstreamError(
                    island_id,
                    f"the island sent an error event: {self.error_text(obj)}",
                    retryable=error.get("type") in _RETRYABLE_TYPES,
                    status=529 if error.get("type") == "overloaded_error" else None,
                )
            # ping and unknown events (thinking blocks, future types) are ignored, as the docs ask
        raise UpstreamError(island_id, "the stream closed before message_stop")

    def models_call(self, endpoint: str, api_key: str | None) -> HttpCall:
        return HttpCall("GET", _base(endpoint) + "/v1/models", _headers(api_key))

    def parse_models(self, body: Any) -> list[str]:
        return [str(item["id"]) for item in (body or {}).get("data") or [] if isinstance(item, dict) and "id" in item]

    def error_text(self, body: Any) -> str:
        if isinstance(body, dict):
            error = body.get("error", body)
            if isinstance(error, dict):
                kind = error.get("type")
                message = error.get("message") or error
                return (f"{kind}: {message}" if kind else str(message))[:300]
            return str(error)[:300]
        return str(body)[:300]
