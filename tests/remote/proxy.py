"""A recording HTTP proxy for tests: forwards to an upstream and keeps every exchange as it
crossed the wire (request body, response body), so a test can assert what left the device.

It can also misbehave on purpose: answer the next N requests with an error status, or cut a
streamed reply after N bytes of body (a server dying mid-stream).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


async def serve_lifespan(receive: Receive, send: Send) -> None:
    """Answer uvicorn's lifespan messages (these test servers have nothing to start or stop)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        else:
            await send({"type": "lifespan.shutdown.complete"})
            return


async def read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


def request_headers(scope: Scope) -> dict[str, str]:
    return {k.decode().lower(): v.decode() for k, v in scope["headers"]}


@dataclass
class Exchange:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 0
    response: bytes = b""


@dataclass
class RecordingProxy:
    upstream: str
    exchanges: list[Exchange] = field(default_factory=list)
    fail_statuses: list[int] = field(default_factory=list)  # next requests answered with these
    cut_after_bytes: int | None = None  # cut the next streamed reply after this many body bytes
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await serve_lifespan(receive, send)
            return
        body = await read_body(receive)
        headers = request_headers(scope)
        exchange = Exchange(scope["method"], scope["path"], headers, body)
        self.exchanges.append(exchange)
        if self.fail_statuses:
            status = self.fail_statuses.pop(0)
            exchange.status = status
            payload = b'{"error": {"message": "injected failure", "type": "server_error"}}'
            await send(
                {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
            )
            await send({"type": "http.response.body", "body": payload})
            return
        forward = {k: v for k, v in headers.items() if k not in ("host", "content-length", "connection")}
        async with (
            httpx.AsyncClient(timeout=300) as client,
            client.stream(scope["method"], self.upstream + scope["path"], content=body, headers=forward) as response,
        ):
            exchange.status = response.status_code
            out = [
                (k.encode(), v.encode())
                for k, v in response.headers.items()
                if k.lower() not in ("content-length", "transfer-encoding", "connection")
            ]
            await send({"type": "http.response.start", "status": response.status_code, "headers": out})
            cut = self.cut_after_bytes
            async for piece in response.aiter_raw():
                if cut is not None and len(exchange.response) + len(piece) >= cut:
                    # Forward exactly the first `cut` bytes however the upstream's reads were
                    # coalesced, then drop the connection mid-body (uvicorn closes it on raise).
                    head = piece[: cut - len(exchange.response)]
                    exchange.response += head
                    await send({"type": "http.response.body", "body": head, "more_body": True})
                    self.cut_after_bytes = None
                    raise ConnectionAbortedError("cut on purpose")
                exchange.response += piece
                await send({"type": "http.response.body", "body": piece, "more_body": True})
            await send({"type": "http.response.body", "body": b""})


class ProxyServer:
    """Runs a :class:`RecordingProxy` with uvicorn in a thread of its own (its own event loop)."""

    def __init__(self, proxy: RecordingProxy) -> None:
        self.proxy = proxy
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.proxy.port = sock.getsockname()[1]
        sock.close()
        config = uvicorn.Config(proxy, host="127.0.0.1", port=self.proxy.port, log_level="critical", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve()), daemon=True)

    def __enter__(self) -> RecordingProxy:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                break
            threading.Event().wait(0.05)
        return self.proxy

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
