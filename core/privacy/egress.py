"""The egress guard: the last check before a payload leaves for a lower-trust island.

Defence in depth: if the detector missed a value in a later turn but the conversation's vault
knows it from an earlier one, the payload must not go out. The guard walks every string in the
payload (so JSON escaping cannot hide a value) and raises :class:`EgressBlockedError` naming only
the kinds of what it found.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from .errors import EgressBlockedError
from .vault import Vault, match_case_sensitively, name_parts, value_pattern

__all__ = ["EgressGuard"]


# Keys of the request bodies IslandRun builds (OpenAI, Anthropic) and of JSON schemas: safe to name in an error.
_API_KEYS = frozenset(
    [
        "messages",
        "role",
        "content",
        "name",
        "tool_calls",
        "tool_call_id",
        "id",
        "type",
        "function",
        "arguments",
        "tools",
        "description",
        "parameters",
        "properties",
        "items",
        "enum",
        "required",
        "title",
        "default",
        "examples",
        "stop",
        "system",
        "text",
        "image_url",
        "url",
        "input",
        "tool_use_id",
        "input_schema",
        "model",
        "max_tokens",
        "temperature",
        "top_p",
        "seed",
        "stream",
        "stream_options",
        "islandrun",
        "refusal",
        "reasoning_content",
        "reasoning",
        "anyOf",
        "oneOf",
        "allOf",
        "const",
    ]
)


def _strings(value: Any, path: str = "", depth: int = 0) -> list[tuple[str, str]]:
    """Every string in ``value`` with its path; a string that is itself a JSON document (tool-call
    arguments, a JSON tool result) is opened too, so escaping cannot hide a value."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        stripped = value.strip()
        if depth < 4 and stripped[:1] in ("{", "[") and stripped[-1:] in ("}", "]"):
            with contextlib.suppress(ValueError, RecursionError):
                return _strings(json.loads(stripped), path, depth + 1)  # its keys and values, escapes decoded
        return [(path, value)]
    if isinstance(value, dict):
        out: list[tuple[str, str]] = []
        for i, (k, v) in enumerate(value.items()):
            # a key may itself be personal (a JSON key in a tool result): paths name only the API's own keys
            segment = str(k) if k in _API_KEYS else f"<key {i}>"
            at = f"{path}.{segment}" if path else segment
            out += [(f"{at}{_KEY}", str(k))]  # the key's own text (opened JSON inside a key is not a thing)
            if k == "required" and isinstance(v, list) and all(isinstance(x, str) for x in v):
                out += [(f"{at}[{j}]{_KEY}", x) for j, x in enumerate(v)]  # a schema's property names: keys too
            else:
                out += _strings(v, at, depth)
        return out
    if isinstance(value, list | tuple):
        return [s for i, v in enumerate(value) for s in _strings(v, f"{path}[{i}]", depth)]
    if isinstance(value, int | float) and not isinstance(value, bool) and depth > 0:
        return [(path, str(value))]  # a number inside tool arguments or a JSON tool result
    return []


def _needles(kind: str, value: str) -> list[str]:
    """The value itself; for a person also each name in it ("Dr. Jennifer Holst" → "jennifer", "holst")."""
    needles = [value.strip()]
    if kind == "PERSON":
        needles.extend(name_parts(value))
    return [n for n in needles if len(n) >= 2]


class EgressGuard:
    """``check(payload, vault, destination)`` raises when an original value is still in ``payload``."""

    def check(self, payload: Any, vault: Vault, destination: str = "a lower-trust island") -> None:
        texts = _strings(payload)
        if not texts or len(vault) == 0:
            return
        joined = "\n".join(text for _, text in texts)
        folded = joined.casefold()
        leaked: list[str] = []
        spans: list[tuple[str, int, int, str]] = []
        for placeholder, value in vault.originals():
            kind = vault.kind_of(placeholder) or "value"
            for needle in _needles(kind, value):
                exact = match_case_sensitively(needle)
                haystack = joined if exact else folded
                target = needle if exact else needle.casefold()
                if target not in haystack:
                    continue
                where = _locate(texts, needle, exact)
                if where is not None:
                    leaked.append(kind)
                    spans.append((*where, kind))
                    break
        if leaked:
            raise EgressBlockedError(destination, sorted(set(leaked)), spans)


# A JSON key's own text is marked so: keys are identifiers the sanitizer leaves as they are (the schema and the
# arguments must keep their shape), so a value counts there only as written — a capitalised word taken for a
# name in the prose ("Tierarzt") is not that name in a parameter called ``tierarzt``; {"Maria Lopez": …} is.
_KEY = " (key)"


def _locate(texts: list[tuple[str, str]], needle: str, exact: bool) -> tuple[str, int, int] | None:
    """The first field (and offsets in it) where ``needle`` stands as a whole word."""
    pattern = value_pattern(needle if exact else needle.casefold())
    as_written = value_pattern(needle)
    for path, text in texts:
        if path.endswith(_KEY):
            m = as_written.search(text)
            path = path.removesuffix(_KEY)
        else:
            m = pattern.search(text if exact else text.casefold())
        if m is not None:
            return path or "payload", m.start(), m.end()
    return None
