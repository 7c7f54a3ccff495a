"""Island credentials, only ever in the OS keyring (``keyring``: Secret Service on Linux, the
Keychain on macOS, the Credential Locker on Windows).

Keys are stored under the service ``islandrun`` with the island id as the user name. They are
never written to the config file, never printed, and every key read is registered with
:mod:`.redaction` so it cannot reach a log line or an error message. Without a usable OS keyring
every operation raises :class:`KeyringUnavailableError` saying what to install; there is no
plain-text fallback, and plain-text or file-based backends (``keyrings.alt``, ``keyrings.cryptfile``)
are refused even when configured.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from .errors import CredentialsError, KeyringUnavailableError
from .redaction import remember_secret

__all__ = ["KEYRING_SERVICE", "OS_KEYRING_MODULES", "KeyringCredentials", "install_hint"]

KEYRING_SERVICE = "islandrun"
FAILURE_TTL_S = 5.0  # how long a keyring failure is remembered (a key that works: cache_ttl_s)
# Backends that keep secrets in the operating system's own protected store.
OS_KEYRING_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)


def install_hint() -> str:
    return (
        "IslandRun keeps island keys only in the OS keyring, and none is usable here. "
        "On Linux, install and unlock a Secret Service provider inside your desktop session: "
        "`sudo apt install gnome-keyring libsecret-tools` (or KWallet, or KeePassXC with its Secret Service "
        "integration on). On a headless machine, run IslandRun under a D-Bus session with an unlocked keyring: "
        "`dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets; islandrun serve'`. "
        "macOS and Windows use the system keychain. Keys are never stored in plain text."
    )


def _module_of(backend: Any) -> str:
    return type(backend).__module__


class KeyringCredentials:
    """Reads and writes island keys in the OS keyring.

    The blocking methods (:meth:`get`, :meth:`set`, :meth:`delete`, :meth:`has`) are for the CLI;
    the daemon awaits :meth:`api_key`, which runs the lookup in a thread and caches it for
    ``cache_ttl_s`` (a key changed with ``islandrun keys set`` is picked up after that).
    """

    def __init__(self, service: str = KEYRING_SERVICE, *, backend: Any = None, cache_ttl_s: float = 30.0) -> None:
        self.service = service
        self._backend = backend
        self.cache_ttl_s = cache_ttl_s
        self._cache: dict[str, tuple[float, str | None]] = {}
        # A keyring that failed (none on a headless machine, or locked) fails again for FAILURE_TTL_S
        # without another thread hop and backend probe per request (0.2 ms each; benchmarks/remote/RESULTS.md, run 11).
        self._failed: dict[str, tuple[float, CredentialsError]] = {}
        self._lock = threading.Lock()

    def backend(self) -> Any:
        """The OS keyring backend in use, or :class:`KeyringUnavailableError`."""
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        chosen = self._backend
        chain = getattr(chosen, "backends", None)
        if chain is not None:  # keyring's ChainerBackend: the first backend is the one that stores
            chosen = chain[0] if chain else None
        if chosen is None or _module_of(chosen) == "keyring.backends.fail":
            raise KeyringUnavailableError(install_hint())
        if not _module_of(chosen).startswith(OS_KEYRING_MODULES):
            raise KeyringUnavailableError(
                f"the configured keyring backend {_module_of(chosen)}.{type(chosen).__name__} is not an OS keyring; "
                + install_hint()
            )
        return chosen

    def _call(self, what: str, fn: Any, *args: str) -> Any:
        from keyring.errors import KeyringError, KeyringLocked, NoKeyringError

        backend = self.backend()
        try:
            return fn(backend, *args)
        except NoKeyringError:
            raise KeyringUnavailableError(install_hint()) from None
        except KeyringLocked:
            raise KeyringUnavailableError(
                "the OS keyring is locked; unlock it (log in to the desktop session, or "
                "`gnome-keyring-daemon --unlock` on a headless machine) and try again"
            ) from None
        except KeyringError as exc:
            raise CredentialsError(f"the OS keyring could not {what}: {type(exc).__name__}: {exc}") from None
        except Exception as exc:  # D-Bus errors from the Secret Service backend surface as themselves
            raise KeyringUnavailableError(f"the OS keyring failed ({type(exc).__name__}); " + install_hint()) from None

    def get(self, island_id: str) -> str | None:
        secret = self._call("read the key", lambda b, i: b.get_password(self.service, i), island_id)
        if secret:
            remember_secret(str(secret))
        return None if secret is None else str(secret)

    def has(self, island_id: str) -> bool:
        return self.get(island_id) is not None

    def set(self, island_id: str, secret: str) -> None:
        if not secret or secret != secret.strip():
            raise CredentialsError("a key may not be empty or start or end with white space")
        remember_secret(secret)
        self._call("store the key", lambda b, i, s: b.set_password(self.service, i, s), island_id, secret)
        with self._lock:
            self._cache.pop(island_id, None)
            self._failed.pop(island_id, None)  # the keyring works now: the next request reads it

    def delete(self, island_id: str) -> bool:
        """Remove the island's key; False when there was none."""
        from keyring.errors import PasswordDeleteError

        if self.get(island_id) is None:
            return False
        try:
            self._call("delete the key", lambda b, i: b.delete_password(self.service, i), island_id)
        except CredentialsError as exc:
            if isinstance(exc.__context__, PasswordDeleteError):
                return False
            raise
        with self._lock:
            self._cache.pop(island_id, None)
        return True

    async def api_key(self, island_id: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(island_id)
            failed = self._failed.get(island_id)
        if hit is not None and now - hit[0] < self.cache_ttl_s:
            return hit[1]
        if failed is not None and now - failed[0] < min(self.cache_ttl_s, FAILURE_TTL_S):
            raise type(failed[1])(failed[1].message)  # a new one: a raised exception keeps its traceback
        try:
            secret = await asyncio.to_thread(self.get, island_id)
        except CredentialsError as exc:
            with self._lock:
                self._failed[island_id] = (time.monotonic(), exc)
            raise
        with self._lock:
            self._cache[island_id] = (time.monotonic(), secret)
            self._failed.pop(island_id, None)
        return secret
