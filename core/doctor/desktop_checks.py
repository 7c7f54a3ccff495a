"""What the tray app needs from the desktop: a notification server (approvals arrive as
notifications with buttons) and a system tray to host the icon. Qt is never imported here: the
tray is found by its D-Bus name (StatusNotifierItem) or its X11 selection (XEmbed)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os

from .context import DoctorContext
from .dbus_probe import NoSessionBusError, SessionBus
from .result import Check, CheckResult, Status

__all__ = ["NOTIFICATIONS_CHECK", "TRAY_CHECK", "check_notifications", "check_tray", "xembed_tray_owner"]

NOTIFICATIONS = "org.freedesktop.Notifications"
SNI_WATCHER = "org.kde.StatusNotifierWatcher"
_HEADLESS_OK = "the headless daemon (`islandrun serve`) does not need it"


def _not_linux(context: DoctorContext, name: str, what: str) -> CheckResult | None:
    if context.platform.startswith("linux"):
        return None
    return CheckResult(name, Status.OK, f"{what} is part of the operating system on {context.platform}")


def check_notifications(context: DoctorContext) -> CheckResult:
    skipped = _not_linux(context, "notifications", "the notification centre")
    if skipped:
        return skipped
    try:
        with SessionBus() as bus:
            if bus.has_owner(NOTIFICATIONS):
                name, vendor, version, _spec = bus.call(
                    NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS, "GetServerInformation"
                )
                return CheckResult(
                    "notifications", Status.OK, f"{name} {version} ({vendor}) serves {NOTIFICATIONS}: approvals pop up"
                )
            if bus.activatable(NOTIFICATIONS):
                return CheckResult("notifications", Status.OK, f"{NOTIFICATIONS} starts on demand (D-Bus activation)")
    except NoSessionBusError as exc:
        return CheckResult(
            "notifications",
            Status.WARN,
            f"no desktop notifications: {exc.message}; approvals only reach the API and `islandrun approvals`",
            fix="run the tray app inside your desktop session (for a test: `dbus-run-session -- dunst &`)",
        )
    return CheckResult(
        "notifications",
        Status.WARN,
        f"no notification server owns {NOTIFICATIONS}: approval requests will not pop up ({_HEADLESS_OK})",
        fix="sudo apt install dunst   # or your desktop's notification daemon (GNOME, KDE and XFCE have one)",
    )


def xembed_tray_owner(display: str) -> bool | None:
    """True when an XEmbed tray owns ``_NET_SYSTEM_TRAY_S<screen>`` on ``display``; ``None`` if unreachable."""
    name = ctypes.util.find_library("X11")
    if name is None:
        return None
    x11 = ctypes.CDLL(name)
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    x11.XGetSelectionOwner.restype = ctypes.c_ulong
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    handle = x11.XOpenDisplay(display.encode())
    if not handle:
        return None
    try:
        screen = x11.XDefaultScreen(handle)
        atom = x11.XInternAtom(handle, f"_NET_SYSTEM_TRAY_S{screen}".encode(), 0)
        return bool(x11.XGetSelectionOwner(handle, atom))
    finally:
        x11.XCloseDisplay(handle)


def check_tray(context: DoctorContext) -> CheckResult:
    skipped = _not_linux(context, "tray", "the menu bar / notification area")
    if skipped:
        return skipped
    bus_problem = ""
    try:
        with SessionBus() as bus:
            if bus.has_owner(SNI_WATCHER):
                return CheckResult("tray", Status.OK, f"a StatusNotifierItem tray ({SNI_WATCHER}) hosts the icon")
    except NoSessionBusError as exc:
        bus_problem = f"{exc.message}; "
    display = os.environ.get("DISPLAY", "")
    if display:
        owner = xembed_tray_owner(display)
        if owner:
            return CheckResult("tray", Status.OK, f"an XEmbed system tray runs on X display {display}")
        where = f"nothing owns the XEmbed tray selection on {display}" if owner is False else f"{display} unreachable"
    else:
        where = "no X display ($DISPLAY unset)"
    return CheckResult(
        "tray",
        Status.WARN,
        f"no system tray: {bus_problem}{where}; the tray icon cannot show ({_HEADLESS_OK})",
        fix="GNOME: sudo apt install gnome-shell-extension-appindicator (then enable it); "
        "other desktops: add a system tray / status notifier panel applet",
    )


NOTIFICATIONS_CHECK = Check("notifications", "Notification server", check_notifications)
TRAY_CHECK = Check("tray", "System tray", check_tray)
