"""The audit log's rows: their table, what a caller records, a row waiting for the writer, the stored
entry, the hash chain over them, what verifying says, and reading a stored row back (a malformed one
as ``unreadable``, never a traceback). See :mod:`.audit`."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "GENESIS_HASH",
    "SCHEMA",
    "AuditEntry",
    "AuditRecord",
    "AuditVerification",
    "QueuedRow",
    "begin",
    "chain",
    "entry_or_unreadable",
    "parse_row",
    "resolve",
    "started",
]

GENESIS_HASH = "0" * 64

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS audit (
        seq INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        event TEXT NOT NULL,
        request_id TEXT NOT NULL,
        route_id TEXT,
        island TEXT,
        tier INTEGER,
        sensitivity TEXT,
        entities TEXT NOT NULL,
        sanitized INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS audit_request ON audit (request_id)",
)


@dataclass(frozen=True, slots=True)
class AuditVerification:
    ok: bool
    rows: int
    problems: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.ok:
            return f"audit log intact: {self.rows} rows, hash chain verified"
        return "audit log damaged:\n" + "\n".join(f"  - {p}" for p in self.problems)


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """What the caller knows about one event. Entity *types and counts* only, never values."""

    event: str  # "route", "offload", "approval", "rejected", ...
    request_id: str
    outcome: str  # "ok", "error", "denied", "no-eligible-island", ...
    route_id: str | None = None
    island: str | None = None
    tier: int | None = None
    sensitivity: str | None = None
    entities: Mapping[str, int] = field(default_factory=dict)
    sanitized: bool = False
    cost_usd: float = 0.0
    detail: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    ts: str
    record: AuditRecord
    prev_hash: str
    hash: str


def _canonical(seq: int, ts: str, record: AuditRecord) -> bytes:
    body = {
        "seq": seq,
        "ts": ts,
        "event": record.event,
        "request_id": record.request_id,
        "route_id": record.route_id,
        "island": record.island,
        "tier": record.tier,
        "sensitivity": record.sensitivity,
        "entities": dict(sorted(record.entities.items())),
        "sanitized": record.sanitized,
        "cost_usd": round(record.cost_usd, 12),
        "outcome": record.outcome,
        "detail": record.detail,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain(prev_hash: str, seq: int, ts: str, record: AuditRecord) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(seq, ts, record)).hexdigest()


def entry_or_unreadable(row: tuple[object, ...]) -> AuditEntry:
    try:
        return parse_row(row)
    except ValueError as exc:
        record = AuditRecord(event="unreadable", request_id="", outcome="unreadable", detail=f"malformed row: {exc}")
        return AuditEntry(int(str(row[0])), str(row[1]), record, str(row[13]), str(row[14]))


def parse_row(row: tuple[object, ...]) -> AuditEntry:
    """One row as an entry; ``ValueError`` naming the field when a row was edited into something malformed."""
    try:
        return _parse_entry(row)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise ValueError(f"{type(exc).__name__}: {exc}") from None


def _parse_entry(row: tuple[object, ...]) -> AuditEntry:
    seq, ts, event, request_id, route_id, island, tier, sensitivity, entities, sanitized, cost, outcome = row[:12]
    detail, prev_hash, digest = row[12:15]
    loaded = json.loads(str(entities))
    record = AuditRecord(
        event=str(event),
        request_id=str(request_id),
        outcome=str(outcome),
        route_id=None if route_id is None else str(route_id),
        island=None if island is None else str(island),
        tier=None if tier is None else int(str(tier)),
        sensitivity=None if sensitivity is None else str(sensitivity),
        entities={str(k): int(v) for k, v in loaded.items()},
        sanitized=bool(sanitized),
        cost_usd=float(str(cost)),
        detail=str(detail),
    )
    return AuditEntry(int(str(seq)), str(ts), record, str(prev_hash), str(digest))


@dataclass(slots=True)
class QueuedRow:
    """A row waiting for the audit log's writer thread: its caller blocks on ``done`` (or is woken by ``wake``)."""

    record: AuditRecord
    ts: str = ""
    number: int = 0
    done: threading.Event = field(default_factory=threading.Event)
    wake: Callable[[QueuedRow], None] | None = None  # called from the writer thread once the row is done
    begun: Callable[[QueuedRow], None] | None = None  # called from the writer thread as it commits the row
    log_failure: bool = False  # nobody waits for it: a failure is logged
    entry: AuditEntry | None = None
    error: BaseException | None = None

    def result(self) -> AuditEntry:
        if self.error is not None:
            raise self.error
        assert self.entry is not None
        return self.entry


def started(batch: list[QueuedRow]) -> None:
    """The writer thread tells the callers waiting for it that it is committing their rows (once each)."""
    for queued in batch:
        if queued.begun is not None:
            tell, queued.begun = queued.begun, None
            tell(queued)


def begin(begun: asyncio.Future[None] | None) -> None:
    """On the event loop: the writer is committing the row (or it failed, or the writer was busy)."""
    if begun is not None and not begun.done():
        begun.set_result(None)


def resolve(future: asyncio.Future[AuditEntry], queued: QueuedRow) -> None:
    """On the event loop: the row is durable, or failed with its error."""
    if future.cancelled():
        return
    if queued.error is not None:
        future.set_exception(queued.error)
    else:
        assert queued.entry is not None
        future.set_result(queued.entry)
