"""The tray icons in ``resources/`` (drawn by ``resources/make_icons.py``), one per state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from .state import TrayState

__all__ = ["app_icon", "resources_dir", "state_icon"]

_SIZES = (22, 32, 64)


def resources_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"


def state_icon(state: TrayState) -> QIcon:
    icon = QIcon()
    for size in _SIZES:
        icon.addFile(str(resources_dir() / f"tray-{state.value}-{size}.png"))
    return icon


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "islandrun.png"))
