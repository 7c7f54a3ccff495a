"""The peer registry: paired vs discovered, heartbeats, bounded down detection, stale cache.

Adverts are built directly (the mDNS tests show real ones arriving); the clock is a variable
so that "15 s without a heartbeat" takes no real time.
"""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from islandrun.core.discovery.identity import DeviceIdentity, load_or_create_identity
from islandrun.core.discovery.mdns import API_VERSION, PeerAdvert, instance_name
from islandrun.core.discovery.pairing import PairedDevices
from islandrun.core.discovery.registry import PeerRegistry, PeerState, PeerView, peers_cache_file
from islandrun.core.paths import data_dir


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def advert(ident: DeviceIdentity | str, name: str, address: str = "10.0.0.2", port: int = 4443) -> PeerAdvert:
    device_id = ident if isinstance(ident, str) else ident.device_id
    return PeerAdvert(instance_name(device_id), device_id, name, API_VERSION, port, (address,))


@pytest.fixture
def desktop(tmp_path: Path) -> DeviceIdentity:
    return load_or_create_identity(tmp_path / "desktop")


@pytest.fixture
def stranger(tmp_path: Path) -> DeviceIdentity:
    return load_or_create_identity(tmp_path / "stranger")


@pytest.fixture
def paired(desktop: DeviceIdentity) -> PairedDevices:
    devices = PairedDevices()
    devices.add(desktop.certificate_pem.decode(), "Desktop")
    return devices


def test_unpaired_device_is_listed_but_never_routable(paired: PairedDevices, stranger: DeviceIdentity) -> None:
    changes: list[PeerView] = []
    registry = PeerRegistry(paired, on_change=changes.append)
    registry.advert_appeared(advert(stranger, "Someone's NAS"))
    view = registry.get(stranger.device_id)
    assert view is not None
    assert view.state is PeerState.UNPAIRED
    assert not view.paired
    registry.heartbeat(stranger.device_id)  # cannot happen through the pinned channel; ignored anyway
    assert registry.routable() == []
    assert [c.state for c in changes] == [PeerState.UNPAIRED]


def test_paired_device_is_routable_only_after_a_heartbeat(paired: PairedDevices, desktop: DeviceIdentity) -> None:
    clock = Clock()
    registry = PeerRegistry(paired, clock=clock)
    registry.advert_appeared(advert(desktop, "whatever it calls itself"))
    view = registry.get(desktop.device_id)
    assert view is not None
    assert view.state is PeerState.WAITING
    assert view.name == "Desktop"  # the name given at pairing, not the advertised one
    assert registry.routable() == []
    registry.heartbeat(desktop.device_id)
    assert [v.device_id for v in registry.routable()] == [desktop.device_id]


def test_missed_heartbeats_mark_the_peer_down_within_the_window_and_it_comes_back(
    paired: PairedDevices, desktop: DeviceIdentity
) -> None:
    clock = Clock()
    registry = PeerRegistry(paired, clock=clock, down_after_s=15)
    registry.advert_appeared(advert(desktop, "Desktop"))
    registry.heartbeat(desktop.device_id)
    clock.now += 14.9
    assert registry.sweep() == []
    clock.now += 0.2
    (change,) = registry.sweep()
    assert change.state is PeerState.DOWN
    assert registry.routable() == []
    registry.heartbeat(desktop.device_id)  # the network is back
    assert [v.state for v in registry.routable()] == [PeerState.LIVE]


def test_goodbye_marks_down_at_once(paired: PairedDevices, desktop: DeviceIdentity) -> None:
    registry = PeerRegistry(paired, clock=Clock())
    registry.advert_appeared(advert(desktop, "Desktop"))
    registry.heartbeat(desktop.device_id)
    registry.advert_gone(advert(desktop, "Desktop"))
    view = registry.get(desktop.device_id)
    assert view is not None
    assert view.state is PeerState.DOWN
    assert not view.advertised


def test_a_stranger_using_a_paired_devices_name_stays_unpaired(
    paired: PairedDevices, desktop: DeviceIdentity, stranger: DeviceIdentity, caplog: pytest.LogCaptureFixture
) -> None:
    registry = PeerRegistry(paired)
    with caplog.at_level(logging.WARNING, logger="islandrun.core.discovery.registry"):
        registry.advert_appeared(advert(stranger, "Desktop"))
    view = registry.get(stranger.device_id)
    assert view is not None
    assert view.state is PeerState.UNPAIRED
    assert registry.get(desktop.device_id) is None
    assert any("advertises the name 'Desktop' of paired device" in r.getMessage() for r in caplog.records)


def test_unpairing_takes_a_live_peer_out_of_routing(paired: PairedDevices, desktop: DeviceIdentity) -> None:
    registry = PeerRegistry(paired, clock=Clock())
    registry.advert_appeared(advert(desktop, "Desktop"))
    registry.heartbeat(desktop.device_id)
    paired.remove(desktop.device_id)
    (change,) = registry.sweep()
    assert change.state is PeerState.UNPAIRED
    assert registry.routable() == []


def test_restart_uses_the_cached_list_marked_stale_until_fresh_data(
    paired: PairedDevices, desktop: DeviceIdentity, stranger: DeviceIdentity
) -> None:
    first = PeerRegistry(paired)
    first.advert_appeared(advert(desktop, "Desktop", "10.0.0.7", 4450))
    first.advert_appeared(advert(stranger, "Stranger"))
    assert peers_cache_file().parent == data_dir()
    assert stat.S_IMODE(peers_cache_file().stat().st_mode) == 0o600
    assert stranger.device_id not in peers_cache_file().read_text()  # strangers are not remembered

    after_restart = PeerRegistry(paired, clock=Clock())
    (view,) = after_restart.views()
    assert (view.device_id, view.addresses, view.peer_port) == (desktop.device_id, ("10.0.0.7",), 4450)
    assert view.stale
    assert view.state is PeerState.WAITING
    assert after_restart.routable() == []
    after_restart.heartbeat(desktop.device_id)  # the daemon heartbeats the cached address
    fresh = after_restart.get(desktop.device_id)
    assert fresh is not None
    assert not fresh.stale
    assert fresh.state is PeerState.LIVE


def test_discovery_lost_keeps_paired_addresses_as_stale(
    paired: PairedDevices, desktop: DeviceIdentity, stranger: DeviceIdentity
) -> None:
    registry = PeerRegistry(paired, clock=Clock())
    registry.advert_appeared(advert(desktop, "Desktop"))
    registry.advert_appeared(advert(stranger, "Stranger"))
    registry.discovery_lost()
    (view,) = registry.views()
    assert view.device_id == desktop.device_id
    assert view.stale
    assert view.addresses == ("10.0.0.2",)


def test_unreadable_cache_is_ignored_with_a_log_line(
    paired: PairedDevices, desktop: DeviceIdentity, caplog: pytest.LogCaptureFixture
) -> None:
    peers_cache_file().write_text('{"version": 1, "peers": [{"device_id": 5}]}')
    with caplog.at_level(logging.WARNING, logger="islandrun.core.discovery.registry"):
        registry = PeerRegistry(paired)
    assert registry.views() == []
    assert any("ignored the unreadable peer cache" in r.getMessage() for r in caplog.records)
