"""Approvals as desktop notifications through ``desktop-notifier`` (freedesktop D-Bus on Linux, the
native centres on macOS and Windows): the requesting app, an excerpt of the text exactly as it
would leave (placeholders bold where the server renders markup), the time left, and the buttons
*Keep local*, *Send sanitized*, *Send & allow 1 hour* (only where the daemon allows remembering:
never for restricted content) and *Deny*. Where the notification server has no buttons (or none
runs), the same question comes as the in-app :class:`~.approval_dialog.ApprovalDialog`, which
shows the whole preview. The answer goes to ``POST /api/approvals/{id}``; with no answer the
daemon's timeout denies. A question answered anywhere (a button, the dialog, the CLI, another
client) or timed out is withdrawn: the notification is closed, the dialog too.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import Any

from desktop_notifier import Button, Capability, DesktopNotifier, Notification, Urgency
from PySide6.QtCore import QObject, Signal

from islandrun.core.errors import IslandRunError

from .approval_dialog import ANSWERS, ApprovalDialog
from .approval_text import describe, notification_body, time_left
from .viewmodels import DaemonModel

__all__ = ["ANSWERS", "NOTIFICATION_BUTTONS", "ApprovalDialog", "ApprovalNotifier", "describe"]

log = logging.getLogger(__name__)

# (answer, minutes to remember, button title), in the order shown
NOTIFICATION_BUTTONS = (
    ("local", 0, "Keep local"),
    ("send", 0, "Send sanitized"),
    ("send", 60, "Send & allow 1 hour"),
    ("deny", 0, "Deny"),
)


async def _notifications_call(member: str, signature: str = "", body: list[Any] | None = None) -> list[Any] | None:
    """One call to the freedesktop notification server on the session bus (Linux); None when it fails."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        from dbus_fast import Message, MessageType
        from dbus_fast.aio import MessageBus

        bus = await MessageBus().connect()
        try:
            reply = await bus.call(
                Message(
                    destination="org.freedesktop.Notifications",
                    path="/org/freedesktop/Notifications",
                    interface="org.freedesktop.Notifications",
                    member=member,
                    signature=signature,
                    body=body or [],
                )
            )
        finally:
            bus.disconnect()
    except Exception as exc:
        log.debug("notification server call %s failed: %s", member, exc)
        return None
    if reply is None or reply.message_type is not MessageType.METHOD_RETURN:
        return None
    return list(reply.body)


def _platform_id(notifier: DesktopNotifier, identifier: str) -> int | None:
    """The server's id of a notification desktop-notifier sent (its D-Bus backend keeps the map, and
    forgets it once a button is pressed — so it is read right after sending)."""
    backend = getattr(notifier, "_backend", None)
    ids = getattr(backend, "_platform_to_interface_notification_identifier", None)
    try:
        return int(ids.inverse[identifier])  # type: ignore[union-attr]
    except Exception:
        return None


class ApprovalNotifier(QObject):
    """Shows each pending approval once, as a notification or a dialog, and withdraws it when
    the approval is answered anywhere or expires."""

    shown = Signal(str, str)  # approval id, "notification" | "dialog"

    def __init__(self, daemon: DaemonModel, notifier: DesktopNotifier | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.daemon = daemon
        self.notifier = notifier
        self.notifications: dict[str, str] = {}  # approval id → notification id
        self.platform_ids: dict[str, int] = {}  # notification id → the server's id (freedesktop)
        self.dialogs: dict[str, ApprovalDialog] = {}
        self._buttons: bool | None = None
        self._markup: bool | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        daemon.approvalRequested.connect(self.ask)
        daemon.approvalClosed.connect(self.withdraw)

    def _spawn(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)  # keep a reference until it is done
        task.add_done_callback(self._tasks.discard)

    async def has_buttons(self) -> bool:
        if self.notifier is None:
            return False
        if self._buttons is None:
            try:
                capabilities = await self.notifier.get_capabilities()
            except Exception as exc:  # no bus, no server: the dialog it is
                log.warning("no notification server: %s", exc)
                capabilities = frozenset()
            self._buttons = Capability.BUTTONS in capabilities
            reply = await _notifications_call("GetCapabilities") if self._buttons else None
            self._markup = reply is not None and "body-markup" in reply[0]
        return self._buttons

    def ask(self, approval: dict[str, Any]) -> None:
        self._spawn(self._ask(approval))

    async def _ask(self, approval: dict[str, Any]) -> None:
        approval_id = str(approval["id"])
        if approval_id in self.notifications or approval_id in self.dialogs:
            return
        if self.notifier is not None and await self.has_buttons():
            title, _ = describe(approval)
            buttons = [
                Button(
                    title=label,
                    identifier=f"{answer}:{minutes}",
                    on_pressed=self._pressed(approval_id, answer, minutes),
                )
                for answer, minutes, label in NOTIFICATION_BUTTONS
                if not minutes or not approval.get("remember_refused")
            ]
            notification = Notification(
                title,
                notification_body(approval, markup=bool(self._markup)),
                urgency=Urgency.Critical,
                buttons=tuple(buttons),
                timeout=max(1, int(time_left(approval))),
            )
            try:
                identifier = await self.notifier.send_notification(notification)
            except Exception as exc:
                log.warning("could not show the notification (%s); asking in a dialog", exc)
            else:
                self.notifications[approval_id] = identifier
                platform_id = _platform_id(self.notifier, identifier)
                if platform_id is not None:
                    self.platform_ids[identifier] = platform_id
                self.shown.emit(approval_id, "notification")
                return
        self.show_dialog(approval)
        self.shown.emit(approval_id, "dialog")

    def show_dialog(self, approval: dict[str, Any]) -> ApprovalDialog:
        """The in-app question for ``approval`` (raised if it is open already)."""
        approval_id = str(approval["id"])
        dialog = self.dialogs.get(approval_id)
        if dialog is None:
            dialog = ApprovalDialog(approval)
            dialog.answered.connect(self.answer)
            dialog.destroyed.connect(lambda *_: self.dialogs.pop(approval_id, None))
            self.dialogs[approval_id] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    def answer(self, approval_id: str, answer: str, remember_minutes: int = 0) -> None:
        """Send the answer; the question is withdrawn when the daemon says it was decided."""
        self._spawn(self._answer(approval_id, answer, remember_minutes))

    async def _answer(self, approval_id: str, answer: str, remember_minutes: int) -> None:
        try:
            await self.daemon.client.answer_approval(approval_id, answer, remember_minutes or None)
        except IslandRunError as exc:
            self.daemon.answerFailed.emit(approval_id, exc.message)

    def _pressed(self, approval_id: str, answer: str, minutes: int) -> Any:
        def pressed() -> None:
            self.answer(approval_id, answer, minutes)

        return pressed

    def withdraw(self, approval_id: str) -> None:
        dialog = self.dialogs.pop(approval_id, None)
        if dialog is not None:
            dialog.close()
        notification = self.notifications.pop(approval_id, None)
        if notification is not None and self.notifier is not None:
            self._spawn(self._clear(notification))

    async def _clear(self, notification: str) -> None:
        """Close an answered or expired question. After a button press desktop-notifier has
        forgotten the notification (its ``clear`` raises ``KeyError``) while the server may still
        show it (dunst keeps it): then it is closed by the server's id."""
        assert self.notifier is not None
        platform_id = self.platform_ids.pop(notification, None)
        try:
            await self.notifier.clear(notification)
            return
        except KeyError:
            pass
        except Exception as exc:
            log.warning("could not withdraw notification %s: %s", notification, exc)
        if platform_id is not None:
            await _notifications_call("CloseNotification", "u", [platform_id])
