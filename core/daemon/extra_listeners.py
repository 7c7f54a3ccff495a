"""The opt-in ``[server] extra_listen`` listeners: the API on more addresses, for apps in Docker or
on the LAN (docs/connecting-apps.md).

Each runs the loopback listener's stack (token, body and rate limits, CORS) behind a Host guard
that accepts loopback names, ``[server] allowed_hosts``, and the address it listens on when that
is one address (not ``0.0.0.0``/``::``): an IP literal as Host cannot come from a rebound DNS name.
Binding anything but loopback is logged as a warning, with what it exposes.

One that cannot open (the address is not on this machine now, the port is taken) costs that
listener only, as with the peer listener: it is logged, printed by ``islandrun serve`` and listed
with its problem in ``app.state.listeners``, and the loopback API keeps serving. A daemon started
at login before the network is up still serves this machine's apps.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .addresses import split_listen
from .config import ServerConfig
from .listener import Listener
from .security import ASGIApp

__all__ = ["ListenerState", "exposure_warning", "open_extra_listeners"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ListenerState:
    """One listener as ``/api/health`` and ``islandrun serve`` report it."""

    url: str
    allowed_hosts: tuple[str, ...] = ()  # Host names accepted besides loopback
    problem: str | None = None  # why it is not open; None when it is

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "allowed_hosts": list(self.allowed_hosts),
            "open": self.problem is None,
            "problem": self.problem,
        }


def _literal(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def exposure_warning(host: str, port: int) -> str | None:
    """What a listener on ``host:port`` exposes, or None for loopback (only this machine)."""
    ip = ipaddress.ip_address(host)
    if ip.is_loopback:
        return None
    where = "every network interface of this machine" if ip.is_unspecified else f"the network of {host}"
    return (
        f"the API also listens on {_literal(host)}:{port} ([server] extra_listen), reachable from {where}: "
        "any device or container that reaches it can call IslandRun with the token, over plain HTTP "
        "(prompts and the token cross the network unencrypted); keep it to networks you trust"
    )


def _probe(host: str, port: int, main_port: int) -> str | None:
    """Why ``host:port`` cannot be bound now, or None. Binding first gives the OS's reason, which
    uvicorn only logs."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            why = exc.strerror or str(exc)
            if exc.errno == errno.EADDRNOTAVAIL:
                why += " (this machine has no such address now: is that network, or docker0, up?)"
            if port == main_port:
                why += f" (the loopback API has port {main_port}: give extra_listen another port)"
            return why
    return None


async def _started(server: Listener, task: asyncio.Task[None]) -> str | None:
    while not server.started:
        if task.done():
            return str(task.exception() or "the listener stopped while starting")
        await asyncio.sleep(0.02)
    return None


async def open_extra_listeners(
    stack_for: Callable[[tuple[str, ...]], ASGIApp], settings: ServerConfig, main_port: int
) -> tuple[list[Listener], list[asyncio.Task[None]], list[ListenerState]]:
    """Start a listener for each ``settings.extra_listen`` address; ``stack_for(hosts)`` is the
    guarded app for one that accepts the Host names ``hosts`` besides loopback. Returns the
    listeners that opened, their serving tasks, and the state of every address."""
    servers: list[Listener] = []
    tasks: list[asyncio.Task[None]] = []
    states: list[ListenerState] = []
    for address in settings.extra_listen:
        host, port = split_listen(address)
        own = () if ipaddress.ip_address(host).is_unspecified else (_literal(host),)
        hosts = tuple(dict.fromkeys((*settings.allowed_hosts, *own)))
        url = f"http://{_literal(host)}:{port}"
        problem = _probe(host, port, main_port)
        if problem is None:
            server = Listener.build(stack_for(hosts), host=host, port=port, grace_s=settings.shutdown_grace_s)
            task = asyncio.create_task(server.listen(), name="islandrun-extra-listener")
            problem = await _started(server, task)
        if problem is not None:
            log.warning("[server] extra_listen %s is not open: %s; the API still serves on loopback", url, problem)
            states.append(ListenerState(url, hosts, problem))
            continue
        warning = exposure_warning(host, port)
        if warning is not None:
            log.warning("%s", warning)
        log.info("also serving on %s for Host names %s", url, ", ".join(hosts) or "(loopback only)")
        servers.append(server)
        tasks.append(task)
        states.append(ListenerState(url, hosts))
    return servers, tasks, states
