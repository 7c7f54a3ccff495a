"""Adding, re-indexing and removing this device's collections through the daemon (the tray's
*Collections* panel), with the index run in the background and its progress on the event feed.

Events: ``collection.progress`` (name, done, total, phase, path; at most a few per second),
``collection.indexed`` (the run's report: counts, skipped files with reasons, seconds, problem)
and ``collection.failed`` (name, reason). One index run per collection at a time. A run stops
between two files when the daemon shuts down or the collection is removed; the index stays as it
was after the last completed file (each file is one transaction), and a reindex continues.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from pathlib import Path
from typing import Any

from ..collections import CollectionDatabaseError, CollectionError, CollectionStore, IndexProgress, IndexReport
from .errors import CollectionBusyError
from .pipeline import Pipeline

__all__ = ["CollectionBusyError", "CollectionJobs"]

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.25


class _Stopped(Exception):
    """Raised from the progress callback to end an index run between two files."""


class CollectionJobs:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._running: dict[str, tuple[asyncio.Task[None], threading.Event]] = {}

    def indexing(self) -> list[str]:
        return sorted(self._running)

    async def add(self, name: str, folder: str) -> None:
        """Register ``folder`` as collection ``name`` and start indexing it (raises at once when the
        name is invalid or taken, or the folder is not one)."""
        store = self._store()
        await asyncio.to_thread(store.add, name, Path(folder))  # a name being indexed exists: taken
        await self.pipeline.refresh_collections()
        self._start(name)

    async def reindex(self, name: str) -> None:
        store = self._store()
        if name in self._running:
            raise CollectionBusyError(name)
        await asyncio.to_thread(store.root, name)  # raises CollectionNotFoundError with the known names
        self._start(name)

    async def remove(self, name: str) -> None:
        """Forget the collection's index (its folder and files are untouched); a run of it is
        stopped first (a folder added by mistake need not be indexed to the end)."""
        store = self._store()
        await asyncio.to_thread(store.root, name)  # unknown: 404 before anything is stopped
        await self._stop_run(name)
        await asyncio.to_thread(store.remove, name)
        await self.pipeline.refresh_collections()

    async def aclose(self) -> None:
        await asyncio.gather(*(self._stop_run(name) for name in list(self._running)))

    async def _stop_run(self, name: str) -> None:
        running = self._running.get(name)
        if running is not None:
            task, stop = running
            stop.set()
            await asyncio.gather(task, return_exceptions=True)

    # -- the background run -------------------------------------------------------------------

    def _store(self) -> CollectionStore:
        collections = self.pipeline.collections
        if collections.store is None:
            raise CollectionDatabaseError(f"document collections are unavailable on this device: {collections.problem}")
        return collections.store

    def _start(self, name: str) -> None:
        stop = threading.Event()
        task = asyncio.create_task(self._run(name, stop), name=f"islandrun-index-{name}")
        self._running[name] = (task, stop)
        task.add_done_callback(lambda _t: self._running.pop(name, None))

    async def _run(self, name: str, stop: threading.Event) -> None:
        events = self.pipeline.events
        last = 0.0

        def progress(step: IndexProgress) -> None:  # in the worker thread
            nonlocal last
            if stop.is_set():
                raise _Stopped
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY_S or step.done == step.total:
                last = now
                events.publish_threadsafe(
                    "collection.progress",
                    {"name": name, "done": step.done, "total": step.total, "phase": step.phase, "path": step.path},
                )

        try:
            report = await asyncio.to_thread(self._store().index, name, progress)
        except _Stopped:
            log.info("indexing %r stopped (shutdown or removal); a reindex continues it", name)
            events.publish("collection.failed", {"name": name, "reason": "indexing was stopped"})
            return
        except CollectionError as exc:
            events.publish("collection.failed", {"name": name, "reason": exc.message})
            return
        except Exception as exc:  # a bug must not pass silently in a background task
            log.exception("indexing %r failed", name)
            events.publish("collection.failed", {"name": name, "reason": f"indexing failed: {exc}"})
            return
        await self.pipeline.refresh_collections()
        if report.problem:  # e.g. the folder is gone: nothing was changed
            events.publish("collection.failed", {"name": name, "reason": report.problem})
        else:
            events.publish("collection.indexed", _summary(report))


def _summary(report: IndexReport) -> dict[str, Any]:
    """The report as the event carries it (file names relative to the collection's folder)."""
    return {
        "name": report.name,
        "indexed": len(report.indexed),
        "unchanged": report.unchanged,
        "removed": len(report.removed),
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "unsupported": report.unsupported,
        "passages": report.chunks_added,
        "embeddings": report.embeddings,
        "seconds": round(report.seconds, 2),
        "problem": report.problem,
    }
