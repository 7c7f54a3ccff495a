"""The peer listener: what the user's other devices call, over mutual TLS (DESIGN §3).

A separate uvicorn server on ``[discovery] bind:peer_port`` with this device's certificate. Its
TLS context (from :class:`~islandrun.core.discovery.service.PeerService`) accepts a client
certificate only when it chains to a paired one; after the handshake :class:`PinnedProtocol`
compares the certificate's fingerprint with the allow-list *as it is now* (an un-paired device,
or a certificate a paired device signed, is cut off before any byte of HTTP is read).

A connection without a certificate may only reach the pairing routes (``/pair/*``); everything
else — chat completions, models, heartbeats — needs a paired device. :class:`PeerGuard` enforces
that per request and marks the scope with the caller's device id, which the API layer uses to run
the request on this device only, under this device's own policy.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from ..discovery.identity import fingerprint, short_id
from ..discovery.service import PeerService
from .listener import Listener
from .security import ASGIApp, RateLimiter, Receive, Scope, Send

__all__ = ["PEER_SCOPE_KEY", "PeerGuard", "PeerListener", "PinnedProtocol"]

log = logging.getLogger(__name__)

# Set in the ASGI scope of every request that came in on the peer listener: the caller's device id,
# or "" for a device without a certificate (pairing only). Absent on the local listeners.
PEER_SCOPE_KEY = "islandrun.peer"

_PAIRING_PATHS = frozenset({"/pair/start", "/pair/nonce", "/pair/confirmed"})
_PEER_PATHS = frozenset({"/peer/heartbeat", "/v1/chat/completions", "/v1/models"})


class PinnedProtocol(H11Protocol):
    """uvicorn's h11 protocol that checks the client certificate once the TLS handshake is done."""

    listener: PeerListener  # set on the subclass each listener makes

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        ssl_object = transport.get_extra_info("ssl_object")
        der = None if ssl_object is None else ssl_object.getpeercert(binary_form=True)
        device = "" if not der else fingerprint(der)
        if device and not self.listener.service.is_paired(device):
            log.warning("peer listener: refused a connection from unpaired device %s", short_id(device))
            transport.close()
            return
        super().connection_made(transport)
        if self.client is not None:
            self.listener.connections[self.client] = device

    def connection_lost(self, exc: Exception | None) -> None:
        if self.client is not None:
            self.listener.connections.pop(self.client, None)
        if getattr(self, "transport", None) is not None:  # None when connection_made refused it
            super().connection_lost(exc)


def _refuse(status: int, message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "peer_refused", "code": status}}


class PeerGuard:
    """Per request: which device is calling, and may it call this path."""

    def __init__(self, app: ASGIApp, listener: PeerListener) -> None:
        self.app = app
        self.listener = listener

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        client = scope.get("client")
        device = self.listener.connections.get(tuple(client)) if client else None
        path = scope["path"]
        problem: tuple[int, str] | None = None
        if device is None:
            problem = (403, "this connection was not checked; refused")
        elif path in _PAIRING_PATHS:
            pass
        elif path not in _PEER_PATHS:
            problem = (404, "not a peer route")
        elif not device:
            problem = (403, "this device is not paired; pair first (`islandrun peers pair`)")
        elif not self.listener.service.is_paired(device):
            problem = (403, "this device is no longer paired")
        if problem is not None:
            body = json.dumps(_refuse(*problem)).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": problem[0],
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app({**scope, PEER_SCOPE_KEY: device}, receive, send)


class PeerListener:
    """Serves ``app`` to paired devices; :meth:`start` binds, :meth:`stop` closes."""

    def __init__(self, app: ASGIApp, service: PeerService, *, host: str, port: int, grace_s: float) -> None:
        self.service = service
        self.connections: dict[tuple[str, int], str] = {}
        protocol = type("ListenerPinnedProtocol", (PinnedProtocol,), {"listener": self})
        # Pairing requests are few; a hostile device on the LAN gets 429s, not our CPU.
        guarded = PeerGuard(RateLimiter(app, 5.0, 20.0, ("/pair/", "/v1/chat")), self)
        self.server = Listener.build(
            guarded,
            host=host,
            port=port,
            grace_s=grace_s,
            http=protocol,
            ssl_context_factory=lambda _config, _default: service.server_ssl,
        )
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        return int(self.server.servers[0].sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._task = asyncio.create_task(self.server.listen(), name="islandrun-peer-listener")
        while not self.server.started:
            if self._task.done():
                with contextlib.suppress(OSError):  # the bind error is logged by uvicorn; we say it below
                    self._task.result()
                raise OSError(f"the peer listener could not bind {self.server.config.host}:{self.server.config.port}")
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        self.server.should_exit = True
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
