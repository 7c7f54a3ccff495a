"""Island keys, connection tests and the shared token over the daemon's API, for real: the daemon
runs with an unlocked gnome-keyring (Secret Service) on a private D-Bus session, its cloud island is
``llama_cpp.server`` started with ``--api_key`` (a real OpenAI-compatible server that answers 401 to
a wrong key), and the stored key is read back by ``secret-tool``, an independent client."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from remote.secret_service import llama_server_with_key, secret_service_env, secret_tool

from .conftest import BASE_CONFIG, ISLANDRUN, Daemon

KEY = "sk-test-Keys-Api-9fQ2wLx7"
WRONG = "sk-test-wrong-key-000000"


@dataclass
class KeyedDaemon(Daemon):
    """A daemon that reaches the test's keyring (HOME and the D-Bus session)."""

    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, **self.extra_env}


@dataclass
class Setup:
    daemon: KeyedDaemon
    keyring: dict[str, str]
    upstream: str


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    root = tmp_path_factory.mktemp("keys-api")
    with secret_service_env(root / "keyring") as keyring, llama_server_with_key(root, KEY) as upstream:
        config = (
            BASE_CONFIG
            + f"""
[[islands]]
id = "cloudy"
kind = "cloud"
endpoint = "{upstream}/v1"

[[islands]]
id = "edge-box"
kind = "edge"
endpoint = "http://127.0.0.1:9/v1"

[[islands]]
id = "handpeer"
kind = "peer"
endpoint = "https://127.0.0.1:9"
"""
        )
        daemon = KeyedDaemon(root / "daemon", config, extra_env=keyring).start()
        try:
            yield Setup(daemon, keyring, upstream)
        finally:
            daemon.stop()


def _rows(http: httpx.Client) -> dict[str, dict[str, object]]:
    answer = http.get("/api/keys")
    assert answer.status_code == 200, answer.text
    return {row["id"]: row for row in answer.json()["islands"]}


def test_key_status_store_test_and_remove_through_the_real_keyring(setup: Setup) -> None:
    d = setup.daemon
    seen: list[str] = []
    with d.unix_client() as http:
        rows = _rows(http)
        assert rows["cloudy"]["key"] == "not set" and rows["cloudy"]["status"] == "no key"
        assert rows["edge-box"]["key"] == "not set" and rows["edge-box"]["status"] == "not tested"
        assert rows["handpeer"]["key"] == "—" and rows["handpeer"]["status"] == "unpaired"
        assert rows["local"]["status"] == "this device"

        # No key: the server refuses and the answer says so in words.
        no_key = http.post("/api/islands/cloudy/test").json()
        assert no_key["ok"] is False and "401" in no_key["message"] and "credentials" in no_key["message"]

        # A wrong key is stored (the keyring really holds it), and the island says no.
        assert http.put("/api/islands/cloudy/key", json={"key": WRONG}).status_code == 204
        assert secret_tool(setup.keyring, "cloudy") == WRONG
        wrong = http.post("/api/islands/cloudy/test").json()
        assert wrong["ok"] is False and "401" in wrong["message"]
        assert _rows(http)["cloudy"]["status"] == "down"

        # Replaced by the right key: used at once (no cache delay), the island answers its models.
        put = http.put("/api/islands/cloudy/key", json={"key": KEY})
        assert put.status_code == 204 and put.content == b""
        assert secret_tool(setup.keyring, "cloudy") == KEY
        right = http.post("/api/islands/cloudy/test")
        assert right.status_code == 200
        assert right.json()["ok"] is True and right.json()["message"].startswith("connected: 1 model")
        rows = _rows(http)
        assert rows["cloudy"]["key"] == "stored" and rows["cloudy"]["status"] == "up"
        seen += [no_key["message"], wrong["message"], right.text, http.get("/api/keys").text]
        seen.append(http.get("/api/islands").text)

        # Removed: gone from the keyring; removing again says there was none.
        gone = http.delete("/api/islands/cloudy/key").json()
        assert gone == {"id": "cloudy", "removed": True}
        assert secret_tool(setup.keyring, "cloudy") == ""
        assert http.delete("/api/islands/cloudy/key").json()["removed"] is False
        assert _rows(http)["cloudy"]["status"] == "no key"
    assert not any(KEY in text or WRONG in text for text in seen)
    files = [p for p in d.home.rglob("*") if p.is_file()]
    assert not [p for p in files if KEY.encode() in p.read_bytes() or WRONG.encode() in p.read_bytes()]


def test_keys_are_refused_where_they_do_not_belong_and_never_echoed(setup: Setup) -> None:
    with setup.daemon.unix_client() as http:
        peer = http.put("/api/islands/handpeer/key", json={"key": KEY})
        assert peer.status_code == 400 and "pairing" in peer.json()["error"]["message"]
        local = http.put("/api/islands/local/key", json={"key": KEY})
        assert local.status_code == 400 and "this device" in local.json()["error"]["message"]
        unknown = http.put("/api/islands/nope/key", json={"key": KEY})
        assert unknown.status_code == 404 and "no configured island" in unknown.json()["error"]["message"]
        padded = http.put("/api/islands/cloudy/key", json={"key": f" {KEY}\n"})
        assert padded.status_code == 400 and "line breaks" in padded.json()["error"]["message"]
        for answer in (peer, local, unknown, padded):
            assert KEY not in answer.text
    assert secret_tool(setup.keyring, "handpeer") == "" and secret_tool(setup.keyring, "cloudy") == ""


def test_connection_test_of_a_dead_edge_and_an_unpaired_peer_says_why(setup: Setup) -> None:
    with setup.daemon.unix_client() as http:
        edge = http.post("/api/islands/edge-box/test").json()
        assert edge["ok"] is False and edge["message"]
        assert "Traceback" not in edge["message"]
        assert _rows(http)["edge-box"]["status"] == "down"
        peer = http.post("/api/islands/handpeer/test").json()
        assert peer["ok"] is False and "not paired" in peer["message"]
        assert http.post("/api/islands/nope/test").status_code == 404


def test_connect_info_names_the_addresses_an_app_needs(setup: Setup) -> None:
    d = setup.daemon
    with d.client() as http:
        info = http.get("/api/connect").json()
    assert info["openai_base_url"] == f"{d.url}/v1"
    assert info["anthropic_base_url"] == d.url
    assert info["socket"] == str(d.socket)
    assert info["ollama_url"] is None  # [ollama] is off here
    assert info["listeners"][0]["url"] == d.url and info["listeners"][0]["open"] is True


def test_token_read_and_rotate_only_over_the_socket_or_with_the_shared_token(setup: Setup) -> None:
    d = setup.daemon
    made = subprocess.run(
        [ISLANDRUN, "apps", "add", "some-app"], env=d.env, capture_output=True, text=True, timeout=60, check=True
    )
    app_token = made.stdout.split()[0]
    with d.unix_client() as unix:
        assert unix.get("/api/token").json()["token"] == d.token
    with d.client() as shared:
        assert shared.get("/api/token").json()["token"] == d.token
    with httpx.Client(base_url=d.url, headers={"Authorization": f"Bearer {app_token}"}) as app:
        assert app.get("/v1/models").status_code == 200  # a working app token ...
        refused = app.get("/api/token")
        assert refused.status_code == 403 and "some-app" in refused.json()["error"]["message"]  # ... but not this
        assert d.token not in refused.text
        assert app.post("/api/token/rotate").status_code == 403
    old = d.token
    with d.unix_client() as unix:
        fresh = unix.post("/api/token/rotate").json()["token"]
    assert fresh != old and len(fresh) >= 32
    assert (d.home / "data" / "api-token").read_text().strip() == fresh
    time.sleep(1.2)  # the TCP guard re-reads the token file at most once a second
    with httpx.Client(base_url=d.url, headers={"Authorization": f"Bearer {old}"}) as stale:
        assert stale.get("/v1/models").status_code == 401
    with httpx.Client(base_url=d.url, headers={"Authorization": f"Bearer {fresh}"}) as new:
        assert new.get("/v1/models").status_code == 200
    with httpx.Client(base_url=d.url, headers={"Authorization": f"Bearer {app_token}"}) as app:
        assert app.get("/v1/models").status_code == 200  # per-app tokens are not affected
    d.token = fresh


def test_no_keyring_is_a_clear_503_and_nothing_is_written(tmp_path: Path) -> None:
    """A daemon without any Secret Service on its bus: setting a key says what to install."""
    bare = KeyedDaemon(
        tmp_path / "bare",
        BASE_CONFIG + '\n[[islands]]\nid = "cloudy"\nkind = "cloud"\nendpoint = "http://127.0.0.1:9/v1"\n',
        extra_env={"HOME": str(tmp_path / "bare-home"), "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"},
    )
    (tmp_path / "bare-home").mkdir()
    bare.start()
    try:
        with bare.unix_client() as http:
            answer = http.put("/api/islands/cloudy/key", json={"key": KEY})
            rows = http.get("/api/keys").json()
    finally:
        bare.stop()
    assert answer.status_code == 503
    message = answer.json()["error"]["message"]
    assert "keyring" in message and "plain text" in message and KEY not in answer.text
    assert rows["keyring_problem"] and {r["id"]: r for r in rows["islands"]}["cloudy"]["key"] == "keyring unavailable"
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and KEY.encode() in p.read_bytes()]
