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

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncGenerator, AsyncIterator, Coroutine, Iterator, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError

from ..engines.embedded import model_notice
from ..errors import IslandRunError
from ..islands import Island, IslandKind
from .dispatch import Completion, Piece
from .openai_models import ChatCompletionRequest, IslandRunOptions
from .peer_server import PEER_SCOPE_KEY
from .pipeline import Pipeline, Plan
from .security import APP_SCOPE_KEY

__all__ = ["options_from", "router"]

router = APIRouter(tags=["OpenAI-compatible"])


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


class OptionsError(IslandRunError):
    def __init__(self, problem: str) -> None:
        super().__init__(problem, title="Invalid IslandRun options")


def options_from(headers: dict[str, str | float | None], body: IslandRunOptions | None) -> IslandRunOptions:
    from_headers = {key: value for key, value in headers.items() if value is not None}
    try:
        merged = IslandRunOptions.model_validate(
            {**from_headers, **(body.model_dump(exclude_unset=True) if body else {})}
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise OptionsError(f"X-IslandRun-* headers: {problems}") from None
    return merged


def _meta(plan: Plan, served: Island, replaced: Mapping[str, int], model: str = "") -> dict[str, Any]:
    """What happened to this request, as the dispatch did it (never re-derived): ``sanitized`` is True
    only when something was replaced, and ``replaced`` counts the replacements by entity type. An answer
    from one of the tiny embedded models carries a ``notice`` saying so and how to get a better one."""
    notice = model_notice(model) if served.kind is IslandKind.LOCAL else None
    return {
        **({"notice": notice} if notice else {}),
        "island": served.id,
        "island_kind": served.kind.value,
        "route_id": plan.route_id,
        "request_id": plan.request_id,
        "sensitivity": plan.assessment.level.value,
        "sanitized": bool(replaced),
        "replaced": dict(sorted(replaced.items())),
    }


def _retrieval(plan: Plan, done: Completion) -> dict[str, Any]:
    """For an answer from a collection: which, and the passages it was given (``[n]`` in the answer)."""
    if plan.collection is None:
        return {}
    return {"collection": plan.collection, "sources": [dict(source) for source in done.sources]}


def _headers(plan: Plan) -> dict[str, str]:
    return {"X-IslandRun-Island": plan.island.id, "X-IslandRun-Route-Id": plan.route_id}


def _completion(plan: Plan, result: Completion, created: int) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": result.text}
    if result.tool_calls:
        message["tool_calls"] = list(result.tool_calls)
    return {
        "id": f"chatcmpl-{plan.route_id}",
        "object": "chat.completion",
        "created": created,
        "model": result.model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": result.finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "total_tokens": result.prompt_tokens + result.completion_tokens,
        },
        "islandrun": {**_meta(plan, result.island, result.entity_counts, result.model), **_retrieval(plan, result)},
    }


@router.post(
    "/v1/chat/completions",
    summary="Create a chat completion (OpenAI-compatible, streamed with stream=true)",
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
async def chat_completions(
    body: ChatCompletionRequest,
    request: Request,
    x_islandrun_tier: Annotated[str | None, Header()] = None,
    x_islandrun_sensitivity: Annotated[str | None, Header()] = None,
    x_islandrun_conversation_id: Annotated[str | None, Header()] = None,
    x_islandrun_max_cost: Annotated[str | None, Header()] = None,
    x_islandrun_max_latency_ms: Annotated[str | None, Header()] = None,
    x_islandrun_dataset: Annotated[str | None, Header()] = None,
    x_islandrun_collection: Annotated[str | None, Header()] = None,
    x_islandrun_max_passages: Annotated[str | None, Header()] = None,
) -> Any:
    options = options_from(
        {
            "tier": x_islandrun_tier,
            "sensitivity": _number_or_name(x_islandrun_sensitivity),
            "conversation_id": x_islandrun_conversation_id,
            "max_cost_usd": x_islandrun_max_cost,
            "max_latency_ms": x_islandrun_max_latency_ms,
            "dataset": x_islandrun_dataset,
            "collection": x_islandrun_collection,
            "max_passages": x_islandrun_max_passages,
        },
        body.islandrun,
    )
    pipeline = _pipeline(request)
    # A request from a paired device runs here only, under this device's own policy.
    plan = await pipeline.plan(
        body, options, from_peer=request.scope.get(PEER_SCOPE_KEY), app=request.scope.get(APP_SCOPE_KEY)
    )
    created = int(time.time())
    if not body.stream:
        result = await _unless_client_leaves(request, pipeline.complete(plan))
        headers = {**_headers(plan), "X-IslandRun-Island": result.island.id}
        return JSONResponse(_completion(plan, result, created), headers=headers)
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    pieces = pipeline.stream(plan)
    # Wait for the first piece before sending headers: whatever fails before it (a full local
    # queue, every candidate island down) answers with its own status code, and the headers name
    # the island that really serves after any failover.
    try:
        first: Piece | None = await anext(pieces)
    except StopAsyncIteration:
        first = None
    except BaseException:
        await pieces.aclose()
        raise
    served = plan.island if first is None else first.island
    return StreamingResponse(
        _sse(plan, first, pieces, created, include_usage),
        media_type="text/event-stream",
        headers={**_headers(plan), "X-IslandRun-Island": served.id, "Cache-Control": "no-cache"},
    )


async def _unless_client_leaves(request: Request, work: Coroutine[Any, Any, Completion]) -> Completion:
    """Run ``work``; if the client disconnects first, cancel it (the engine stops generating, a remote
    request is closed, the books record ``cancelled``) instead of finishing for nobody."""
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=0.5)
            if done:
                return task.result()
            if await request.is_disconnected():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                raise ClientGoneError()
    except asyncio.CancelledError:
        task.cancel()
        raise


class ClientGoneError(IslandRunError):
    def __init__(self) -> None:
        super().__init__("the client disconnected; the request was cancelled", title="Client gone")


def _number_or_name(value: str | None) -> str | float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return value.strip().lower()


async def _sse(
    plan: Plan, first: Piece | None, pieces: AsyncGenerator[Piece, None], created: int, include_usage: bool
) -> AsyncIterator[bytes]:
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
        choice = {"index": 0, "delta": delta, "finish_reason": piece.finish_reason, "logprobs": None}
        payload: dict[str, Any] = {**base, "model": piece.model, "choices": [choice]}
        if is_first:
            payload["islandrun"] = _meta(plan, piece.island, piece.entity_counts, piece.model)
        if done is not None and plan.collection is not None:  # the sources come with the last piece
            payload["islandrun"] = {**payload.get("islandrun", {}), **_retrieval(plan, done)}
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
                if piece.text or piece.finish_reason or piece.completion is not None:
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
    pipeline = _pipeline(request)
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
    listing = await list_models(request)
    for item in listing["data"]:
        if item["id"] == model:
            return item
    return JSONResponse(
        {"error": {"message": f"model {model!r} not found", "type": "not_found", "code": 404}}, status_code=404
    )


def _model_entry(name: str, owner: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 0, "owned_by": owner}
