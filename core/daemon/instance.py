"""One daemon per user: the instance lock, the API token and the file that tells clients where we are.

The lock and the info file live in the runtime dir (``$XDG_RUNTIME_DIR/islandrun`` on Linux),
created 0700; the token lives in the data dir, so it survives a reboot and every app with the
token pasted keeps working:

- ``daemon.lock``: held (flock) for the daemon's lifetime; the OS releases it when the process
  dies, even by ``kill -9``, so a crash never leaves a stale lock behind;
- ``api-token`` (data dir): the bearer token for the TCP listener, mode 0600, created once and
  kept until ``islandrun token --rotate``; a token file from an older version in the runtime dir
  is moved there once. A token file that is a directory, unreadable or not text is reported with
  the fix, never a traceback, and never silently replaced;
- ``daemon.json``: pid, TCP port, socket path and version, mode 0600, removed on clean exit.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from ..files import write_atomic
from ..paths import data_dir, runtime_dir
from .errors import AlreadyRunningError, NotRunningError, TokenFileError

__all__ = [
    "AlreadyRunningError",
    "DaemonInfo",
    "InstanceLock",
    "NotRunningError",
    "TokenFileError",
    "TokenSource",
    "ensure_runtime_dir",
    "info_file",
    "load_or_create_token",
    "read_info",
    "read_token",
    "rotate_token",
    "socket_file",
    "token_file",
    "write_private",
]


@dataclass(frozen=True, slots=True)
class DaemonInfo:
    pid: int
    port: int
    socket: str
    version: str
    ollama_port: int = 0  # Ollama's API listener ([ollama]), when it is open


def ensure_runtime_dir() -> Path:
    path = runtime_dir()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def socket_file() -> Path:
    return runtime_dir() / "api.sock"


def token_file() -> Path:
    return data_dir() / "api-token"


def _legacy_token_file() -> Path:
    return runtime_dir() / "api-token"


def info_file() -> Path:
    return runtime_dir() / "daemon.json"


def write_private(path: Path, text: str) -> None:
    """Write atomically with mode 0600 from the first byte (never briefly world-readable)."""
    write_atomic(path, text, mode=0o600)


def _read_token_at(path: Path) -> str | None:
    """The token in ``path``; None when there is no file; :class:`TokenFileError` when it is not usable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise TokenFileError(path, "is a directory") from None
    except OSError as exc:
        raise TokenFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        token = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        raise TokenFileError(path, "does not hold a token (it is not text)") from None
    if not token or len(token) > 512 or any(c.isspace() for c in token):
        raise TokenFileError(path, "does not hold a token")
    return token


def read_token() -> str:
    token = _read_token_at(token_file())
    if token is None:
        token = _read_token_at(_legacy_token_file())
    if token is None:
        raise NotRunningError()
    return token


def load_or_create_token() -> str:
    """The kept token (0600, at least 32 characters), else a new one. A legacy runtime-dir token moves here."""
    path = token_file()
    token = _read_token_at(path)
    if token is None:
        legacy = _legacy_token_file()
        try:
            token = _read_token_at(legacy)
        except TokenFileError:
            token = None  # a broken leftover in the runtime dir is not worth stopping for
        if token is not None and len(token) >= 32:
            write_private(path, token + "\n")
            legacy.unlink(missing_ok=True)
            return token
        token = None
    if token is not None and len(token) >= 32 and (path.stat().st_mode & 0o077) == 0:
        return token
    return rotate_token()


def rotate_token() -> str:
    """A new token in the token file (0600); the old one stops working at once (the daemon re-reads it)."""
    token = secrets.token_urlsafe(32)
    path = token_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(path, token + "\n")
    return token


class TokenSource:
    """The current token for the bearer guard: re-read when the file changes (``--rotate``), cheap otherwise."""

    def __init__(self, token: str, path: Path | None = None, every_s: float = 1.0) -> None:
        self._token = token
        self._path = path
        self._every_s = every_s
        self._checked = time.monotonic()
        self._stamp: tuple[int, int] | None = self._stat()

    def _stat(self) -> tuple[int, int] | None:
        if self._path is None:
            return None
        try:
            st = self._path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def __call__(self) -> str:
        return self.current()

    def current(self) -> str:
        now = time.monotonic()
        if now - self._checked < self._every_s:
            return self._token
        self._checked = now
        stamp = self._stat()
        if stamp is not None and stamp != self._stamp:
            try:
                fresh = _read_token_at(self._path) if self._path is not None else None
            except TokenFileError:
                fresh = None  # a broken file never opens the door: keep the last good token
            if fresh is not None and len(fresh) >= 32:
                self._token = fresh
            self._stamp = stamp
        return self._token


def read_info() -> DaemonInfo | None:
    try:
        data = json.loads(info_file().read_text())
        return DaemonInfo(
            int(data["pid"]),
            int(data["port"]),
            str(data["socket"]),
            str(data["version"]),
            int(data.get("ollama_port", 0)),
        )
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
