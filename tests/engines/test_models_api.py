"""``/api/models``: a pull through the daemon's router reports progress and completion as events.

The registry is the local server of ``registry_server.py`` (no outside server is reachable
here). The router is mounted on its own FastAPI app with a recorder in place of the daemon's
event bus (the router only calls ``publish(type, data)``); the HTTP stack and the pull are real.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from islandrun.core.daemon import models_api

from .registry_server import Blob, Registry, RegistryServer, tiny_gguf

DATA = tiny_gguf(2 << 20)


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def publish(self, type_: str, data: dict[str, Any]) -> None:
        self.events.append((type_, data))

    def wait_for(self, type_prefix: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for type_, data in self.events:
                if type_.startswith(type_prefix) and type_ != "model.pull.progress":
                    return {"type": type_, **data}
            time.sleep(0.05)
        raise AssertionError(f"no {type_prefix} event; got {[t for t, _ in self.events]}")


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Recorder, Registry]]:
    reg = Registry(ollama={"library/tiny:1b": Blob(DATA)}, hf={"acme/tiny-GGUF": {"tiny-Q4_K_M.gguf": Blob(DATA)}})
    reg.delay_s = 0.002
    with RegistryServer(reg) as server:
        monkeypatch.setenv("ISLANDRUN_OLLAMA_REGISTRY", server.url)
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        app = FastAPI()
        recorder = Recorder()

        async def refresh_local_models() -> None:  # the pipeline re-reads its models after a pull
            recorder.events.append(("pipeline.models.refreshed", {}))

        app.state.pipeline = SimpleNamespace(events=recorder, refresh_local_models=refresh_local_models)
        app.include_router(models_api.router)
        with TestClient(app) as client:
            yield client, recorder, reg


def test_a_pull_through_the_api_reports_progress_then_done(api: tuple[TestClient, Recorder, Registry]) -> None:
    client, recorder, _ = api
    started = client.post("/api/models/pulls", json={"name": "tiny:1b"})
    assert started.status_code == 202, started.text
    assert client.post("/api/models/pulls", json={"name": "tiny:1b"}).status_code in (202, 409)
    done = recorder.wait_for("model.pull.done")
    assert done["model"] == "ollama:tiny:1b" and Path(done["path"]).read_bytes() == DATA
    progress = [d for t, d in recorder.events if t == "model.pull.progress"]
    assert progress and progress[-1]["done"] == progress[-1]["total"] == len(DATA)
    assert client.get("/api/models/pulls").json() == []
    recorder.wait_for("pipeline.models.refreshed")  # the new model routes at once, no restart


def test_failures_and_cancellation_are_events(api: tuple[TestClient, Recorder, Registry]) -> None:
    client, recorder, reg = api
    assert client.post("/api/models/pulls", json={"name": "Not A Name!"}).status_code == 400
    client.post("/api/models/pulls", json={"name": "nosuch:1b"})
    failed = recorder.wait_for("model.pull.failed")
    assert failed["error"] == "PullNotFoundError" and "404" in failed["reason"]
    recorder.events.clear()
    reg.delay_s = 0.05
    client.post("/api/models/pulls", json={"name": "acme/tiny-GGUF"})
    deadline = time.monotonic() + 10
    while not any(t == "model.pull.progress" for t, _ in recorder.events) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert client.delete("/api/models/pulls/acme/tiny-GGUF").status_code == 204
    cancelled = recorder.wait_for("model.pull.failed")
    assert cancelled["error"] == "PullCancelledError"
    assert client.delete("/api/models/pulls/acme/tiny-GGUF").status_code == 404


def test_the_catalog_endpoint_has_the_fit_check(api: tuple[TestClient, Recorder, Registry]) -> None:
    client, _, _ = api
    body = client.get("/api/models/catalog").json()
    assert body["device"]["threads"] >= 1 and len(body["models"]) >= 8
    assert all({"fits_ram", "expected_cpu_tokens_per_s", "licence"} <= set(m) for m in body["models"])
