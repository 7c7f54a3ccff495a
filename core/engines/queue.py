"""The tier queue in front of the local engine: strict priority between tiers, fair between apps
inside one, first come first served within an app.

``primary`` work is served before ``secondary`` before ``burstable``. Inside a tier the slot goes
to the waiting app that was served longest ago (round robin), so an app that floods waits behind
its own requests while another app's request is served next. Within one app, first come first
served: "first come" is the moment the request reached the engine — a caller takes a
:meth:`ticket` before any await (the engine then resolves the model name in a thread), and
waiters are ordered by ticket, so a slow lookup does not let a later request jump ahead.

The queue is bounded: ``depth()`` counts running plus waiting requests, and an ``acquire``
that would exceed ``limit`` raises :class:`EngineBusyError` at once (nothing is queued), so the
daemon can answer "busy" or the router can offload. One app may hold at most ``limit`` minus a
quarter of it (in queues of four places or more), so a flood cannot fill the queue and
lock the other apps out. A waiter that is cancelled (the client went away) leaves the queue
without taking a slot.

All methods run on the event loop; nothing here blocks.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from ..priority import Priority
from .errors import EngineBusyError

__all__ = ["TIER_ORDER", "TierQueue"]

TIER_ORDER: tuple[Priority, ...] = (Priority.PRIMARY, Priority.SECONDARY, Priority.BURSTABLE)


class TierQueue:
    """``slots`` requests run at once (the local engine uses 1: llama.cpp decodes one stream)."""

    def __init__(self, limit: int, slots: int = 1) -> None:
        if limit < 1 or slots < 1:
            raise ValueError("limit and slots must be at least 1")
        self._limit = limit
        self._slots = slots
        self._running = 0
        self._waiting: dict[Priority, list[tuple[int, asyncio.Future[None], str]]] = {tier: [] for tier in TIER_ORDER}
        self._tickets = itertools.count()
        self._held: dict[str, int] = {}  # places (running or waiting) per app
        self._served_at: dict[str, int] = {}  # app -> serve counter when it last got the slot
        self._serves = itertools.count(1)
        # one app's share: a quarter of the places stay for the others (queues of 4 or more places)
        self._app_limit = limit - limit // 4 if limit >= 4 else limit

    def ticket(self) -> int:
        """A place in line, taken when the request arrives."""
        return next(self._tickets)

    @property
    def limit(self) -> int:
        return self._limit

    def depth(self) -> int:
        """Running plus waiting requests."""
        return self._running + self.waiting()

    def waiting(self, tier: Priority | None = None) -> int:
        if tier is not None:
            return len(self._waiting[tier])
        return sum(len(q) for q in self._waiting.values())

    def running(self) -> int:
        return self._running

    def held(self, app: str) -> int:
        """Places (running or waiting) the app holds."""
        return self._held.get(app, 0)

    async def acquire(self, tier: Priority, ticket: int | None = None, app: str = "") -> None:
        """Wait for a slot; raise :class:`EngineBusyError` when the queue (or the app's share of it) is full."""
        if self.depth() >= self._limit:
            raise EngineBusyError(self.depth(), self._limit)
        if self.held(app) >= self._app_limit:
            raise EngineBusyError(self.depth(), self._limit)  # this app's share is full: others keep a place
        self._held[app] = self.held(app) + 1
        if self._running < self._slots and self.waiting() == 0:
            self._running += 1
            self._served_at[app] = next(self._serves)
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self.ticket() if ticket is None else ticket, waiter, app)
        bisect.insort(self._waiting[tier], entry, key=lambda e: e[0])
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release(app)  # the slot was handed over just as we were cancelled: pass it on
            else:
                if entry in self._waiting[tier]:
                    self._waiting[tier].remove(entry)
                self._drop(app)
            raise

    def _drop(self, app: str) -> None:
        left = self.held(app) - 1
        if left > 0:
            self._held[app] = left
        else:
            self._held.pop(app, None)

    def release(self, app: str = "") -> None:
        """The app's slot goes to the waiter of the highest non-empty tier whose app was served longest ago."""
        self._drop(app)
        for tier in TIER_ORDER:
            queue = self._waiting[tier]
            while queue:
                first_of_app: dict[str, int] = {}
                for index, (_, waiter, owner) in enumerate(queue):
                    if owner not in first_of_app and not waiter.done():
                        first_of_app[owner] = index
                if not first_of_app:
                    queue.clear()  # only cancelled waiters were left
                    break
                owner = min(first_of_app, key=lambda a: (self._served_at.get(a, 0), first_of_app[a]))
                _, waiter, _ = queue.pop(first_of_app[owner])
                self._served_at[owner] = next(self._serves)
                waiter.set_result(None)  # the slot passes on: _running unchanged
                return
        self._running = max(0, self._running - 1)

    @asynccontextmanager
    async def slot(self, tier: Priority, ticket: int | None = None, app: str = "") -> AsyncIterator[None]:
        await self.acquire(tier, ticket, app)
        try:
            yield
        finally:
            self.release(app)
