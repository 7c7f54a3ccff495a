"""The daemon's lifecycle as the tray drives it: attach to the running daemon or start one
(*Starting…* from the first second, never a silent wait), start it again after it stopped, and
restart it from the menu.

The tray's :class:`~islandrun.app.api.ApiClient` is made before any daemon answers (it speaks
over the runtime dir's socket, whose path does not change); when a (re)started daemon listens
elsewhere — TCP only, a new port — the same client object is pointed at it, so every panel keeps
its client. Nothing here blocks the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time

from PySide6.QtCore import QObject, Signal

from islandrun.core.daemon.instance import DaemonInfo, read_info, socket_file
from islandrun.core.errors import IslandRunError

from .api import ApiClient
from .daemon_process import attach_or_start
from .qt_async import async_slot
from .viewmodels import DaemonModel

__all__ = ["DaemonLifecycle", "early_client"]

log = logging.getLogger(__name__)


def early_client() -> ApiClient:
    """A client for the daemon before it runs: the one in ``daemon.json`` if any, else the socket
    it will listen on (requests fail with "not running" until it does)."""
    info = read_info()
    if info is None:  # (the daemon listens on this socket wherever Unix sockets exist)
        info = DaemonInfo(pid=0, port=0, socket=str(socket_file()), version="")
    return ApiClient(info)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process with this pid: not our daemon
        return False
    return True


class DaemonLifecycle(QObject):
    """Starts, restarts and stops the daemon for the tray; ``failed`` says why in words (title, message)."""

    failed = Signal(str, str)
    busyChanged = Signal(bool)

    def __init__(self, daemon: DaemonModel, start_timeout: float = 180.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.daemon = daemon
        self.client = daemon.client
        self.start_timeout = start_timeout
        self.process: asyncio.subprocess.Process | None = None  # the daemon this tray started, if any
        self.busy = False

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.daemon.set_starting(busy)
        self.busyChanged.emit(busy)

    @async_slot()
    async def start(self) -> None:
        """Attach to the running daemon or start ``islandrun serve``; the feed follows it at once."""
        if self.busy:
            return
        self._set_busy(True)
        try:
            await self._start()
        finally:
            self._set_busy(False)

    @async_slot()
    async def restart(self) -> None:
        """Stop the daemon (the one in ``daemon.json``, whoever started it), then start it again."""
        if self.busy:
            return
        self._set_busy(True)
        try:
            await self.daemon.stop()  # our own event stream must not hold its shutdown up
            await self._stop_daemon()
            await self._start()
        finally:
            self._set_busy(False)

    async def _start(self) -> None:
        try:
            attached = await attach_or_start(start_timeout=self.start_timeout)
        except IslandRunError as exc:
            log.warning("%s", exc.message)
            self.daemon.status.connection(False, exc.message)
            self.daemon.start()  # keep listening: a daemon started from a terminal is picked up
            self.failed.emit(exc.title, exc.message)
            return
        if attached.process is not None:
            self.process = attached.process
        await self._point_at(attached.client)
        await self.daemon.stop()  # reconnect now rather than after the feed's backoff
        self.daemon.start()

    async def _point_at(self, fresh: ApiClient) -> None:
        """Keep the tray's one client; aim it at ``fresh``'s daemon if that listens elsewhere."""
        old, new = self.client.info, fresh.info
        if (old.socket, old.port) == (new.socket, new.port) or (old.socket and old.socket == new.socket):
            self.client.info = new
            await fresh.aclose()
            return
        stale = self.client.http
        self.client.http, self.client.info = fresh.http, new
        await stale.aclose()

    async def _stop_daemon(self, timeout: float = 30.0) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), timeout)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
            return
        info = read_info()
        if info is None or not _alive(info.pid):
            return
        os.kill(info.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(info.pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        if _alive(info.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(info.pid, signal.SIGKILL)
