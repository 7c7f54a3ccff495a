"""The TCP listener's guards and per-app tokens, with the daemon in memory behind the same guard
stack ``islandrun serve`` puts on its listener (``tcp_stack``) and on its Unix socket
(``unix_stack``): the token, the Host check, no CORS grant for strangers, the rate limit that
follows the token; an app's own token (made by the real ``islandrun apps`` CLI) works at once,
names the app in the audit log, and once revoked stops working while the others go on.

(Moved here from tests/daemon/test_apps.py and the guard tests of tests/daemon/test_security.py;
file modes and the one-instance lock stay there, on a real process.)
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BASE_CONFIG, InMemoryDaemon, Start

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))
LIMITED = BASE_CONFIG + "\n[server]\nrate_limit_per_s = 0.5\nrate_limit_burst = 3\n"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``islandrun apps ...`` on this daemon's files (the test's ISLANDRUN_*_DIR are in the environment)."""
    return subprocess.run([ISLANDRUN, "apps", *args], capture_output=True, text=True, timeout=60)


async def _cli_async(*args: str) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(_cli, *args)


@pytest.fixture
async def limited(start_daemon: Start) -> InMemoryDaemon:
    return await start_daemon(LIMITED)


async def test_no_token_and_wrong_token_get_401(daemon: InMemoryDaemon) -> None:
    async with daemon.client(token=None) as anonymous:
        missing = await anonymous.get("/v1/models")
        assert missing.status_code == 401
        assert "token" in missing.json()["error"]["message"]
        wrong = await anonymous.get("/v1/models", headers={"Authorization": "Bearer " + "x" * len(daemon.token)})
        assert wrong.status_code == 401
        not_bearer = await anonymous.get("/v1/models", headers={"Authorization": f"Basic {daemon.token}"})
        assert not_bearer.status_code == 401
    async with daemon.client() as client:
        assert (await client.get("/v1/models")).status_code == 200


async def test_a_foreign_host_header_is_refused(daemon: InMemoryDaemon) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host."""
    async with daemon.client() as client:
        for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example", "192.168.1.5"):
            response = await client.get("/v1/models", headers={"Host": host})
            assert response.status_code == 421, host
            assert "loopback" in response.json()["error"]["message"]
        for host in ("localhost", "127.0.0.1:8765", "localhost:8765", "[::1]"):
            assert (await client.get("/v1/models", headers={"Host": host})).status_code == 200, host


async def test_cross_origin_browser_requests_get_no_cors_grant(daemon: InMemoryDaemon) -> None:
    origin = {"Origin": "https://evil.example"}
    async with daemon.client() as client:
        simple = await client.get("/v1/models", headers=origin)
        assert "access-control-allow-origin" not in simple.headers
        preflight = await client.options(
            "/v1/chat/completions",
            headers={
                **origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization",
            },
        )
    assert preflight.status_code >= 400
    assert "access-control-allow-origin" not in preflight.headers


async def test_the_unix_socket_needs_no_token_and_checks_host(daemon: InMemoryDaemon) -> None:
    async with daemon.unix_client() as client:
        assert (await client.get("/api/health")).json()["status"] == "ok"
        assert (await client.get("/api/health", headers={"Host": "evil.example"})).status_code == 421


async def test_a_flood_from_one_app_does_not_starve_another(daemon: InMemoryDaemon) -> None:
    """Apps are told apart by their own tokens, not by names they declare."""
    body = {"sensitivity": "public", "tier": "secondary"}
    tokens = {}
    async with daemon.unix_client() as tray:  # made as the tray makes them (test_apps_api: the CLI sees the same)
        for app in ("flooder", "editor"):
            made = await tray.post("/api/apps", json={"name": app})
            assert made.status_code == 201, made.text
            tokens[app] = made.json()["token"]
    async with daemon.client(token=tokens["flooder"]) as flooder:
        flood = [await flooder.post("/api/route", json=body) for _ in range(60)]
    limited = [r for r in flood if r.status_code == 429]
    assert limited, "60 dry-runs in a burst should exceed the default rate limit"
    assert int(limited[0].headers["retry-after"]) >= 1
    async with daemon.client(token=tokens["editor"]) as editor:
        assert (await editor.post("/api/route", json=body)).status_code == 200


async def test_an_app_token_works_names_the_app_and_can_be_revoked(limited: InMemoryDaemon) -> None:
    daemon = limited
    made = await _cli_async("add", "notes-app")
    assert made.returncode == 0, made.stderr
    token = made.stdout.split()[0]
    assert token.startswith("ir-")
    listed = (await _cli_async("list")).stdout
    assert "notes-app" in listed and token not in listed
    async with daemon.client(token=token) as client:
        answer = await client.post(
            "/v1/chat/completions",
            json={"model": "default", "messages": [{"role": "user", "content": "Say hi."}], "max_tokens": 4},
        )
        assert answer.status_code == 200, answer.text
        rows = (await client.get("/api/audit", params={"limit": 5})).json()
    assert any(
        row["request_id"] == answer.json()["islandrun"]["request_id"] and "app notes-app" in row["detail"]
        for row in rows
    )
    assert (await _cli_async("revoke", "notes-app")).returncode == 0
    await asyncio.sleep(1.1)  # the listener re-reads the token file at most once a second (AppTokens)
    async with daemon.client(token=token) as client:
        assert (await client.get("/api/health")).status_code == 401
    async with daemon.client() as client:
        assert (await client.get("/api/health")).status_code == 200  # the shared token still works


async def test_renaming_the_client_per_request_does_not_escape_the_rate_limit(limited: InMemoryDaemon) -> None:
    made = await _cli_async("add", "flooder")
    token = made.stdout.split()[0]
    statuses = []
    for i in range(8):
        headers = {"X-IslandRun-Client": f"name-{i}", "User-Agent": f"agent-{i}"}
        async with limited.client(token=token) as client:
            statuses.append((await client.post("/api/route", json={"tier": "secondary"}, headers=headers)).status_code)
    assert statuses.count(429) >= 4, statuses
    async with limited.client() as other:  # another app's bucket is its own
        assert (await other.post("/api/route", json={"tier": "secondary"})).status_code == 200
