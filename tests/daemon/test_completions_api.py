"""``/v1/completions`` with the official `openai` client against the real daemon on the embedded model:
the prompt runs as one chat turn, routed like chat, and what the API cannot do is a 400 naming it."""

from __future__ import annotations

import math
from typing import Any

import openai
import pytest

from .conftest import Daemon

PROMPT = "Name three colours."


def _client(daemon: Daemon) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=daemon.token, max_retries=0, timeout=180)


def test_a_completion_has_text_usage_and_names_its_island(daemon: Daemon) -> None:
    raw = _client(daemon).completions.with_raw_response.create(model="default", prompt=PROMPT, max_tokens=12, seed=1)
    completion = raw.parse()
    assert completion.object == "text_completion"
    assert completion.id.startswith("cmpl-")
    choice = completion.choices[0]
    assert choice.text.strip()
    assert choice.finish_reason in ("stop", "length")
    assert completion.usage is not None and 1 <= completion.usage.completion_tokens <= 12
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    meta = (completion.model_extra or {})["islandrun"]
    assert meta["island"] == "local"
    assert raw.headers["x-islandrun-island"] == "local"
    assert raw.headers["x-islandrun-route-id"] == meta["route_id"]


def test_max_tokens_defaults_to_16_as_openai(daemon: Daemon) -> None:
    completion = _client(daemon).completions.create(
        model="default", prompt="Write a long story about a dragon who learns to sing.", temperature=0.0
    )
    assert completion.usage is not None and completion.usage.completion_tokens <= 16
    assert completion.choices[0].finish_reason == "length"


def test_stop_sequences_and_a_list_of_one_prompt(daemon: Daemon) -> None:
    completion = _client(daemon).completions.create(
        model="default",
        prompt=["Count from 1 to 20, separated by commas."],
        max_tokens=60,
        temperature=0.0,
        stop=["7"],
        extra_body={"islandrun": {"sensitivity": "confidential"}},
    )
    assert "7" not in completion.choices[0].text
    assert completion.choices[0].finish_reason == "stop"
    assert (completion.model_extra or {})["islandrun"]["sensitivity"] == "confidential"


def test_streamed_chunks_join_to_the_text_then_usage(daemon: Daemon) -> None:
    stream = _client(daemon).completions.create(
        model="default", prompt=PROMPT, max_tokens=16, stream=True, stream_options={"include_usage": True}, seed=3
    )
    chunks = list(stream)
    assert all(chunk.object == "text_completion" for chunk in chunks)
    assert (chunks[0].model_extra or {})["islandrun"]["island"] == "local"
    text = "".join(chunk.choices[0].text for chunk in chunks if chunk.choices)
    finishes = [chunk.choices[0].finish_reason for chunk in chunks if chunk.choices and chunk.choices[0].finish_reason]
    assert text.strip()
    assert finishes in (["stop"], ["length"])
    usage = chunks[-1].usage
    assert usage is not None and chunks[-1].choices == []
    assert 1 <= usage.completion_tokens <= 16


def test_legacy_logprobs_give_the_tokens_of_the_text(daemon: Daemon) -> None:
    completion = _client(daemon).completions.create(
        model="default", prompt=PROMPT, max_tokens=8, logprobs=2, temperature=0.0
    )
    choice = completion.choices[0]
    logprobs = choice.logprobs
    assert logprobs is not None and logprobs.tokens and logprobs.token_logprobs and logprobs.top_logprobs
    assert "".join(logprobs.tokens) == choice.text
    assert all(lp is not None and lp <= 0.0 and math.isfinite(lp) for lp in logprobs.token_logprobs)
    assert all(len(top) <= 2 for top in logprobs.top_logprobs)
    assert logprobs.text_offset is not None and logprobs.text_offset[0] == 0


def test_streamed_logprobs_follow_each_chunk(daemon: Daemon) -> None:
    stream = _client(daemon).completions.create(
        model="default", prompt=PROMPT, max_tokens=8, logprobs=1, temperature=0.0, stream=True
    )
    chunks = [chunk.choices[0] for chunk in stream if chunk.choices]
    text = "".join(choice.text for choice in chunks)
    tokens = [token for choice in chunks if choice.logprobs for token in choice.logprobs.tokens or []]
    offsets = [offset for choice in chunks if choice.logprobs for offset in choice.logprobs.text_offset or []]
    assert text.strip() and "".join(tokens) == text
    assert offsets == [sum(len(t) for t in tokens[:i]) for i in range(len(tokens))]


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"echo": True}, "echo"),
        ({"suffix": " and that is all."}, "suffix"),
        ({"best_of": 2}, "best_of"),
        ({"n": 2}, "n"),
        ({"logit_bias": {"50256": -100}}, "logit_bias"),
        ({"extra_body": {"frobnicate": 1}}, "frobnicate"),
    ],
)
def test_what_it_cannot_do_is_a_400_naming_the_parameter(daemon: Daemon, arguments: dict[str, Any], named: str) -> None:
    with pytest.raises(openai.BadRequestError) as refused:
        _client(daemon).completions.create(model="default", prompt=PROMPT, max_tokens=4, **arguments)
    assert named in refused.value.message


@pytest.mark.parametrize("prompt", [["one", "two"], [1, 2, 3], [[1, 2], [3]], []])
def test_several_or_token_id_prompts_are_a_400_naming_prompt(daemon: Daemon, prompt: Any) -> None:
    with pytest.raises(openai.BadRequestError) as refused:
        _client(daemon).completions.create(model="default", prompt=prompt, max_tokens=4)
    assert "prompt" in refused.value.message


def test_an_unknown_model_is_404(daemon: Daemon) -> None:
    with pytest.raises(openai.NotFoundError):
        _client(daemon).completions.create(model="no-such-model", prompt=PROMPT, max_tokens=4)
