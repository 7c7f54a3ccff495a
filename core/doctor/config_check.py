"""Is the config file valid? Loaded with the same loader the daemon uses; its error is shown as is."""

from __future__ import annotations

from .context import DoctorContext
from .result import Check, CheckResult, Status

__all__ = ["CONFIG_CHECK", "check_config"]


def check_config(context: DoctorContext) -> CheckResult:
    path = context.config_path
    error = context.config_error
    if error is not None:
        first = error.problems[0] if error.problems else ("(file)", error.message)
        more = f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
        return CheckResult(
            "config",
            Status.FAIL,
            f"{path} is invalid: {first[0]}: {first[1]}{more}",
            fix=f"edit {path} (or move it away to run on defaults); `islandrun config check` lists every problem",
            detail=error.message,
        )
    if not path.exists():
        return CheckResult(
            "config", Status.OK, f"no config file at {path}: built-in defaults (this computer is the only island)"
        )
    islands = len(context.config.all_islands())
    return CheckResult("config", Status.OK, f"{path} is valid: {islands} island(s)")


CONFIG_CHECK = Check("config", "Configuration", check_config)
