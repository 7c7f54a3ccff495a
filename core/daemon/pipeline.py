"""The request pipeline: detect → route → (approval) → reserve → dispatch → settle → audit.

One :class:`Pipeline` serves every chat completion. :meth:`Pipeline.plan` does everything up to
the dispatch and returns a :class:`Plan` (the route, the reservation); the API layer then runs the
plan streamed or not through :meth:`Pipeline.complete` / :meth:`Pipeline.stream`, which settle the
cost and append the audit record whatever happens (success, error, the client going away).

Fail closed at every step: detection that fails counts as restricted; no eligible island is an
error naming why for each island; an island IslandRun cannot dispatch to is an error, never a
quieter route.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncGenerator
from dataclasses import dataclass, replace
from functools import partial

from ..audit import AuditLog, AuditRecord
from ..capacity.hysteresis import CapacityGates
from ..config import Config
from ..engines.local import LocalEngine
from ..engines.types import ChatMessage, ChatRequest, Role
from ..errors import IslandRunError, NoEligibleIslandError
from ..islands import Island, IslandKind, IslandRegistry
from ..ledger import Ledger, Reservation
from ..privacy.errors import RequestTooLargeError
from ..privacy.payload import ChatPayload, UnsupportedFieldError, opaque_parts, payload_texts
from ..remote.candidates import failover_candidates
from ..remote.cost import estimate_prompt_tokens
from ..remote.dispatcher import RemoteDispatcher
from ..remote.types import RemoteRequest
from ..routing.policy import ApprovalAnswer, Priority, RoutingPolicy
from ..routing.request import RouteRequest
from ..routing.router import RouteDecision, route
from ..sensitivity import SensitivityLevel, effective_sensitivity
from ..wiring import build_snapshot
from .approvals import Answer, Approvals
from .collections_port import Grounding, LocalCollections
from .dispatch import Completion, Piece, run_complete, run_stream
from .events import EventBus
from .openai_models import ChatCompletionRequest, IslandRunOptions, content_text
from .ports import Assessment, CapacityPort, PeersPort, PrivacyPort

__all__ = ["ApprovalDeniedError", "NotDispatchableError", "Pipeline", "Plan"]

log = logging.getLogger(__name__)

_ROLE_MAP: dict[str, Role] = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


class ApprovalDeniedError(IslandRunError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"the offload was not approved ({reason}); nothing left this device", title="Not approved")


class NotDispatchableError(IslandRunError):
    def __init__(self, island: Island) -> None:
        super().__init__(
            f"island {island.id!r} ({island.kind.value}) was chosen, but this build cannot send requests to "
            f"{island.kind.value} islands yet; nothing left this device",
            title="Island not reachable",
        )


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


class Pipeline:
    def __init__(
        self,
        *,
        config: Config,
        policy: RoutingPolicy,
        registry: IslandRegistry,
        gates: CapacityGates,
        capacity: CapacityPort,
        privacy: PrivacyPort,
        ledger: Ledger,
        audit: AuditLog,
        events: EventBus,
        approvals: Approvals,
        engine: LocalEngine,
        remote: RemoteDispatcher | None = None,
        collections: LocalCollections | None = None,
    ) -> None:
        self.config = config
        self.policy = policy
        self.registry = registry
        self.gates = gates
        self.capacity = capacity
        self.privacy = privacy
        self.ledger = ledger
        self.audit = audit
        self.events = events
        self.approvals = approvals
        self.engine = engine
        self.remote = remote
        self.collections = collections or LocalCollections(None, "not set up")
        self.local_models: tuple[str, ...] = ()
        self.peers: PeersPort | None = None  # set by the wiring when the personal group is on

    def configured_islands(self, config: Config) -> list[Island]:
        """The config's islands, with this device serving every model its engine knows and holding
        every collection of its store too."""
        islands = config.all_islands()
        local = islands[0]
        models = tuple(dict.fromkeys((*local.models, *self.local_models)))
        datasets = tuple(dict.fromkeys((*local.datasets, *self.collections.names())))
        return [replace(local, models=models, datasets=datasets), *islands[1:]]

    async def refresh_local_models(self) -> None:
        self.local_models = tuple(entry.name for entry in await self.engine.list_models())
        self.registry.set_configured(self.configured_islands(self.config))

    async def refresh_collections(self) -> None:
        """Re-read this device's collections; the local island's datasets follow them."""
        if await self.collections.refresh():
            self.registry.set_configured(self.configured_islands(self.config))

    # -- planning ------------------------------------------------------------------------

    def screenable(self, payload: ChatPayload) -> None:
        """Refuse, before any detection, what MIST cannot screen: fields it cannot read (400) and
        more text than ``[privacy] max_request_chars`` (413)."""
        texts = payload_texts(payload)  # raises UnsupportedFieldError naming the field
        limit = self.config.privacy.max_request_chars
        total = sum(len(t) for t in texts)
        if total > limit:
            raise RequestTooLargeError(total, limit)

    async def assess(self, payload: ChatPayload, floor: float | None) -> Assessment:
        try:
            found = await self.privacy.assess_payload(payload)
        except Exception as exc:  # fail closed: a detector failure is "restricted", never public
            log.warning("sensitivity detection failed, treating the request as restricted: %s", exc)
            found = Assessment(SensitivityLevel.RESTRICTED, 1.0, {}, (f"detection failed: {exc}",))
        score = effective_sensitivity(found.score, floor)
        if score == found.score:
            return found
        level = SensitivityLevel.from_score(score)
        return Assessment(level, score, found.entity_counts, (*found.reasons, "floor set by the client"))

    def decide(self, request: RouteRequest, *, policy: RoutingPolicy | None = None) -> RouteDecision:
        report = self.capacity.report()
        capacities = dict(report.capacities)
        down: frozenset[str] = frozenset()
        if self.peers is not None:
            capacities.update(self.peers.capacities())
            down = self.peers.down_ids()
        snapshot = build_snapshot(
            self.registry,
            self.gates,
            capacities,
            self.ledger,
            down=down,
            capacity_notes=report.notes,
        )
        return route(request, snapshot, policy or self.policy)

    async def plan(
        self,
        body: ChatCompletionRequest,
        options: IslandRunOptions,
        *,
        from_peer: str | None = None,
        app: str | None = None,
    ) -> Plan:
        """``from_peer``: the device id of a paired device that sent this request over the peer
        listener; it runs on this device only (never forwarded again), under this device's policy."""
        request_id = secrets.token_hex(8)
        messages = [m.model_dump(exclude_none=True) for m in body.messages]
        payload = ChatPayload(tuple(messages), tuple(body.tools or ()), body.stop_list())
        self.screenable(payload)
        floor = options.sensitivity.score if isinstance(options.sensitivity, SensitivityLevel) else options.sensitivity
        assessment = await self.assess(payload, floor)
        priority = options.tier or Priority.SECONDARY
        model = None if body.model in ("", "default", "islandrun") else body.model
        collection = options.collection
        if collection is not None and collection not in self.collections.names():
            await self.refresh_collections()  # one just added with the CLI counts at once
        route_request = RouteRequest(
            request_id=request_id,
            sensitivity=assessment.score,
            priority=priority,
            model=model,
            dataset=collection,
            max_latency_ms=options.max_latency_ms,
            max_cost_usd=options.max_cost_usd,
            # Sizes the reservation only (the same rule as remote cost estimates): an upper bound
            # matters more than precision, and engines report the real count afterwards.
            input_tokens=estimate_prompt_tokens(messages),
            output_tokens=body.token_limit(),
            conversation_id=options.conversation_id,
        )
        policy = None if from_peer is None else replace(self.policy, local_only=True)
        try:
            decision = self.decide(route_request, policy=policy)
            if decision.needs_approval:
                decision = await self._approve(route_request, decision, assessment, app)
        except IslandRunError as exc:
            await self._record_failure(request_id, assessment, priority, exc, app=app)
            raise
        reservation = None
        if decision.estimated_cost_usd > 0:
            try:
                reservation = await asyncio.to_thread(
                    self.ledger.reserve, request_id, decision.island.id, decision.estimated_cost_usd
                )
            except IslandRunError as exc:
                await self._record_failure(request_id, assessment, priority, exc, decision.island, app=app)
                raise
        plan = Plan(
            request_id,
            secrets.token_hex(8),
            decision,
            assessment,
            priority,
            reservation,
            collection=collection,
            app=app,
        )
        if decision.island.kind is IslandKind.LOCAL:
            grounding = None
            if collection is not None:
                try:  # this device holds the collection: retrieve here, generate here
                    grounding = await self.collections.ground(collection, _question(body), options.max_passages)
                except IslandRunError as exc:  # local islands cost nothing: no reservation to release
                    await self._record_failure(request_id, assessment, priority, exc, decision.island, app=app)
                    raise
            try:
                engine_request = _engine_request(body, model, priority, request_id, grounding, app or "")
            except IslandRunError as exc:
                await self._record_failure(request_id, assessment, priority, exc, decision.island, app=app)
                raise
            plan = replace(plan, engine_request=engine_request, grounding=grounding)
        else:
            plan = replace(
                plan,
                remote_request=RemoteRequest(
                    messages=tuple(messages),
                    model=model,
                    max_tokens=body.token_limit(),
                    temperature=body.temperature,
                    top_p=body.top_p,
                    seed=body.seed,
                    stop=body.stop_list(),
                    tools=tuple(body.tools or ()),
                    conversation_id=options.conversation_id,
                    source_trust=self.policy.source_trust,
                    request_id=request_id,
                    send_unsanitizable=self.config.privacy.send_unsanitizable,
                    # An IslandRun peer that holds the collection retrieves from it itself.
                    islandrun={}
                    if collection is None
                    else {"collection": collection, "max_passages": options.max_passages},
                ),
                candidates=tuple(
                    failover_candidates(
                        decision,
                        self.registry.get,
                        self.policy,
                        route_request,
                        {b.scope for b in self.ledger.budgets()},
                    )
                ),
            )
            if self.remote is None:
                await self._finish(plan, None, "error", NotDispatchableError(decision.island).message)
                raise NotDispatchableError(decision.island)
        self.events.publish("route", self._route_event(plan))
        return plan

    async def _approve(
        self, request: RouteRequest, decision: RouteDecision, assessment: Assessment, app: str | None
    ) -> RouteDecision:
        summary = {
            "app": app,
            "island": decision.island.id,
            "island_name": decision.island.name,
            "tier": decision.island.tier.value,
            "sensitivity": assessment.level.value,
            "entities": dict(assessment.entity_counts),
            "sanitized": decision.sanitize,
            "estimated_cost_usd": decision.estimated_cost_usd,
        }
        answer = await self.approvals.ask(request.request_id, summary, self.policy.approval.timeout_s)
        if answer is Answer.SEND:
            return decision
        if answer is Answer.DENY:
            raise ApprovalDeniedError("denied or no answer in time")
        # Keep local: route again without the islands that need a yes.
        return self.decide(replace(request, approval=ApprovalAnswer.DENIED))

    # -- running -------------------------------------------------------------------------

    def _intent(self, plan: Plan, *, streamed: bool = False) -> None:
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
        await asyncio.shield(asyncio.to_thread(partial(self._intent, plan, streamed=streamed)))

    async def complete(self, plan: Plan) -> Completion:
        try:
            await self.dispatch_intent(plan)
            result = await run_complete(
                plan.island, self.engine, plan.engine_request, self.remote, plan.candidates, plan.remote_request
            )
        except BaseException as exc:
            await self._finish(
                plan, None, "cancelled" if isinstance(exc, asyncio.CancelledError) else "error", str(exc)
            )
            raise
        result = _with_sources(plan, result)
        await self._finish(plan, result, "ok")
        return result

    async def stream(self, plan: Plan) -> AsyncGenerator[Piece, None]:
        totals: Completion | None = None
        outcome, detail = "ok", ""
        try:
            await self.dispatch_intent(plan, streamed=True)
            async for piece in run_stream(
                plan.island, self.engine, plan.engine_request, self.remote, plan.candidates, plan.remote_request
            ):
                if piece.completion is not None:
                    totals = _with_sources(plan, piece.completion)
                    piece = replace(piece, completion=totals)
                yield piece
        except BaseException as exc:  # GeneratorExit / CancelledError: the client went away
            outcome = "error" if isinstance(exc, Exception) else "cancelled"
            detail = str(exc)
            raise
        finally:
            await self._finish(plan, totals, outcome, detail)

    # -- bookkeeping ---------------------------------------------------------------------

    async def _finish(self, plan: Plan, done: Completion | None, outcome: str, detail: str = "") -> None:
        """Settle and audit off the event loop; shielded so a cancelled request still books."""
        cost = await asyncio.shield(asyncio.to_thread(self._book, plan, done, outcome, detail))
        self.events.publish(
            "route.finished",
            {"request_id": plan.request_id, "route_id": plan.route_id, "outcome": outcome, "cost_usd": cost},
        )

    def _book(self, plan: Plan, done: Completion | None, outcome: str, detail: str) -> float:
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

    async def _record_failure(
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
            outcome = "denied"
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
    def _route_event(plan: Plan) -> dict[str, object]:
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


def _question(body: ChatCompletionRequest) -> str:
    """What a collection is searched for: the last user message."""
    users = [m for m in body.messages if m.role == "user"]
    return content_text(users[-1]) if users else ""


def _with_sources(plan: Plan, done: Completion) -> Completion:
    """A local answer from a collection lists the passages it was given."""
    return done if plan.grounding is None else replace(done, sources=plan.grounding.sources)


def _engine_request(
    body: ChatCompletionRequest,
    model: str | None,
    priority: Priority,
    request_id: str,
    grounding: Grounding | None,
    app: str,
) -> ChatRequest:
    unread = opaque_parts([m.model_dump(exclude_none=True) for m in body.messages])
    if unread:  # never dropped in silence
        raise UnsupportedFieldError(unread[0], "the local engine reads text only; this content part cannot be used")
    messages = [ChatMessage(_ROLE_MAP.get(m.role, "user"), content_text(m)) for m in body.messages if m.role != "tool"]
    if grounding is not None:
        # One system message: many chat templates accept only one, and only first.
        if messages and messages[0].role == "system":
            messages[0] = ChatMessage("system", f"{grounding.system}\n\n{messages[0].content}")
        else:
            messages.insert(0, ChatMessage("system", grounding.system))
    return ChatRequest(
        messages=tuple(messages),
        model=model,
        max_tokens=body.token_limit(),
        temperature=0.8 if body.temperature is None else body.temperature,
        top_p=0.95 if body.top_p is None else body.top_p,
        seed=body.seed,
        stop=body.stop_list(),
        priority=priority,
        request_id=request_id,
        app=app,
    )
