"""The list of the user's other devices as this device sees them (LIGHTHOUSE's island cache).

:class:`PeerRegistry` merges three sources into one :class:`PeerView` per device id:

- mDNS adverts (:mod:`.mdns`): *where* a device says it is — unauthenticated hints;
- the allow-list (:mod:`.pairing`): *whether* it is one of ours;
- heartbeats over the pinned mutual-TLS channel (:mod:`.tls`), reported by the caller with
  :meth:`PeerRegistry.heartbeat`: the only proof that a paired device is really there.

States: ``unpaired`` (discovered, not in the allow-list: listed, never routed to), ``waiting``
(paired, known address, no heartbeat yet), ``live`` (a heartbeat within ``down_after_s``),
``down`` (heartbeats stopped, or its advert was withdrawn). Only ``live`` peers are
:meth:`~PeerRegistry.routable`. Whether a device is "ours" is decided by its id alone: an advert
that carries a paired device's *name* with another id stays unpaired (and is logged).

The addresses of paired devices are kept in ``<data dir>/peers-cache.json``; after a restart, or
while discovery is down, they come back marked ``stale`` so that the daemon can heartbeat them
directly until fresh data arrives (a fresh advert or a heartbeat clears ``stale``).

Pure bookkeeping: no I/O besides the cache file, no timers — the daemon calls :meth:`sweep`
periodically, so a dead peer is marked down within ``down_after_s`` + the sweep interval.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from ..files import write_atomic
from ..paths import data_dir
from .mdns import PeerAdvert
from .pairing import PairedDevices

__all__ = ["PeerRegistry", "PeerState", "PeerView", "peers_cache_file"]

log = logging.getLogger(__name__)
_CACHE_VERSION = 1


def peers_cache_file() -> Path:
    return data_dir() / "peers-cache.json"


class PeerState(StrEnum):
    UNPAIRED = "unpaired"
    WAITING = "waiting"
    LIVE = "live"
    DOWN = "down"


@dataclass(frozen=True)
class PeerView:
    device_id: str
    name: str
    state: PeerState
    addresses: tuple[str, ...]
    peer_port: int
    advertised: bool  # an mDNS advert is present now
    stale: bool  # known only from the cache of an earlier run / before discovery failed
    last_heartbeat: float | None  # clock() value of the last heartbeat

    @property
    def paired(self) -> bool:
        return self.state is not PeerState.UNPAIRED


ChangeCallback = Callable[[PeerView], None]


class PeerRegistry:
    """One view per device id; ``on_change`` is called with each view that changed."""

    def __init__(
        self,
        paired: PairedDevices,
        *,
        cache_path: Path | None = None,
        down_after_s: float = 15.0,
        on_change: ChangeCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._paired = paired
        self.cache_path = cache_path if cache_path is not None else peers_cache_file()
        self.down_after_s = down_after_s
        self._on_change = on_change
        self._clock = clock
        self._views: dict[str, PeerView] = {}
        self._load_cache()

    # -- reading -------------------------------------------------------------------------------
    def views(self) -> list[PeerView]:
        return sorted(self._views.values(), key=lambda v: (v.name.lower(), v.device_id))

    def get(self, device_id: str) -> PeerView | None:
        return self._views.get(device_id)

    def routable(self) -> list[PeerView]:
        """Paired peers with a recent heartbeat: the only ones a request may go to."""
        return [v for v in self.views() if v.state is PeerState.LIVE]

    # -- inputs --------------------------------------------------------------------------------
    def advert_appeared(self, advert: PeerAdvert) -> None:
        paired = self._paired.get(advert.device_id)
        if paired is None:
            clash = next((d for d in self._paired.devices() if d.name == advert.name), None)
            if clash is not None:
                log.warning(
                    "discovery: device %s advertises the name %r of paired device %s; listed as unpaired",
                    advert.device_id[:16],
                    advert.name,
                    clash.device_id[:16],
                )
        old = self._views.get(advert.device_id)
        if paired is None:
            state = PeerState.UNPAIRED
        elif old is not None and old.state is PeerState.LIVE:
            state = PeerState.LIVE
        else:
            state = PeerState.WAITING
        view = PeerView(
            device_id=advert.device_id,
            name=paired.name if paired is not None else advert.name,  # our label wins over theirs
            state=state,
            addresses=advert.addresses,
            peer_port=advert.peer_port,
            advertised=True,
            stale=False,
            last_heartbeat=old.last_heartbeat if old is not None else None,
        )
        self._set(view, persist=paired is not None)

    def advert_gone(self, advert: PeerAdvert) -> None:
        old = self._views.get(advert.device_id)
        if old is None:
            return
        if old.state is PeerState.UNPAIRED:
            del self._views[advert.device_id]
            self._notify(replace(old, advertised=False))
            return
        # a clean shutdown said goodbye: down now, not after the heartbeat window
        self._set(replace(old, advertised=False, state=PeerState.DOWN), persist=False)

    def heartbeat(self, device_id: str) -> None:
        """A heartbeat from ``device_id`` arrived over a pinned mutual-TLS connection."""
        paired = self._paired.get(device_id)
        if paired is None:
            log.warning("discovery: heartbeat from %s, which is not a paired device; ignored", device_id[:16])
            return
        old = self._views.get(device_id) or PeerView(
            device_id, paired.name, PeerState.WAITING, (), 0, advertised=False, stale=False, last_heartbeat=None
        )
        self._set(replace(old, state=PeerState.LIVE, stale=False, last_heartbeat=self._clock()), persist=False)

    def sweep(self) -> list[PeerView]:
        """Mark peers whose heartbeats stopped as down, and forget un-paired ones; returns changes."""
        now = self._clock()
        changed: list[PeerView] = []
        for view in list(self._views.values()):
            if view.state is not PeerState.UNPAIRED and self._paired.get(view.device_id) is None:
                new = replace(view, state=PeerState.UNPAIRED)  # un-paired since: never routed to again
            elif (
                view.state is PeerState.LIVE
                and view.last_heartbeat is not None
                and now - view.last_heartbeat > self.down_after_s
            ):
                new = replace(view, state=PeerState.DOWN)
            else:
                continue
            self._set(new, persist=False)
            changed.append(new)
        return changed

    def discovery_lost(self) -> None:
        """mDNS stopped working: keep every paired device's last address, marked stale."""
        for view in list(self._views.values()):
            if view.state is PeerState.UNPAIRED:
                del self._views[view.device_id]
            elif view.advertised:
                self._set(replace(view, advertised=False, stale=True), persist=False)

    # -- internals -----------------------------------------------------------------------------
    def _set(self, view: PeerView, *, persist: bool) -> None:
        old = self._views.get(view.device_id)
        self._views[view.device_id] = view
        if persist and (old is None or old.addresses != view.addresses or old.peer_port != view.peer_port):
            self.save_cache()
        if view != old:
            self._notify(view)

    def _notify(self, view: PeerView) -> None:
        if self._on_change is not None:
            self._on_change(view)

    def save_cache(self) -> None:
        """Write the last known addresses of paired devices (never of strangers)."""
        entries = [
            {"device_id": v.device_id, "addresses": list(v.addresses), "peer_port": v.peer_port}
            for v in self.views()
            if v.state is not PeerState.UNPAIRED
        ]
        body = {"version": _CACHE_VERSION, "saved_at": dt.datetime.now(dt.UTC).isoformat(), "peers": entries}
        write_atomic(self.cache_path, json.dumps(body, indent=2) + "\n", mode=0o600)

    def _load_cache(self) -> None:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
            entries = data["peers"] if data.get("version") == _CACHE_VERSION else []
            for raw in entries:
                device_id, port = str(raw["device_id"]), int(raw["peer_port"])
                addresses = tuple(str(a) for a in raw["addresses"])
                paired = self._paired.get(device_id)
                if paired is None:  # un-paired since the cache was written
                    continue
                self._views[device_id] = PeerView(
                    device_id, paired.name, PeerState.WAITING, addresses, port, False, True, None
                )
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # only a cache: starting without it is safe (discovery refills it); say so
            log.warning("discovery: ignored the unreadable peer cache %s (%s)", self.cache_path, exc)
            self._views.clear()
