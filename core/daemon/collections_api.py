"""``/api/collections``: the document collections the router can send a query to, and this
device's own managed through the daemon (add a folder, re-index, remove; indexing runs in the
background and reports on the event feed — :mod:`.collection_jobs`).

``GET``: one entry per (island, collection): this device's own collections (re-read on every call, so one
just added with the CLI is listed at once) and what each paired peer advertised in its last
heartbeat, plus datasets declared on configured islands. Names and sizes only — never content,
never paths (DESIGN §2: islands advertise what they hold, not what is in it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..islands import IslandKind
from .api_models_admin import CollectionAccepted, CollectionView
from .collection_jobs import CollectionJobs
from .pipeline import Pipeline

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["IslandRun"])

_Name = Annotated[str, Field(min_length=1, max_length=200)]
_WRITE: dict[int | str, dict[str, Any]] = {
    400: {"description": "invalid name, or the folder is missing or not a folder"},
    404: {"description": "no collection of that name on this device"},
    409: {"description": "the name is taken, or the collection is being indexed"},
    503: {"description": "the collections database cannot be opened or written"},
}


class NewCollection(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: _Name = Field(description="1-63 of a-z 0-9 . _ - (what requests name in islandrun.collection)")
    folder: Annotated[str, Field(min_length=1, max_length=4000)] = Field(
        description="a folder on this device: an absolute path (or one starting with ~)"
    )

    @field_validator("folder")
    @classmethod
    def _absolute(cls, folder: str) -> str:
        if "\x00" in folder:
            raise ValueError("a folder path cannot contain a NUL character")
        if any(len(part.encode()) > 255 for part in Path(folder).parts):
            raise ValueError("a folder name in the path is longer than 255 bytes, which no file system allows")
        if not Path(folder).expanduser().is_absolute():
            raise ValueError("give the folder as an absolute path: the daemon has no working folder of yours")
        return folder


def _jobs(request: Request) -> CollectionJobs:
    jobs: CollectionJobs = request.app.state.collection_jobs
    return jobs


@router.get(
    "/collections",
    response_model=list[CollectionView],
    response_model_exclude_unset=True,  # chunks, updated, embeddings, indexing: this device's own only
    summary="Document collections by island: name and size (name one in `islandrun.collection` to answer from it)",
)
async def collections(request: Request) -> list[dict[str, Any]]:
    pipeline: Pipeline = request.app.state.pipeline
    await pipeline.refresh_collections()
    running = set(_jobs(request).indexing())
    local = {
        info.name: {**info.advertisement(), "indexing": info.name in running} for info in pipeline.collections.infos
    }
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


@router.post(
    "/collections",
    status_code=202,
    response_model=CollectionAccepted,
    summary="Add a folder as a collection of this device; it is indexed in the background "
    "(collection.progress, collection.indexed / collection.failed events)",
    responses=_WRITE,
)
async def add_collection(body: NewCollection, request: Request) -> dict[str, Any]:
    await _jobs(request).add(body.name, body.folder)
    return {"name": body.name, "status": "indexing"}


@router.post(
    "/collections/{name}/reindex",
    status_code=202,
    response_model=CollectionAccepted,
    summary="Index new and changed files again, drop vanished ones (in the background)",
    responses=_WRITE,
)
async def reindex_collection(name: str, request: Request) -> dict[str, Any]:
    await _jobs(request).reindex(name)
    return {"name": name, "status": "indexing"}


@router.delete(
    "/collections/{name}",
    status_code=204,
    summary="Forget a collection of this device (its folder and files are untouched)",
    responses=_WRITE,
)
async def remove_collection(name: str, request: Request) -> Response:
    await _jobs(request).remove(name)
    return Response(status_code=204)
