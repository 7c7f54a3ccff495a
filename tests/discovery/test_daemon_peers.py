"""Two real daemons on this machine form a personal group: real mDNS (on loopback), pairing with
the 6-digit code, heartbeats over mutual TLS, and the busy laptop's request served by the desktop.

Each daemon is ``islandrun serve`` in a subprocess with its own config/data/runtime dirs and its
own identity; the test talks to each over its Unix socket, as the CLI does. The CPU, GPU, battery
and thermal probes are off on both (the two share one machine's CPU, so its load would say nothing
about either), leaving each device's capacity to its own engine queue and memory; the laptop may
queue two requests, and two long primary requests keep it busy (:class:`Busy`). The three-namespace version of this
test (separate network stacks, a network cut) is ``test_netns_group.py``.
"""

from __future__ import annotations

import json
import signal
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from daemon.conftest import BASE_CONFIG, Daemon
from remote.conftest import free_port

from islandrun.core.discovery.identity import load_or_create_identity
from islandrun.core.discovery.mdns import MdnsDiscovery

pytestmark = pytest.mark.slow

HEARTBEAT_S, DOWN_AFTER_S = 0.5, 2.0


def group_config(name: str, peer_port: int, *, interfaces: str = '["127.0.0.1"]', max_queue: int = 4) -> str:
    base = BASE_CONFIG.replace("[discovery]\nenabled = false\n", "").replace(
        "[engine]\n", f"[engine]\nmax_queue = {max_queue}\n"
    )
    return (
        base
        + f"""
[discovery]
name = "{name}"
peer_port = {peer_port}
interfaces = {interfaces}
heartbeat_s = {HEARTBEAT_S}
down_after_s = {DOWN_AFTER_S}

[capacity]
disabled = ["cpu", "gpu", "battery", "thermal"]
"""
    )


def peers(daemon: Daemon) -> dict[str, Any]:
    with daemon.unix_client() as client:
        response = client.get("/api/peers")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def wait_for(what: str, check: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def peer_named(daemon: Daemon, name: str, *, paired: bool | None = None) -> dict[str, Any] | None:
    for peer in peers(daemon)["peers"]:
        if peer["name"] == name and (paired is None or peer["paired"] is paired):
            return peer  # type: ignore[no-any-return]
    return None


def chat(daemon: Daemon, text: str, max_tokens: int = 16, **extra: Any) -> httpx.Response:
    body = {"model": "default", "messages": [{"role": "user", "content": text}], "max_tokens": max_tokens, **extra}
    with daemon.unix_client() as client:
        return client.post("/v1/chat/completions", json=body)


class Busy:
    """Keeps the laptop's engine busy: long *primary* requests (primary work always runs on this
    device, so they never follow the offloaded work to the peer) from two threads, so one is always
    queued behind the other — with ``max_queue = 2`` the queue pressure never drops below 0.5 and the
    gate for secondary work stays shut (it reopens only above 0.6). One thread left gaps between its
    requests (the small model may stop early at its end-of-text token) in which a loaded machine's
    next capacity sample reopened the gate."""

    def __init__(self, daemon: Daemon) -> None:
        self.daemon = daemon
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(2)]

    def _run(self) -> None:
        while not self.stop.is_set():
            chat(
                self.daemon,
                "Write a very long story about a lighthouse keeper.",
                max_tokens=400,
                temperature=1.2,
                islandrun={"tier": "primary"},
            )

    def __enter__(self) -> Busy:
        for thread in self.threads:
            thread.start()
        # the engine probe samples every second: its own queue is full on the next sample (TIDE counts
        # the engine's own work as a queue wait, not as pressure: a full queue keeps secondary work off)
        wait_for("the laptop to be busy", lambda: _busy(self.daemon), timeout=30)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=180)


def _busy(daemon: Daemon) -> bool:
    with daemon.unix_client() as client:
        sample = client.get("/api/capacity").json()["sample"]
    if sample is None:
        return False
    own = sample.get("own_work") or {}
    return bool(own.get("full")) or float(sample["capacity"]) < 0.5


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Daemon, Daemon]]:
    laptop = Daemon(tmp_path_factory.mktemp("laptop"), group_config("Laptop", free_port(), max_queue=2), discovery=True)
    desktop = Daemon(tmp_path_factory.mktemp("desktop"), group_config("Desktop", free_port()), discovery=True)
    laptop.start()
    try:
        desktop.start()
    except BaseException:
        laptop.stop()
        raise
    yield laptop, desktop
    for daemon in (laptop, desktop):
        if daemon.proc is not None and daemon.proc.poll() is None:
            daemon.stop()


def test_devices_discover_each_other_and_pair_only_with_the_matching_code(group: tuple[Daemon, Daemon]) -> None:
    laptop, desktop = group
    started = time.monotonic()
    seen = wait_for("the laptop to see the desktop", lambda: peer_named(laptop, "Desktop"))
    print(f"discovery: the desktop was listed by the laptop {time.monotonic() - started:.2f} s after both started")
    assert seen["state"] == "unpaired" and not seen["paired"]
    # Unpaired: listed as an island that the router never passes.
    with laptop.unix_client() as client:
        islands = {i["id"]: i for i in client.get("/api/islands").json()}
    assert seen["island"] in islands

    with laptop.unix_client() as client:
        asked = client.post("/api/peers/pair", json={"target": "Desktop"})
    assert asked.status_code == 200, asked.text
    session = asked.json()
    incoming = wait_for("the desktop to show the request", lambda: peers(desktop)["pairings"])
    assert len(incoming) == 1 and incoming[0]["direction"] == "incoming" and incoming[0]["name"] == "Laptop"
    assert incoming[0]["code"] == session["code"] and len(session["code"]) == 6  # the same code on both screens

    wrong = "000000" if session["code"] != "000000" else "111111"
    with desktop.unix_client() as client:
        refused = client.post(f"/api/peers/pairings/{session['session']}/accept", json={"code": wrong})
    assert refused.status_code == 400 and "does not match" in refused.json()["error"]["message"]
    assert not peer_named(desktop, "Laptop", paired=True)
    with desktop.unix_client() as client:  # what does not exist is a 404, as the API documents
        assert client.post("/api/peers/pairings/no-such-session/accept", json={"code": "123456"}).status_code == 404
        assert client.delete("/api/peers/pairings/no-such-session").status_code == 404
        assert client.delete("/api/peers/NoSuchDevice").status_code == 404

    with laptop.unix_client() as client:
        assert client.post(f"/api/peers/pairings/{session['session']}/confirm").status_code == 200
    with desktop.unix_client() as client:
        accepted = client.post(f"/api/peers/pairings/{session['session']}/accept", json={"code": session["code"]})
    assert accepted.status_code == 200 and accepted.json()["name"] == "Laptop"

    live = wait_for("heartbeats both ways", lambda: _live(laptop, "Desktop") and _live(desktop, "Laptop"))
    assert live
    mine = peer_named(laptop, "Desktop", paired=True)
    assert mine is not None and "gemma-3-270m" in mine["models"] and mine["queue_depth"] == 0


def _live(daemon: Daemon, name: str) -> bool:
    peer = peer_named(daemon, name, paired=True)
    return peer is not None and peer["state"] == "live"


def test_the_busy_laptop_sends_work_to_the_paired_desktop(group: tuple[Daemon, Daemon]) -> None:
    laptop, desktop = group
    alone = chat(laptop, "Say hello.")
    assert alone.status_code == 200 and alone.headers["x-islandrun-island"] == "local"  # idle: stays here

    with Busy(laptop):
        served = chat(laptop, "Say hello.")
        assert served.status_code == 200, served.text
        island = served.headers["x-islandrun-island"]
        assert island.startswith("peer-") and served.json()["islandrun"]["island_kind"] == "peer"
        assert served.json()["choices"][0]["message"]["content"].strip()
        assert served.json()["islandrun"]["sanitized"] is False  # nothing is sanitized inside the group

        # A sensitive request goes too: the desktop is in the personal group (T = P = 1).
        secret = chat(laptop, "My SSN is 536-22-8826 and my card 4111 1111 1111 1111; summarize.")
        assert secret.status_code == 200 and secret.headers["x-islandrun-island"] == island

        with laptop.unix_client() as client, client.stream(
            "POST",
            "/v1/chat/completions",
            json={"model": "default", "messages": [{"role": "user", "content": "Count to five."}], "stream": True,
                  "max_tokens": 16},
        ) as stream:  # fmt: skip
            assert stream.status_code == 200 and stream.headers["x-islandrun-island"] == island
            events = [line for line in stream.iter_lines() if line.startswith("data: ")]
        assert events[-1] == "data: [DONE]" and len(events) > 2

    # The desktop ran them on its own engine, and its audit log says so.
    with desktop.unix_client() as client:
        records = client.get("/api/audit", params={"limit": 20}).json()
    assert sum(1 for r in records if r["island"] == "local" and r["outcome"] == "ok") >= 3


def test_the_peer_listener_refuses_what_is_not_pinned(group: tuple[Daemon, Daemon], tmp_path: Path) -> None:
    _laptop, desktop = group
    port = peers(desktop)["peer_port"]
    anonymous = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    anonymous.check_hostname = False
    anonymous.verify_mode = ssl.CERT_NONE
    with httpx.Client(verify=anonymous, base_url=f"https://127.0.0.1:{port}", timeout=10) as client:
        # without a certificate: pairing only
        chat_refused = client.post("/v1/chat/completions", json={"model": "x", "messages": []})
        assert chat_refused.status_code == 403 and "not paired" in chat_refused.json()["error"]["message"]
        assert client.get("/peer/heartbeat").status_code == 403
        # the local management API is not there at all
        assert client.get("/api/peers").status_code == 404
        assert client.get("/api/audit").status_code == 404
        # a malformed pairing request is answered, and changes nothing
        bad = client.post("/pair/start", json={"certificate_pem": "not a certificate", "name": "Mallory"})
        assert bad.status_code == 400
    assert peers(desktop)["pairings"] == []

    # With a certificate nobody paired: the TLS handshake itself fails.
    stranger = load_or_create_identity(tmp_path / "stranger")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.load_cert_chain(str(stranger.path))
    with (
        httpx.Client(verify=context, base_url=f"https://127.0.0.1:{port}", timeout=10) as client,
        pytest.raises(httpx.HTTPError),
    ):
        client.get("/peer/heartbeat")


async def test_a_stranger_using_a_paired_devices_name_stays_unpaired(
    group: tuple[Daemon, Daemon], tmp_path: Path
) -> None:
    laptop, _desktop = group
    impostor = load_or_create_identity(tmp_path / "impostor")
    fake = MdnsDiscovery(
        device_id=impostor.device_id,
        name="Desktop",
        peer_port=free_port(),
        on_appear=lambda _a: None,
        on_disappear=lambda _a: None,
        interfaces=["127.0.0.1"],
    )
    await fake.start()
    try:
        import asyncio

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            names = [(p["name"], p["paired"], p["device_id"]) for p in peers(laptop)["peers"]]
            if any(d == impostor.device_id for _n, _p, d in names):
                break
            await asyncio.sleep(0.2)
        listed = {p["device_id"]: p for p in peers(laptop)["peers"]}
        assert listed[impostor.device_id]["paired"] is False and listed[impostor.device_id]["state"] == "unpaired"
        real = [p for p in listed.values() if p["name"] == "Desktop" and p["paired"]]
        assert len(real) == 1 and real[0]["device_id"] != impostor.device_id and real[0]["state"] == "live"
    finally:
        await fake.close()


def test_a_peer_killed_mid_request_ends_that_request_clearly_and_is_marked_down(
    group: tuple[Daemon, Daemon],
) -> None:
    laptop, desktop = group
    with Busy(laptop):
        body = {
            "model": "default",
            "messages": [{"role": "user", "content": "Write a long poem about the sea."}],
            "stream": True,
            "max_tokens": 300,
        }
        lines: list[str] = []
        with laptop.unix_client() as client, client.stream("POST", "/v1/chat/completions", json=body) as stream:
            assert stream.status_code == 200 and stream.headers["x-islandrun-island"].startswith("peer-")
            for line in stream.iter_lines():
                lines.append(line)
                if len(lines) == 6 and desktop.proc is not None:
                    desktop.proc.send_signal(signal.SIGKILL)  # no goodbye, no clean close
                    killed_at = time.monotonic()
        payloads = [json.loads(line[6:]) for line in lines if line.startswith("data: {")]
        # The last event names the failure; nothing came after it (not continued on another island),
        # and no chunk claims a normal finish.
        assert payloads and "error" in payloads[-1], lines[-3:]
        assert "island 'peer-" in payloads[-1]["error"]["message"] or "peer-" in payloads[-1]["error"]["message"]
        assert not any(c.get("choices") and c["choices"][0].get("finish_reason") for c in payloads[:-1])
        print("mid-stream failure reported as:", payloads[-1]["error"]["message"])
        # Bounded: the window plus a heartbeat round, with slack for a loaded 2-core CI machine (the
        # measured times are in benchmarks/discovery/RESULTS.md).
        down = wait_for("the desktop to be marked down", lambda: _state(laptop, "Desktop") == "down", timeout=20)
        detected = time.monotonic() - killed_at
        print(f"dead peer detected {detected:.2f} s after kill -9 (heartbeat {HEARTBEAT_S} s, window {DOWN_AFTER_S} s)")
        assert down and detected <= DOWN_AFTER_S + HEARTBEAT_S + 5.0
    desktop.stop()

    # Down: nothing goes there; the laptop answers from its own engine when idle.
    back_home = chat(laptop, "Say hi.")
    assert back_home.status_code == 200 and back_home.headers["x-islandrun-island"] == "local"

    # It comes back with the same identity and is live again without pairing anew.
    desktop.start()
    wait_for("the desktop to be live again", lambda: _state(laptop, "Desktop") == "live", timeout=30)


def _state(daemon: Daemon, name: str) -> str | None:
    peer = peer_named(daemon, name, paired=True)
    return None if peer is None else str(peer["state"])


def test_when_discovery_fails_the_cached_peers_are_used(group: tuple[Daemon, Daemon]) -> None:
    laptop, _desktop = group
    laptop.stop()
    config = laptop.home / "config" / "config.toml"
    # 192.0.2.1 (TEST-NET-1) is on no interface here: mDNS cannot start.
    config.write_text(config.read_text().replace('interfaces = ["127.0.0.1"]', 'interfaces = ["192.0.2.1"]'))
    laptop.start()
    first = peers(laptop)
    assert first["discovery_problem"]
    cached = [p for p in first["peers"] if p["name"] == "Desktop" and p["paired"]]
    assert len(cached) == 1 and (cached[0]["stale"] or cached[0]["state"] == "live")
    # fresh data (a heartbeat at the cached address) clears "stale"
    wait_for("a heartbeat at the cached address", lambda: _live(laptop, "Desktop"), timeout=20)
    assert not peer_named(laptop, "Desktop", paired=True)["stale"]  # type: ignore[index]
