"""The API's views turned back into config tables (what the ``PUT`` endpoints take); no Qt."""

from __future__ import annotations

from typing import Any

from islandrun.core.routing.policy import BUFFER_PRESETS
from islandrun.core.sensitivity import SensitivityLevel

__all__ = ["policy_table"]


def _preset(buffer: float) -> str:
    return min(BUFFER_PRESETS, key=lambda name: abs(BUFFER_PRESETS[name] - buffer))


def _level(score: float) -> str:
    return SensitivityLevel.from_score(score).value


def policy_table(policy: dict[str, Any]) -> dict[str, Any]:
    """``GET /api/policy``'s answer as a ``[policy]`` table (what ``PUT`` takes).

    The daemon sends the table as saved in ``config``; rebuilding it from the effective values
    is for a daemon that does not (it would lose nothing the GUI shows)."""
    if isinstance(policy.get("config"), dict):
        return dict(policy["config"])
    approval = policy["approval"]
    thresholds = policy["thresholds"]
    table: dict[str, Any] = {
        "mode": policy["mode"],
        "buffer": _preset(float(thresholds["buffer"])),
        "weights": dict(policy["weights"]),
        "thresholds": {
            "secondary": thresholds["secondary"],
            "burstable": thresholds["burstable"],
            "hysteresis_margin": thresholds["hysteresis_margin"],
        },
        "approval": {
            "enabled": approval["min_tier"] is not None,
            "min_tier": approval["min_tier"] or 3,
            "above": _level(float(approval["above_sensitivity"])),
            "timeout_s": approval["timeout_s"],
        },
    }
    if "local_only" in policy:
        table["local_only"] = bool(policy["local_only"])
    return table
