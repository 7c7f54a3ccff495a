"""While the daemon is not reachable the panels are read-only: what they last showed stays in
view, nothing can be saved into a daemon that is not there, and what the user typed stays in the
fields for when it is back. A line above the tabs says why, with a button that starts the daemon.

A panel with a ``set_connected(bool)`` method decides itself what to lock (its editors, not its
charts); any other panel is disabled as a whole (Qt restores each child's own enabled state).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QWidget

from .state import TrayState
from .viewmodels import DaemonModel

__all__ = ["OfflineGuard"]


@runtime_checkable
class Lockable(Protocol):
    def set_connected(self, connected: bool) -> None: ...


class OfflineGuard(QWidget):
    """The banner in the window's tab-bar corner, and the read-only switch for every panel."""

    def __init__(self, window: QTabWidget, daemon: DaemonModel) -> None:
        super().__init__(window)
        self.window_ = window
        self.daemon = daemon
        self.label = QLabel()
        self.label.setStyleSheet("color: #b3261e;")
        self.start_button = QPushButton("Start daemon")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.start_button)
        window.setCornerWidget(self, Qt.Corner.TopRightCorner)
        self.connected: bool | None = None
        daemon.statusChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        status = self.daemon.status
        connected = status.connected and not status.starting
        if status.starting:
            self.label.setText("Starting the daemon… (read-only until it answers)")
        elif not status.connected:
            self.label.setText("Daemon not running — read-only")
            self.label.setToolTip(status.problem)
        self.start_button.setVisible(status.state is TrayState.ERROR)
        self.setVisible(not connected)
        if connected == self.connected:
            return
        self.connected = connected
        for index in range(self.window_.count()):
            page: object = self.window_.widget(index)
            if isinstance(page, Lockable):
                page.set_connected(connected)
            elif isinstance(page, QWidget):
                page.setEnabled(connected)
