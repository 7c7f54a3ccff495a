"""``/v1/messages`` and ``/v1/messages/count_tokens``: Anthropic's Messages API in front of IslandRun.

A request is validated (:mod:`.anthropic_models`), translated into the neutral job and run by
:mod:`.chat_flow` exactly as an OpenAI chat is: detection, routing, approvals, budgets,
sanitisation, dispatch and the audit log apply the same way. IslandRun options come from the
``X-IslandRun-*`` headers.

The answer is an Anthropic ``message``: ``text`` and ``tool_use`` blocks (a tool call's id is the
island's call id, its ``input`` the parsed arguments), ``stop_reason`` from the finish reason
(``stop``→``end_turn``, ``length``→``max_tokens``, ``tool_calls``→``tool_use``,
``content_filter``→``refusal``; a matched stop sequence cannot be told apart from a natural end,
so ``stop_sequence`` is always null), ``usage`` and an ``islandrun`` object (island, route id,
sensitivity, what was replaced). Streamed: ``message_start`` (with the ``islandrun`` object;
``usage.input_tokens`` is 0 there because islands report it at the end), ``ping``, a text block
(``text_delta``), one ``tool_use`` block per call (its whole arguments in one ``input_json_delta``),
``message_delta`` (stop reason, and the final usage: ``input_tokens`` and ``output_tokens``, which
the SDK takes as totals), ``message_stop``. A failure after the first byte is an ``error`` event.

Errors have Anthropic's shape, ``{"type": "error", "error": {"type", "message"}}``, with the type
by HTTP status (:func:`error_response`); the routes render their own (:class:`AnthropicRoute`).

``count_tokens`` counts nothing remotely and loads no tokenizer: the model may be any island's,
and only the local one's is at hand. It is the estimate the router sizes reservations with
(:func:`~..remote.cost.estimate_tokens`, one token per 4 characters of every text, tool
definitions included, plus 4 per message), the same for every model; the model is not looked up.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from ..engines.errors import EngineBusyError
from ..errors import IslandRunError
from ..privacy.payload import ChatPayload, payload_texts
from ..remote.cost import FRAMING_TOKENS_PER_MESSAGE, estimate_tokens
from . import chat_flow
from .anthropic_models import (
    CountTokensRequest,
    MessagesRequest,
    RequestError,
    neutral_messages,
    neutral_tools,
    to_neutral,
    tool_choice_of,
)
from .chat_flow import Answer, Stream
from .dispatch import Completion, Piece
from .error_status import status_for
from .errors import ToolArgumentsError
from .openai_models import ChatCompletionRequest

__all__ = ["AnthropicRoute", "ToolArgumentsError", "describe", "error_response", "error_type", "router"]

# Anthropic's error types by HTTP status; a 4xx not listed is the request's fault, a 5xx the server's.
_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",  # every island failed: the upstream's failure, not a busy server
    503: "overloaded_error",  # the local engine is busy (Retry-After says when to try again)
    504: "timeout_error",
    529: "overloaded_error",
}

_STOP = {"stop": "end_turn", "length": "max_tokens", "tool_calls": "tool_use", "content_filter": "refusal"}


_TAGS = frozenset(
    {"text", "image", "tool_use", "tool_result", "base64", "url", "auto", "any", "tool", "none", "disabled"}
)


def _where(loc: tuple[int | str, ...]) -> str:
    """``messages[0].content[1].source`` from pydantic's location (tags of block unions left out)."""
    out = ""
    previous: int | str | None = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in _TAGS and (isinstance(previous, int) or previous in ("source", "tool_choice", "thinking")):
            pass  # the union member pydantic tried, not a field
        elif not part.startswith("function-"):
            out += f".{part}" if out else part
        previous = part
    return out or "body"


def describe(errors: Sequence[Mapping[str, Any]]) -> str:
    """One line naming every problem (``messages[0].content[1].type: ...; top_k: ...``) from
    pydantic's or FastAPI's validation errors."""
    problems = []
    for err in errors:
        loc = tuple(p for p in err.get("loc", ()) if p != "body")
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            problems.append(f"the body is not valid JSON ({(err.get('ctx') or {}).get('error', 'unreadable')})")
            continue
        if err.get("type") == "extra_forbidden":
            message = "unknown field: not part of the Messages API as IslandRun carries it"
        elif err.get("type") == "union_tag_invalid":
            message = f"unsupported type: {message}"
        problems.append(f"{_where(loc)}: {message}" if loc else message)
    return "; ".join(problems) or "invalid request"


def error_type(status: int) -> str:
    return _TYPES.get(status) or ("api_error" if status >= 500 else "invalid_request_error")


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """An error in Anthropic's shape, its ``type`` chosen by the HTTP status."""
    body = {"type": "error", "error": {"type": error_type(status), "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def _status_of(exc: IslandRunError) -> int:
    if isinstance(exc, ToolArgumentsError):
        return 502
    return status_for(exc)


def _render(exc: Exception) -> JSONResponse | None:
    """Anthropic's error body for what a route raised, or None for what the app's handlers answer."""
    if isinstance(exc, RequestValidationError):
        return error_response(400, "invalid request: " + describe(exc.errors()))
    if isinstance(exc, RequestError):
        return error_response(400, f"invalid request: {exc}")
    if isinstance(exc, IslandRunError):
        headers = {"Retry-After": "2"} if isinstance(exc, EngineBusyError) else None
        return error_response(_status_of(exc), exc.message, headers)
    if isinstance(exc, HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return error_response(exc.status_code, message, dict(exc.headers) if exc.headers else None)
    return None


class AnthropicRoute(APIRoute):
    """A route whose errors (validation included) answer in Anthropic's shape."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def anthropic_errors(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                rendered = _render(exc)
                if rendered is None:
                    raise
                return rendered

        return anthropic_errors


router = APIRouter(tags=["Anthropic-compatible"], route_class=AnthropicRoute)

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "the message (JSON), or server-sent events when stream=true"},
    400: {"description": "malformed request, or a parameter/block IslandRun does not carry (named)"},
    402: {"description": "budget exhausted"},
    403: {"description": "the offload was not approved, or the egress guard blocked an original value"},
    404: {"description": "unknown model"},
    409: {"description": "no island may run this request (the reason per island is in the message)"},
    413: {"description": "more text than [privacy] max_request_chars"},
    422: {"description": "the model named cannot be used"},
    502: {"description": "every eligible island failed before answering"},
    503: {"description": "the local engine is busy, or an island's credentials are missing"},
}


def _neutral(body: MessagesRequest) -> ChatCompletionRequest:
    try:
        return ChatCompletionRequest.model_validate(to_neutral(body))
    except ValidationError as exc:
        raise RequestError(describe(exc.errors())) from None


def _tool_blocks(calls: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    blocks = []
    for call in calls:
        function = call.get("function") or {}
        name, arguments = str(function.get("name", "")), str(function.get("arguments") or "{}")
        try:
            parsed = json.loads(arguments)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise ToolArgumentsError(name, arguments)
        call_id = str(call.get("id") or f"toolu_{secrets.token_hex(12)}")
        blocks.append({"type": "tool_use", "id": call_id, "name": name, "input": parsed})
    return blocks


def _message(answer: Answer) -> dict[str, Any]:
    done = answer.completion
    content: list[dict[str, Any]] = [{"type": "text", "text": done.text}] if done.text else []
    content.extend(_tool_blocks(done.tool_calls))
    return {
        "id": f"msg_{answer.plan.route_id}",
        "type": "message",
        "role": "assistant",
        "model": done.model,
        "content": content,
        "stop_reason": _STOP.get(done.finish_reason, "end_turn"),
        "stop_sequence": None,
        "usage": {"input_tokens": done.prompt_tokens, "output_tokens": done.completion_tokens},
        "islandrun": answer.meta(),
    }


@router.post(
    "/v1/messages",
    summary="Create a message (Anthropic-compatible, streamed with stream=true)",
    description="IslandRun options come from the `X-IslandRun-Tier`, `-Sensitivity`, `-Conversation-Id`, "
    "`-Max-Cost`, `-Max-Latency-Ms`, `-Collection` and `-Max-Passages` headers.",
    responses=_RESPONSES,
)
async def create_message(body: MessagesRequest, request: Request) -> Any:
    job = _neutral(body)
    options = chat_flow.options_of(request, None)
    if not body.stream:
        answer = await chat_flow.answer(request, job, options)
        message = _message(answer)
        return JSONResponse(message, headers={**answer.headers(), "request-id": answer.plan.request_id})
    stream = await chat_flow.answer_stream(request, job, options)
    headers = {**stream.headers(), "request-id": stream.plan.request_id}
    return StreamingResponse(_sse(stream, body.model), media_type="text/event-stream", headers=headers)


def _event(name: str, payload: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps({'type': name, **payload}, ensure_ascii=False)}\n\n".encode()


def _closing_events(stream: Stream, done: Completion | None, finish: str | None, index: int) -> Iterator[bytes]:
    """The tool_use blocks, then ``message_delta`` and ``message_stop``."""
    for block in _tool_blocks(done.tool_calls if done else ()):
        arguments = json.dumps(block["input"], ensure_ascii=False)
        yield _event("content_block_start", {"index": index, "content_block": {**block, "input": {}}})
        yield _event(
            "content_block_delta", {"index": index, "delta": {"type": "input_json_delta", "partial_json": arguments}}
        )
        yield _event("content_block_stop", {"index": index})
        index += 1
    reason = done.finish_reason if done else finish
    delta: dict[str, Any] = {
        "delta": {"stop_reason": _STOP.get(reason or "stop", "end_turn"), "stop_sequence": None},
        "usage": {
            "input_tokens": done.prompt_tokens if done else 0,
            "output_tokens": done.completion_tokens if done else 0,
        },
    }
    if done is not None and stream.plan.collection is not None:  # the sources come at the end
        delta["islandrun"] = chat_flow.retrieval(stream.plan, done)
    yield _event("message_delta", delta)
    yield _event("message_stop", {})


async def _sse(stream: Stream, model: str) -> AsyncIterator[bytes]:
    plan, first, pieces = stream.plan, stream.first, stream.pieces
    message: dict[str, Any] = {
        "id": f"msg_{plan.route_id}",
        "type": "message",
        "role": "assistant",
        "model": first.model if first is not None else model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 0, "output_tokens": 0},
        "islandrun": stream.meta(),
    }
    yield _event("message_start", {"message": message})
    yield _event("ping", {})
    text_open = False
    done: Completion | None = None
    finish: str | None = None
    async with contextlib.aclosing(pieces):  # a client that leaves stops generation now, not at GC
        try:
            later = [first] if first is not None else []
            async for piece in _chain(later, pieces):
                if piece.text:
                    if not text_open:
                        text_open = True
                        yield _event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}})
                    yield _event(
                        "content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": piece.text}}
                    )
                finish = piece.finish_reason or finish
                done = piece.completion or done
            closing = list(_closing_events(stream, done, finish, 1 if text_open else 0))
        except IslandRunError as exc:
            # The headers are gone: the failure travels as Anthropic's error event, as its API does.
            status = _status_of(exc)
            yield _event("error", {"error": {"type": error_type(status), "message": exc.message}})
            return
    if text_open:
        yield _event("content_block_stop", {"index": 0})
    for event in closing:
        yield event


async def _chain(head: list[Piece], rest: AsyncIterator[Piece]) -> AsyncIterator[Piece]:
    for item in head:
        yield item
    async for item in rest:
        yield item


@router.post(
    "/v1/messages/count_tokens",
    summary="Count a message request's input tokens (an estimate, computed here; nothing is sent)",
    description="One token per 4 characters of every text (system, messages, tool definitions) plus 4 per "
    "message: the estimate IslandRun's router sizes reservations with, the same for every model.",
    responses={400: _RESPONSES[400]},
)
async def count_tokens(body: CountTokensRequest) -> dict[str, int]:
    messages = neutral_messages(body)
    tools = neutral_tools(body)
    tool_choice_of(body)  # a tool_choice naming no tool is refused here as on /v1/messages
    texts = payload_texts(ChatPayload(tuple(messages), tuple(tools)))
    return {"input_tokens": sum(estimate_tokens(t) for t in texts) + FRAMING_TOKENS_PER_MESSAGE * len(messages)}
