"""Clients nobody here wrote: the official `openai` package (sync, async, streamed and not) over TCP,
and a plain HTTP client over the Unix socket, against the daemon on the embedded model."""

from __future__ import annotations

import asyncio

import openai
import pytest

from .conftest import Daemon

PROMPT = [{"role": "user", "content": "Name three colours."}]


def _sync(daemon: Daemon) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=daemon.token, max_retries=0, timeout=180)


def test_models_are_listed_and_an_unknown_model_is_404(daemon: Daemon) -> None:
    client = _sync(daemon)
    ids = [m.id for m in client.models.list()]
    assert ids and all(isinstance(i, str) for i in ids)
    assert client.models.retrieve(ids[0]).id == ids[0]
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("no-such-model")


def test_sync_completion_names_island_and_route(daemon: Daemon) -> None:
    client = _sync(daemon)
    raw = client.chat.completions.with_raw_response.create(model="default", messages=PROMPT, max_tokens=12, seed=1)
    completion = raw.parse()
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].finish_reason in ("stop", "length")
    assert completion.usage is not None and completion.usage.completion_tokens >= 1
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    extra = completion.model_extra or {}
    assert extra["islandrun"]["island"] == "local"
    assert raw.headers["x-islandrun-island"] == "local"
    assert raw.headers["x-islandrun-route-id"] == extra["islandrun"]["route_id"]


def test_sync_stream_delivers_tokens_and_usage(daemon: Daemon) -> None:
    client = _sync(daemon)
    stream = client.chat.completions.create(
        model="default", messages=PROMPT, max_tokens=16, stream=True, stream_options={"include_usage": True}
    )
    pieces: list[str] = []
    finish = None
    usage = None
    for chunk in stream:
        if chunk.choices:
            pieces.append(chunk.choices[0].delta.content or "")
            finish = chunk.choices[0].finish_reason or finish
        if chunk.usage is not None:
            usage = chunk.usage
    assert "".join(pieces).strip()
    assert finish in ("stop", "length")
    assert usage is not None and usage.completion_tokens >= 1


def test_async_client_streamed_and_not(daemon: Daemon) -> None:
    async def go() -> tuple[str, str]:
        client = openai.AsyncOpenAI(base_url=f"{daemon.url}/v1", api_key=daemon.token, max_retries=0, timeout=180)
        whole = await client.chat.completions.create(model="default", messages=PROMPT, max_tokens=8)
        stream = await client.chat.completions.create(model="default", messages=PROMPT, max_tokens=8, stream=True)
        parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
        await client.close()
        return whole.choices[0].message.content or "", "".join(parts)

    whole, streamed = asyncio.run(go())
    assert whole.strip() and streamed.strip()


def test_stop_sequences_and_the_islandrun_options_object(daemon: Daemon) -> None:
    client = _sync(daemon)
    completion = client.chat.completions.create(
        model="default",
        messages=[{"role": "user", "content": "Count from 1 to 20, separated by commas."}],
        max_tokens=60,
        temperature=0.0,
        stop=["7"],
        extra_body={"islandrun": {"tier": "primary", "sensitivity": "confidential", "conversation_id": "c1"}},
    )
    assert "7" not in (completion.choices[0].message.content or "")
    meta = (completion.model_extra or {})["islandrun"]
    assert meta["island"] == "local" and meta["sensitivity"] == "confidential"


def test_bad_requests_get_clear_400s(daemon: Daemon) -> None:
    client = _sync(daemon)
    with pytest.raises(openai.BadRequestError) as empty:
        client.chat.completions.create(model="default", messages=[], max_tokens=4)
    assert "messages" in str(empty.value)
    with pytest.raises(openai.BadRequestError) as typo:
        client.chat.completions.create(
            model="default", messages=PROMPT, max_tokens=4, extra_body={"islandrun": {"teir": "primary"}}
        )
    assert "teir" in str(typo.value)


def test_plain_http_over_the_unix_socket(daemon: Daemon) -> None:
    with daemon.unix_client() as client:
        response = client.post(
            "/v1/chat/completions",
            json={"model": "default", "messages": PROMPT, "max_tokens": 6},
            headers={"X-IslandRun-Tier": "primary"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["object"] == "chat.completion" and body["islandrun"]["island"] == "local"


def test_a_model_named_as_v1_models_lists_it_runs_here(daemon: Daemon) -> None:
    client = _sync(daemon)
    name = next(iter(client.models.list())).id
    completion = client.chat.completions.create(model=name, messages=PROMPT, max_tokens=4)
    assert completion.model == name
    assert (completion.model_extra or {})["islandrun"]["island"] == "local"
