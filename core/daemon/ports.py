"""What the pipeline needs from detection (MIST) and capacity (TIDE), as small protocols.

The daemon's wiring (:mod:`.services`) adapts the real subsystems to these; tests may hand in
their own. Keeping the pipeline on protocols keeps it free of their internals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..discovery.heartbeat import CollectionSummary
from ..privacy.payload import ChatPayload
from ..sensitivity import SensitivityLevel

__all__ = ["Assessment", "CapacityPort", "CapacityReport", "PeersPort", "PrivacyPort"]


@dataclass(frozen=True, slots=True)
class Assessment:
    """What detection found in a request: its level, the score the router uses, and the entity
    types with counts (never the values — this is what the audit log and events see)."""

    level: SensitivityLevel
    score: float
    entity_counts: Mapping[str, int] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()


class PrivacyPort(Protocol):
    async def assess_payload(self, payload: ChatPayload) -> Assessment:
        """Every field of the request that travels: messages, names, tool calls and definitions, stop."""
        ...

    async def scan(self, text: str) -> dict[str, Any]:
        """A preview for the user: what was found, the level, and the text as it would leave."""
        ...


@dataclass(frozen=True, slots=True)
class CapacityReport:
    capacities: Mapping[str, float]
    notes: Mapping[str, str] = field(default_factory=dict)


class CapacityPort(Protocol):
    def report(self) -> CapacityReport: ...

    def status(self) -> dict[str, Any]:
        """Capacity now: C, the probes, the thresholds and the gates' state."""
        ...

    def history(self, since: float | None) -> list[dict[str, Any]]: ...


class PeersPort(Protocol):
    """The personal group's state for routing (LIGHTHOUSE's :class:`PeerService`)."""

    def capacities(self) -> dict[str, float]:
        """C of each live peer island, from its last heartbeat."""
        ...

    def collections(self) -> dict[str, tuple[CollectionSummary, ...]]:
        """Each paired peer's advertised collections (names and sizes), by island id."""
        ...

    def down_ids(self) -> frozenset[str]:
        """Peer islands that are not live (no heartbeat in the window, said goodbye, not yet seen)."""
        ...
