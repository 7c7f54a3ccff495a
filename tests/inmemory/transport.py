"""An httpx transport that calls an ASGI app in the test's event loop and streams its reply.

``httpx.ASGITransport`` collects the whole body before it returns a response, so an event stream
(``/api/events``) never returns and a streamed completion arrives only at its end. This one
returns as soon as the app sends its status and headers, hands the body over piece by piece as the
app sends it, and tells the app the client went away (``http.disconnect``) when the response is
closed or the request is cancelled, as uvicorn does for a real socket.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx

from islandrun.core.daemon.security import ASGIApp

__all__ = ["StreamingASGITransport", "finish"]


class _Body(httpx.AsyncByteStream):
    def __init__(self, pieces: asyncio.Queue[bytes | None], gone: asyncio.Event) -> None:
        self._pieces = pieces
        self._gone = gone

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while (piece := await self._pieces.get()) is not None:
            yield piece

    async def aclose(self) -> None:
        self._gone.set()  # the client closed its end; the app is not waited for, as with a socket


class StreamingASGITransport(httpx.AsyncBaseTransport):
    """``running`` collects the app's task for each request, so that whoever owns the app can wait
    for (or end) the work still going on after its clients left."""

    def __init__(
        self, app: ASGIApp, running: set[asyncio.Task[None]], client: tuple[str, int] = ("127.0.0.1", 50123)
    ) -> None:
        self.app = app
        self.running = running
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        body = request.stream.__aiter__()  # handed to the app piece by piece, as a socket would
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "scheme": request.url.scheme,
            "path": request.url.path,
            "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query,
            "server": (request.url.host, request.url.port or 80),
            "client": self.client,
            "root_path": "",
        }
        loop = asyncio.get_running_loop()
        started: asyncio.Future[tuple[int, list[tuple[bytes, bytes]]]] = loop.create_future()
        pieces: asyncio.Queue[bytes | None] = asyncio.Queue()
        gone = asyncio.Event()
        body_done = False

        async def receive() -> MutableMapping[str, Any]:
            nonlocal body_done
            if not body_done:
                try:
                    return {"type": "http.request", "body": await anext(body), "more_body": True}
                except StopAsyncIteration:
                    body_done = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            await gone.wait()
            return {"type": "http.disconnect"}

        async def send(message: MutableMapping[str, Any]) -> None:
            if gone.is_set():
                return  # uvicorn drops what is sent to a client that went away
            if message["type"] == "http.response.start":
                started.set_result((message["status"], list(message.get("headers", []))))
            elif message["type"] == "http.response.body":
                if message.get("body"):
                    pieces.put_nowait(bytes(message["body"]))
                if not message.get("more_body", False):
                    pieces.put_nowait(None)

        async def run() -> None:
            try:
                await self.app(scope, receive, send)
            except Exception as exc:
                if not started.done():
                    started.set_exception(exc)
            finally:
                if not started.done():
                    started.set_exception(RuntimeError("the app returned without a response"))
                pieces.put_nowait(None)

        task = asyncio.create_task(run(), name=f"asgi {request.method} {request.url.path}")
        self.running.add(task)
        task.add_done_callback(self.running.discard)
        timeout = request.extensions.get("timeout", {}).get("read")  # the client's read timeout, as a socket's
        try:
            status, headers = await asyncio.wait_for(asyncio.shield(started), timeout)
        except (asyncio.CancelledError, TimeoutError) as exc:  # the client gave up before the reply started
            gone.set()
            if isinstance(exc, TimeoutError):
                raise httpx.ReadTimeout("no reply within the client's timeout", request=request) from None
            raise
        return httpx.Response(status, headers=headers, stream=_Body(pieces, gone))


async def finish(running: set[asyncio.Task[None]], grace_s: float = 5.0) -> None:
    """Let the apps' requests still running end (their clients are gone), then cancel the rest."""
    if not running:
        return
    _, late = await asyncio.wait(set(running), timeout=grace_s)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
