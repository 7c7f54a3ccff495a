"""HORIZON against a real OpenAI-compatible server nobody here wrote: ``llama_cpp.server`` on the
embedded model, behind a recording proxy that keeps exactly what crossed the wire.

Wording of the tiny base model is not asserted; what is: what left (sanitized or untouched), that
what came back is restored, retries, failover before the first token, the mid-stream rule, usage.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from islandrun.core.config import IslandConfig
from islandrun.core.islands import Island
from islandrun.core.privacy.sanitize import restore
from islandrun.core.privacy.vault import PLACEHOLDER_RE, VaultStore
from islandrun.core.remote.dispatcher import RemoteDispatcher
from islandrun.core.remote.errors import MidStreamError, RemoteUnavailableError
from islandrun.core.remote.redaction import install_log_redaction
from islandrun.core.remote.settings import RemoteTimeouts, RetryPolicy
from islandrun.core.remote.types import RemoteRequest

from .conftest import free_port
from .proxy import ProxyServer, RecordingProxy

NAME, EMAIL, PHONE = "Jennifer Holst", "jennifer.holst@example.org", "+1 415 555 0133"
FAST_RETRY = RetryPolicy(attempts=3, base_delay_s=0.01, max_delay_s=0.05)


def island(island_id: str, kind: str, endpoint: str, **extra: Any) -> Island:
    return IslandConfig.model_validate({"id": island_id, "kind": kind, "endpoint": endpoint, **extra}).to_island()


def conversation(last: str = f"Repeat after me: Hello {NAME}") -> tuple[dict[str, Any], ...]:
    """Every place a value can hide: system prompt, turns, tool-call arguments, a tool result."""
    return (
        {"role": "system", "content": f"You write letters for {NAME}. Her mail is {EMAIL}."},
        {"role": "user", "content": f"Find the phone of {NAME}."},
        {
            "role": "assistant",
            "content": None,  # as OpenAI clients send it; llama_cpp.server needs "" (the adapter sends that)
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "lookup", "arguments": json.dumps({"who": NAME})},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": f"{NAME}: {PHONE}, {EMAIL}"},
        {"role": "user", "content": last},
    )


@pytest.fixture(scope="module")
def proxy(llama_server: str) -> Iterator[RecordingProxy]:
    with ProxyServer(RecordingProxy(llama_server)) as running:
        yield running


@pytest.fixture
def wire(proxy: RecordingProxy) -> RecordingProxy:
    proxy.exchanges.clear()
    proxy.fail_statuses.clear()
    proxy.cut_after_bytes = None
    return proxy


@pytest.fixture
async def dispatcher() -> AsyncIterator[RemoteDispatcher]:
    async with httpx.AsyncClient() as http:
        yield RemoteDispatcher(
            vaults=VaultStore(),
            credentials=None,
            http=http,
            retry=FAST_RETRY,
            timeouts=RemoteTimeouts(first_token=120, idle=60, response=180),
        )


def sent_json(wire: RecordingProxy) -> dict[str, Any]:
    chats = [e for e in wire.exchanges if e.path.endswith("/chat/completions")]
    assert chats, "nothing reached the island"
    return dict(json.loads(chats[-1].body))


def streamed_text(raw: bytes) -> str:
    text: list[str] = []
    for line in raw.decode().splitlines():
        if line.startswith("data: ") and line != "data: [DONE]":
            text.extend((c.get("delta") or {}).get("content") or "" for c in json.loads(line[6:]).get("choices") or [])
    return "".join(text)


async def test_lower_trust_island_gets_every_turn_sanitized_and_the_reply_back_restored(
    dispatcher: RemoteDispatcher, wire: RecordingProxy
) -> None:
    edge = island("edge", "edge", wire.url, price_input_per_mtok=2.0, price_output_per_mtok=8.0)
    request = RemoteRequest(conversation(), max_tokens=24, temperature=0.0, seed=7, conversation_id="conv")
    result = await dispatcher.complete([edge], request)
    body = sent_json(wire)
    wire_body = wire.exchanges[-1].body.decode()
    for secret in (NAME, "Jennifer", "Holst", EMAIL, "415 555"):
        assert secret not in wire_body
    messages = body["messages"]
    assert PLACEHOLDER_RE.search(messages[0]["content"])  # system prompt
    assert PLACEHOLDER_RE.search(json.loads(messages[2]["tool_calls"][0]["function"]["arguments"])["who"])
    assert PLACEHOLDER_RE.search(messages[3]["content"])  # tool result
    assert result.sanitized
    assert {"PERSON", "EMAIL", "PHONE"} <= set(result.entity_counts)
    wire_reply = json.loads(wire.exchanges[-1].response)
    assert result.text == restore(wire_reply["choices"][0]["message"]["content"], dispatcher.vaults.get("conv"))
    assert result.usage.estimated is False
    assert result.usage.prompt_tokens == wire_reply["usage"]["prompt_tokens"]
    assert result.cost_usd == pytest.approx(
        (result.usage.prompt_tokens * 2.0 + result.usage.completion_tokens * 8.0) / 1e6
    )


def echoed(text: str, vault: Any) -> list[str]:
    return [m.group(0) for m in PLACEHOLDER_RE.finditer(text) if vault.original(m.group(0))]


ECHO = ({"role": "user", "content": f"Repeat after me: Hello {NAME}"},)


async def test_a_placeholder_in_the_reply_comes_back_as_the_original(
    dispatcher: RemoteDispatcher, wire: RecordingProxy
) -> None:
    edge = island("edge", "edge", wire.url)
    for attempt in range(5):  # the tiny model copies the placeholder almost always; give it five conversations
        request = RemoteRequest(ECHO, max_tokens=16, temperature=0.0, seed=7, conversation_id=f"echo-{attempt}")
        result = await dispatcher.complete([edge], request)
        assert NAME not in wire.exchanges[-1].body.decode()
        wire_reply = json.loads(wire.exchanges[-1].response)["choices"][0]["message"]["content"]
        vault = dispatcher.vaults.get(f"echo-{attempt}")
        assert result.text == restore(wire_reply, vault)
        if placeholders := echoed(wire_reply, vault):
            assert NAME in result.text and not any(p in result.text for p in placeholders)
            return
    pytest.fail("the island never echoed a placeholder, so restore was not exercised")


async def test_personal_group_island_gets_the_conversation_untouched(
    dispatcher: RemoteDispatcher, wire: RecordingProxy
) -> None:
    peer = island("my-desktop", "peer", wire.url)
    # Peers are reached only through their own pinned client (mutual TLS in the daemon); here the
    # plain client stands in for it, since the point is what is sent, not the channel.
    pinned = RemoteDispatcher(
        vaults=VaultStore(), credentials=None, http=dispatcher.http, clients=lambda _island: dispatcher.http
    )
    result = await pinned.complete([peer], RemoteRequest(conversation(), max_tokens=8, temperature=0.0))
    expected = [dict(m) for m in conversation()]
    expected[2]["content"] = ""  # the one normalisation: null → "" next to tool calls
    assert sent_json(wire)["messages"] == expected
    assert not result.sanitized and result.entity_counts == {}


async def test_a_peer_without_a_pinned_channel_is_never_sent_anything(
    dispatcher: RemoteDispatcher, wire: RecordingProxy
) -> None:
    peer = island("stranger", "peer", wire.url)
    with pytest.raises(RemoteUnavailableError) as caught:
        await dispatcher.complete([peer], RemoteRequest(conversation(), max_tokens=4))
    assert "not paired" in caught.value.message and wire.exchanges == []


async def test_same_trust_as_the_source_is_not_sanitized(dispatcher: RemoteDispatcher, wire: RecordingProxy) -> None:
    """The rule is "trust drops", not "leaves the device": a request whose source is an edge box of
    trust 0.336 may go to another island of the same trust as it is."""
    edge = island("edge", "edge", wire.url)
    await dispatcher.complete([edge], RemoteRequest(conversation(), max_tokens=4, source_trust=edge.trust))
    assert NAME in wire.exchanges[-1].body.decode()


async def test_streamed_reply_is_restored_even_when_a_placeholder_is_split_across_chunks(
    dispatcher: RemoteDispatcher, wire: RecordingProxy
) -> None:
    edge = island("edge", "edge", wire.url)
    for attempt in range(5):
        conversation_id = f"stream-{attempt}"
        request = RemoteRequest(ECHO, max_tokens=24, temperature=0.0, seed=3, conversation_id=conversation_id)
        chunks = [chunk async for chunk in dispatcher.stream([edge], request)]
        assert NAME not in wire.exchanges[-1].body.decode()
        wire_text = streamed_text(wire.exchanges[-1].response)
        vault = dispatcher.vaults.get(conversation_id)
        shown = "".join(c.text for c in chunks)
        assert shown == restore(wire_text, vault)
        last = chunks[-1]
        assert last.finish_reason in ("stop", "length") and last.island.id == "edge"
        assert last.usage is not None and last.usage.completion_tokens > 0
        assert last.usage.estimated  # llama_cpp.server sends no usage in streams: charged by estimate
        assert last.sanitized and last.entity_counts["PERSON"] >= 1
        if placeholders := echoed(wire_text, vault):
            assert NAME in shown and not any(p in shown for p in placeholders)
            return
    pytest.fail("the island never echoed a placeholder in a stream")


async def test_failover_before_the_first_token_when_the_first_island_is_down(
    dispatcher: RemoteDispatcher, wire: RecordingProxy
) -> None:
    down = island("cloud-down", "cloud", f"http://127.0.0.1:{free_port()}")
    edge = island("edge", "edge", wire.url)
    result = await dispatcher.complete([down, edge], RemoteRequest(conversation(), max_tokens=4))
    assert result.island.id == "edge"
    assert result.failed_over[0][0] == "cloud-down" and "ConnectError" in result.failed_over[0][1]
    chunks = [c async for c in dispatcher.stream([down, edge], RemoteRequest(conversation(), max_tokens=4))]
    assert {c.island.id for c in chunks} == {"edge"} and chunks[-1].failed_over[0][0] == "cloud-down"


async def test_retries_a_503_then_fails_over_after_repeated_429s(
    dispatcher: RemoteDispatcher, wire: RecordingProxy
) -> None:
    edge = island("edge", "edge", wire.url)
    wire.fail_statuses[:] = [503]
    result = await dispatcher.complete([edge], RemoteRequest(conversation(), max_tokens=4))
    assert result.island.id == "edge" and [e.status for e in wire.exchanges] == [503, 200]

    wire.exchanges.clear()
    with ProxyServer(RecordingProxy(wire.upstream)) as backup:
        other = island("edge-2", "edge", backup.url)
        wire.fail_statuses[:] = [429, 429, 429]
        chunks = [c async for c in dispatcher.stream([edge, other], RemoteRequest(conversation(), max_tokens=4))]
        assert [e.status for e in wire.exchanges] == [429, 429, 429]  # three tries, then the next island
        assert chunks[-1].island.id == "edge-2" and "HTTP 429" in chunks[-1].failed_over[0][1]
        assert len(backup.exchanges) == 1


async def test_all_islands_failing_names_each_reason(dispatcher: RemoteDispatcher, wire: RecordingProxy) -> None:
    down = island("cloud-down", "cloud", f"http://127.0.0.1:{free_port()}")
    edge = island("edge", "edge", wire.url)
    wire.fail_statuses[:] = [400]  # not retryable: one try only
    with pytest.raises(RemoteUnavailableError) as caught:
        await dispatcher.complete([down, edge], RemoteRequest(conversation(), max_tokens=4))
    assert [i for i, _ in caught.value.attempts] == ["cloud-down", "edge"]
    assert "HTTP 400" in caught.value.message and len(wire.exchanges) == 1


async def test_a_failure_mid_stream_ends_the_stream_and_is_never_continued_elsewhere(
    dispatcher: RemoteDispatcher, wire: RecordingProxy
) -> None:
    edge = island("edge", "edge", wire.url)
    wire.cut_after_bytes = 900  # a few chunks in, the connection drops
    with ProxyServer(RecordingProxy(wire.upstream)) as backup:
        lower = island("cloud", "cloud", backup.url)
        received: list[str] = []

        async def consume() -> None:
            async for chunk in dispatcher.stream([edge, lower], RemoteRequest(conversation(), max_tokens=48)):
                received.append(chunk.text)  # noqa: PERF401 - what arrived before the failure matters

        with pytest.raises(MidStreamError) as caught:
            await consume()
        assert received, "the cut should come after the first token"
        assert caught.value.island_id == "edge" and caught.value.delivered_chars == len("".join(received))
        assert backup.exchanges == []  # nothing was sent to the next island


async def test_lists_the_islands_models(dispatcher: RemoteDispatcher, wire: RecordingProxy) -> None:
    models = await dispatcher.list_models(island("edge", "edge", wire.url))
    assert len(models) == 1 and models[0].endswith(".gguf")


class StaticKey:
    def __init__(self, key: str) -> None:
        self.key = key

    async def api_key(self, island_id: str) -> str | None:
        return self.key


async def test_the_key_goes_to_the_island_but_never_into_logs(
    wire: RecordingProxy, caplog: pytest.LogCaptureFixture
) -> None:
    key = "sk-test-Zq81NcVvR3hx0a9Lm2PqWs77"
    root = logging.getLogger()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    root.addHandler(handler)
    install_log_redaction()
    try:
        with caplog.at_level(logging.DEBUG):
            async with httpx.AsyncClient() as http:
                dispatcher = RemoteDispatcher(
                    vaults=VaultStore(), credentials=StaticKey(key), http=http, retry=FAST_RETRY
                )
                wire.fail_statuses[:] = [401]
                failing = island("edge", "edge", wire.url)
                with pytest.raises(RemoteUnavailableError):
                    await dispatcher.complete([failing], RemoteRequest(conversation(), max_tokens=4))
                await dispatcher.complete([failing], RemoteRequest(conversation(), max_tokens=4))
                logging.getLogger("islandrun.test").warning("upstream said: Incorrect API key provided: %s", key)
    finally:
        root.removeHandler(handler)
    assert wire.exchanges[-1].headers["authorization"] == f"Bearer {key}"
    logged = stream.getvalue()
    assert "islandrun.core.remote" in logged or "httpx" in logged  # something was logged at all
    assert key not in logged and "[REDACTED]" in logged


async def test_the_collection_option_goes_only_to_islands_that_speak_islandrun(wire: RecordingProxy) -> None:
    """A plain OpenAI-compatible server is never sent IslandRun's ``islandrun`` object (it might
    refuse the unknown field, and it holds no collection); an island configured as ``islandrun``
    (another IslandRun daemon) gets it and retrieves there."""
    request = RemoteRequest(ECHO, max_tokens=4, islandrun={"collection": "handbook", "max_passages": 3})
    async with httpx.AsyncClient() as http:
        plain = RemoteDispatcher(vaults=VaultStore(), credentials=None, http=http, retry=FAST_RETRY)
        await plain.complete([island("edge-a", "edge", wire.url)], request)
        assert "islandrun" not in sent_json(wire)
        other = RemoteDispatcher(
            vaults=VaultStore(), credentials=None, http=http, retry=FAST_RETRY, apis={"edge-b": "islandrun"}
        )
        # llama_cpp.server may refuse a field it does not know: what left is the point here.
        with contextlib.suppress(RemoteUnavailableError):
            await other.complete([island("edge-b", "edge", wire.url)], request)
    assert sent_json(wire)["islandrun"] == {"collection": "handbook", "max_passages": 3}
