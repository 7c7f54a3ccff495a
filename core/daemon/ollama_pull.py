"""Ollama's ``/api/pull`` on IslandRun's model pull: the same download the tray and ``/api/models/pulls``
start (one registry of pulls, progress on the event feed), reported as Ollama's NDJSON progress.

A bare name (``llama3.2``, ``qwen3:0.6b``) is pulled from Ollama's registry, ``ORG/REPO[:QUANT]`` from
Hugging Face, a catalogue name as the catalogue says (:func:`islandrun.core.engines.registries.parse_spec`).
Pulling a name that is being pulled already follows that pull, as Ollama shares one download.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from ..engines.errors import PullError
from .events import Event
from .models_api import ModelPulls
from .ollama_models import ModelBody, OllamaRequestError, parse

__all__ = ["pull_route"]

# A failed pull's error class → the status of a non-streamed answer.
_STATUS = {"PullNotFoundError": 404, "PullAuthError": 401, "PullDiskFullError": 507, "PullCancelledError": 409}


def _pulls(request: Request) -> ModelPulls:
    state = request.app.state.shared  # the main app's state: its pulls are these pulls
    pulls: ModelPulls | None = getattr(state, "model_pulls", None)
    if pulls is None:
        pipeline = request.app.state.pipeline
        pulls = ModelPulls(pipeline.events, pipeline.refresh_local_models)
        state.model_pulls = pulls
    return pulls


def _check(name: str) -> None:
    from ..engines.curated import curated_by_name
    from ..engines.registries import parse_spec

    if not name:
        raise OllamaRequestError("model: required")
    if curated_by_name(name) is None:
        try:
            parse_spec(name)
        except PullError as exc:
            raise OllamaRequestError(exc.message) from None


async def pull_route(request: Request) -> Response:
    body = parse(await request.body(), ModelBody)
    name = body.wanted
    if body.insecure:
        raise OllamaRequestError("insecure: IslandRun pulls over HTTPS only")
    _check(name)
    pipeline = request.app.state.pipeline
    queue: asyncio.Queue[Event | None] = asyncio.Queue()
    follower = asyncio.create_task(_follow(pipeline.events.subscribe(frozenset({"model.pull."})), name, queue))
    await asyncio.sleep(0)  # the subscription is in place before the pull can publish anything
    pulls = _pulls(request)
    if name not in {p["name"] for p in pulls.running()}:
        pulls.start(name, None)
    if body.stream is False:
        try:
            last = [line async for line in _progress(queue)][-1]
        finally:
            follower.cancel()
        if "error" in last:
            return JSONResponse({"error": last["error"]}, _STATUS.get(last.get("kind", ""), 502))
        return JSONResponse(last)
    return StreamingResponse(_lines(queue, follower), media_type="application/x-ndjson")


async def _follow(events: AsyncIterator[Event], name: str, queue: asyncio.Queue[Event | None]) -> None:
    try:
        async for event in events:
            if event.data.get("name") == name:
                queue.put_nowait(event)
                if event.type != "model.pull.progress":
                    return
    finally:
        queue.put_nowait(None)


async def _progress(queue: asyncio.Queue[Event | None]) -> AsyncIterator[dict[str, Any]]:
    yield {"status": "pulling manifest"}
    while (event := await queue.get()) is not None:
        data = event.data
        if event.type == "model.pull.progress":
            yield {
                "status": f"pulling {data.get('model') or data['name']}",
                "total": data["total"],
                "completed": data["done"],
            }
        elif event.type == "model.pull.done":
            yield {
                "status": "success",
                "islandrun": {"model": data["model"], "path": data["path"], "bytes": data["bytes"]},
            }
            return
        else:
            yield {"error": data.get("reason", "the pull failed"), "kind": data.get("error", "")}
            return
    yield {"error": "the daemon is shutting down; pull again to resume", "kind": ""}


async def _lines(queue: asyncio.Queue[Event | None], follower: asyncio.Task[None]) -> AsyncIterator[bytes]:
    try:
        async for item in _progress(queue):
            item.pop("kind", None)
            yield json.dumps(item).encode() + b"\n"
    finally:
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower
