"""The *Devices* panel's view-model: your other devices (the personal group) and pairing with them,
through ``/api/peers`` — no Qt widgets here.

Pairing (docs/discovery.md): on the device where the user presses *Pair…*, the daemon runs the
exchange and answers a 6-digit code, which this device shows; the user checks that the other
device asks for the same code and confirms here (``…/confirm``). On the device that was asked,
the request arrives as a ``peer.pairing`` event and pairs only when its user types the code
(``…/accept``). The ``peer*`` events keep the list current.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QObject, Signal

from islandrun.core.errors import IslandRunError

from .api import JSON, ApiClient
from .events import DaemonEvent
from .qt_async import async_slot
from .viewmodels import PanelModel

__all__ = ["PEER_EVENTS", "DevicesModel", "check_code", "device_state", "spaced_code"]

PEER_EVENTS = ("peer", "peer.pairing", "peer.paired", "peer.unpaired")
_CODE = re.compile(r"^\d{6}$")


def spaced_code(code: str | None) -> str:
    """``123456`` as ``123 456`` (how both devices show it)."""
    return "—" if not code else f"{code[:3]} {code[3:]}"


def check_code(text: str) -> str | None:
    """The 6 digits typed (spaces and dashes ignored), or None when it is not a 6-digit code."""
    digits = re.sub(r"[\s-]", "", text)
    return digits if _CODE.match(digits) else None


def device_state(peer: dict[str, Any]) -> str:
    """A device's state in words."""
    if not peer.get("paired"):
        return "not paired"
    state = str(peer.get("state", ""))
    words = {
        "live": "paired · connected",
        "waiting": "paired · waiting for it to answer",
        "down": "paired · not reachable",
    }.get(state, f"paired · {state}")
    return words + (" (last known address)" if peer.get("stale") else "")


class DevicesModel(PanelModel):
    """``loaded`` carries ``GET /api/peers``'s answer; the pairing steps have their own signals so
    the pairing dialogs can follow them (``failed`` is for loading the list)."""

    pairingStarted = Signal(dict)  # the session: session, name, short_id, code
    pairingFailed = Signal(str, str)  # session or target, message
    paired = Signal(str, dict)  # session, the daemon's answer (name, device_id, short_id)
    refused = Signal(str)  # session
    unpaired = Signal(dict)
    actionFailed = Signal(str)  # un-pair or refuse failed: the message
    pairingRequested = Signal(dict)  # an incoming request (peer.pairing): session, name, short_id
    pairingGone = Signal(str)  # an incoming request that no longer waits (accepted, refused, expired)

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(client, parent)
        self.incoming: dict[str, JSON] = {}  # session → request, as last seen

    async def fetch(self) -> JSON:
        data: JSON = await self.client.peers()
        self._requests(data)
        return data

    def _requests(self, data: JSON) -> None:
        """Follow the incoming requests in a fresh list: new ones are announced, gone ones withdrawn."""
        now = {str(p["session"]): dict(p) for p in data.get("pairings", []) if p.get("direction") == "incoming"}
        for session in [s for s in self.incoming if s not in now]:
            del self.incoming[session]
            self.pairingGone.emit(session)
        for session, request in now.items():
            if session not in self.incoming:
                self.incoming[session] = request
                self.pairingRequested.emit(request)

    def on_event(self, event: DaemonEvent) -> None:
        if event.type not in PEER_EVENTS:
            return
        if event.type == "peer.pairing" and event.data.get("direction") == "incoming":
            session = str(event.data.get("session", ""))
            if session and session not in self.incoming:
                self.incoming[session] = dict(event.data)
                self.pairingRequested.emit(dict(event.data))
        self.refresh()

    # -- this device asks ----------------------------------------------------------------

    @async_slot(str)
    async def pair(self, target: str) -> None:
        """Start pairing with ``target`` (a device id as listed); ``pairingStarted`` has the code."""
        try:
            session = await self.client.pair(target)
        except IslandRunError as exc:
            self.pairingFailed.emit(target, exc.message)
            return
        self.pairingStarted.emit(dict(session))

    @async_slot(str)
    async def confirm(self, session: str) -> None:
        """The other device asks for the same code: pair on this side."""
        try:
            result = await self.client.confirm_pairing(session)
        except IslandRunError as exc:
            self.pairingFailed.emit(session, exc.message)
            return
        self.paired.emit(session, dict(result))
        self.refresh()

    # -- another device asks ---------------------------------------------------------------

    @async_slot(str, str)
    async def accept(self, session: str, code: str) -> None:
        """Pair with the device that asked, if ``code`` is the one it shows."""
        digits = check_code(code)
        if digits is None:
            self.pairingFailed.emit(session, "type the 6 digits the other device shows")
            return
        try:
            result = await self.client.accept_pairing(session, digits)
        except IslandRunError as exc:
            self.pairingFailed.emit(session, exc.message)
            return
        if self.incoming.pop(session, None) is not None:
            self.pairingGone.emit(session)
        self.paired.emit(session, dict(result))
        self.refresh()

    @async_slot(str)
    async def refuse(self, session: str) -> None:
        """Refuse a request (or cancel this device's own); the other device is not paired."""
        try:
            await self.client.refuse_pairing(session)
        except IslandRunError as exc:
            if getattr(exc, "status", None) != 404:  # gone already: refused is what the user wanted
                self.actionFailed.emit(exc.message)
                return
        if self.incoming.pop(session, None) is not None:
            self.pairingGone.emit(session)
        self.refused.emit(session)
        self.refresh()

    @async_slot(str)
    async def unpair(self, device_id: str) -> None:
        try:
            result = await self.client.unpair(device_id)
        except IslandRunError as exc:
            self.actionFailed.emit(exc.message)
            return
        self.unpaired.emit(dict(result))
        self.refresh()
