"""The books of one request, in one place: the ledger's reservation and settlement, the audit rows
(``start``/``dispatch`` before anything leaves, ``route`` when it is done or refused) and the route
events the tray follows. The pipeline calls these; nothing else writes a request's record.
"""

from __future__ import annotations

import asyncio
from functools import partial

from ..audit import AuditLog, AuditRecord
from ..errors import IslandRunError, NoEligibleIslandError
from ..islands import Island
from ..ledger import Ledger
from ..routing.policy import Priority
from .approvals import ApprovalDeniedError
from .dispatch import Completion
from .events import EventBus
from .plan import Plan
from .ports import Assessment

__all__ = ["Books"]


class Books:
    def __init__(self, ledger: Ledger, audit: AuditLog, events: EventBus) -> None:
        self.ledger = ledger
        self.audit = audit
        self.events = events

    def intent(self, plan: Plan, *, streamed: bool = False) -> None:
        """Before anything leaves the device: a ``dispatch`` row in the audit log (fsynced) and the
        reservation marked dispatched, so a crash mid-request still leaves a record of what left and
        is settled at the estimate (:mod:`.recovery`). A local answer that is streamed gets a
        ``start`` row first: pieces reach the client before the final row is written, so a log that
        cannot be written (a full disk) must stop the request before the first piece, not after."""
        if plan.remote_request is None:
            if streamed:
                self.audit.append(
                    AuditRecord(
                        event="start",
                        request_id=plan.request_id,
                        route_id=plan.route_id,
                        island=plan.island.id,
                        tier=plan.island.tier.value,
                        sensitivity=plan.assessment.level.value,
                        entities=plan.assessment.entity_counts,
                        outcome="started",
                        detail=_app_note(plan.app).rstrip("; "),
                    )
                )
            return
        if plan.reservation is not None:
            self.ledger.mark_dispatched(plan.reservation)
        others = [i.id for i in plan.candidates if i.id != plan.island.id]
        self.audit.append(
            AuditRecord(
                event="dispatch",
                request_id=plan.request_id,
                route_id=plan.route_id,
                island=plan.island.id,
                tier=plan.island.tier.value,
                sensitivity=plan.assessment.level.value,
                entities=plan.assessment.entity_counts,
                sanitized=plan.decision.sanitize,
                outcome="sent",
                detail=(_app_note(plan.app) + ("may fail over to " + ", ".join(others) if others else ""))[:500],
            )
        )

    async def dispatch_intent(self, plan: Plan, *, streamed: bool = False) -> None:
        await asyncio.shield(asyncio.to_thread(partial(self.intent, plan, streamed=streamed)))

    async def finish(self, plan: Plan, done: Completion | None, outcome: str, detail: str = "") -> None:
        """Settle and audit off the event loop; shielded so a cancelled request still books."""
        cost = await asyncio.shield(asyncio.to_thread(self.book, plan, done, outcome, detail))
        self.events.publish(
            "route.finished",
            {"request_id": plan.request_id, "route_id": plan.route_id, "outcome": outcome, "cost_usd": cost},
        )

    def book(self, plan: Plan, done: Completion | None, outcome: str, detail: str) -> float:
        island = plan.island if done is None else done.island
        cost = 0.0
        if done is not None and outcome == "ok":
            reported = done.cost_usd
            cost = island.prices.cost(done.prompt_tokens, done.completion_tokens) if reported is None else reported
        if plan.reservation is not None:
            if done is not None and outcome == "ok":
                self.ledger.settle(
                    plan.reservation,
                    cost,
                    input_tokens=done.prompt_tokens,
                    output_tokens=done.completion_tokens,
                    estimated=done.estimated,
                    island_id=island.id,
                )
            else:
                self.ledger.release(plan.reservation, outcome)
        self.audit.append(
            AuditRecord(
                event="route",
                request_id=plan.request_id,
                route_id=plan.route_id,
                island=island.id,
                tier=island.tier.value,
                sensitivity=plan.assessment.level.value,
                entities=plan.assessment.entity_counts,
                sanitized=done is not None and done.sanitized,
                cost_usd=cost,
                outcome=outcome,
                detail=_detail(plan, island, done, detail),
            )
        )
        return cost

    async def record_failure(
        self,
        request_id: str,
        assessment: Assessment,
        priority: Priority,
        exc: IslandRunError,
        island: Island | None = None,
        *,
        app: str | None = None,
    ) -> None:
        outcome = "no-eligible-island" if isinstance(exc, NoEligibleIslandError) else "rejected"
        if isinstance(exc, ApprovalDeniedError):
            outcome = exc.outcome  # "denied" (the user said no) or "approval-timeout" (nobody answered)
        record = AuditRecord(
            event="route",
            request_id=request_id,
            island=None if island is None else island.id,
            tier=None if island is None else island.tier.value,
            sensitivity=assessment.level.value,
            entities=assessment.entity_counts,
            outcome=outcome,
            detail=(_app_note(app) + exc.message)[:500],
        )
        await asyncio.shield(asyncio.to_thread(self.audit.append, record))
        self.events.publish(
            "route.failed",
            {"request_id": request_id, "priority": priority.value, "outcome": outcome, "reason": exc.message},
        )

    @staticmethod
    def route_event(plan: Plan) -> dict[str, object]:
        return {
            "request_id": plan.request_id,
            "route_id": plan.route_id,
            "island": plan.island.id,
            "tier": plan.island.tier.value,
            "priority": plan.priority.value,
            "sensitivity": plan.assessment.level.value,
            "entities": dict(plan.assessment.entity_counts),
            "sanitized": plan.decision.sanitize,
            "estimated_cost_usd": plan.decision.estimated_cost_usd,
            "explanation": plan.decision.explain(),
            "collection": plan.collection,
            "app": plan.app,
        }


def _app_note(app: str | None) -> str:
    return f"app {app}; " if app else ""


def _detail(plan: Plan, island: Island, done: Completion | None, detail: str) -> str:
    """The audit row's detail: the error, a failover, and what was replaced (types and counts, as the response says)."""
    notes = [_app_note(plan.app).rstrip("; ")] if plan.app else []
    if detail:
        notes.append(detail)
    if island != plan.island:
        notes.append(f"served after failover from {plan.island.id}")
    if done is not None and done.entity_counts:
        notes.append("replaced " + ", ".join(f"{kind}×{n}" for kind, n in sorted(done.entity_counts.items())))
    return "; ".join(notes)[:500]
