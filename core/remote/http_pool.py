"""The HTTP client the daemon sends remote requests with: httpx, with a cheaper idle-connection check.

Before every request and after every response, httpcore's pool asks each idle keep-alive
connection whether it has expired (the server closed it: its socket turned readable). Over anyio
each such question rebuilds the stream's table of extra attributes to find the socket; with 32
connections in the pool that was a quarter of the daemon's CPU per proxied request
(``benchmarks/remote/RESULTS.md``, run 7). The streams here remember their socket and answer
the question with one ``poll``. Everything else (connecting, TLS, reading, writing, errors) is
httpcore's own backend, unchanged.

The pool also keeps as many connections alive as it may open (httpx keeps 20 by default), so 32
concurrent requests to one island reuse their connections instead of opening new ones.
"""

from __future__ import annotations

import select
import socket
import sys
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

__all__ = ["MAX_CONNECTIONS", "remote_client"]

MAX_CONNECTIONS = 100  # per client, all islands together (httpx's default)


def remote_client(**options: Any) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` whose pool keeps every connection it opens alive (up to
    :data:`MAX_CONNECTIONS`) and checks idle connections cheaply; ``options`` go to the client."""
    limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)
    transport = httpx.AsyncHTTPTransport(limits=limits)
    pool = transport._pool  # httpx builds its pool without a way to name the network backend
    pool._network_backend = _Backend(pool._network_backend)
    return httpx.AsyncClient(transport=transport, limits=limits, **options)


def _readable(sock: socket.socket | None) -> bool:
    """Whether reading would not block: data or the server's close (an idle connection that has expired)."""
    fd = -1 if sock is None else sock.fileno()
    if fd < 0:
        return True
    if sys.platform == "win32" or not hasattr(select, "poll"):
        ready, _, _ = select.select([fd], [], [], 0)
        return bool(ready)
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class _Stream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: socket.socket | None = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return _readable(self._socket)
        return self._inner.get_extra_info(info)


class _Backend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
