"""Approvals that show what leaves, and remembered grants, on a real daemon.

The two cloud islands point at a small recording server in this test (it answers every chat with a
fixed OpenAI-shaped reply): it stands in for a cloud provider so the test can compare the approval's
preview with the exact body that left the device. Each island serves one model of its own, so a
request picks its island by model.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from islandrun.core.daemon.grants import Grant, GrantStore

from .conftest import BASE_CONFIG, ISLANDRUN, Daemon

SECRET_EMAIL = "jane.doe.4471@example.com"
INTERNAL = {"X-IslandRun-Tier": "burstable", "X-IslandRun-Sensitivity": "internal"}

ISLANDS = """
[policy.thresholds]
burstable = 1.0

[policy.approval]
timeout_s = 3

[[islands]]
id = "cloud-a"
name = "Cloud A"
kind = "cloud"
endpoint = "{url}/v1"
models = ["m-a"]
trust = {{ base = 0.97, certification = "iso27001", jurisdiction = "same-country" }}
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0

[[islands]]
id = "cloud-b"
name = "Cloud B"
kind = "cloud"
endpoint = "{url}/v1"
models = ["m-b"]
trust = {{ base = 0.97, certification = "iso27001", jurisdiction = "same-country" }}
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0
"""


class Recorder(ThreadingHTTPServer):
    bodies: list[dict[str, Any]]


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        self.server.bodies.append(body)
        reply = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "m"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Done."}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12},
        }
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    server = Recorder(("127.0.0.1", 0), _Handler)
    server.bodies = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def daemon(recorder: Recorder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    url = f"http://127.0.0.1:{recorder.server_address[1]}"
    running = Daemon(tmp_path_factory.mktemp("grants"), BASE_CONFIG + ISLANDS.format(url=url)).start()
    yield running
    running.stop()


def _chat(daemon: Daemon, model: str, content: str, headers: dict[str, str], out: dict[str, Any], **kw: Any) -> None:
    client = kw.get("client") or daemon.client()
    with client:
        response = client.post(
            "/v1/chat/completions",
            json={"model": model, "messages": [{"role": "user", "content": content}], "max_tokens": 4},
            headers=headers,
        )
    out["status"] = response.status_code
    out["body"] = response.json()


def _ask(
    daemon: Daemon, model: str, content: str = "Hi", headers: dict[str, str] = INTERNAL, **kw: Any
) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}
    thread = threading.Thread(target=_chat, args=(daemon, model, content, headers, out), kwargs=kw)
    thread.start()
    return thread, out


def _pending(daemon: Daemon, timeout: float = 30.0) -> dict[str, Any] | None:
    deadline = time.monotonic() + timeout
    with daemon.client() as client:
        while time.monotonic() < deadline:
            pending = client.get("/api/approvals").json()
            if pending:
                return dict(pending[0])
            time.sleep(0.05)
    return None


def _answer(daemon: Daemon, approval_id: str, answer: str, minutes: int | None = None) -> httpx.Response:
    body: dict[str, Any] = {"answer": answer}
    if minutes is not None:
        body["remember_minutes"] = minutes
    with daemon.client() as client:
        return client.post(f"/api/approvals/{approval_id}", json=body)


def _audit(daemon: Daemon) -> list[dict[str, Any]]:
    with daemon.client() as client:
        rows: list[dict[str, Any]] = client.get("/api/audit", params={"limit": 1000}).json()
        assert client.get("/api/audit/verify").json()["ok"]
    return rows


def _grants(daemon: Daemon) -> list[dict[str, Any]]:
    with daemon.client() as client:
        grants: list[dict[str, Any]] = client.get("/api/grants").json()
    return grants


def _app_client(daemon: Daemon, name: str) -> httpx.Client:
    made = subprocess.run([ISLANDRUN, "apps", "add", name], env=daemon.env, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    token = made.stdout.split()[0]
    return httpx.Client(base_url=daemon.url, headers={"Authorization": f"Bearer {token}"}, timeout=120)


def test_the_question_shows_the_text_as_it_leaves_and_never_the_value(daemon: Daemon, recorder: Recorder) -> None:
    recorder.bodies.clear()
    thread, out = _ask(daemon, "m-a", f"Please write to {SECRET_EMAIL} about the invoice.")
    pending = _pending(daemon)
    assert pending is not None
    assert SECRET_EMAIL not in json.dumps(pending)
    assert pending["app"] == "shared" and pending["island_name"] == "Cloud A"
    shown = re.fullmatch(r"user: Please write to (\[[A-Z]+_\d+\]) about the invoice\.", pending["preview"])
    assert shown, pending["preview"]
    assert pending["preview_cut"] == 0 and pending["remember_refused"] is None
    assert pending["expires"] - pending["created"] == pytest.approx(3.0)
    assert _answer(daemon, pending["id"], "send").status_code == 200
    thread.join(60)
    assert out["status"] == 200, out
    # what left is what the question showed, placeholder for placeholder
    sent = recorder.bodies[-1]["messages"][-1]["content"]
    assert sent == f"Please write to {shown.group(1)} about the invoice."
    assert SECRET_EMAIL not in json.dumps(recorder.bodies)


def test_a_long_preview_is_cut_and_says_how_much(daemon: Daemon) -> None:
    text = "word " * 600 + f"last line for {SECRET_EMAIL}"
    thread, out = _ask(daemon, "m-a", text, headers={**INTERNAL, "X-IslandRun-Sensitivity": "confidential"})
    pending = _pending(daemon)
    assert pending is not None
    assert len(pending["preview"]) == 1500
    placeholder = re.search(r"\[[A-Z]+_\d+\]$", pending["preview"])
    assert placeholder and SECRET_EMAIL not in pending["preview"]
    assert pending["preview"].endswith(f"last line for {placeholder.group(0)}")
    assert pending["preview_cut"] == len("user: " + text.replace(SECRET_EMAIL, placeholder.group(0))) - 1500
    assert _answer(daemon, pending["id"], "deny").status_code == 200
    thread.join(60)
    assert out["status"] == 403


def test_a_remembered_grant_lets_matching_requests_through_and_no_others(daemon: Daemon) -> None:
    thread, out = _ask(daemon, "m-a", f"Mail {SECRET_EMAIL} the notes.")
    pending = _pending(daemon)
    assert pending is not None
    level = pending["sensitivity"]
    assert _answer(daemon, pending["id"], "send", minutes=30).status_code == 200
    thread.join(60)
    assert out["status"] == 200, out
    grants = _grants(daemon)
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
    thread, out = _ask(daemon, "m-a", "Mail someone.else@example.org the summary.")
    thread.join(60)
    assert out["status"] == 200, out
    assert out["body"]["islandrun"]["island"] == "cloud-a"

    # another island, another level, another app, a new kind of detail: each asks again
    def asks(model: str, content: str, headers: dict[str, str] = INTERNAL, **kw: Any) -> None:
        thread, out = _ask(daemon, model, content, headers, **kw)
        pending = _pending(daemon)
        assert pending is not None, (model, content, headers)
        assert _answer(daemon, pending["id"], "deny").status_code == 200
        thread.join(60)
        assert out["status"] == 403

    asks("m-b", "Mail ann@example.org the notes.")
    asks("m-a", "Mail ann@example.org the notes.", {**INTERNAL, "X-IslandRun-Sensitivity": "restricted"})
    asks("m-a", "Mail ann@example.org the notes.", client=_app_client(daemon, "editor"))
    asks("m-a", "Mail ann@example.org, card 4111 1111 1111 1111.")

    rows = _audit(daemon)
    granted = [r for r in rows if r["event"] == "grant" and r["outcome"] == "granted"]
    assert len(granted) == 1 and granted[0]["island"] == "cloud-a" and "shared" in granted[0]["detail"]
    used = [r for r in rows if r["event"] == "approval" and r["outcome"] == "remembered"]
    assert len(used) == 1 and grant["id"] in used[0]["detail"]

    # revoked: the next matching request asks again
    with daemon.client() as client:
        assert client.delete(f"/api/grants/{grant['id']}").json() == {"id": grant["id"], "revoked": True}
        assert client.delete(f"/api/grants/{grant['id']}").status_code == 404
    assert _grants(daemon) == []
    asks("m-a", "Mail bob@example.org the notes.")
    revoked = [r for r in _audit(daemon) if r["event"] == "grant" and r["outcome"] == "revoked"]
    assert len(revoked) == 1 and grant["id"] in revoked[0]["detail"]


def test_restricted_content_and_unknown_apps_are_never_remembered(daemon: Daemon) -> None:
    thread, out = _ask(daemon, "m-a", "Hi", {**INTERNAL, "X-IslandRun-Sensitivity": "restricted"})
    pending = _pending(daemon)
    assert pending is not None and pending["sensitivity"] == "restricted"
    assert "restricted" in pending["remember_refused"]
    refused = _answer(daemon, pending["id"], "send", minutes=10)
    assert refused.status_code == 400
    assert "never remembered" in refused.json()["error"]["message"]
    assert _answer(daemon, pending["id"], "local", minutes=10).status_code == 400  # only a send is remembered
    assert _answer(daemon, pending["id"], "deny").status_code == 200  # still waiting after both refusals
    thread.join(60)
    assert out["status"] == 403

    # over the Unix socket no app token says who asked: nothing to tie a grant to
    thread, out = _ask(daemon, "m-a", "Hi", client=daemon.unix_client())
    pending = _pending(daemon)
    assert pending is not None and pending["app"] is None and pending["remember_refused"]
    assert _answer(daemon, pending["id"], "send", minutes=10).status_code == 400
    assert _answer(daemon, pending["id"], "deny").status_code == 200
    thread.join(60)
    assert _grants(daemon) == []


def test_deny_and_timeout_are_different_outcomes(daemon: Daemon) -> None:
    thread, out = _ask(daemon, "m-b", "Deny me")
    pending = _pending(daemon)
    assert pending is not None
    _answer(daemon, pending["id"], "deny")
    thread.join(60)
    denied_id = out["body"]
    thread, out = _ask(daemon, "m-b", "Let me time out")
    thread.join(60)
    assert out["status"] == 403 and "nobody answered within 3 s" in out["body"]["error"]["message"]
    assert "denied by the user" in denied_id["error"]["message"]
    outcomes = [r["outcome"] for r in _audit(daemon) if r["event"] == "route"][:2]
    assert outcomes == ["approval-timeout", "denied"]


def test_grants_survive_a_restart(daemon: Daemon) -> None:
    thread, out = _ask(daemon, "m-b", "Hi there")
    pending = _pending(daemon)
    assert pending is not None
    assert _answer(daemon, pending["id"], "send", minutes=60).status_code == 200
    thread.join(60)
    before = _grants(daemon)
    assert len(before) == 1
    daemon.stop()
    daemon.start()
    assert _grants(daemon) == before
    thread, out = _ask(daemon, "m-b", "Hi again")
    thread.join(60)
    assert out["status"] == 200, out


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
