"""Ollama's native API on its own opt-in listener (``[ollama] enabled``, ``islandrun serve --ollama``).

``/api/chat`` and ``/api/generate`` translate into the neutral job (:mod:`.ollama_models`) and run
through :mod:`.chat_flow`, so detection, routing, approvals, budgets, sanitisation and the audit
apply exactly as for OpenAI's chat; ``/api/embed`` runs through :mod:`.embedding_flow`. Answers
stream as NDJSON unless ``stream`` is false, and carry the ``islandrun`` record (island, route id,
sensitivity, sanitisation) as an extra field plus the ``X-IslandRun-*`` headers. Every failure is
Ollama's ``{"error": "message"}`` with its status, the guards' 401/413/421/429 included.

IslandRun's own ``/api/*`` (tray, CLI) stays on the main listener: this one serves Ollama's paths only.
See docs/ollama-api.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from pydantic import ValidationError
from starlette.datastructures import State
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..engines.errors import EngineBusyError, ModelNotFoundError
from ..errors import IslandRunError
from . import chat_flow, embedding_flow, ollama_catalog
from .chat_flow import Stream
from .dispatch import Completion, Piece
from .error_status import status_for
from .ollama_models import (
    ChatBody,
    EmbedBody,
    EmbeddingsBody,
    GenerateBody,
    ModelBody,
    OllamaRequestError,
    chat_job,
    generate_job,
    ignored_options,
    parse,
    tool_calls_out,
    unload_requested,
)
from .ollama_pull import pull_route
from .openai_models import ChatCompletionRequest
from .pipeline import Pipeline

__all__ = ["create_ollama_app"]

_NDJSON = "application/x-ndjson"
_OPTION_FIELDS = frozenset({"temperature", "top_p", "seed", "stop", "frequency_penalty", "presence_penalty"})
_LIMITED = ("/api/chat", "/api/generate", "/api/embed", "/api/pull")
_MANAGE = "IslandRun manages models with `islandrun models` (add, pull, remove, default) or the tray"


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status, headers=headers)


def create_ollama_app(pipeline: Pipeline, shared: State | None = None) -> FastAPI:
    """``shared``: the main app's state, so a pull started here and one from the tray are the same pull."""
    app = FastAPI(title="IslandRun (Ollama API)", version=__version__, openapi_url=None, docs_url=None)
    app.state.pipeline = pipeline
    app.state.shared = shared if shared is not None else app.state

    @app.exception_handler(IslandRunError)
    async def _islandrun_error(request: Request, exc: IslandRunError) -> JSONResponse:
        status = status_for(exc)
        message = exc.message
        if isinstance(exc, ModelNotFoundError) and not isinstance(exc, embedding_flow.UnknownEmbeddingModelError):
            names = [m.name for m in await ollama_catalog.known_models(pipeline)]
            message = f"model {exc.name!r} not found; models here: {', '.join(names) or 'none'}"
        return _error(status, message, {"Retry-After": "2"} if isinstance(exc, EngineBusyError) else None)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            message = f"no such endpoint on the Ollama API: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        else:
            message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return _error(exc.status_code, message, dict(exc.headers) if exc.headers else None)

    @app.exception_handler(OSError)
    async def _io_error(_request: Request, exc: OSError) -> JSONResponse:
        if exc.errno == errno.ENOSPC:
            return _error(507, "the disk is full: IslandRun could not write what this request needs")
        return _error(503, f"a file IslandRun needs could not be read or written ({exc.strerror or exc})")

    @app.exception_handler(sqlite3.Error)
    async def _database_error(_request: Request, exc: sqlite3.Error) -> JSONResponse:
        if "full" in str(exc).lower():
            return _error(507, "the disk is full: IslandRun cannot record this request, so it did not run it")
        return _error(503, f"a database IslandRun needs could not be read or written ({exc})")

    _routes(app)
    return app


def _routes(app: FastAPI) -> None:
    @app.get("/")
    @app.head("/")
    async def _running() -> PlainTextResponse:
        return PlainTextResponse("Ollama is running")

    @app.get("/api/version")
    @app.head("/api/version")
    async def _version() -> dict[str, str]:
        return {"version": __version__, "server": "IslandRun"}

    app.post("/api/chat")(chat)
    app.post("/api/generate")(generate)
    app.post("/api/embed")(embed)
    app.post("/api/embeddings")(embeddings)
    app.get("/api/tags")(tags)
    app.post("/api/show")(show)
    app.get("/api/ps")(ps)
    app.post("/api/pull")(pull_route)
    for path, method, what in (
        ("/api/push", "POST", "pushing models"),
        ("/api/create", "POST", "creating models from a Modelfile"),
        ("/api/copy", "POST", "copying models"),
        ("/api/delete", "DELETE", "deleting models"),
        ("/api/blobs/{digest}", "POST", "uploading blobs"),
        ("/api/blobs/{digest}", "HEAD", "blobs"),
    ):
        app.add_api_route(path, _not_here(what), methods=[method])


def _not_here(what: str) -> Callable[[], Any]:
    async def answer() -> JSONResponse:
        return _error(501, f"{what} is not available through IslandRun's Ollama API; {_MANAGE}")

    return answer


def _pipeline(request: Request) -> Pipeline:
    return chat_flow.pipeline_of(request)


# -- chat and generate -------------------------------------------------------------------------------


def _durations(started: int, first_at: int | None, done: Completion | None) -> dict[str, Any]:
    """Ollama's counters (ns). ``load_duration`` is not measured here (0); without a stream the time
    to the first token is unknown, so it all counts as ``eval_duration``."""
    now = time.perf_counter_ns()
    first = first_at or started
    return {
        "total_duration": now - started,
        "load_duration": 0,
        "prompt_eval_count": 0 if done is None else done.prompt_tokens,
        "prompt_eval_duration": first - started,
        "eval_count": 0 if done is None else done.completion_tokens,
        "eval_duration": now - first,
    }


def _done_reason(done: Completion | None) -> str:
    if done is None:
        return "stop"
    return {"tool_calls": "stop"}.get(done.finish_reason, done.finish_reason)


def _meta(meta: dict[str, Any], ignored: list[str]) -> dict[str, Any]:
    return {**meta, "ignored": ignored} if ignored else meta


async def _validated(job: dict[str, Any]) -> ChatCompletionRequest:
    try:
        return ChatCompletionRequest.model_validate(job)
    except ValidationError as exc:
        problems = "; ".join(f"{_ollama_name(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise OllamaRequestError(f"invalid request: {problems}") from None


def _ollama_name(loc: tuple[int | str, ...]) -> str:
    """Where a problem is, in the client's words (the neutral job's sampling fields are Ollama options)."""
    where = ".".join(str(p) for p in loc)
    head = str(loc[0]) if loc else ""
    if head == "max_tokens":
        return "options.num_predict"
    return f"options.{where}" if head in _OPTION_FIELDS else where


def _ignored(options: dict[str, Any] | None, keep_alive: float | str | None) -> list[str]:
    return ignored_options(options) + (["keep_alive"] if keep_alive is not None else [])


async def chat(request: Request) -> Response:
    """Ollama's ``/api/chat``; an empty ``messages`` loads the model (unloads with ``keep_alive: 0``)."""
    started = time.perf_counter_ns()
    body = parse(await request.body(), ChatBody)
    ignored = _ignored(body.options, body.keep_alive)
    if not body.messages:
        return await _load(request, body.model, body.keep_alive, "message")
    stream = body.stream is not False
    asked = body.model
    body.model = await _canonical(request, body.model)
    job = await _validated(chat_job(body, stream))
    return await _run(request, job, stream, "message", ignored, started, asked)


async def generate(request: Request) -> Response:
    """Ollama's ``/api/generate``: ``system`` + ``prompt`` as one turn; an empty prompt loads the model."""
    started = time.perf_counter_ns()
    body = parse(await request.body(), GenerateBody)
    ignored = _ignored(body.options, body.keep_alive)
    if not body.prompt and not body.system and not body.images:
        return await _load(request, body.model, body.keep_alive, "response")
    stream = body.stream is not False
    asked = body.model
    body.model = await _canonical(request, body.model)
    job = await _validated(generate_job(body, stream))
    return await _run(request, job, stream, "response", ignored, started, asked)


def _text(kind: str, text: str, calls: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    if kind == "response":
        return {"response": text}
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if calls:
        message["tool_calls"] = calls
    return {"message": message}


async def _run(
    request: Request,
    job: ChatCompletionRequest,
    stream: bool,
    kind: str,
    ignored: list[str],
    started: int,
    model: str,
) -> Response:
    options = chat_flow.options_of(request, None)
    if not stream:
        answer = await chat_flow.answer(request, job, options)
        done = answer.completion
        calls = tool_calls_out(done.tool_calls)
        payload = {
            "model": model,
            "created_at": ollama_catalog.iso(),
            **_text(kind, done.text, calls),
            "done": True,
            "done_reason": _done_reason(done),
            **_durations(started, None, done),
            "islandrun": _meta({**answer.meta(), "model": done.model}, ignored),
        }
        return JSONResponse(payload, headers=answer.headers())
    started_stream = await chat_flow.answer_stream(request, job, options)
    lines = _ndjson(started_stream, kind, ignored, started, model)
    return StreamingResponse(lines, media_type=_NDJSON, headers=started_stream.headers())


async def _ndjson(stream: Stream, kind: str, ignored: list[str], started: int, model: str) -> AsyncIterator[bytes]:
    first_at = time.perf_counter_ns()
    done: Completion | None = None

    def line(payload: dict[str, Any]) -> bytes:
        return json.dumps(payload, ensure_ascii=False).encode() + b"\n"

    def piece_line(piece: Piece, extra: dict[str, Any]) -> bytes:
        return line(
            {"model": model, "created_at": ollama_catalog.iso(), **_text(kind, piece.text), "done": False, **extra}
        )

    async with contextlib.aclosing(stream.pieces):  # a client that leaves stops generation now
        try:
            meta = {"islandrun": _meta({**stream.meta(), "model": stream.first.model if stream.first else ""}, ignored)}
            if stream.first is not None:
                done = stream.first.completion
                yield piece_line(stream.first, meta)
            else:
                yield line(
                    {"model": model, "created_at": ollama_catalog.iso(), **_text(kind, ""), "done": False, **meta}
                )
            async for piece in stream.pieces:
                if piece.text:
                    yield piece_line(piece, {})
                if piece.completion is not None:
                    done = piece.completion
        except IslandRunError as exc:
            yield line({"error": exc.message})  # the headers are gone: Ollama's mid-stream error
            return
    calls = tool_calls_out(done.tool_calls) if done is not None else []
    if calls:
        yield line({"model": model, "created_at": ollama_catalog.iso(), **_text(kind, "", calls), "done": False})
    final: dict[str, Any] = {
        "model": model,
        "created_at": ollama_catalog.iso(),
        **_text(kind, ""),
        "done": True,
        "done_reason": _done_reason(done),
        **_durations(started, first_at, done),
    }
    if done is not None and stream.plan.collection is not None:
        final["islandrun"] = chat_flow.retrieval(stream.plan, done)
    yield line(final)


async def _resolve(request: Request, name: str) -> ollama_catalog.Known:
    if not name:
        raise OllamaRequestError("model: required (GET /api/tags lists the models)")
    models = await ollama_catalog.known_models(_pipeline(request))
    for wanted in (name, name.removesuffix(":latest")):
        for known in models:
            if known.name == wanted:
                return known
    raise ModelNotFoundError(name, [m.name for m in models])


async def _canonical(request: Request, name: str) -> str:
    """``NAME:latest`` is ``NAME`` where only the untagged name exists (Ollama's default tag)."""
    if not name.endswith(":latest"):
        return name
    return (await _resolve(request, name)).name


async def _load(request: Request, name: str, keep_alive: float | str | None, kind: str) -> Response:
    """Ollama's "load the model" call (and "unload" with keep_alive 0): nothing is generated."""
    known = await _resolve(request, name)
    unload = unload_requested(keep_alive)
    if known.island is None:
        engine = _pipeline(request).engine
        await (engine.unload(known.name) if unload else engine.load(known.name))
    payload = {
        "model": name,
        "created_at": ollama_catalog.iso(),
        **_text(kind, ""),
        "done": True,
        "done_reason": "unload" if unload else "load",
        "islandrun": {"island": "local" if known.island is None else known.island.id},
    }
    return JSONResponse(payload)


# -- embeddings ---------------------------------------------------------------------------------------


async def embed(request: Request) -> Response:
    started = time.perf_counter_ns()
    body = parse(await request.body(), EmbedBody)
    ignored = _embedding_options(body.options, body.keep_alive)
    if body.truncate is False:
        raise OllamaRequestError("truncate: false cannot be honoured (inputs past the model's context are truncated)")
    texts = [body.input] if isinstance(body.input, str) else body.input
    if body.dimensions is not None:
        chosen = await embedding_flow.resolve_model(request, body.model)
        if body.dimensions != chosen.dimension:
            raise OllamaRequestError(
                f"dimensions: {chosen.name} gives {chosen.dimension}-dimensional vectors; other sizes are not supported"
            )
    done = await embedding_flow.embed(request, body.model, texts, chat_flow.options_of(request, None))
    elapsed = time.perf_counter_ns() - started
    payload = {
        "model": body.model or done.model,
        "embeddings": done.vectors,
        "total_duration": elapsed,
        "load_duration": 0,
        "prompt_eval_count": done.prompt_tokens,
        "islandrun": _meta({**done.meta, "model": done.model}, ignored),
    }
    return JSONResponse(payload, headers=_embed_headers(done))


async def embeddings(request: Request) -> Response:
    """The older ``/api/embeddings``: one ``prompt``, one ``embedding``."""
    body = parse(await request.body(), EmbeddingsBody)
    ignored = _embedding_options(body.options, body.keep_alive)
    done = await embedding_flow.embed(request, body.model, [body.prompt], chat_flow.options_of(request, None))
    payload = {"embedding": done.vectors[0], "islandrun": _meta({**done.meta, "model": done.model}, ignored)}
    return JSONResponse(payload, headers=_embed_headers(done))


def _embedding_options(options: dict[str, Any] | None, keep_alive: float | str | None) -> list[str]:
    ignored = _ignored(options, keep_alive)
    sampling = sorted(k for k, v in (options or {}).items() if v is not None and k not in ignored)
    if sampling:
        raise OllamaRequestError(f"options {', '.join(sampling)}: sampling options do not apply to embeddings")
    return ignored


def _embed_headers(done: embedding_flow.Embedded) -> dict[str, str]:
    route = str(done.meta.get("route_id", ""))
    return {"X-IslandRun-Island": done.island.id, **({"X-IslandRun-Route-Id": route} if route else {})}


# -- models -------------------------------------------------------------------------------------------


async def tags(request: Request) -> dict[str, Any]:
    return {"models": await ollama_catalog.tag(await ollama_catalog.known_models(_pipeline(request)))}


async def show(request: Request) -> dict[str, Any]:
    body = parse(await request.body(), ModelBody)
    known = await _resolve(request, body.wanted)
    return await ollama_catalog.show(known, bool(body.verbose))


async def ps(request: Request) -> dict[str, Any]:
    return {"models": await asyncio.to_thread(ollama_catalog.running, _pipeline(request))}
