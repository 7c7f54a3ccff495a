"""``/v1/chat/completions`` and ``/v1/models``: the OpenAI-compatible surface.

Every response names the island that served it and carries a route id: in the JSON body
(``islandrun``), in the first streamed chunk, and in the ``X-IslandRun-Island`` /
``X-IslandRun-Route-Id`` headers. IslandRun options come from the body's ``islandrun`` object or
``X-IslandRun-*`` headers (the body wins where both are given).
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError

from ..engines.types import ChatResult
from ..errors import IslandRunError
from ..islands import IslandKind
from .openai_models import ChatCompletionRequest, IslandRunOptions
from .pipeline import Pipeline, Plan

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


def _meta(plan: Plan) -> dict[str, Any]:
    return {
        "island": plan.island.id,
        "island_kind": plan.island.kind.value,
        "route_id": plan.route_id,
        "request_id": plan.request_id,
        "sensitivity": plan.assessment.level.value,
        "sanitized": plan.decision.sanitize and plan.island.kind is not IslandKind.LOCAL,
    }


def _headers(plan: Plan) -> dict[str, str]:
    return {"X-IslandRun-Island": plan.island.id, "X-IslandRun-Route-Id": plan.route_id}


def _completion(plan: Plan, result: ChatResult, created: int) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{plan.route_id}",
        "object": "chat.completion",
        "created": created,
        "model": result.model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": result.text},
                "finish_reason": "stop" if result.finish_reason == "cancelled" else result.finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": result.usage.prompt_tokens,
            "completion_tokens": result.usage.completion_tokens,
            "total_tokens": result.usage.total_tokens,
        },
        "islandrun": _meta(plan),
    }


@router.post(
    "/v1/chat/completions",
    summary="Create a chat completion (OpenAI-compatible, streamed with stream=true)",
    responses={
        200: {"description": "the completion (JSON), or server-sent chunks when stream=true"},
        400: {"description": "malformed request"},
        402: {"description": "budget exhausted"},
        403: {"description": "the offload was not approved"},
        404: {"description": "unknown model"},
        409: {"description": "no island may run this request (the reason per island is in the message)"},
        429: {"description": "rate limited"},
        503: {"description": "the local engine is busy, or the chosen island cannot be reached"},
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
) -> Any:
    options = options_from(
        {
            "tier": x_islandrun_tier,
            "sensitivity": _number_or_name(x_islandrun_sensitivity),
            "conversation_id": x_islandrun_conversation_id,
            "max_cost_usd": x_islandrun_max_cost,
            "max_latency_ms": x_islandrun_max_latency_ms,
            "dataset": x_islandrun_dataset,
        },
        body.islandrun,
    )
    pipeline = _pipeline(request)
    plan = await pipeline.plan(body, options)
    created = int(time.time())
    if not body.stream:
        result = await pipeline.complete(plan)
        return JSONResponse(_completion(plan, result, created), headers=_headers(plan))
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    return StreamingResponse(
        _sse(pipeline, plan, created, include_usage),
        media_type="text/event-stream",
        headers={**_headers(plan), "Cache-Control": "no-cache"},
    )


def _number_or_name(value: str | None) -> str | float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return value.strip().lower()


async def _sse(pipeline: Pipeline, plan: Plan, created: int, include_usage: bool) -> AsyncIterator[bytes]:
    base = {"id": f"chatcmpl-{plan.route_id}", "object": "chat.completion.chunk", "created": created}
    first = True
    model = plan.engine_request.model or ""
    try:
        async for chunk in pipeline.stream(plan):
            model = chunk.model
            delta: dict[str, Any] = {}
            if first:
                delta["role"] = "assistant"
            if chunk.text or first:
                delta["content"] = chunk.text
            if delta or chunk.finish_reason:
                finish = None if chunk.finish_reason is None else "stop"
                if chunk.finish_reason == "length":
                    finish = "length"
                payload: dict[str, Any] = {
                    **base,
                    "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
                }
                if first:
                    payload["islandrun"] = _meta(plan)
                first = False
                yield _event(payload)
            if chunk.usage is not None and include_usage:
                usage = {
                    "prompt_tokens": chunk.usage.prompt_tokens,
                    "completion_tokens": chunk.usage.completion_tokens,
                    "total_tokens": chunk.usage.total_tokens,
                }
                yield _event({**base, "model": model, "choices": [], "usage": usage})
    except IslandRunError as exc:
        # Headers are gone: the error travels as a final event, as OpenAI does mid-stream.
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
