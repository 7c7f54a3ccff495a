"""Pairing: the comparison code both sides show, the commitment, and the allow-list on disk."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import stat
from pathlib import Path

import pytest

from islandrun.core.discovery.errors import PairingError
from islandrun.core.discovery.identity import DeviceIdentity, load_or_create_identity
from islandrun.core.discovery.pairing import (
    PairedDevices,
    check_commitment,
    commitment,
    comparison_code,
    new_nonce,
    paired_devices_file,
)
from islandrun.core.paths import data_dir


@pytest.fixture
def three(tmp_path: Path) -> tuple[DeviceIdentity, DeviceIdentity, DeviceIdentity]:
    return (
        load_or_create_identity(tmp_path / "laptop"),
        load_or_create_identity(tmp_path / "desktop"),
        load_or_create_identity(tmp_path / "nas"),
    )


def test_code_is_the_same_on_both_sides_and_six_digits(three: tuple[DeviceIdentity, ...]) -> None:
    laptop, desktop, _ = three
    on_laptop = comparison_code(laptop.device_id, desktop.device_id)
    on_desktop = comparison_code(desktop.device_id, laptop.device_id)
    assert on_laptop == on_desktop
    assert len(on_laptop) == 6
    assert on_laptop.isdigit()


def test_code_differs_for_another_peer(three: tuple[DeviceIdentity, ...]) -> None:
    laptop, desktop, nas = three
    assert comparison_code(laptop.device_id, desktop.device_id) != comparison_code(laptop.device_id, nas.device_id)


def test_code_with_nonces_is_order_independent_and_depends_on_the_nonces(three: tuple[DeviceIdentity, ...]) -> None:
    laptop, desktop, _ = three
    n_laptop, n_desktop = new_nonce(), new_nonce()
    a = comparison_code(laptop.device_id, desktop.device_id, n_laptop, n_desktop)
    b = comparison_code(desktop.device_id, laptop.device_id, n_desktop, n_laptop)
    assert a == b
    # fresh nonces give fresh codes: 20 nonces, 20 distinct codes (a collision has odds ~2e-4)
    others = {comparison_code(laptop.device_id, desktop.device_id, new_nonce(), n_desktop) for _ in range(20)}
    assert len(others) >= 19


def test_codes_spread_over_the_whole_range() -> None:
    """A bias check: 2000 random pairs should hit most leading digits, not a few."""
    codes = [comparison_code(secrets.token_hex(32), secrets.token_hex(32)) for _ in range(2000)]
    assert {c[0] for c in codes} == set("0123456789")
    assert len(set(codes)) > 1990


def test_commitment_binds_the_nonce(three: tuple[DeviceIdentity, ...]) -> None:
    laptop, desktop, _ = three
    nonce = new_nonce()
    value = commitment(desktop.device_id, laptop.device_id, nonce)
    assert check_commitment(value, desktop.device_id, laptop.device_id, nonce)
    assert not check_commitment(value, desktop.device_id, laptop.device_id, new_nonce())
    assert not check_commitment(value, laptop.device_id, desktop.device_id, nonce)


def test_invalid_ids_and_self_pairing_are_refused(three: tuple[DeviceIdentity, ...]) -> None:
    laptop, _, _ = three
    with pytest.raises(PairingError, match="cannot pair with itself"):
        comparison_code(laptop.device_id, laptop.device_id)
    with pytest.raises(PairingError, match="not a device id"):
        comparison_code(laptop.device_id, "laptop")
    with pytest.raises(PairingError, match="not a device id"):
        comparison_code(laptop.device_id, laptop.device_id.upper())


def test_allow_list_add_lookup_remove_and_survives_reload(three: tuple[DeviceIdentity, ...]) -> None:
    _, desktop, nas = three
    peers = PairedDevices()
    assert peers.path == paired_devices_file()
    assert peers.path.parent == data_dir()
    assert peers.devices() == []
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    added = peers.add(desktop.certificate_pem.decode(), "Desktop", now=when)
    peers.add(nas.certificate_pem.decode(), "  NAS \n box ")
    assert added.device_id == desktop.device_id
    assert stat.S_IMODE(peers.path.stat().st_mode) == 0o600

    again = PairedDevices()
    assert [d.name for d in again.devices()] == ["Desktop", "NAS box"]
    got = again.get(desktop.device_id)
    assert got is not None
    assert got.paired_at == when
    assert again.is_paired(nas.device_id)
    assert desktop.certificate_pem.decode() in again.certificates_pem()

    assert again.remove(nas.device_id) is True
    assert again.remove(nas.device_id) is False
    assert not PairedDevices().is_paired(nas.device_id)
    assert PairedDevices().is_paired(desktop.device_id)


def test_re_pairing_keeps_the_first_date_and_updates_the_name(three: tuple[DeviceIdentity, ...]) -> None:
    _, desktop, _ = three
    peers = PairedDevices()
    first = peers.add(desktop.certificate_pem.decode(), "Desktop", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    second = peers.add(desktop.certificate_pem.decode(), "Study desktop")
    assert second.paired_at == first.paired_at
    assert [d.name for d in PairedDevices().devices()] == ["Study desktop"]


def test_two_handles_do_not_lose_each_others_changes(three: tuple[DeviceIdentity, ...]) -> None:
    _, desktop, nas = three
    daemon_view, cli_view = PairedDevices(), PairedDevices()
    daemon_view.add(desktop.certificate_pem.decode(), "Desktop")
    cli_view.add(nas.certificate_pem.decode(), "NAS")  # read-modify-write under the file lock
    assert {d.name for d in PairedDevices().devices()} == {"Desktop", "NAS"}
    assert not daemon_view.is_paired(nas.device_id)
    daemon_view.reload()
    assert daemon_view.is_paired(nas.device_id)


def test_garbage_certificate_is_refused() -> None:
    with pytest.raises(PairingError, match="not a PEM certificate"):
        PairedDevices().add("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "x")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param('{"version": 99, "devices": []}', id="wrong-version"),
        pytest.param('{"version": 1, "devices": [{"device_id": "x"}]}', id="missing-fields"),
    ],
)
def test_corrupt_allow_list_is_an_error_and_is_kept(content: str) -> None:
    path = paired_devices_file()
    path.write_text(content)
    with pytest.raises(PairingError) as info:
        PairedDevices()
    assert str(path) in info.value.message
    assert path.read_text() == content


def test_entry_whose_certificate_does_not_match_its_id_is_refused(three: tuple[DeviceIdentity, ...]) -> None:
    """Someone edits the file to give a known device id another certificate."""
    _, desktop, nas = three
    peers = PairedDevices()
    peers.add(desktop.certificate_pem.decode(), "Desktop")
    data = json.loads(peers.path.read_text())
    data["devices"][0]["certificate_pem"] = nas.certificate_pem.decode()
    peers.path.write_text(json.dumps(data))
    with pytest.raises(PairingError, match="does not match device id"):
        PairedDevices()
