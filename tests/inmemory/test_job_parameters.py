"""Every chat parameter is carried, refused by name, or kept on this device — never dropped; with
the daemon in memory and what reaches an island recorded.

The daemon runs with an edge island (trust below this device's: what reaches it is sanitised) and
an Anthropic-API island that serves one model. Real: the request parsing and its refusals, routing,
MIST, the dispatcher, its HTTP client and the OpenAI wire adapter. Stand-ins: the edge island is
:class:`.fake_island.FakeIsland` on a loopback port (it records every body that left the device,
which is what these tests check; it cannot write JSON or call tools, so the answers of a real model
stay in tests/daemon/test_job_parameters.py); the Anthropic island is never reached here (each
request to it is refused first); the local model is scripted (:mod:`.fake_engine`, logprobs
included). One daemon serves the module's tests (they leave nothing another reads), as one
``islandrun serve`` did for the subprocess version. (Moved from tests/daemon/test_job_parameters.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
import pytest_asyncio

from .conftest import BASE_CONFIG, InMemoryDaemon, Start
from .fake_island import FakeIsland

EMAIL = "irene.vasquez.61@example.net"
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
ISLANDS = """
[policy.thresholds]
burstable = 1.0      # burstable work leaves this device at the first sample below 1.0

[[islands]]
id = "lab-edge"
kind = "edge"
endpoint = "{url}"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
expected_latency_ms = 50

[[islands]]
id = "claude-edge"
kind = "edge"
api = "anthropic"
endpoint = "{base}"
models = ["claude-lab"]
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
"""


pytestmark = pytest.mark.asyncio(loop_scope="module")  # one daemon for the module, as its subprocess version


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared(start_module_daemon: Start, module_island: FakeIsland) -> InMemoryDaemon:
    url = module_island.url
    return await start_module_daemon(BASE_CONFIG + ISLANDS.format(url=url, base=url.removesuffix("/v1")))


@pytest.fixture
def island(module_island: FakeIsland) -> FakeIsland:
    """The edge island, its record emptied for this test."""
    module_island.received.clear()
    return module_island


@pytest.fixture
def daemon(shared: InMemoryDaemon, island: FakeIsland) -> InMemoryDaemon:
    """The module's daemon, what its model saw emptied for this test."""
    shared.engine.seen.clear()
    return shared


async def _post(daemon: InMemoryDaemon, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    async with daemon.client() as client:
        response = await client.post("/v1/chat/completions", json=body)
    return response.status_code, response.json()


def _chat(**extra: Any) -> dict[str, Any]:
    return {"model": "default", "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 8, **extra}


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"temprature": 0.5}, "temprature"),  # a typo is an error, not a default temperature
        ({"logit_bias": {"50256": -100}}, "logit_bias"),
        ({"audio": {"voice": "alloy", "format": "wav"}}, "audio"),
        ({"store": True}, "store"),
        ({"top_logprobs": 3}, "top_logprobs"),  # without logprobs: true
        ({"tool_choice": {"type": "function", "function": {"name": "nope"}}, "tools": [WEATHER_TOOL]}, "nope"),
        ({"tool_choice": "required"}, "required"),
        ({"response_format": {"type": "json_schema"}}, "json_schema"),
        ({"response_format": {"type": "yaml"}}, "response_format"),
        ({"n": 2}, "n"),
        ({"tools": [{**WEATHER_TOOL, "function": {"name": "w", "parameters": {"type": "objekt"}}}]}, "tools[0]"),
        ({"tools": [{"type": "function", "function": {"name": "has space"}}]}, "tools[0].function.name"),
        ({"tools": [WEATHER_TOOL, WEATHER_TOOL]}, "given twice"),
        ({"tools": [WEATHER_TOOL] * 129}, "tools"),
        (
            {"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": 7}}}},
            "response_format.json_schema.schema",
        ),
        (
            {
                "response_format": {
                    "type": "json_schema",
                    "json_schema": {"name": "x", "schema": {"$ref": "https://e.x/s"}},
                }
            },
            "$ref",
        ),
    ],
)
async def test_a_parameter_that_cannot_be_honoured_is_a_400_naming_it(
    daemon: InMemoryDaemon, island: FakeIsland, extra: dict[str, Any], named: str
) -> None:
    # Burstable: were it accepted, it would go to lab-edge; a refusal must leave nothing there.
    status, body = await _post(daemon, _chat(**extra, islandrun={"tier": "burstable"}))
    assert status == 400, body
    assert named in body["error"]["message"]
    assert not island.received, "a refused request must not leave the device"
    assert not daemon.engine.seen, "nor reach the local model"


async def test_an_accepted_request_does_reach_the_island(daemon: InMemoryDaemon, island: FakeIsland) -> None:
    """The other side of the refusals above: the same request without the bad parameter leaves."""
    status, body = await _post(daemon, _chat(islandrun={"tier": "burstable"}))
    assert status == 200, body
    assert body["islandrun"]["island"] == "lab-edge" and len(island.received) == 1


async def test_metadata_stays_on_this_device(daemon: InMemoryDaemon, island: FakeIsland) -> None:
    status, body = await _post(
        daemon, _chat(user=f"user-{EMAIL}", metadata={"ticket": "T-1"}, islandrun={"tier": "burstable"})
    )
    assert status == 200, body
    assert body["islandrun"]["island"] == "lab-edge"
    wire = island.sent_text()
    assert island.received and "Say hello." in wire
    assert EMAIL not in wire and "T-1" not in wire and '"user"' not in wire.replace('"role": "user"', "")


async def test_tools_choice_and_schema_reach_the_island_sanitised(daemon: InMemoryDaemon, island: FakeIsland) -> None:
    schema = {
        "type": "object",
        "properties": {"greeting": {"type": "string", "description": f"addressed to {EMAIL}"}},
        "required": ["greeting"],
    }
    status, body = await _post(
        daemon,
        _chat(
            max_tokens=48,
            tools=[WEATHER_TOOL],
            tool_choice="none",
            response_format={"type": "json_schema", "json_schema": {"name": "greeting", "schema": schema}},
            frequency_penalty=0.5,
            islandrun={"tier": "burstable"},
        ),
    )
    assert status == 200, body
    assert body["islandrun"]["island"] == "lab-edge"
    sent = island.received[-1].body
    assert sent["tool_choice"] == "none" and sent["tools"][0]["function"]["name"] == "get_weather"
    assert sent["response_format"]["type"] == "json_schema"
    description = sent["response_format"]["json_schema"]["schema"]["properties"]["greeting"]["description"]
    assert EMAIL not in description and "[CONTACT_" in description
    assert sent["frequency_penalty"] == 0.5


async def test_what_only_some_islands_can_do_is_a_400_naming_the_parameter_and_those_islands(
    daemon: InMemoryDaemon, island: FakeIsland
) -> None:
    status, body = await _post(daemon, _chat(model="claude-lab", response_format={"type": "json_object"}))
    assert status == 400, body
    message = body["error"]["message"]
    assert "response_format" in message and "claude-edge" in message and "local" in message
    assert not island.received


async def test_logprobs_never_go_where_the_text_would_be_sanitised(daemon: InMemoryDaemon, island: FakeIsland) -> None:
    # Burstable work would go to lab-edge, which receives sanitised text: its logprobs would be the
    # placeholders'. The request stays on this device instead (queued: nowhere else may take it).
    status, body = await _post(daemon, _chat(logprobs=True, top_logprobs=2, islandrun={"tier": "burstable"}))
    assert status == 200, body
    assert body["islandrun"]["island"] == "local"
    assert not island.received
    assert daemon.engine.seen[-1].logprobs and daemon.engine.seen[-1].top_logprobs == 2
    entries = body["choices"][0]["logprobs"]["content"]
    assert "".join(e["token"] for e in entries) == body["choices"][0]["message"]["content"]


async def test_an_unknown_model_is_a_404_listing_the_models_there_are(daemon: InMemoryDaemon) -> None:
    status, body = await _post(daemon, _chat(model="gpt-17-ultra"))
    assert status == 404, body
    assert "gpt-17-ultra" in body["error"]["message"] and "claude-lab" in body["error"]["message"]
    async with daemon.client() as client:
        assert (await client.get("/v1/models/default")).status_code == 200
        missing = await client.get("/v1/models/gpt-17-ultra")
    assert missing.status_code == 404 and "claude-lab" in missing.json()["error"]["message"]
