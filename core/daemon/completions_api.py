"""``/v1/completions``: OpenAI's legacy text-completion API, run as one chat turn.

Decision: the prompt runs through the chat flow as **one user turn** (as Ollama's ``/api/generate``
runs its prompt through the model's template). IslandRun's routing, privacy screening, approvals
and islands are chat-shaped, and every island — the local engine, a peer, a cloud API — answers
chats; a raw continuation of the prompt is not offered. So ``prompt`` is a question or an
instruction, answered; a text to be continued word by word gets a chat model's answer instead.

Parameters: ``prompt`` (a string, or a list of one string), ``max_tokens`` (default 16, as
OpenAI's), ``temperature``, ``top_p``, ``seed``, ``stop``, ``stream`` (with
``stream_options.include_usage``), ``frequency_penalty``, ``presence_penalty``, ``logprobs`` (the
legacy integer: that many alternatives per token, answered in the legacy ``tokens`` /
``token_logprobs`` / ``top_logprobs`` / ``text_offset`` form), ``user``, and the ``islandrun``
options object (or ``X-IslandRun-*`` headers) as for chat. ``echo``, ``suffix``, ``best_of`` > 1,
``n`` > 1, ``logit_bias``, several prompts and token-id prompts are refused with a 400 naming the
parameter; so is any parameter this API does not know.

The response is a ``text_completion`` object (``choices[0].text``, ``finish_reason``, ``usage``)
with the ``islandrun`` record and the ``X-IslandRun-Island`` / ``X-IslandRun-Route-Id`` headers;
streamed, ``text_completion`` chunks (the first with ``islandrun``) and then ``data: [DONE]``.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ..errors import IslandRunError
from . import chat_flow
from .chat_flow import Answer, Stream
from .dispatch import Completion, Piece
from .neutral_job import UnsupportedParameterError, neutral_job
from .openai_models import ChatCompletionRequest, IslandRunOptions

__all__ = ["CompletionRequest", "router"]

router = APIRouter(tags=["OpenAI-compatible"])

_Penalty = Annotated[float, Field(ge=-2.0, le=2.0)]


class CompletionStreamOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    include_usage: bool = False


class CompletionRequest(BaseModel):
    """The body of ``POST /v1/completions``; unknown parameters are refused (400 naming them)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    model: Annotated[str, Field(min_length=1, max_length=500)]
    prompt: str | list[Any] = Field(description="a string, or a list of exactly one string")
    max_tokens: Annotated[int, Field(ge=1, le=131072)] | None = Field(16, description="default 16, as OpenAI's")
    temperature: Annotated[float, Field(ge=0.0, le=2.0)] | None = None
    top_p: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    seed: int | None = None
    stop: str | Annotated[list[str], Field(max_length=16)] | None = None
    stream: bool = False
    stream_options: CompletionStreamOptions | None = None
    frequency_penalty: _Penalty | None = None
    presence_penalty: _Penalty | None = None
    logprobs: Annotated[int, Field(ge=0, le=20)] | None = Field(
        None, description="the legacy integer: how many alternatives per token to return"
    )
    user: Annotated[str, Field(max_length=256)] | None = Field(None, description="kept on this device")
    echo: bool | None = Field(None, description="refused when true")
    suffix: str | None = Field(None, description="refused (no fill-in-the-middle)")
    best_of: Annotated[int, Field(ge=1)] | None = Field(None, description="refused when > 1")
    n: Annotated[int, Field(ge=1)] | None = Field(None, description="refused when > 1")
    logit_bias: dict[str, float] | None = Field(None, description="refused when not empty")
    islandrun: IslandRunOptions | None = None


def _prompt_text(prompt: str | list[Any]) -> str:
    if isinstance(prompt, str):
        return prompt
    if len(prompt) == 1 and isinstance(prompt[0], str):
        return prompt[0]
    if prompt and all(isinstance(p, (int, list)) for p in prompt):
        raise UnsupportedParameterError("prompt", "token-id prompts are not supported: send the prompt as text")
    raise UnsupportedParameterError(
        "prompt", f"one prompt per request (a string or a list of one string), not a list of {len(prompt)} items"
    )


def _refuse_unsupported(body: CompletionRequest) -> None:
    if body.echo:
        raise UnsupportedParameterError(
            "echo", "not supported: the prompt runs as a chat turn and is not returned with the answer"
        )
    if body.suffix:
        raise UnsupportedParameterError("suffix", "not supported: IslandRun does not fill in the middle")
    if body.best_of is not None and body.best_of > 1:
        raise UnsupportedParameterError("best_of", "only 1 is supported (one completion per request)")
    if body.n is not None and body.n > 1:
        raise UnsupportedParameterError("n", "only 1 is supported (one completion per request)")
    if body.logit_bias:
        raise UnsupportedParameterError("logit_bias", "not supported")


def chat_job(body: CompletionRequest) -> ChatCompletionRequest:
    """The neutral job for a completion request: the prompt as one user turn."""
    _refuse_unsupported(body)
    job: dict[str, Any] = {
        "model": body.model,
        "messages": [{"role": "user", "content": _prompt_text(body.prompt)}],
        "max_tokens": 16 if body.max_tokens is None else body.max_tokens,
        "stream": body.stream,
    }
    named: dict[str, str] = {}
    if body.stream_options is not None:
        job["stream_options"] = {"include_usage": body.stream_options.include_usage}
    for name in ("temperature", "top_p", "seed", "stop", "frequency_penalty", "presence_penalty", "user"):
        value = getattr(body, name)
        if value is not None:
            job[name] = value
    if body.logprobs is not None:
        job["logprobs"] = True
        job["top_logprobs"] = body.logprobs
        named.update(logprobs="logprobs", top_logprobs="logprobs")
    return neutral_job(job, named)


def _legacy_logprobs(entries: Sequence[Mapping[str, Any]] | None, offset: int) -> dict[str, Any] | None:
    """Chat-style logprob entries in the legacy completions form (``text_offset`` from ``offset``)."""
    if entries is None:
        return None
    tokens: list[str] = []
    offsets: list[int] = []
    for entry in entries:
        tokens.append(str(entry["token"]))
        offsets.append(offset)
        offset += len(tokens[-1])
    return {
        "tokens": tokens,
        "token_logprobs": [entry["logprob"] for entry in entries],
        "top_logprobs": [
            {top["token"]: top["logprob"] for top in entry.get("top_logprobs") or ()} for entry in entries
        ],
        "text_offset": offsets,
    }


def _usage(done: Completion) -> dict[str, int]:
    return {
        "prompt_tokens": done.prompt_tokens,
        "completion_tokens": done.completion_tokens,
        "total_tokens": done.prompt_tokens + done.completion_tokens,
    }


def _completion(answer: Answer, created: int) -> dict[str, Any]:
    done = answer.completion
    choice = {
        "text": done.text,
        "index": 0,
        "logprobs": _legacy_logprobs(done.logprobs, 0),
        "finish_reason": done.finish_reason,
    }
    return {
        "id": f"cmpl-{answer.plan.route_id}",
        "object": "text_completion",
        "created": created,
        "model": done.model,
        "choices": [choice],
        "usage": _usage(done),
        "islandrun": answer.meta(),
    }


@router.post(
    "/v1/completions",
    summary="Create a text completion (OpenAI's legacy API; the prompt runs as one chat turn)",
    description="The prompt is answered as one user turn of a chat, routed, screened and audited exactly as "
    "`/v1/chat/completions`; `echo`, `suffix`, `best_of`>1, `n`>1, `logit_bias` and several or token-id prompts "
    "are refused. IslandRun options come from the body's `islandrun` object or the `X-IslandRun-*` headers.",
    responses={
        200: {"description": "the completion (JSON), or server-sent chunks when stream=true"},
        **chat_flow.CHAT_ERRORS,
    },
)
async def create_completion(body: CompletionRequest, request: Request) -> Any:
    job = chat_job(body)
    options = chat_flow.options_of(request, body.islandrun)
    created = int(time.time())
    if not body.stream:
        answer = await chat_flow.answer(request, job, options)
        return JSONResponse(_completion(answer, created), headers=answer.headers())
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    stream = await chat_flow.answer_stream(request, job, options)
    events = _sse(stream, created, include_usage, body.logprobs is not None)
    return StreamingResponse(events, media_type="text/event-stream", headers=stream.headers())


async def _sse(stream: Stream, created: int, include_usage: bool, logprobs: bool) -> AsyncIterator[bytes]:
    plan, first, pieces = stream.plan, stream.first, stream.pieces
    base = {"id": f"cmpl-{plan.route_id}", "object": "text_completion", "created": created}
    offset = 0

    def render(piece: Piece, is_first: bool) -> list[bytes]:
        nonlocal offset
        choice = {
            "text": piece.text,
            "index": 0,
            "logprobs": _legacy_logprobs(piece.logprobs, offset) if logprobs else None,
            "finish_reason": piece.finish_reason,
        }
        offset += len(piece.text)
        payload: dict[str, Any] = {**base, "model": piece.model, "choices": [choice]}
        if is_first:
            payload["islandrun"] = stream.meta()
        done = piece.completion
        if done is not None and plan.collection is not None:  # the sources come with the last piece
            payload["islandrun"] = {**payload.get("islandrun", {}), **chat_flow.retrieval(plan, done)}
        chunks = [_event(payload)]
        if done is not None and include_usage:
            chunks.append(_event({**base, "model": piece.model, "choices": [], "usage": _usage(done)}))
        return chunks

    async with contextlib.aclosing(pieces):  # a client that leaves stops generation now, not at GC
        try:
            if first is not None:
                for chunk in render(first, True):
                    yield chunk
            async for piece in pieces:
                if piece.text or piece.finish_reason or piece.completion is not None:
                    for chunk in render(piece, False):
                        yield chunk
        except IslandRunError as exc:
            # After the first chunk the status is sent: the error travels as a final event, as OpenAI does.
            yield _event({"error": {"message": exc.message, "type": type(exc).__name__, "code": None}})
    yield b"data: [DONE]\n\n"


def _event(payload: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n"
