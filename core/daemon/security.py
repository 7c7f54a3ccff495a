"""The local API's guards, as plain ASGI middleware (no framework magic to audit).

- :class:`LoopbackHostGuard`: the ``Host`` header must name loopback (``localhost``,
  ``127.0.0.1``, ``[::1]``, any port), or, on an opt-in ``[server] extra_listen`` address, one of
  ``[server] allowed_hosts``. A web page that rebinds its DNS name to this machine still sends its
  own name as Host and is refused (DNS-rebinding defence).
- :class:`BearerTokenGuard`: ``Authorization: Bearer <token>`` or ``x-api-key: <token>`` (what
  Anthropic clients send), compared with :func:`secrets.compare_digest`; the TCP listeners use it.
  The Unix socket is protected by its 0600 mode instead (only this user can connect).
- :class:`BodyLimit`: a request body larger than ``[server] max_body_bytes`` is refused with 413
  before it is read into memory (by its ``Content-Length``, or as soon as a chunked body passes
  the limit), so an oversized upload costs neither memory nor the other apps' time.
- :class:`RateLimiter`: a token bucket per client, so one client's flood gets 429s while other
  clients' work (primary work above all) keeps flowing.

CORS is Starlette's ``CORSMiddleware``, added only for origins the user allow-lists (see
``app.tcp_stack``).
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any, Protocol

from starlette.exceptions import HTTPException

__all__ = [
    "APP_SCOPE_KEY",
    "BearerTokenGuard",
    "BodyLimit",
    "LoopbackHostGuard",
    "RateLimiter",
    "TokenBucket",
    "client_key",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _reject(
    send: Send, status: int, error_type: str, message: str, extra: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    body = json.dumps({"error": {"message": message, "type": error_type, "code": status}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def host_name(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8080
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class LoopbackHostGuard:
    """``also``: the Host names (as :func:`host_name` gives them) accepted besides loopback; only the
    opt-in ``extra_listen`` listeners have any. The refusal names the config key that would let the
    name in, never the names that are let in (an unauthenticated caller learns nothing)."""

    def __init__(self, app: ASGIApp, also: Collection[str] = ()) -> None:
        self.app = app
        self.allowed = LOOPBACK_HOSTS | frozenset(also)
        if also:
            self._refusal = (
                "is not a loopback name nor one of [server] allowed_hosts; add it there to call IslandRun "
                "by that name (names not listed are refused so that no web page can reach the API by "
                "pointing its own DNS name at this machine)"
            )
        else:
            self._refusal = (
                "is not a loopback name; IslandRun's API answers only to localhost here (for apps in Docker "
                "or on the LAN, set [server] extra_listen and allowed_hosts: see docs/connecting-apps.md)"
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = _header(scope, b"host")
            if host is None or host_name(host) not in self.allowed:
                await _reject(send, 421, "invalid_host", f"Host {host!r} {self._refusal}")
                return
        await self.app(scope, receive, send)


APP_SCOPE_KEY = "islandrun.app"  # the ASGI scope key holding the app a request was authenticated as


class AppIdentity(Protocol):
    def identify(self, token: str) -> str | None: ...


_UNAUTHORIZED = (
    "missing or wrong API token: send 'Authorization: Bearer <token>' (OpenAI clients: the API key) or "
    "'x-api-key: <token>' (Anthropic clients); `islandrun token` prints the token, `islandrun apps add NAME` "
    "makes one for a single app"
)


def _credential(scope: Scope) -> tuple[str | None, str | None]:
    """The token the request carries, or (None, why not). Both headers may be sent, but then with
    the same token: two different ones are refused rather than one of them picked."""
    auth = _header(scope, b"authorization")
    bearer = None
    if auth is not None:
        scheme, _, given = auth.strip().partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return None, _UNAUTHORIZED
        bearer = given.strip()
    api_key = (_header(scope, b"x-api-key") or "").strip() or None
    if bearer is not None and api_key is not None and bearer != api_key:
        return None, "'Authorization' and 'x-api-key' carry different tokens: send one token, in either header"
    token = bearer or api_key
    return (token, None) if token else (None, _UNAUTHORIZED)


class BearerTokenGuard:
    """``token`` is the shared token, or a function giving the current one (rotated without a
    restart); ``apps`` knows the per-app tokens. The app a request was authenticated as goes into
    the scope (``shared`` for the shared token), so rate limits, audit rows and approvals know it.
    The token comes as ``Authorization: Bearer`` or as ``x-api-key``, checked the same way."""

    def __init__(self, app: ASGIApp, token: str | Callable[[], str], apps: AppIdentity | None = None) -> None:
        self.app = app
        self._token = token if callable(token) else (lambda: token)
        self._apps = apps

    def _who(self, given: str) -> str | None:
        if secrets.compare_digest(given.encode(), self._token().encode()):
            return "shared"
        return None if self._apps is None else self._apps.identify(given)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") != "OPTIONS":
            given, problem = _credential(scope)
            who = None if given is None else self._who(given)
            if who is None:
                await _reject(send, 401, "unauthorized", problem or _UNAUTHORIZED, ((b"www-authenticate", b"Bearer"),))
                return
            scope[APP_SCOPE_KEY] = who
        await self.app(scope, receive, send)


class _BodyTooLarge(HTTPException):
    """Raised from ``receive``: FastAPI passes HTTP exceptions through its body parsing, so the
    app's error handler answers 413 in the usual error shape."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


def _too_large(limit: int) -> str:
    return f"the request body is larger than {limit:,} bytes ([server] max_body_bytes); nothing was done"


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _BodyTooLarge(self.max_bytes)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        await _reject(send, 413, "request_too_large", _too_large(self.max_bytes))


class TokenBucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = time.monotonic()

    def take(self) -> float:
        """Take one token; return 0 when granted, else the seconds until one is available."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


def client_key(scope: Scope) -> str:
    """Who is asking: the app its token names (TCP), never a name the client declares itself, so a
    client cannot escape its bucket by changing names. On the Unix socket (0600: only this user's
    own tools, the tray and the CLI) everything shares one bucket."""
    app = scope.get(APP_SCOPE_KEY)
    if isinstance(app, str):
        return f"app:{app}"
    return "unix" if not scope.get("client") else "tcp:unauthenticated"


class RateLimiter:
    """Limits requests under ``paths`` per client; 429 with Retry-After beyond the bucket."""

    def __init__(self, app: ASGIApp, rate: float, burst: float, paths: tuple[str, ...]) -> None:
        self.app = app
        self.rate = rate
        self.burst = burst
        self.paths = paths
        self._buckets: dict[str, TokenBucket] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.rate > 0 and str(scope.get("path", "")).startswith(self.paths):
            key = client_key(scope)
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) > 10_000:  # a client cycling names cannot grow memory forever
                    self._buckets.clear()
                bucket = self._buckets[key] = TokenBucket(self.rate, self.burst)
            wait = bucket.take()
            if wait > 0:
                await _reject(
                    send,
                    429,
                    "rate_limited",
                    f"too many requests from this client; retry in {wait:.1f} s",
                    ((b"retry-after", str(max(1, round(wait + 0.5))).encode()),),
                )
                return
        await self.app(scope, receive, send)
