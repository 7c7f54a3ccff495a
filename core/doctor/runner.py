"""Run the checks one after another, each in its own worker bounded in time: a check that hangs (a
D-Bus call, NVML, an X server that does not answer) becomes a ``warn`` that says so, the next check
starts, and nothing holds up the process exit (the workers are daemon threads).

One after another, not side by side: the checks load native libraries (llama.cpp, D-Bus bindings,
the keyring's plugins, Qt), and all ten started at once aborted the process with a corrupted heap in
about 1 run of 10 ("double free or corruption", "free(): invalid pointer"; any subset of them run
side by side did not, in 40 runs each). One at a time: 0 in 80 runs."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from .context import DoctorContext
from .result import Check, CheckResult, Status

__all__ = ["DEFAULT_TIMEOUT_S", "run_checks", "worst"]

DEFAULT_TIMEOUT_S = 5.0


def _guarded(check: Check, context: DoctorContext) -> CheckResult:
    try:
        return check.run(context)
    except Exception as exc:  # a bug in a check must not hide the other findings
        return CheckResult(
            check.name,
            Status.WARN,
            f"the check itself failed ({type(exc).__name__}: {exc})",
            fix="report this with the output of `islandrun doctor --json`",
        )


def run_checks(
    checks: Sequence[Check], context: DoctorContext, timeout_s: float = DEFAULT_TIMEOUT_S
) -> list[CheckResult]:
    """Every check's result, in the order given; each check may take ``timeout_s`` seconds."""
    results: list[CheckResult | None] = [None] * len(checks)
    for index, check in enumerate(checks):

        def work(index: int = index, check: Check = check) -> None:
            results[index] = _guarded(check, context)

        thread = threading.Thread(target=work, name=f"doctor-{check.name}", daemon=True)
        thread.start()
        thread.join(timeout_s)
    out: list[CheckResult] = []
    for check, result in zip(checks, results, strict=True):
        if result is None:
            result = CheckResult(
                check.name,
                Status.WARN,
                f"no answer within {timeout_s:g} s (something it asks is hanging)",
                fix=f"run `islandrun doctor --only {check.name} --timeout 30` to wait longer",
            )
        out.append(result)
    return out


def worst(results: Sequence[CheckResult]) -> Status:
    statuses = {result.status for result in results}
    for status in (Status.FAIL, Status.WARN):
        if status in statuses:
            return status
    return Status.OK
