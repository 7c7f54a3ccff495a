"""The HTTP client the daemon sends remote requests with: httpx, over asyncio's own streams.

httpx's async pool (httpcore) talks to the network through a backend; its default on asyncio is
anyio's, whose every read and write opens a cancel scope, checks for cancellation and rebuilds a
table of extra attributes when the pool asks an idle keep-alive connection whether it has expired
(the server closed it: its socket turned readable). That was a quarter of the daemon's CPU per
proxied request with 32 pooled connections (``benchmarks/remote/RESULTS.md``, run 7) and a fifth of
the upstream call's main-thread time at c = 1 (run 11). The backend here uses asyncio's streams
directly (``asyncio.timeout`` for each read, write, connect and TLS handshake) and answers the
expiry question with one ``poll`` of the socket; errors map to httpcore's as anyio's backend maps
them (so httpx raises the same ``ConnectError``, ``ReadTimeout`` … and the dispatcher's messages
stay as they were).

The pool also keeps as many connections alive as it may open (httpx keeps 20 by default), so 32
concurrent requests to one island reuse their connections instead of opening new ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import ssl
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import httpcore
import httpx

__all__ = ["MAX_CONNECTIONS", "remote_client"]

MAX_CONNECTIONS = 100  # per client, all islands together (httpx's default)


def remote_client(*, verify: ssl.SSLContext | bool = True, **options: Any) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` over asyncio's streams whose pool keeps every connection it opens alive
    (up to :data:`MAX_CONNECTIONS`) and checks idle connections cheaply; ``verify`` goes to the pool
    (a client given its own transport ignores its own), ``options`` to the client."""
    limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits)
    transport._pool._network_backend = _Backend()  # httpx builds its pool without a way to name the backend
    return httpx.AsyncClient(transport=transport, limits=limits, **options)


def _readable(sock: Any) -> bool:
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


@contextlib.contextmanager
def _mapped(errors: Mapping[type[Exception], type[Exception]]) -> Iterator[None]:
    """httpcore's errors for the OS's (as its own backends map them: httpx then maps httpcore's)."""
    try:
        yield
    except Exception as exc:
        for kind, theirs in errors.items():
            if isinstance(exc, kind):
                raise theirs(exc) from exc
        raise


_Errors = Mapping[type[Exception], type[Exception]]  # checked in order: TimeoutError is an OSError
_CONNECT: _Errors = {TimeoutError: httpcore.ConnectTimeout, OSError: httpcore.ConnectError}
_TLS: _Errors = {TimeoutError: httpcore.ConnectTimeout, OSError: httpcore.ConnectError}  # ssl.SSLError is an OSError
_READ: _Errors = {TimeoutError: httpcore.ReadTimeout, OSError: httpcore.ReadError}
_WRITE: _Errors = {TimeoutError: httpcore.WriteTimeout, OSError: httpcore.WriteError}


class _Stream(httpcore.AsyncNetworkStream):
    """One connection as asyncio's reader and writer (a TLS upgrade keeps both: the transport changes under them)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _mapped(_READ):
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        with _mapped(_WRITE):
            async with asyncio.timeout(timeout):
                self._writer.write(buffer)
                await self._writer.drain()

    async def aclose(self) -> None:
        self._writer.close()  # the transport flushes and closes on its own; nothing here waits for the peer

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        try:
            with _mapped(_TLS):
                async with asyncio.timeout(timeout):
                    await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except BaseException:
            await self.aclose()
            raise
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return self._reader.at_eof() or _readable(self._writer.get_extra_info("socket"))
        name = {"ssl_object": "ssl_object", "client_addr": "sockname", "server_addr": "peername", "socket": "socket"}
        return self._writer.get_extra_info(name[info]) if info in name else None


class _Backend(httpcore.AsyncNetworkBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        local = None if local_address is None else (local_address, 0)
        with _mapped(_CONNECT):
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(host, port, local_addr=local)
            _apply(writer, socket_options)  # asyncio sets TCP_NODELAY itself
        return _Stream(reader, writer)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        with _mapped(_CONNECT):
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_unix_connection(path)
            _apply(writer, socket_options)
        return _Stream(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _apply(writer: asyncio.StreamWriter, options: Iterable[Any] | None) -> None:
    sock = writer.get_extra_info("socket")
    for option in options or ():
        sock.setsockopt(*option)
