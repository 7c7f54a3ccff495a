"""LIGHTHOUSE running inside the daemon: identity, mDNS, pairing, heartbeats, peer islands.

:class:`PeerService` owns this device's identity, the allow-list of paired devices, the
:class:`~.registry.PeerRegistry`, mDNS, the pairing sessions and the heartbeat loop, and keeps
the daemon's :class:`~islandrun.core.islands.IslandRegistry` in step:

- every device seen (paired or not) is a ``peer`` island ``peer-<first 16 hex digits of its id>``;
  an unpaired one has ``paired=False``, which the router's membership filter never passes;
- a paired device's models and collections come from its last heartbeat, its endpoint from the
  address that last answered; it is *down* for the router unless its registry state is ``live``;
- heartbeats go out every ``heartbeat_s`` over mutual TLS pinned to the peer's certificate; one
  missing for ``down_after_s`` marks the peer down (so within ``down_after_s + heartbeat_s``).

The peer listener itself (HTTP) lives in the daemon (``daemon/peer_server.py``); it asks this
service whether a certificate is paired, for the server TLS context and the heartbeat payload.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import ValidationError

from ..islands import Island, IslandKind, IslandRegistry, TrustSpec
from .config import DiscoveryConfig
from .errors import DiscoveryError, PairingError, PeerNotFoundError
from .heartbeat import CollectionSummary, Heartbeat
from .identity import DeviceIdentity, load_or_create_identity, short_id
from .mdns import MdnsDiscovery
from .pairing import PairedDevice, PairedDevices
from .pairing_exchange import PairingInitiator
from .registry import PeerRegistry, PeerState, PeerView
from .sessions import PairingSession, PairingSessions
from .tls import client_context, pairing_context, server_context

__all__ = ["PeerService", "PeerStatus", "peer_island_id"]

log = logging.getLogger(__name__)

Publish = Callable[[str, Mapping[str, Any]], object]


def peer_island_id(device_id: str) -> str:
    return f"peer-{device_id[:16]}"


@dataclass(frozen=True, slots=True)
class PeerStatus:
    heartbeat: Heartbeat
    address: str  # the address that answered
    received_at: float  # monotonic


@dataclass
class HeartbeatStats:
    sent: int = 0
    answered: int = 0
    bytes_in: int = 0  # response bodies + headers as received
    bytes_out: int = 0  # request line + headers as sent


class PeerService:
    def __init__(
        self,
        config: DiscoveryConfig,
        islands: IslandRegistry,
        heartbeat: Callable[[], Heartbeat],
        publish: Publish,
        *,
        identity: DeviceIdentity | None = None,
        mdns_interfaces: list[str] | None = None,
    ) -> None:
        self.config = config
        self.islands = islands
        self._heartbeat = heartbeat
        self._publish = publish
        self._identity = identity
        self._interfaces = mdns_interfaces if mdns_interfaces is not None else config.interfaces
        self.name = config.device_name()
        self._status: dict[str, PeerStatus] = {}
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._task: asyncio.Task[None] | None = None
        self._mdns: MdnsDiscovery | None = None
        self.discovery_problem: str | None = None
        self.stats = HeartbeatStats()
        self.peer_port = config.peer_port

    # -- life cycle ------------------------------------------------------------------------------
    async def prepare(self) -> None:
        """Load (or create, on first run) the identity and the allow-list. Errors stop the daemon:
        an identity is never regenerated behind the user's back."""
        if self._identity is None:
            self._identity = await asyncio.to_thread(load_or_create_identity)
        self.paired = await asyncio.to_thread(PairedDevices)
        self.registry = PeerRegistry(self.paired, down_after_s=self.config.down_after_s, on_change=self._changed)
        self.sessions = PairingSessions(self.identity, self.paired, on_paired=self._paired_now)
        self.server_ssl = server_context(self.identity, [d.certificate_pem for d in self.paired.devices()])
        # Without a certificate a device may only ask to pair (the listener checks the path);
        # a certificate it does present must chain to a paired one, or the handshake fails.
        self.server_ssl.verify_mode = ssl.CERT_OPTIONAL
        for view in self.registry.views():
            self._sync(view)

    async def start(self, peer_port: int, *, advertise: bool = True) -> None:
        """Advertise on ``peer_port`` (where the listener really bound), browse, start heartbeats.
        ``advertise=False`` (no listener): browse only, and still reach paired devices."""
        self.peer_port = peer_port
        self._mdns = MdnsDiscovery(
            advertise=advertise,
            device_id=self.identity.device_id,
            name=self.name,
            peer_port=peer_port,
            on_appear=self.registry.advert_appeared,
            on_disappear=self.registry.advert_gone,
            interfaces=self._interfaces,
        )
        try:
            await self._mdns.start()
        except DiscoveryError as exc:
            self.discovery_problem = exc.message
            self._mdns = None
            self.registry.discovery_lost()
            log.warning("discovery: %s; paired devices are still reached at their last known addresses", exc.message)
        self._task = asyncio.create_task(self._heartbeat_loop(), name="islandrun-heartbeats")

    async def aclose(self) -> None:
        """Stop heartbeats, say goodbye on mDNS, close the peer clients. Idempotent: the daemon
        calls it early in its shutdown (goodbye first), the services call it again at the end."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        mdns, self._mdns = self._mdns, None
        if mdns is not None:
            with contextlib.suppress(Exception):
                await mdns.close()  # goodbye packets: peers mark us down at once
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

    @property
    def identity(self) -> DeviceIdentity:
        assert self._identity is not None, "prepare() first"
        return self._identity

    # -- what the router and the dispatcher need ---------------------------------------------------
    def capacities(self) -> dict[str, float]:
        return {
            peer_island_id(device_id): status.heartbeat.capacity if status.heartbeat.accepting else 0.0
            for device_id, status in self._status.items()
            if (view := self.registry.get(device_id)) is not None and view.state is PeerState.LIVE
        }

    def collections(self) -> dict[str, tuple[CollectionSummary, ...]]:
        """Each paired peer's collections (names and sizes) from its last heartbeat, by island id."""
        return {peer_island_id(d): tuple(status.heartbeat.collections) for d, status in self._status.items()}

    def down_ids(self) -> frozenset[str]:
        return frozenset(peer_island_id(v.device_id) for v in self.registry.views() if v.state is not PeerState.LIVE)

    def client_for(self, island: Island) -> httpx.AsyncClient | None:
        """The pinned mutual-TLS client for a paired peer's island (None for other islands)."""
        if island.kind is not IslandKind.PEER:
            return None
        device = next((d for d in self.paired.devices() if peer_island_id(d.device_id) == island.id), None)
        if device is None:
            return None
        return self._client(device)

    def is_paired(self, device_id: str) -> bool:
        return self.paired.is_paired(device_id)

    # -- listing ----------------------------------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        return {
            "device_id": self.identity.device_id,
            "short_id": short_id(self.identity.device_id),
            "name": self.name,
            "peer_port": self.peer_port,
            "discovery": "off" if self._mdns is None else "on",
            "discovery_problem": self.discovery_problem,
            "heartbeat_s": self.config.heartbeat_s,
            "down_after_s": self.config.down_after_s,
            "heartbeats": {
                "sent": self.stats.sent,
                "answered": self.stats.answered,
                "bytes_in": self.stats.bytes_in,
                "bytes_out": self.stats.bytes_out,
            },
            "peers": [self._view_json(v) for v in self.registry.views()],
            "pairings": [s.public() for s in self.sessions.pending()],
        }

    def _view_json(self, view: PeerView) -> dict[str, Any]:
        status = self._status.get(view.device_id)
        beat = None if status is None else status.heartbeat
        return {
            "device_id": view.device_id,
            "short_id": short_id(view.device_id),
            "island": peer_island_id(view.device_id),
            "name": view.name,
            "state": view.state.value,
            "paired": view.paired,
            "stale": view.stale,
            "advertised": view.advertised,
            "addresses": list(view.addresses),
            "peer_port": view.peer_port,
            "last_heartbeat_s_ago": None
            if view.last_heartbeat is None
            else round(time.monotonic() - view.last_heartbeat, 3),
            "capacity": None if beat is None else beat.capacity,
            "queue_depth": None if beat is None else beat.queue_depth,
            "models": [] if beat is None else list(beat.models),
            "collections": [] if beat is None else [c.model_dump() for c in beat.collections],
        }

    def find(self, target: str) -> PeerView:
        """A device by id, id prefix, short id or name (exactly one match)."""
        wanted = target.strip().lower().replace("-", "")
        matches = [
            v
            for v in self.registry.views()
            if (v.device_id.startswith(wanted) and len(wanted) >= 4) or v.name.lower() == target.strip().lower()
        ]
        if not matches:
            raise PeerNotFoundError(f"no device {target!r} is known; `islandrun peers list` shows the devices seen")
        if len(matches) > 1:
            raise PairingError(f"{target!r} names {len(matches)} devices; give more of the id")
        return matches[0]

    # -- pairing, this device asking ----------------------------------------------------------------
    async def pair(self, target: str, address: str | None = None) -> PairingSession:
        """Start pairing with a device seen on the LAN (or at ``address`` = host:port)."""
        if address is not None:
            host, _, port_text = address.rpartition(":")
            if not host or not port_text.isdigit():
                raise PairingError(f"--address must be HOST:PORT, not {address!r}")
            expected, hosts, port, label = None, [host], int(port_text), target or host
        else:
            view = self.find(target)
            if view.paired:
                raise PairingError(f"{view.name} is already paired with this device")
            expected, hosts, port, label = view.device_id, list(view.addresses), view.peer_port, view.name
        last = "no address"
        async with httpx.AsyncClient(verify=pairing_context(), timeout=10.0) as http:
            for host in hosts:
                base = f"https://{host}:{port}"
                try:
                    return await self._pair_at(http, base, expected, label)
                except httpx.HTTPError as exc:
                    last = f"{base}: {type(exc).__name__}: {exc}"
        raise PairingError(f"cannot reach {label} to pair ({last})")

    async def _pair_at(self, http: httpx.AsyncClient, base: str, expected: str | None, label: str) -> PairingSession:
        me = {"certificate_pem": self.identity.certificate_pem.decode(), "name": self.name}
        start = _json(await http.post(f"{base}/pair/start", json=me), "start")
        pem, session_id = str(start.get("certificate_pem", "")), str(start.get("session", ""))
        session = self.sessions.outgoing(pem, label, session_id)
        if expected is not None and session.peer_id != expected:
            self.sessions.cancel(session.id)
            raise PairingError(
                f"the device at {base} presented another certificate than the one it advertises; not pairing"
            )
        side = session.side
        assert isinstance(side, PairingInitiator)
        try:
            nonce = side.nonce_for(bytes.fromhex(str(start.get("commitment", ""))))
            sent = {"session": session_id, "nonce": nonce.hex()}
            reveal = _json(await http.post(f"{base}/pair/nonce", json=sent), "nonce")
            session.code = side.code_after_reveal(bytes.fromhex(str(reveal.get("nonce", ""))))
        except (ValueError, PairingError):
            self.sessions.cancel(session.id)
            raise
        session.extra["base"] = base
        return session

    async def confirm(self, session_id: str) -> PairedDevice:
        """The user here saw the same code on both devices."""
        session = self.sessions.get(session_id, "outgoing")
        base = session.extra.get("base")
        device = self.sessions.confirm_outgoing(session_id)
        if base is not None:
            with contextlib.suppress(httpx.HTTPError):  # only a courtesy: their user decides there
                async with httpx.AsyncClient(verify=pairing_context(), timeout=5.0) as http:
                    await http.post(f"{base}/pair/confirmed", json={"session": session_id})
        return device

    async def unpair(self, target: str) -> PairedDevice:
        view = self.find(target)
        device = self.paired.get(view.device_id)
        if device is None:
            raise PeerNotFoundError(f"{view.name} is not paired with this device")
        self.paired.remove(device.device_id)
        client = self._clients.pop(device.device_id, None)
        if client is not None:
            await client.aclose()
        self._status.pop(device.device_id, None)
        self.registry.sweep()  # demotes it to unpaired now
        self._publish("peer.unpaired", {"device_id": device.device_id, "name": device.name})
        return device

    def _paired_now(self, device: PairedDevice) -> None:
        self.server_ssl.load_verify_locations(cadata=device.certificate_pem)
        advert = None if self._mdns is None else self._mdns.peers().get(device.device_id)
        if advert is not None:
            self.registry.advert_appeared(advert)  # promote: unpaired → waiting
        self.registry.save_cache()  # its address is now worth keeping across restarts
        self._publish("peer.paired", {"device_id": device.device_id, "name": device.name})

    # -- heartbeats ------------------------------------------------------------------------------
    async def _heartbeat_loop(self) -> None:
        while True:
            views = [v for v in self.registry.views() if v.paired and v.addresses and v.peer_port]
            await asyncio.gather(*(self._beat(v) for v in views))
            self.registry.sweep()
            await asyncio.sleep(self.config.heartbeat_s)

    async def _beat(self, view: PeerView) -> None:
        device = self.paired.get(view.device_id)
        if device is None:
            return
        client = self._client(device)
        last = self._status.get(view.device_id)
        hosts = sorted(view.addresses, key=lambda a: a != (last.address if last else None))
        timeout = min(self.config.heartbeat_s, 5.0)
        for host in hosts:
            url = f"https://{host}:{view.peer_port}/peer/heartbeat"
            self.stats.sent += 1
            self.stats.bytes_out += len(url) + 120  # request line + our few headers
            try:
                response = await client.get(url, timeout=timeout)
                self.stats.bytes_in += len(response.content) + sum(len(k) + len(v) + 4 for k, v in response.headers.raw)
                response.raise_for_status()
                beat = Heartbeat.model_validate_json(response.content)
            except (httpx.HTTPError, ValidationError) as exc:
                log.debug("heartbeat to %s at %s failed: %s", view.name, host, exc)
                continue
            if beat.device_id != view.device_id:
                log.warning("heartbeat from %s names another device id; ignored", host)
                continue
            self.stats.answered += 1
            self._status[view.device_id] = PeerStatus(beat, host, time.monotonic())
            self.registry.heartbeat(view.device_id)
            current = self.registry.get(view.device_id)
            if current is not None:
                self._sync(current)  # models / collections / address may have changed
            return

    def _client(self, device: PairedDevice) -> httpx.AsyncClient:
        client = self._clients.get(device.device_id)
        if client is None:
            context = client_context(self.identity, device.certificate_pem)
            client = httpx.AsyncClient(verify=context, timeout=10.0, follow_redirects=False)
            self._clients[device.device_id] = client
        return client

    # -- keeping the island registry in step ------------------------------------------------------
    def _changed(self, view: PeerView) -> None:
        self._sync(view)
        self._publish(
            "peer",
            {"device_id": view.device_id, "name": view.name, "state": view.state.value, "stale": view.stale},
        )

    def _sync(self, view: PeerView) -> None:
        island_id = peer_island_id(view.device_id)
        if view.state is PeerState.UNPAIRED and not view.advertised:
            self.islands.remove_discovered(island_id)
            return
        status = self._status.get(view.device_id) if view.paired else None
        host = status.address if status is not None else (view.addresses[0] if view.addresses else "0.0.0.0")  # noqa: S104
        beat = None if status is None else status.heartbeat
        self.islands.upsert_discovered(
            Island(
                id=island_id,
                name=view.name,
                kind=IslandKind.PEER,
                trust_spec=TrustSpec(base=1.0),
                models=() if beat is None else tuple(beat.models),
                datasets=() if beat is None else tuple(c.name for c in beat.collections),
                endpoint=f"https://{host}:{view.peer_port}/v1",
                paired=view.paired,
            )
        )

    def heartbeat_payload(self) -> Heartbeat:
        return self._heartbeat()


def _json(response: httpx.Response, step: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 400 or not isinstance(body, dict):
        message = body.get("error", {}).get("message") if isinstance(body, dict) else None
        raise PairingError(f"the other device refused the pairing ({step}): {message or response.status_code}")
    return body
