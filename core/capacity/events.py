"""Capacity events (TIDE) and a small asyncio fan-out the daemon forwards over SSE.

Kinds:

- ``sample``      every tick: the smoothed C, the raw C, the dominant pressure, the forecast,
                  the tiers accepted (the live chart's feed: it never recomputes the gates);
- ``band``        the set of tiers this device accepts changed (a hysteresis gate flipped);
- ``exhaustion``  the trend predicts C falls below a tier's θ within the horizon (sent once
                  when the prediction appears, again only after it went away);
- ``probe``       a probe failed, timed out, recovered, or appeared/disappeared.

:class:`EventBus` never blocks the publisher: each subscriber has a bounded queue and, when a
slow subscriber's queue is full, its oldest event is dropped (and counted).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from enum import StrEnum
from types import TracebackType

from pydantic import BaseModel, ConfigDict

from ..priority import Priority

__all__ = ["CapacityEvent", "EventBus", "EventKind", "Subscription"]


class EventKind(StrEnum):
    SAMPLE = "sample"
    BAND = "band"
    EXHAUSTION = "exhaustion"
    PROBE = "probe"


class CapacityEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: EventKind
    at: float  # unix time
    island: str
    capacity: float  # the smoothed C the gates read
    message: str  # a person's sentence: what happened and why
    degraded: bool = False  # C is 0 because a probe failed
    accepting: tuple[Priority, ...] = ()  # tiers this island accepts after the event
    tier: Priority | None = None  # band / exhaustion: the tier concerned
    probe: str | None = None  # probe events: which probe
    forecast: float | None = None  # predicted C at the horizon
    seconds_to_threshold: float | None = None  # exhaustion: predicted time until C < θ
    raw_capacity: float | None = None  # sample / band: the unsmoothed C of the instant


class Subscription:
    """An async iterator of events; use ``async with bus.subscribe() as events``."""

    def __init__(self, bus: EventBus, maxsize: int) -> None:
        self._bus = bus
        self.queue: asyncio.Queue[CapacityEvent] = asyncio.Queue(maxsize)
        self.dropped = 0

    def offer(self, event: CapacityEvent) -> None:
        if self.queue.full():
            self.queue.get_nowait()
            self.dropped += 1
        self.queue.put_nowait(event)

    def close(self) -> None:
        self._bus.unsubscribe(self)

    async def get(self) -> CapacityEvent:
        return await self.queue.get()

    def __aiter__(self) -> AsyncIterator[CapacityEvent]:
        return self

    async def __anext__(self) -> CapacityEvent:
        return await self.queue.get()

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class EventBus:
    """Fan-out on the event loop's thread (publish from the loop, not from other threads)."""

    def __init__(self) -> None:
        self._subscribers: list[Subscription] = []

    def subscribe(self, maxsize: int = 256) -> Subscription:
        subscription = Subscription(self, maxsize)
        self._subscribers.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        if subscription in self._subscribers:
            self._subscribers.remove(subscription)

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    def publish(self, event: CapacityEvent) -> None:
        for subscription in tuple(self._subscribers):
            subscription.offer(event)
