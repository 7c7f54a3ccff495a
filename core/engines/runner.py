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
  end-of-generation token is not counted, as llama-cpp-python does for non-streamed calls);
- **log-probabilities** without ``logits_all``: the logits row about to be sampled is read
  before each sample (:mod:`.logprobs`).

Tools, tool history and constrained output are prepared here too: the messages and tools the chat
template gets (:mod:`.tool_prompt`), the grammar for a forced call or a JSON format
(:mod:`.grammars`, checked by llama.cpp before generating), and the sieve that turns a reply into
tool calls without streaming half a call as text (:mod:`.tool_calls`). The text is passed through
``emit``; ``on_logprobs`` (when given) receives the entries for that text just before.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from .base_model import generation_overrides
from .control_tokens import control_tokens_of
from .errors import EngineError, InvalidRequestError
from .grammars import check_grammar_with_model
from .logprobs import LogprobRecorder
from .request_checks import forced_tools, output_grammar, tools_presented
from .tool_calls import CallSieve, SieveMode
from .tool_prompt import NO_SUPPORT, clean_strings, prompt_messages, template_support
from .types import ChatRequest, EmbeddingResult, FinishReason, LogprobEntry, Usage

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
    tool_calls: tuple[dict[str, Any], ...] = ()

    def decode_tokens_per_s(self) -> float | None:
        """Tokens per second after the first one (the prompt's cost excluded)."""
        if self.first_token_at is None or self.last_token_at is None or self.usage.completion_tokens < 2:
            return None
        span = self.last_token_at - self.first_token_at
        return (self.usage.completion_tokens - 1) / span if span > 0 else None


class _TokenTap:
    """Counts sampled tokens and checks the cancel event, wrapping ``llama.sample``."""

    def __init__(self, llama: Llama, cancel: threading.Event, recorder: LogprobRecorder | None = None) -> None:
        self.llama = llama
        self.cancel = cancel
        self.recorder = recorder
        self.original: Callable[..., int] = llama.sample
        self.tokens: list[int] = []
        self.prompt_tokens = 0
        self.last_at: float | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> int:
        if self.cancel.is_set():
            raise _Cancelled
        if not self.tokens:
            self.prompt_tokens = self.llama.n_tokens
        if self.recorder is not None:
            self.recorder.capture(kwargs.get("idx"))
        token = self.original(*args, **kwargs)
        if self.recorder is not None:
            self.recorder.add(token)
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


def chat_messages(request: ChatRequest, llama: Llama) -> tuple[list[dict[str, Any]], list[Any] | None]:
    """The request's messages as the model's chat format can take them, and the tools to hand the
    chat template (None when the tools are not presented, or presented as system text)."""
    markers = control_tokens_of(llama)
    # content is text: a "<end_of_turn>" typed by a user or found in a document is not a turn boundary
    presented = request.tools if tools_presented(request) else ()
    history = any(m.tool_calls or m.role == "tool" for m in request.messages)
    support = template_support(llama) if presented or history else NO_SUPPORT
    messages = prompt_messages(request.messages, presented, support, markers.neutralize)
    template_tools = clean_strings(list(presented), markers.neutralize) if presented and support.tools else None
    if llama.chat_format not in _NO_SYSTEM_ROLE:
        return messages, template_tools
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system" and m["content"])
    rest = [m for m in messages if m["role"] != "system"]
    if system:
        first_user = next((i for i, m in enumerate(rest) if m["role"] == "user"), None)
        if first_user is None:
            rest.insert(0, {"role": "user", "content": system})
        else:
            rest[first_user] = {"role": "user", "content": f"{system}\n\n{rest[first_user]['content']}"}
    return rest, template_tools


def _sieve_mode(request: ChatRequest) -> SieveMode:
    if forced_tools(request):
        return "forced"
    return "auto" if tools_presented(request) else "text"


def run_chat(
    llama: Llama,
    request: ChatRequest,
    emit: Callable[[str], None],
    cancel: threading.Event,
    on_logprobs: Callable[[list[LogprobEntry]], None] | None = None,
) -> Generation:
    """Generate one completion, calling ``emit`` with each piece of text (and ``on_logprobs`` with
    its log-probability entries just before, when the request asks for them). Blocking."""
    started = time.perf_counter()
    first_at: float | None = None
    finish: FinishReason | None = None
    messages, template_tools = chat_messages(request, llama)
    grammar: Any = None
    constrained = output_grammar(request)  # checked and cached when the request was made
    if constrained is not None:
        from llama_cpp.llama_grammar import LlamaGrammar

        check_grammar_with_model(llama, constrained[0], constrained[1])
        grammar = LlamaGrammar.from_string(constrained[0], verbose=False)
    # a base model run as a transcript: a repetition penalty and a shorter cap (base_model.py)
    extra: dict[str, Any] = {
        "max_tokens": request.max_tokens,
        **generation_overrides(llama.chat_format, request.max_tokens),
    }
    if template_tools is not None:
        extra["tools"] = template_tools  # no tool_choice: llama-cpp-python would convert the output itself
    recorder = LogprobRecorder(llama, request.top_logprobs) if request.logprobs else None
    sieve = CallSieve(_sieve_mode(request), [str(t["function"]["name"]) for t in request.tools])

    def release(spans: list[tuple[int, int]]) -> None:
        nonlocal first_at
        for start, end in spans:
            text = sieve.text[start:end]
            if not text:
                continue
            if first_at is None:
                first_at = time.perf_counter()
            if recorder is not None and on_logprobs is not None:
                on_logprobs(recorder.entries(start, end))
            emit(text)

    with _TokenTap(llama, cancel, recorder) as tap:
        try:
            stream: Any = llama.create_chat_completion(
                messages=cast(Any, messages),
                **extra,
                temperature=request.temperature,
                top_p=request.top_p,
                # no seed: a fresh random one (llama-cpp-python would derive it from the previous
                # call's seed, so a freshly loaded model would repeat the same "random" replies)
                seed=request.seed if request.seed is not None else secrets.randbits(32),
                stop=list(request.stop),
                frequency_penalty=request.frequency_penalty,
                presence_penalty=request.presence_penalty,
                grammar=grammar,
                stream=True,
            )
            for chunk in stream:
                choice = chunk["choices"][0]
                text = choice["delta"].get("content")
                if text:
                    release(sieve.feed(text))
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
        if finish != "cancelled":  # nobody reads a cancelled reply: nothing held is released
            release(sieve.finish())
        calls = tuple(sieve.calls)
        if calls and finish != "cancelled":
            finish = "tool_calls"
        usage = Usage(tap.prompt_tokens, tap.completion_tokens())
        return Generation(finish or "stop", usage, len(tap.tokens), started, first_at, tap.last_at, calls)


def run_embed(llama: Llama, model: str, texts: list[str]) -> EmbeddingResult:
    """Embed each text (normalised, one vector per text). Blocking."""
    try:
        vectors, count = llama.embed(texts, normalize=True, truncate=True, return_count=True)
    except Exception as exc:  # too long for the batch, model without embeddings
        raise EngineError(f"local embedding failed: {exc}", title="Local embedding failed") from exc
    return EmbeddingResult(model=model, vectors=[list(map(float, v)) for v in vectors], prompt_tokens=int(count))
