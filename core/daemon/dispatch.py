"""Running a planned request where the router sent it, with one shape for every island.

The local engine (SHORE) and remote islands (HORIZON's dispatcher: sanitize when trust drops,
egress guard, retries and failover before the first token, restore on the way back) answer in
their own types; the API layer sees only :class:`Completion` and :class:`Piece`, which also
carry what the books need: the island that really served, tokens, cost, whether the payload was
sanitized and which entity types were replaced.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..engines.local import LocalEngine
from ..islands import Island
from ..remote.dispatcher import RemoteDispatcher
from .plan import Plan

__all__ = ["Completion", "Piece", "run_complete", "run_stream"]


@dataclass(frozen=True, slots=True)
class Completion:
    island: Island
    model: str
    text: str
    finish_reason: str  # stop | length | tool_calls | content_filter
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None = None  # None: at the island's prices (local: 0)
    estimated: bool = False
    tool_calls: tuple[dict[str, Any], ...] = ()
    sanitized: bool = False
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    # The passages of a collection the answer was given (number, file, chunk, score, island):
    # retrieved here for this device, or reported by the IslandRun peer that holds the collection.
    sources: tuple[Mapping[str, Any], ...] = ()
    logprobs: tuple[Mapping[str, Any], ...] | None = None  # OpenAI logprobs.content entries, when asked


@dataclass(frozen=True, slots=True)
class Piece:
    """A streamed piece; the last one has ``finish_reason`` and ``completion`` (the totals)."""

    island: Island
    model: str
    text: str = ""
    finish_reason: str | None = None
    completion: Completion | None = None
    sanitized: bool = False  # what was done to the request on its way to ``island`` (known from the first piece)
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    logprobs: tuple[Mapping[str, Any], ...] = ()  # entries for this piece's text, when asked (local engine)


def _finish(reason: str | None) -> str:
    return "length" if reason == "length" else "tool_calls" if reason == "tool_calls" else "stop"


async def run_complete(
    plan: Plan, engine: LocalEngine, remote: RemoteDispatcher | None, ready: Awaitable[object] | None = None
) -> Completion:
    """``ready``: what must be done before anything is sent to a remote island (the dispatch row)."""
    island, local, request, candidates = plan.island, plan.engine_request, plan.remote_request, plan.candidates
    if local is not None:
        result = await engine.chat(local)
        return Completion(
            island,
            result.model,
            result.text,
            _finish(result.finish_reason),
            result.usage.prompt_tokens,
            result.usage.completion_tokens,
            cost_usd=0.0,
            tool_calls=tuple(result.tool_calls),
            logprobs=result.logprobs,
        )
    assert remote is not None and request is not None
    done = await remote.complete(candidates, request, ready=ready)
    return Completion(
        done.island,
        done.model,
        done.text,
        done.finish_reason,
        done.usage.prompt_tokens,
        done.usage.completion_tokens,
        cost_usd=done.cost_usd,
        estimated=done.usage.estimated,
        tool_calls=tuple(call.to_openai() for call in done.tool_calls),
        sanitized=done.sanitized,
        entity_counts=dict(done.entity_counts),
        sources=done.sources,
        logprobs=done.logprobs,
    )


async def run_stream(
    plan: Plan, engine: LocalEngine, remote: RemoteDispatcher | None, ready: Awaitable[object] | None = None
) -> AsyncIterator[Piece]:
    island, local, request, candidates = plan.island, plan.engine_request, plan.remote_request, plan.candidates
    if local is not None:
        async for chunk in engine.stream(local):
            completion = None
            if chunk.usage is not None:
                completion = Completion(
                    island,
                    chunk.model,
                    "",
                    _finish(chunk.finish_reason),
                    chunk.usage.prompt_tokens,
                    chunk.usage.completion_tokens,
                    cost_usd=0.0,
                    tool_calls=tuple(chunk.tool_calls),
                )
            finish = None if chunk.finish_reason is None else _finish(chunk.finish_reason)
            yield Piece(island, chunk.model, chunk.text, finish, completion, logprobs=tuple(chunk.logprobs or ()))
        return
    assert remote is not None and request is not None
    async for part in remote.stream(candidates, request, ready=ready):
        completion = None
        if part.finish_reason is not None:
            usage = part.usage
            completion = Completion(
                part.island,
                part.model,
                "",
                part.finish_reason,
                0 if usage is None else usage.prompt_tokens,
                0 if usage is None else usage.completion_tokens,
                cost_usd=part.cost_usd,
                estimated=usage is None or usage.estimated,
                tool_calls=tuple(call.to_openai() for call in part.tool_calls),
                sanitized=part.sanitized,
                entity_counts=dict(part.entity_counts),
                sources=part.sources,
                logprobs=part.logprobs,
            )
        yield Piece(
            part.island,
            part.model,
            part.text,
            part.finish_reason,
            completion,
            sanitized=part.sanitized,
            entity_counts=dict(part.entity_counts),
        )
