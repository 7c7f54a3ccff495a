"""The thresholds the capacity gates apply: shared vocabulary on the ground floor.

The user's routing policy (:class:`islandrun.core.routing.policy.RoutingPolicy`) *is* a gate
policy with more in it; the capacity layer needs only these four numbers and so never imports
the router (DESIGN §2 "Tiers", "Hysteresis").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["BUFFER_PRESETS", "GatePolicy"]

# How much capacity a remote island that reports it must keep free to accept work.
BUFFER_PRESETS: Mapping[str, float] = MappingProxyType({"conservative": 0.30, "moderate": 0.20, "aggressive": 0.10})


@dataclass(frozen=True, slots=True)
class GatePolicy:
    secondary_threshold: float = 0.5  # θ: secondary work offloads below this C
    burstable_threshold: float = 0.7  # θ: burstable work offloads below this C
    buffer: float = BUFFER_PRESETS["moderate"]  # a reporting remote island accepts work above this C
    hysteresis_margin: float = 0.10  # a closed gate reopens only above θ + margin
