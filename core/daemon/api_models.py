"""What IslandRun's own ``/api`` routes answer, as models (``response_model`` on each route), so the
OpenAPI document describes every response and a response that drifts from its model fails at once.

Each model describes exactly what its route returns today, field for field and in the same order
(FastAPI writes a response in its model's field order, and drops keys a model does not name: a
forgotten field would vanish from the wire silently). Under ``ISLANDRUN_STRICT_API=1`` (the tests set it)
the models are ``extra="forbid"``: such a drift is a 500 the contract test (tests/inmemory/test_api_contract.py)
and every other test sees. Without it (a user's daemon) they are ``extra="allow"``: a key a model does not
name still travels, so a drift costs the tray nothing and never turns an answer into an error.
Numbers keep their JSON type: a field that is sometimes an integer and sometimes not is ``int | float``
(a ``float`` field would turn ``2`` into ``2.0``). Keys a route leaves out in some answers are optional
fields of routes that set ``response_model_exclude_unset``.

This module: health, islands, policy, budgets, capacity, dry-run routing, the privacy preview,
approvals and the audit log (:mod:`.islandrun_api`). Keys, tokens, grants, collections, models and
peers: :mod:`.api_models_admin`.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..config import IslandConfig, PolicyConfig

__all__ = [
    "ApprovalAnswered",
    "AuditRow",
    "AuditVerified",
    "BudgetsView",
    "CapacityHistoryRow",
    "CapacityStatus",
    "DecisionView",
    "HealthView",
    "IslandView",
    "ListenerView",
    "NoRouteView",
    "PendingApprovalView",
    "PolicyView",
    "ScanView",
    "Wire",
]


STRICT = os.environ.get("ISLANDRUN_STRICT_API") == "1"


class Wire(BaseModel):
    """A response (or part of one): every key named; another key is an error in tests, passed on otherwise."""

    model_config = ConfigDict(extra="forbid" if STRICT else "allow")


def _lax(model: type[BaseModel]) -> Any:
    """A config model (strict: enums must be enum instances) read back from its own JSON dump."""
    return BeforeValidator(
        lambda value: model.model_validate(value, strict=False) if isinstance(value, dict) else value
    )


# -- health ---------------------------------------------------------------------------------------


class ListenerView(Wire):
    url: str
    allowed_hosts: list[str]
    open: bool
    problem: str | None = Field(description="why it is not open; null when it is")


class HealthView(Wire):
    status: str = Field(description='"ok"')
    version: str
    listeners: list[ListenerView] = Field(description="every TCP listener: its URL, allowed hosts, open or why not")


# -- islands --------------------------------------------------------------------------------------


class IslandView(Wire):
    id: str
    name: str
    kind: str = Field(description="local | peer | edge | cloud")
    tier: int = Field(description="1 personal, 2 private edge, 3 cloud")
    trust: float
    trust_composition: str = Field(description="how the trust T was composed, in words")
    privacy: float
    price_input_per_mtok: float
    price_output_per_mtok: float
    models: list[str]
    datasets: list[str]
    endpoint: str | None
    source: str = Field(description="builtin | config | discovered")
    paired: bool
    config: Annotated[IslandConfig | None, _lax(IslandConfig)] = Field(
        description="the island's [[islands]] table as PUT takes it; null for this device and discovered peers"
    )


# -- policy ---------------------------------------------------------------------------------------


class PolicyThresholds(Wire):
    secondary: float
    burstable: float
    buffer: float
    hysteresis_margin: float


class PolicyApproval(Wire):
    min_tier: int | None = Field(description="offloads to this tier or further need a yes; null: approvals off")
    above_sensitivity: float
    timeout_s: float


class PolicyView(Wire):
    config: Annotated[PolicyConfig, _lax(PolicyConfig)] = Field(description="the [policy] table PUT takes")
    local_only: bool
    mode: str
    weights: dict[str, float]
    thresholds: PolicyThresholds
    approval: PolicyApproval


# -- budgets --------------------------------------------------------------------------------------


class BudgetRow(Wire):
    scope: str = Field(description='"*" (overall) or an island id')
    period: str = Field(description="day | month")
    limit_usd: float
    spent_usd: float


class SpendRow(Wire):
    day: str = Field(description="local date, YYYY-MM-DD")
    island: str
    usd: float


class BudgetsView(Wire):
    budgets: list[BudgetRow]
    spent_today_usd: float
    spent_month_usd: float
    by_day: list[SpendRow]


# -- capacity -------------------------------------------------------------------------------------

# A probe's metric: a count, a fraction, a byte size, a word or a flag (each keeps its JSON type).
Metric = bool | int | float | str | None


class Gate(Wire):
    open: bool
    changes_in_s: float | None = Field(description="seconds until the gate changes; null: no change pending")


class OwnWorkView(Wire):
    queue_depth: int
    wait_s: float
    full: bool


class ProbeRow(Wire):
    name: str
    status: str
    pressure: float | None
    raw_pressure: float | None
    detail: str | None
    metrics: dict[str, Metric]


class CapacitySampleView(Wire):
    at: float = Field(description="Unix time")
    capacity: float = Field(description="the smoothed C the gates read")
    raw_capacity: float
    dominant: str | None
    degraded: bool
    note: str | None
    accepting: list[str]
    band: str
    thresholds: dict[str, float]
    gates: dict[str, Gate]
    own_work: OwnWorkView | None
    weights: dict[str, float]
    forecast: float | None
    slope_per_s: float | None
    seconds_to_threshold: dict[str, float | None]
    probes: list[ProbeRow]


class CapacitySignal(Wire):
    cpu_tau_s: float
    memory_tau_s: float
    close_after_s: float
    open_after_s: float
    own_work: str
    model_on: str


class CapacityStatus(Wire):
    island: str
    sample: CapacitySampleView | None = Field(description="null until the first sample")
    signal: CapacitySignal
    flips: int


class CapacityHistoryRow(Wire):
    at: float
    capacity: float
    raw_capacity: float | None
    pressures: dict[str, float | None]
    degraded: bool


# -- dry-run routing ------------------------------------------------------------------------------


class Exclusion(Wire):
    filter: str
    reason: str


class VerdictView(Wire):
    id: str
    eligible: bool
    chosen: bool
    stale: bool
    score: float | None
    components: dict[str, float]
    excluded_by: list[Exclusion]


class DecisionView(Wire):
    request_id: str
    island: str
    mode: str
    sanitize: bool
    needs_approval: bool
    estimated_cost_usd: float
    islands: list[VerdictView]
    explanation: str


class NoRouteIsland(Wire):
    id: str
    excluded_by: list[str]


class NoRouteView(Wire):
    """The 409 of a dry run (and of a request) that no island may run."""

    request_id: str
    island: None
    error: str
    islands: list[NoRouteIsland]


# -- privacy preview ------------------------------------------------------------------------------


class ScanEntity(Wire):
    type: str
    start: int
    end: int
    text: str
    score: float
    rule: str
    placeholder: str


class ScanView(Wire):
    level: str
    score: float
    reasons: list[str]
    entities: list[ScanEntity]
    sanitized: str = Field(description="the text as it would leave, placeholders and all")


# -- approvals ------------------------------------------------------------------------------------


class PendingApprovalView(Wire):
    id: str
    request_id: str
    created: float
    expires: float
    app: str | None
    island: str
    island_name: str
    tier: int
    sensitivity: str
    entities: dict[str, int]
    sanitized: bool
    estimated_cost_usd: float
    timeout_s: float
    preview: str | None = Field(description="the request as it would leave (placeholders, never values)")
    preview_cut: int = Field(description="characters cut from the start of the preview")
    preview_note: str | None
    remember_refused: str | None = Field(description="why this answer cannot be remembered; null when it can")


class ApprovalAnswered(Wire):
    id: str
    request_id: str
    answer: str
    remember_minutes: int | None


# -- audit ----------------------------------------------------------------------------------------


class AuditRow(Wire):
    seq: int
    ts: str
    event: str
    request_id: str
    outcome: str
    route_id: str | None
    island: str | None
    tier: int | None
    sensitivity: str | None
    entities: dict[str, int] = Field(description="entity types and counts, never values")
    sanitized: bool
    cost_usd: float
    detail: str
    prev_hash: str
    hash: str


class AuditVerified(Wire):
    ok: bool
    rows: int
    problems: list[str]
