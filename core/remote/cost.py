"""Cost of a remote request: the island's reported usage × its price table, or a documented estimate.

When an island reports no usage (some OpenAI-compatible servers leave it out of streams), tokens
are estimated from what was actually sent and received: one token per 4 characters of text, plus
4 tokens of framing per message (the same rule the pipeline uses to size reservations), and at
least one completion token when any text came back. The result says ``estimated=True`` so the
ledger and the audit log can show it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..islands import Prices
from ..privacy.payload import ChatPayload, payload_texts
from .types import RemoteUsage, ToolCall

__all__ = ["CHARS_PER_TOKEN", "estimate_prompt_tokens", "estimate_tokens", "settle_usage"]

CHARS_PER_TOKEN = 4
FRAMING_TOKENS_PER_MESSAGE = 4


def estimate_tokens(text: str) -> int:
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def estimate_prompt_tokens(messages: Sequence[Mapping[str, Any]]) -> int:
    """Prompt tokens of OpenAI-style messages by the rule above (every text, tool calls included)."""
    texts = payload_texts(ChatPayload(tuple(messages)))
    return sum(estimate_tokens(t) for t in texts) + FRAMING_TOKENS_PER_MESSAGE * len(messages)


def settle_usage(
    prices: Prices,
    sent: Sequence[Mapping[str, Any]],
    reply_text: str,
    tool_calls: Sequence[ToolCall],
    prompt_tokens: int | None,
    completion_tokens: int | None,
) -> tuple[RemoteUsage, float]:
    """``(usage, cost_usd)``: reported numbers where the island gave them, estimates for the rest."""
    estimated = False
    if prompt_tokens is None:
        estimated = True
        prompt_tokens = estimate_prompt_tokens(sent)
    if completion_tokens is None:
        estimated = True
        produced = reply_text + "".join(c.name + c.arguments for c in tool_calls)
        completion_tokens = max(1, estimate_tokens(produced)) if produced else 0
    usage = RemoteUsage(int(prompt_tokens), int(completion_tokens), estimated)
    return usage, prices.cost(usage.prompt_tokens, usage.completion_tokens)
