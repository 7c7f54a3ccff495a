"""The peer channel's mutual TLS (LIGHTHOUSE): both certificates pinned by fingerprint.

Peers of the personal group talk over TLS 1.3 where **both** sides present their device
certificate (:mod:`.identity`) and accept only a certificate they paired with (:mod:`.pairing`):

- :func:`server_context` trusts exactly the paired devices' certificates as anchors and requires
  a client certificate;
- :func:`client_context` trusts exactly the one certificate of the peer it means to reach (no
  hostname check: the fingerprint is the name);
- after the handshake, :func:`check_peer` compares the SHA-256 fingerprint of the certificate the
  peer actually presented with the allow-list (server) or the expected device id (client). This
  second check matters: a paired certificate is its own trust anchor, so without it a paired
  device could sign other certificates that OpenSSL would accept.

A context is a snapshot of the allow-list: build a new server context when pairings change.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable

from .errors import PeerTLSError
from .identity import DeviceIdentity, fingerprint

__all__ = ["check_peer", "client_context", "pairing_context", "peer_device_id", "server_context"]


def _base(*, server: bool, identity: DeviceIdentity) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server else ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.load_cert_chain(str(identity.path))  # key and certificate live in the one 0600 file
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def server_context(identity: DeviceIdentity, paired_certificates_pem: Iterable[str]) -> ssl.SSLContext:
    """The peer listener's context: this device's certificate, client certificates required and
    verified against the paired certificates only (none paired: every client is refused)."""
    ctx = _base(server=True, identity=identity)
    anchors = "".join(paired_certificates_pem)
    if anchors:
        ctx.load_verify_locations(cadata=anchors)
    return ctx


def client_context(identity: DeviceIdentity, peer_certificate_pem: str) -> ssl.SSLContext:
    """A context for calling one paired peer: presents this device's certificate and accepts only
    ``peer_certificate_pem`` (then :func:`check_peer` with that peer's device id)."""
    ctx = _base(server=False, identity=identity)
    ctx.check_hostname = False  # pinned by fingerprint instead of a name
    ctx.load_verify_locations(cadata=peer_certificate_pem)
    return ctx


def pairing_context() -> ssl.SSLContext:
    """A client context for the pairing steps, before either side knows the other's certificate:
    TLS 1.3, no certificate check — the 6-digit code, derived from both certificates, proves them."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def peer_device_id(connection: ssl.SSLObject | ssl.SSLSocket) -> str:
    """The device id (certificate fingerprint) the other side presented in this handshake."""
    der = connection.getpeercert(binary_form=True)
    if not der:
        raise PeerTLSError("the peer presented no certificate")
    return fingerprint(der)


def check_peer(connection: ssl.SSLObject | ssl.SSLSocket, allowed: Iterable[str]) -> str:
    """Return the peer's device id if it is one of ``allowed`` device ids, else raise
    :class:`PeerTLSError` (the caller closes the connection)."""
    device_id = peer_device_id(connection)
    if device_id not in set(allowed):
        raise PeerTLSError(f"device {device_id[:16]}… is not paired with this device; connection refused")
    return device_id
