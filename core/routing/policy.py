"""The user's routing policy as the router sees it: tiers, thresholds, weights, approval rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from ..gate_policy import BUFFER_PRESETS, GatePolicy  # re-exported
from ..islands import IslandTier
from ..priority import Priority  # re-exported: the router's vocabulary

__all__ = [
    "BUFFER_PRESETS",
    "ApprovalAnswer",
    "ApprovalRules",
    "Priority",
    "RoutingMode",
    "RoutingPolicy",
]


class RoutingMode(StrEnum):
    WEIGHTED = "weighted"  # lowest S_i = w_c·ĉ + w_l·L̂ − w_t·T wins
    CONSTRAINT = "constraint"  # lowest latency among the eligible islands wins


class ApprovalAnswer(StrEnum):
    NOT_ASKED = "not-asked"  # the decision says whether a human yes is needed
    GRANTED = "granted"  # the user said "Send sanitized"
    DENIED = "denied"  # the user said "Keep local" (or nothing): islands needing approval are out


@dataclass(frozen=True, slots=True)
class ApprovalRules:
    """Which offloads need a human yes.

    An offload to island *i* needs approval when ``i.tier >= min_tier`` and the request's
    sensitivity is strictly above ``above_sensitivity``. ``min_tier=None`` turns approval off.
    Default: anything above *public* that would go to a cloud island.
    """

    min_tier: IslandTier | None = IslandTier.CLOUD
    above_sensitivity: float = 0.1
    timeout_s: float = 60.0

    def required(self, tier: IslandTier, sensitivity: float) -> bool:
        return self.min_tier is not None and tier >= self.min_tier and sensitivity > self.above_sensitivity + 1e-9


def _default_weights() -> Mapping[str, float]:
    return MappingProxyType({"cost": 1.0, "latency": 1.0, "trust": 1.0})


@dataclass(frozen=True, slots=True)
class RoutingPolicy(GatePolicy):
    """The gate thresholds (:class:`GatePolicy`: θ secondary/burstable, buffer, margin) and the rest."""

    mode: RoutingMode = RoutingMode.WEIGHTED
    weights: Mapping[str, float] = field(default_factory=_default_weights)
    approval: ApprovalRules = field(default_factory=ApprovalRules)
    source_trust: float = 1.0  # trust of the device the request comes from (this one)
    local_only: bool = False  # the user paused offloading: nothing leaves this device
