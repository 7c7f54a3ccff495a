"""The audit log: an append-only, hash-chained record of every routing decision and boundary crossing.

Each row holds what happened — time, request and route ids, island, tier, sensitivity level,
the *types and counts* of detected entities (never their values), whether the payload was
sanitized, the cost and the outcome — plus ``prev_hash`` and ``hash``:
``hash = sha256(prev_hash ‖ canonical JSON of the row)``. Editing a row breaks its hash;
deleting a row breaks the next row's ``prev_hash`` (and the sequence). Deleting rows at the
*end* leaves a valid shorter chain, so the last (seq, hash) is also anchored in two places
outside the log: a small 0600 head file beside the database and a row in the ledger database
(``audit_anchor``). An anchor only moves forward, and only while the row it points at is still
there with the same hash: once the tail was cut (and new rows appended in its place), the anchors
stay where they were and :meth:`AuditLog.verify` keeps reporting the cut, whoever deleted the head
file. The anchors may lag behind the table, never be ahead of it.

An append returns once its row is committed (``synchronous=FULL``: on disk), so the dispatch
intent is durable before anything leaves the device. The two anchors follow from a background
thread, a few milliseconds behind and coalesced (one head write for however many rows came in
meanwhile): they cost two fsyncs and an SQLite write each, ~1 ms of the 1.3 ms an append took
when they were on the request's path. What that trades: rows cut within those milliseconds
before a crash are not flagged. :meth:`AuditLog.verify` and :meth:`AuditLog.close` wait for the
anchors first. A malformed row is reported by ``verify`` and shown as unreadable by ``entries``,
never a traceback.

Rows are written inside ``BEGIN IMMEDIATE`` so concurrent writers (threads or processes) chain
correctly, and a crash never leaves half a row (SQLite's journal).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .errors import IslandRunError
from .files import write_atomic
from .paths import data_dir

__all__ = ["GENESIS_HASH", "AuditEntry", "AuditLog", "AuditRecord", "AuditVerification", "audit_file"]

GENESIS_HASH = "0" * 64

log = logging.getLogger(__name__)

_SCHEMA = (
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


def audit_file() -> Path:
    return data_dir() / "audit.sqlite3"


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


@dataclass(frozen=True, slots=True)
class AuditVerification:
    ok: bool
    rows: int
    problems: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.ok:
            return f"audit log intact: {self.rows} rows, hash chain verified"
        return "audit log damaged:\n" + "\n".join(f"  - {p}" for p in self.problems)


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


def _chain(prev_hash: str, seq: int, ts: str, record: AuditRecord) -> str:
    return hashlib.sha256(prev_hash.encode() + _canonical(seq, ts, record)).hexdigest()


class AuditLog:
    """The hash-chained log in SQLite. Safe to share between threads (one connection each)."""

    def __init__(self, path: Path | None = None, anchor_path: Path | None = None) -> None:
        self.path = path or audit_file()
        self.head_path = self.path.with_suffix(".head")
        # the second anchor lives in another database: the ledger's, beside the log in the data dir
        self.anchor_path = anchor_path or self.path.with_name("ledger.sqlite3")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._anchor_lock = threading.Lock()
        self._pending: tuple[int, str] | None = None  # the newest row not anchored yet
        self._anchoring = False  # an anchor thread is running
        self._pending_changed = threading.Condition()
        conn = self._conn()
        for statement in _SCHEMA:
            conn.execute(statement)
        conn.commit()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
            except sqlite3.Error as exc:
                raise IslandRunError(f"cannot open the audit log {self.path}: {exc}", title="Audit log") from exc
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Wait for the anchors, then close this thread's connections."""
        self.flush()
        self._close_connections()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until the anchors have caught up with every row appended through this object."""
        with self._pending_changed:
            return self._pending_changed.wait_for(lambda: not self._anchoring, timeout)

    def _close_connections(self) -> None:
        for name in ("conn", "anchor"):
            conn: sqlite3.Connection | None = getattr(self._local, name, None)
            if conn is not None:
                conn.close()
                setattr(self._local, name, None)

    def append(self, record: AuditRecord) -> AuditEntry:
        conn = self._conn()
        ts = datetime.now(UTC).isoformat(timespec="microseconds")
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS_HASH)
            digest = _chain(prev, seq, ts, record)
            conn.execute(
                "INSERT INTO audit VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    seq,
                    ts,
                    record.event,
                    record.request_id,
                    record.route_id,
                    record.island,
                    record.tier,
                    record.sensitivity,
                    json.dumps(dict(sorted(record.entities.items()))),
                    int(record.sanitized),
                    record.cost_usd,
                    record.outcome,
                    record.detail,
                    prev,
                    digest,
                ),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk): keep the real error
                conn.execute("ROLLBACK")
            raise
        self._anchor_later(seq, digest)
        return AuditEntry(seq, ts, record, prev, digest)

    def _anchor_later(self, seq: int, digest: str) -> None:
        with self._pending_changed:
            if self._pending is None or seq > self._pending[0]:
                self._pending = (seq, digest)
            if not self._anchoring:
                self._anchoring = True
                threading.Thread(target=self._anchor_pending, name="audit-anchor", daemon=True).start()

    def _anchor_pending(self) -> None:
        """The anchor thread: write the newest pending (seq, hash) until none is left, then end
        (its connections closed before :meth:`flush` returns)."""
        try:
            while True:
                with self._pending_changed:
                    pending, self._pending = self._pending, None
                    if pending is None:
                        self._close_connections()
                        self._anchoring = False
                        self._pending_changed.notify_all()
                        return
                try:
                    self._write_head(*pending)
                except (OSError, sqlite3.Error) as exc:  # the row is written; verify will say the head lags
                    log.warning("could not anchor audit row %d: %s", pending[0], exc)
        except BaseException:
            with self._pending_changed:
                self._close_connections()
                self._anchoring = False
                self._pending_changed.notify_all()
            raise

    def _write_head(self, seq: int, digest: str) -> None:
        with self._anchor_lock:
            if self._may_advance(self._read_head(), seq):
                write_atomic(self.head_path, json.dumps({"seq": seq, "hash": digest}), mode=0o600)
            if self._may_advance(self._read_anchor(), seq):
                self._write_anchor(seq, digest)

    def _may_advance(self, anchor: tuple[int, str] | None, seq: int) -> bool:
        """Forward only, and only while the anchored row is intact (concurrent appenders may finish
        out of order; a cut tail must stay visible)."""
        if anchor is None:
            return True
        anchored_seq, anchored_hash = anchor
        if anchored_seq < 0 or anchored_seq >= seq:
            return False
        row = self._conn().execute("SELECT hash FROM audit WHERE seq = ?", (anchored_seq,)).fetchone()
        return row is not None and row[0] == anchored_hash

    def _anchor_conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "anchor", None)
        if conn is None:
            conn = sqlite3.connect(self.anchor_path, timeout=30.0, isolation_level=None)
            conn.execute("CREATE TABLE IF NOT EXISTS audit_anchor (id INTEGER PRIMARY KEY CHECK (id = 1), seq, hash)")
            self._local.anchor = conn
        return conn

    def _read_anchor(self) -> tuple[int, str] | None:
        try:
            row = self._anchor_conn().execute("SELECT seq, hash FROM audit_anchor WHERE id = 1").fetchone()
        except sqlite3.Error:
            return (-1, "")
        if row is None:
            return None
        try:
            return int(row[0]), str(row[1])
        except (TypeError, ValueError):
            return (-1, "")

    def _write_anchor(self, seq: int, digest: str) -> None:
        try:
            self._anchor_conn().execute(
                "INSERT INTO audit_anchor (id, seq, hash) VALUES (1, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                (seq, digest),
            )
        except sqlite3.Error as exc:  # the row is written; verify will say the anchor lags
            log.warning("could not anchor the audit log in %s: %s", self.anchor_path, exc)

    def _read_head(self) -> tuple[int, str] | None:
        try:
            data = json.loads(self.head_path.read_text())
            return int(data["seq"]), str(data["hash"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, OSError):
            return (-1, "")

    def entries(self, limit: int = 100, before: int | None = None) -> list[AuditEntry]:
        """The newest rows first; a malformed row comes back as an ``unreadable`` entry saying why."""
        sql = "SELECT * FROM audit" + (" WHERE seq < ?" if before is not None else "") + " ORDER BY seq DESC LIMIT ?"
        params: tuple[int, ...] = (before, limit) if before is not None else (limit,)
        return [_entry_or_unreadable(row) for row in self._conn().execute(sql, params)]

    def unfinished_dispatches(self) -> list[AuditEntry]:
        """``dispatch`` rows (a request about to leave the device) with no ``route`` row after them:
        requests that were out when the daemon stopped without finishing them (a crash)."""
        sql = (
            "SELECT * FROM audit AS d WHERE d.event = 'dispatch' AND NOT EXISTS "
            "(SELECT 1 FROM audit AS r WHERE r.request_id = d.request_id AND r.seq > d.seq AND r.event = 'route') "
            "ORDER BY d.seq"
        )
        return [_entry_or_unreadable(row) for row in self._conn().execute(sql)]

    def verify(self) -> AuditVerification:
        self.flush()
        problems: list[str] = []
        prev = GENESIS_HASH
        expected_seq = 1
        rows = 0
        for row in self._conn().execute("SELECT * FROM audit ORDER BY seq"):
            rows += 1
            try:
                entry = _entry(row)
            except (ValueError, TypeError) as exc:
                problems.append(f"row {row[0]}: unreadable ({exc})")
                continue
            if entry.seq != expected_seq:
                problems.append(f"rows {expected_seq}..{entry.seq - 1} are missing (deleted)")
            if entry.prev_hash != prev:
                problems.append(f"row {entry.seq}: does not follow the row before it (a row was deleted or replaced)")
            if _chain(entry.prev_hash, entry.seq, entry.ts, entry.record) != entry.hash:
                problems.append(f"row {entry.seq}: contents do not match its hash (edited)")
            prev = entry.hash
            expected_seq = entry.seq + 1
        last_seq = expected_seq - 1
        head = self._read_head()
        for name, anchor in (
            (f"head file {self.head_path}", head),
            (f"ledger anchor in {self.anchor_path}", self._read_anchor()),
        ):
            if anchor is None:
                continue
            anchored_seq, anchored_hash = anchor
            if anchored_seq < 0:
                problems.append(f"{name} is unreadable")
                continue
            row = self._conn().execute("SELECT hash FROM audit WHERE seq = ?", (anchored_seq,)).fetchone()
            if anchored_seq > last_seq:
                problems.append(f"rows {last_seq + 1}..{anchored_seq} at the end are missing (deleted; {name})")
            elif anchored_seq >= 1 and (row is None or row[0] != anchored_hash):
                problems.append(f"row {anchored_seq}: differs from the recorded head of the chain ({name})")
        if head is None and rows:
            problems.append(f"head file {self.head_path} is missing")
        return AuditVerification(not problems, rows, tuple(problems))


def _entry_or_unreadable(row: tuple[object, ...]) -> AuditEntry:
    try:
        return _entry(row)
    except ValueError as exc:
        record = AuditRecord(event="unreadable", request_id="", outcome="unreadable", detail=f"malformed row: {exc}")
        return AuditEntry(int(str(row[0])), str(row[1]), record, str(row[13]), str(row[14]))


def _entry(row: tuple[object, ...]) -> AuditEntry:
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
