"""The LiteLLM SDK against the daemon as an OpenAI-compatible provider (`openai/<model>` with `api_base`):
completion plain, streamed and with tools, and embedding — what a LiteLLM user checks."""

from __future__ import annotations

import json
import math
import os
from typing import Any

import pytest
from daemon.conftest import Daemon

# LiteLLM fetches its model price list from the internet at import unless told to use its bundled copy.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
import litellm
from litellm.exceptions import BadRequestError
from litellm.types.utils import Choices

from .conftest import CHAT_MODEL, EMBED_MODEL

pytestmark = pytest.mark.clients

WEATHER: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "maxLength": 40}},
            "required": ["city"],
        },
    },
}


def where(daemon: Daemon) -> dict[str, Any]:
    return {"api_base": f"{daemon.url}/v1", "api_key": daemon.token, "num_retries": 0, "timeout": 180}


def test_completion(daemon: Daemon) -> None:
    response = litellm.completion(
        model=f"openai/{CHAT_MODEL}",
        messages=[{"role": "user", "content": "Name three colours."}],
        max_tokens=12,
        **where(daemon),
    )
    choice = response.choices[0]
    assert choice.message.role == "assistant"
    assert (choice.message.content or "").strip()
    assert choice.finish_reason in ("stop", "length")
    assert response.usage.completion_tokens >= 1
    assert response.usage.total_tokens == response.usage.prompt_tokens + response.usage.completion_tokens


def test_streamed_completion(daemon: Daemon) -> None:
    stream = litellm.completion(
        model=f"openai/{CHAT_MODEL}",
        messages=[{"role": "user", "content": "Name three animals."}],
        max_tokens=16,
        stream=True,
        **where(daemon),
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len(chunks) >= 2 and text.strip()
    rebuilt = litellm.stream_chunk_builder(chunks)
    assert rebuilt is not None and isinstance(rebuilt.choices[0], Choices)
    assert rebuilt.choices[0].message.content == text


def test_tools_forced(daemon: Daemon) -> None:
    response = litellm.completion(
        model=f"openai/{CHAT_MODEL}",
        messages=[{"role": "user", "content": "What is the weather in Paris?"}],
        tools=[WEATHER],
        tool_choice="required",
        max_tokens=60,
        **where(daemon),
    )
    choice = response.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls or []
    assert calls and calls[0].function.name == "get_weather"
    assert isinstance(json.loads(calls[0].function.arguments).get("city"), str)


def test_embedding(daemon: Daemon) -> None:
    response = litellm.embedding(
        model=f"openai/{EMBED_MODEL}",
        input=["The cat sat on the mat.", "Quarterly revenue grew by four percent."],
        **where(daemon),
    )
    vectors = [item["embedding"] for item in response.data]
    assert len(vectors) == 2 and all(len(v) == 384 for v in vectors)
    assert all(math.isclose(math.fsum(x * x for x in v), 1.0, rel_tol=1e-3) for v in vectors)


def test_a_refused_parameter_reaches_the_user_as_a_bad_request(daemon: Daemon) -> None:
    with pytest.raises(BadRequestError) as refused:
        litellm.completion(
            model=f"openai/{CHAT_MODEL}",
            messages=[{"role": "user", "content": "hi"}],
            max_tokens=4,
            logit_bias={"50256": -100},
            **where(daemon),
        )
    assert "logit_bias" in str(refused.value)
