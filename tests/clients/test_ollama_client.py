"""The `ollama` Python client against Ollama's API on the daemon's opt-in listener (`[ollama] enabled =
true`): chat plain and streamed, generate, embed, list (tags), show, ps, version — what an Ollama user
checks. The listener wants the daemon's token like the main one: `headers=` or `OLLAMA_API_KEY`."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator

import httpx
import ollama
import pytest

from .conftest import CHAT_MODEL, EMBED_MODEL, OllamaDaemon

pytestmark = pytest.mark.clients


@pytest.fixture(scope="module")
def client(ollama_daemon: OllamaDaemon) -> Iterator[ollama.Client]:
    sdk = ollama.Client(
        host=ollama_daemon.ollama_url, headers={"Authorization": f"Bearer {ollama_daemon.token}"}, timeout=180
    )
    yield sdk
    sdk._client.close()  # the ollama client's own close() is untyped


def test_chat(client: ollama.Client) -> None:
    response = client.chat(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "Name three colours."}],
        options={"num_predict": 12, "temperature": 0.0},
    )
    assert response.done and response.done_reason in ("stop", "length")
    assert response.message.role == "assistant"
    assert (response.message.content or "").strip()
    assert (response.eval_count or 0) >= 1 and (response.prompt_eval_count or 0) >= 1


def test_chat_streamed(client: ollama.Client) -> None:
    parts = list(
        client.chat(
            model=CHAT_MODEL,
            messages=[{"role": "user", "content": "Name three animals."}],
            options={"num_predict": 16},
            stream=True,
        )
    )
    assert len(parts) >= 2
    assert all(not p.done for p in parts[:-1]) and parts[-1].done
    assert "".join(p.message.content or "" for p in parts).strip()
    assert (parts[-1].eval_count or 0) >= 1


def test_chat_with_a_tool(client: ollama.Client) -> None:
    def get_weather(city: str) -> str:
        """The current weather in a city.

        Args:
          city: the city's name
        """
        return f"sunny in {city}"

    response = client.chat(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "Use get_weather: what is the weather in Paris?"}],
        tools=[get_weather],
        options={"num_predict": 60, "temperature": 0.0},
    )
    # Ollama has no tool_choice: a toy model may or may not call it, but a call must be well formed.
    for call in response.message.tool_calls or []:
        assert call.function.name == "get_weather"
        assert isinstance(call.function.arguments.get("city"), str)


def test_chat_with_format_json(client: ollama.Client) -> None:
    response = client.chat(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": 'Reply with JSON like {"animal": "cat"}.'}],
        format="json",
        options={"num_predict": 200, "temperature": 0.0},
    )
    assert response.done_reason == "stop"
    assert isinstance(json.loads(response.message.content or ""), dict)


def test_chat_with_a_json_schema_format(client: ollama.Client) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string", "maxLength": 30}, "country": {"type": "string", "maxLength": 30}},
        "required": ["name", "country"],
    }
    response = client.chat(
        model=CHAT_MODEL,
        messages=[{"role": "user", "content": "Name a city and its country."}],
        format=schema,
        options={"num_predict": 100, "temperature": 0.0},
    )
    city = json.loads(response.message.content or "")
    assert isinstance(city["name"], str) and isinstance(city["country"], str)


def test_generate(client: ollama.Client) -> None:
    response = client.generate(model=CHAT_MODEL, prompt="Say hello.", options={"num_predict": 8})
    assert response.done and (response.response or "").strip()
    streamed = list(client.generate(model=CHAT_MODEL, prompt="Say hi.", options={"num_predict": 8}, stream=True))
    assert streamed[-1].done and "".join(p.response or "" for p in streamed).strip()


def test_embed(client: ollama.Client) -> None:
    response = client.embed(model=EMBED_MODEL, input=["The cat sat on the mat.", "Revenue grew by four percent."])
    assert len(response.embeddings) == 2 and all(len(v) == 384 for v in response.embeddings)
    assert all(math.isclose(math.fsum(x * x for x in v), 1.0, rel_tol=1e-3) for v in response.embeddings)
    assert response.embeddings[0] != response.embeddings[1]
    legacy = client.embeddings(model=EMBED_MODEL, prompt="The cat sat on the mat.")  # /api/embeddings
    assert len(legacy.embedding) == 384
    assert all(math.isclose(a, b, abs_tol=1e-5) for a, b in zip(legacy.embedding, response.embeddings[0], strict=True))


def test_list_show_and_ps(client: ollama.Client) -> None:
    listed = client.list()
    names = [m.model for m in listed.models if m.model]
    assert names and len(names) == len(listed.models)
    shown = client.show(names[0])
    assert shown.details is not None
    assert shown.capabilities
    client.chat(model=CHAT_MODEL, messages=[{"role": "user", "content": "hi"}], options={"num_predict": 2})
    running = client.ps()
    assert running.models, "ps lists no resident model after a chat"


def test_version_and_the_probe(ollama_daemon: OllamaDaemon) -> None:
    headers = {"Authorization": f"Bearer {ollama_daemon.token}"}
    with httpx.Client(base_url=ollama_daemon.ollama_url, headers=headers, timeout=30) as http:
        assert http.get("/").text.strip() == "Ollama is running"
        version = http.get("/api/version")
        assert version.status_code == 200 and version.json()["version"]


def test_an_unknown_model_is_a_404_response_error(client: ollama.Client) -> None:
    with pytest.raises(ollama.ResponseError) as missing:
        client.chat(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    assert missing.value.status_code == 404
    assert "no-such-model" in missing.value.error


def test_an_unsupported_option_is_a_400_naming_it(client: ollama.Client) -> None:
    with pytest.raises(ollama.ResponseError) as refused:
        client.chat(model=CHAT_MODEL, messages=[{"role": "user", "content": "hi"}], options={"mirostat": 2})
    assert refused.value.status_code == 400
    assert "mirostat" in refused.value.error


def test_without_the_token_it_is_refused(ollama_daemon: OllamaDaemon, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OLLAMA_API_KEY", raising=False)
    anonymous = ollama.Client(host=ollama_daemon.ollama_url, timeout=30)
    with pytest.raises(ollama.ResponseError) as refused:
        anonymous.list()
    assert refused.value.status_code == 401


def test_the_token_from_ollama_api_key(ollama_daemon: OllamaDaemon, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", ollama_daemon.token)
    keyed = ollama.Client(host=ollama_daemon.ollama_url, timeout=30)
    assert keyed.list().models


@pytest.mark.parametrize("call", ["copy", "delete", "push", "create"])
def test_model_management_is_refused_pointing_at_the_cli(client: ollama.Client, call: str) -> None:
    calls: dict[str, Callable[[], object]] = {
        "copy": lambda: client.copy(CHAT_MODEL, "my-copy"),
        "delete": lambda: client.delete("my-copy"),
        "push": lambda: client.push("someone/model"),
        "create": lambda: client.create(model="mine", from_=CHAT_MODEL),
    }
    with pytest.raises(ollama.ResponseError) as refused:
        calls[call]()
    assert refused.value.status_code == 501
    assert "islandrun models" in refused.value.error
