"""The neutral job as the local engine's request: every message (tool turns included), tools,
``tool_choice``, ``response_format``, logprobs and sampling carried over; a collection's passages as
the one system message. Content the engine cannot read (images, audio, files) is refused by name,
never dropped."""

from __future__ import annotations

from ..engines.types import ChatMessage, ChatRequest, Role
from ..privacy.payload import UnsupportedFieldError, opaque_parts
from ..routing.policy import Priority
from .collections_port import Grounding
from .openai_models import ChatCompletionRequest, content_text

__all__ = ["engine_request", "question"]

_ROLE_MAP: dict[str, Role] = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
}


def question(body: ChatCompletionRequest) -> str:
    """What a collection is searched for: the last user message."""
    users = [m for m in body.messages if m.role == "user"]
    return content_text(users[-1]) if users else ""


def engine_request(
    body: ChatCompletionRequest,
    model: str | None,
    priority: Priority,
    request_id: str,
    grounding: Grounding | None,
    app: str,
) -> ChatRequest:
    unread = opaque_parts([m.model_dump(exclude_none=True) for m in body.messages])
    if unread:  # never dropped in silence
        raise UnsupportedFieldError(unread[0], "the local engine reads text only; this content part cannot be used")
    messages = [
        ChatMessage(
            _ROLE_MAP[m.role],
            content_text(m),
            tool_calls=tuple(m.tool_calls or ()),
            tool_call_id=m.tool_call_id,
            name=m.name,
        )
        for m in body.messages
    ]
    if grounding is not None:
        # One system message: many chat templates accept only one, and only first.
        if messages and messages[0].role == "system":
            messages[0] = ChatMessage("system", f"{grounding.system}\n\n{messages[0].content}")
        else:
            messages.insert(0, ChatMessage("system", grounding.system))
    return ChatRequest(
        messages=tuple(messages),
        model=model,
        max_tokens=body.token_limit(),
        temperature=0.8 if body.temperature is None else body.temperature,
        top_p=0.95 if body.top_p is None else body.top_p,
        seed=body.seed,
        stop=body.stop_list(),
        priority=priority,
        request_id=request_id,
        app=app,
        tools=tuple(body.tools or ()) if body.uses_tools() else (),
        tool_choice=body.tool_choice_wire() if body.uses_tools() else None,
        response_format=None if body.response_format is None else body.response_format.wire(),
        logprobs=bool(body.logprobs),
        top_logprobs=body.top_logprobs or 0,
        frequency_penalty=body.frequency_penalty or 0.0,
        presence_penalty=body.presence_penalty or 0.0,
    )
