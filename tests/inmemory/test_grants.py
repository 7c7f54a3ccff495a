"""Approvals that show what leaves, and remembered grants, with the daemon in memory.

The two cloud islands point at one :class:`.fake_island.FakeIsland` on a loopback port (it records
every body it receives): it stands in for a cloud provider so the test can compare the approval's
preview with the exact body that left the device. Each island serves one model of its own, so a
request picks its island by model. (Moved here from tests/daemon/test_grants.py, which started
``islandrun serve`` and a recording server for it.)
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from islandrun.core.daemon.grants import Grant, GrantStore

from .conftest import BASE_CONFIG, InMemoryDaemon, Start
from .fake_island import FakeIsland

SECRET_EMAIL = "jane.doe.4471@example.com"
INTERNAL = {"X-IslandRun-Tier": "burstable", "X-IslandRun-Sensitivity": "internal"}
TIMEOUT_S = 1

ISLANDS = """
[policy.thresholds]
burstable = 1.0

[policy.approval]
timeout_s = {timeout}

[[islands]]
id = "cloud-a"
name = "Cloud A"
kind = "cloud"
endpoint = "{url}"
models = ["m-a"]
trust = {{ base = 0.97, certification = "iso27001", jurisdiction = "same-country" }}
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0

[[islands]]
id = "cloud-b"
name = "Cloud B"
kind = "cloud"
endpoint = "{url}"
models = ["m-b"]
trust = {{ base = 0.97, certification = "iso27001", jurisdiction = "same-country" }}
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0
"""


@pytest.fixture
async def daemon(start_daemon: Start, island: FakeIsland) -> InMemoryDaemon:
    return await start_daemon(BASE_CONFIG + ISLANDS.format(url=island.url, timeout=TIMEOUT_S))


async def _chat(client: httpx.AsyncClient, model: str, content: str, headers: dict[str, str]) -> httpx.Response:
    body = {"model": model, "messages": [{"role": "user", "content": content}], "max_tokens": 4}
    return await client.post("/v1/chat/completions", json=body, headers=headers)


def _ask(
    client: httpx.AsyncClient, model: str, content: str = "Hi", headers: dict[str, str] = INTERNAL
) -> asyncio.Task[httpx.Response]:
    return asyncio.create_task(_chat(client, model, content, headers))


async def _pending(daemon: InMemoryDaemon) -> dict[str, Any]:
    async with daemon.client() as client:
        for _ in range(1000):
            pending = (await client.get("/api/approvals")).json()
            if pending:
                return dict(pending[0])
            await asyncio.sleep(0.01)
    raise AssertionError("no approval showed up")


async def _answer(daemon: InMemoryDaemon, approval_id: str, answer: str, minutes: int | None = None) -> httpx.Response:
    body: dict[str, Any] = {"answer": answer}
    if minutes is not None:
        body["remember_minutes"] = minutes
    async with daemon.client() as client:
        return await client.post(f"/api/approvals/{approval_id}", json=body)


async def _audit(daemon: InMemoryDaemon) -> list[dict[str, Any]]:
    async with daemon.client() as client:
        rows: list[dict[str, Any]] = (await client.get("/api/audit", params={"limit": 1000})).json()
        assert (await client.get("/api/audit/verify")).json()["ok"]
    return rows


async def _grants(daemon: InMemoryDaemon) -> list[dict[str, Any]]:
    async with daemon.client() as client:
        grants: list[dict[str, Any]] = (await client.get("/api/grants")).json()
    return grants


async def _app_client(daemon: InMemoryDaemon, name: str) -> httpx.AsyncClient:
    """A client with a token of the app's own, made as the tray makes it (over the Unix socket)."""
    async with daemon.unix_client() as admin:
        made = await admin.post("/api/apps", json={"name": name})
    assert made.status_code == 201, made.text
    return daemon.client(token=made.json()["token"])


async def test_the_question_shows_the_text_as_it_leaves_and_never_the_value(
    daemon: InMemoryDaemon, island: FakeIsland
) -> None:
    async with daemon.client() as client:
        asked = _ask(client, "m-a", f"Please write to {SECRET_EMAIL} about the invoice.")
        pending = await _pending(daemon)
        assert SECRET_EMAIL not in json.dumps(pending)
        assert pending["app"] == "shared" and pending["island_name"] == "Cloud A"
        shown = re.fullmatch(r"user: Please write to (\[[A-Z]+_\d+\]) about the invoice\.", pending["preview"])
        assert shown, pending["preview"]
        assert pending["preview_cut"] == 0 and pending["remember_refused"] is None
        assert pending["expires"] - pending["created"] == pytest.approx(TIMEOUT_S)
        assert (await _answer(daemon, pending["id"], "send")).status_code == 200
        response = await asked
    assert response.status_code == 200, response.text
    # what left is what the question showed, placeholder for placeholder
    sent = island.received[-1].body["messages"][-1]["content"]
    assert sent == f"Please write to {shown.group(1)} about the invoice."
    assert SECRET_EMAIL not in island.sent_text()
    # and the reply came back with the value restored for the user
    assert SECRET_EMAIL in response.json()["choices"][0]["message"]["content"]


async def test_a_long_preview_is_cut_and_says_how_much(daemon: InMemoryDaemon, island: FakeIsland) -> None:
    text = "word " * 600 + f"last line for {SECRET_EMAIL}"
    async with daemon.client() as client:
        asked = _ask(client, "m-a", text, {**INTERNAL, "X-IslandRun-Sensitivity": "confidential"})
        pending = await _pending(daemon)
        assert len(pending["preview"]) == 1500
        placeholder = re.search(r"\[[A-Z]+_\d+\]$", pending["preview"])
        assert placeholder and SECRET_EMAIL not in pending["preview"]
        assert pending["preview"].endswith(f"last line for {placeholder.group(0)}")
        assert pending["preview_cut"] == len("user: " + text.replace(SECRET_EMAIL, placeholder.group(0))) - 1500
        assert (await _answer(daemon, pending["id"], "deny")).status_code == 200
        assert (await asked).status_code == 403
    assert island.received == []  # denied: nothing left


async def test_a_remembered_grant_lets_matching_requests_through_and_no_others(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        asked = _ask(client, "m-a", f"Mail {SECRET_EMAIL} the notes.")
        pending = await _pending(daemon)
        level = pending["sensitivity"]
        assert (await _answer(daemon, pending["id"], "send", minutes=30)).status_code == 200
        response = await asked
        assert response.status_code == 200, response.text
        grants = await _grants(daemon)
        assert len(grants) == 1
        grant = grants[0]
        assert (grant["app"], grant["island"], grant["sensitivity"], grant["entities"]) == (
            "shared",
            "cloud-a",
            level,
            ["EMAIL"],
        )
        assert grant["expires"] - grant["created"] == pytest.approx(30 * 60)

        # the same app, island, level and kinds: through without a question
        response = await _chat(client, "m-a", "Mail someone.else@example.org the summary.", INTERNAL)
        assert response.status_code == 200, response.text
        assert response.json()["islandrun"]["island"] == "cloud-a"

    # another island, another level, another app, a new kind of detail: each asks again
    async def asks(model: str, content: str, headers: dict[str, str] = INTERNAL, app: str | None = None) -> None:
        async with daemon.client() if app is None else await _app_client(daemon, app) as client:
            asked = _ask(client, model, content, headers)
            pending = await _pending(daemon)
            assert (await _answer(daemon, pending["id"], "deny")).status_code == 200
            assert (await asked).status_code == 403, (model, content, headers)

    await asks("m-b", "Mail ann@example.org the notes.")
    await asks("m-a", "Mail ann@example.org the notes.", {**INTERNAL, "X-IslandRun-Sensitivity": "restricted"})
    await asks("m-a", "Mail ann@example.org the notes.", app="editor")
    await asks("m-a", "Mail ann@example.org, card 4111 1111 1111 1111.")

    rows = await _audit(daemon)
    granted = [r for r in rows if r["event"] == "grant" and r["outcome"] == "granted"]
    assert len(granted) == 1 and granted[0]["island"] == "cloud-a" and "shared" in granted[0]["detail"]
    used = [r for r in rows if r["event"] == "approval" and r["outcome"] == "remembered"]
    assert len(used) == 1 and grant["id"] in used[0]["detail"]

    # revoked: the next matching request asks again
    async with daemon.client() as client:
        assert (await client.delete(f"/api/grants/{grant['id']}")).json() == {"id": grant["id"], "revoked": True}
        assert (await client.delete(f"/api/grants/{grant['id']}")).status_code == 404
    assert await _grants(daemon) == []
    await asks("m-a", "Mail bob@example.org the notes.")
    revoked = [r for r in await _audit(daemon) if r["event"] == "grant" and r["outcome"] == "revoked"]
    assert len(revoked) == 1 and grant["id"] in revoked[0]["detail"]


async def test_restricted_content_and_unknown_apps_are_never_remembered(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        asked = _ask(client, "m-a", "Hi", {**INTERNAL, "X-IslandRun-Sensitivity": "restricted"})
        pending = await _pending(daemon)
        assert pending["sensitivity"] == "restricted"
        assert "restricted" in pending["remember_refused"]
        refused = await _answer(daemon, pending["id"], "send", minutes=10)
        assert refused.status_code == 400
        assert "never remembered" in refused.json()["error"]["message"]
        assert (await _answer(daemon, pending["id"], "local", minutes=10)).status_code == 400  # only a send is
        assert (await _answer(daemon, pending["id"], "deny")).status_code == 200  # still waiting after both refusals
        assert (await asked).status_code == 403

    # over the Unix socket no app token says who asked: nothing to tie a grant to
    async with daemon.unix_client() as client:
        asked = _ask(client, "m-a", "Hi")
        pending = await _pending(daemon)
        assert pending["app"] is None and pending["remember_refused"]
        assert (await _answer(daemon, pending["id"], "send", minutes=10)).status_code == 400
        assert (await _answer(daemon, pending["id"], "deny")).status_code == 200
        await asked
    assert await _grants(daemon) == []


async def test_deny_and_timeout_are_different_outcomes(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        asked = _ask(client, "m-b", "Deny me")
        await _answer(daemon, (await _pending(daemon))["id"], "deny")
        denied = await asked
        timed_out = await _chat(client, "m-b", "Let me time out", INTERNAL)
    assert timed_out.status_code == 403
    assert f"nobody answered within {TIMEOUT_S} s" in timed_out.json()["error"]["message"]
    assert "denied by the user" in denied.json()["error"]["message"]
    outcomes = [r["outcome"] for r in await _audit(daemon) if r["event"] == "route"][:2]
    assert outcomes == ["approval-timeout", "denied"]


async def test_grants_survive_a_restart(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        asked = _ask(client, "m-b", "Hi there")
        await _answer(daemon, (await _pending(daemon))["id"], "send", minutes=60)
        assert (await asked).status_code == 200
    before = await _grants(daemon)
    assert len(before) == 1
    await daemon.restart()
    assert await _grants(daemon) == before
    async with daemon.client() as client:
        again = await _chat(client, "m-b", "Hi again", INTERNAL)
    assert again.status_code == 200, again.text


def test_a_grant_ends_at_its_expiry(tmp_path: Path) -> None:
    store = GrantStore(tmp_path / "grants.sqlite3")
    grant = Grant("g1", "editor", "cloud-a", "Cloud A", "internal", ("EMAIL",), 1000.0, 1600.0, "r1")
    store.add(grant)
    assert store.active(1599.0) == [grant]
    assert grant.covers("editor", "cloud-a", "internal", ["EMAIL"], 1599.0)
    assert grant.covers("editor", "cloud-a", "internal", [], 1599.0)  # fewer kinds than granted
    assert not grant.covers("editor", "cloud-a", "internal", ["EMAIL"], 1600.0)
    assert store.active(1600.0) == []
    restricted = Grant("g2", "editor", "cloud-a", "Cloud A", "restricted", (), 1000.0, 1600.0, "r2")
    assert not restricted.covers("editor", "cloud-a", "restricted", [], 1100.0)
