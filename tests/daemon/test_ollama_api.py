"""Ollama's native API on its opt-in listener, driven by the official `ollama` Python client (and plain
HTTP where the client hides what is checked) against a real `islandrun serve` on the embedded model."""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import ollama
import pytest

from islandrun.core import __version__

from .conftest import BASE_CONFIG, Daemon

# A 1×1 PNG: the local engine reads text only, so the request must be refused, the image never dropped.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d49444154789c6360000002000005000155f3d6ae0000000049454e44ae426082"
    )
).decode()
ASK = [{"role": "user", "content": "Name three colours."}]


def _ollama_port(daemon: Daemon, timeout: float = 10.0) -> int:
    """The port the daemon bound for the Ollama API, from daemon.json (0: none published)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = json.loads((daemon.runtime / "daemon.json").read_text())
        if data.get("ollama_port"):
            return int(data["ollama_port"])
        time.sleep(0.05)
    return 0


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Daemon, str]]:
    config = BASE_CONFIG + '\n[ollama]\nenabled = true\nlisten = "127.0.0.1:0"\n'
    daemon = Daemon(tmp_path_factory.mktemp("ollama"), config_text=config).start()
    port = _ollama_port(daemon)
    assert port > 0, "daemon.json names no ollama_port"
    yield daemon, f"http://127.0.0.1:{port}"
    daemon.stop()


@pytest.fixture(scope="module")
def client(served: tuple[Daemon, str]) -> ollama.Client:
    daemon, url = served
    return ollama.Client(host=url, headers={"Authorization": f"Bearer {daemon.token}"}, timeout=180)


@pytest.fixture(scope="module")
def http(served: tuple[Daemon, str]) -> Iterator[httpx.Client]:
    daemon, url = served
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {daemon.token}"}, timeout=180) as c:
        yield c


@pytest.fixture(scope="module")
def model(client: ollama.Client) -> str:
    names = [m.model for m in client.list().models]
    assert names
    return str(names[0])


def test_probe_version_and_tags(http: httpx.Client, client: ollama.Client) -> None:
    assert http.get("/").text == "Ollama is running"
    assert http.head("/").status_code == 200
    assert http.get("/api/version").json() == {"version": __version__, "server": "IslandRun"}
    models = client.list().models
    local = models[0]
    assert local.size and local.size > 1_000_000
    assert local.details is not None and local.details.format == "gguf" and local.details.family
    assert local.digest and len(local.digest) == 64
    assert local.modified_at is not None


def test_show_describes_the_model(client: ollama.Client, model: str) -> None:
    shown = client.show(model)
    assert shown.details is not None and shown.details.format == "gguf"
    assert shown.modelinfo and "general.architecture" in shown.modelinfo
    assert shown.capabilities == ["completion"]
    assert shown.template  # the GGUF's chat template
    with pytest.raises(ollama.ResponseError) as caught:
        client.show("no-such-model")
    assert caught.value.status_code == 404 and model in caught.value.error


def test_chat_answers_with_ollama_counters(client: ollama.Client, model: str) -> None:
    tagged = f"{model}:latest"  # Ollama's default tag finds the untagged name
    answer = client.chat(model=tagged, messages=ASK, options={"num_predict": 12, "seed": 1, "temperature": 0.2})
    assert answer.model == tagged
    assert answer.message.role == "assistant" and answer.message.content
    assert answer.done is True and answer.done_reason in ("stop", "length")
    assert answer.eval_count and 1 <= answer.eval_count <= 12
    assert answer.prompt_eval_count and answer.prompt_eval_count > 3
    assert answer.total_duration and answer.eval_duration and answer.total_duration >= answer.eval_duration


def test_a_tool_conversation_is_translated_whole(http: httpx.Client, model: str) -> None:
    tool = {"type": "function", "function": {"name": "weather", "parameters": {"type": "object", "properties": {}}}}
    messages = [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"function": {"name": "weather", "arguments": {"city": "Paris"}}}],
        },
        {"role": "tool", "content": "sunny, 21 C", "tool_name": "weather"},
    ]
    body = {"model": model, "messages": messages, "tools": [tool], "stream": False, "options": {"num_predict": 8}}
    response = http.post("/api/chat", json=body)
    assert response.status_code == 200 and response.json()["done"] is True
    plain = http.post("/api/chat", json={**body, "messages": messages[:1], "tools": []}).json()
    assert response.json()["prompt_eval_count"] > plain["prompt_eval_count"] + 20  # the call and result went in


def test_chat_streams_ndjson_ending_with_done(client: ollama.Client, model: str) -> None:
    parts = list(client.chat(model=model, messages=ASK, stream=True, options={"num_predict": 16, "seed": 1}))
    assert len(parts) >= 3
    assert all(p.done is False for p in parts[:-1]) and parts[-1].done is True
    assert "".join(p.message.content or "" for p in parts).strip()
    last = parts[-1]
    assert last.done_reason in ("stop", "length") and last.eval_count and last.eval_count >= 1


def test_raw_stream_carries_islandrun_record_and_headers(http: httpx.Client, model: str) -> None:
    body = {"model": model, "messages": ASK, "options": {"num_predict": 8, "num_ctx": 4096}}
    with http.stream("POST", "/api/chat", json=body) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in response.iter_lines() if line]
    first = lines[0]["islandrun"]
    assert first["island"] == "local" and first["route_id"] == response.headers["x-islandrun-route-id"]
    assert first["ignored"] == ["num_ctx"]  # accepted, and said to be the daemon's setting
    assert response.headers["x-islandrun-island"] == "local"
    assert lines[-1]["done"] is True


def test_generate_with_system_streamed_and_not(client: ollama.Client, model: str) -> None:
    whole = client.generate(model=model, prompt="Say hello.", system="Be brief.", options={"num_predict": 10})
    assert whole.response and whole.done and whole.eval_count
    parts = list(client.generate(model=model, prompt="Say hello.", stream=True, options={"num_predict": 10}))
    assert parts[-1].done and "".join(p.response or "" for p in parts).strip()


def test_empty_generate_loads_and_ps_lists_it(client: ollama.Client, model: str) -> None:
    loaded = client.generate(model=model)
    assert loaded.done is True and loaded.done_reason == "load" and not loaded.response
    running = client.ps().models
    assert model in [m.model for m in running]
    entry = next(m for m in running if m.model == model)
    assert entry.size and entry.size > 0 and entry.context_length == 2048


def test_embed_and_legacy_embeddings(client: ollama.Client) -> None:
    done = client.embed(model="all-minilm", input=["a red apple", "a green pear"])
    assert len(done.embeddings) == 2 and len(done.embeddings[0]) == 384
    assert done.prompt_eval_count and done.prompt_eval_count >= 2
    single = client.embeddings(model="all-minilm", prompt="a red apple")
    assert len(single.embedding) == 384
    assert single.embedding == pytest.approx(done.embeddings[0], abs=1e-5)


def test_unknown_model_is_404_listing_the_models(client: ollama.Client, model: str) -> None:
    for call in (
        lambda: client.chat(model="no-such-model", messages=ASK),
        lambda: client.generate(model="no-such-model", prompt="hi"),
    ):
        with pytest.raises(ollama.ResponseError) as caught:
            call()
        assert caught.value.status_code == 404
        assert "no-such-model" in caught.value.error and model in caught.value.error


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"options": {"top_k": 20, "mirostat": 1}}, "mirostat, top_k"),
        ({"options": {"num_predikt": 5}}, "num_predikt"),
        ({"options": {"temperature": 9}}, "options.temperature"),
        ({"think": True}, "think"),
        ({"format": "yaml"}, "format"),
    ],
)
def test_unsupported_or_bad_fields_are_400_naming_them(
    http: httpx.Client, model: str, extra: dict[str, object], named: str
) -> None:
    response = http.post("/api/chat", json={"model": model, "messages": ASK, "stream": False, **extra})
    assert response.status_code == 400
    assert named in response.json()["error"]


def test_generate_refuses_what_it_cannot_honour(client: ollama.Client, model: str) -> None:
    with pytest.raises(ollama.ResponseError) as caught:
        client.generate(model=model, prompt="def f():", suffix="return 1")
    assert caught.value.status_code == 400 and "suffix" in caught.value.error
    with pytest.raises(ollama.ResponseError) as caught:
        client.generate(model=model, prompt="What is this?", images=[PNG], options={"num_predict": 4})
    # The image reached the router as an image part: no island here may take vision, so nothing runs.
    assert caught.value.status_code == 400 and "image content parts (vision)" in caught.value.error


def test_guards_answer_in_ollama_shape(served: tuple[Daemon, str]) -> None:
    _, url = served
    with pytest.raises(ollama.ResponseError) as caught:
        ollama.Client(host=url).list()
    assert caught.value.status_code == 401 and "token" in caught.value.error
    wrong_host = httpx.get(f"{url}/api/tags", headers={"Host": "evil.example"})
    assert wrong_host.status_code == 421 and isinstance(wrong_host.json()["error"], str)


def test_unknown_paths_and_model_management(http: httpx.Client) -> None:
    missing = http.get("/api/nothing")
    assert missing.status_code == 404 and isinstance(missing.json()["error"], str)
    assert http.get("/v1/models").status_code == 404  # this listener serves Ollama's API only
    pushed = http.post("/api/push", json={"model": "x"})
    assert pushed.status_code == 501 and "islandrun models" in pushed.json()["error"]
    bad_pull = http.post("/api/pull", json={"model": "", "stream": False})
    assert bad_pull.status_code == 400


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_off_unless_asked_and_serve_flag_turns_it_on(tmp_path: Path) -> None:
    port = _free_port()
    daemon = Daemon(tmp_path, config_text=BASE_CONFIG + f'\n[ollama]\nlisten = "127.0.0.1:{port}"\n').start()
    try:
        assert not _open(port)
        assert json.loads((daemon.runtime / "daemon.json").read_text()).get("ollama_port", 0) == 0
    finally:
        daemon.stop()
    # `islandrun serve --ollama` (the fixture's command with the flag appended; exec keeps the pid)
    daemon.prefix = ["/bin/sh", "-c", 'exec "$0" "$@" --ollama']
    daemon.start()
    try:
        assert _ollama_port(daemon) == port and _open(port)
    finally:
        daemon.stop()
