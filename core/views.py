"""Plain JSON views of the core's objects, shared by the CLI (``--json``) and the API."""

from __future__ import annotations

from typing import Any

from .errors import NoEligibleIslandError
from .islands import Island
from .routing.router import RouteDecision

__all__ = ["decision_view", "island_view", "no_route_view"]


def island_view(island: Island) -> dict[str, Any]:
    return {
        "id": island.id,
        "name": island.name,
        "kind": island.kind.value,
        "tier": int(island.tier),
        "trust": island.trust,
        "trust_composition": "1 (personal group)" if island.personal else island.trust_spec.describe(),
        "privacy": island.privacy,
        "price_input_per_mtok": island.prices.input_per_mtok,
        "price_output_per_mtok": island.prices.output_per_mtok,
        "models": list(island.models),
        "datasets": list(island.datasets),
        "endpoint": island.endpoint,
        "source": island.source.value,
        "paired": island.paired,
    }


def decision_view(decision: RouteDecision) -> dict[str, Any]:
    return {
        "request_id": decision.request_id,
        "island": decision.island_id,
        "mode": decision.mode.value,
        "sanitize": decision.sanitize,
        "needs_approval": decision.needs_approval,
        "estimated_cost_usd": decision.estimated_cost_usd,
        "islands": [
            {
                "id": v.island_id,
                "eligible": v.eligible,
                "chosen": v.chosen,
                "stale": v.stale,
                "score": v.score,
                "components": dict(v.components),
                "excluded_by": [{"filter": e.filter, "reason": e.reason} for e in v.exclusions],
            }
            for v in decision.verdicts
        ],
        "explanation": decision.explain(),
    }


def no_route_view(error: NoEligibleIslandError) -> dict[str, Any]:
    return {
        "request_id": error.request_id,
        "island": None,
        "error": error.message,
        "islands": [{"id": island_id, "excluded_by": list(reasons)} for island_id, reasons in error.reasons.items()],
    }
