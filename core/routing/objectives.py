"""Scoring objectives for the weighted mode, registered in one place.

``S_i = Σ_k w_k · sign_k · v̂_k(i)`` over the registered objectives, lowest wins. With the
built-in three this is DESIGN's ``w_c·ĉ_i + w_l·L̂_i − w_t·T_i`` (cost and latency min-max
normalised over the candidates, trust used as is). Adding an objective (carbon intensity, say)
is one :func:`register_objective` call; the router never changes, and the policy's weights
name it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .request import RouteRequest
from .snapshot import IslandState

__all__ = ["OBJECTIVES", "Objective", "estimated_cost", "objective_names", "register_objective"]


@dataclass(frozen=True, slots=True)
class Objective:
    name: str
    value: Callable[[IslandState, RouteRequest], float]
    higher_is_better: bool = False
    normalize: bool = True  # min-max over the candidates; False: use the raw value (∈ [0, 1])
    description: str = ""


OBJECTIVES: dict[str, Objective] = {}


def register_objective(objective: Objective) -> Objective:
    if objective.name in OBJECTIVES:
        raise ValueError(f"objective {objective.name!r} is registered already")
    OBJECTIVES[objective.name] = objective
    return objective


def objective_names() -> list[str]:
    return sorted(OBJECTIVES)


def estimated_cost(state: IslandState, request: RouteRequest) -> float:
    """Upper-bound cost of the request on this island (prompt tokens + max_tokens)."""
    return state.island.prices.cost(request.input_tokens, request.output_tokens)


register_objective(Objective("cost", estimated_cost, description="estimated USD for this request"))
register_objective(
    Objective("latency", lambda state, _request: state.effective_latency_ms, description="latency EWMA (ms)")
)
register_objective(
    Objective(
        "trust",
        lambda state, _request: state.island.trust,
        higher_is_better=True,
        normalize=False,
        description="composed trust T_i",
    )
)
