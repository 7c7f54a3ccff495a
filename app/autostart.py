"""Start the tray at login, per platform, as the user's own setting (no admin rights):

- Linux and other freedesktop desktops: ``$XDG_CONFIG_HOME/autostart/islandrun-tray.desktop``
  (the XDG autostart specification; GNOME, KDE, Xfce, … read it);
- macOS: a LaunchAgent, ``~/Library/LaunchAgents/org.islandrun.tray.plist`` with ``RunAtLoad``;
- Windows: the ``IslandRun`` value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.

Installers may set the same entries; the tray's *Start at login* switch only reflects and
changes them.
"""

from __future__ import annotations

import os
import plistlib
import sys
from pathlib import Path

from islandrun.core.errors import IslandRunError
from islandrun.core.files import write_atomic

__all__ = ["Autostart", "AutostartError", "tray_command"]

LABEL = "org.islandrun.tray"
_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class AutostartError(IslandRunError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"could not change starting at login: {detail}", title="Start at login")


def tray_command() -> list[str]:
    """``islandrun-tray`` from this installation (beside the interpreter), else ``-m``."""
    name = "islandrun-tray.exe" if sys.platform == "win32" else "islandrun-tray"
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-m", "islandrun.app.main"]


def _desktop_entry(command: list[str]) -> str:
    exec_line = " ".join(f'"{part}"' if " " in part else part for part in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=IslandRun\n"
        "Comment=Privacy-first LLM router: status, approvals and settings in the tray\n"
        f"Exec={exec_line}\n"
        "Icon=islandrun\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


class Autostart:
    """``enabled`` reads the platform's entry; ``set(True|False)`` writes or removes it."""

    def __init__(self, platform: str = sys.platform, home: Path | None = None) -> None:
        self.platform = platform
        self.home = home or Path.home()

    @property
    def path(self) -> Path | None:
        """The file that holds the entry (None on Windows, where it is a registry value)."""
        if self.platform == "win32":
            return None
        if self.platform == "darwin":
            return self.home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        config = os.environ.get("XDG_CONFIG_HOME") or str(self.home / ".config")
        return Path(config) / "autostart" / "islandrun-tray.desktop"

    @property
    def enabled(self) -> bool:
        if self.path is None:
            return _windows_get() is not None
        return self.path.exists()

    def set(self, on: bool, command: list[str] | None = None) -> None:
        command = command or tray_command()
        try:
            if self.path is None:
                _windows_set(command if on else None)
            elif not on:
                self.path.unlink(missing_ok=True)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if self.platform == "darwin":
                    plist = {
                        "Label": LABEL,
                        "ProgramArguments": command,
                        "RunAtLoad": True,
                        "ProcessType": "Interactive",
                    }
                    write_atomic(self.path, plistlib.dumps(plist).decode(), mode=0o644)
                else:
                    write_atomic(self.path, _desktop_entry(command), mode=0o644)
        except OSError as exc:
            raise AutostartError(str(exc)) from exc


if sys.platform == "win32":
    import contextlib
    import winreg

    def _windows_get() -> str | None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _RUN_KEY) as key:
                value, _ = winreg.QueryValueEx(key, "IslandRun")
                return str(value)
        except FileNotFoundError:
            return None

    def _windows_set(command: list[str] | None) -> None:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            if command is None:
                with contextlib.suppress(FileNotFoundError):
                    winreg.DeleteValue(key, "IslandRun")
            else:
                winreg.SetValueEx(key, "IslandRun", 0, winreg.REG_SZ, " ".join(f'"{c}"' for c in command))

else:

    def _windows_get() -> str | None:
        return None

    def _windows_set(command: list[str] | None) -> None:
        raise OSError("the registry exists only on Windows")
