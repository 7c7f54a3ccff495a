"""What an approval question shows: the request as it would leave, placeholders and all.

The preview is made by the dispatcher's own :meth:`~islandrun.core.remote.outbound.PrivacyGate.sanitize`
with the vault of the conversation key the dispatch will use (the pipeline fixes that key before
asking), so every placeholder shown is the one that will be sent. Original values never go into
the preview: when the island would get the text as written (it is trusted as much as this device),
the question says so and shows no text. The preview is capped at :data:`PREVIEW_CHARS` characters,
keeping the end (the newest message) and saying how much was cut.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from ..errors import IslandRunError
from ..privacy.payload import ChatPayload
from ..remote.dispatcher import RemoteDispatcher
from ..remote.types import RemoteRequest

__all__ = ["PREVIEW_CHARS", "one_off_key", "preview_summary", "render"]

PREVIEW_CHARS = 1500


def one_off_key(request_id: str) -> str:
    """The vault key of a request that names no conversation, fixed before its approval preview
    so the preview and the dispatch share one vault (the dispatcher's own one-off keys look alike)."""
    return f"horizon-{request_id}"


def _content(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, Mapping) and part.get("type") == "text":
                parts.append(str(part.get("text", "")))
            elif isinstance(part, Mapping):
                parts.append(f"[{part.get('type', 'attachment')}]")
        return "\n".join(parts)
    return str(content)


def render(payload: ChatPayload) -> str:
    """The messages as a reader sees them: ``role: text``, tool calls as ``[calls NAME(ARGS)]``."""
    lines = []
    for message in payload.messages:
        text = _content(message.get("content"))
        for call in message.get("tool_calls") or ():
            function = call.get("function") if isinstance(call, Mapping) else None
            function = function if isinstance(function, Mapping) else {}
            text += f"\n[calls {function.get('name', '?')}({function.get('arguments', '')})]"
        lines.append(f"{message.get('role', 'user')}: {text.strip()}")
    if payload.tools:
        lines.append(
            f"(+ {len(payload.tools)} tool definition{'s' if len(payload.tools) != 1 else ''}, sanitised alike)"
        )
    return "\n\n".join(lines)


def capped(text: str, limit: int = PREVIEW_CHARS) -> tuple[str, int]:
    """``text`` cut to its last ``limit`` characters, and how many were cut from the start."""
    if len(text) <= limit:
        return text, 0
    return text[len(text) - limit :], len(text) - limit


async def preview_summary(
    remote: RemoteDispatcher | None,
    conversation: str,
    payload: ChatPayload,
    *,
    sanitize: bool,
    send_unsanitizable: bool,
) -> dict[str, Any]:
    """``preview`` (text or None), ``preview_cut`` (characters not shown) and ``preview_note``."""
    if not sanitize:
        return {
            "preview": None,
            "preview_cut": 0,
            "preview_note": "it would leave as written (this island is trusted as much as this device); "
            "the text is not repeated here",
        }
    if remote is None:
        return {"preview": None, "preview_cut": 0, "preview_note": "this build cannot send to that island"}
    request = RemoteRequest(
        messages=payload.messages,
        tools=payload.tools,
        stop=payload.stop,
        tool_choice=payload.tool_choice,
        response_format=payload.response_format,
        conversation_id=conversation,
        send_unsanitizable=send_unsanitizable,
    )
    try:
        outbound = await asyncio.to_thread(remote.gate.sanitize, conversation, request)
    except IslandRunError as exc:  # the dispatch would refuse the same way: say why, show nothing
        return {"preview": None, "preview_cut": 0, "preview_note": f"it cannot leave: {exc.message}"}
    text, cut = capped(render(outbound.payload))
    return {"preview": text, "preview_cut": cut, "preview_note": None}
