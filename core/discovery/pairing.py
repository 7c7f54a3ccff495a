"""Pairing devices of the personal island group (LIGHTHOUSE): comparison code and allow-list.

**Comparison code.** Like Bluetooth's numeric comparison, both devices show a 6-digit code and
the user confirms that they match. The code is derived from both certificate fingerprints (the
device ids each side *actually saw* on the connection) and, for resistance to a man in the
middle, from one random nonce per side: :func:`comparison_code` is order-independent, so both
sides compute the same digits. Why nonces: device ids are public (they are in the mDNS record),
so an attacker relaying the pairing could generate certificates until a fingerprint-only code
matches on both sides (a million tries take about a minute). With nonces exchanged through a
commitment (the responder sends :func:`commitment` of its nonce first, the initiator sends its
nonce, then the responder reveals its nonce and the initiator checks it with
:func:`check_commitment`), the attacker must fix its certificates before it sees both nonces,
so one attempt succeeds with probability 10⁻⁶. Without nonces the code is still the same on both
sides and fine for tests and the CLI preview, but the daemon's pairing exchange should use them.

**Allow-list.** :class:`PairedDevices` keeps the paired devices in ``<data dir>/peers.json``
(written atomically, 0600): device id, a name for people, the peer's certificate (PEM, which the
mutual-TLS contexts pin) and when it was paired. Lookups are by device id only; a name is a label
and proves nothing. A file that cannot be read is a :class:`PairingError`, never reset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

from ..files import write_atomic
from ..paths import data_dir
from .errors import PairingError
from .identity import fingerprint

__all__ = [
    "CODE_DIGITS",
    "MAX_CERTIFICATE_CHARS",
    "NONCE_BYTES",
    "PairedDevice",
    "PairedDevices",
    "certificate_id",
    "check_commitment",
    "commitment",
    "comparison_code",
    "new_nonce",
    "paired_devices_file",
]

CODE_DIGITS = 6
NONCE_BYTES = 16
MAX_CERTIFICATE_CHARS = 8192  # a device certificate is ~600 characters; more is not ours
_FILE_VERSION = 1
_MAX_NAME = 64


def _device_id_bytes(device_id: str) -> bytes:
    try:
        raw = bytes.fromhex(device_id)
    except ValueError:
        raw = b""
    if len(raw) != 32 or device_id != device_id.lower():
        raise PairingError(f"not a device id (64 lowercase hex digits): {device_id!r}")
    return raw


def new_nonce() -> bytes:
    """A fresh random nonce for one pairing attempt."""
    return secrets.token_bytes(NONCE_BYTES)


def comparison_code(device_a: str, device_b: str, nonce_a: bytes = b"", nonce_b: bytes = b"") -> str:
    """The 6-digit code both sides show; the same whichever side computes it.

    ``nonce_a`` belongs to ``device_a`` and ``nonce_b`` to ``device_b``; swapping both pairs gives
    the same code. Pairing a device with itself is refused."""
    raw_a, raw_b = _device_id_bytes(device_a), _device_id_bytes(device_b)
    if raw_a == raw_b:
        raise PairingError("a device cannot pair with itself")
    first, second = sorted([(raw_a, nonce_a), (raw_b, nonce_b)])
    digest = hashlib.sha256()
    digest.update(b"islandrun-pairing-v1\0")
    for raw, nonce in (first, second):
        digest.update(raw)
        digest.update(len(nonce).to_bytes(2, "big"))
        digest.update(nonce)
    value = int.from_bytes(digest.digest()[:8], "big") % 10**CODE_DIGITS
    return f"{value:0{CODE_DIGITS}d}"


def commitment(device_id: str, peer_id: str, nonce: bytes) -> bytes:
    """What a side sends before revealing ``nonce``: binds the nonce to both device ids."""
    return hashlib.sha256(
        b"islandrun-pairing-commit-v1\0" + _device_id_bytes(device_id) + _device_id_bytes(peer_id) + nonce
    ).digest()


def check_commitment(value: bytes, device_id: str, peer_id: str, nonce: bytes) -> bool:
    """Whether the revealed ``nonce`` matches the ``value`` committed earlier by ``device_id``."""
    return hmac.compare_digest(value, commitment(device_id, peer_id, nonce))


def paired_devices_file() -> Path:
    return data_dir() / "peers.json"


@dataclass(frozen=True)
class PairedDevice:
    device_id: str
    name: str
    certificate_pem: str
    paired_at: dt.datetime

    def to_json(self) -> dict[str, str]:
        return {
            "device_id": self.device_id,
            "name": self.name,
            "certificate_pem": self.certificate_pem,
            "paired_at": self.paired_at.isoformat(),
        }


def certificate_id(certificate_pem: str) -> str:
    """The device id of a PEM certificate (from a file or the network); :class:`PairingError` if it
    is not one."""
    from cryptography import x509  # on use (see identity.py)
    from cryptography.hazmat.primitives import serialization

    if len(certificate_pem) > MAX_CERTIFICATE_CHARS:
        raise PairingError("the certificate is too large")
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem.encode())
    except (ValueError, UnicodeEncodeError) as exc:
        raise PairingError(f"not a PEM certificate: {exc}") from exc
    return fingerprint(cert.public_bytes(serialization.Encoding.DER))


def _entry(path: Path, index: int, raw: Any) -> PairedDevice:
    where = f"{path}: devices[{index}]"
    if not isinstance(raw, dict):
        raise PairingError(f"{where}: expected an object")
    try:
        device = PairedDevice(
            device_id=str(raw["device_id"]),
            name=str(raw["name"]),
            certificate_pem=str(raw["certificate_pem"]),
            paired_at=dt.datetime.fromisoformat(str(raw["paired_at"])),
        )
    except (KeyError, ValueError) as exc:
        raise PairingError(f"{where}: missing or invalid field ({exc})") from exc
    if certificate_id(device.certificate_pem) != device.device_id:
        raise PairingError(f"{where}: the certificate does not match device id {device.device_id}")
    return device


class PairedDevices:
    """The allow-list of paired devices, stored in ``path`` (default ``<data dir>/peers.json``).

    Every change re-reads the file under a lock and rewrites it atomically, so two processes
    (the daemon and a CLI) never lose each other's changes. Reads use the last loaded state;
    call :meth:`reload` to pick up changes made elsewhere."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paired_devices_file()
        self._lock = threading.Lock()
        self._file_lock = FileLock(str(self.path.with_name(self.path.name + ".lock")))
        self._devices: dict[str, PairedDevice] = {}
        self.reload()

    def _read(self) -> dict[str, PairedDevice]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise PairingError(f"{self.path}: the paired-devices list cannot be read ({exc.strerror})") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PairingError(f"{self.path}: the paired-devices list is not valid JSON ({exc})") from exc
        if (
            not isinstance(data, dict)
            or data.get("version") != _FILE_VERSION
            or not isinstance(data.get("devices"), list)
        ):
            raise PairingError(f"{self.path}: expected {{'version': {_FILE_VERSION}, 'devices': [...]}}")
        devices = [_entry(self.path, i, raw) for i, raw in enumerate(data["devices"])]
        return {d.device_id: d for d in devices}

    def _write(self, devices: dict[str, PairedDevice]) -> None:
        body = {"version": _FILE_VERSION, "devices": [d.to_json() for d in sorted(devices.values(), key=_order)]}
        write_atomic(self.path, json.dumps(body, indent=2) + "\n", mode=0o600)

    def reload(self) -> None:
        with self._lock:
            self._devices = self._read()

    def devices(self) -> list[PairedDevice]:
        return sorted(self._devices.values(), key=_order)

    def get(self, device_id: str) -> PairedDevice | None:
        return self._devices.get(device_id)

    def is_paired(self, device_id: str) -> bool:
        return device_id in self._devices

    def certificates_pem(self) -> str:
        """All paired certificates, concatenated: the trust anchors of the peer listener."""
        return "".join(d.certificate_pem for d in self.devices())

    def add(self, certificate_pem: str, name: str, *, now: dt.datetime | None = None) -> PairedDevice:
        """Pair the device that owns ``certificate_pem`` (its id is computed here, never taken on
        trust). Pairing an already paired device again updates its name only."""
        name = " ".join(name.split())[:_MAX_NAME] or "unnamed device"
        device_id = certificate_id(certificate_pem)
        with self._lock, self._file_lock:
            devices = self._read()
            old = devices.get(device_id)
            paired_at = old.paired_at if old is not None else (now or dt.datetime.now(dt.UTC))
            device = PairedDevice(device_id, name, certificate_pem, paired_at)
            devices[device_id] = device
            self._write(devices)
            self._devices = devices
        return device

    def remove(self, device_id: str) -> bool:
        """Un-pair a device; False when it was not paired."""
        with self._lock, self._file_lock:
            devices = self._read()
            found = devices.pop(device_id, None) is not None
            if found:
                self._write(devices)
            self._devices = devices
        return found


def _order(device: PairedDevice) -> tuple[str, str]:
    return (device.name.lower(), device.device_id)
