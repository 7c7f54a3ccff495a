"""Pairing sessions in flight on this device (LIGHTHOUSE), on both sides of the exchange.

The four messages of :mod:`.pairing_exchange` travel over the peer listener's ``/pair/*`` routes
(the only routes a device without a pinned certificate may call). A session lives for
:data:`SESSION_TTL_S` seconds; at most :data:`MAX_PENDING` incoming sessions wait at once, so a
hostile device on the LAN cannot fill memory or the user's screen with requests. Nothing is
paired until the user confirms the 6-digit code on *this* device: the initiator with
:meth:`PairingSessions.confirm_outgoing`, the responder with :meth:`PairingSessions.accept`, which
also requires the code the user read (so a tired click on "yes" cannot pair a stranger).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .errors import PairingError, PeerNotFoundError
from .identity import DeviceIdentity, short_id
from .pairing import PairedDevice, PairedDevices, certificate_id
from .pairing_exchange import PairingInitiator, PairingResponder

__all__ = ["MAX_PENDING", "SESSION_TTL_S", "PairingSession", "PairingSessions"]

SESSION_TTL_S = 300.0
MAX_PENDING = 8


@dataclass
class PairingSession:
    id: str
    direction: Literal["incoming", "outgoing"]
    peer_id: str
    peer_name: str
    peer_certificate_pem: str
    side: PairingInitiator | PairingResponder
    created: float
    code: str | None = None
    peer_confirmed: bool = False  # the other device's user said the codes match
    extra: dict[str, str] = field(default_factory=dict)

    def public(self) -> dict[str, object]:
        return {
            "session": self.id,
            "direction": self.direction,
            "device_id": self.peer_id,
            "short_id": short_id(self.peer_id),
            "name": self.peer_name,
            "code": self.code,
            "peer_confirmed": self.peer_confirmed,
        }


class PairingSessions:
    def __init__(
        self,
        me: DeviceIdentity,
        paired: PairedDevices,
        *,
        on_paired: Callable[[PairedDevice], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.me = me
        self.paired = paired
        self._on_paired = on_paired
        self._clock = clock
        self._sessions: dict[str, PairingSession] = {}

    def _expire(self) -> None:
        now = self._clock()
        for sid in [s.id for s in self._sessions.values() if now - s.created > SESSION_TTL_S]:
            del self._sessions[sid]

    def get(self, session_id: str, direction: Literal["incoming", "outgoing"]) -> PairingSession:
        self._expire()
        session = self._sessions.get(session_id)
        if session is None or session.direction != direction:
            raise PeerNotFoundError("no such pairing session (it may have expired; start again)")
        return session

    def pending(self) -> list[PairingSession]:
        self._expire()
        return sorted(self._sessions.values(), key=lambda s: s.created)

    # -- responder (the device that was asked) ----------------------------------------------
    def incoming(self, certificate_pem: str, name: str) -> tuple[PairingSession, bytes]:
        """Step 1–2: a device asks to pair; returns the session and the commitment to send."""
        self._expire()
        if sum(1 for s in self._sessions.values() if s.direction == "incoming") >= MAX_PENDING:
            raise PairingError("too many pairing requests are waiting; try again in a few minutes")
        peer_id = certificate_id(certificate_pem)
        if self.paired.is_paired(peer_id):
            raise PairingError("this device is already paired with the one asking")
        responder = PairingResponder(self.me, peer_id)
        # hex, not base64url: a user types the id after `islandrun peers accept`, and one starting with "-" (1 in 32
        # of base64url ids) was read as an option ("No such option: -f")
        session = PairingSession(
            secrets.token_hex(8), "incoming", peer_id, name, certificate_pem, responder, self._clock()
        )
        commitment = responder.commitment()
        self._sessions[session.id] = session
        return session, commitment

    def reveal(self, session_id: str, initiator_nonce: bytes) -> tuple[PairingSession, bytes]:
        session = self.get(session_id, "incoming")
        assert isinstance(session.side, PairingResponder)
        try:
            nonce, code = session.side.reveal(initiator_nonce)
        except PairingError:
            del self._sessions[session.id]  # a session is used once
            raise
        session.code = code
        return session, nonce

    def accept(self, session_id: str, code: str) -> PairedDevice:
        """The user of this device typed the code shown on both screens."""
        session = self.get(session_id, "incoming")
        if session.code is None:
            raise PairingError("the other device has not finished the exchange yet")
        if not secrets.compare_digest(code.replace(" ", ""), session.code):
            raise PairingError("the code does not match the one this device shows; not paired")
        return self._pair(session)

    # -- initiator (the device where the user pressed "pair") -------------------------------
    def outgoing(self, peer_certificate_pem: str, name: str, remote_session: str) -> PairingSession:
        peer_id = certificate_id(peer_certificate_pem)
        initiator = PairingInitiator(self.me, peer_id)
        session = PairingSession(
            remote_session, "outgoing", peer_id, name, peer_certificate_pem, initiator, self._clock()
        )
        self._sessions[session.id] = session
        return session

    def confirm_outgoing(self, session_id: str) -> PairedDevice:
        session = self.get(session_id, "outgoing")
        return self._pair(session)

    def mark_peer_confirmed(self, session_id: str) -> None:
        self.get(session_id, "incoming").peer_confirmed = True

    def cancel(self, session_id: str) -> bool:
        return self._sessions.pop(session_id, None) is not None

    def _pair(self, session: PairingSession) -> PairedDevice:
        device = session.side.confirm(self.paired, session.peer_certificate_pem, session.peer_name)
        del self._sessions[session.id]
        self._on_paired(device)
        return device
