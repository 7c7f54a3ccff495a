"""The one way every wire format runs a chat: translate in, plan, run, translate out.

Each front end (OpenAI chat and completions, the Responses API, Anthropic's messages, Ollama's
chat and generate) validates its own body and translates it into the neutral job — a
:class:`~.openai_models.ChatCompletionRequest` plus :class:`~.openai_models.IslandRunOptions` —
then calls :func:`answer` or :func:`answer_stream` here. Detection, routing, approval, budgets,
sanitisation, dispatch and the books (ledger, audit, route events) happen behind these two calls
and nowhere else, so they apply to every API the same way. What comes back (:class:`Completion`,
:class:`Piece`) is rendered by the front end in its own shape; :func:`meta` is the ``islandrun``
record every shape carries.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from pydantic import ValidationError

from ..engines.embedded import model_notice
from ..islands import Island, IslandKind
from .dispatch import Completion, Piece
from .errors import ClientGoneError, OptionsError
from .openai_models import ChatCompletionRequest, IslandRunOptions
from .peer_server import PEER_SCOPE_KEY
from .pipeline import Pipeline, Plan
from .security import APP_SCOPE_KEY

__all__ = [
    "CHAT_ERRORS",
    "Answer",
    "ClientGoneError",
    "OptionsError",
    "Stream",
    "answer",
    "answer_stream",
    "headers",
    "meta",
    "options_from",
    "options_of",
    "pipeline_of",
    "retrieval",
]

# The failures every chat-running endpoint may answer, for the OpenAPI document (200 is the endpoint's own).
CHAT_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "malformed request, or a parameter this API does not support (the message names it)"},
    402: {"description": "budget exhausted"},
    403: {"description": "the offload was not approved, or the egress guard blocked an original value"},
    404: {"description": "unknown model"},
    409: {"description": "no island may run this request (the reason per island is in the message)"},
    502: {"description": "every eligible island failed before answering"},
    503: {"description": "the local engine is busy, or an island's credentials are missing"},
}

# X-IslandRun-* request headers → IslandRunOptions fields (the body's ``islandrun`` object wins).
_HEADERS = {
    "x-islandrun-tier": "tier",
    "x-islandrun-sensitivity": "sensitivity",
    "x-islandrun-conversation-id": "conversation_id",
    "x-islandrun-max-cost": "max_cost_usd",
    "x-islandrun-max-latency-ms": "max_latency_ms",
    "x-islandrun-dataset": "dataset",
    "x-islandrun-collection": "collection",
    "x-islandrun-max-passages": "max_passages",
}


def pipeline_of(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


def options_from(headers: Mapping[str, str | float | None], body: IslandRunOptions | None) -> IslandRunOptions:
    from_headers = {key: value for key, value in headers.items() if value is not None}
    try:
        merged = IslandRunOptions.model_validate(
            {**from_headers, **(body.model_dump(exclude_unset=True) if body else {})}
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise OptionsError(f"X-IslandRun-* headers: {problems}") from None
    return merged


def options_of(request: Request, body: IslandRunOptions | None) -> IslandRunOptions:
    """The request's IslandRun options: ``X-IslandRun-*`` headers, overridden by the body's object."""
    given: dict[str, str | float | None] = {}
    for header, field in _HEADERS.items():
        value = request.headers.get(header)
        if value is not None:
            given[field] = _number_or_name(value) if field == "sensitivity" else value
    return options_from(given, body)


def _number_or_name(value: str) -> str | float:
    try:
        return float(value)
    except ValueError:
        return value.strip().lower()


def meta(plan: Plan, served: Island, replaced: Mapping[str, int], model: str = "") -> dict[str, Any]:
    """What happened to this request, as the dispatch did it (never re-derived): ``sanitized`` is True
    only when something was replaced, and ``replaced`` counts the replacements by entity type. An answer
    from one of the tiny embedded models carries a ``notice`` saying so and how to get a better one."""
    notice = model_notice(model) if served.kind is IslandKind.LOCAL else None
    return {
        **({"notice": notice} if notice else {}),
        "island": served.id,
        "island_kind": served.kind.value,
        "island_tier": served.tier.value,
        "route_id": plan.route_id,
        "request_id": plan.request_id,
        "sensitivity": plan.assessment.level.value,
        "sanitized": bool(replaced),
        "replaced": dict(sorted(replaced.items())),
    }


def retrieval(plan: Plan, done: Completion) -> dict[str, Any]:
    """For an answer from a collection: which, and the passages it was given (``[n]`` in the answer)."""
    if plan.collection is None:
        return {}
    return {"collection": plan.collection, "sources": [dict(source) for source in done.sources]}


def headers(plan: Plan, served: Island | None = None) -> dict[str, str]:
    island = plan.island if served is None else served
    return {"X-IslandRun-Island": island.id, "X-IslandRun-Route-Id": plan.route_id}


@dataclass(frozen=True, slots=True)
class Answer:
    plan: Plan
    completion: Completion

    def meta(self) -> dict[str, Any]:
        done = self.completion
        return {**meta(self.plan, done.island, done.entity_counts, done.model), **retrieval(self.plan, done)}

    def headers(self) -> dict[str, str]:
        return headers(self.plan, self.completion.island)


@dataclass(frozen=True, slots=True)
class Stream:
    """A started stream: the first piece is already in (so failures before it answered with their own
    status), the rest follow from ``pieces``. Close ``pieces`` when done (``contextlib.aclosing``)."""

    plan: Plan
    first: Piece | None
    pieces: AsyncGenerator[Piece, None]

    @property
    def served(self) -> Island:
        return self.plan.island if self.first is None else self.first.island

    def headers(self) -> dict[str, str]:
        return {**headers(self.plan, self.served), "Cache-Control": "no-cache"}

    def meta(self) -> dict[str, Any]:
        if self.first is None:
            return meta(self.plan, self.plan.island, {})
        return meta(self.plan, self.first.island, self.first.entity_counts, self.first.model)


async def _plan(request: Request, body: ChatCompletionRequest, options: IslandRunOptions) -> Plan:
    # A request from a paired device runs here only, under this device's own policy.
    return await pipeline_of(request).plan(
        body, options, from_peer=request.scope.get(PEER_SCOPE_KEY), app=request.scope.get(APP_SCOPE_KEY)
    )


async def answer(request: Request, body: ChatCompletionRequest, options: IslandRunOptions) -> Answer:
    """Run the job to the end (cancelled if the client leaves first)."""
    plan = await _plan(request, body, options)
    completion = await _unless_client_leaves(request, pipeline_of(request).complete(plan))
    return Answer(plan, completion)


async def answer_stream(request: Request, body: ChatCompletionRequest, options: IslandRunOptions) -> Stream:
    """Start the job streamed and wait for its first piece before any header is sent: whatever fails
    before it (a full local queue, every candidate island down) answers with its own status code, and
    the headers name the island that really serves after any failover."""
    plan = await _plan(request, body, options)
    pieces = pipeline_of(request).stream(plan)
    try:
        first: Piece | None = await anext(pieces)
    except StopAsyncIteration:
        first = None
    except BaseException:
        await pieces.aclose()
        raise
    return Stream(plan, first, pieces)


async def _unless_client_leaves(request: Request, work: Coroutine[Any, Any, Completion]) -> Completion:
    """Run ``work``; if the client disconnects first, cancel it (the engine stops generating, a remote
    request is closed, the books record ``cancelled``) instead of finishing for nobody.

    ``work`` runs in this task and a watcher waits for the server's ``http.disconnect`` (the body is
    read already, so that is the next message): no polling, and no hop back from another task when
    the answer is ready."""
    this = asyncio.current_task()
    assert this is not None
    gone = False

    async def watch() -> None:
        nonlocal gone
        while (await request.receive())["type"] != "http.disconnect":
            pass
        gone = True
        this.cancel()

    watcher = asyncio.ensure_future(watch())
    try:
        return await work
    except asyncio.CancelledError:
        if not gone:
            raise
        this.uncancel()
        raise ClientGoneError() from None
    finally:
        watcher.cancel()
