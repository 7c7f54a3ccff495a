"""The event feed: one typed stream of what happens (routes, approvals, capacity, islands).

What each event type carries is one model in :mod:`.event_models`, checked here when it is published.

The SSE endpoint and the tray subscribe here; nothing polls. A slow subscriber never blocks a
publisher: each has a bounded queue and loses its *oldest* events first (and is told how many it
missed in the next event's ``dropped``).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import AsyncIterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from .event_models import check_event

__all__ = ["Event", "EventBus"]

log = logging.getLogger(__name__)


class Event(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    type: str  # "route", "approval.requested", "approval.decided", "capacity", "island", ...
    ts: float
    data: dict[str, Any]
    dropped: int = 0


class _Subscriber:
    def __init__(self, size: int) -> None:
        self.queue: asyncio.Queue[Event | None] = asyncio.Queue(size)  # None: the bus closed
        self.dropped = 0


class EventBus:
    """Publish from the event loop thread (or through :meth:`publish_threadsafe`)."""

    def __init__(self, queue_size: int = 256, *, strict: bool = True) -> None:
        """``strict``: an event that does not fit its model (:mod:`.event_models`) raises; otherwise it is
        logged as an error and published anyway (the daemon: a feed problem must not fail a request; its
        tests run with ``ISLANDRUN_STRICT_EVENTS=1`` so that every such event fails them)."""
        self.strict = strict
        self._size = queue_size
        self._subscribers: set[_Subscriber] = set()
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    def close(self) -> None:
        """End every subscription (shutdown: an open event stream must not hold the daemon up)."""
        self._closed = True
        for sub in self._subscribers:
            if sub.queue.full():
                sub.queue.get_nowait()
            sub.queue.put_nowait(None)

    def publish(self, type_: str, data: Mapping[str, Any]) -> Event:
        try:
            check_event(type_, data)
        except ValueError as exc:  # a publisher broke the contract with the tray (event_models.py)
            if self.strict:
                raise
            log.error("event %r does not fit its model (published anyway): %s", type_, exc)
        event = Event(id=next(self._ids), type=type_, ts=time.time(), data=dict(data))
        if self._closed:
            return event
        for sub in self._subscribers:
            if sub.queue.full():
                sub.queue.get_nowait()
                sub.dropped += 1
            sub.queue.put_nowait(event)
        return event

    def publish_threadsafe(self, type_: str, data: Mapping[str, Any]) -> None:
        if self._loop is None:
            raise RuntimeError("EventBus.bind(loop) was not called")
        self._loop.call_soon_threadsafe(self.publish, type_, data)

    async def subscribe(self, types: frozenset[str] | None = None) -> AsyncIterator[Event]:
        """Events from now on (optionally only these types, or type prefixes ending in '.')."""
        sub = _Subscriber(self._size)
        if self._closed:
            return
        self._subscribers.add(sub)
        try:
            while True:
                event = await sub.queue.get()
                if event is None:
                    return
                if types is not None and not _matches(event.type, types):
                    continue
                if sub.dropped:
                    event = event.model_copy(update={"dropped": sub.dropped})
                    sub.dropped = 0
                yield event
        finally:
            self._subscribers.discard(sub)


def _matches(type_: str, types: frozenset[str]) -> bool:
    return type_ in types or any(t.endswith(".") and type_.startswith(t) for t in types)
