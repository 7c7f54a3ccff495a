"""Errors of LIGHTHOUSE (discovery, pairing, device identity, the peer channel)."""

from __future__ import annotations

from ..errors import IslandRunError

__all__ = ["DiscoveryError", "IdentityError", "PairingError", "PeerNotFoundError", "PeerTLSError"]


class DiscoveryError(IslandRunError):
    title = "Discovery error"


class IdentityError(DiscoveryError):
    """This device's key or certificate is missing, unreadable, corrupt or too widely readable."""

    title = "Device identity error"


class PairingError(DiscoveryError):
    """The paired-devices list is unreadable, or a pairing request is invalid."""

    title = "Pairing error"


class PeerNotFoundError(PairingError):
    """No device, pairing or pairing session by that name (the API answers 404)."""

    title = "Not found"


class PeerTLSError(DiscoveryError):
    """A peer connection presented no certificate, or one that is not paired."""

    title = "Peer connection refused"
