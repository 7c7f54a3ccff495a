"""The ASGI application: routes, error mapping, metrics, and the two guarded stacks.

:func:`create_app` returns the FastAPI app (which owns the OpenAPI document at
``/openapi.json``). :func:`tcp_stack` wraps it for the TCP listener (loopback Host, bearer token,
per-client rate limit, CORS only for allow-listed origins); :func:`unix_stack` for the Unix
socket, which its 0600 mode protects instead of a token.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..discovery.service import PeerService
from ..engines.errors import EngineBusyError
from ..errors import IslandRunError
from . import (
    anthropic_api,
    apps_api,
    collections_api,
    completions_api,
    embeddings_api,
    grants_api,
    islandrun_api,
    keys_api,
    models_api,
    models_default_api,
    openai_api,
    peers_api,
    responses_api,
)
from .collection_jobs import CollectionJobs
from .config import ServerConfig
from .error_status import status_for
from .live_config import (
    LiveConfig,
)
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

log = logging.getLogger(__name__)

__all__ = ["Metrics", "MetricsMiddleware", "create_app", "tcp_stack", "unix_stack"]


class Metrics:
    """Prometheus metrics in a registry of our own (nothing global, one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "islandrun_http_requests", "HTTP requests by route and status", ["route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "islandrun_http_request_seconds", "Time to the response headers", ["route"], registry=self.registry
        )
        self.capacity = Gauge("islandrun_local_capacity", "Capacity C of this device", registry=self.registry)
        self.queue = Gauge(
            "islandrun_engine_queue_depth", "Local engine requests running+waiting", registry=self.registry
        )
        self.approvals = Gauge("islandrun_pending_approvals", "Requests waiting for a yes", registry=self.registry)


class ErrorBody(BaseModel):
    """Every error: ``{"error": {"message", "type", "code"}}``, as OpenAI's API answers."""

    error: dict[str, Any]


# Answered by the guards in front of every route, or by validation (400, not FastAPI's 422:
# OpenAI clients expect 400 for a malformed request).
_COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "malformed request: the message says what to fix", "model": ErrorBody},
    401: {"description": "missing or wrong bearer token (TCP listener)", "model": ErrorBody},
    413: {"description": "the body is larger than [server] max_body_bytes", "model": ErrorBody},
    415: {"description": "the body was not sent as application/json", "model": ErrorBody},
    421: {"description": "Host header is not a loopback name", "model": ErrorBody},
    429: {"description": "rate limited: retry after the Retry-After header's seconds", "model": ErrorBody},
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)  # validation answers 400 here
        app.openapi_schema = schema
    return app.openapi_schema


class MetricsMiddleware:
    """Counts requests by route and status and times them to the response headers.

    Plain ASGI on purpose: Starlette's ``BaseHTTPMiddleware`` pipes every streamed chunk through
    an extra memory stream, which cost about 2 ms per token in the streaming benchmark.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                name = getattr(scope.get("route"), "path", "unmatched")
                self.metrics.requests.labels(name, str(message["status"])).inc()
                self.metrics.latency.labels(name).observe(time.perf_counter() - started)
            await send(message)

        await self.app(scope, receive, timed_send)


def _error(status: int, message: str, kind: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "code": status}}, status, headers=headers)


# Every endpoint that runs a model: the per-app rate limit applies to all of them alike.
INFERENCE_PATHS = ("/v1/chat", "/v1/completions", "/v1/responses", "/v1/embeddings", "/v1/messages")


def _shaped(
    request: Request, status: int, message: str, kind: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An error in the shape of the API the client called: Anthropic's under ``/v1/messages``, OpenAI's
    elsewhere (IslandRun's own API uses OpenAI's shape too)."""
    if request.url.path.startswith("/v1/messages"):
        return anthropic_api.error_response(status, message, headers)
    return _error(status, message, kind, headers)


def validation_problems(exc: RequestValidationError) -> str:
    """What was wrong with a body, field by field, in words a client can act on."""
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            message = "unsupported parameter (IslandRun does not take it; see docs/api-compatibility.md)"
        elif err.get("type") in ("model_attributes_type", "dict_type") and tuple(err.get("loc", ())) == ("body",):
            message = "the body must be a JSON object, sent with Content-Type: application/json"
        elif err.get("type") == "json_invalid":
            why = (err.get("ctx") or {}).get("error")
            message = "the body is not valid JSON" + (f" ({why})" if why else "")
        problems.append(f"{where}: {message}" if where and not message.startswith(f"{where}:") else message)
    return "; ".join(problems)


def create_app(
    pipeline: Pipeline,
    live_config: LiveConfig | None = None,
    peers: PeerService | None = None,
    collection_jobs: CollectionJobs | None = None,
) -> FastAPI:
    app = FastAPI(
        title="IslandRun",
        version=__version__,
        description="Privacy-first router for LLM inference: an OpenAI-compatible API plus IslandRun's own.",
        responses=_COMMON_RESPONSES,
    )
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.state.pipeline = pipeline
    app.state.live_config = live_config or LiveConfig(pipeline, None, None)
    metrics = Metrics()
    app.state.metrics = metrics
    app.include_router(openai_api.router)
    app.include_router(completions_api.router)
    app.include_router(responses_api.router)
    app.include_router(embeddings_api.router)
    app.include_router(anthropic_api.router)
    app.include_router(islandrun_api.router)
    app.include_router(grants_api.router)
    app.include_router(apps_api.router)
    app.include_router(keys_api.router)
    app.include_router(collections_api.router)
    app.include_router(models_api.router)
    app.include_router(models_default_api.router)
    app.include_router(peers_api.router)
    app.include_router(peers_api.peer_router)
    app.state.peers = peers
    app.state.collection_jobs = collection_jobs or CollectionJobs(pipeline)

    @app.exception_handler(IslandRunError)
    async def _islandrun_error(request: Request, exc: IslandRunError) -> JSONResponse:
        status = status_for(exc)
        headers = {"Retry-After": "2"} if isinstance(exc, EngineBusyError) else None
        return _shaped(request, status, exc.message, type(exc).__name__, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method in ("POST", "PUT") and kind and not (kind == "application/json" or kind.endswith("+json")):
            # FastAPI reads a body as JSON only when it says it is: say that, not "not an object"
            message = f"the body must be JSON sent as Content-Type: application/json (it was sent as {kind})"
            return _shaped(request, 415, message, "unsupported_media_type")
        return _shaped(request, 400, "invalid request: " + validation_problems(exc), "invalid_request_error")

    @app.exception_handler(OSError)
    async def _io_error(request: Request, exc: OSError) -> JSONResponse:
        # The disk or a file failed under a request: say so (507 full, 503 otherwise), never a bare 500.
        if exc.errno == errno.ENOSPC:
            return _shaped(
                request, 507, "the disk is full: IslandRun could not write what this request needs", "disk_full"
            )
        return _shaped(
            request, 503, f"a file IslandRun needs could not be read or written ({exc.strerror or exc})", "io_error"
        )

    @app.exception_handler(sqlite3.Error)
    async def _database_error(request: Request, exc: sqlite3.Error) -> JSONResponse:
        # The audit log, the ledger or a collection could not be written: nothing is answered
        # without its record (507 when the disk is full, 503 otherwise).
        if "full" in str(exc).lower():
            return _shaped(
                request,
                507,
                "the disk is full: IslandRun cannot record this request, so it did not run it",
                "disk_full",
            )
        return _shaped(request, 503, f"a database IslandRun needs could not be read or written ({exc})", "io_error")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI's own answers (an unknown path, a wrong method, a body that is not JSON) in the same
        # error shape as everything else, so OpenAI clients show the message, not just a status.
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        kind = "not_found_error" if exc.status_code == 404 else "invalid_request_error"
        return _shaped(request, exc.status_code, message, kind, dict(exc.headers) if exc.headers else None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # A bug, not a bad request: logged with its traceback; the client gets the error in its shape.
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _shaped(
            request, 500, f"internal error ({type(exc).__name__}); the daemon's log has the details", "internal_error"
        )

    app.add_middleware(MetricsMiddleware, metrics=metrics)

    @app.get("/metrics", tags=["IslandRun"], summary="Prometheus metrics", response_class=Response)
    async def _metrics() -> Response:
        try:
            metrics.capacity.set(float(pipeline.capacity.report().capacities.get("local", 0.0)))
        except Exception:
            metrics.capacity.set(0.0)
        metrics.queue.set(pipeline.engine.queue_depth())
        metrics.approvals.set(len(pipeline.approvals.pending()))
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app


def tcp_stack(
    app: FastAPI,
    token: str | Callable[[], str],
    server: ServerConfig,
    apps: AppIdentity | None = None,
    *,
    allowed_hosts: tuple[str, ...] = (),
) -> ASGIApp:
    """The guards of a TCP listener, outermost first: Host (loopback, plus ``allowed_hosts`` on an
    ``extra_listen`` address), CORS for allow-listed origins only, the token, the body limit, the
    per-app rate limit.

    CORS sits outside the token guard: preflights carry no token, and a 401, 413 or 429 reaches an
    allow-listed browser app as itself instead of an opaque network error. For those origins any
    request header is allowed (mirrored back): the token is the lock, not a header list, and SDKs
    keep adding headers (the openai JS SDK sends ``x-stainless-*``, Anthropic's ``anthropic-*``),
    which a fixed list turned into failures the app cannot explain. Private-network preflights
    (Chrome, a public origin calling a local address) are answered for allow-listed origins: the
    user listing one is the consent they stand for."""
    limited = RateLimiter(app, server.rate_limit_per_s, server.rate_limit_burst, (*INFERENCE_PATHS, "/api/route"))
    inner: ASGIApp = BearerTokenGuard(BodyLimit(limited, server.max_body_bytes), token, apps)
    if server.cors_origins:
        inner = CORSMiddleware(
            inner,
            allow_origins=list(server.cors_origins),
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["*"],
            allow_credentials=False,
            allow_private_network=True,
            expose_headers=["X-IslandRun-Island", "X-IslandRun-Route-Id", "Retry-After"],
        )
    return LoopbackHostGuard(inner, also=allowed_hosts)


def unix_stack(app: FastAPI, server: ServerConfig) -> ASGIApp:
    inner: Any = app
    limited = RateLimiter(inner, server.rate_limit_per_s, server.rate_limit_burst, INFERENCE_PATHS)
    return LoopbackHostGuard(BodyLimit(limited, server.max_body_bytes))
