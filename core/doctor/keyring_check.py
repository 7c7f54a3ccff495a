"""Is there an OS keyring for island API keys? Uses the same backend choice as the key store
(:class:`~islandrun.core.remote.credentials.KeyringCredentials`), which refuses plain-text backends."""

from __future__ import annotations

import os

from ..remote.credentials import KeyringCredentials
from ..remote.errors import KeyringUnavailableError
from .context import DoctorContext
from .result import Check, CheckResult, Status

__all__ = ["KEYRING_CHECK", "check_keyring"]

_LINUX_FIX = (
    "sudo apt install gnome-keyring libsecret-tools, then log in to a desktop session; headless: "
    "dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets; islandrun serve'"
)


def check_keyring(context: DoctorContext) -> CheckResult:
    try:
        backend = KeyringCredentials().backend()
    except KeyringUnavailableError:
        forced = os.environ.get("PYTHON_KEYRING_BACKEND")
        if forced:
            why = f"$PYTHON_KEYRING_BACKEND={forced} selects no usable OS keyring"
            fix = f"unset PYTHON_KEYRING_BACKEND; {_LINUX_FIX}" if context.platform.startswith("linux") else None
        elif context.platform.startswith("linux") and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            why = "no D-Bus session bus, so no Secret Service keyring (gnome-keyring, KWallet) can be reached"
            fix = _LINUX_FIX
        else:
            why = "no Secret Service provider (gnome-keyring, KWallet, KeePassXC) answers"
            fix = _LINUX_FIX
        remote = [island.id for island in context.config.islands if island.kind != "peer"]
        needs = (
            f"cloud/edge islands {', '.join(remote)} cannot get API keys" if remote else "cloud keys cannot be stored"
        )
        return CheckResult(
            "keyring",
            Status.WARN,
            f"{why}: {needs} (local models work; keys are never kept in plain text)",
            fix=fix or "check that the system keychain is available",
        )
    return CheckResult("keyring", Status.OK, f"OS keyring: {type(backend).__module__}.{type(backend).__name__}")


KEYRING_CHECK = Check("keyring", "Keyring backend", check_keyring)
