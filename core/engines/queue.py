"""The tier queue in front of the local engine: strict priority between tiers, FIFO inside one.

``primary`` work is served before ``secondary`` before ``burstable``; inside a tier, first come
first served. "First come" is the moment the request reached the engine: a caller takes a
:meth:`ticket` before any await (the engine then resolves the model name in a thread), and
waiters are ordered by ticket, so a slow lookup does not let a later request jump ahead.

The queue is bounded: ``depth()`` counts running plus waiting requests, and an ``acquire``
that would exceed ``limit`` raises :class:`EngineBusyError` at once (nothing is queued), so the
daemon can answer "busy" or the router can offload. A waiter that is cancelled (the client went
away) leaves the queue without taking a slot.

All methods run on the event loop; nothing here blocks.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from ..routing.policy import Priority
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
        self._waiting: dict[Priority, list[tuple[int, asyncio.Future[None]]]] = {tier: [] for tier in TIER_ORDER}
        self._tickets = itertools.count()

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

    async def acquire(self, tier: Priority, ticket: int | None = None) -> None:
        """Wait for a slot; raise :class:`EngineBusyError` when the queue is full."""
        if self.depth() >= self._limit:
            raise EngineBusyError(self.depth(), self._limit)
        if self._running < self._slots and self.waiting() == 0:
            self._running += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self.ticket() if ticket is None else ticket, waiter)
        bisect.insort(self._waiting[tier], entry, key=lambda e: e[0])
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over just as we were cancelled: pass it on
            elif entry in self._waiting[tier]:
                self._waiting[tier].remove(entry)
            raise

    def release(self) -> None:
        """Give the slot to the first waiter of the highest non-empty tier."""
        for tier in TIER_ORDER:
            queue = self._waiting[tier]
            while queue:
                _, waiter = queue.pop(0)
                if not waiter.done():
                    waiter.set_result(None)  # the slot passes on: _running unchanged
                    return
        self._running = max(0, self._running - 1)

    @asynccontextmanager
    async def slot(self, tier: Priority, ticket: int | None = None) -> AsyncIterator[None]:
        await self.acquire(tier, ticket)
        try:
            yield
        finally:
            self.release()
