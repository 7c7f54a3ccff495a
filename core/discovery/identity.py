"""This device's identity in the personal island group (LIGHTHOUSE): key pair + self-signed certificate.

One file, ``<data dir>/identity/device.pem`` (mode 0600, written atomically), holds the private
key (EC P-256) followed by the self-signed X.509 certificate. Keeping both in one file means a
crash can never leave a key without its certificate, and ``ssl.SSLContext.load_cert_chain`` reads
it as it is.

The **device id** is the lowercase hex SHA-256 fingerprint of the certificate's DER bytes. It
does not change across restarts. A file that exists but cannot be used (corrupt, key and
certificate not matching, readable by other users) is an :class:`IdentityError`: it is never
silently replaced, since a new identity would un-pair this device from all of its peers.
Replacing it is an explicit act: :func:`regenerate_identity`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import write_atomic
from ..paths import data_dir
from .errors import IdentityError

if TYPE_CHECKING:  # cryptography loads on use: a daemon with discovery off never needs it (~8 MB, issue 17)
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

__all__ = [
    "IDENTITY_FILE_NAME",
    "DeviceIdentity",
    "fingerprint",
    "identity_dir",
    "load_identity",
    "load_or_create_identity",
    "regenerate_identity",
    "short_id",
]

IDENTITY_FILE_NAME = "device.pem"
_VALIDITY = dt.timedelta(days=100 * 365)  # pinned by fingerprint, so expiry would only break pairings


def identity_dir() -> Path:
    """Where the identity lives by default: ``<data dir>/identity``."""
    return data_dir() / "identity"


def fingerprint(certificate_der: bytes) -> str:
    """The device id of a certificate: lowercase hex SHA-256 of its DER encoding (64 characters)."""
    return hashlib.sha256(certificate_der).hexdigest()


def short_id(device_id: str) -> str:
    """A shorter form for people (UI, logs): the first 16 hex digits in groups of four."""
    head = device_id[:16]
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


@dataclass(frozen=True)
class DeviceIdentity:
    """This device's key and certificate, loaded from ``path``."""

    path: Path
    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey

    @property
    def certificate_der(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def certificate_pem(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def device_id(self) -> str:
        return fingerprint(self.certificate_der)


def _new_pem() -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "islandrun-device")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + _VALIDITY)
        # Its own trust anchor: each peer loads the pinned certificate as the only CA it accepts.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem + cert.public_bytes(serialization.Encoding.PEM)


def _parse(path: Path, data: bytes) -> DeviceIdentity:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    fix = f"Move it away and create a new identity explicitly (this un-pairs this device): {path}"
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise IdentityError(f"{path}: the device key cannot be read ({exc}). {fix}") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise IdentityError(f"{path}: the device key is not an EC P-256 key. {fix}")
    try:
        cert = x509.load_pem_x509_certificate(data)
    except ValueError as exc:
        raise IdentityError(f"{path}: the device certificate cannot be read ({exc}). {fix}") from exc
    if cert.public_key() != key.public_key():
        raise IdentityError(f"{path}: the certificate does not belong to the device key. {fix}")
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, InvalidSignature) as exc:
        raise IdentityError(f"{path}: the certificate is not validly self-signed. {fix}") from exc
    return DeviceIdentity(path=path, certificate=cert, private_key=key)


def _file(directory: Path | None) -> Path:
    return (directory if directory is not None else identity_dir()) / IDENTITY_FILE_NAME


def load_identity(directory: Path | None = None) -> DeviceIdentity:
    """Load the identity from ``directory`` (default :func:`identity_dir`); never creates one.

    Raises :class:`IdentityError` when the file is missing, unreadable, corrupt, or readable by
    other users (group/other permission bits set; POSIX only)."""
    path = _file(directory)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise IdentityError(f"{path}: this device has no identity yet") from exc
    except OSError as exc:
        raise IdentityError(f"{path}: the device identity cannot be read ({exc.strerror})") from exc
    if os.name == "posix" and stat.S_IMODE(mode) & 0o077:
        raise IdentityError(
            f"{path}: the device key is readable by other users (mode {stat.S_IMODE(mode):04o}); "
            f"run `chmod 600 {path}` if you trust that nobody copied it, otherwise create a new identity"
        )
    return _parse(path, data)


def load_or_create_identity(directory: Path | None = None) -> DeviceIdentity:
    """Load the identity, creating it only when no identity file exists at all."""
    path = _file(directory)
    if not path.exists():
        return regenerate_identity(directory)
    return load_identity(directory)


def regenerate_identity(directory: Path | None = None) -> DeviceIdentity:
    """Create a new key pair and certificate, replacing any existing one (the explicit act).

    Every peer that paired with the old identity has to pair again."""
    path = _file(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        path.parent.chmod(0o700)
    write_atomic(path, _new_pem(), mode=0o600)
    return load_identity(directory)
