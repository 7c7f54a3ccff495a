"""The OpenAI-compatible chat completions API (OpenAI, OpenRouter, Groq, Together, vLLM, Ollama,
LM Studio, llama.cpp server, and IslandRun peers, whose daemon speaks it too).

The island's ``endpoint`` is the base URL as the OpenAI SDK takes it (``https://api.openai.com/v1``,
``http://127.0.0.1:11434/v1``); a bare ``scheme://host:port`` gets ``/v1`` appended. Streams ask for
``stream_options.include_usage``; servers that ignore it are charged by estimate (:mod:`.cost`).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from .errors import UpstreamError
from .sources import parse_sources
from .types import RemoteFinishReason, ToolCall
from .wire import Delta, HttpCall, Reply, WireRequest

__all__ = ["OpenAICompatible", "finish_reason", "openai_base"]

_FINISH: dict[str, RemoteFinishReason] = {
    "stop": "stop",
    "length": "length",
    "tool_calls": "tool_calls",
    "function_call": "tool_calls",
    "content_filter": "content_filter",
}


def finish_reason(value: Any) -> RemoteFinishReason:
    return _FINISH.get(str(value), "stop")


def openai_base(endpoint: str) -> str:
    base = endpoint.rstrip("/")
    return base + "/v1" if urlsplit(base).path in ("", "/") else base


def _message(message: Mapping[str, Any]) -> dict[str, Any]:
    """The message as sent; an assistant turn with tool calls and no text gets ``content: ""``
    (OpenAI accepts null or a missing content there, llama.cpp's server accepts neither)."""
    out = dict(message)
    if out.get("role") == "assistant" and out.get("tool_calls") and out.get("content") is None:
        out["content"] = ""
    return out


def _logprobs(choice: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...] | None:
    content = (choice.get("logprobs") or {}).get("content")
    return None if not isinstance(content, list) else tuple(e for e in content if isinstance(e, Mapping))


def _headers(api_key: str | None, *, stream: bool = False) -> dict[str, str]:
    headers = {"Accept": "text/event-stream" if stream else "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    return headers


class OpenAICompatible:
    name = "openai"

    def chat_call(self, endpoint: str, request: WireRequest, api_key: str | None, *, stream: bool) -> HttpCall:
        body: dict[str, Any] = {"messages": [_message(m) for m in request.messages], "max_tokens": request.max_tokens}
        if request.model is not None:
            body["model"] = request.model
        for key in ("temperature", "top_p", "seed"):
            value = getattr(request, key)
            if value is not None:
                body[key] = value
        if request.stop:
            body["stop"] = list(request.stop)
        if request.tools:
            body["tools"] = [dict(t) for t in request.tools]
        if request.tool_choice is not None:
            body["tool_choice"] = request.tool_choice
        if request.response_format is not None:
            body["response_format"] = dict(request.response_format)
        body.update(request.sampling)
        if request.extensions:
            body["islandrun"] = dict(request.extensions)
        if stream:
            body["stream"] = True
            body["stream_options"] = {"include_usage": True}
        return HttpCall("POST", openai_base(endpoint) + "/chat/completions", _headers(api_key, stream=stream), body)

    def parse_reply(self, island_id: str, body: Any) -> Reply:
        try:
            choice = body["choices"][0]
            message = choice.get("message") or {}
            calls = tuple(
                ToolCall(str(c.get("id") or f"call_{i}"), str(c["function"]["name"]), str(c["function"]["arguments"]))
                for i, c in enumerate(message.get("tool_calls") or [])
            )
            usage = body.get("usage") or {}
            return Reply(
                text=message.get("content") or "",
                finish_reason=finish_reason(choice.get("finish_reason")),
                model=str(body.get("model") or ""),
                tool_calls=calls,
                prompt_tokens=usage.get("prompt_tokens"),
                completion_tokens=usage.get("completion_tokens"),
                sources=parse_sources(island_id, body.get("islandrun")) or (),
                logprobs=_logprobs(choice),
            )
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise UpstreamError(island_id, f"the reply is not an OpenAI chat completion ({exc!r})") from None

    async def deltas(self, island_id: str, events: AsyncIterator[tuple[str, str]]) -> AsyncIterator[Delta]:
        finished = False
        async for _event, data in events:
            if data.strip() == "[DONE]":
                return
            try:
                obj = json.loads(data)
            except ValueError:
                raise UpstreamError(island_id, "the stream sent an event that is not JSON") from None
            if not isinstance(obj, dict):
                continue
            if obj.get("error"):
                raise UpstreamError(island_id, f"the island sent an error event: {self.error_text(obj)}")
            usage = obj.get("usage") or {}
            model = obj.get("model")
            sources = parse_sources(island_id, obj.get("islandrun"))
            if sources is not None:
                yield Delta(sources=sources, model=model)
            for choice in obj.get("choices") or []:
                delta = choice.get("delta") or {}
                parts = tuple(
                    (
                        int(c.get("index", 0)),
                        c.get("id"),
                        (c.get("function") or {}).get("name"),
                        (c.get("function") or {}).get("arguments") or "",
                    )
                    for c in delta.get("tool_calls") or []
                )
                reason = choice.get("finish_reason")
                finished = finished or reason is not None
                yield Delta(
                    text=delta.get("content") or "",
                    logprobs=_logprobs(choice) or (),
                    tool_parts=parts,
                    finish_reason=None if reason is None else finish_reason(reason),
                    model=model,
                )
            if usage:
                yield Delta(
                    prompt_tokens=usage.get("prompt_tokens"),
                    completion_tokens=usage.get("completion_tokens"),
                    model=model,
                )
        if not finished:  # the connection closed with neither a finish reason nor [DONE]
            raise UpstreamError(island_id, "the stream closed before the reply finished")

    def models_call(self, endpoint: str, api_key: str | None) -> HttpCall:
        return HttpCall("GET", openai_base(endpoint) + "/models", _headers(api_key))

    def parse_models(self, body: Any) -> list[str]:
        return [str(item["id"]) for item in (body or {}).get("data") or [] if isinstance(item, dict) and "id" in item]

    def error_text(self, body: Any) -> str:
        if isinstance(body, dict):
            error = body.get("error", body.get("detail", body))
            if isinstance(error, dict):
                return str(error.get("message") or error)[:300]
            return str(error)[:300]
        return str(body)[:300]
