"""App tokens over the API (``/api/apps``, issue 22 item 2; what the tray's *Connect an app* uses)
with the daemon in memory: a token made through the Unix socket's guards is shown once, works with
the official ``openai`` client, is never listed or stored in clear, is audited, and once revoked is
refused as soon as the answer came while the others go on. Bad names are refused in words, app
tokens cannot manage app tokens, and the real ``islandrun apps`` CLI and the API see the same apps.

Real: the app-token file and its guards (``tcp_stack`` with its own ``AppTokens``, as each
listener of ``islandrun serve`` has, and ``unix_stack``), the API, the audit log, the CLI (a
subprocess on this daemon's files). Scripted: only the model behind ``/v1`` (never asked here).
(Moved from tests/daemon/test_apps_api.py.)
"""

from __future__ import annotations

import asyncio
import stat
import subprocess
import sys
import time
from pathlib import Path

import openai

from .conftest import InMemoryDaemon

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))


async def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``islandrun apps ...`` on this daemon's files (the test's ISLANDRUN_*_DIR are in the environment)."""
    command = [ISLANDRUN, "apps", *args]
    return await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, timeout=60)


def _openai(daemon: InMemoryDaemon, token: str) -> openai.AsyncOpenAI:
    """The official client with ``token`` as its API key, over the TCP listener's guards."""
    return openai.AsyncOpenAI(
        base_url="http://127.0.0.1/v1",
        api_key=token,
        max_retries=0,
        http_client=daemon.client(token=None),  # type: ignore[arg-type]  # openai types its client as httpx2
    )


async def _audit_rows(daemon: InMemoryDaemon) -> list[dict[str, object]]:
    async with daemon.unix_client() as tray:
        rows: list[dict[str, object]] = (await tray.get("/api/audit", params={"limit": 50})).json()
    return rows


async def test_a_token_made_over_the_api_is_shown_once_works_and_is_revoked_at_once(daemon: InMemoryDaemon) -> None:
    before = time.time()
    async with daemon.unix_client() as tray:  # what the tray uses: the 0600 socket, no token
        made = await tray.post("/api/apps", json={"name": "notes-app"})
        assert made.status_code == 201, made.text
        body = made.json()
        token = body["token"]
        assert token.startswith("ir-") and len(token) > 40
        assert body["name"] == "notes-app" and body["hint"] == token[-4:]
        assert before - 1 <= body["created"] <= time.time() + 1
        assert "shown only now" in body["note"]
        listed = await tray.get("/api/apps")
    assert listed.status_code == 200
    assert {"name": "notes-app", "created": body["created"], "hint": token[-4:]} in listed.json()
    assert token not in listed.text and "sha256" not in listed.text
    stored = daemon.home / "data" / "apps.json"
    assert token not in stored.read_text()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600

    # What the user does next: give the token to an app, which uses it as its API key.
    async with _openai(daemon, token) as app:
        assert [m.id async for m in app.models.list()]
    other_made = await _cli("add", "other-app")
    assert other_made.returncode == 0, other_made.stderr
    other = other_made.stdout.split()[0]

    async with daemon.client(token=token) as app, daemon.unix_client() as tray:
        assert (await app.get("/v1/models")).status_code == 200  # the listener has just looked at the token file
        revoked = await tray.delete("/api/apps/notes-app")
    assert revoked.status_code == 204, revoked.text
    # Refused as soon as the answer came (no waiting), on every route; the other tokens go on.
    async with daemon.client(token=token) as app:
        assert (await app.get("/v1/models")).status_code == 401
        assert (await app.get("/api/health")).status_code == 401
    async with _openai(daemon, token) as app:
        try:
            await app.models.list()
            raise AssertionError("a revoked token was accepted")
        except openai.AuthenticationError:
            pass
    async with daemon.client(token=other) as app:
        assert (await app.get("/v1/models")).status_code == 200
    async with daemon.client() as shared:
        assert (await shared.get("/v1/models")).status_code == 200
        again = await shared.delete("/api/apps/notes-app")
    assert again.status_code == 404 and "no app named 'notes-app' has a token" in again.json()["error"]["message"]

    rows = [r for r in await _audit_rows(daemon) if r["event"] == "app-token"]
    made_row = next(r for r in rows if r["outcome"] == "created" and "app notes-app" in str(r["detail"]))
    gone_row = next(r for r in rows if r["outcome"] == "revoked" and "app notes-app" in str(r["detail"]))
    assert made_row["seq"] < gone_row["seq"]  # type: ignore[operator]
    assert all(token not in str(r) for r in rows)
    async with daemon.unix_client() as tray:
        assert (await tray.get("/api/audit/verify")).json()["ok"] is True


async def test_names_are_checked_in_words_and_a_name_is_taken_once(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as shared:  # the shared token may manage app tokens too
        assert (await shared.post("/api/apps", json={"name": "editor"})).status_code == 201
        twice = await shared.post("/api/apps", json={"name": "editor"})
        assert twice.status_code == 409
        assert "'editor' has a token already: revoke it first" in twice.json()["error"]["message"]
        cases = {
            "Open WebUI": "has capital letters; app names are lowercase (for example 'open-webui')",
            "my app/x": "holds a space, '/': an app name may use only lowercase letters, digits",
            "-dash": "must start with a letter or a digit",
            "x" * 64: "is 64 characters long; an app name has at most 63",
            "": "give the app a name",
            "shared": "is the name of the shared token",
            "line\nbreak": "holds '\\n'",
        }
        for name, words in cases.items():
            answer = await shared.post("/api/apps", json={"name": name})
            message = answer.json()["error"]["message"]
            assert answer.status_code == 400, (name, answer.text)
            assert words in message, (name, message)
            assert "[a-z" not in message and "^" not in message  # words, not a regular expression
        extra = await shared.post("/api/apps", json={"name": "ok", "scopes": ["all"]})
        assert extra.status_code == 400 and "scopes" in extra.json()["error"]["message"]
        number = await shared.post("/api/apps", json={"name": 7})
        assert number.status_code == 400 and "name" in number.json()["error"]["message"]
        shared_token = await shared.delete("/api/apps/shared")
        assert shared_token.status_code == 400 and "rotate it instead" in shared_token.json()["error"]["message"]
        names = [a["name"] for a in (await shared.get("/api/apps")).json()]
    assert "editor" in names and "open-webui" not in names and "ok" not in names
    assert "shared" not in names


async def test_an_app_token_cannot_list_make_or_revoke_app_tokens(daemon: InMemoryDaemon) -> None:
    async with daemon.unix_client() as tray:
        token = (await tray.post("/api/apps", json={"name": "sneaky"})).json()["token"]
        victim = (await tray.post("/api/apps", json={"name": "victim"})).json()["token"]
    async with daemon.client(token=token) as app:
        for answer in (
            await app.get("/api/apps"),
            await app.post("/api/apps", json={"name": "more"}),
            await app.delete("/api/apps/victim"),
            await app.delete("/api/apps/sneaky"),
        ):
            assert answer.status_code == 403, answer.text
            assert "the app 'sneaky' sent its own token" in answer.json()["error"]["message"]
    async with daemon.client(token=victim) as app:
        assert (await app.get("/v1/models")).status_code == 200  # untouched
    async with daemon.unix_client() as tray:
        names = [a["name"] for a in (await tray.get("/api/apps")).json()]
    assert "more" not in names and "victim" in names


async def test_the_cli_and_the_api_see_the_same_apps(daemon: InMemoryDaemon) -> None:
    made = await _cli("add", "from-cli")
    assert made.returncode == 0, made.stderr
    async with daemon.unix_client() as tray:
        assert "from-cli" in [a["name"] for a in (await tray.get("/api/apps")).json()]
        assert (await tray.post("/api/apps", json={"name": "from-cli"})).status_code == 409
        assert (await tray.post("/api/apps", json={"name": "from-api"})).status_code == 201
        assert (await tray.delete("/api/apps/from-cli")).status_code == 204
    listed = (await _cli("list")).stdout
    assert "from-api" in listed and "from-cli" not in listed
    async with daemon.client(token=made.stdout.split()[0]) as app:
        assert (await app.get("/api/health")).status_code == 401


async def test_the_openapi_document_describes_the_app_routes(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as shared:
        document = (await shared.get("/openapi.json")).json()
    paths = document["paths"]
    assert {"get", "post"} <= set(paths["/api/apps"]) and "delete" in paths["/api/apps/{name}"]
    created = paths["/api/apps"]["post"]["responses"]
    assert {"201", "400", "403", "409"} <= set(created)
    schemas = document["components"]["schemas"]
    assert {"name", "created", "hint"} <= set(schemas["AppView"]["properties"])
    assert "token" in schemas["NewAppToken"]["properties"] and "token" not in schemas["AppView"]["properties"]
    listed = paths["/api/apps"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["items"]["$ref"].endswith("/AppView")
    assert {"204", "404"} <= set(paths["/api/apps/{name}"]["delete"]["responses"])
