"""Per-app tokens through a real daemon (issue 22, item 2): an app's own token works at once and
names the app in the audit log; revoked, it stops working while the others go on; and the rate
limit follows the token, so renaming the client per request escapes nothing."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import httpx
import pytest

from .conftest import BASE_CONFIG, ISLANDRUN, Daemon


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    config = BASE_CONFIG + "\n[server]\nrate_limit_per_s = 0.5\nrate_limit_burst = 3\n"
    running = Daemon(tmp_path_factory.mktemp("apps"), config).start()
    yield running
    running.stop()


def _cli(daemon: Daemon, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ISLANDRUN, "apps", *args], env=daemon.env, capture_output=True, text=True, timeout=60)


def _as(daemon: Daemon, token: str, **headers: str) -> httpx.Client:
    return httpx.Client(base_url=daemon.url, headers={"Authorization": f"Bearer {token}", **headers}, timeout=120)


def test_an_app_token_works_names_the_app_and_can_be_revoked(daemon: Daemon) -> None:
    made = _cli(daemon, "add", "notes-app")
    assert made.returncode == 0, made.stderr
    token = made.stdout.split()[0]
    assert token.startswith("ir-")
    assert "notes-app" in _cli(daemon, "list").stdout and token not in _cli(daemon, "list").stdout
    with _as(daemon, token) as client:
        answer = client.post(
            "/v1/chat/completions",
            json={"model": "default", "messages": [{"role": "user", "content": "Say hi."}], "max_tokens": 4},
        )
        assert answer.status_code == 200, answer.text
        rows = client.get("/api/audit", params={"limit": 5}).json()
    assert any(
        row["request_id"] == answer.json()["islandrun"]["request_id"] and "app notes-app" in row["detail"]
        for row in rows
    )
    assert _cli(daemon, "revoke", "notes-app").returncode == 0
    with _as(daemon, token) as client:
        assert client.get("/api/health").status_code == 401  # within the daemon's one-second re-read
    with daemon.client() as client:
        assert client.get("/api/health").status_code == 200  # the shared token still works


def test_renaming_the_client_per_request_does_not_escape_the_rate_limit(daemon: Daemon) -> None:
    made = _cli(daemon, "add", "flooder")
    token = made.stdout.split()[0]
    statuses = []
    for i in range(8):
        with _as(daemon, token, **{"X-IslandRun-Client": f"name-{i}", "User-Agent": f"agent-{i}"}) as client:
            statuses.append(client.post("/api/route", json={"tier": "secondary"}).status_code)
    assert statuses.count(429) >= 4, statuses
    with daemon.client() as other:  # another app's bucket is its own
        assert other.post("/api/route", json={"tier": "secondary"}).status_code == 200
