"""Pairing requests from other devices as desktop notifications: *Enter code…* opens the dialog
where the user types the code the other device shows, *Refuse* refuses. Where the notification
server has no buttons (or none runs), the dialog opens at once. A request that stops waiting
(paired, refused, expired) withdraws its notification and dialog.

Kept apart from :mod:`.notifications` (approvals): a pairing request needs typed input, which no
desktop notification can take, so the notification only leads to the dialog.
"""

from __future__ import annotations

import asyncio
import logging
from html import escape
from typing import Any

from desktop_notifier import Button, Capability, DesktopNotifier, Notification, ReplyField, Urgency
from PySide6.QtCore import QObject, Signal

from .devices_model import DevicesModel
from .pairing_dialogs import EnterCodeDialog

__all__ = ["PairingNotifier", "describe_request"]

log = logging.getLogger(__name__)


def describe_request(request: dict[str, Any]) -> tuple[str, str]:
    """Title and body of the notification (the name comes from the network: escaped for markup)."""
    name = escape(str(request.get("name") or "A device"))
    short = escape(str(request.get("short_id") or ""))
    title = f"{name} asks to pair with this computer"
    device = f" (device {short})" if short else ""
    body = (
        f"To pair, choose Enter code… and type the 6-digit code that {name}{device} shows. "
        "Refuse if you did not start this."
    )
    return title, body


class PairingNotifier(QObject):
    """Shows each incoming pairing request once; ``model`` is a :class:`DevicesModel` fed with the
    daemon's events (the tray wires ``DaemonModel.eventReceived`` to ``model.on_event``)."""

    shown = Signal(str, str)  # session, "notification" | "dialog"

    def __init__(self, model: DevicesModel, notifier: DesktopNotifier | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.notifier = notifier
        self.notifications: dict[str, str] = {}  # session → notification id
        self.dialogs: dict[str, EnterCodeDialog] = {}
        self._capabilities: frozenset[Capability] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._connected = False
        model.pairingRequested.connect(self.ask)
        model.pairingGone.connect(self.withdraw)

    def start(self) -> None:
        """Catch up with requests that arrived before the tray listened (quietly: the group may be off)."""
        self.model.refresh()

    def on_state(self, state: str) -> None:
        """``DaemonModel.stateChanged``: catch up each time the tray (re)connects to the daemon."""
        connected = state not in ("starting", "error")
        if connected and not self._connected:
            self.start()
        self._connected = connected

    async def capabilities(self) -> frozenset[Capability]:
        if self.notifier is None:
            return frozenset()
        if self._capabilities is None:
            try:
                self._capabilities = frozenset(await self.notifier.get_capabilities())
            except Exception as exc:  # no bus, no server: the dialog it is
                log.warning("no notification server: %s", exc)
                self._capabilities = frozenset()
        return self._capabilities

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def ask(self, request: dict[str, Any]) -> None:
        self._spawn(self._ask(dict(request)))

    async def _ask(self, request: dict[str, Any]) -> None:
        session = str(request["session"])
        if session in self.notifications or session in self.dialogs:
            return
        capabilities = await self.capabilities()
        if self.notifier is not None and Capability.BUTTONS in capabilities:
            title, body = describe_request(request)
            reply = None
            if Capability.REPLY_FIELD in capabilities:  # macOS, Windows: the code can be typed right there
                reply = ReplyField(
                    title="Code", button_title="Pair", on_replied=lambda text: self._replied(request, text)
                )
            notification = Notification(
                title,
                body,
                urgency=Urgency.Critical,
                buttons=(
                    Button(title="Enter code…", identifier="code", on_pressed=lambda: self.open_dialog(request)),
                    Button(title="Refuse", identifier="refuse", on_pressed=lambda: self.model.refuse(session)),
                ),
                reply_field=reply,
                on_clicked=lambda: self.open_dialog(request),
            )
            try:
                self.notifications[session] = await self.notifier.send_notification(notification)
            except Exception as exc:
                log.warning("could not show the notification (%s); asking in a dialog", exc)
            else:
                self.shown.emit(session, "notification")
                return
        self.open_dialog(request)
        self.shown.emit(session, "dialog")

    def _replied(self, request: dict[str, Any], text: str) -> None:
        """A code typed in the notification: the dialog shows how it went (and keeps the code to correct)."""
        dialog = self.open_dialog(request)
        if dialog is not None:
            dialog.code.setText(text)
            dialog.submit()

    def open_dialog(self, request: dict[str, Any]) -> EnterCodeDialog | None:
        session = str(request["session"])
        if session not in self.model.incoming:  # answered or expired meanwhile
            return None
        dialog = self.dialogs.get(session)
        if dialog is None:
            dialog = EnterCodeDialog(self.model, request)
            dialog.destroyed.connect(lambda *_: self.dialogs.pop(session, None))
            self.dialogs[session] = dialog
        dialog.open_here()
        return dialog

    def withdraw(self, session: str) -> None:
        dialog = self.dialogs.pop(session, None)
        if dialog is not None:
            dialog.close()
        notification = self.notifications.pop(session, None)
        if notification is not None and self.notifier is not None:
            self._spawn(self._clear(notification))

    async def _clear(self, notification: str) -> None:
        assert self.notifier is not None
        try:
            await self.notifier.clear(notification)
        except Exception as exc:
            log.debug("could not withdraw notification %s: %s", notification, exc)
