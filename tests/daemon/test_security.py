"""The local API's guards, against a running daemon: token, Host, CORS, file modes, one instance."""

from __future__ import annotations

import stat
import subprocess

import httpx

from .conftest import ISLANDRUN, Daemon


def test_no_token_and_wrong_token_get_401(daemon: Daemon) -> None:
    missing = httpx.get(f"{daemon.url}/v1/models")
    assert missing.status_code == 401
    assert "token" in missing.json()["error"]["message"]
    wrong = httpx.get(f"{daemon.url}/v1/models", headers={"Authorization": "Bearer " + "x" * len(daemon.token)})
    assert wrong.status_code == 401
    not_bearer = httpx.get(f"{daemon.url}/v1/models", headers={"Authorization": f"Basic {daemon.token}"})
    assert not_bearer.status_code == 401
    with daemon.client() as client:
        assert client.get("/v1/models").status_code == 200


def test_a_foreign_host_header_is_refused(daemon: Daemon) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host."""
    with daemon.client() as client:
        for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example", "192.168.1.5"):
            response = client.get("/v1/models", headers={"Host": host})
            assert response.status_code == 421, host
            assert "loopback" in response.json()["error"]["message"]
        for host in ("localhost", f"127.0.0.1:{daemon.port}", f"localhost:{daemon.port}", "[::1]"):
            assert client.get("/v1/models", headers={"Host": host}).status_code == 200, host


def test_cross_origin_browser_requests_get_no_cors_grant(daemon: Daemon) -> None:
    origin = {"Origin": "https://evil.example"}
    with daemon.client() as client:
        simple = client.get("/v1/models", headers=origin)
        assert "access-control-allow-origin" not in simple.headers
        preflight = client.options(
            "/v1/chat/completions",
            headers={
                **origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        assert preflight.status_code >= 400
        assert "access-control-allow-origin" not in preflight.headers


def test_socket_token_info_and_data_files_are_private(daemon: Daemon) -> None:
    for name in ("api.sock", "daemon.json"):
        mode = stat.S_IMODE((daemon.runtime / name).stat().st_mode)
        assert mode == 0o600, f"{name}: {oct(mode)}"
    assert stat.S_IMODE(daemon.runtime.stat().st_mode) == 0o700
    data = daemon.home / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    with daemon.client() as client:  # something in the audit log and ledger
        client.get("/api/audit")
    files = [p for p in data.rglob("*") if p.is_file() and not p.is_symlink()]
    assert any(p.name == "api-token" for p in files) and any(p.suffix == ".sqlite3" for p in files)
    for path in files:  # the databases hold indexed passages and history: nobody else reads them
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{path.relative_to(data)}"
    for path in (p for p in data.rglob("*") if p.is_dir()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, f"{path.relative_to(data)}"


def test_the_unix_socket_needs_no_token_and_checks_host(daemon: Daemon) -> None:
    with daemon.unix_client() as client:
        assert client.get("/api/health").json()["status"] == "ok"
        assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 421


def test_a_second_instance_refuses_to_start(daemon: Daemon) -> None:
    second = subprocess.run(
        [ISLANDRUN, "serve", "--port", "0"], env=daemon.env, capture_output=True, text=True, timeout=60
    )
    assert second.returncode == 1
    assert "already running" in second.stderr
    assert f"pid {daemon.proc.pid}" in second.stderr  # type: ignore[union-attr]
    with daemon.client() as client:  # and the first one is untouched
        assert client.get("/api/health").status_code == 200


def test_a_flood_from_one_app_does_not_starve_another(daemon: Daemon) -> None:
    """Apps are told apart by their own tokens (``islandrun apps add``), not by names they declare."""
    body = {"sensitivity": "public", "tier": "secondary"}
    tokens = {}
    for app in ("flooder", "editor"):
        made = subprocess.run(
            [ISLANDRUN, "apps", "add", app], env=daemon.env, capture_output=True, text=True, timeout=60
        )
        assert made.returncode == 0, made.stderr
        tokens[app] = made.stdout.split()[0]

    def as_app(app: str) -> httpx.Client:
        return httpx.Client(base_url=daemon.url, headers={"Authorization": f"Bearer {tokens[app]}"}, timeout=60)

    with as_app("flooder") as flooder:
        flood = [flooder.post("/api/route", json=body) for _ in range(60)]
    limited = [r for r in flood if r.status_code == 429]
    assert limited, "60 dry-runs in a burst should exceed the default rate limit"
    assert int(limited[0].headers["retry-after"]) >= 1
    with as_app("editor") as editor:
        assert editor.post("/api/route", json=body).status_code == 200
