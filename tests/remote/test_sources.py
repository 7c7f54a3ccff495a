"""The sources an IslandRun peer reports with an answer from one of its collections: taken when
well-formed, named with the island that served, dropped (answer kept) when malformed or too many."""

from __future__ import annotations

from typing import Any

import pytest

from islandrun.core.remote.openai_compat import OpenAICompatible
from islandrun.core.remote.sources import MAX_SOURCES, parse_sources
from islandrun.core.remote.wire import WireRequest

GOOD = {"number": 1, "source": "handbook/vacation.md", "chunk_id": 7, "score": 0.03, "island": "local"}


def test_well_formed_sources_are_named_with_the_island_that_served() -> None:
    parsed = parse_sources("peer-0123456789abcdef", {"sources": [GOOD], "island": "local"})
    assert parsed == ({**GOOD, "island": "peer-0123456789abcdef"},)


def test_an_extension_without_sources_says_so() -> None:
    assert parse_sources("p", {"island": "local", "route_id": "x"}) is None
    assert parse_sources("p", None) is None
    assert parse_sources("p", "sources") is None


@pytest.mark.parametrize(
    "hostile",
    [
        "not a list",
        [{"number": 1}],  # fields missing
        [{**GOOD, "source": "x" * 5000}],  # a "file name" the size of a document
        [{**GOOD, "number": 0}],
        [{**GOOD, "chunk_id": "seven"}],
        [GOOD] * (MAX_SOURCES + 1),
    ],
)
def test_malformed_or_oversized_sources_are_dropped_not_raised(hostile: Any, caplog: pytest.LogCaptureFixture) -> None:
    assert parse_sources("peer-x", {"sources": hostile}) == ()
    assert "peer-x" in caplog.text and "kept without" in caplog.text


def test_passage_text_a_peer_adds_is_not_relayed() -> None:
    (parsed,) = parse_sources("p", {"sources": [{**GOOD, "text": "the whole passage"}]}) or ()
    assert "text" not in parsed


def test_a_reply_carries_the_sources_and_the_extension_goes_out_only_when_set() -> None:
    adapter = OpenAICompatible()
    reply = adapter.parse_reply(
        "p",
        {
            "choices": [{"message": {"content": "31 days [1]"}, "finish_reason": "stop"}],
            "islandrun": {"collection": "handbook", "sources": [GOOD]},
        },
    )
    assert reply.text == "31 days [1]" and reply.sources[0]["source"] == "handbook/vacation.md"
    plain = adapter.chat_call(
        "http://h/v1", WireRequest(({"role": "user", "content": "q"},), None, 8), None, stream=False
    )
    assert plain.body is not None and "islandrun" not in plain.body
    wire = WireRequest(({"role": "user", "content": "q"},), None, 8, extensions={"collection": "handbook"})
    call = adapter.chat_call("http://h/v1", wire, None, stream=True)
    assert call.body is not None and call.body["islandrun"] == {"collection": "handbook"}
