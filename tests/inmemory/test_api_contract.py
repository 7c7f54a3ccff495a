"""The ``/api`` contract with the tray, with the daemon in memory: every ``/api`` route declares
what it answers (``response_model``, so ``/openapi.json`` describes it), and what each route really
answers fits that model exactly (under the tests' ISLANDRUN_STRICT_API=1 the models forbid keys
they do not name, core/daemon/api_models*.py).

A route whose answer drifts from its model answers 500 (FastAPI checks every response), so each call
here also checks the route still works. The routes are called for real, with content in them: an
island added, a pending approval (a request from an app's own token that needs a yes), a grant made
by answering it, a collection indexed. The few routes not called here are listed with the test that
calls them, and the list is checked to be exactly the routes left over, so a new route cannot slip
through untested.

Real: every service, the API and its response models, the guards, the capacity sampler, the
collection store and its embedder, the token file. Scripted: the chat model (the catalogue and the
queue are the real engine's; see :mod:`.fake_engine`). The island added here is down (nothing
listens at its port), as in the subprocess version. (Moved from tests/daemon/test_api_contract.py.)
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

from islandrun.core.daemon import (
    apps_api,
    collections_api,
    grants_api,
    islandrun_api,
    keys_api,
    models_api,
    models_default_api,
    peers_api,
)

from .conftest import InMemoryDaemon

ROUTERS = (
    islandrun_api.router,
    keys_api.router,
    apps_api.router,
    grants_api.router,
    collections_api.router,
    models_api.router,
    models_default_api.router,
    peers_api.router,
)
# Routes with a body this test does not call, and where they are called for real.
ELSEWHERE = {
    ("GET", "/api/peers"): "tests/discovery/test_daemon_peers.py (the personal group is off in test daemons)",
    ("POST", "/api/peers/pair"): "tests/discovery/test_daemon_peers.py",
    ("POST", "/api/peers/pairings/{session_id}/confirm"): "tests/discovery/test_daemon_peers.py",
    ("POST", "/api/peers/pairings/{session_id}/accept"): "tests/discovery/test_daemon_peers.py",
    ("DELETE", "/api/peers/{target}"): "tests/discovery/test_daemon_peers.py",
    ("DELETE", "/api/islands/{island_id}/key"): "tests/daemon/test_keys_api.py (needs an OS keyring)",
    ("POST", "/api/models/pulls"): "tests/engines (it downloads)",
}
EVENTS = ("GET", "/api/events")  # an endless SSE stream; its events have their own models (event_models.py)


def _routes() -> dict[tuple[str, str], APIRoute]:
    routes = {}
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute) and route.path.startswith("/api"):
                for method in route.methods or ():
                    routes[(method, route.path.replace(":path}", "}"))] = route  # as OpenAPI writes it
    return routes


ROUTES = _routes()


async def test_every_api_route_declares_its_response(daemon: InMemoryDaemon) -> None:
    for key, route in ROUTES.items():
        has_body = route.status_code != 204 and key != EVENTS
        assert (route.response_model is not None) == has_body, f"{key}: response_model={route.response_model}"
    async with daemon.unix_client() as api:
        document = (await api.get("/openapi.json")).json()
    operations = {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        if path.startswith("/api/")
        for method, operation in item.items()
    }
    # Every /api operation of the running daemon is one of these routers' (none added elsewhere unseen).
    assert set(operations) == set(ROUTES), set(operations) ^ set(ROUTES)
    described = 0
    for key, operation in operations.items():
        success = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
        assert len(success) == 1, (key, success)
        [(code, response)] = success.items()
        if code == "204":
            assert "content" not in response, key
            continue
        schemas = [media.get("schema", {}) for media in response["content"].values()]  # SSE: also text/event-stream
        named = [s.get("$ref") or s.get("items", {}).get("$ref") for s in schemas]
        refs = [n for n in named if n]
        assert len(refs) == 1, f"{key}: no response model in {schemas}"
        ref = refs[0]
        component = document["components"]["schemas"][ref.removeprefix("#/components/schemas/")]
        assert component.get("properties") or component.get("oneOf"), (key, component)
        described += 1
    assert described >= 38  # today 40 (39 JSON bodies and the event stream); guards against a vacuous pass


async def _wait(what: str, check: Callable[[], Awaitable[Any]], timeout: float = 60.0) -> Any:
    async with asyncio.timeout(timeout):
        while not (found := await check()):
            await asyncio.sleep(0.05)
    return found


class Contract:
    """Calls routes and checks each answer against its route's model; remembers what it checked."""

    def __init__(self, api: httpx.AsyncClient) -> None:
        self.api = api
        self.checked: set[tuple[str, str]] = set()

    async def call(self, method: str, template: str, status: int = 200, json: Any = None, **values: str) -> Any:
        path = template.format(**values)
        response = await self.api.request(method, path, json=json)
        assert response.status_code == status, (method, path, response.status_code, response.text)
        model = ROUTES[(method, template)].response_model
        TypeAdapter(model).validate_json(response.content)  # extra keys, missing keys, wrong types: fail
        self.checked.add((method, template))
        return response.json()


async def test_every_route_answers_what_its_model_says(daemon: InMemoryDaemon, tmp_path: Path) -> None:
    async with daemon.unix_client() as api:  # the socket: no token to go stale when the test rotates it
        await _call_every_route(daemon, Contract(api), tmp_path)


async def _call_every_route(daemon: InMemoryDaemon, c: Contract, tmp_path: Path) -> None:
    for path in ("/api/health", "/api/policy", "/api/budgets", "/api/audit/verify", "/api/connect"):
        await c.call("GET", path)
    assert (await c.call("GET", "/api/token"))["token"] == daemon.token
    assert (await c.call("GET", "/api/capacity"))["island"] == "local"
    await _wait("a capacity sample", lambda: c.call("GET", "/api/capacity/history"))
    assert (await c.call("GET", "/api/models/catalog"))["models"]
    default = (await c.call("GET", "/api/models/local"))["default"]
    assert (await c.call("PUT", "/api/models/default", json={"name": default}))["default"] == default
    assert await c.call("GET", "/api/models/pulls") == []

    # An island to offload to (nothing listens at its port), and a policy that offloads burstable work.
    cloud = {
        "id": "cloud",
        "kind": "cloud",
        "endpoint": "http://127.0.0.1:9/v1",
        "trust": {"base": 1.0, "certification": "iso27001", "jurisdiction": "same-country"},
        "price_input_per_mtok": 1.0,
        "models": ["big-model"],
        "datasets": ["shelf"],
    }
    assert (await c.call("POST", "/api/islands", 201, json=cloud))["config"]["models"] == ["big-model"]
    del cloud["models"]
    updated = await c.call("PUT", "/api/islands/{island_id}", json=cloud, island_id="cloud")
    assert updated["config"]["models"] == []
    assert {i["id"] for i in await c.call("GET", "/api/islands")} == {"local", "cloud"}
    await c.call("PUT", "/api/budgets", json={"daily_usd": 5, "monthly_usd": 50.5})
    policy = {"thresholds": {"burstable": 1.0}, "approval": {"timeout_s": 60}}
    assert (await c.call("PUT", "/api/policy", json=policy))["thresholds"]["burstable"] == 1.0
    keys = await c.call("GET", "/api/keys")
    assert {row["id"] for row in keys["islands"]} == {"local", "cloud"}
    assert (await c.call("POST", "/api/islands/{island_id}/test", island_id="local"))["ok"] is True
    assert (await c.call("POST", "/api/islands/{island_id}/test", island_id="cloud"))["ok"] is False
    assert (await c.call("GET", "/api/keys"))["islands"][1]["test"]["ok"] is False
    text = {"text": "mail jane.doe@example.com, card 4111 1111 1111 1111"}
    found = await c.call("POST", "/api/privacy/scan", json=text)
    assert {e["type"] for e in found["entities"]} >= {"EMAIL", "CREDIT_CARD"}
    await c.call("POST", "/api/route", json={"text": "hello", "tier": "primary"})

    # An app's own token sends a request that needs a yes; the answer is remembered as a grant.
    made = await c.call("POST", "/api/apps", 201, json={"name": "contract-app"})
    assert [a["name"] for a in await c.call("GET", "/api/apps")] == ["contract-app"]

    async def chat() -> int:
        headers = {"X-IslandRun-Tier": "burstable", "X-IslandRun-Sensitivity": "internal"}
        body = {"model": "default", "messages": [{"role": "user", "content": "hello there"}], "max_tokens": 4}
        async with daemon.client(token=made["token"]) as client:
            return (await client.post("/v1/chat/completions", json=body, headers=headers)).status_code

    sender = asyncio.create_task(chat())
    try:
        [pending] = await _wait("a pending approval", lambda: c.call("GET", "/api/approvals"))
        assert pending["app"] == "contract-app" and pending["island"] == "cloud"
        answer = {"answer": "send", "remember_minutes": 5}
        await c.call("POST", "/api/approvals/{approval_id}", json=answer, approval_id=pending["id"])
    finally:
        status = await asyncio.wait_for(sender, 120)
    assert status == 502  # sent, to an island that is down
    [grant] = await c.call("GET", "/api/grants")
    revoked = await c.call("DELETE", "/api/grants/{grant_id}", json=None, grant_id=grant["id"])
    assert revoked == {"id": grant["id"], "revoked": True}
    assert await c.call("GET", "/api/audit")

    # A collection of this device, indexed in the background, next to the cloud's declared dataset.
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text("The harbour opens at six. " * 10)
    await c.call("POST", "/api/collections", 202, json={"name": "notes", "folder": str(folder)})

    async def indexed() -> list[dict[str, Any]] | None:
        rows: list[dict[str, Any]] = await c.call("GET", "/api/collections")
        ours = [r for r in rows if r["island"] == "local" and r["documents"] == 1 and not r["indexing"]]
        return rows if ours else None

    rows = await _wait("the collection indexed", indexed)
    shelf = next(r for r in rows if r["name"] == "shelf")
    assert set(shelf) == {"documents", "bytes", "name", "island", "island_name"}  # no local-only keys
    await c.call("POST", "/api/collections/{name}/reindex", 202, name="notes")
    rotated = await c.call("POST", "/api/token/rotate")
    assert rotated["token"] != daemon.token

    # Every route with a body was called here, or is named with the test that calls it.
    with_body = {key for key, route in ROUTES.items() if route.response_model is not None}
    assert c.checked | set(ELSEWHERE) == with_body, with_body ^ (c.checked | set(ELSEWHERE))
    assert not c.checked & set(ELSEWHERE)
    assert len(c.checked) >= 30


def test_outside_the_tests_a_key_no_model_names_still_travels() -> None:
    """A user's daemon runs without ``ISLANDRUN_STRICT_API``: a drift must not turn an answer into a 500
    or drop the key (the tests run strict so that the drift fails them instead)."""
    env = {k: v for k, v in os.environ.items() if k != "ISLANDRUN_STRICT_API"}
    code = (
        "import json; from islandrun.core.daemon.api_models import HealthView; "
        "print(HealthView.model_validate({'status': 'ok', 'version': '1', 'listeners': [], 'new': 2})"
        ".model_dump_json())"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["new"] == 2
    strict = subprocess.run(
        [sys.executable, "-c", code], env={**env, "ISLANDRUN_STRICT_API": "1"}, capture_output=True, text=True
    )
    assert strict.returncode != 0 and "Extra inputs are not permitted" in strict.stderr
