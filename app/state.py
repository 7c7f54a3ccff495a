"""What the tray icon shows, as a pure function of what the event feed said (no Qt).

Six states, in the order one wins over another: *starting* (this tray is starting or restarting
the daemon), *error* (the daemon is unreachable), *approval*
(a request waits for a human yes), *local only* (offloading paused by the user), *offloading*
(work is running on another island right now), *local* (serving on this device).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .events import DaemonEvent

__all__ = ["TrayState", "TrayStatus", "describe_unreachable"]

_NOT_RUNNING = ("[Errno 2]", "[Errno 111]", "No such file or directory", "Connection refused", "not running")


def describe_unreachable(reason: str) -> str:
    """A connection failure as a user reads it: a missing socket or a refused connection means the
    daemon is not running; anything else keeps the detail (it helps a bug report)."""
    if not reason:
        return ""
    if any(mark in reason for mark in _NOT_RUNNING):
        return "the IslandRun daemon is not running (Start it from this menu)"
    if "closed the event stream" in reason:
        return "the IslandRun daemon stopped"
    return reason


class TrayState(enum.StrEnum):
    STARTING = "starting"
    LOCAL = "local"
    OFFLOADING = "offloading"
    APPROVAL = "approval"
    LOCAL_ONLY = "local-only"
    ERROR = "error"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    TrayState.STARTING: "Starting…",
    TrayState.LOCAL: "Serving locally",
    TrayState.OFFLOADING: "Offloading",
    TrayState.APPROVAL: "Waiting for your approval",
    TrayState.LOCAL_ONLY: "Local only (offloading paused)",
    TrayState.ERROR: "Daemon unreachable",
}


@dataclass(slots=True)
class TrayStatus:
    """Folds events into the few facts the icon and menu need."""

    connected: bool = False
    error: str = "connecting to the daemon"
    local_only: bool = False
    capacity: float | None = None
    accepting: tuple[str, ...] = ()
    starting: bool = False  # this tray is starting (or restarting) the daemon now
    island: str | None = None  # where the newest route seen went (None: none since the tray started)
    pending: dict[str, dict[str, object]] = field(default_factory=dict)  # approval id → summary
    offloaded: set[str] = field(default_factory=set)  # request ids running elsewhere now

    @property
    def state(self) -> TrayState:
        if self.starting:
            return TrayState.STARTING
        if not self.connected:
            return TrayState.ERROR
        if self.pending:
            return TrayState.APPROVAL
        if self.local_only:
            return TrayState.LOCAL_ONLY
        if self.offloaded:
            return TrayState.OFFLOADING
        return TrayState.LOCAL

    @property
    def problem(self) -> str:
        """Why the daemon cannot be reached, in a user's words (never an errno)."""
        return describe_unreachable(self.error)

    @property
    def last_request(self) -> str:
        return "Last request: none yet" if self.island is None else f"Last request ran on: {self.island}"

    def connection(self, connected: bool, reason: str) -> None:
        self.connected = connected
        self.error = "" if connected else reason
        if not connected:
            # Whatever was pending or in flight is the daemon's to resolve; we learn afresh on reconnect.
            self.pending.clear()
            self.offloaded.clear()

    def apply(self, event: DaemonEvent) -> None:
        data = event.data
        if event.type == "approval.requested":
            self.pending[str(data["id"])] = dict(data)
        elif event.type == "approval.decided":
            self.pending.pop(str(data.get("id")), None)
        elif event.type == "route":
            self.island = str(data.get("island") or "local")
            if self.island != "local":
                self.offloaded.add(str(data.get("request_id")))
        elif event.type in ("route.finished", "route.failed"):
            self.offloaded.discard(str(data.get("request_id")))
        elif event.type.startswith("capacity.") and "capacity" in data:
            self.capacity = float(data["capacity"])
            self.accepting = tuple(str(t) for t in data.get("accepting", ()))
