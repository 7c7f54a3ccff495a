"""A virtual LAN of network namespaces for the personal-group tests (TESTING.md recipe), and the
CLI steps a user takes on it (pairing with the code).

A switch namespace holds a bridge; each device namespace is joined to it by a veth pair with a
private 10.214.x.0/24 address and a multicast route (mDNS). Nothing is routed anywhere else, and
every namespace is deleted afterwards. Skips the test without root or iproute2.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from daemon.conftest import Daemon

__all__ = ["ISLANDRUN", "Lan", "cli", "ip", "pair", "virtual_lan", "wire_bytes"]

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


@dataclass
class Lan:
    switch: str
    hosts: list[tuple[str, str, str]]  # (namespace, veth inside it, address), in the order of the roles


@contextmanager
def virtual_lan(roles: Sequence[str]) -> Iterator[Lan]:
    """One namespace per role (short names: they go into interface names) on one bridge."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("needs root and iproute2 to create network namespaces")
    tag = secrets.token_hex(3)
    net = f"10.214.{secrets.randbelow(250) + 1}"
    switch = f"ir-sw-{tag}"
    created: list[str] = []
    hosts: list[tuple[str, str, str]] = []
    try:
        ip("netns", "add", switch)
        created.append(switch)
        ip("-n", switch, "link", "add", "br0", "type", "bridge")
        ip("-n", switch, "link", "set", "br0", "up")
        for index, role in enumerate(roles, start=1):
            ns, inner, outer = f"ir-{role}-{tag}", f"v{role}{tag}", f"s{role}{tag}"
            ip("netns", "add", ns)
            created.append(ns)
            ip("link", "add", inner, "netns", ns, "type", "veth", "peer", "name", outer, "netns", switch)
            ip("-n", switch, "link", "set", outer, "master", "br0")
            ip("-n", switch, "link", "set", outer, "up")
            ip("-n", ns, "link", "set", "lo", "up")
            ip("-n", ns, "addr", "add", f"{net}.{index}/24", "dev", inner)
            ip("-n", ns, "link", "set", inner, "up")
            ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", inner)
            hosts.append((ns, inner, f"{net}.{index}"))
    except subprocess.CalledProcessError as exc:
        for ns in reversed(created):
            subprocess.run(["ip", "netns", "del", ns], check=False, capture_output=True)
        pytest.skip(f"cannot create network namespaces here: {exc.stderr.decode().strip()}")
    try:
        yield Lan(switch, hosts)
    finally:
        for ns in reversed(created):
            subprocess.run(["ip", "netns", "del", ns], check=False, capture_output=True)


def wire_bytes(ns: str, veth: str) -> int:
    """Bytes received and sent on a namespace's LAN interface so far."""
    stats = Path("/sys/class/net") / veth / "statistics"
    out = subprocess.run(
        ["ip", "netns", "exec", ns, "cat", str(stats / "rx_bytes"), str(stats / "tx_bytes")],
        capture_output=True, text=True, check=True, timeout=10,
    )  # fmt: skip
    return sum(int(v) for v in out.stdout.split())


def cli(daemon: Daemon, *args: str, stdin: str = "") -> str:
    """``islandrun ARGS`` as the user of ``daemon`` types it; asserts it succeeds."""
    done = subprocess.run(
        [ISLANDRUN, *args], env=daemon.env, input=stdin, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def pair(initiator: Daemon, other: Daemon, other_name: str, initiator_name: str) -> None:
    """Pair through the CLI: the code shows on both; the other side accepts with the typed code."""
    out = cli(initiator, "peers", "pair", other_name, stdin="y\n")
    code = re.search(r"Code: (\d{3}) (\d{3})", out)
    assert code is not None, out
    listed = cli(other, "peers", "list")
    session = re.search(
        rf"Pairing request from {initiator_name} .*code (\d{{3}} \d{{3}}): `islandrun peers accept (\S+)", listed
    )
    assert session is not None and session.group(1) == f"{code.group(1)} {code.group(2)}", listed
    cli(other, "peers", "accept", session.group(2), "--code", code.group(1) + code.group(2))
