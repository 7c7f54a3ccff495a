"""The books of one request, in one place: the ledger's reservation and settlement, the audit rows
(``start``/``dispatch`` before anything leaves, ``route`` when it is done or refused) and the route
events the tray follows. The pipeline calls these; nothing else writes a request's record.
"""

from __future__ import annotations

import asyncio
from typing import Any

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

    def intent(
        self, plan: Plan, *, streamed: bool = False, begun: asyncio.Future[None] | None = None
    ) -> asyncio.Future[Any]:
        """Before anything leaves the device: a ``dispatch`` row in the audit log (fsynced) and the
        reservation marked dispatched, so a crash mid-request still leaves a record of what left and
        is settled at the estimate (:mod:`.recovery`). A local answer that is streamed gets a
        ``start`` row first: pieces reach the client before the final row is written, so a log that
        cannot be written (a full disk) must stop the request before the first piece, not after.

        Called on the event loop: the row is queued at once (so every later row of this request
        follows it in the chain) and the returned awaitable completes once the row is durable.
        Await it before the first byte leaves; the work in between (sanitising) overlaps the commit
        once ``begun`` is done (see :meth:`~islandrun.core.audit.AuditLog.append_soon`; remote only)."""
        if plan.remote_request is None:
            if not streamed:
                nothing: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
                nothing.set_result(None)
                return nothing
            return self.audit.append_soon(
                _plan_row(plan, "start", plan.island, outcome="started", detail=_app_note(plan.app).rstrip("; "))
            )
        others = [i.id for i in plan.candidates if i.id != plan.island.id]
        row = self.audit.append_soon(
            _plan_row(
                plan,
                "dispatch",
                plan.island,
                sanitized=plan.decision.sanitize,
                outcome="sent",
                detail=(_app_note(plan.app) + ("may fail over to " + ", ".join(others) if others else ""))[:500],
            ),
            begun=begun,
        )
        if plan.reservation is None:
            return row
        marked = asyncio.ensure_future(asyncio.to_thread(self.ledger.mark_dispatched, plan.reservation))
        return asyncio.ensure_future(_both(row, marked))

    async def finish(
        self,
        plan: Plan,
        done: Completion | None,
        outcome: str,
        detail: str = "",
        *,
        after: asyncio.Future[Any] | None = None,
    ) -> None:
        """Settle (off the event loop) and write the ``route`` row; a cancelled request still books.
        ``after``: the request's :meth:`intent`, waited for first whatever its outcome (its row comes
        first in the chain, and the ledger is not written twice at once).

        A remote request's row is queued without waiting for its commit: its ``dispatch`` row is
        already durable (or nothing left), so a crash before this one lands is booked at the next
        start as ``interrupted`` at the estimate (never as less than what left). A local answer's
        row is its only one, and the answer waits for it."""
        if after is not None:
            await _settled(after)
        if plan.reservation is None:
            cost = _cost(plan, done, outcome)
        else:
            cost = await asyncio.shield(asyncio.to_thread(self._settle, plan, done, outcome))
        island = plan.island if done is None else done.island
        record = _plan_row(
            plan,
            "route",
            island,
            sanitized=done is not None and done.sanitized,
            cost_usd=cost,
            outcome=outcome,
            detail=_detail(plan, island, done, detail),
        )
        if plan.remote_request is not None:
            self.audit.submit(record)
        else:
            await self.audit.append_async(record)
        self.events.publish(
            "route.finished",
            {"request_id": plan.request_id, "route_id": plan.route_id, "outcome": outcome, "cost_usd": cost},
        )

    def _settle(self, plan: Plan, done: Completion | None, outcome: str) -> float:
        assert plan.reservation is not None
        cost = _cost(plan, done, outcome)
        if done is not None and outcome == "ok":
            self.ledger.settle(
                plan.reservation,
                cost,
                input_tokens=done.prompt_tokens,
                output_tokens=done.completion_tokens,
                estimated=done.estimated,
                island_id=done.island.id,
            )
        else:
            self.ledger.release(plan.reservation, outcome)
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
        await self.audit.append_async(record)
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


async def _both(*steps: asyncio.Future[Any]) -> None:
    """Wait for every step, then raise the first failure (the ledger is never written after this returns)."""
    for outcome in await asyncio.gather(*steps, return_exceptions=True):
        if isinstance(outcome, BaseException):
            raise outcome


async def _settled(intent: asyncio.Future[Any]) -> None:
    """Wait for the intent to be done, whatever its outcome (the request's own error is the one raised)."""
    if not intent.done():
        await asyncio.wait([intent])
    if not intent.cancelled():
        intent.exception()  # retrieved: a failed intent is reported through the request's error


def _cost(plan: Plan, done: Completion | None, outcome: str) -> float:
    if done is None or outcome != "ok":
        return 0.0
    reported = done.cost_usd
    return done.island.prices.cost(done.prompt_tokens, done.completion_tokens) if reported is None else reported


def _plan_row(plan: Plan, event: str, island: Island, **fields: Any) -> AuditRecord:
    """An audit row of one planned request: who, where, how sensitive; ``fields`` say what happened."""
    return AuditRecord(
        event=event,
        request_id=plan.request_id,
        route_id=plan.route_id,
        island=island.id,
        tier=island.tier.value,
        sensitivity=plan.assessment.level.value,
        entities=plan.assessment.entity_counts,
        **fields,
    )


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
