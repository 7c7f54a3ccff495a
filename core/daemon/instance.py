"""One daemon per user: the instance lock, the API token and the file that tells clients where we are.

All three live in the runtime dir (``$XDG_RUNTIME_DIR/islandrun`` on Linux), created 0700:

- ``daemon.lock``: held (flock) for the daemon's lifetime; the OS releases it when the process
  dies, even by ``kill -9``, so a crash never leaves a stale lock behind;
- ``api-token``: the bearer token for the TCP listener, mode 0600, created once and kept;
- ``daemon.json``: pid, TCP port, socket path and version, mode 0600, removed on clean exit.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import IslandRunError
from ..files import write_atomic
from ..paths import runtime_dir

__all__ = [
    "AlreadyRunningError",
    "DaemonInfo",
    "InstanceLock",
    "NotRunningError",
    "ensure_runtime_dir",
    "info_file",
    "load_or_create_token",
    "read_info",
    "read_token",
    "socket_file",
    "token_file",
    "write_private",
]


class AlreadyRunningError(IslandRunError):
    def __init__(self, info: DaemonInfo | None) -> None:
        where = f" (pid {info.pid}, http://127.0.0.1:{info.port})" if info else ""
        super().__init__(f"IslandRun is already running for this user{where}", title="Already running")


class NotRunningError(IslandRunError):
    def __init__(self) -> None:
        super().__init__("the IslandRun daemon is not running; start it with `islandrun serve`", title="Not running")


@dataclass(frozen=True, slots=True)
class DaemonInfo:
    pid: int
    port: int
    socket: str
    version: str


def ensure_runtime_dir() -> Path:
    path = runtime_dir()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def socket_file() -> Path:
    return runtime_dir() / "api.sock"


def token_file() -> Path:
    return runtime_dir() / "api-token"


def info_file() -> Path:
    return runtime_dir() / "daemon.json"


def write_private(path: Path, text: str) -> None:
    """Write atomically with mode 0600 from the first byte (never briefly world-readable)."""
    write_atomic(path, text, mode=0o600)


def read_token() -> str:
    try:
        return token_file().read_text().strip()
    except FileNotFoundError:
        raise NotRunningError() from None


def load_or_create_token() -> str:
    path = token_file()
    try:
        token = path.read_text().strip()
        if len(token) >= 32 and (path.stat().st_mode & 0o077) == 0:
            return token
    except FileNotFoundError:
        pass
    token = secrets.token_urlsafe(32)
    write_private(path, token + "\n")
    return token


def read_info() -> DaemonInfo | None:
    try:
        data = json.loads(info_file().read_text())
        return DaemonInfo(int(data["pid"]), int(data["port"]), str(data["socket"]), str(data["version"]))
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


class InstanceLock:
    """The per-user instance lock; ``acquire`` raises :class:`AlreadyRunningError` when held."""

    def __init__(self) -> None:
        self._lock = FileLock(ensure_runtime_dir() / "daemon.lock", timeout=0)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise AlreadyRunningError(read_info()) from None

    def release(self) -> None:
        self._lock.release()

    def publish(self, info: DaemonInfo) -> None:
        write_private(info_file(), json.dumps(asdict(info)) + "\n")

    def withdraw(self) -> None:
        info_file().unlink(missing_ok=True)
