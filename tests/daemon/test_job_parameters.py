"""Parameters that travel to an island, answered by a real model there: a ``json_object``
response format comes back as a JSON object, legacy ``functions`` travel as tools and come back as
a tool call. Both are slow (the real model writes up to 48 constrained tokens).

The daemon runs with an edge island (``llama_cpp.server`` on the embedded model behind a recording
proxy, trust below this device's: what reaches it is sanitised). What the recording proxy saw is
what left the device. The rest of "every chat parameter is carried, refused by name, or kept on
this device" (the refusals by name, metadata kept here, tools and schemas sanitised on the wire,
logprobs kept local, the unknown model's 404) needs no process or model and is checked in memory:
tests/inmemory/test_job_parameters.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
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
def proxy(llama_server: str) -> Iterator[RecordingProxy]:
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
