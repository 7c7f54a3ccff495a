"""``/v1/responses``: OpenAI's Responses API, the stateless subset, run through the one chat flow.

Supported: ``input`` (a string, or a list of items: messages whose content is a string or
``input_text`` / ``input_image`` / ``output_text`` parts, and the ``function_call`` and
``function_call_output`` items of earlier turns), ``instructions`` (a system message), function
``tools`` in the Responses flat shape with ``tool_choice`` (``auto``, ``none``, ``required`` or
``{"type": "function", "name": ...}``), ``text.format`` (``text``, ``json_object``, ``json_schema``),
``max_output_tokens``, ``temperature``, ``top_p``, ``parallel_tool_calls``, ``user``, ``metadata``
(returned as given), ``stream``, and the ``islandrun`` options object (or ``X-IslandRun-*`` headers)
as for chat.

**Nothing is stored.** There is no ``GET /v1/responses/{id}``; each request carries its whole
conversation. ``store`` may be false or left out (the official SDK leaves it out); ``store: true``
is refused, because a client that asks for storage expects to fetch or continue the response later,
which cannot work here. ``previous_response_id``, ``conversation``, ``background``, ``reasoning``,
``include`` and built-in tools (web search, file search, code interpreter …) are refused with a 400
naming them. The answer is routed, screened, approved and audited exactly as a chat.

The response object has ``output`` items — an assistant ``message`` with ``output_text`` and/or
``function_call`` items — ``status`` ``completed`` or ``incomplete`` (``incomplete_details.reason``
``max_output_tokens``), ``usage``, and the ``islandrun`` record; the ``X-IslandRun-Island`` and
``X-IslandRun-Route-Id`` headers as for chat. Streamed, the typed events come in OpenAI's order,
each with its ``sequence_number``: ``response.created``, ``response.in_progress``, then per item
``response.output_item.added``, ``response.content_part.added``, ``response.output_text.delta`` …,
``response.output_text.done``, ``response.content_part.done``, ``response.output_item.done`` (a
function call: ``response.function_call_arguments.delta`` / ``.done``), and last
``response.completed`` (``response.incomplete`` when the token limit cut it; ``response.failed``
when the island failed after the stream began).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from ..errors import IslandRunError
from . import chat_flow
from .chat_flow import Stream
from .dispatch import Completion
from .responses_models import ResponsesRequest, chat_job

__all__ = ["router"]

router = APIRouter(tags=["OpenAI-compatible"])

# finish_reason → (status, incomplete_details.reason)
_ENDINGS = {"length": ("incomplete", "max_output_tokens"), "content_filter": ("incomplete", "content_filter")}


def _envelope(body: ResponsesRequest, route_id: str, created: int, model: str) -> dict[str, Any]:
    """What every response object of this request carries: its identity and the request echoed."""
    return {
        "id": f"resp_{route_id}",
        "object": "response",
        "created_at": created,
        "model": model,
        "instructions": body.instructions,
        "max_output_tokens": body.max_output_tokens,
        "metadata": body.metadata or {},
        "parallel_tool_calls": True if body.parallel_tool_calls is None else body.parallel_tool_calls,
        "previous_response_id": None,
        "reasoning": None,
        "store": False,
        "temperature": body.temperature,
        "top_p": body.top_p,
        "text": {
            "format": {"type": "text"},
            **({} if body.text is None else body.text.model_dump(by_alias=True, exclude_none=True)),
        },
        "tool_choice": "auto" if body.tool_choice is None else body.tool_choice,
        "tools": body.tools or [],
        "truncation": "disabled",
        "user": body.user,
        "error": None,
        "incomplete_details": None,
    }


def _message(route_id: str, text: str, status: str) -> dict[str, Any]:
    return {"type": "message", "id": f"msg_{route_id}", "status": status, "role": "assistant", "content": [_part(text)]}


def _function_call(route_id: str, index: int, call: dict[str, Any], arguments: str | None = None) -> dict[str, Any]:
    function = call["function"]
    return {
        "type": "function_call",
        "id": f"fc_{route_id}_{index}",
        "call_id": call["id"],
        "name": function["name"],
        "arguments": function["arguments"] if arguments is None else arguments,
        "status": "completed" if arguments is None else "in_progress",
    }


def _usage(done: Completion) -> dict[str, Any]:
    return {
        "input_tokens": done.prompt_tokens,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": done.completion_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": done.prompt_tokens + done.completion_tokens,
    }


def _finished(envelope: dict[str, Any], done: Completion, output: list[dict[str, Any]]) -> dict[str, Any]:
    status, reason = _ENDINGS.get(done.finish_reason, ("completed", None))
    return {
        **envelope,
        "status": status,
        "completed_at": int(time.time()) if status == "completed" else None,
        "incomplete_details": None if reason is None else {"reason": reason},
        "output": output,
        "usage": _usage(done),
    }


def _output(route_id: str, done: Completion, text: str) -> list[dict[str, Any]]:
    status, _ = _ENDINGS.get(done.finish_reason, ("completed", None))
    output = [_message(route_id, text, status)] if text or not done.tool_calls else []
    return output + [_function_call(route_id, i, call) for i, call in enumerate(done.tool_calls)]


@router.post(
    "/v1/responses",
    summary="Create a model response (OpenAI's Responses API, stateless subset; streamed with stream=true)",
    description="Runs as a chat through the same routing, privacy screening, approvals and audit as "
    "`/v1/chat/completions`. Stateless: nothing is stored, so send the whole conversation in `input`; "
    "`store: true`, `previous_response_id`, `conversation`, `background`, `reasoning`, `include` and built-in "
    "tools are refused with a 400 naming them. IslandRun options come from the body's `islandrun` object or the "
    "`X-IslandRun-*` headers.",
    responses={
        200: {"description": "the response object (JSON), or typed server-sent events when stream=true"},
        **chat_flow.CHAT_ERRORS,
    },
)
async def create_response(body: ResponsesRequest, request: Request) -> Any:
    job = chat_job(body)
    options = chat_flow.options_of(request, body.islandrun)
    created = int(time.time())
    if not body.stream:
        answer = await chat_flow.answer(request, job, options)
        done = answer.completion
        envelope = _envelope(body, answer.plan.route_id, created, done.model)
        output = _output(answer.plan.route_id, done, done.text)
        payload = {**_finished(envelope, done, output), "islandrun": answer.meta()}
        return JSONResponse(payload, headers=answer.headers())
    stream = await chat_flow.answer_stream(request, job, options)
    return StreamingResponse(_events(body, stream, created), media_type="text/event-stream", headers=stream.headers())


async def _events(body: ResponsesRequest, stream: Stream, created: int) -> AsyncIterator[bytes]:
    plan, first, pieces = stream.plan, stream.first, stream.pieces
    route_id = plan.route_id
    envelope = _envelope(body, route_id, created, body.model if first is None else first.model)
    numbers = itertools.count()

    def event(kind: str, **fields: Any) -> bytes:
        payload = {"type": kind, "sequence_number": next(numbers), **fields}
        return f"event: {kind}\ndata: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()

    started = {**envelope, "status": "in_progress", "output": [], "usage": None, "islandrun": stream.meta()}
    yield event("response.created", response=started)
    yield event("response.in_progress", response=started)
    message = _MessageEvents(route_id, event)
    done: Completion | None = None
    async with contextlib.aclosing(pieces):  # a client that leaves stops generation now, not at GC
        try:
            if first is not None:
                for chunk in message.text(first.text):
                    yield chunk
                done = first.completion
            async for piece in pieces:
                for chunk in message.text(piece.text):
                    yield chunk
                done = piece.completion or done
        except IslandRunError as exc:
            # The status line is sent: the failure travels as the last event, with what came so far.
            failed = {**started, "status": "failed", "output": message.so_far()}
            failed["error"] = {"code": "server_error", "message": exc.message}
            yield event("response.failed", response=failed)
            return
    if done is None:
        failed = {**started, "status": "failed", "output": message.so_far()}
        failed["error"] = {"code": "server_error", "message": "the island ended the stream without finishing it"}
        yield event("response.failed", response=failed)
        return
    status, _ = _ENDINGS.get(done.finish_reason, ("completed", None))
    output: list[dict[str, Any]] = []
    if message.opened or not done.tool_calls:
        for chunk in message.close(status):
            yield chunk
        output.append(_message(route_id, message.joined(), status))
    for i, call in enumerate(done.tool_calls):
        index = len(output)
        item_id = f"fc_{route_id}_{i}"
        arguments = call["function"]["arguments"]
        yield event("response.output_item.added", output_index=index, item=_function_call(route_id, i, call, ""))
        yield event("response.function_call_arguments.delta", item_id=item_id, output_index=index, delta=arguments)
        yield event(
            "response.function_call_arguments.done",
            item_id=item_id,
            output_index=index,
            name=call["function"]["name"],
            arguments=arguments,
        )
        output.append(_function_call(route_id, i, call))
        yield event("response.output_item.done", output_index=index, item=output[-1])
    final = _finished(envelope, done, output)
    final["islandrun"] = {**stream.meta(), **chat_flow.retrieval(plan, done)}
    yield event("response.completed" if status == "completed" else "response.incomplete", response=final)


class _MessageEvents:
    """The assistant message item of a stream: opened at its first text, closed at the end."""

    def __init__(self, route_id: str, event: Callable[..., bytes]) -> None:
        self.route_id = route_id
        self.item_id = f"msg_{route_id}"
        self.event = event
        self.opened = False
        self.texts: list[str] = []

    def joined(self) -> str:
        return "".join(self.texts)

    def so_far(self) -> list[dict[str, Any]]:
        return [_message(self.route_id, self.joined(), "incomplete")] if self.opened else []

    def _open(self) -> list[bytes]:
        self.opened = True
        where = {"item_id": self.item_id, "output_index": 0, "content_index": 0}
        empty = _message(self.route_id, "", "in_progress")
        empty["content"] = []
        return [
            self.event("response.output_item.added", output_index=0, item=empty),
            self.event("response.content_part.added", **where, part=_part("")),
        ]

    def text(self, delta: str) -> list[bytes]:
        if not delta:
            return []
        chunks = [] if self.opened else self._open()
        self.texts.append(delta)
        where = {"item_id": self.item_id, "output_index": 0, "content_index": 0}
        return [*chunks, self.event("response.output_text.delta", **where, delta=delta, logprobs=[])]

    def close(self, status: str) -> list[bytes]:
        chunks = [] if self.opened else self._open()
        text = self.joined()
        where = {"item_id": self.item_id, "output_index": 0, "content_index": 0}
        return [
            *chunks,
            self.event("response.output_text.done", **where, text=text, logprobs=[]),
            self.event("response.content_part.done", **where, part=_part(text)),
            self.event("response.output_item.done", output_index=0, item=_message(self.route_id, text, status)),
        ]


def _part(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
