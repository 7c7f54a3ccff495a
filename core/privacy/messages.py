"""Walking OpenAI-style chat messages: every piece of text in them, and rebuilding them with a
function applied to each (content strings, content parts, tool-call arguments, tool results)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["map_json_strings", "map_message_texts", "message_texts"]


def map_json_strings(value: Any, fn: Callable[[str], str]) -> Any:
    """``value`` with ``fn`` applied to every string inside (dict keys are left alone)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [map_json_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: map_json_strings(v, fn) for k, v in value.items()}
    return value


def _map_arguments(arguments: str, fn: Callable[[str], str]) -> str:
    """Tool-call arguments are a JSON document in a string: map its string values, keep it valid JSON."""
    try:
        parsed = json.loads(arguments)
    except (ValueError, TypeError):
        return fn(arguments)
    return json.dumps(map_json_strings(parsed, fn), ensure_ascii=False)


def map_message_texts(messages: Sequence[Mapping[str, Any]], fn: Callable[[str], str]) -> list[dict[str, Any]]:
    """A deep copy of ``messages`` with ``fn`` applied to every text a model would read."""
    out: list[dict[str, Any]] = []
    for message in messages:
        new = copy.deepcopy(dict(message))
        content = new.get("content")
        if isinstance(content, str):
            new["content"] = fn(content)
        elif isinstance(content, list):
            parts = []
            for part in content:
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    part = {**part, "text": fn(part["text"])}
                parts.append(part)
            new["content"] = parts
        for call in new.get("tool_calls") or []:
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict) and isinstance(function.get("arguments"), str):
                function["arguments"] = _map_arguments(function["arguments"], fn)
        out.append(new)
    return out


def message_texts(messages: Sequence[Mapping[str, Any]]) -> Iterator[str]:
    """Every text in ``messages`` (system prompt, turns, content parts, tool-call arguments)."""
    seen: list[str] = []

    def collect(text: str) -> str:
        seen.append(text)
        return text

    map_message_texts(messages, collect)
    yield from seen
