"""Chat on the real embedded base model (gemma-3-270m, run as a transcript: assertions are on mechanics —
tokens arrive, limits hold, usage adds up — never on wording)."""

from __future__ import annotations

import asyncio
import math
import time

import pytest

from islandrun.core.engines.embedded import INSTRUCT_MODEL_NAME
from islandrun.core.engines.errors import InvalidRequestError, ModelNotFoundError
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.types import ChatChunk, ChatMessage, ChatRequest

from .conftest import ask

pytestmark = pytest.mark.timeout(180)


async def test_chat_returns_text_and_usage_and_stops_at_max_tokens(engine: LocalEngine) -> None:
    story = ask("Write a long story about a lighthouse keeper.", max_tokens=12, seed=7, model=INSTRUCT_MODEL_NAME)
    result = await engine.chat(story)
    assert result.model == INSTRUCT_MODEL_NAME
    assert result.finish_reason == "length"
    assert result.usage.completion_tokens == 12
    assert result.usage.prompt_tokens > 5
    assert result.usage.total_tokens == result.usage.prompt_tokens + 12
    assert result.text.strip()
    assert result.time_to_first_token_s is not None and result.time_to_first_token_s > 0


async def test_stream_yields_pieces_then_a_final_chunk_with_usage(engine: LocalEngine) -> None:
    colours = ask("Name some colours.", max_tokens=10, seed=3, model=INSTRUCT_MODEL_NAME)
    chunks: list[ChatChunk] = [c async for c in engine.stream(colours)]
    pieces = [c for c in chunks if c.text]
    assert len(pieces) >= 3  # streamed token by token, not in one piece
    assert all(c.finish_reason is None for c in chunks[:-1])
    last = chunks[-1]
    assert last.finish_reason == "length" and last.usage is not None
    assert last.usage.completion_tokens == 10
    assert last.decode_tokens_per_s is not None and last.decode_tokens_per_s > 0


async def test_same_seed_same_text_streamed_or_not(engine: LocalEngine) -> None:
    request = ask("Tell me about the sea.", max_tokens=16, seed=1234, temperature=0.9)
    whole = await engine.chat(request)
    streamed = "".join([c.text async for c in engine.stream(request)])
    again = await engine.chat(request)
    assert streamed == whole.text == again.text


async def test_matches_llama_cpp_called_directly(engine: LocalEngine) -> None:
    """Same model instance, greedy sampling: the engine's text and usage equal llama-cpp-python's
    own non-streamed chat completion (the engine adds no prompt changes and counts tokens right).
    On the instruct model: its GGUF's own chat template, no base-model transcript settings."""
    request = ChatRequest(
        (ChatMessage("user", "What is the capital of France?"),),
        model=INSTRUCT_MODEL_NAME,
        max_tokens=20,
        temperature=0.0,
        seed=1,
    )
    ours = await engine.chat(request)
    (loaded,) = [m for m in engine.pool.resident() if m.kind == "chat" and m.entry.name == INSTRUCT_MODEL_NAME]

    def direct() -> dict[str, object]:
        return loaded.llama.create_chat_completion(  # type: ignore[return-value]
            messages=[{"role": "user", "content": "What is the capital of France?"}],
            max_tokens=20,
            temperature=0.0,
            seed=1,
        )

    theirs = await asyncio.to_thread(direct)
    assert ours.text == theirs["choices"][0]["message"]["content"]  # type: ignore[index]
    usage = theirs["usage"]
    assert ours.usage.prompt_tokens == usage["prompt_tokens"]  # type: ignore[index]
    assert ours.usage.completion_tokens == usage["completion_tokens"]  # type: ignore[index]


async def test_stop_sequence_ends_the_completion_and_is_not_returned(engine: LocalEngine) -> None:
    # find a piece of text the model really produces, then ask it to stop there
    probe = await engine.chat(ask("List the days of the week.", max_tokens=24, seed=5, temperature=0.0))
    words = [w for w in probe.text.split() if len(w) >= 3]
    assert words, probe.text
    stop = words[min(2, len(words) - 1)]
    result = await engine.chat(ask("List the days of the week.", max_tokens=24, seed=5, temperature=0.0, stop=(stop,)))
    assert result.finish_reason == "stop"
    assert stop not in result.text
    assert probe.text.startswith(result.text)
    assert result.usage.completion_tokens < probe.usage.completion_tokens


async def test_embeddings_are_normalised_vectors_of_the_models_width(engine: LocalEngine) -> None:
    result = await engine.embed(["the cat sat on the mat", "a completely different sentence"])
    assert len(result.vectors) == 2
    assert all(len(v) == 640 for v in result.vectors)  # gemma-3-270m's embedding length
    for vector in result.vectors:
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-3)
    assert result.vectors[0] != result.vectors[1]
    assert result.prompt_tokens > 6
    again = await engine.embed(["the cat sat on the mat", "a completely different sentence"])
    assert again.vectors == result.vectors  # deterministic
    alone = await engine.embed(["the cat sat on the mat"])  # batching changes the numerics only slightly
    assert sum(a * b for a, b in zip(alone.vectors[0], result.vectors[0], strict=True)) > 0.99


async def test_unknown_model_is_a_clear_error(engine: LocalEngine) -> None:
    with pytest.raises(ModelNotFoundError, match=r"no local model is called 'nope'.*gemma-3-270m"):
        await engine.chat(ask("hi", model="nope"))


def test_invalid_requests_are_refused_before_queueing() -> None:
    with pytest.raises(InvalidRequestError, match="max_tokens"):
        ask("hi", max_tokens=0)
    with pytest.raises(InvalidRequestError, match="temperature"):
        ask("hi", temperature=3.0)
    with pytest.raises(InvalidRequestError, match="message"):
        ChatRequest(())


async def test_a_conversation_longer_than_the_context_is_refused_clearly(engine: LocalEngine) -> None:
    with pytest.raises(InvalidRequestError, match=r"too long for this model's context \(2048 tokens\)"):
        await engine.chat(ask("word " * 3000, max_tokens=4))
    assert engine.queue_depth() == 0
    assert (await engine.chat(ask("hi", max_tokens=2))).usage.completion_tokens == 2


async def test_capacity_protocol_methods(engine: LocalEngine) -> None:
    await engine.chat(ask("Count: one, two,", max_tokens=8, seed=2))
    assert engine.queue_depth() == 0
    assert engine.max_queue() == 16
    tps = engine.throughput_tps()
    assert tps is not None and 1.0 < tps < 10_000


async def test_the_event_loop_stays_responsive_while_generating(engine: LocalEngine) -> None:
    """Generation runs in a worker thread: a 10 ms ticker keeps ticking during a completion."""
    gaps: list[float] = []

    async def ticker(stop: asyncio.Event) -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    stop = asyncio.Event()
    task = asyncio.create_task(ticker(stop))
    await engine.chat(ask("Describe a forest.", max_tokens=24, seed=9))
    stop.set()
    await task
    assert len(gaps) > 10
    assert max(gaps) < 0.5  # a blocked loop would stall for the whole completion (≈ 0.5-1 s)


async def test_a_system_prompt_reaches_the_embedded_model(engine: LocalEngine) -> None:
    """The base model runs as a transcript (``base_model.py``) that carries the system text as
    instructions before the conversation, so the prompt grows by the system text."""
    question = ChatMessage("user", "How many vacation days do employees get?")
    system = ChatMessage("system", "Answer from this passage: employees get 31 vacation days per year. " * 4)
    bare = await engine.chat(ChatRequest(messages=(question,), max_tokens=1, seed=1))
    grounded = await engine.chat(ChatRequest(messages=(system, question), max_tokens=1, seed=1))
    assert grounded.usage.prompt_tokens > bare.usage.prompt_tokens + 40
