"""Making a *base* model (one never trained to chat) answer as well as a base model can.

A base model has no chat template and was never taught to stop: given a chat template it has
never seen (``gemma`` for Gemma 3 270M base) it echoes the question, invents the next "user"
turn and runs to ``max_tokens``. What works better is the text such models were trained on: a
short transcript that shows two example exchanges, then the conversation, then ``Assistant:``.
The transcript's own line markers are stop sequences, so the reply ends where the next turn
would begin; a repetition penalty keeps it from looping; and its length is capped
(:data:`BASE_MAX_TOKENS`), because a tiny base model does not write long answers well.

This is llama-cpp-python's own mechanism: :func:`register_transcript_format` registers the
prompt builder as the chat format :data:`TRANSCRIPT_FORMAT`, so ``create_chat_completion`` runs
it, stop sequences and UTF-8 handling included. :func:`base_model_notice` is the plain-words
notice the daemon and CLI show while such a model is the default.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "BASE_MAX_TOKENS",
    "BASE_REPEAT_PENALTY",
    "TRANSCRIPT_FORMAT",
    "TRANSCRIPT_STOPS",
    "base_model_notice",
    "generation_overrides",
    "register_transcript_format",
    "transcript_prompt",
]

TRANSCRIPT_FORMAT = "islandrun-transcript"
BASE_MAX_TOKENS = 128
BASE_REPEAT_PENALTY = 1.15
# A new turn, or a blank line (a base model starts a new "document" after one)
TRANSCRIPT_STOPS: tuple[str, ...] = ("\nUser:", "\nAssistant:", "\n\n", "User:")

_PREAMBLE = (
    "A conversation between a user and a helpful, knowledgeable assistant. "
    "The assistant answers correctly, in one or two short sentences.\n\n"
    "User: What is the boiling point of water?\n"
    "Assistant: Water boils at 100 °C (212 °F) at sea level.\n\n"
    "User: Hi there!\n"
    "Assistant: Hello! How can I help you today?\n\n"
)
_registered = threading.Lock()
_done = [False]


def _one_line(text: str) -> str:
    """Turn text into a single transcript line: blank lines would read as the end of a turn."""
    return " ".join(text.split())


def transcript_prompt(messages: Sequence[Mapping[str, Any]]) -> str:
    """The conversation as a transcript ending in ``Assistant:`` (system text leads it)."""
    system = " ".join(_one_line(str(m.get("content") or "")) for m in messages if m.get("role") == "system")
    lines = [_PREAMBLE]
    if system:
        lines.append(f"(Instructions for the assistant: {system})\n\n")
    for message in messages:
        role = message.get("role")
        content = _one_line(str(message.get("content") or ""))
        if role == "user":
            lines.append(f"User: {content}\n")
        elif role == "assistant":
            lines.append(f"Assistant: {content}\n\n")
    lines.append("Assistant:")
    return "".join(lines)


def register_transcript_format() -> None:
    """Register :data:`TRANSCRIPT_FORMAT` with llama-cpp-python (once; imports llama_cpp)."""
    with _registered:
        if _done[0]:
            return
        from llama_cpp import llama_chat_format

        def format_transcript(messages: list[Any], **_: Any) -> Any:
            return llama_chat_format.ChatFormatterResponse(
                prompt=transcript_prompt(messages), stop=list(TRANSCRIPT_STOPS)
            )

        llama_chat_format.register_chat_format(TRANSCRIPT_FORMAT)(format_transcript)
        _done[0] = True


def generation_overrides(chat_format: str | None, max_tokens: int) -> dict[str, Any]:
    """Extra ``create_chat_completion`` arguments for a model run as a transcript (else none)."""
    if chat_format != TRANSCRIPT_FORMAT:
        return {}
    return {"repeat_penalty": BASE_REPEAT_PENALTY, "max_tokens": min(max_tokens, BASE_MAX_TOKENS)}


def base_model_notice(model_name: str) -> str:
    """What to tell a user whose answer came from a tiny base model, and how to get a better one."""
    return (
        f"{model_name} is a tiny base model (not trained to chat): expect short, often wrong answers. "
        "For a real assistant run `islandrun models catalog` to see what fits this device, then "
        "`islandrun models pull NAME` and `islandrun models default NAME`."
    )
