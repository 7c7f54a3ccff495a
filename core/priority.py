"""A request's priority tier: shared vocabulary on the ground floor.

The router, the capacity gates and the local engine's queue all speak of tiers; none of them
should import another layer to name one (DESIGN §2 "Tiers").
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Priority"]


class Priority(StrEnum):
    """A request's priority tier (DESIGN §2 "Tiers")."""

    PRIMARY = "primary"  # always local; queues when busy
    SECONDARY = "secondary"  # local while C_local > θ_secondary, else offload
    BURSTABLE = "burstable"  # local while C_local > θ_burstable, else offload
