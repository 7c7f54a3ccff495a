"""Finding the user's other devices on the LAN (LIGHTHOUSE discovery) with mDNS / DNS-SD.

:class:`MdnsDiscovery` advertises this device as ``islandrun-<16 hex of its id>._islandrun._tcp.local.``
with a TXT record that carries no secrets — ``id`` (the device id), ``name`` (for people),
``api`` (:data:`API_VERSION`) and ``port`` (the mutual-TLS peer port, also the SRV port) — and
withdraws it (mDNS goodbye) on :meth:`MdnsDiscovery.close`. It also browses the same service type
continuously and calls ``on_appear`` / ``on_disappear`` with a :class:`PeerAdvert`.

An advert is a *hint*, not proof: anyone on the LAN can claim any id or name. Identity is proven
only by the pinned certificate on the mutual-TLS channel (:mod:`.tls`). Adverts that do not
parse (missing or malformed fields, oversized records, an instance name that does not match the
id) are dropped with a warning in the log, never raised into the caller.

Uses python-zeroconf's asyncio API; nothing here blocks the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import DiscoveryError

if TYPE_CHECKING:  # zeroconf and ifaddr load on use: a daemon with discovery off never needs them (issue 17)
    from zeroconf import ServiceStateChange, Zeroconf
    from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

__all__ = [
    "API_VERSION",
    "MAX_NAME_CHARS",
    "MAX_TXT_BYTES",
    "SERVICE_TYPE",
    "MalformedAdvertError",
    "MdnsDiscovery",
    "PeerAdvert",
    "instance_name",
    "parse_advert",
    "txt_properties",
]

log = logging.getLogger(__name__)

SERVICE_TYPE = "_islandrun._tcp.local."
API_VERSION = "1"
MAX_NAME_CHARS = 64
MAX_TXT_BYTES = 512  # our four keys need < 200; anything larger is not ours
_ID = re.compile(r"[0-9a-f]{64}")
_API = re.compile(r"[0-9]{1,4}")
_RESOLVE_TIMEOUT_MS = 3000


class MalformedAdvertError(DiscoveryError):
    """An mDNS advert for our service type that does not follow the TXT format."""

    title = "Malformed discovery advert"


@dataclass(frozen=True)
class PeerAdvert:
    """What another device says about itself on the LAN (unauthenticated until TLS proves it)."""

    service_name: str
    device_id: str
    name: str
    api_version: str
    peer_port: int
    addresses: tuple[str, ...]


def instance_name(device_id: str) -> str:
    """The DNS-SD instance name of a device: stable, unique per device, no personal data."""
    return f"islandrun-{device_id[:16]}.{SERVICE_TYPE}"


def _clean_name(name: str) -> str:
    cleaned = "".join(ch for ch in " ".join(name.split()) if ch.isprintable())
    return cleaned[:MAX_NAME_CHARS]


def txt_properties(device_id: str, name: str, peer_port: int) -> dict[str, str]:
    """The TXT record this device advertises (and nothing else: no secrets, no addresses)."""
    return {
        "id": device_id,
        "name": _clean_name(name) or "IslandRun device",
        "api": API_VERSION,
        "port": str(peer_port),
    }


def _text(properties: Mapping[bytes, bytes | None], key: bytes) -> str:
    value = properties.get(key)
    if value is None:
        raise MalformedAdvertError(f"TXT key {key.decode()!r} is missing")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedAdvertError(f"TXT key {key.decode()!r} is not UTF-8") from exc


def parse_advert(
    service_name: str, properties: Mapping[bytes, bytes | None], srv_port: int | None, addresses: Iterable[str]
) -> PeerAdvert:
    """Validate one resolved advert; :class:`MalformedAdvertError` says what is wrong."""
    size = sum(len(k) + len(v or b"") + 2 for k, v in properties.items())
    if size > MAX_TXT_BYTES:
        raise MalformedAdvertError(f"TXT record of {size} bytes (at most {MAX_TXT_BYTES})")
    device_id = _text(properties, b"id")
    if not _ID.fullmatch(device_id):
        raise MalformedAdvertError("TXT id is not 64 lowercase hex digits")
    if service_name != instance_name(device_id):
        raise MalformedAdvertError(f"instance name {service_name!r} does not match the advertised id")
    name = _text(properties, b"name")
    if len(name) > MAX_NAME_CHARS or name != _clean_name(name) or not name:
        raise MalformedAdvertError(f"TXT name is empty, longer than {MAX_NAME_CHARS} or has control characters")
    api = _text(properties, b"api")
    if not _API.fullmatch(api):
        raise MalformedAdvertError("TXT api is not a version number")
    port_text = _text(properties, b"port")
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MalformedAdvertError("TXT port is not a port number")
    port = int(port_text)
    if srv_port != port:
        raise MalformedAdvertError(f"TXT port {port} differs from the SRV port {srv_port}")
    addrs = tuple(sorted(set(addresses)))
    if not addrs:
        raise MalformedAdvertError("the advert has no address")
    return PeerAdvert(service_name, device_id, name, api, port, addrs)


def _default_addresses(interfaces: list[str] | None) -> list[str]:
    if interfaces is not None:
        return [ip for ip in interfaces if _is_ipv4(ip)]
    import ifaddr

    return [
        ip.ip
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if isinstance(ip.ip, str) and not ip.ip.startswith("127.")
    ]


def _is_ipv4(text: str) -> bool:
    try:
        socket.inet_aton(text)
    except OSError:
        return False
    return text.count(".") == 3


AdvertCallback = Callable[[PeerAdvert], None]


class MdnsDiscovery:
    """Advertise this device and browse for the others; one zeroconf instance for both.

    ``interfaces``: IPv4 addresses to use (``["127.0.0.1"]`` in tests), or ``None`` for all.
    ``addresses``: what to advertise; by default the given interface addresses, or every
    non-loopback IPv4 address. ``advertise=False`` only browses. Adverts of this device itself
    are not reported. Callbacks run on the event loop and must not block."""

    def __init__(
        self,
        *,
        device_id: str,
        name: str,
        peer_port: int,
        on_appear: AdvertCallback,
        on_disappear: AdvertCallback,
        interfaces: list[str] | None = None,
        addresses: list[str] | None = None,
        advertise: bool = True,
    ) -> None:
        self.device_id = device_id
        self.name = name
        self.peer_port = peer_port
        self._on_appear = on_appear
        self._on_disappear = on_disappear
        self._interfaces = interfaces
        self._addresses = addresses if addresses is not None else _default_addresses(interfaces)
        self._advertise = advertise
        self._zc: AsyncZeroconf | None = None
        self._browser: AsyncServiceBrowser | None = None
        self._info: AsyncServiceInfo | None = None
        self._peers: dict[str, PeerAdvert] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def peers(self) -> dict[str, PeerAdvert]:
        """The devices currently seen, keyed by device id."""
        return {advert.device_id: advert for advert in self._peers.values()}

    async def start(self) -> None:
        from zeroconf import InterfaceChoice, IPVersion, NonUniqueNameException
        from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

        if self._zc is not None:
            raise DiscoveryError("discovery is already running")
        try:
            zc = AsyncZeroconf(
                interfaces=self._interfaces if self._interfaces is not None else InterfaceChoice.All,
                ip_version=IPVersion.V4Only,
            )
        except OSError as exc:
            raise DiscoveryError(f"mDNS cannot start: {exc}") from exc
        self._zc = zc
        if self._advertise:
            if not self._addresses:
                await self.close()
                raise DiscoveryError("mDNS has no IPv4 address to advertise")
            info = AsyncServiceInfo(
                SERVICE_TYPE,
                instance_name(self.device_id),
                port=self.peer_port,
                properties=txt_properties(self.device_id, self.name, self.peer_port),
                parsed_addresses=self._addresses,
                server=f"islandrun-{self.device_id[:16]}.local.",
            )
            try:
                # the call returns a task that finishes once the announcement (probe + announce) is sent
                await (await zc.async_register_service(info))
            except NonUniqueNameException as exc:
                await self.close()
                raise DiscoveryError(
                    f"another device on the network already advertises {instance_name(self.device_id)!r} "
                    "(this device's id); not advertising. Browse-only mode and the peer cache still work."
                ) from exc
            self._info = info
        self._browser = AsyncServiceBrowser(zc.zeroconf, [SERVICE_TYPE], handlers=[self._on_state_change])

    async def close(self) -> None:
        """Withdraw the advert (goodbye packets) and stop browsing. Safe to call twice."""
        zc, self._zc = self._zc, None
        if zc is None:
            return
        for task in list(self._tasks):
            task.cancel()
        if self._browser is not None:
            await self._browser.async_cancel()
            self._browser = None
        if self._info is not None:
            await (await zc.async_unregister_service(self._info))  # goodbye packets sent
            self._info = None
        await zc.async_close()

    def _on_state_change(
        self, zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        from zeroconf import ServiceStateChange

        if state_change is ServiceStateChange.Removed:
            gone = self._peers.pop(name, None)
            if gone is not None:
                self._on_disappear(gone)
            return
        task = asyncio.ensure_future(self._resolve(zeroconf, service_type, name))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _resolve(self, zeroconf: Zeroconf, service_type: str, name: str) -> None:
        from zeroconf import IPVersion
        from zeroconf.asyncio import AsyncServiceInfo

        info = AsyncServiceInfo(service_type, name)
        if not await info.async_request(zeroconf, _RESOLVE_TIMEOUT_MS):
            log.warning("mDNS: %s did not resolve; ignored", name)
            return
        try:
            advert = parse_advert(name, info.properties, info.port, info.parsed_addresses(IPVersion.V4Only))
        except MalformedAdvertError as exc:
            log.warning("mDNS: ignored the advert %r: %s", name, exc)
            stale = self._peers.pop(name, None)
            if stale is not None:
                self._on_disappear(stale)
            return
        if advert.device_id == self.device_id or self._zc is None:
            return
        if self._peers.get(name) == advert:
            return
        self._peers[name] = advert
        self._on_appear(advert)
