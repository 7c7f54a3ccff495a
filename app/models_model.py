"""The *Models* panel's view-model: the models on this device (default, loaded), the curated
catalogue with this device's fit check, pulls with their progress, and setting the default —
through ``/api/models/*`` and ``GET /api/models/local``; no Qt widgets here.

A pull runs in the daemon; its ``model.pull.progress`` / ``.done`` / ``.failed`` events (passed
in through :meth:`ModelsModel.on_event`) say how far it got and how it ended. ``pulls`` holds the
latest progress of every pull running now.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QObject, Signal

from .api import JSON, ApiClient
from .events import DaemonEvent
from .qt_async import async_slot
from .viewmodels import PanelModel

__all__ = ["ModelsModel", "human_bytes", "pull_text"]


def human_bytes(size: int | float | None) -> str:
    if size is None:
        return "—"
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024:
            return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def pull_text(step: dict[str, Any]) -> str:
    """A running pull's progress as one line: what, how far, how fast."""
    name = str(step.get("name", "?"))
    done, total = int(step.get("done") or 0), step.get("total")
    if not total:
        return f"Pulling {name}: finding the file…"
    rate = step.get("bytes_per_s")
    speed = f", {human_bytes(rate)}/s" if rate else ""
    percent = 100.0 * done / int(total)
    return f"Pulling {name}: {human_bytes(done)} of {human_bytes(total)} ({percent:.0f} %){speed}"


class ModelsModel(PanelModel):
    """``loaded`` carries ``{"local", "catalog", "pulls"}``; ``saved`` ``{"action", "name"}``."""

    progress = Signal(dict)  # model.pull.progress's data (or a pull just accepted: done = 0, total = None)
    pulled = Signal(dict)  # model.pull.done's data
    pullFailed = Signal(dict)  # model.pull.failed's data (name, reason, error)

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(client, parent)
        self.pulls: dict[str, JSON] = {}
        self._catalog: JSON | None = None
        self._ended: dict[str, int] = {}  # name → pulls seen ending (to spot one over before its 202)

    async def fetch(self) -> JSON:
        local, catalog, running = await asyncio.gather(
            self.client.local_models(), self.client.model_catalog(), self.client.model_pulls()
        )
        self._catalog = catalog
        for pull in running:  # pulls started before the tray listened (or by another client)
            name = str(pull["name"])
            if name not in self.pulls:
                self.pulls[name] = dict(pull)
        for name in [n for n in self.pulls if n not in {str(p["name"]) for p in running}]:
            if self.pulls[name].get("_accepted"):  # accepted, not yet listed: keep it
                continue
            del self.pulls[name]
        return {"local": local, "catalog": catalog, "pulls": running}

    def on_event(self, event: DaemonEvent) -> None:
        if not event.type.startswith("model.pull."):
            return
        data = dict(event.data)
        name = str(data.get("name", ""))
        if event.type == "model.pull.progress":
            self.pulls[name] = data
            self.progress.emit(data)
        elif event.type in ("model.pull.done", "model.pull.failed"):
            self.pulls.pop(name, None)
            self._ended[name] = self._ended.get(name, 0) + 1
            (self.pulled if event.type == "model.pull.done" else self.pullFailed).emit(data)
            self.refresh()

    def catalog_entry(self, name: str) -> JSON | None:
        """The catalogue's row for ``name`` (its short name or what it pulls), if the catalogue has it."""
        for row in (self._catalog or {}).get("models", []):
            if name in (row.get("name"), row.get("pull")):
                return dict(row)
        return None

    @async_slot(str)
    async def pull(self, name: str) -> None:
        """Start downloading ``name`` in the daemon; progress follows as events."""
        ended = self._ended.get(name, 0)

        async def work() -> JSON:
            await self.client.start_pull(name)
            # no progress event yet, and not over already (a small file can be done before the 202)
            if name not in self.pulls and self._ended.get(name, 0) == ended:
                self.pulls[name] = {"name": name, "done": 0, "total": None, "_accepted": True}
                self.progress.emit(dict(self.pulls[name]))
            return {"action": "pull", "name": name}

        await self._guard(work, self.saved.emit)

    @async_slot(str)
    async def cancel(self, name: str) -> None:
        async def work() -> JSON:
            await self.client.cancel_pull(name)
            return {"action": "cancel", "name": name}

        await self._guard(work, self.saved.emit)

    @async_slot(str)
    async def set_default(self, name: str) -> None:
        """``[engine] default_model`` through the daemon (saved to the config file, applied at once)."""

        async def work() -> JSON:
            await self.client.set_default_model(name)
            return {"action": "default", "name": name}

        await self._save(work)
