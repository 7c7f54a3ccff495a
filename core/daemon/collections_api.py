"""``GET /api/collections``: the document collections the request router can send a query to.

One entry per (island, collection): this device's own collections (re-read on every call, so one
just added with the CLI is listed at once) and what each paired peer advertised in its last
heartbeat, plus datasets declared on configured islands. Names and sizes only — never content,
never paths (DESIGN §2: islands advertise what they hold, not what is in it).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..islands import IslandKind
from .pipeline import Pipeline

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["IslandRun"])


@router.get(
    "/collections",
    summary="Document collections by island: name and size (name one in `islandrun.collection` to answer from it)",
)
async def collections(request: Request) -> list[dict[str, Any]]:
    pipeline: Pipeline = request.app.state.pipeline
    await pipeline.refresh_collections()
    local = {info.name: info.advertisement() for info in pipeline.collections.infos}
    advertised = {} if pipeline.peers is None else pipeline.peers.collections()
    out: list[dict[str, Any]] = []
    for island in pipeline.registry.islands():
        sizes: dict[str, dict[str, Any]] = {}
        if island.kind is IslandKind.LOCAL:
            sizes = local
        elif island.id in advertised:
            sizes = {c.name: {"documents": c.documents, "bytes": c.bytes} for c in advertised[island.id]}
        for name in island.datasets:
            entry = {"documents": None, "bytes": None, **sizes.get(name, {})}
            out.append({**entry, "name": name, "island": island.id, "island_name": island.name})
    return out
