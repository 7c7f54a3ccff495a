"""``/api/models``: pull a model through the daemon (the tray's download), with progress on the
event feed, and the curated catalogue with this device's fit check.

- ``POST /api/models/pulls`` ``{"name": …, "file": …}`` starts a pull in the background (202); the
  same name twice is 409. Events: ``model.pull.progress`` (name, model, done, total, bytes_per_s;
  at most four a second), ``model.pull.done`` (name, model, path, bytes, resumed_from, seconds),
  ``model.pull.failed`` (name, reason, error: the error class, e.g. ``PullAuthError``).
- ``GET /api/models/pulls``: the pulls running now, with their last progress.
- ``DELETE /api/models/pulls/{name}``: cancel (the part file stays: pulling again resumes).
- ``GET /api/models/catalog``: the catalogue with the fit check and the suggestion.

Each pull runs in its own daemon thread (:func:`islandrun.core.engines.pull.pull`), so a download
never blocks the event loop or the daemon's shutdown; an interrupted one resumes next time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from ..engines.errors import PullError
from ..errors import IslandRunError
from .api_models_admin import CatalogView, PullRow, PullStarted

__all__ = ["ModelPulls", "router"]

router = APIRouter(prefix="/api/models", tags=["IslandRun"])
log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.25


class PullBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=300)] = Field(
        description="a catalogue name, a Hugging Face ORG/REPO[:QUANT], or an Ollama MODEL[:TAG]"
    )
    file: Annotated[str, Field(min_length=1, max_length=300)] | None = Field(
        None, description="Hugging Face: the exact GGUF file"
    )


@dataclass
class _Pull:
    name: str
    cancel: threading.Event = field(default_factory=threading.Event)
    model: str | None = None
    done: int = 0
    total: int | None = None
    started: float = field(default_factory=time.monotonic)


class ModelPulls:
    """The pulls this daemon runs; events go to the pipeline's event bus."""

    def __init__(self, events: Any, on_done: Callable[[], Awaitable[None]] | None = None) -> None:
        self.events = events
        self._running: dict[str, _Pull] = {}
        self._on_done = on_done  # e.g. the pipeline re-reading its models, so the new one routes at once
        self._tasks: set[asyncio.Task[None]] = set()

    def running(self) -> list[dict[str, Any]]:
        return [{"name": p.name, "model": p.model, "done": p.done, "total": p.total} for p in self._running.values()]

    def start(self, name: str, file: str | None) -> None:
        if name in self._running:
            raise HTTPException(409, f"{name!r} is already being pulled")
        job = _Pull(name)
        self._running[name] = job
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._run, args=(job, file, loop), name=f"islandrun-pull-{name}", daemon=True).start()

    def cancel(self, name: str) -> bool:
        job = self._running.get(name)
        if job is None:
            return False
        job.cancel.set()
        return True

    def _run(self, job: _Pull, file: str | None, loop: asyncio.AbstractEventLoop) -> None:
        from ..engines.pull import pull

        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            job.done, job.total = done, total
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY_S or done == total:
                last = now
                rate = done / max(now - job.started, 1e-3)
                self._publish(
                    loop,
                    "model.pull.progress",
                    {"name": job.name, "model": job.model, "done": done, "total": total, "bytes_per_s": round(rate)},
                )

        def resolved(remote: Any) -> None:
            job.model, job.total = remote.name, remote.size

        try:
            result = pull(job.name, file=file, progress=progress, cancel=job.cancel, on_resolved=resolved)
        except IslandRunError as exc:
            self._publish(
                loop, "model.pull.failed", {"name": job.name, "reason": exc.message, "error": type(exc).__name__}
            )
        except Exception as exc:  # a bug must not pass silently in a background thread
            log.exception("pulling %r failed", job.name)
            self._publish(
                loop, "model.pull.failed", {"name": job.name, "reason": f"pull failed: {exc}", "error": "PullError"}
            )
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._refresh)
            self._publish(
                loop,
                "model.pull.done",
                {
                    "name": job.name,
                    "model": result.entry.name,
                    "path": str(result.entry.path),
                    "bytes": result.remote.size,
                    "resumed_from": result.resumed_from,
                    "seconds": round(result.seconds, 2),
                },
            )
        finally:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._running.pop, job.name, None)

    def _refresh(self) -> None:
        if self._on_done is not None:
            task = asyncio.ensure_future(self._on_done())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def _publish(self, loop: asyncio.AbstractEventLoop, type_: str, data: dict[str, Any]) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: the daemon is shutting down
            loop.call_soon_threadsafe(self.events.publish, type_, data)


def _pulls(request: Request) -> ModelPulls:
    pulls: ModelPulls | None = getattr(request.app.state, "model_pulls", None)
    if pulls is None:
        pipeline = request.app.state.pipeline
        pulls = ModelPulls(pipeline.events, pipeline.refresh_local_models)
        request.app.state.model_pulls = pulls
    return pulls


@router.post(
    "/pulls",
    status_code=202,
    response_model=PullStarted,
    summary="Start downloading a model (progress on the event feed)",
    responses={409: {"description": "that model is being pulled already"}},
)
async def start_pull(body: PullBody, request: Request) -> dict[str, Any]:
    from ..engines.curated import curated_by_name
    from ..engines.registries import parse_spec

    if curated_by_name(body.name) is None or body.file is not None:
        try:
            parse_spec(body.name, body.file)  # a malformed name is a 400 now, not a failed event later
        except PullError as exc:
            raise HTTPException(400, exc.message) from None
    _pulls(request).start(body.name, body.file)
    return {
        "name": body.name,
        "status": "started",
        "events": ["model.pull.progress", "model.pull.done", "model.pull.failed"],
    }


@router.get("/pulls", response_model=list[PullRow], summary="The downloads running now")
async def list_pulls(request: Request) -> list[dict[str, Any]]:
    return _pulls(request).running()


@router.delete(
    "/pulls/{name:path}",
    status_code=204,
    summary="Cancel a download (pulling again resumes it)",
    responses={404: {"description": "no download of that name is running"}},
)
async def cancel_pull(name: str, request: Request) -> Response:
    if not _pulls(request).cancel(name):
        raise HTTPException(404, f"no download of {name!r} is running")
    return Response(status_code=204)


@router.get(
    "/catalog", response_model=CatalogView, summary="Small instruction-tuned models, and whether each fits this device"
)
async def catalog(request: Request, ctx: int = 4096) -> dict[str, Any]:
    from ..engines.curated import CURATED
    from ..engines.fit import assess, suggest, this_device

    device = await asyncio.to_thread(this_device)
    best = suggest(device, ctx)
    rows = []
    for model in CURATED:
        fit = assess(model, device, ctx)
        rows.append(
            {
                **asdict(model),
                "needs_bytes": fit.needs_bytes,
                "fits_ram": fit.fits_ram,
                "fits_gpu": fit.fits_gpu,
                "expected_cpu_tokens_per_s": round(fit.cpu_tokens_per_s, 1),
                "verdict": fit.verdict,
                "suggested": best is not None and best.model.name == model.name,
            }
        )
    return {"device": asdict(device), "models": rows}
