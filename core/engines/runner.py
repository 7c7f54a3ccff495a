"""What runs in the worker thread: one chat completion or one embedding batch on a loaded model.

Generation goes through llama-cpp-python's own ``create_chat_completion(stream=True)``, so chat
templates, stop sequences, sampling and UTF-8 handling are exactly llama-cpp-python's. Two things
it does not offer are added by wrapping the instance's ``sample`` method for the duration of one
call (llama-cpp-python is pinned, see pyproject.toml):

- **cancellation between tokens**: before each token is sampled the cancel event is checked;
  when set, generation stops there (it raises out of llama.cpp's token loop, which leaves the
  context consistent: the next call re-uses or trims the cached prefix as usual);
- **exact usage for streams**: the streamed chunks carry no usage, so the tokens are counted
  as they are sampled (the prompt length is the context length at the first sample; the
  end-of-generation token is not counted, as llama-cpp-python does for non-streamed calls).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .base_model import generation_overrides
from .control_tokens import control_tokens_of
from .errors import EngineError, InvalidRequestError
from .types import ChatRequest, EmbeddingResult, FinishReason, Usage

if TYPE_CHECKING:
    from llama_cpp import Llama

__all__ = ["Generation", "chat_messages", "run_chat", "run_embed"]


class _Cancelled(Exception):
    """Raised inside llama.cpp's token loop when the client went away."""


@dataclass(frozen=True, slots=True)
class Generation:
    finish_reason: FinishReason
    usage: Usage
    sampled_tokens: int  # every token sampled, the end-of-generation token included
    started: float  # perf_counter() when the call began
    first_token_at: float | None  # perf_counter() at the first text emitted
    last_token_at: float | None  # perf_counter() at the last token sampled

    def decode_tokens_per_s(self) -> float | None:
        """Tokens per second after the first one (the prompt's cost excluded)."""
        if self.first_token_at is None or self.last_token_at is None or self.usage.completion_tokens < 2:
            return None
        span = self.last_token_at - self.first_token_at
        return (self.usage.completion_tokens - 1) / span if span > 0 else None


class _TokenTap:
    """Counts sampled tokens and checks the cancel event, wrapping ``llama.sample``."""

    def __init__(self, llama: Llama, cancel: threading.Event) -> None:
        self.llama = llama
        self.cancel = cancel
        self.original: Callable[..., int] = llama.sample
        self.tokens: list[int] = []
        self.prompt_tokens = 0
        self.last_at: float | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> int:
        if self.cancel.is_set():
            raise _Cancelled
        if not self.tokens:
            self.prompt_tokens = self.llama.n_tokens
        token = self.original(*args, **kwargs)
        self.tokens.append(token)
        self.last_at = time.perf_counter()
        return token

    def __enter__(self) -> _TokenTap:
        setattr(self.llama, "sample", self)  # noqa: B010 - an instance attribute shadows the method
        return self

    def __exit__(self, *_: object) -> None:
        delattr(self.llama, "sample")

    def completion_tokens(self) -> int:
        import llama_cpp

        n = len(self.tokens)
        if n and llama_cpp.llama_vocab_is_eog(self.llama._model.vocab, self.tokens[-1]):
            n -= 1
        return n


# Chat formats of llama-cpp-python that drop system messages without a word (its ``gemma`` format:
# Gemma has no system role). Gemma 3's own template puts the system text at the start of the first
# user turn; the engine does the same, so a system prompt (or a collection's passages) is never lost.
_NO_SYSTEM_ROLE = frozenset({"gemma"})


def chat_messages(request: ChatRequest, chat_format: str | None) -> list[dict[str, str]]:
    """The request's messages as the model's chat format can take them."""
    messages = [{"role": m.role, "content": m.content} for m in request.messages]
    if chat_format not in _NO_SYSTEM_ROLE:
        return messages
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system" and m["content"])
    rest = [m for m in messages if m["role"] != "system"]
    if system:
        first_user = next((i for i, m in enumerate(rest) if m["role"] == "user"), None)
        if first_user is None:
            rest.insert(0, {"role": "user", "content": system})
        else:
            rest[first_user] = {"role": "user", "content": f"{system}\n\n{rest[first_user]['content']}"}
    return rest


def run_chat(llama: Llama, request: ChatRequest, emit: Callable[[str], None], cancel: threading.Event) -> Generation:
    """Generate one completion, calling ``emit`` with each piece of text. Blocking."""
    started = time.perf_counter()
    first_at: float | None = None
    finish: FinishReason | None = None
    markers = control_tokens_of(llama)
    # content is text: a "<end_of_turn>" typed by a user or found in a document is not a turn boundary
    messages: Any = [
        {**m, "content": markers.neutralize(m["content"])} for m in chat_messages(request, llama.chat_format)
    ]
    # a base model run as a transcript: a repetition penalty and a shorter cap (base_model.py)
    extra: dict[str, Any] = {
        "max_tokens": request.max_tokens,
        **generation_overrides(llama.chat_format, request.max_tokens),
    }
    with _TokenTap(llama, cancel) as tap:
        try:
            stream: Any = llama.create_chat_completion(
                messages=messages,
                **extra,
                temperature=request.temperature,
                top_p=request.top_p,
                # no seed: a fresh random one (llama-cpp-python would derive it from the previous
                # call's seed, so a freshly loaded model would repeat the same "random" replies)
                seed=request.seed if request.seed is not None else secrets.randbits(32),
                stop=list(request.stop),
                stream=True,
            )
            for chunk in stream:
                choice = chunk["choices"][0]
                text = choice["delta"].get("content")
                if text:
                    if first_at is None:
                        first_at = time.perf_counter()
                    emit(text)
                if choice["finish_reason"] is not None:
                    finish = "length" if choice["finish_reason"] == "length" else "stop"
                if cancel.is_set():
                    stream.close()
                    finish = "cancelled"
                    break
        except _Cancelled:
            finish = "cancelled"
        except ValueError as exc:
            if "exceed context window" in str(exc):
                raise InvalidRequestError(
                    f"the conversation is too long for this model's context ({llama.n_ctx()} tokens); "
                    "shorten it, or raise [engine] n_ctx",
                    title="Conversation too long",
                ) from None
            raise EngineError(f"local generation failed: {exc}", title="Local generation failed") from exc
        except Exception as exc:  # llama.cpp failures: decode errors, context overflow
            raise EngineError(f"local generation failed: {exc}", title="Local generation failed") from exc
        usage = Usage(tap.prompt_tokens, tap.completion_tokens())
        return Generation(finish or "stop", usage, len(tap.tokens), started, first_at, tap.last_at)


def run_embed(llama: Llama, model: str, texts: list[str]) -> EmbeddingResult:
    """Embed each text (normalised, one vector per text). Blocking."""
    try:
        vectors, count = llama.embed(texts, normalize=True, truncate=True, return_count=True)
    except Exception as exc:  # too long for the batch, model without embeddings
        raise EngineError(f"local embedding failed: {exc}", title="Local embedding failed") from exc
    return EmbeddingResult(model=model, vectors=[list(map(float, v)) for v in vectors], prompt_tokens=int(count))
