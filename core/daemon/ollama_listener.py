"""The Ollama API's own listener: opt-in, loopback only, with the TCP listener's guards.

Off by default. ``[ollama] enabled = true`` (or ``islandrun serve --ollama``) opens ``[ollama] listen``
(Ollama's 127.0.0.1:11434 unless set) serving :mod:`.ollama_api` only, behind the loopback Host check,
the bearer token, the body limit and the rate limit; errors from the guards are rewritten into
Ollama's ``{"error": "…"}``. A port that is taken (Ollama itself running, say) costs this listener
only: the daemon logs why and serves on, as for the peer and extra listeners. The port it bound is
published in ``daemon.json`` as ``ollama_port``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI

from ..config import Config
from .listener import Listener
from .ollama_api import create_ollama_app
from .pipeline import Pipeline
from .security import (
    AppIdentity,
    ASGIApp,
    BearerTokenGuard,
    BodyLimit,
    LoopbackHostGuard,
    Message,
    RateLimiter,
    Receive,
    Scope,
    Send,
)

__all__ = ["OllamaErrorShape", "OllamaListener", "ollama_stack", "open_ollama_listener"]

log = logging.getLogger(__name__)
_LIMITED = ("/api/chat", "/api/generate", "/api/embed", "/api/pull")


class OllamaErrorShape:
    """The guards answer in OpenAI's shape (``{"error": {"message": …}}``); Ollama clients read
    ``{"error": "…"}``. Rewrites those error bodies; everything else passes untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        body = b""

        async def reshape(message: Message) -> None:
            nonlocal held, body
            if message["type"] == "http.response.start" and message["status"] >= 400:
                held = message
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            body += message.get("body", b"")
            if message.get("more_body"):
                return
            body = _reshaped(body)
            headers = [(k, v) for k, v in held["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**held, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, reshape)


def _reshaped(body: bytes) -> bytes:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return body
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return json.dumps({"error": str(data["error"].get("message", "request failed"))}).encode()
    return body


def ollama_stack(app: FastAPI, token: str | Callable[[], str], config: Config, apps: AppIdentity | None) -> ASGIApp:
    """The TCP listener's guards (loopback Host, bearer token, body and rate limits), errors in Ollama's shape."""
    server = config.server
    limited = RateLimiter(app, server.rate_limit_per_s, server.rate_limit_burst, _LIMITED)
    guarded = BearerTokenGuard(BodyLimit(limited, server.max_body_bytes), token, apps)
    return OllamaErrorShape(LoopbackHostGuard(guarded))


@dataclass
class OllamaListener:
    url: str
    server: Listener | None = None
    task: asyncio.Task[None] | None = None
    port: int | None = None
    problem: str | None = None  # why it is not open


def _probe(host: str, port: int) -> str | None:
    if port == 0:
        return None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return f"{exc.strerror or exc}; is Ollama itself running? Set another [ollama] listen"
    return None


async def open_ollama_listener(
    main: FastAPI, pipeline: Pipeline, token: str | Callable[[], str], config: Config, apps: AppIdentity | None
) -> OllamaListener:
    """Open the listener (``main``'s state is shared, so pulls are one registry)."""
    settings = config.ollama
    state = OllamaListener(f"http://{settings.listen}")
    state.problem = _probe(settings.host, settings.port)
    if state.problem is None:
        app = ollama_stack(create_ollama_app(pipeline, main.state), token, config, apps)
        server = Listener.build(app, host=settings.host, port=settings.port, grace_s=config.server.shutdown_grace_s)
        task = asyncio.create_task(server.listen(), name="islandrun-ollama-listener")
        while not server.started and not task.done():
            await asyncio.sleep(0.02)
        if task.done():
            state.problem = str(task.exception() or "the listener stopped during startup")
        else:
            state.server, state.task = server, task
            state.port = int(server.servers[0].sockets[0].getsockname()[1])
            state.url = f"http://{settings.listen.rsplit(':', 1)[0]}:{state.port}"
    if state.problem is not None:
        log.warning("the Ollama API is not open on %s: %s", settings.listen, state.problem)
    else:
        log.info("Ollama API on %s", state.url)
    return state
