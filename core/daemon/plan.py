"""A planned request: where it runs, what it carries there, and what the books hold for it.

:meth:`~.pipeline.Pipeline.plan` builds one per request; the dispatch, the books
(:mod:`.books`) and every front end's ``islandrun`` record read the same one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engines.types import ChatRequest
from ..islands import Island
from ..ledger import Reservation
from ..remote.types import RemoteRequest
from ..routing.policy import Priority
from ..routing.router import RouteDecision
from .collections_port import Grounding
from .ports import Assessment

__all__ = ["Plan"]


@dataclass(frozen=True, slots=True)
class Plan:
    request_id: str
    route_id: str
    decision: RouteDecision
    assessment: Assessment
    priority: Priority
    reservation: Reservation | None
    engine_request: ChatRequest | None = None  # this device
    remote_request: RemoteRequest | None = None  # another island ...
    candidates: tuple[Island, ...] = ()  # ... and where it may fail over to, best first
    collection: str | None = None  # the collection the answer comes from (retrieved where it lives)
    grounding: Grounding | None = None  # retrieved on this device (the island that holds it)
    app: str | None = None  # the app the request came from (its token; None: this user's own socket)

    @property
    def island(self) -> Island:
        return self.decision.island
