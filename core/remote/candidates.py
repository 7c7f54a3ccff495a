"""Which islands a remote request may fail over to, from the router's decision.

The chosen island comes first; then every other island the router found eligible, best score
first, leaving out this device (the local engine is not a remote island) and any island that would
need an approval the user did not give for it. The user said yes to one named island, not to a
class of them. Each island still gets its own decision about sanitizing when the dispatcher
reaches it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..islands import Island, IslandKind
from ..routing.policy import RoutingPolicy
from ..routing.router import RouteDecision

__all__ = ["failover_candidates"]


def failover_candidates(
    decision: RouteDecision,
    lookup: Callable[[str], Island | None],
    policy: RoutingPolicy,
    sensitivity: float,
) -> list[Island]:
    """Ordered candidates for :meth:`RemoteDispatcher.complete`/``stream`` (``lookup`` = ``registry.get``)."""
    chosen = decision.island
    ranked = sorted(
        (v for v in decision.verdicts if v.eligible and v.island_id != chosen.id and v.score is not None),
        key=lambda v: (round(v.score or 0.0, 12), v.island_id),
    )
    out = [chosen]
    for verdict in ranked:
        island = lookup(verdict.island_id)
        if island is None or island.kind is IslandKind.LOCAL:
            continue
        if policy.approval.required(island.tier, sensitivity):
            continue
        out.append(island)
    return out
