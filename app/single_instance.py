"""One tray per user, and a second launch that shows the first one's window instead of only
printing to stderr: the running tray listens on ``<runtime dir>/tray.sock`` (a QLocalServer; the
runtime dir is the user's own, mode 0700) and a second ``islandrun-tray`` sends it one line,
``open`` or ``open <panel>``, then exits."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from islandrun.core.daemon.instance import ensure_runtime_dir

__all__ = ["InstanceServer", "ask_running_tray"]

log = logging.getLogger(__name__)


def _address() -> str:
    return str(ensure_runtime_dir() / "tray.sock")


class InstanceServer(QObject):
    """Listens for a second launch; ``openRequested`` carries the panel it asked for ("" = any)."""

    openRequested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Call while holding the tray lock: a socket file left by a crashed tray is removed first."""
        QLocalServer.removeServer(_address())
        if not self.server.listen(_address()):
            log.warning("a second launch cannot reach this tray: %s", self.server.errorString())
            return False
        return True

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (conn := self.server.nextPendingConnection()) is not None:
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                self._read(conn)

    def _read(self, conn: QLocalSocket) -> None:
        while conn.canReadLine():
            line = bytes(conn.readLine().data()).decode("utf-8", "replace").strip()
            verb, _, panel = line.partition(" ")
            if verb == "open":
                self.openRequested.emit(panel)
            conn.write(b"ok\n")
            conn.flush()


def ask_running_tray(panel: str | None, timeout_ms: int = 2000) -> bool:
    """From a second launch: ask the running tray to show its window; False if none answered."""
    conn = QLocalSocket()
    conn.connectToServer(_address())
    if not conn.waitForConnected(timeout_ms):
        return False
    conn.write(f"open {panel or ''}".rstrip().encode() + b"\n")
    ok = conn.waitForBytesWritten(timeout_ms) and conn.waitForReadyRead(timeout_ms)
    conn.disconnectFromServer()
    return bool(ok)
