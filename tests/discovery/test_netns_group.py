"""Three daemons — laptop, desktop, NAS — each in its own network namespace on one virtual LAN.

The test builds the LAN itself (:mod:`.netns`, the TESTING.md recipe): a fourth namespace holds a
bridge that joins the three; nothing is routed anywhere else and everything is deleted afterwards.
Each device is a real `islandrun serve` (``ip netns exec`` execs it, so the pid is the daemon's)
with its own dirs and identity; the test reaches each one over its Unix socket (sockets live on the
shared filesystem, not the network).

Shown: discovery over real mDNS across the namespaces, pairing through the CLI with the code,
the busy laptop's work served by a peer, a network cut (the peer is marked down in bounded time,
then live again when the link returns), and the heartbeat traffic on the wire. Skipped without
root or iproute2.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from daemon.conftest import Daemon

from .netns import Lan, cli, ip, pair, virtual_lan, wire_bytes
from .test_daemon_peers import DOWN_AFTER_S, HEARTBEAT_S, Busy, chat, group_config, peer_named, peers, wait_for

pytestmark = pytest.mark.slow

PEER_PORT = 47521  # each namespace has its own ports: the default works for all three


@pytest.fixture(scope="module")
def lan() -> Iterator[Lan]:
    with virtual_lan(("lap", "dsk", "nas")) as built:
        yield built


@pytest.fixture(scope="module")
def devices(lan: Lan, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Daemon]]:
    started: dict[str, Daemon] = {}
    try:
        for (ns, _veth, address), name in zip(lan.hosts, ("Laptop", "Desktop", "NAS"), strict=True):
            config = group_config(name, PEER_PORT, interfaces=f'["{address}"]', max_queue=2 if name == "Laptop" else 4)
            daemon = Daemon(
                tmp_path_factory.mktemp(name.lower()), config, prefix=["ip", "netns", "exec", ns], discovery=True
            )
            started[name] = daemon.start()
        yield started
    finally:
        for daemon in started.values():
            if daemon.proc is not None and daemon.proc.poll() is None:
                daemon.stop()


def test_three_devices_discover_pair_share_work_and_survive_a_network_cut(lan: Lan, devices: dict[str, Daemon]) -> None:
    laptop, desktop, nas = devices["Laptop"], devices["Desktop"], devices["NAS"]
    began = time.monotonic()
    wait_for("the laptop to see both", lambda: peer_named(laptop, "Desktop") and peer_named(laptop, "NAS"), 60)
    print(f"netns discovery: both peers listed {time.monotonic() - began:.2f} s after the last daemon was ready")
    seen = peer_named(laptop, "Desktop")
    assert seen is not None and seen["addresses"] == [lan.hosts[1][2]] and seen["state"] == "unpaired"

    # Pair through the CLI, as a user would: the code shows on both; each side confirms.
    for other, name in ((desktop, "Desktop"), (nas, "NAS")):
        pair(laptop, other, name, "Laptop")
    wait_for(
        "heartbeats with both peers",
        lambda: all(_state(laptop, n) == "live" for n in ("Desktop", "NAS")),
        30,
    )
    assert "Desktop" in cli(laptop, "peers", "list") and "live at" in cli(laptop, "peers", "list")

    # Heartbeat traffic on the laptop's wire while idle (TLS, TCP, IP and mDNS included).
    laptop_ns, laptop_veth, _ = lan.hosts[0]
    before, t0 = wire_bytes(laptop_ns, laptop_veth), time.monotonic()
    time.sleep(10)
    rate = (wire_bytes(laptop_ns, laptop_veth) - before) / (time.monotonic() - t0)
    print(f"idle wire traffic on the laptop with 2 live peers: {rate:.0f} B/s ({rate / 2:.0f} B/s per peer)")
    stats = peers(laptop)["heartbeats"]
    per_beat = (stats["bytes_in"] + stats["bytes_out"]) / max(1, stats["answered"])
    print(f"HTTP bytes per heartbeat exchange: {per_beat:.0f} (every {HEARTBEAT_S} s per peer)")

    # The laptop is busy: its work goes to a peer, over the namespace network.
    with Busy(laptop):
        served = chat(laptop, "Say hello.")
        assert served.status_code == 200, served.text
        assert served.json()["islandrun"]["island_kind"] == "peer"

    # The desktop's link is cut: down within the window, back when the link returns.
    desktop_ns, desktop_veth, _ = lan.hosts[1]
    ip("-n", desktop_ns, "link", "set", desktop_veth, "down")
    cut = time.monotonic()
    wait_for("the desktop to be marked down", lambda: _state(laptop, "Desktop") == "down", 30)
    down_after = time.monotonic() - cut
    print(f"network cut detected after {down_after:.2f} s (heartbeat {HEARTBEAT_S} s, window {DOWN_AFTER_S} s)")
    assert down_after <= DOWN_AFTER_S + HEARTBEAT_S + 5.0
    assert _state(laptop, "NAS") == "live"  # the other peer is untouched
    ip("-n", desktop_ns, "link", "set", desktop_veth, "up")
    back = time.monotonic()
    wait_for("the desktop to be live again", lambda: _state(laptop, "Desktop") == "live", 60)
    print(f"live again {time.monotonic() - back:.2f} s after the link came back")


def _state(daemon: Daemon, name: str) -> str | None:
    peer = peer_named(daemon, name, paired=True)
    return None if peer is None else str(peer["state"])
