"""The daemon's event feed (``GET /api/events``, server-sent events) as an async iterator (no Qt).

:func:`follow` reconnects with backoff when the stream breaks and says so through
``on_connection`` so the tray can show the error state while the daemon is away. Status is a
feed: nothing in the tray polls for it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import BaseModel

from islandrun.core.daemon.event_models import EVENT_DATA, check_event

from .api import ApiClient, ApiError, DaemonUnreachableError

__all__ = ["DaemonEvent", "follow", "parse_sse", "stream_events"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DaemonEvent:
    id: int
    type: str
    ts: float
    data: dict[str, Any] = field(default_factory=dict)
    dropped: int = 0
    # ``data`` as the daemon's own model of this event type (core/daemon/event_models.py); None for a
    # type this tray does not know (a newer daemon's)
    payload: BaseModel | None = None


def _typed(type_: str, data: dict[str, Any]) -> BaseModel | None:
    """The data as the shared model of its type; a known type whose data does not fit is malformed."""
    if type_ not in EVENT_DATA:
        return None
    return check_event(type_, data)  # ValueError (ValidationError) when it does not fit


async def parse_sse(lines: AsyncIterator[str]) -> AsyncIterator[DaemonEvent]:
    """Server-sent events from text lines; comments (``: connected``) and unknown fields are skipped."""
    data: list[str] = []
    async for line in lines:
        if line == "":
            if data:
                payload = json.loads("\n".join(data))
                data = []
                type_, body = str(payload["type"]), dict(payload.get("data") or {})
                try:
                    typed = _typed(type_, body)
                except ValueError as exc:  # one misfit event is skipped (and logged), the stream goes on
                    log.warning("skipped a %r event that does not fit its model: %s", type_, exc)
                    continue
                yield DaemonEvent(
                    id=int(payload["id"]),
                    type=type_,
                    ts=float(payload["ts"]),
                    data=body,
                    dropped=int(payload.get("dropped", 0)),
                    payload=typed,
                )
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        if name == "data":
            data.append(value[1:] if value.startswith(" ") else value)


async def stream_events(
    client: ApiClient, types: Iterable[str] = (), on_open: Callable[[], None] | None = None
) -> AsyncIterator[DaemonEvent]:
    """One connection to the feed; ``on_open`` runs once the daemon accepted it; ends (or raises)
    when the daemon closes it."""
    params = {"types": ",".join(types)} if types else None
    timeout = httpx.Timeout(10.0, read=None)  # the feed is quiet for long stretches
    try:
        async with client.http.stream("GET", "/api/events", params=params, timeout=timeout) as response:
            if response.status_code >= 400:
                await response.aread()
                raise ApiError(response.status_code, response.text)
            if on_open is not None:
                on_open()
            async for event in parse_sse(response.aiter_lines()):
                yield event
    except httpx.TransportError as exc:
        raise DaemonUnreachableError(str(exc) or type(exc).__name__) from exc


async def follow(
    client: ApiClient,
    on_event: Callable[[DaemonEvent], None],
    on_connection: Callable[[bool, str], None],
    types: Iterable[str] = (),
    backoff: tuple[float, float] = (0.5, 10.0),
) -> None:
    """Deliver events forever, reconnecting after a break (cancel the task to stop).

    ``on_connection(True, "")`` once the stream is open, ``on_connection(False, reason)`` when it
    breaks; the delay between attempts doubles from ``backoff[0]`` up to ``backoff[1]`` and starts
    again from ``backoff[0]`` after a connection that worked.
    """
    delay = backoff[0]
    wanted = tuple(types)
    while True:
        opened = False

        def opened_now() -> None:
            nonlocal opened
            opened = True
            on_connection(True, "")

        try:
            async for event in stream_events(client, wanted, on_open=opened_now):
                on_event(event)
            reason = "the daemon closed the event stream"
        except (ApiError, DaemonUnreachableError) as exc:
            reason = exc.message
        except (ValueError, KeyError) as exc:  # a malformed event: treat it as a broken stream
            reason = f"malformed event: {exc}"
        on_connection(False, reason)
        if opened:
            delay = backoff[0]
        await asyncio.sleep(delay)
        delay = min(delay * 2, backoff[1])
