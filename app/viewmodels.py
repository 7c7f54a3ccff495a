"""The Qt layer's view-models: small QObjects with Signals and async slots that await the API
client. Widgets only connect to these; nothing here draws.

:class:`DaemonModel` follows the event feed (one stream for the whole tray) and folds it into a
:class:`~islandrun.app.state.TrayStatus`; the panel models load on demand and save through the
API, reporting the daemon's message on refusal.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from islandrun.core.errors import IslandRunError

from .api import JSON, ApiClient
from .events import DaemonEvent, follow
from .qt_async import async_slot
from .state import TrayState, TrayStatus
from .tables import policy_table

__all__ = [
    "ActivityModel",
    "BudgetsModel",
    "CapacityModel",
    "CollectionsModel",
    "DaemonModel",
    "IslandsModel",
    "PanelModel",
    "PolicyModel",
]

log = logging.getLogger(__name__)


class DaemonModel(QObject):
    """The tray's single subscription to ``/api/events`` and the approvals it answers."""

    stateChanged = Signal(str)  # a TrayState value
    statusChanged = Signal()  # anything in ``status`` changed (capacity, island, ...)
    eventReceived = Signal(object)  # every DaemonEvent, for panels that show live data
    approvalRequested = Signal(dict)
    approvalClosed = Signal(str)  # approval id: answered here, elsewhere, or timed out
    answerFailed = Signal(str, str)  # approval id, message
    localOnlyFailed = Signal(str)

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.status = TrayStatus()
        self.local_only_supported = False
        self._task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._last_state = self.status.state

    @property
    def state(self) -> TrayState:
        return self.status.state

    def start(self) -> None:
        """Open the event stream (reconnecting forever) on the running loop."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                follow(self.client, self._on_event, self._on_connection), name="islandrun-tray-events"
            )

    async def stop(self) -> None:
        tasks = [*self._background, *([self._task] if self._task is not None else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._task = None

    def set_starting(self, starting: bool) -> None:
        """The tray is starting (or restarting) the daemon: the icon and menu say *Starting…*."""
        self.status.starting = starting
        self._changed()

    # -- feed ----------------------------------------------------------------------------

    def _on_connection(self, connected: bool, reason: str) -> None:
        closed = list(self.status.pending) if not connected else []
        self.status.connection(connected, reason)
        for approval_id in closed:
            self.approvalClosed.emit(approval_id)
        if connected:
            task = asyncio.get_running_loop().create_task(self._catch_up(), name="islandrun-tray-catch-up")
            self._background.add(task)  # keep a reference until it is done
            task.add_done_callback(self._background.discard)
        self._changed()

    async def _catch_up(self) -> None:
        """After (re)connecting: approvals already waiting, the policy's local-only flag, capacity."""
        try:
            pending, policy, capacity = await asyncio.gather(
                self.client.approvals(), self.client.policy(), self.client.capacity()
            )
        except IslandRunError as exc:
            log.warning("catching up with the daemon failed: %s", exc.message)
            return
        self.local_only_supported = "local_only" in policy
        self.status.local_only = bool(policy.get("local_only", False))
        sample = capacity.get("sample") or {}
        if "capacity" in sample:
            self.status.capacity = float(sample["capacity"])
            self.status.accepting = tuple(sample.get("accepting", ()))
        for item in pending:
            if str(item["id"]) not in self.status.pending:
                self.status.pending[str(item["id"])] = dict(item)
                self.approvalRequested.emit(dict(item))
        self._changed()

    def _on_event(self, event: DaemonEvent) -> None:
        known = set(self.status.pending)
        self.status.apply(event)
        if event.type == "approval.requested" and str(event.data["id"]) not in known:
            self.approvalRequested.emit(dict(event.data))
        elif event.type == "approval.decided":
            self.approvalClosed.emit(str(event.data.get("id")))
        self.eventReceived.emit(event)
        self._changed()

    def _changed(self) -> None:
        self.statusChanged.emit()
        if self.status.state is not self._last_state:
            self._last_state = self.status.state
            self.stateChanged.emit(self._last_state.value)

    # -- actions -------------------------------------------------------------------------

    @async_slot(str, str)
    async def answer(self, approval_id: str, answer: str) -> None:
        """Answer an approval: ``send`` | ``local`` | ``deny``."""
        try:
            await self.client.answer_approval(approval_id, answer)
        except IslandRunError as exc:
            self.answerFailed.emit(approval_id, exc.message)

    @async_slot(bool)
    async def set_local_only(self, on: bool) -> None:
        """Pause offloading (``local_only`` in ``[policy]``), through ``PUT /api/policy``."""
        if not self.local_only_supported:
            self.localOnlyFailed.emit("this daemon has no local-only switch yet (no `local_only` in /api/policy)")
            return
        try:
            table = policy_table(await self.client.policy())
            table["local_only"] = on
            new = await self.client.put_policy(table)
        except IslandRunError as exc:
            self.localOnlyFailed.emit(exc.message)
            return
        self.status.local_only = bool(new.get("local_only", on))
        self._changed()


class PanelModel(QObject):
    """Loads one panel's data; ``failed`` carries the daemon's message, ``saved`` the new state."""

    loaded = Signal(object)
    failed = Signal(str)
    saved = Signal(object)
    busyChanged = Signal(bool)

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.data: Any = None

    async def fetch(self) -> Any:
        raise NotImplementedError

    async def _guard(self, work: Callable[[], Awaitable[Any]], done: Callable[[Any], None]) -> None:
        self.busyChanged.emit(True)
        try:
            result = await work()
        except IslandRunError as exc:
            self.failed.emit(exc.message)
        else:
            done(result)
        finally:
            self.busyChanged.emit(False)

    def _loaded(self, result: Any) -> None:
        self.data = result
        self.loaded.emit(result)

    @async_slot()
    async def refresh(self) -> None:
        await self._guard(self.fetch, self._loaded)

    async def _save(self, work: Callable[[], Awaitable[Any]]) -> None:
        def done(result: Any) -> None:
            self.saved.emit(result)

        await self._guard(work, done)
        await self._guard(self.fetch, self._loaded)


class IslandsModel(PanelModel):
    async def fetch(self) -> list[JSON]:
        return await self.client.islands()

    @async_slot(dict)
    async def add(self, table: dict[str, Any]) -> None:
        """``POST /api/islands`` with a body shaped like one ``[[islands]]`` table."""
        await self._save(lambda: self.client.add_island(table))

    @async_slot(str)
    async def remove(self, island_id: str) -> None:
        await self._save(lambda: self.client.remove_island(island_id))


class BudgetsModel(PanelModel):
    async def fetch(self) -> JSON:
        return await self.client.budgets(30)

    @async_slot(dict)
    async def save(self, table: dict[str, Any]) -> None:
        """``PUT /api/budgets`` with ``{daily_usd, monthly_usd}`` (``None`` = no limit)."""
        await self._save(lambda: self.client.put_budgets(table))


class PolicyModel(PanelModel):
    async def fetch(self) -> JSON:
        return await self.client.policy()

    @async_slot(dict)
    async def save(self, table: dict[str, Any]) -> None:
        """``PUT /api/policy`` with a body shaped like the config file's ``[policy]`` table."""
        await self._save(lambda: self.client.put_policy(table))


class ActivityModel(PanelModel):
    """Recent routes from the audit log, plus live route events with their explanations.

    A finished route reloads the list only while someone looks at it (``watched``, set by the
    window): reloading 200 rows into the table took 25 ms or more of the event loop after every
    chat reply, with the panel hidden (benchmarks/tray/RESULTS.md). Opening the panel loads it."""

    verified = Signal(dict)

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(client, parent)
        self.explanations: dict[str, str] = {}  # request id → the router's explanation (live only)
        self.priorities: dict[str, str] = {}  # request id → the request's priority tier (live only)
        self.watched: Callable[[], bool] = lambda: True  # the list is on screen

    async def fetch(self) -> list[JSON]:
        return await self.client.audit(200)

    def on_event(self, event: DaemonEvent) -> None:
        if event.type == "route" and "explanation" in event.data:
            self.explanations[str(event.data["request_id"])] = str(event.data["explanation"])
        if event.type == "route" and event.data.get("priority"):
            self.priorities[str(event.data["request_id"])] = str(event.data["priority"])
        if event.type in ("route.finished", "route.failed") and self.watched():
            self.refresh()

    @async_slot()
    async def verify(self) -> None:
        def done(result: Any) -> None:
            self.verified.emit(result)

        await self._guard(self.client.audit_verify, done)


class CapacityModel(PanelModel):
    """History (for the chart's past), the policy's thresholds and margin, then live samples."""

    sample = Signal(float, float)  # unix time, C

    async def fetch(self) -> JSON:
        history, policy, now = await asyncio.gather(
            self.client.capacity_history(), self.client.policy(), self.client.capacity()
        )
        sample = now.get("sample") or {}
        accepting = sample.get("accepting") if isinstance(sample, dict) else None
        return {"history": history, "thresholds": policy["thresholds"], "accepting": accepting}

    def on_event(self, event: DaemonEvent) -> None:
        if event.type == "capacity.sample" and "capacity" in event.data:
            self.sample.emit(float(event.data.get("at", event.ts)), float(event.data["capacity"]))


class CollectionsModel(PanelModel):
    """Document collections by island; this device's own can be added, reindexed and removed.

    Indexing runs in the daemon, in the background: the ``collection.*`` events of the feed (passed
    in through :meth:`on_event`) say how far it got and how it ended. ``indexing`` holds the latest
    progress of every collection being indexed now; ``saved`` carries ``{"action", "name"}`` once
    the daemon accepted an add, reindex or remove."""

    progress = Signal(dict)  # collection.progress's data (done = total = 0 when a run was just accepted)
    indexed = Signal(dict)  # collection.indexed's data: counts, skipped files and why, or the problem
    indexFailed = Signal(dict)  # collection.failed's data: name, reason

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(client, parent)
        self.indexing: dict[str, JSON] = {}
        self._runs_ended: dict[str, int] = {}  # name → index runs seen ending (to spot one over before its 202)

    async def fetch(self) -> JSON:
        """The collections, and the islands (to tell this computer, paired devices and configured islands apart)."""
        before, ended = dict(self.indexing), dict(self._runs_ended)
        collections, islands = await asyncio.gather(self.client.collections(), self.client.islands())
        for entry in collections:
            name = str(entry["name"])
            if entry.get("island") != "local" or "indexing" not in entry:
                continue
            # The daemon says which runs are going: catch up with one started before the tray
            # listened, drop one whose end the tray missed — unless an event came meanwhile.
            if entry["indexing"] and name not in self.indexing and self._runs_ended.get(name, 0) == ended.get(name, 0):
                self.indexing[name] = _starting(name)
            elif not entry["indexing"] and name in before and self.indexing.get(name) is before[name]:
                del self.indexing[name]
        return {"collections": collections, "islands": {str(i["id"]): i for i in islands}}

    def on_event(self, event: DaemonEvent) -> None:
        if not event.type.startswith("collection."):
            return
        data = dict(event.data)
        name = str(data.get("name", ""))
        if event.type == "collection.progress":
            self.indexing[name] = data
            self.progress.emit(data)
        elif event.type in ("collection.indexed", "collection.failed"):
            self.indexing.pop(name, None)
            self._runs_ended[name] = self._runs_ended.get(name, 0) + 1
            (self.indexed if event.type == "collection.indexed" else self.indexFailed).emit(data)
            self.refresh()

    async def _act(self, action: str, name: str, call: Callable[[], Awaitable[object]]) -> None:
        ended = self._runs_ended.get(name, 0)

        async def work() -> JSON:
            await call()
            # A small folder can be indexed before the 202 arrives: then its run is already over.
            if action != "remove" and name not in self.indexing and self._runs_ended.get(name, 0) == ended:
                self.indexing[name] = _starting(name)
                self.progress.emit(dict(self.indexing[name]))
            return {"action": action, "name": name}

        await self._save(work)

    @async_slot(str, str)
    async def add(self, name: str, folder: str) -> None:
        """``POST /api/collections``: register ``folder`` as ``name`` and index it (in the background)."""
        await self._act("add", name, lambda: self.client.add_collection(name, folder))

    @async_slot(str)
    async def reindex(self, name: str) -> None:
        await self._act("reindex", name, lambda: self.client.reindex_collection(name))

    @async_slot(str)
    async def remove(self, name: str) -> None:
        """Forget the collection's index; its folder is not touched."""
        await self._act("remove", name, lambda: self.client.remove_collection(name))


def _starting(name: str) -> JSON:
    """Progress of a run that has not counted its files yet."""
    return {"name": name, "done": 0, "total": 0, "phase": "files", "path": ""}
