"""``/v1/chat/completions`` and ``/v1/models``: the OpenAI-compatible surface.

Every response names the island that served it and carries a route id: in the JSON body
(``islandrun``), in the first streamed chunk, and in the ``X-IslandRun-Island`` /
``X-IslandRun-Route-Id`` headers. IslandRun options come from the body's ``islandrun`` object or
``X-IslandRun-*`` headers (the body wins where both are given).

A request that names a collection (``islandrun.collection``) is answered from it by the island
that holds it; the response lists the passages used in ``islandrun.sources`` (streamed: in the
chunk with the finish reason).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from ..errors import IslandRunError, UnknownModelError
from ..islands import IslandKind
from . import chat_flow
from .chat_flow import Answer, Stream
from .dispatch import Piece
from .openai_models import ChatCompletionRequest
from .pipeline import DEFAULT_MODEL_ALIASES

__all__ = ["router"]

router = APIRouter(tags=["OpenAI-compatible"])


def _completion(answer: Answer, created: int) -> dict[str, Any]:
    result = answer.completion
    # OpenAI's shape: an answer that is only tool calls has content null
    content = None if result.tool_calls and not result.text else result.text
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if result.tool_calls:
        message["tool_calls"] = list(result.tool_calls)
    return {
        "id": f"chatcmpl-{answer.plan.route_id}",
        "object": "chat.completion",
        "created": created,
        "model": result.model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": result.finish_reason,
                "logprobs": _logprobs(result.logprobs),
            }
        ],
        "usage": {
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "total_tokens": result.prompt_tokens + result.completion_tokens,
        },
        "islandrun": answer.meta(),
    }


def _logprobs(entries: Sequence[Mapping[str, Any]] | None) -> dict[str, Any] | None:
    return None if entries is None else {"content": [dict(e) for e in entries], "refusal": None}


@router.post(
    "/v1/chat/completions",
    summary="Create a chat completion (OpenAI-compatible, streamed with stream=true)",
    description="IslandRun options come from the body's `islandrun` object or `X-IslandRun-Tier`, "
    "`-Sensitivity`, `-Conversation-Id`, `-Max-Cost`, `-Max-Latency-Ms`, `-Collection` (`-Dataset`) and "
    "`-Max-Passages` headers; the body wins where both are given.",
    responses={
        200: {"description": "the completion (JSON), or server-sent chunks when stream=true"},
        400: {"description": "malformed request"},
        402: {"description": "budget exhausted"},
        403: {"description": "the offload was not approved, or the egress guard blocked an original value"},
        404: {"description": "unknown model, or the named collection was removed as the request arrived"},
        413: {"description": "more text than [privacy] max_request_chars, or a body over [server] max_body_bytes"},
        409: {
            "description": "no island may run this request, e.g. none holds the named collection "
            "(the reason per island is in the message)"
        },
        429: {"description": "rate limited"},
        502: {"description": "every eligible island failed before answering (each one's failure is in the message)"},
        503: {
            "description": "the local engine is busy, an island's credentials are missing, or the "
            "collections database cannot be read"
        },
    },
)
async def chat_completions(body: ChatCompletionRequest, request: Request) -> Any:
    options = chat_flow.options_of(request, body.islandrun)
    created = int(time.time())
    if not body.stream:
        answer = await chat_flow.answer(request, body, options)
        return JSONResponse(_completion(answer, created), headers=answer.headers())
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    stream = await chat_flow.answer_stream(request, body, options)
    return StreamingResponse(
        _sse(stream, created, include_usage), media_type="text/event-stream", headers=stream.headers()
    )


async def _sse(stream: Stream, created: int, include_usage: bool) -> AsyncIterator[bytes]:
    plan, first, pieces = stream.plan, stream.first, stream.pieces
    base = {"id": f"chatcmpl-{plan.route_id}", "object": "chat.completion.chunk", "created": created}

    def render(piece: Piece, is_first: bool) -> Iterator[bytes]:
        delta: dict[str, Any] = {}
        if is_first:
            delta["role"] = "assistant"
        if piece.text or is_first:
            delta["content"] = piece.text
        done = piece.completion
        if done is not None and done.tool_calls:
            delta["tool_calls"] = [{"index": i, **call} for i, call in enumerate(done.tool_calls)]
        entries = piece.logprobs or (done.logprobs if done is not None else None)
        choice = {"index": 0, "delta": delta, "finish_reason": piece.finish_reason, "logprobs": _logprobs(entries)}
        payload: dict[str, Any] = {**base, "model": piece.model, "choices": [choice]}
        if is_first:
            payload["islandrun"] = chat_flow.meta(plan, piece.island, piece.entity_counts, piece.model)
        if done is not None and plan.collection is not None:  # the sources come with the last piece
            payload["islandrun"] = {**payload.get("islandrun", {}), **chat_flow.retrieval(plan, done)}
        yield _event(payload)
        if done is not None and include_usage:
            usage = {
                "prompt_tokens": done.prompt_tokens,
                "completion_tokens": done.completion_tokens,
                "total_tokens": done.prompt_tokens + done.completion_tokens,
            }
            yield _event({**base, "model": piece.model, "choices": [], "usage": usage})

    async with contextlib.aclosing(pieces):  # a client that leaves stops generation now, not at GC
        try:
            if first is not None:
                for chunk in render(first, True):
                    yield chunk
            async for piece in pieces:
                if piece.text or piece.finish_reason or piece.completion is not None or piece.logprobs:
                    for chunk in render(piece, False):
                        yield chunk
        except IslandRunError as exc:
            # After the first piece the headers are gone: the error travels as a final event, as
            # OpenAI does mid-stream.
            yield _event({"error": {"message": exc.message, "type": type(exc).__name__, "code": None}})
    yield b"data: [DONE]\n\n"


def _event(payload: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n"


@router.get("/v1/models", summary="Models this daemon can serve (OpenAI-compatible)")
async def list_models(request: Request) -> dict[str, Any]:
    pipeline = chat_flow.pipeline_of(request)
    data = [_model_entry(entry.name, "islandrun-local") for entry in await pipeline.engine.list_models()]
    seen = {item["id"] for item in data}
    for island in pipeline.registry.islands():
        for name in island.models:
            if name not in seen and island.kind is not IslandKind.LOCAL:
                seen.add(name)
                data.append(_model_entry(name, island.id))
    return {"object": "list", "data": data}


@router.get(
    "/v1/models/{model}",
    summary="One model (OpenAI-compatible)",
    responses={404: {"description": "unknown model"}},
)
async def get_model(model: str, request: Request) -> Any:
    """The model, by any name chat accepts: the aliases of this device's default model included."""
    listing = await list_models(request)
    for item in listing["data"]:
        if item["id"] == model:
            return item
    pipeline = chat_flow.pipeline_of(request)
    if model in DEFAULT_MODEL_ALIASES:
        return _model_entry(model, "islandrun-local")
    raise UnknownModelError(model, [item["id"] for item in listing["data"]] or pipeline.model_names())


def _model_entry(name: str, owner: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 0, "owned_by": owner}
