"""``/api/models/local`` and ``/api/models/default``: the models on this device — which is the
default, which are loaded now — and setting the default (``[engine] default_model``) while the
daemon runs, for the tray's *Models* panel.

Setting the default goes through :class:`~islandrun.core.daemon.live_config.LiveConfig` (validated,
written with the comment-preserving writer, applied only once saved), then the running engine's
catalogue follows at once, so ``"model": "default"`` means the new model on the next request
without a restart — what ``islandrun models default`` does, minus the restart.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from ..engines.catalog import ModelEntry
from .api_models_admin import LocalModelsView
from .live_config import LiveConfig
from .pipeline import Pipeline

__all__ = ["router"]

router = APIRouter(prefix="/api/models", tags=["IslandRun"])


class DefaultModelBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=300)] = Field(
        description='a model name as `GET /api/models/local` lists it (what "model": "default" will mean)'
    )


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


def _entry(entry: ModelEntry, default: str, loaded: set[str]) -> dict[str, Any]:
    return {
        "name": entry.name,
        "source": entry.source.value,
        "bytes": entry.size_bytes(),
        "default": entry.name == default,
        "loaded": entry.name in loaded,
    }


@router.get(
    "/local",
    response_model=LocalModelsView,
    summary="The models on this device: which is the default, which are loaded now",
)
async def local_models(request: Request) -> dict[str, Any]:
    engine = _pipeline(request).engine
    entries = await engine.list_models()
    default = engine.catalog.default_name()
    loaded = {m.entry.name for m in engine.pool.resident()}
    sizes = await asyncio.to_thread(lambda: [_entry(e, default, loaded) for e in entries])  # stat() each file
    return {"default": default, "loaded": sorted(loaded), "models": sizes}


@router.put(
    "/default",
    response_model=LocalModelsView,
    summary='Set the default model ([engine] default_model; what "model": "default" means), at once',
    responses={
        404: {"description": "no local model has that name"},
        409: {"description": "the config file does not load (fix it by hand first)"},
        503: {"description": "the change could not be applied; the file and the daemon are as they were"},
        507: {"description": "the disk is full; nothing was changed"},
    },
)
async def set_default(body: DefaultModelBody, request: Request) -> dict[str, Any]:
    engine = _pipeline(request).engine
    entry = await asyncio.to_thread(engine.catalog.resolve, body.name.strip())  # ModelNotFoundError → 404
    live: LiveConfig = request.app.state.live_config
    await live.set_default_model(entry.name)  # saved, then applied through Pipeline.apply_config
    return await local_models(request)
