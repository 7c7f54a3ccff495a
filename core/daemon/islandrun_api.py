"""IslandRun's own endpoints under ``/api``: islands, policy, budgets, capacity, dry-run routing,
privacy preview, approvals, audit and the event stream (DESIGN §3)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ..config import BudgetLimits, IslandConfig, PolicyConfig
from ..errors import IslandRunError, NoEligibleIslandError
from ..ledger import GLOBAL_SCOPE, Period
from ..privacy.payload import ChatPayload
from ..routing.policy import Priority
from ..routing.request import RouteRequest
from ..sensitivity import SensitivityLevel
from ..views import decision_view, island_view, no_route_view
from .api_models import (
    ApprovalAnswered,
    AuditRow,
    AuditVerified,
    BudgetsView,
    CapacityHistoryRow,
    CapacityStatus,
    DecisionView,
    HealthView,
    IslandView,
    NoRouteView,
    PendingApprovalView,
    PolicyView,
    ScanView,
)
from .approvals import Answer
from .errors import IslandIdMismatchError
from .event_models import FeedEventModel
from .live_config import LiveConfig
from .pipeline import Pipeline

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["IslandRun"])


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


@router.get("/health", response_model=HealthView, summary="Liveness of the daemon")
async def health(request: Request) -> dict[str, Any]:
    from .. import __version__

    listeners = getattr(request.app.state, "listeners", [])  # every TCP listener: url, hosts, open or why not
    return {"status": "ok", "version": __version__, "listeners": listeners}


@router.get(
    "/islands", response_model=list[IslandView], summary="Every island: kind, tier, trust composition, privacy, prices"
)
async def islands(request: Request) -> list[dict[str, Any]]:
    pipeline = _pipeline(request)
    configured = {i.id: i.model_dump(mode="json") for i in pipeline.config.islands}
    return [{**island_view(i), "config": configured.get(i.id)} for i in pipeline.registry.islands()]


@router.get("/policy", response_model=PolicyView, summary="The routing policy in effect")
async def policy(request: Request) -> dict[str, Any]:
    p = _pipeline(request).policy
    return {
        "config": _pipeline(request).config.policy.model_dump(mode="json"),  # the [policy] table PUT takes
        "local_only": p.local_only,
        "mode": p.mode.value,
        "weights": dict(p.weights),
        "thresholds": {
            "secondary": p.secondary_threshold,
            "burstable": p.burstable_threshold,
            "buffer": p.buffer,
            "hysteresis_margin": p.hysteresis_margin,
        },
        "approval": {
            "min_tier": None if p.approval.min_tier is None else int(p.approval.min_tier),
            "above_sensitivity": p.approval.above_sensitivity,
            "timeout_s": p.approval.timeout_s,
        },
    }


def _live(request: Request) -> LiveConfig:
    live: LiveConfig = request.app.state.live_config
    return live


_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "the config file does not load (fix it by hand first), or the island exists already"},
    503: {"description": "the change could not be applied; the file and the daemon are as they were"},
    507: {"description": "the disk is full; nothing was changed"},
}


@router.put(
    "/policy",
    response_model=PolicyView,
    summary="Change the routing policy (saved to the config file)",
    responses=_WRITE_ERRORS,
)
async def put_policy(body: PolicyConfig, request: Request) -> dict[str, Any]:
    await _live(request).set_policy(body)
    return await policy(request)


@router.put(
    "/budgets",
    response_model=BudgetsView,
    summary="Change the overall budgets (saved to the config file)",
    responses=_WRITE_ERRORS,
)
async def put_budgets(body: BudgetLimits, request: Request) -> dict[str, Any]:
    await _live(request).set_budgets(body)
    return await budgets(request)


@router.post(
    "/islands",
    status_code=201,
    response_model=IslandView,
    summary="Add an island (saved to the config file)",
    responses=_WRITE_ERRORS,
)
async def add_island(body: IslandConfig, request: Request) -> dict[str, Any]:
    if body.kind == "peer":  # listed by hand it would show at trust 1.00 yet never be used (unpaired)
        raise IslandRunError(
            f"island {body.id!r}: your own devices join by pairing (`islandrun peers pair`, or Devices in the "
            "tray), not by adding them by hand; nothing was saved",
            title="Peers join by pairing",
        )
    await _live(request).add_island(body)
    return _island(request, body.id)


@router.put(
    "/islands/{island_id}",
    response_model=IslandView,
    summary="Replace a configured island (saved to the config file)",
    responses={**_WRITE_ERRORS, 404: {"description": "no configured island has this id"}},
)
async def replace_island(island_id: str, body: IslandConfig, request: Request) -> dict[str, Any]:
    if body.id != island_id:
        raise IslandIdMismatchError(island_id, body.id)
    await _live(request).replace_island(island_id, body)
    return _island(request, island_id)


@router.delete(
    "/islands/{island_id}",
    status_code=204,
    summary="Remove a configured island (saved to the config file)",
    responses={**_WRITE_ERRORS, 404: {"description": "no configured island has this id"}},
)
async def remove_island(island_id: str, request: Request) -> Response:
    await _live(request).remove_island(island_id)
    return Response(status_code=204)


def _island(request: Request, island_id: str) -> dict[str, Any]:
    pipeline = _pipeline(request)
    island = pipeline.registry.get(island_id)
    assert island is not None  # just applied
    configured = {i.id: i.model_dump(mode="json") for i in pipeline.config.islands}
    return {**island_view(island), "config": configured.get(island_id)}


@router.get(
    "/budgets", response_model=BudgetsView, summary="Budgets, spend today and this month, spend by day and island"
)
async def budgets(request: Request, days: Annotated[int, Query(ge=1, le=366)] = 30) -> dict[str, Any]:
    ledger = _pipeline(request).ledger

    def read() -> dict[str, Any]:
        return {
            "budgets": [
                {
                    "scope": b.scope,
                    "period": b.period.value,
                    "limit_usd": b.limit_usd,
                    "spent_usd": ledger.spent(b.scope, b.period),
                }
                for b in ledger.budgets()
            ],
            "spent_today_usd": ledger.spent(GLOBAL_SCOPE, Period.DAY),
            "spent_month_usd": ledger.spent(GLOBAL_SCOPE, Period.MONTH),
            "by_day": [{"day": d, "island": i, "usd": usd} for d, i, usd in ledger.spend_by_day(days)],
        }

    return await asyncio.to_thread(read)


@router.get(
    "/capacity", response_model=CapacityStatus, summary="This device's capacity now: C, probes, thresholds, gate state"
)
async def capacity(request: Request) -> dict[str, Any]:
    return _pipeline(request).capacity.status()


@router.get(
    "/capacity/history", response_model=list[CapacityHistoryRow], summary="Capacity history (1 Hz ring) for charts"
)
async def capacity_history(request: Request, since: float | None = None) -> list[dict[str, Any]]:
    return _pipeline(request).capacity.history(since)


class DryRun(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    sensitivity: SensitivityLevel | Annotated[float, Field(ge=0.0, le=1.0)] = SensitivityLevel.PUBLIC
    text: Annotated[str, Field(max_length=200_000)] | None = Field(
        None, description="if given, detection runs on it and its level is the floor's minimum"
    )
    tier: Priority = Priority.SECONDARY
    model: str | None = None
    dataset: str | None = None
    max_latency_ms: Annotated[float, Field(gt=0.0)] | None = None
    max_cost_usd: Annotated[float, Field(ge=0.0)] | None = None
    input_tokens: Annotated[int, Field(ge=0, le=10_000_000)] = 500
    output_tokens: Annotated[int, Field(ge=0, le=10_000_000)] = 256


@router.post(
    "/route",
    response_model=DecisionView,
    summary="Dry-run routing: where would this request run, and why (nothing is dispatched)",
    responses={409: {"model": NoRouteView, "description": "no eligible island; the reason per island is in the body"}},
)
async def dry_run(body: DryRun, request: Request) -> Any:
    pipeline = _pipeline(request)
    floor = body.sensitivity.score if isinstance(body.sensitivity, SensitivityLevel) else body.sensitivity
    score = floor
    if body.text is not None:
        payload = ChatPayload(({"role": "user", "content": body.text},))
        score = (await pipeline.assess(payload, floor)).score
    route_request = RouteRequest(
        request_id="dry-run",
        sensitivity=score,
        priority=body.tier,
        model=body.model,
        dataset=body.dataset,
        max_latency_ms=body.max_latency_ms,
        max_cost_usd=body.max_cost_usd,
        input_tokens=body.input_tokens,
        output_tokens=body.output_tokens,
    )
    try:
        return decision_view(pipeline.decide(route_request, dry_run=True))
    except NoEligibleIslandError as exc:
        return JSONResponse(no_route_view(exc), status_code=409)


class ScanBody(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    text: Annotated[str, Field(max_length=200_000)]


@router.post(
    "/privacy/scan", response_model=ScanView, summary="What detection finds in a text and what would leave, as what"
)
async def privacy_scan(body: ScanBody, request: Request) -> dict[str, Any]:
    return await _pipeline(request).privacy.scan(body.text)


@router.get("/approvals", response_model=list[PendingApprovalView], summary="Requests waiting for a human yes")
async def approvals(request: Request) -> list[dict[str, Any]]:
    return [p.public() for p in _pipeline(request).approvals.pending()]


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    answer: Answer = Field(description="send (send sanitized) | local (keep local) | deny")
    remember_minutes: int | None = Field(
        None,
        ge=1,
        le=1440,
        description="with send: allow this app to send this kind of content to this island for N minutes "
        "(never for restricted content; listed and revocable under /api/grants)",
    )


@router.post(
    "/approvals/{approval_id}",
    response_model=ApprovalAnswered,
    summary="Answer a pending approval",
    responses={
        400: {"description": "remember_minutes where it cannot apply (restricted content, no app, not send)"},
        404: {"description": "no such pending approval"},
    },
)
async def decide(approval_id: str, body: Decision, request: Request) -> dict[str, Any]:
    pending = _pipeline(request).approvals.decide(approval_id, body.answer, body.remember_minutes)
    return {
        "id": pending.id,
        "request_id": pending.request_id,
        "answer": body.answer.value,
        "remember_minutes": body.remember_minutes,
    }


@router.get(
    "/audit",
    response_model=list[AuditRow],
    summary="The audit log, newest first (entity types and counts, never values)",
)
async def audit(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,  # SQLite integers are 64-bit
) -> list[dict[str, Any]]:
    log = _pipeline(request).audit
    entries = await asyncio.to_thread(log.entries, limit, before)
    return [
        {"seq": e.seq, "ts": e.ts, **dataclasses.asdict(e.record), "prev_hash": e.prev_hash, "hash": e.hash}
        for e in entries
    ]


@router.get("/audit/verify", response_model=AuditVerified, summary="Verify the audit log's hash chain")
async def audit_verify(request: Request) -> dict[str, Any]:
    result = await asyncio.to_thread(_pipeline(request).audit.verify)
    return {"ok": result.ok, "rows": result.rows, "problems": list(result.problems)}


@router.get(
    "/events",
    summary="Server-sent events: routes, approvals, capacity, islands",
    response_class=StreamingResponse,
    responses={
        200: {
            "model": FeedEventModel,
            "description": "a text/event-stream; each event's data line is one of these (by type) as JSON",
            "content": {"text/event-stream": {}},
        }
    },
)
async def events(request: Request, types: str | None = None) -> StreamingResponse:
    wanted = frozenset(t.strip() for t in types.split(",") if t.strip()) if types else None
    bus = _pipeline(request).events

    async def feed() -> AsyncIterator[bytes]:
        yield b": connected\n\n"
        async for event in bus.subscribe(wanted):
            data = json.dumps(event.model_dump(), ensure_ascii=False)
            yield f"id: {event.id}\nevent: {event.type}\ndata: {data}\n\n".encode()

    return StreamingResponse(feed(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
