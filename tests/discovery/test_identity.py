"""Device identity: stable across restarts, private on disk, never silently replaced."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from islandrun.core.discovery.errors import IdentityError
from islandrun.core.discovery.identity import (
    fingerprint,
    identity_dir,
    load_identity,
    load_or_create_identity,
    regenerate_identity,
    short_id,
)
from islandrun.core.paths import data_dir


def test_identity_is_created_once_in_the_data_dir_and_stable_across_loads() -> None:
    first = load_or_create_identity()
    assert first.path.parent == identity_dir()
    assert identity_dir().is_relative_to(data_dir())
    again = load_or_create_identity()
    plain = load_identity()
    assert first.device_id == again.device_id == plain.device_id
    assert len(first.device_id) == 64
    int(first.device_id, 16)  # hex


def test_device_id_is_the_sha256_of_the_certificate_der() -> None:
    ident = load_or_create_identity()
    pem = ident.path.read_bytes()
    cert = x509.load_pem_x509_certificate(pem)
    assert ident.device_id == hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    assert ident.device_id == fingerprint(ident.certificate_der)
    assert short_id(ident.device_id) == "-".join(ident.device_id[i : i + 4] for i in (0, 4, 8, 12))


def test_key_file_is_private_and_directory_is_private() -> None:
    ident = load_or_create_identity()
    assert stat.S_IMODE(ident.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(ident.path.parent.stat().st_mode) == 0o700
    text = ident.path.read_text()
    assert "PRIVATE KEY" in text
    assert "CERTIFICATE" in text
    # no temp files left behind by the atomic write
    assert [p.name for p in ident.path.parent.iterdir()] == ["device.pem"]


def test_regenerate_is_explicit_and_changes_the_id() -> None:
    old = load_or_create_identity()
    new = regenerate_identity()
    assert new.device_id != old.device_id
    assert load_or_create_identity().device_id == new.device_id


def test_each_device_gets_its_own_id(tmp_path: Path) -> None:
    a = load_or_create_identity(tmp_path / "a")
    b = load_or_create_identity(tmp_path / "b")
    assert a.device_id != b.device_id


def test_load_without_identity_is_a_clear_error_and_creates_nothing() -> None:
    with pytest.raises(IdentityError, match="no identity yet"):
        load_identity()
    assert not (identity_dir() / "device.pem").exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda pem: b"garbage", id="garbage"),
        pytest.param(lambda pem: pem[: len(pem) // 3], id="truncated-key"),
        pytest.param(lambda pem: pem.split(b"-----BEGIN CERTIFICATE-----")[0], id="certificate-missing"),
        pytest.param(lambda pem: pem.replace(b"MI", b"XX", 1), id="key-bytes-flipped"),
    ],
)
def test_corrupt_identity_file_is_an_error_and_is_never_replaced(damage: object) -> None:
    ident = load_or_create_identity()
    broken = damage(ident.path.read_bytes())  # type: ignore[operator]
    ident.path.write_bytes(broken)
    with pytest.raises(IdentityError) as info:
        load_or_create_identity()
    assert str(ident.path) in info.value.message
    assert ident.path.read_bytes() == broken  # untouched: a new identity would un-pair every peer


def test_certificate_of_another_key_is_rejected(tmp_path: Path) -> None:
    mine = load_or_create_identity()
    other = load_or_create_identity(tmp_path / "other")
    key_pem = mine.path.read_bytes().split(b"-----BEGIN CERTIFICATE-----")[0]
    mine.path.write_bytes(key_pem + other.certificate_pem)
    with pytest.raises(IdentityError, match="does not belong to the device key"):
        load_identity()


def test_identity_readable_by_others_is_refused() -> None:
    ident = load_or_create_identity()
    ident.path.chmod(0o644)
    with pytest.raises(IdentityError, match="readable by other users"):
        load_identity()
