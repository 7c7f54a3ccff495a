"""``islandrun doctor``: check this machine's setup and say how to fix what is missing.

One check per concern, each returning ``ok`` / ``warn`` / ``fail``, one line of explanation and a
concrete fix: the engine build (CPU/CUDA/Metal), a visible GPU, the OS keyring, the notification
server and the system tray (for the tray app), the default model, the privacy model classifier, the
daemon's port and socket (a running IslandRun daemon is "ok, running"), and the config file. Checks run
side by side, each bounded in time (:func:`run_checks`); nothing here imports Qt or starts anything.
"""

from __future__ import annotations

from .config_check import CONFIG_CHECK
from .context import DoctorContext
from .desktop_checks import NOTIFICATIONS_CHECK, TRAY_CHECK
from .engine_checks import ENGINE_CHECK, GPU_CHECK, MODEL_CHECK
from .keyring_check import KEYRING_CHECK
from .listener_checks import PORT_CHECK, SOCKET_CHECK
from .privacy_checks import CLASSIFIER_CHECK
from .result import Check, CheckResult, Status
from .runner import DEFAULT_TIMEOUT_S, run_checks, worst

__all__ = [
    "ALL_CHECKS",
    "DEFAULT_TIMEOUT_S",
    "Check",
    "CheckResult",
    "DoctorContext",
    "Status",
    "run_checks",
    "worst",
]

ALL_CHECKS: tuple[Check, ...] = (
    CONFIG_CHECK,
    ENGINE_CHECK,
    GPU_CHECK,
    MODEL_CHECK,
    CLASSIFIER_CHECK,
    PORT_CHECK,
    SOCKET_CHECK,
    KEYRING_CHECK,
    NOTIFICATIONS_CHECK,
    TRAY_CHECK,
)
