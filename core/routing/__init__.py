"""WAVES: the router (paper: *WAVES*). A pure function from (request, snapshot, policy) to a
decision with its explanation; side effects (dispatch, ledger, audit) live elsewhere."""

from .objectives import Objective, objective_names, register_objective
from .policy import ApprovalAnswer, ApprovalRules, Priority, RoutingMode, RoutingPolicy
from .request import RouteRequest
from .router import Exclusion, IslandVerdict, RouteDecision, route
from .snapshot import IslandState, Snapshot

__all__ = [
    "ApprovalAnswer",
    "ApprovalRules",
    "Exclusion",
    "IslandState",
    "IslandVerdict",
    "Objective",
    "Priority",
    "RouteDecision",
    "RouteRequest",
    "RoutingMode",
    "RoutingPolicy",
    "Snapshot",
    "objective_names",
    "register_objective",
    "route",
]
