"""Log-probabilities from llama.cpp's logits, on the real embedded instruct model."""

from __future__ import annotations

import math
from typing import Any

import pytest

from islandrun.core.engines.embedded import INSTRUCT_MODEL_NAME
from islandrun.core.engines.errors import InvalidRequestError
from islandrun.core.engines.local import LocalEngine
from islandrun.core.engines.types import ChatMessage, ChatRequest

pytestmark = pytest.mark.timeout(180)


def request(text: str = "Tell me about the sea.", **kwargs: Any) -> ChatRequest:
    kwargs.setdefault("max_tokens", 24)
    kwargs.setdefault("temperature", 0.0)
    kwargs.setdefault("seed", 5)
    return ChatRequest((ChatMessage("user", text),), model=INSTRUCT_MODEL_NAME, **kwargs)


def check_entries(entries: tuple[dict[str, Any], ...], top: int) -> None:
    for entry in entries:
        assert entry["logprob"] <= 0.0 and math.isfinite(entry["logprob"])
        assert bytes(entry["bytes"]).decode("utf-8", "ignore") == entry["token"]
        alternatives = entry["top_logprobs"]
        assert len(alternatives) == top
        values = [a["logprob"] for a in alternatives]
        assert values == sorted(values, reverse=True) and all(v <= 0.0 for v in values)


async def test_logprobs_join_to_the_text_and_are_log_probabilities(engine: LocalEngine) -> None:
    result = await engine.chat(request(logprobs=True, top_logprobs=3))
    assert result.logprobs is not None and len(result.logprobs) >= result.usage.completion_tokens - 1
    assert "".join(e["token"] for e in result.logprobs) == result.text
    check_entries(result.logprobs, 3)
    for entry in result.logprobs:  # greedy: the chosen token is the most likely one
        best = entry["top_logprobs"][0]
        assert best["logprob"] == pytest.approx(entry["logprob"])
        assert best["token"] == entry["token"]
        assert sum(math.exp(a["logprob"]) for a in entry["top_logprobs"]) <= 1.0 + 1e-6


async def test_same_text_with_and_without_logprobs(engine: LocalEngine) -> None:
    plain = await engine.chat(request())
    counted = await engine.chat(request(logprobs=True))
    assert plain.text == counted.text and plain.logprobs is None
    assert counted.logprobs is not None and all(e["top_logprobs"] == [] for e in counted.logprobs)


async def test_streamed_chunks_carry_the_entries_for_their_own_text(engine: LocalEngine) -> None:
    chunks = [c async for c in engine.stream(request(logprobs=True, top_logprobs=2, temperature=0.8))]
    texts = [c for c in chunks if c.text]
    assert len(texts) > 3
    for chunk in texts:
        assert chunk.logprobs is not None
        assert "".join(e["token"] for e in chunk.logprobs) == chunk.text
        check_entries(chunk.logprobs, 2)


async def test_a_stop_sequence_cuts_the_entries_with_the_text(engine: LocalEngine) -> None:
    probe = await engine.chat(request("List the days of the week.", logprobs=True))
    words = [w for w in probe.text.split() if len(w) >= 3]
    stop = words[min(2, len(words) - 1)]
    result = await engine.chat(request("List the days of the week.", logprobs=True, stop=(stop,)))
    assert result.logprobs is not None and stop not in result.text
    assert "".join(e["token"] for e in result.logprobs) == result.text


async def test_penalties_reach_llama_cpp(engine: LocalEngine) -> None:
    long = "Write a long story about a lighthouse keeper."
    plain = await engine.chat(request(long, max_tokens=48))
    penalised = await engine.chat(request(long, max_tokens=48, presence_penalty=2.0, frequency_penalty=2.0))
    assert plain.text != penalised.text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"top_logprobs": 2}, "top_logprobs: needs logprobs"),
        ({"logprobs": True, "top_logprobs": 21}, "top_logprobs: must be between 0 and 20"),
        ({"presence_penalty": 2.5}, "presence_penalty: must be between -2 and 2"),
        ({"frequency_penalty": -3.0}, "frequency_penalty: must be between -2 and 2"),
    ],
)
def test_out_of_range_values_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        request(**kwargs)
