"""App tokens over the API (``/api/apps``, issue 22 item 2; what the tray's *Connect an app* uses)
through a real daemon: a token made over the Unix socket is shown once, works with the official
``openai`` client, is never listed or stored in clear, is audited, and once revoked is refused at
once while the others go on. Bad names are refused in words, app tokens cannot manage app tokens,
and the CLI and the API see the same apps."""

from __future__ import annotations

import stat
import subprocess
import time

import httpx
import openai

from .conftest import ISLANDRUN, Daemon


def _as(daemon: Daemon, token: str) -> httpx.Client:
    return httpx.Client(base_url=daemon.url, headers={"Authorization": f"Bearer {token}"}, timeout=120)


def _cli(daemon: Daemon, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ISLANDRUN, "apps", *args], env=daemon.env, capture_output=True, text=True, timeout=60)


def _audit_rows(daemon: Daemon) -> list[dict[str, object]]:
    with daemon.unix_client() as tray:
        rows: list[dict[str, object]] = tray.get("/api/audit", params={"limit": 50}).json()
    return rows


def test_a_token_made_over_the_api_is_shown_once_works_and_is_revoked_at_once(daemon: Daemon) -> None:
    before = time.time()
    with daemon.unix_client() as tray:  # what the tray uses: the 0600 socket, no token
        made = tray.post("/api/apps", json={"name": "notes-app"})
        assert made.status_code == 201, made.text
        body = made.json()
        token = body["token"]
        assert token.startswith("ir-") and len(token) > 40
        assert body["name"] == "notes-app" and body["hint"] == token[-4:]
        assert before - 1 <= body["created"] <= time.time() + 1
        assert "shown only now" in body["note"]
        listed = tray.get("/api/apps")
    assert listed.status_code == 200
    assert {"name": "notes-app", "created": body["created"], "hint": token[-4:]} in listed.json()
    assert token not in listed.text and "sha256" not in listed.text
    stored = daemon.home / "data" / "apps.json"
    assert token not in stored.read_text()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600

    # What the user does next: give the token to an app, which uses it as its API key.
    with openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=token, max_retries=0) as app:
        assert [m.id for m in app.models.list()]
    other_made = _cli(daemon, "add", "other-app")
    assert other_made.returncode == 0, other_made.stderr
    other = other_made.stdout.split()[0]

    with _as(daemon, token) as app, daemon.unix_client() as tray:
        assert app.get("/v1/models").status_code == 200  # the listener has just looked at the token file
        revoked = tray.delete("/api/apps/notes-app")
    assert revoked.status_code == 204, revoked.text
    # Refused as soon as the answer came (no waiting), on every route; the other tokens go on.
    with _as(daemon, token) as app:
        assert app.get("/v1/models").status_code == 401
        assert app.get("/api/health").status_code == 401
    with openai.OpenAI(base_url=f"{daemon.url}/v1", api_key=token, max_retries=0) as app:
        try:
            app.models.list()
            raise AssertionError("a revoked token was accepted")
        except openai.AuthenticationError:
            pass
    with _as(daemon, other) as app:
        assert app.get("/v1/models").status_code == 200
    with daemon.client() as shared:
        assert shared.get("/v1/models").status_code == 200
        again = shared.delete("/api/apps/notes-app")
    assert again.status_code == 404 and "no app named 'notes-app' has a token" in again.json()["error"]["message"]

    rows = [r for r in _audit_rows(daemon) if r["event"] == "app-token"]
    made_row = next(r for r in rows if r["outcome"] == "created" and "app notes-app" in str(r["detail"]))
    gone_row = next(r for r in rows if r["outcome"] == "revoked" and "app notes-app" in str(r["detail"]))
    assert made_row["seq"] < gone_row["seq"]  # type: ignore[operator]
    assert all(token not in str(r) for r in rows)
    with daemon.unix_client() as tray:
        assert tray.get("/api/audit/verify").json()["ok"] is True


def test_names_are_checked_in_words_and_a_name_is_taken_once(daemon: Daemon) -> None:
    with daemon.client() as shared:  # the shared token may manage app tokens too
        assert shared.post("/api/apps", json={"name": "editor"}).status_code == 201
        twice = shared.post("/api/apps", json={"name": "editor"})
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
            answer = shared.post("/api/apps", json={"name": name})
            message = answer.json()["error"]["message"]
            assert answer.status_code == 400, (name, answer.text)
            assert words in message, (name, message)
            assert "[a-z" not in message and "^" not in message  # words, not a regular expression
        extra = shared.post("/api/apps", json={"name": "ok", "scopes": ["all"]})
        assert extra.status_code == 400 and "scopes" in extra.json()["error"]["message"]
        number = shared.post("/api/apps", json={"name": 7})
        assert number.status_code == 400 and "name" in number.json()["error"]["message"]
        shared_token = shared.delete("/api/apps/shared")
        assert shared_token.status_code == 400 and "rotate it instead" in shared_token.json()["error"]["message"]
        names = [a["name"] for a in shared.get("/api/apps").json()]
    assert "editor" in names and "open-webui" not in names and "ok" not in names
    assert "shared" not in names


def test_an_app_token_cannot_list_make_or_revoke_app_tokens(daemon: Daemon) -> None:
    with daemon.unix_client() as tray:
        token = tray.post("/api/apps", json={"name": "sneaky"}).json()["token"]
        victim = tray.post("/api/apps", json={"name": "victim"}).json()["token"]
    with _as(daemon, token) as app:
        for answer in (
            app.get("/api/apps"),
            app.post("/api/apps", json={"name": "more"}),
            app.delete("/api/apps/victim"),
            app.delete("/api/apps/sneaky"),
        ):
            assert answer.status_code == 403, answer.text
            assert "the app 'sneaky' sent its own token" in answer.json()["error"]["message"]
    with _as(daemon, victim) as app:
        assert app.get("/v1/models").status_code == 200  # untouched
    with daemon.unix_client() as tray:
        names = [a["name"] for a in tray.get("/api/apps").json()]
    assert "more" not in names and "victim" in names


def test_the_cli_and_the_api_see_the_same_apps(daemon: Daemon) -> None:
    made = _cli(daemon, "add", "from-cli")
    assert made.returncode == 0, made.stderr
    with daemon.unix_client() as tray:
        assert "from-cli" in [a["name"] for a in tray.get("/api/apps").json()]
        assert tray.post("/api/apps", json={"name": "from-cli"}).status_code == 409
        assert tray.post("/api/apps", json={"name": "from-api"}).status_code == 201
        assert tray.delete("/api/apps/from-cli").status_code == 204
    listed = _cli(daemon, "list").stdout
    assert "from-api" in listed and "from-cli" not in listed
    with _as(daemon, made.stdout.split()[0]) as app:
        assert app.get("/api/health").status_code == 401


def test_the_openapi_document_describes_the_app_routes(daemon: Daemon) -> None:
    with daemon.client() as shared:
        document = shared.get("/openapi.json").json()
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
