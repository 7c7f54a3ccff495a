"""The one way every embeddings front end runs: check, assess, route, embed on this device, audit.

OpenAI's ``/v1/embeddings`` and Ollama's ``/api/embed`` validate their own bodies, then call
:func:`embed` with the model name, the texts and the request's :class:`IslandRunOptions`.

Embeddings of sanitised text are useless (placeholders embed as placeholders), so an embedding
request never goes to an island that would need its text sanitised; and this build sends
embedding requests to no other island at all: they run on this device, the most private place
there is. The texts are still assessed by MIST and routed by the same router as a chat (so the
client's floor, a latency bound and the audit row mean the same thing); when the route prefers
another island, the request is routed again among this device alone, and it queues here when only
the capacity gate kept it away (as the router does for chats with nowhere else to go). When this
device cannot take it, the request is refused (409) naming why, and nothing leaves.

Models: the bundled all-MiniLM-L6-v2 (int8 ONNX, the same instance the collections use; also
``default``, ``islandrun`` and ``all-minilm``) and any GGUF embedding model the local engine knows
(run through :meth:`LocalEngine.embed`, its queue and pool). A chat-only model is a 400 naming the
embedding models; an unknown name a 404. Every request that is routed leaves one ``route`` audit
row (entity types and counts, never text); requests refused as malformed before that do not.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request

from ..audit import AuditRecord
from ..collections.embedder import DEFAULT_MODEL_ID, MAX_TOKENS, load_embedder
from ..collections.wordpiece import WordPieceTokenizer
from ..engines.errors import EngineError, ModelNotFoundError
from ..engines.gguf import read_gguf_header
from ..errors import IslandRunError, NoEligibleIslandError
from ..islands import Island, IslandKind
from ..privacy.payload import ChatPayload
from ..remote.cost import estimate_tokens
from ..routing.policy import Priority
from ..routing.request import RouteRequest
from ..routing.router import RouteDecision
from ..sensitivity import SensitivityLevel
from .errors import (
    EmbedderUnavailableError,
    EmbeddingInputError,
    EmbeddingRefusedError,
    NotAnEmbeddingModelError,
    UnknownEmbeddingModelError,
)
from .openai_models import IslandRunOptions
from .pipeline import Pipeline
from .ports import Assessment
from .security import APP_SCOPE_KEY

__all__ = [
    "BUNDLED_ALIASES",
    "MAX_INPUTS",
    "Embedded",
    "EmbedderUnavailableError",
    "EmbeddingInputError",
    "EmbeddingModel",
    "EmbeddingRefusedError",
    "NotAnEmbeddingModelError",
    "UnknownEmbeddingModelError",
    "embed",
    "resolve_model",
]

MAX_INPUTS = 2048  # texts per request, as OpenAI's API
# Names that mean the bundled embedder (compared case-insensitively); Ollama calls it all-minilm.
BUNDLED_ALIASES = frozenset(
    {
        "",
        "default",
        "islandrun",
        DEFAULT_MODEL_ID.lower(),
        "all-minilm",
        "all-minilm:latest",
        "all-minilm:l6-v2",
        "all-minilm-l6-v2",
        "sentence-transformers/all-minilm-l6-v2",
    }
)
# Architectures that are embedding models whatever their metadata says (encoders).
_ENCODERS = frozenset({"bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "jina-bert-v3", "neo-bert", "t5encoder"})


@dataclass(frozen=True, slots=True)
class EmbeddingModel:
    """A model that can embed here: the bundled ONNX embedder (``gguf`` False) or a catalog GGUF."""

    name: str
    dimension: int
    gguf: bool


@dataclass(frozen=True, slots=True)
class Embedded:
    model: str
    vectors: list[list[float]]
    prompt_tokens: int
    island: Island
    meta: dict[str, Any]


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


@cache
def _tokenizer() -> WordPieceTokenizer:
    return WordPieceTokenizer.bundled()


@lru_cache(maxsize=256)
def _gguf_dimension(path: str, _size: int, _mtime_ns: int) -> int | None:
    """The embedding width of a GGUF file when it is an embedding model, else None (cached per file version)."""
    info = read_gguf_header(Path(path))
    arch = info.architecture
    if arch not in _ENCODERS and f"{arch}.pooling_type" not in info.metadata:
        return None
    width = info.metadata.get(f"{arch}.embedding_length")
    return int(width) if isinstance(width, int | float) else 0


def _embedding_dimension(path: Path) -> int | None:
    try:
        stat = path.stat()
        return _gguf_dimension(str(path), stat.st_size, stat.st_mtime_ns)
    except (OSError, EngineError):
        return None


def _bundled() -> EmbeddingModel:
    embedder, reason = load_embedder(None)  # cached per process: the collections' instance
    if embedder is None:
        raise EmbedderUnavailableError(reason)
    return EmbeddingModel(embedder.model_id, embedder.dimension, gguf=False)


def _embedding_models(pipeline: Pipeline) -> list[str]:
    names = [DEFAULT_MODEL_ID]
    names += [e.name for e in pipeline.engine.catalog.entries() if _embedding_dimension(e.path) is not None]
    return names


def _resolve(pipeline: Pipeline, name: str) -> EmbeddingModel:
    """Blocking (loads the embedder on first use, reads GGUF headers): call from a thread."""
    if name.strip().lower() in BUNDLED_ALIASES:
        return _bundled()
    try:
        entry = pipeline.engine.catalog.resolve(name)
    except ModelNotFoundError:
        elsewhere = [i.id for i in pipeline.registry.islands() if i.kind is not IslandKind.LOCAL and name in i.models]
        note = (
            f" on this device (islands {', '.join(elsewhere)} serve it, but embeddings run on this device only)"
            if elsewhere
            else ""
        )
        raise UnknownEmbeddingModelError(name, _embedding_models(pipeline), note) from None
    dimension = _embedding_dimension(entry.path)
    if dimension is None:
        raise NotAnEmbeddingModelError(entry.name, _embedding_models(pipeline))
    return EmbeddingModel(entry.name, dimension, gguf=True)


async def resolve_model(request: Request, model: str) -> EmbeddingModel:
    """The embedding model ``model`` names (for checks such as ``dimensions`` before any work)."""
    return await asyncio.to_thread(_resolve, _pipeline(request), model)


def _check_texts(texts: list[str]) -> None:
    if not texts:
        raise EmbeddingInputError("input: give at least one text to embed")
    if len(texts) > MAX_INPUTS:
        raise EmbeddingInputError(f"input: {len(texts)} texts; at most {MAX_INPUTS} per request")
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise EmbeddingInputError(f"input[{index}]: a text is expected, got {type(text).__name__}")
        if not text.strip():
            raise EmbeddingInputError(f"input[{index}]: an empty text has no embedding")


def _check_options(options: IslandRunOptions) -> None:
    if options.collection is not None:
        raise EmbeddingInputError("islandrun.collection: collections answer chats; an embedding uses none")


def _run_bundled(texts: list[str]) -> tuple[list[list[float]], int]:
    embedder, reason = load_embedder(None)
    if embedder is None:
        raise EmbedderUnavailableError(reason)
    vectors = embedder.embed(texts)
    tokens = sum(len(_tokenizer().encode(text, MAX_TOKENS)) for text in texts)
    rows: list[list[float]] = vectors.tolist()
    return rows, tokens


async def embed(request: Request, model: str, texts: list[str], options: IslandRunOptions) -> Embedded:
    """Embed ``texts`` with ``model`` on this device, after MIST and the router have had their say."""
    pipeline = _pipeline(request)
    app: str | None = request.scope.get(APP_SCOPE_KEY)
    _check_texts(texts)
    _check_options(options)
    payload = ChatPayload(tuple({"role": "user", "content": text} for text in texts))
    pipeline.screenable(payload)  # 413 past [privacy] max_request_chars
    chosen = await asyncio.to_thread(_resolve, pipeline, model)
    floor = options.sensitivity.score if isinstance(options.sensitivity, SensitivityLevel) else options.sensitivity
    assessment = await pipeline.assess(payload, floor)
    priority = options.tier or Priority.SECONDARY
    request_id = secrets.token_hex(8)
    route_request = RouteRequest(
        request_id=request_id,
        sensitivity=assessment.score,
        priority=priority,
        model=chosen.name if chosen.gguf else None,  # the bundled embedder is no catalog model
        max_latency_ms=options.max_latency_ms,
        max_cost_usd=options.max_cost_usd,
        input_tokens=sum(estimate_tokens(text) for text in texts),
        output_tokens=0,
        conversation_id=options.conversation_id,
    )
    note = f"embeddings: {len(texts)} text{'s' if len(texts) != 1 else ''} with {chosen.name}"
    try:
        decision = _decide_here(pipeline, route_request)
    except IslandRunError as exc:
        await _record(pipeline, request_id, None, assessment, priority, exc, app, note)
        raise
    island = decision.island
    route_id = secrets.token_hex(8)
    pipeline.events.publish("route", _route_event(decision, route_id, assessment, priority, app, chosen.name))
    outcome, detail = "ok", note
    try:
        if chosen.gguf:
            result = await pipeline.engine.embed(texts, model=chosen.name, priority=priority)
            vectors, tokens = result.vectors, result.prompt_tokens
        else:
            vectors, tokens = await asyncio.to_thread(_run_bundled, texts)
    except BaseException as exc:
        outcome = "cancelled" if isinstance(exc, asyncio.CancelledError) else "error"
        detail = f"{note}; {exc}"
        raise
    finally:
        record = AuditRecord(
            event="route",
            request_id=request_id,
            route_id=route_id,
            island=island.id,
            tier=island.tier.value,
            sensitivity=assessment.level.value,
            entities=assessment.entity_counts,
            outcome=outcome,
            detail=(_app_note(app) + detail)[:500],
        )
        await asyncio.shield(asyncio.to_thread(pipeline.audit.append, record))
        pipeline.events.publish(
            "route.finished", {"request_id": request_id, "route_id": route_id, "outcome": outcome, "cost_usd": 0.0}
        )
    meta = {
        "island": island.id,
        "island_kind": island.kind.value,
        "request_id": request_id,
        "route_id": route_id,
        "sensitivity": assessment.level.value,
        "sanitized": False,
    }
    return Embedded(chosen.name, vectors, tokens, island, meta)


def _decide_here(pipeline: Pipeline, route_request: RouteRequest) -> RouteDecision:
    """The router's decision, held to this device: where the route prefers another island (which
    would need the text sanitised, or which this build sends no embeddings to), route again among
    this device alone; refuse when it cannot take the request."""
    decision = pipeline.decide(route_request)  # NoEligibleIslandError: nowhere at all (409)
    if decision.island.kind is IslandKind.LOCAL and not decision.needs_approval:
        return decision
    try:
        here = pipeline.decide(route_request, policy=replace(pipeline.policy, local_only=True))
    except NoEligibleIslandError as exc:
        local = {k: v for k, v in exc.reasons.items() if not any(r.startswith("local-only:") for r in v)}
        raise EmbeddingRefusedError(route_request.request_id, local, decision) from None
    if here.needs_approval:  # a policy that asks a yes even for this device: embeddings do not wait
        reasons = {here.island.id: ["the policy asks for a human yes, and embedding requests do not wait for one"]}
        raise EmbeddingRefusedError(route_request.request_id, reasons, decision)
    return here


async def _record(
    pipeline: Pipeline,
    request_id: str,
    island: Island | None,
    assessment: Assessment,
    priority: Priority,
    exc: IslandRunError,
    app: str | None,
    note: str,
) -> None:
    outcome = "no-eligible-island" if isinstance(exc, NoEligibleIslandError) else "rejected"
    record = AuditRecord(
        event="route",
        request_id=request_id,
        island=None if island is None else island.id,
        tier=None if island is None else island.tier.value,
        sensitivity=assessment.level.value,
        entities=assessment.entity_counts,
        outcome=outcome,
        detail=(_app_note(app) + note + "; " + exc.message)[:500],
    )
    await asyncio.shield(asyncio.to_thread(pipeline.audit.append, record))
    pipeline.events.publish(
        "route.failed",
        {"request_id": request_id, "priority": priority.value, "outcome": outcome, "reason": exc.message},
    )


def _route_event(
    decision: RouteDecision,
    route_id: str,
    assessment: Assessment,
    priority: Priority,
    app: str | None,
    model: str,
) -> Mapping[str, Any]:
    return {
        "request_id": decision.request_id,
        "route_id": route_id,
        "island": decision.island.id,
        "tier": decision.island.tier.value,
        "priority": priority.value,
        "sensitivity": assessment.level.value,
        "entities": dict(assessment.entity_counts),
        "sanitized": False,
        "estimated_cost_usd": 0.0,
        "explanation": decision.explain(),
        "collection": None,
        "app": app,
        "embeddings": model,
    }


def _app_note(app: str | None) -> str:
    return f"app {app}; " if app else ""
