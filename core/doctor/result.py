"""What one doctor check found: a status, one line that explains it, and a command that fixes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .context import DoctorContext

__all__ = ["Check", "CheckResult", "Status"]


class Status(StrEnum):
    """``ok``: nothing to do; ``warn``: works, with a limit worth knowing; ``fail``: something needed is broken."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One finding. ``fix`` is a concrete command (or edit) when there is something to do."""

    check: str
    status: Status
    summary: str
    fix: str | None = None
    detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status.value,
            "summary": self.summary,
            "fix": self.fix,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Check:
    """A named check. ``run`` may block (D-Bus, NVML, sockets); the runner bounds it in time."""

    name: str
    title: str
    run: Callable[[DoctorContext], CheckResult]
