"""Reading tool calls out of generated text, and holding a call back while it streams.

Forms read as calls (``name`` must be one of the request's tools, ``arguments`` a JSON object):

- Hermes / Qwen: ``<tool_call>{"name": ..., "arguments": {...}}</tool_call>`` (one or more, text
  around them is the message content);
- the whole reply one JSON object ``{"name": ..., "arguments"|"parameters": {...}}`` (Llama 3.1,
  and what a grammar-constrained call produces), or a JSON array of them, optionally in a
  ```` ```json ```` fence.

Anything else is text. :class:`CallSieve` sits between the sampler and the client: in ``auto`` mode
text streams until something starts like a call (``{``, ``[``, a fence or ``<tool_call>``), which is
held until the end and then becomes calls, or — when it is not a valid call — text after all; so
half a call never reaches the client as text. Positions are offsets in the generated text, so the
caller can attach the right log-probabilities to what is released.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["OPEN_TAG", "CallSieve", "SieveMode", "new_call_id", "openai_call", "parse_calls"]

OPEN_TAG = "<tool_call>"
CLOSE_TAG = "</tool_call>"
_BLOCK = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)
_CALL_STARTS = ("{", "[", "`")

SieveMode = Literal["text", "auto", "forced"]
Span = tuple[int, int]


def new_call_id() -> str:
    return f"call_{secrets.token_hex(12)}"


def openai_call(name: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """A call as OpenAI sends it: ``arguments`` a JSON string."""
    return {
        "id": new_call_id(),
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments, ensure_ascii=False)},
    }


def _call_of(value: Any, names: Iterable[str]) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    if isinstance(value.get("function"), Mapping):  # {"function": {"name", "arguments"}}
        value = value["function"]
    name = value.get("name")
    arguments = value.get("arguments", value.get("parameters", {}))
    if isinstance(arguments, str):  # arguments given as a JSON string
        try:
            arguments = json.loads(arguments)
        except ValueError:
            return None
    if not isinstance(name, str) or name not in set(names) or not isinstance(arguments, Mapping):
        return None
    if set(value) - {"name", "arguments", "parameters", "id", "type"}:
        return None
    return openai_call(name, arguments)


def _json(text: str) -> Any:
    fenced = _FENCE.match(text)
    try:
        return json.loads(fenced.group(1) if fenced else text)
    except ValueError:
        return None


def parse_calls(text: str, names: Sequence[str]) -> tuple[str, list[dict[str, Any]]] | None:
    """(content outside the calls, calls) when ``text`` holds calls of ``names``; else None."""
    stripped = text.strip()
    if OPEN_TAG in stripped:
        calls: list[dict[str, Any]] = []
        for block in _BLOCK.finditer(stripped):
            value = _json(block.group(1))
            found = [_call_of(v, names) for v in value] if isinstance(value, list) else [_call_of(value, names)]
            if not found or any(c is None for c in found):
                return None
            calls.extend(c for c in found if c is not None)
        content = _BLOCK.sub("", stripped).strip()
        return (content, calls) if calls else None
    value = _json(stripped)
    if isinstance(value, list) and value:
        many = [_call_of(v, names) for v in value]
        return ("", [c for c in many if c is not None]) if all(c is not None for c in many) else None
    one = _call_of(value, names)
    return ("", [one]) if one is not None else None


def _partial_tag_suffix(text: str) -> int:
    """Length of the longest end of ``text`` that is a proper beginning of :data:`OPEN_TAG`."""
    for n in range(min(len(text), len(OPEN_TAG) - 1), 0, -1):
        if OPEN_TAG.startswith(text[-n:]):
            return n
    return 0


@dataclass(slots=True)
class CallSieve:
    """Decides which generated text is released as text and which is a call (see the module doc).

    ``feed`` takes each new piece and returns the spans (offsets in all text so far) to send now;
    ``finish`` returns the spans left to send and the calls."""

    mode: SieveMode
    names: Sequence[str] = ()
    text: str = ""
    released: int = 0
    holding: bool = False  # a call may have started at ``released``: hold to the end
    calls: list[dict[str, Any]] = field(default_factory=list)

    def feed(self, piece: str) -> list[Span]:
        self.text += piece
        if self.mode == "forced" or self.holding:
            return []
        if self.mode == "text":
            return self._release(len(self.text))
        pending = self.text[self.released :]
        if self.released == 0 or not self.text[: self.released].strip():  # nothing but blanks sent yet
            lead = pending.lstrip()
            if not lead:
                return []
            if lead.startswith(_CALL_STARTS) or lead.startswith(OPEN_TAG):
                self.holding = True
                return []
            if OPEN_TAG.startswith(lead):
                return []  # "<tool" so far: undecided
        at = pending.find(OPEN_TAG)
        if at >= 0:
            spans = self._release(self.released + at)
            self.holding = True
            return spans
        return self._release(len(self.text) - _partial_tag_suffix(pending))

    def finish(self) -> list[Span]:
        held = self.text[self.released :]
        if self.mode != "text" and held.strip():
            parsed = parse_calls(held, self.names)
            if parsed is not None:
                content, self.calls = parsed
                if not content:
                    self.released = len(self.text)
                    return []
                return self._content_spans(held, content)
        return self._release(len(self.text))

    def _content_spans(self, held: str, content: str) -> list[Span]:
        """Spans of the held text that are content (text outside the call blocks)."""
        base = self.released
        spans: list[Span] = []
        cursor = 0
        for block in _BLOCK.finditer(held):
            if held[cursor : block.start()].strip():
                spans.append((base + cursor, base + block.start()))
            cursor = block.end()
        if held[cursor:].strip():
            spans.append((base + cursor, base + len(held)))
        self.released = len(self.text)
        return spans

    def _release(self, upto: int) -> list[Span]:
        if upto <= self.released:
            return []
        span = (self.released, upto)
        self.released = upto
        return [span]
