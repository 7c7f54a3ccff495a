"""Attach to the user's running daemon, or start one (``islandrun serve``) and wait until it
listens; and the tray's own one-per-user lock (``tray.lock``, separate from ``daemon.lock``).

Nothing here blocks the event loop: process start and the readiness wait are async.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from islandrun.core.daemon.instance import DaemonInfo, ensure_runtime_dir, read_info
from islandrun.core.errors import IslandRunError

from .api import ApiClient, ApiError, DaemonUnreachableError

__all__ = [
    "Attached",
    "DaemonStartError",
    "TrayAlreadyRunningError",
    "TrayLock",
    "attach_or_start",
    "islandrun_command",
]


class TrayAlreadyRunningError(IslandRunError):
    def __init__(self) -> None:
        super().__init__("the IslandRun tray is already running for this user", title="Already running")


class DaemonStartError(IslandRunError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"could not start the IslandRun daemon: {detail}", title="Daemon did not start")


class TrayLock:
    """flock on ``<runtime dir>/tray.lock``; the OS releases it when the process dies."""

    def __init__(self) -> None:
        self.path = ensure_runtime_dir() / "tray.lock"
        self._lock = FileLock(self.path, timeout=0)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise TrayAlreadyRunningError() from None

    def release(self) -> None:
        self._lock.release()


def islandrun_command() -> list[str]:
    """``islandrun`` beside this interpreter (the same install), else on PATH, else ``-m``."""
    beside = Path(sys.executable).with_name("islandrun")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("islandrun")
    if found:
        return [found]
    return [sys.executable, "-m", "islandrun.core.cli.main"]


@dataclass(slots=True)
class Attached:
    client: ApiClient
    process: asyncio.subprocess.Process | None  # set when this tray started the daemon


async def _healthy(info: DaemonInfo) -> ApiClient | None:
    client = ApiClient(info, timeout=5.0)
    try:
        await client.health()
    except (ApiError, DaemonUnreachableError):
        await client.aclose()
        return None
    await client.aclose()
    return ApiClient(info)


async def attach_or_start(start_timeout: float = 180.0, log_path: Path | None = None) -> Attached:
    """The running daemon if one answers; otherwise ``islandrun serve`` started now.

    The started daemon's output goes to ``log_path`` (default ``<runtime dir>/daemon.log``).
    Raises :class:`DaemonStartError` with the daemon's own last words when it exits early.
    """
    info = read_info()
    if info is not None:
        client = await _healthy(info)
        if client is not None:
            return Attached(client, None)
    log_file = log_path or ensure_runtime_dir() / "daemon.log"
    with open(log_file, "ab") as log:
        process = await asyncio.create_subprocess_exec(
            *islandrun_command(),
            "serve",
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=dict(os.environ),
        )
    deadline = time.monotonic() + start_timeout
    while time.monotonic() < deadline:
        if process.returncode is not None:
            tail = log_file.read_text(errors="replace")[-600:].strip()
            raise DaemonStartError(f"`islandrun serve` exited with {process.returncode}: {tail}")
        info = read_info()
        if info is not None and info.pid == process.pid:
            client = await _healthy(info)
            if client is not None:
                return Attached(client, process)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), 0.2)
    process.terminate()
    raise DaemonStartError(f"it did not answer within {start_timeout:.0f} s (see {log_file})")
