"""The tray icon: its picture is the state; its menu says the capacity and island now, holds the
*Local only* switch, opens the panels, and quits."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from islandrun.core.errors import IslandRunError

from .autostart import Autostart
from .icons import state_icon
from .state import TrayState
from .viewmodels import DaemonModel
from .window import PANELS

__all__ = ["Tray"]


class Tray(QObject):
    panelRequested = Signal(str)
    approvalsRequested = Signal()
    quitRequested = Signal()

    def __init__(self, daemon: DaemonModel, parent: QObject | None = None, autostart: Autostart | None = None) -> None:
        super().__init__(parent)
        self.daemon = daemon
        self.autostart = autostart or Autostart()
        self.icon = QSystemTrayIcon(state_icon(daemon.state), self)
        self.menu = QMenu()
        self.header = self.menu.addAction("IslandRun")
        self.header.setEnabled(False)
        self.capacity_action = self.menu.addAction("Capacity: —")
        self.capacity_action.setEnabled(False)
        self.island_action = self.menu.addAction("Last request: —")
        self.island_action.setEnabled(False)
        self.approvals_action = self.menu.addAction("Answer pending approvals…")
        self.approvals_action.triggered.connect(self.approvalsRequested.emit)
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
        self.icon.setIcon(state_icon(state))
        self.header.setText(f"IslandRun — {state.label}")
        if state is TrayState.ERROR:
            self.capacity_action.setText(f"Error: {status.error}")
        elif status.capacity is None:
            self.capacity_action.setText("Capacity: waiting for a sample")
        else:
            accepting = ", ".join(status.accepting) or "nothing"
            self.capacity_action.setText(f"Capacity {status.capacity:.2f} · keeps {accepting} work here")
        self.island_action.setText(f"Last request ran on: {status.island}")
        n = len(status.pending)
        self.approvals_action.setVisible(n > 0)
        self.approvals_action.setText(f"Answer {n} pending approval{'s' if n != 1 else ''}…")
        self.local_only.blockSignals(True)
        self.local_only.setChecked(status.local_only)
        self.local_only.blockSignals(False)
        self.local_only.setEnabled(state is not TrayState.ERROR)
        tip = f"IslandRun: {state.label}"
        if status.capacity is not None:
            tip += f" · C {status.capacity:.2f}"
        self.icon.setToolTip(tip)
