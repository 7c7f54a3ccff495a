"""The parts of remote dispatch that need no model: retry timing, status rules, SSE framing,
redaction, the sanitize rule, the cost estimate, and the egress guard stopping a leak."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest

from islandrun.core.config import IslandConfig
from islandrun.core.islands import Prices
from islandrun.core.privacy.boundary import needs_sanitizing
from islandrun.core.privacy.errors import EgressBlockedError
from islandrun.core.privacy.vault import VaultStore
from islandrun.core.remote.cost import settle_usage
from islandrun.core.remote.dispatcher import RemoteDispatcher
from islandrun.core.remote.errors import RemoteUnavailableError
from islandrun.core.remote.redaction import redact, remember_secret
from islandrun.core.remote.settings import RemoteTimeouts, RetryPolicy
from islandrun.core.remote.types import RemoteRequest
from islandrun.core.remote.wire import error_from_status, parse_retry_after, sse_events

from .conftest import free_port
from .proxy import ProxyServer, RecordingProxy


def test_backoff_grows_is_capped_and_honours_a_short_retry_after() -> None:
    policy = RetryPolicy(attempts=4, base_delay_s=0.5, max_delay_s=1.0, max_retry_after_s=5.0)
    assert all(0.0 <= (policy.delay(1) or 0) <= 0.5 for _ in range(50))
    assert all(0.0 <= (policy.delay(3) or 0) <= 1.0 for _ in range(50))
    assert policy.delay(4) is None  # out of attempts
    assert policy.delay(1, retry_after_s=2.0) == 2.0
    assert policy.delay(1, retry_after_s=30.0) is None  # a long wait: better the next island


def test_status_rules_and_retry_after() -> None:
    assert error_from_status("x", 429, "", "3").retryable and error_from_status("x", 429, "", "3").retry_after_s == 3.0
    assert error_from_status("x", 503, "", None).retryable and error_from_status("x", 529, "", None).retryable
    unauthorized = error_from_status("cloud", 401, "bad key", None)
    assert not unauthorized.retryable and "islandrun keys set cloud" in unauthorized.reason
    assert not error_from_status("x", 400, "", None).retryable
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0 and parse_retry_after("soon") is None


async def test_sse_framing_with_names_comments_and_multiline_data() -> None:
    body = b": keep-alive\n\nevent: ping\ndata: {}\n\ndata: a\ndata: b\n\ndata: tail"
    response = httpx.Response(200, content=body)
    assert [e async for e in sse_events(response)] == [("ping", "{}"), ("message", "a\nb"), ("message", "tail")]


def test_redaction_masks_known_secrets_and_key_shapes() -> None:
    remember_secret("plain-looking-secret-123")
    text = "key plain-looking-secret-123, Authorization: Bearer abcdefgh12345678, sk-proj-abcdefghijklmnop1234"
    assert redact(text) == "key [REDACTED], Authorization: Bearer [REDACTED], [REDACTED]"


def test_sanitize_rule_trust_drop_outside_the_personal_group() -> None:
    cloud = IslandConfig(id="c", kind="cloud").to_island()
    peer = IslandConfig(id="p", kind="peer").to_island()
    edge = IslandConfig.model_validate(
        {"id": "e", "kind": "edge", "trust": {"certification": "iso27001", "jurisdiction": "same-country"}}
    ).to_island()
    assert needs_sanitizing(cloud, 1.0) and needs_sanitizing(edge, 1.0)
    assert not needs_sanitizing(peer, 1.0)
    assert not needs_sanitizing(edge, 0.8)  # same trust as the source (an edge box forwarding)


def test_cost_from_reported_usage_or_a_documented_estimate() -> None:
    prices = Prices(input_per_mtok=1.0, output_per_mtok=4.0)
    sent = ({"role": "user", "content": "x" * 400},)
    usage, cost = settle_usage(prices, sent, "reply", (), 100, 20)
    assert not usage.estimated and cost == pytest.approx((100 + 80) / 1e6)
    usage, cost = settle_usage(prices, sent, "y" * 40, (), None, None)
    assert usage.estimated and (usage.prompt_tokens, usage.completion_tokens) == (104, 10)


@pytest.fixture
async def dispatcher() -> AsyncIterator[RemoteDispatcher]:
    async with httpx.AsyncClient() as http:
        yield RemoteDispatcher(vaults=VaultStore(), credentials=None, http=http, retry=RetryPolicy(attempts=1))


async def test_tool_definitions_and_stop_sequences_leave_sanitized(dispatcher: RemoteDispatcher) -> None:
    """Tool definitions (descriptions, enum values) and stop sequences travel too, so they are
    sanitized with the messages: the name reaches the wire only as its placeholder, in every field."""
    with ProxyServer(RecordingProxy(f"http://127.0.0.1:{free_port()}")) as wire:
        cloud = IslandConfig(id="cloud", kind="cloud", endpoint=wire.url).to_island()
        schema = {"type": "object", "properties": {"to": {"type": "string", "enum": ["Jennifer Holst", "team"]}}}
        tools = (
            {
                "type": "function",
                "function": {"name": "mail", "description": "Mail Jennifer Holst", "parameters": schema},
            },
        )
        messages = ({"role": "user", "content": "Write to Jennifer Holst about the invoice."},)
        request = RemoteRequest(messages, tools=tools, stop=("Jennifer Holst:",), conversation_id="leak")
        with pytest.raises(RemoteUnavailableError):  # nothing answers behind the proxy
            await dispatcher.complete([cloud], request)
        sent = [json.loads(x.body) for x in wire.exchanges]
        assert sent, "the request reached the wire"
        blob = json.dumps(sent)
        assert "Jennifer" not in blob and "Holst" not in blob
        [placeholder] = set(re.findall(r"\[PERSON_\d+\]", blob))
        body = sent[0]
        assert body["tools"][0]["function"]["description"] == f"Mail {placeholder}"
        assert body["tools"][0]["function"]["parameters"]["properties"]["to"]["enum"] == [placeholder, "team"]
        assert body["stop"] == [f"{placeholder}:"]


async def test_the_egress_guard_stops_what_could_not_be_replaced_and_nothing_is_sent(
    dispatcher: RemoteDispatcher,
) -> None:
    """A value the conversation's vault knows, standing where nothing may be rewritten (a JSON key of
    a tool schema), stops the request before anything is sent; no other island is tried, and the
    refusal says where (field and characters) without the value."""
    with ProxyServer(RecordingProxy(f"http://127.0.0.1:{free_port()}")) as wire:
        cloud = IslandConfig(id="cloud", kind="cloud", endpoint=wire.url).to_island()
        peer = IslandConfig(id="peer", kind="peer", endpoint=wire.url).to_island()
        schema = {"type": "object", "properties": {"Jennifer Holst": {"type": "string"}}}
        tools = ({"type": "function", "function": {"name": "mail", "parameters": schema}},)
        messages = ({"role": "user", "content": "Write to Jennifer Holst about the invoice."},)
        request = RemoteRequest(messages, tools=tools, conversation_id="leak-key")
        with pytest.raises(EgressBlockedError, match="PERSON") as blocked:
            await dispatcher.complete([cloud, peer], request)
        assert wire.exchanges == []
        assert "Jennifer" not in blocked.value.message
        assert blocked.value.spans and blocked.value.spans[0][0].startswith("tools[0].function.parameters")


async def test_no_first_token_in_time_fails_over(dispatcher: RemoteDispatcher) -> None:
    """A server that accepts the connection but never answers: the first-token timeout moves on."""
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        slow = IslandConfig(id="slow", kind="edge", endpoint=f"http://127.0.0.1:{silent.getsockname()[1]}").to_island()
        dispatcher.timeouts = RemoteTimeouts(first_token=0.5)
        with pytest.raises(RemoteUnavailableError, match=r"no first token within 0\.5 s"):
            async for _ in dispatcher.stream([slow], RemoteRequest(({"role": "user", "content": "hi"},))):
                pass
    finally:
        silent.close()


def test_holding_a_key_turns_log_redaction_on_for_every_handler() -> None:
    """In a fresh interpreter: a handler configured before the key was read, and one after."""
    code = (
        "import logging, sys\n"
        "logging.basicConfig(stream=sys.stdout, format='%(message)s')\n"
        "from islandrun.core.remote.redaction import remember_secret\n"
        "remember_secret('opaque-token-with-no-known-shape')\n"
        "later = logging.StreamHandler(sys.stdout); logging.getLogger().addHandler(later)\n"
        "logging.getLogger('x').warning('token=%s', 'opaque-token-with-no-known-shape')\n"
        "try:\n"
        "    raise RuntimeError('failed with opaque-token-with-no-known-shape')\n"
        "except RuntimeError:\n"
        "    logging.getLogger('x').exception('boom')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "opaque-token" not in out.stdout
    assert out.stdout.count("token=[REDACTED]") == 2 and "RuntimeError: failed with [REDACTED]" in out.stdout
