"""Every chat parameter is carried, refused by name, or kept on this device — never dropped.

The daemon runs with an edge island (``llama_cpp.server`` on the embedded model behind a
recording proxy, trust below this device's: what reaches it is sanitised) and an Anthropic-API
island that serves one model. What the recording proxy saw is what left the device.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from remote.conftest import llama_server  # noqa: F401 - the session's llama_cpp.server fixture
from remote.proxy import ProxyServer, RecordingProxy

from .conftest import BASE_CONFIG, Daemon

EMAIL = "irene.vasquez.61@example.net"
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


@pytest.fixture(scope="module")
def proxy(llama_server: str) -> Iterator[RecordingProxy]:  # noqa: F811 - the fixture above
    with ProxyServer(RecordingProxy(llama_server)) as running:
        yield running


@pytest.fixture(scope="module")
def daemon(proxy: RecordingProxy, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    config = (
        BASE_CONFIG
        + f"""
[policy.thresholds]
burstable = 1.0      # burstable work leaves this device at the first sample below 1.0

[[islands]]
id = "lab-edge"
kind = "edge"
endpoint = "{proxy.url}/v1"
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
expected_latency_ms = 50

[[islands]]
id = "claude-edge"
kind = "edge"
api = "anthropic"
endpoint = "{proxy.url}"
models = ["claude-lab"]
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
"""
    )
    running = Daemon(tmp_path_factory.mktemp("job-parameters"), config).start()
    yield running
    running.stop()


def _post(daemon: Daemon, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    with daemon.client() as client:
        response = client.post("/v1/chat/completions", json=body)
    return response.status_code, response.json()


def _chat(**extra: Any) -> dict[str, Any]:
    return {"model": "default", "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 8, **extra}


def _sent(proxy: RecordingProxy) -> list[dict[str, Any]]:
    return [json.loads(x.body) for x in proxy.exchanges if x.body]


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
def test_a_parameter_that_cannot_be_honoured_is_a_400_naming_it(
    daemon: Daemon, proxy: RecordingProxy, extra: dict[str, Any], named: str
) -> None:
    # Burstable: were it accepted, it would go to lab-edge; a refusal must leave nothing there.
    proxy.exchanges.clear()
    status, body = _post(daemon, _chat(**extra, islandrun={"tier": "burstable"}))
    assert status == 400, body
    assert named in body["error"]["message"]
    assert not proxy.exchanges, "a refused request must not leave the device"


def test_metadata_stays_on_this_device(daemon: Daemon, proxy: RecordingProxy) -> None:
    proxy.exchanges.clear()
    status, body = _post(
        daemon, _chat(user=f"user-{EMAIL}", metadata={"ticket": "T-1"}, islandrun={"tier": "burstable"})
    )
    assert status == 200, body
    assert body["islandrun"]["island"] == "lab-edge"
    wire = json.dumps(_sent(proxy))
    assert EMAIL not in wire and "T-1" not in wire and '"user"' not in wire.replace('"role": "user"', "")


def test_tools_choice_and_schema_reach_the_island_sanitised(daemon: Daemon, proxy: RecordingProxy) -> None:
    proxy.exchanges.clear()
    schema = {
        "type": "object",
        "properties": {"greeting": {"type": "string", "description": f"addressed to {EMAIL}"}},
        "required": ["greeting"],
    }
    status, body = _post(
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
    # llama_cpp.server 0.3.36 (the island here) knows no json_schema response_format and answers
    # 500: what is under test is what left this device, and that the failure is named.
    assert status in (200, 502), body
    if status == 502:
        assert "lab-edge" in body["error"]["message"]
    sent = _sent(proxy)[-1]
    assert sent["tool_choice"] == "none" and sent["tools"][0]["function"]["name"] == "get_weather"
    assert sent["response_format"]["type"] == "json_schema"
    description = sent["response_format"]["json_schema"]["schema"]["properties"]["greeting"]["description"]
    assert EMAIL not in description and "[CONTACT_" in description
    assert sent["frequency_penalty"] == 0.5


@pytest.mark.slow  # the real model writes up to 48 constrained tokens (about a minute here)
def test_a_json_object_answer_comes_back_from_the_island(daemon: Daemon, proxy: RecordingProxy) -> None:
    proxy.exchanges.clear()
    status, body = _post(
        daemon,
        _chat(
            messages=[{"role": "user", "content": f"Reply as JSON with a greeting for {EMAIL}."}],
            max_tokens=48,
            response_format={"type": "json_object"},
            islandrun={"tier": "burstable"},
        ),
    )
    assert status == 200, body
    assert body["islandrun"]["island"] == "lab-edge" and body["islandrun"]["replaced"] == {"EMAIL": 1}
    assert _sent(proxy)[-1]["response_format"] == {"type": "json_object"}
    if body["choices"][0]["finish_reason"] == "stop":
        assert isinstance(json.loads(body["choices"][0]["message"]["content"]), dict)


@pytest.mark.slow  # the real model writes up to 48 constrained tokens (about a minute here)
def test_legacy_functions_travel_as_tools(daemon: Daemon, proxy: RecordingProxy) -> None:
    proxy.exchanges.clear()
    status, body = _post(
        daemon,
        _chat(
            functions=[WEATHER_TOOL["function"]],
            function_call={"name": "get_weather"},
            messages=[{"role": "user", "content": "Weather in Lisbon?"}],
            max_tokens=48,
            islandrun={"tier": "burstable"},
        ),
    )
    assert status == 200, body
    sent = _sent(proxy)[-1]
    assert sent["tools"] == [WEATHER_TOOL]
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}
    assert body["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "get_weather"


def test_what_only_some_islands_can_do_is_a_400_naming_the_parameter_and_those_islands(
    daemon: Daemon, proxy: RecordingProxy
) -> None:
    proxy.exchanges.clear()
    status, body = _post(daemon, _chat(model="claude-lab", response_format={"type": "json_object"}))
    assert status == 400, body
    message = body["error"]["message"]
    assert "response_format" in message and "claude-edge" in message and "local" in message
    assert not proxy.exchanges


def test_logprobs_never_go_where_the_text_would_be_sanitised(daemon: Daemon, proxy: RecordingProxy) -> None:
    # Burstable work would go to lab-edge, which receives sanitised text: its logprobs would be the
    # placeholders'. The request stays on this device instead (queued: nowhere else may take it).
    proxy.exchanges.clear()
    status, body = _post(daemon, _chat(logprobs=True, top_logprobs=2, islandrun={"tier": "burstable"}))
    assert status == 200, body
    assert body["islandrun"]["island"] == "local"
    assert not proxy.exchanges
    entries = body["choices"][0]["logprobs"]["content"]
    assert "".join(e["token"] for e in entries) == body["choices"][0]["message"]["content"]


def test_an_unknown_model_is_a_404_listing_the_models_there_are(daemon: Daemon) -> None:
    status, body = _post(daemon, _chat(model="gpt-17-ultra"))
    assert status == 404, body
    assert "gpt-17-ultra" in body["error"]["message"] and "claude-lab" in body["error"]["message"]
    with daemon.client() as client:
        assert client.get("/v1/models/default").status_code == 200
        missing = client.get("/v1/models/gpt-17-ultra")
    assert missing.status_code == 404 and "claude-lab" in missing.json()["error"]["message"]
