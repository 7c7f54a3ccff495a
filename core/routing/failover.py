"""Which islands a remote request may fail over to, from the router's decision.

The chosen island comes first; then every other island the router found eligible, best score
first, leaving out this device (the local engine is not a remote island), any island that would
need an approval the user did not give for it (the user said yes to one named island, not to a
class of them), and any island the budget reservation does not cover: one whose estimated cost is
higher than the chosen island's (what was reserved), or that has a budget of its own (the
reservation was checked against the chosen island's). Each island still gets its own decision
about sanitizing when the dispatcher reaches it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from ..islands import Island, IslandKind
from .policy import RoutingPolicy
from .request import RouteRequest
from .router import RouteDecision

__all__ = ["failover_candidates"]


def failover_candidates(
    decision: RouteDecision,
    lookup: Callable[[str], Island | None],
    policy: RoutingPolicy,
    request: RouteRequest,
    budget_scopes: Collection[str] = (),
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
        if policy.approval.required(island.tier, request.sensitivity) or island.id in budget_scopes:
            continue
        if island.prices.cost(request.input_tokens, request.output_tokens) > decision.estimated_cost_usd + 1e-12:
            continue
        out.append(island)
    return out
