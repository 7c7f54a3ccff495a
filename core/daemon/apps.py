"""Per-app API tokens: every app that talks to the daemon can have a token of its own, so the rate
limit, the audit row and the approval prompt know which app asked, and one app's token can be
revoked without breaking the others.

Tokens are shown once, when created, and stored only as SHA-256 digests in ``apps.json`` (0600)
in the data dir. The shared token (``islandrun token``) keeps working and counts as the app
``shared``. The daemon re-reads the file when it changes, so ``islandrun apps add|revoke`` take
effect at once; a file it cannot read is reported and counts as no app tokens (the shared token
still works: nothing fails open).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomic
from ..paths import data_dir
from .errors import AppTokenError

__all__ = ["SHARED_APP", "AppInfo", "AppTokenError", "AppTokens", "apps_file"]

log = logging.getLogger(__name__)

SHARED_APP = "shared"  # the identity of the shared token
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")


def apps_file() -> Path:
    return data_dir() / "apps.json"


@dataclass(frozen=True, slots=True)
class AppInfo:
    name: str
    created: float
    hint: str  # the token's last four characters, to tell tokens apart (never the token)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AppTokens:
    """The app-token file; thread-safe; cheap to ask (re-read only when the file changed)."""

    def __init__(self, path: Path | None = None, recheck_s: float = 1.0) -> None:
        self.path = path or apps_file()
        self.recheck_s = recheck_s
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._checked = 0.0
        self._apps: dict[str, tuple[str, AppInfo]] = {}  # digest -> (name, info)

    # -- reading -----------------------------------------------------------------------------

    def _load(self) -> dict[str, tuple[str, AppInfo]]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            entries = raw["apps"]
            loaded = {}
            for entry in entries:
                info = AppInfo(str(entry["name"]), float(entry["created"]), str(entry.get("hint", "")))
                loaded[str(entry["sha256"])] = (info.name, info)
            return loaded
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("app tokens in %s cannot be read (%s); only the shared token works", self.path, exc)
            return {}

    def _fresh(self) -> dict[str, tuple[str, AppInfo]]:
        now = time.monotonic()
        with self._lock:
            if now - self._checked >= self.recheck_s or self._stamp is None:
                self._checked = now
                try:
                    st = self.path.stat()
                    stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
                except OSError:
                    stamp = (0, 0)
                if stamp != self._stamp:
                    self._stamp = stamp
                    self._apps = self._load()
            return self._apps

    def identify(self, token: str) -> str | None:
        """The app a token belongs to, or None. An unknown token makes the file be looked at again
        at once (a token made a moment ago with ``islandrun apps add`` works on its first request)."""
        found = self._match(_digest(token), self._fresh())
        if found is None:
            with self._lock:
                self._checked = 0.0
            found = self._match(_digest(token), self._fresh())
        return found

    @staticmethod
    def _match(digest: str, apps: dict[str, tuple[str, AppInfo]]) -> str | None:
        found = None
        for known, (name, _info) in apps.items():
            if secrets.compare_digest(known, digest):
                found = name
        return found

    def list(self) -> list[AppInfo]:
        return sorted((info for _name, info in self._fresh().values()), key=lambda i: i.name)

    # -- changing ----------------------------------------------------------------------------

    def _write(self, apps: dict[str, tuple[str, AppInfo]]) -> None:
        entries = [
            {"name": info.name, "sha256": digest, "created": info.created, "hint": info.hint}
            for digest, (_name, info) in sorted(apps.items(), key=lambda kv: kv[1][0])
        ]
        write_atomic(self.path, json.dumps({"apps": entries}, indent=1) + "\n", mode=0o600)
        with self._lock:
            self._stamp = None  # re-read at the next question

    def create(self, name: str) -> str:
        """A new token for app ``name`` (returned once; only its digest is kept)."""
        if not _NAME.match(name) or name == SHARED_APP:
            raise AppTokenError(f"{name!r} cannot name an app: use 1-63 of a-z 0-9 . _ - (and not {SHARED_APP!r})")
        apps = self._load()
        if any(existing == name for existing, _ in apps.values()):
            raise AppTokenError(f"an app named {name!r} has a token already; revoke it first to make a new one")
        token = "ir-" + secrets.token_urlsafe(32)
        apps[_digest(token)] = (name, AppInfo(name, time.time(), token[-4:]))
        self._write(apps)
        return token

    def revoke(self, name: str) -> None:
        apps = self._load()
        kept = {digest: entry for digest, entry in apps.items() if entry[0] != name}
        if len(kept) == len(apps):
            raise AppTokenError(f"no app named {name!r} has a token")
        self._write(kept)
