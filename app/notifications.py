"""Approvals as desktop notifications with three buttons — *Send sanitized*, *Keep local*,
*Deny* — through ``desktop-notifier`` (freedesktop D-Bus on Linux, the native centres on macOS
and Windows). Where the notification server has no buttons (or none runs), the same question
comes as a small in-app dialog. The answer goes to ``POST /api/approvals/{id}``; with no
answer the daemon's timeout denies.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from desktop_notifier import Button, Capability, DesktopNotifier, Notification, Urgency
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from .viewmodels import DaemonModel

__all__ = ["ANSWERS", "ApprovalDialog", "ApprovalNotifier", "describe"]

log = logging.getLogger(__name__)

# (answer sent to the daemon, button title), in the order shown
ANSWERS = (("send", "Send sanitized"), ("local", "Keep local"), ("deny", "Deny"))


def describe(approval: dict[str, Any]) -> tuple[str, str]:
    """Title and body of the question, from the daemon's ``approval.requested`` summary."""
    island = approval.get("island_name") or approval.get("island", "another island")
    entities = approval.get("entities") or {}
    found = ", ".join(f"{k} ×{v}" for k, v in entities.items()) or "nothing specific"
    cost = float(approval.get("estimated_cost_usd") or 0.0)
    price = f"${cost:.2f}" if cost >= 0.01 else "less than one cent"
    sanitized = "with personal details replaced by placeholders" if approval.get("sanitized") else "as written"
    level = str(approval.get("sensitivity", "sensitive"))
    article = "an" if level[:1] in "aeiou" else "a"
    title = f"Send {article} {level} request to {island}?"
    body = f"Found: {found}. It would leave this device {sanitized}; estimated cost {price}."
    return title, body


class ApprovalDialog(QMessageBox):
    """The in-app fallback: the same three answers as the notification."""

    answered = Signal(str, str)  # approval id, answer

    def __init__(self, approval: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.approval_id = str(approval["id"])
        title, body = describe(approval)
        self.setWindowTitle("IslandRun: approval needed")
        self.setIcon(QMessageBox.Icon.Question)
        self.setText(title)
        self.setInformativeText(body + "\n\nNo answer in time means Deny.")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.buttons_by_answer: dict[str, QPushButton] = {}
        for answer, label in ANSWERS:
            role = QMessageBox.ButtonRole.RejectRole if answer == "deny" else QMessageBox.ButtonRole.AcceptRole
            button = self.addButton(label, role)
            self.buttons_by_answer[answer] = button
            button.clicked.connect(lambda _=False, a=answer: self.answered.emit(self.approval_id, a))


class ApprovalNotifier(QObject):
    """Shows each pending approval once, as a notification or a dialog, and withdraws it when
    the approval is answered anywhere or expires."""

    shown = Signal(str, str)  # approval id, "notification" | "dialog"

    def __init__(self, daemon: DaemonModel, notifier: DesktopNotifier | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.daemon = daemon
        self.notifier = notifier
        self.notifications: dict[str, str] = {}  # approval id → notification id
        self.dialogs: dict[str, ApprovalDialog] = {}
        self._buttons: bool | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        daemon.approvalRequested.connect(self.ask)
        daemon.approvalClosed.connect(self.withdraw)

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
        return self._buttons

    def ask(self, approval: dict[str, Any]) -> None:
        task = asyncio.get_running_loop().create_task(self._ask(approval))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _ask(self, approval: dict[str, Any]) -> None:
        approval_id = str(approval["id"])
        if approval_id in self.notifications or approval_id in self.dialogs:
            return
        if self.notifier is not None and await self.has_buttons():
            title, body = describe(approval)
            buttons = [
                Button(title=label, identifier=answer, on_pressed=self._pressed(approval_id, answer))
                for answer, label in ANSWERS
            ]
            notification = Notification(
                title, body + " No answer in time means Deny.", urgency=Urgency.Critical, buttons=tuple(buttons)
            )
            try:
                self.notifications[approval_id] = await self.notifier.send_notification(notification)
            except Exception as exc:
                log.warning("could not show the notification (%s); asking in a dialog", exc)
            else:
                self.shown.emit(approval_id, "notification")
                return
        dialog = ApprovalDialog(approval)
        dialog.answered.connect(self.daemon.answer)
        dialog.destroyed.connect(lambda *_: self.dialogs.pop(approval_id, None))
        self.dialogs[approval_id] = dialog
        dialog.show()
        self.shown.emit(approval_id, "dialog")

    def _pressed(self, approval_id: str, answer: str) -> Any:
        def pressed() -> None:
            self.daemon.answer(approval_id, answer)  # the notification is withdrawn on approval.decided

        return pressed

    def withdraw(self, approval_id: str) -> None:
        dialog = self.dialogs.pop(approval_id, None)
        if dialog is not None:
            dialog.close()
        notification = self.notifications.pop(approval_id, None)
        if notification is not None and self.notifier is not None:
            task = asyncio.get_running_loop().create_task(self._clear(notification))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _clear(self, notification: str) -> None:
        assert self.notifier is not None
        try:
            await self.notifier.clear(notification)
        except Exception as exc:
            log.debug("could not withdraw notification %s: %s", notification, exc)
