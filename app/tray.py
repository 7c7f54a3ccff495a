"""The tray icon: its picture is the state; its menu says the capacity and island now, starts or
restarts the daemon, holds the *Local only* switch, opens the panels, and quits."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from islandrun.core.errors import IslandRunError

from .autostart import Autostart
from .icons import app_icon, state_icon
from .state import TrayState
from .viewmodels import DaemonModel
from .window import PANELS

__all__ = ["Tray"]


class Tray(QObject):
    panelRequested = Signal(str)
    approvalsRequested = Signal()
    chatRequested = Signal()
    quitRequested = Signal()
    startRequested = Signal()
    restartRequested = Signal()

    def __init__(self, daemon: DaemonModel, parent: QObject | None = None, autostart: Autostart | None = None) -> None:
        super().__init__(parent)
        self.daemon = daemon
        self.autostart = autostart or Autostart()
        self.icon = QSystemTrayIcon(self._picture(), self)
        self.menu = QMenu()
        self.header = self.menu.addAction("IslandRun")
        self.header.setEnabled(False)
        self.capacity_action = self.menu.addAction("Capacity: —")
        self.capacity_action.setEnabled(False)
        self.island_action = self.menu.addAction("Last request: —")
        self.island_action.setEnabled(False)
        self.chat_action = self.menu.addAction("Chat…")  # the first item: where the app opens
        self.chat_action.triggered.connect(self.chatRequested.emit)
        self.approvals_action = self.menu.addAction("Answer pending approvals…")
        self.approvals_action.triggered.connect(self.approvalsRequested.emit)
        self.daemon_action = self.menu.addAction("Restart daemon")
        self.daemon_action.triggered.connect(self._daemon_action)
        self.menu.addSeparator()
        self.local_only = self.menu.addAction("Local only (pause offloading)")
        self.local_only.setCheckable(True)
        self.local_only.toggled.connect(self._toggled)
        self.menu.addSeparator()
        self.panel_actions: dict[str, QAction] = {}
        for title in PANELS:
            action = self.menu.addAction(f"{title.replace('&', '&&')}…")  # "&" is a mnemonic
            action.triggered.connect(lambda _=False, t=title: self.panelRequested.emit(t))
            self.panel_actions[title] = action
        self.menu.addSeparator()
        self.autostart_action = self.menu.addAction("Start at login")
        self.autostart_action.setCheckable(True)
        self.autostart_action.setChecked(self.autostart.enabled)
        self.autostart_action.toggled.connect(self._autostart_toggled)
        self.quit_action = self.menu.addAction("Quit IslandRun tray")
        self.quit_action.triggered.connect(self.quitRequested.emit)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        daemon.statusChanged.connect(self.refresh)
        daemon.localOnlyFailed.connect(self._local_only_failed)
        self.refresh()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def _picture(self) -> QIcon:
        state = self.daemon.state
        return app_icon() if state is TrayState.STARTING else state_icon(state)

    def _daemon_action(self) -> None:
        if self.daemon.state is TrayState.ERROR:
            self.startRequested.emit()
        elif self.daemon.state is not TrayState.STARTING:
            self.restartRequested.emit()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            if self.daemon.status.pending:
                self.approvalsRequested.emit()
            else:
                self.panelRequested.emit("Capacity")

    def _toggled(self, on: bool) -> None:
        if on != self.daemon.status.local_only:
            self.daemon.set_local_only(on)

    def _autostart_toggled(self, on: bool) -> None:
        try:
            self.autostart.set(on)
        except IslandRunError as exc:
            self.icon.showMessage(exc.title, exc.message, QSystemTrayIcon.MessageIcon.Warning)
        self.autostart_action.blockSignals(True)
        self.autostart_action.setChecked(self.autostart.enabled)
        self.autostart_action.blockSignals(False)

    def _local_only_failed(self, message: str) -> None:
        self.refresh()
        self.icon.showMessage("Local only", message, QSystemTrayIcon.MessageIcon.Warning)

    def refresh(self) -> None:
        status = self.daemon.status
        state = status.state
        self.icon.setIcon(self._picture())
        self.header.setText(f"IslandRun — {state.label}")
        self.daemon_action.setText(
            {TrayState.ERROR: "Start daemon", TrayState.STARTING: "Starting daemon…"}.get(state, "Restart daemon")
        )
        self.daemon_action.setEnabled(state is not TrayState.STARTING)
        if state is TrayState.STARTING:
            self.capacity_action.setText("Capacity: waiting for the daemon")
        elif state is TrayState.ERROR:
            self.capacity_action.setText(f"Error: {status.problem}")
        elif status.capacity is None:
            self.capacity_action.setText("Capacity: waiting for a sample")
        else:
            accepting = ", ".join(status.accepting) or "nothing"
            self.capacity_action.setText(f"Capacity {status.capacity:.2f} · keeps {accepting} work here")
        self.island_action.setText(status.last_request)
        n = len(status.pending)
        self.approvals_action.setVisible(n > 0)
        self.approvals_action.setText(f"Answer {n} pending approval{'s' if n != 1 else ''}…")
        self.local_only.blockSignals(True)
        self.local_only.setChecked(status.local_only)
        self.local_only.blockSignals(False)
        self.local_only.setEnabled(state not in (TrayState.ERROR, TrayState.STARTING))
        tip = f"IslandRun: {state.label}"
        if status.capacity is not None:
            tip += f" · C {status.capacity:.2f}"
        self.icon.setToolTip(tip)
