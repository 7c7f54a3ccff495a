"""Remembered grants over the API: list the ones in force, revoke one (DESIGN §3, approvals).

A grant is made by answering an approval with ``{"answer": "send", "remember_minutes": N}``
(``POST /api/approvals/{id}``); see :mod:`.grants` for what it covers.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from .api_models_admin import GrantRevoked, GrantView
from .grants import GrantNotFoundError
from .pipeline import Pipeline

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["IslandRun"])


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


@router.get(
    "/grants",
    response_model=list[GrantView],
    summary="Remembered approvals in force (app, island, level, entity kinds, expiry)",
)
async def grants(request: Request) -> list[dict[str, Any]]:
    return [g.public() for g in await _pipeline(request).grants.active()]


@router.delete(
    "/grants/{grant_id}",
    response_model=GrantRevoked,
    summary="Revoke a remembered approval (the next matching request asks again)",
    responses={404: {"description": "no such grant in force"}},
)
async def revoke(grant_id: str, request: Request) -> dict[str, Any]:
    try:
        grant = await _pipeline(request).grants.revoke(grant_id)
    except GrantNotFoundError as exc:
        raise HTTPException(404, exc.message) from None
    return {"id": grant.id, "revoked": True}
