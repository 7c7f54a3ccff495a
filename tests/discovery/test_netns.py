"""Two devices in two network namespaces joined by a veth pair discover each other over real mDNS.

The test creates the namespaces and a private /24 between them (TESTING.md recipe), runs one
process per namespace (tests/discovery/netns_peer.py), and deletes the namespaces afterwards.
No packet leaves the namespaces. Skipped where it cannot run (not root, no ``ip netns``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PEER = Path(__file__).with_name("netns_peer.py")


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


@pytest.fixture
def two_namespaces() -> Iterator[tuple[tuple[str, str], tuple[str, str]]]:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("needs root and iproute2 to create network namespaces")
    tag = secrets.token_hex(3)
    net = f"10.213.{secrets.randbelow(250) + 1}"
    ns_a, ns_b = f"ir-a-{tag}", f"ir-b-{tag}"
    veth_a, veth_b = f"irva{tag}", f"irvb{tag}"
    created: list[str] = []
    try:
        for ns in (ns_a, ns_b):
            ip("netns", "add", ns)
            created.append(ns)
        ip("link", "add", veth_a, "netns", ns_a, "type", "veth", "peer", "name", veth_b, "netns", ns_b)
        for ns, veth, addr in ((ns_a, veth_a, f"{net}.1"), (ns_b, veth_b, f"{net}.2")):
            ip("-n", ns, "link", "set", "lo", "up")
            ip("-n", ns, "addr", "add", f"{addr}/24", "dev", veth)
            ip("-n", ns, "link", "set", veth, "up")
            ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", veth)
    except subprocess.CalledProcessError as exc:
        for ns in created:
            subprocess.run(["ip", "netns", "del", ns], check=False, capture_output=True)
        pytest.skip(f"cannot create network namespaces here: {exc.stderr.decode().strip()}")
    try:
        yield (ns_a, f"{net}.1"), (ns_b, f"{net}.2")
    finally:
        for ns in created:
            subprocess.run(["ip", "netns", "del", ns], check=False, capture_output=True)


def events(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_two_namespaces_discover_each_other_and_see_the_withdrawal(
    two_namespaces: tuple[tuple[str, str], tuple[str, str]],
) -> None:
    (ns_a, ip_a), (ns_b, ip_b) = two_namespaces
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    laptop = subprocess.Popen(
        ["ip", "netns", "exec", ns_a, sys.executable, str(PEER), "--name", "Laptop", "--ip", ip_a,
         "--port", "4443", "--wait-peer-gone"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    desktop = subprocess.Popen(
        ["ip", "netns", "exec", ns_b, sys.executable, str(PEER), "--name", "Desktop", "--ip", ip_b,
         "--port", "4444", "--linger", "1.0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        out_b, err_b = desktop.communicate(timeout=40)
        out_a, err_a = laptop.communicate(timeout=40)
    finally:
        for proc in (laptop, desktop):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert desktop.returncode == 0, err_b + out_b
    assert laptop.returncode == 0, err_a + out_a

    seen_by_laptop = events(out_a)
    seen_by_desktop = events(out_b)
    appeared = [e for e in seen_by_laptop if e["event"] == "appeared"]
    assert len(appeared) == 1
    assert appeared[0]["name"] == "Desktop"
    assert appeared[0]["addresses"] == [ip_b]  # the namespace address, not loopback
    assert appeared[0]["port"] == 4444
    disappeared = [e for e in seen_by_laptop if e["event"] == "disappeared"]
    assert [e["name"] for e in disappeared] == ["Desktop"]
    assert [e["name"] for e in seen_by_desktop if e["event"] == "appeared"] == ["Laptop"]
    # discovery times, for docs/discovery.md (printed with -s)
    print("netns discovery:", appeared[0]["after_s"], "s; withdrawal seen at", disappeared[0]["after_s"], "s")
