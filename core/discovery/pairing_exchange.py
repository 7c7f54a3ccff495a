"""The pairing exchange (LIGHTHOUSE), as two small state machines with no I/O.

The daemon carries the four messages over whatever transport it chooses (docs/discovery.md):

1. the initiator learns the responder's certificate (from the TLS handshake) and sends its own;
2. responder → initiator: ``commitment`` to its nonce (:meth:`PairingResponder.commitment`);
3. initiator → responder: its nonce (:meth:`PairingInitiator.nonce_for`);
4. responder → initiator: its nonce (:meth:`PairingResponder.reveal`), which the initiator checks
   against the commitment (:meth:`PairingInitiator.code_after_reveal`).

Both sides then show :func:`~.pairing.comparison_code` over both device ids and both nonces, and
the user confirms on each. Because the responder commits before it sees the initiator's nonce,
and the initiator's nonce is fresh, an attacker in the middle who substituted a certificate gets
matching codes with probability 10⁻⁶ per attempt. Every step out of order, or a reveal that does
not match the commitment, is a :class:`PairingError`; a session is used once.
"""

from __future__ import annotations

from .errors import PairingError
from .identity import DeviceIdentity
from .pairing import NONCE_BYTES, PairedDevice, PairedDevices, check_commitment, commitment, comparison_code, new_nonce

__all__ = ["PairingInitiator", "PairingResponder"]


class _Side:
    def __init__(self, me: DeviceIdentity, peer_id: str) -> None:
        if peer_id == me.device_id:
            raise PairingError("a device cannot pair with itself")
        self.me = me
        self.peer_id = peer_id
        self.code: str | None = None

    def confirm(self, paired: PairedDevices, peer_certificate_pem: str, name: str) -> PairedDevice:
        """The user confirmed that both devices show :attr:`code`: add the peer to the allow-list."""
        if self.code is None:
            raise PairingError("the pairing code was not shown yet; nothing to confirm")
        device = paired.add(peer_certificate_pem, name)
        if device.device_id != self.peer_id:
            paired.remove(device.device_id)
            raise PairingError("the certificate to pair is not the one the code was computed for")
        return device


class PairingInitiator(_Side):
    """The device where the user pressed "pair" (it connected to the responder)."""

    def __init__(self, me: DeviceIdentity, responder_id: str) -> None:
        super().__init__(me, responder_id)
        self._nonce = new_nonce()
        self._commitment: bytes | None = None

    def nonce_for(self, responder_commitment: bytes) -> bytes:
        """Step 3: record the responder's commitment and return this side's nonce to send."""
        if self._commitment is not None:
            raise PairingError("the responder's commitment arrived twice")
        if len(responder_commitment) != 32:
            raise PairingError("the responder's commitment is not 32 bytes")
        self._commitment = responder_commitment
        return self._nonce

    def code_after_reveal(self, responder_nonce: bytes) -> str:
        """Step 4: check the revealed nonce against the commitment and return the code to show."""
        if self._commitment is None or self.code is not None:
            raise PairingError("the responder revealed its nonce out of order")
        if not check_commitment(self._commitment, self.peer_id, self.me.device_id, responder_nonce):
            raise PairingError("the responder's nonce does not match its commitment: pairing aborted")
        self.code = comparison_code(self.me.device_id, self.peer_id, self._nonce, responder_nonce)
        return self.code


class PairingResponder(_Side):
    """The device that was asked to pair (it accepted the connection)."""

    def __init__(self, me: DeviceIdentity, initiator_id: str) -> None:
        super().__init__(me, initiator_id)
        self._nonce = new_nonce()
        self._committed = False

    def commitment(self) -> bytes:
        """Step 2: the commitment to this side's nonce, sent before seeing the initiator's."""
        if self._committed:
            raise PairingError("the commitment was already sent; start a new pairing session")
        self._committed = True
        return commitment(self.me.device_id, self.peer_id, self._nonce)

    def reveal(self, initiator_nonce: bytes) -> tuple[bytes, str]:
        """Step 4: take the initiator's nonce; return (this side's nonce to send, the code to show)."""
        if not self._committed or self.code is not None:
            raise PairingError("the initiator's nonce arrived out of order")
        if len(initiator_nonce) != NONCE_BYTES:
            raise PairingError(f"the initiator's nonce is not {NONCE_BYTES} bytes")
        self.code = comparison_code(self.me.device_id, self.peer_id, self._nonce, initiator_nonce)
        return self._nonce, self.code
