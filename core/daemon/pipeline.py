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
from dataclasses import replace

from ..audit import AuditLog
from ..capacity.hysteresis import CapacityGates
from ..config import Config
from ..engines.local import LocalEngine
from ..errors import IslandRunError, NoEligibleIslandError, UnknownModelError
from ..islands import Island, IslandKind, IslandRegistry
from ..ledger import Ledger
from ..privacy.errors import RequestTooLargeError
from ..privacy.payload import ChatPayload, payload_texts
from ..remote.cost import estimate_prompt_tokens
from ..remote.dispatcher import RemoteDispatcher, apis_from_config
from ..remote.types import RemoteRequest
from ..routing.failover import failover_candidates
from ..routing.policy import ApprovalAnswer, Priority, RoutingPolicy
from ..routing.request import RouteRequest
from ..routing.router import RouteDecision, route
from ..routing.snapshot_builder import build_snapshot
from ..sensitivity import SensitivityLevel, effective_sensitivity
from . import engine_job
from .approval_preview import one_off_key, preview_summary
from .approvals import Answer, ApprovalDeniedError, Approvals, ApprovalTimeoutError
from .books import Books
from .collections_port import LocalCollections
from .dispatch import Completion, Piece, run_complete, run_stream
from .errors import NotDispatchableError
from .events import EventBus
from .grants import Grants, GrantStore, remember_refusal
from .job_features import check_job, job_needs, unsupported_feature
from .openai_models import ChatCompletionRequest, IslandRunOptions
from .plan import Plan
from .ports import Assessment, CapacityPort, PeersPort, PrivacyPort

__all__ = ["DEFAULT_MODEL_ALIASES", "ApprovalDeniedError", "NotDispatchableError", "Pipeline", "Plan"]

# Model names that mean "this device's default model, wherever the router sends the request".
DEFAULT_MODEL_ALIASES = frozenset({"", "default", "islandrun"})

log = logging.getLogger(__name__)


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
        grants: Grants | None = None,
        peers: PeersPort | None = None,
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
        self.books = Books(ledger, audit, events)
        self.approvals = approvals
        # remembered approvals, kept beside the audit log (they survive a restart)
        self.grants = grants or Grants(GrantStore(audit.path.with_name("grants.sqlite3")), audit, events)
        self.engine = engine
        self.remote = remote
        self.collections = collections or LocalCollections(None, "not set up")
        self.local_models: tuple[str, ...] = ()
        self.peers = peers  # the personal group, when it is on

    def apply_config(self, new: Config) -> CapacityGates | None:
        """Apply a saved config to the running daemon: the one way settings change at run time (LiveConfig
        calls it once the file is written and the ledger synced). Returns the fresh gates when the policy
        changed (new thresholds: the capacity monitor must feed them), else None."""
        fresh: CapacityGates | None = None
        policy = new.policy.to_policy()
        if policy != self.policy:
            fresh = CapacityGates(policy)  # new thresholds: fresh gates, fed by the next sample
            self.gates = fresh
            self.policy = policy
        self.registry.set_configured(self.configured_islands(new))
        if self.remote is not None:
            self.remote.apis = apis_from_config(new)
        catalog = self.engine.catalog
        if catalog.config.default_model != new.engine.default_model:
            catalog.config = catalog.config.model_copy(update={"default_model": new.engine.default_model})
        self.config = new
        self.events.publish("config", {"changed": True})
        return fresh

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

    def model_names(self) -> list[str]:
        """Every model some island serves (this device's first), without repeats."""
        names: dict[str, None] = {}
        for island in self.registry.islands():
            names.update(dict.fromkeys(island.models))
        return list(names)

    async def known_model(self, model: str) -> None:
        """Raise :class:`UnknownModelError` (404) unless some island serves ``model`` (a model pulled
        a moment ago counts: this device's list is read again before saying no)."""
        if any(island.serves_model(model) for island in self.registry.islands()):
            return
        await self.refresh_local_models()
        if not any(island.serves_model(model) for island in self.registry.islands()):
            raise UnknownModelError(model, self.model_names())

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

    def decide(
        self,
        request: RouteRequest,
        *,
        policy: RoutingPolicy | None = None,
        needs_named: bool = False,
        dry_run: bool = False,
    ) -> RouteDecision:
        """Route ``request`` on the current snapshot. ``needs_named``: when only what the request asks
        for (tools, logprobs …) kept it off islands that could otherwise run it, say so as a 400 naming
        the parameter and the islands that support it, instead of a 409 about islands. ``dry_run``: the
        same decision, and nothing changes (no capacity gate moves)."""
        try:
            return self._route(request, policy, commit=not dry_run)
        except NoEligibleIslandError as exc:
            if needs_named and request.needs:
                raise unsupported_feature(exc, request.needs, self.registry.islands()) from None
            raise

    def _route(self, request: RouteRequest, policy: RoutingPolicy | None, *, commit: bool = True) -> RouteDecision:
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
            commit=commit,
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
        response_format = None if body.response_format is None else body.response_format.wire()
        payload = ChatPayload(
            tuple(messages), tuple(body.tools or ()), body.stop_list(), body.tool_choice_wire(), response_format
        )
        self.screenable(payload)
        check_job(payload)
        floor = options.sensitivity.score if isinstance(options.sensitivity, SensitivityLevel) else options.sensitivity
        assessment = await self.assess(payload, floor)
        priority = options.tier or Priority.SECONDARY
        model = None if body.model in DEFAULT_MODEL_ALIASES else body.model
        if model is not None:
            await self.known_model(model)
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
            needs=job_needs(body, messages),
        )
        policy = None if from_peer is None else replace(self.policy, local_only=True)
        conversation = options.conversation_id
        try:
            decision = self.decide(route_request, policy=policy, needs_named=True)
            if decision.needs_approval:
                # fixed now, so the approval's preview and the dispatch sanitise with one vault
                conversation = conversation or one_off_key(request_id)
                decision = await self._approve(route_request, decision, assessment, app, payload, conversation)
        except IslandRunError as exc:
            await self.books.record_failure(request_id, assessment, priority, exc, app=app)
            raise
        reservation = None
        if decision.estimated_cost_usd > 0:
            try:
                reservation = await asyncio.to_thread(
                    self.ledger.reserve, request_id, decision.island.id, decision.estimated_cost_usd
                )
            except IslandRunError as exc:
                await self.books.record_failure(request_id, assessment, priority, exc, decision.island, app=app)
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
                    question = engine_job.question(body)
                    grounding = await self.collections.ground(collection, question, options.max_passages)
                except IslandRunError as exc:  # local islands cost nothing: no reservation to release
                    await self.books.record_failure(request_id, assessment, priority, exc, decision.island, app=app)
                    raise
            try:
                engine_request = engine_job.engine_request(body, model, priority, request_id, grounding, app or "")
            except IslandRunError as exc:
                await self.books.record_failure(request_id, assessment, priority, exc, decision.island, app=app)
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
                    tool_choice=body.tool_choice_wire(),
                    response_format=response_format,
                    sampling=body.sampling(),
                    conversation_id=conversation,
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
                await self.books.finish(plan, None, "error", NotDispatchableError(decision.island).message)
                raise NotDispatchableError(decision.island)
        self.events.publish("route", self.books.route_event(plan))
        return plan

    async def _approve(
        self,
        request: RouteRequest,
        decision: RouteDecision,
        assessment: Assessment,
        app: str | None,
        payload: ChatPayload,
        conversation: str,
    ) -> RouteDecision:
        island = decision.island
        level = assessment.level.value
        grant = await self.grants.find(app, island.id, level, assessment.entity_counts)
        if grant is not None:  # the user said yes to this app, island and kind of content for a while
            await self.grants.record_use(grant, request.request_id, assessment.entity_counts)
            return decision
        summary = {
            "app": app,
            "island": island.id,
            "island_name": island.name,
            "tier": island.tier.value,
            "sensitivity": level,
            "entities": dict(assessment.entity_counts),
            "sanitized": decision.sanitize,
            "estimated_cost_usd": decision.estimated_cost_usd,
            "timeout_s": self.policy.approval.timeout_s,
            **await preview_summary(
                self.remote,
                conversation,
                payload,
                sanitize=decision.sanitize,
                send_unsanitizable=self.config.privacy.send_unsanitizable,
            ),
            "remember_refused": remember_refusal(level, app),
        }
        try:
            decided = await self.approvals.ask(request.request_id, summary, self.policy.approval.timeout_s)
            if decided.answer is Answer.SEND:
                if decided.remember_minutes is not None and app:
                    await self.grants.remember(
                        app=app,
                        island=island.id,
                        island_name=island.name,
                        sensitivity=level,
                        entities=assessment.entity_counts,
                        minutes=decided.remember_minutes,
                        request_id=request.request_id,
                    )
                return decision
        except BaseException:
            self._forget_one_off(request.request_id, conversation)
            raise
        self._forget_one_off(request.request_id, conversation)  # nothing leaves: the preview's vault goes
        if decided.reason == "timeout":
            raise ApprovalTimeoutError(f"nobody answered within {self.policy.approval.timeout_s:g} s")
        if decided.answer is Answer.DENY:
            raise ApprovalDeniedError("denied by the user")
        # Keep local: route again without the islands that need a yes.
        return self.decide(replace(request, approval=ApprovalAnswer.DENIED))

    def _forget_one_off(self, request_id: str, conversation: str | RemoteRequest | None) -> None:
        """Drop the vault of a request that named no conversation (the dispatcher forgets only the
        one-off vaults it made itself)."""
        if isinstance(conversation, RemoteRequest):
            conversation = conversation.conversation_id
        if self.remote is not None and conversation == one_off_key(request_id):
            self.remote.vaults.forget(conversation)

    # -- running -------------------------------------------------------------------------

    async def complete(self, plan: Plan) -> Completion:
        # the dispatch row is committed while the request is sanitised; nothing is sent before it is durable
        begun = None if plan.remote_request is None else asyncio.get_running_loop().create_future()
        intent = self.books.intent(plan, begun=begun)
        try:
            await (intent if begun is None else begun)
            result = await run_complete(plan, self.engine, self.remote, intent)
        except BaseException as exc:
            outcome = "cancelled" if isinstance(exc, asyncio.CancelledError) else "error"
            await self.books.finish(plan, None, outcome, str(exc), after=intent)
            raise
        finally:
            self._forget_one_off(plan.request_id, plan.remote_request)
        result = _with_sources(plan, result)
        await self.books.finish(plan, result, "ok")
        return result

    async def stream(self, plan: Plan) -> AsyncGenerator[Piece, None]:
        totals: Completion | None = None
        outcome, detail = "ok", ""
        begun = None if plan.remote_request is None else asyncio.get_running_loop().create_future()
        intent = self.books.intent(plan, streamed=True, begun=begun)
        try:
            await (intent if begun is None else begun)  # local: the start row, before the first piece
            async for piece in run_stream(plan, self.engine, self.remote, intent):
                if piece.completion is not None:
                    totals = _with_sources(plan, piece.completion)
                    piece = replace(piece, completion=totals)
                yield piece
        except BaseException as exc:  # GeneratorExit / CancelledError: the client went away
            outcome = "error" if isinstance(exc, Exception) else "cancelled"
            detail = str(exc)
            raise
        finally:
            self._forget_one_off(plan.request_id, plan.remote_request)
            await self.books.finish(plan, totals, outcome, detail, after=intent)


def _with_sources(plan: Plan, done: Completion) -> Completion:
    """A local answer from a collection lists the passages it was given."""
    return done if plan.grounding is None else replace(done, sources=plan.grounding.sources)
