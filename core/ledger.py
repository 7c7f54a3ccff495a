"""The cost agent's ledger: prices, every request's estimated and actual cost, budgets.

SQLite in WAL mode in the data dir, so spend survives a crash and several processes (the
daemon, the CLI) can share it. A request's cost is **reserved** before dispatch — atomically,
inside ``BEGIN IMMEDIATE``, against every budget that applies (global and per island, daily
and monthly) — and **settled** with the actual cost afterwards or **released** if the request
never ran. Concurrent reservations therefore never push spend past a budget. A reservation
is an upper bound (prompt tokens + max_tokens), so settling does not overrun either as long as
providers bill what they report. Owned hardware costs nothing and is never blocked.

Periods are calendar days and months in local time.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from .errors import BudgetExceededError, LedgerError
from .islands import Prices

__all__ = ["GLOBAL_SCOPE", "Budget", "Charge", "Ledger", "Period", "Reservation"]

GLOBAL_SCOPE = "*"
_EPS = 1e-12

_SCHEMA = """
CREATE TABLE IF NOT EXISTS prices (
    island_id TEXT PRIMARY KEY,
    input_per_mtok REAL NOT NULL,
    output_per_mtok REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS budgets (
    scope TEXT NOT NULL,          -- '*' for all islands, else an island id
    period TEXT NOT NULL,         -- 'day' | 'month'
    limit_usd REAL NOT NULL CHECK (limit_usd >= 0),
    PRIMARY KEY (scope, period)
);
CREATE TABLE IF NOT EXISTS charges (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL,
    island_id TEXT NOT NULL,
    created_at REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('reserved', 'settled', 'released')),
    reserved_usd REAL NOT NULL,
    actual_usd REAL,
    input_tokens INTEGER,
    output_tokens INTEGER,
    estimated INTEGER NOT NULL DEFAULT 0,   -- 1: no usage report, charged by estimate
    note TEXT
);
CREATE INDEX IF NOT EXISTS charges_time ON charges (created_at);
CREATE INDEX IF NOT EXISTS charges_island_time ON charges (island_id, created_at);
"""

# What a charge counts towards spend: the actual cost once settled, the reservation until then.
_USED = "COALESCE(SUM(CASE status WHEN 'settled' THEN actual_usd WHEN 'reserved' THEN reserved_usd END), 0)"
_DISPATCHED = "dispatched"  # a reservation's note once its request has left the device


class Period(StrEnum):
    DAY = "day"
    MONTH = "month"

    def start(self, now: float) -> float:
        local = datetime.fromtimestamp(now).astimezone()
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if self is Period.MONTH:
            midnight = midnight.replace(day=1)
        return midnight.timestamp()


@dataclass(frozen=True, slots=True)
class Budget:
    scope: str
    period: Period
    limit_usd: float


@dataclass(frozen=True, slots=True)
class Reservation:
    id: str
    request_id: str
    island_id: str
    amount_usd: float


@dataclass(frozen=True, slots=True)
class Charge:
    id: str
    request_id: str
    island_id: str
    created_at: float
    status: str
    reserved_usd: float
    actual_usd: float | None
    input_tokens: int | None
    output_tokens: int | None
    estimated: bool


class Ledger:
    """Thread-safe (one connection per thread) and multi-process safe (SQLite locking)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._write() as db:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{path}: cannot open the ledger: {exc}") from None

    def _connect(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back itself (a full disk): keep the real error
                db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # -- prices ---------------------------------------------------------------------------
    def set_price(self, island_id: str, prices: Prices) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO prices VALUES (?, ?, ?, ?) ON CONFLICT(island_id) DO UPDATE SET "
                "input_per_mtok=excluded.input_per_mtok, output_per_mtok=excluded.output_per_mtok, "
                "updated_at=excluded.updated_at",
                (island_id, prices.input_per_mtok, prices.output_per_mtok, time.time()),
            )

    def price(self, island_id: str) -> Prices | None:
        row = (
            self._connect()
            .execute("SELECT input_per_mtok, output_per_mtok FROM prices WHERE island_id = ?", (island_id,))
            .fetchone()
        )
        return Prices(row[0], row[1]) if row else None

    # -- budgets --------------------------------------------------------------------------
    def set_budget(self, scope: str, period: Period, limit_usd: float | None) -> None:
        """Set (or with ``None`` remove) the budget of ``scope`` ('*' or an island id)."""
        if limit_usd is not None and limit_usd < 0:
            raise LedgerError(f"a budget cannot be negative (got {limit_usd})")
        with self._write() as db:
            if limit_usd is None:
                db.execute("DELETE FROM budgets WHERE scope = ? AND period = ?", (scope, period.value))
            else:
                db.execute(
                    "INSERT INTO budgets VALUES (?, ?, ?) ON CONFLICT(scope, period) DO UPDATE SET "
                    "limit_usd=excluded.limit_usd",
                    (scope, period.value, limit_usd),
                )

    def budgets(self) -> list[Budget]:
        rows = self._connect().execute("SELECT scope, period, limit_usd FROM budgets ORDER BY scope, period")
        return [Budget(scope, Period(period), limit) for scope, period, limit in rows]

    @staticmethod
    def _used(db: sqlite3.Connection, scope: str, period: Period, now: float) -> float:
        since = period.start(now)
        if scope == GLOBAL_SCOPE:
            row = db.execute(f"SELECT {_USED} FROM charges WHERE created_at >= ?", (since,)).fetchone()
        else:
            row = db.execute(
                f"SELECT {_USED} FROM charges WHERE island_id = ? AND created_at >= ?", (scope, since)
            ).fetchone()
        return float(row[0])

    def spent(self, scope: str = GLOBAL_SCOPE, period: Period = Period.DAY, now: float | None = None) -> float:
        """Settled plus reserved spend of ``scope`` in the period containing ``now``."""
        return self._used(self._connect(), scope, period, time.time() if now is None else now)

    def remaining(self, island_id: str, now: float | None = None) -> float | None:
        """The least headroom of every budget that applies to ``island_id``; None if none does."""
        now = time.time() if now is None else now
        db = self._connect()
        rows = db.execute(
            "SELECT scope, period, limit_usd FROM budgets WHERE scope IN (?, ?)", (GLOBAL_SCOPE, island_id)
        ).fetchall()
        if not rows:
            return None
        return min(float(limit) - self._used(db, scope, Period(period), now) for scope, period, limit in rows)

    # -- reservations ---------------------------------------------------------------------
    def reserve(self, request_id: str, island_id: str, amount_usd: float, now: float | None = None) -> Reservation:
        """Reserve ``amount_usd`` for a request on ``island_id`` or raise BudgetExceededError."""
        if amount_usd < 0:
            raise LedgerError(f"a reservation cannot be negative (got {amount_usd})")
        now = time.time() if now is None else now
        charge_id = uuid.uuid4().hex
        with self._write() as db:
            if amount_usd > 0:
                rows = db.execute(
                    "SELECT scope, period, limit_usd FROM budgets WHERE scope IN (?, ?) ORDER BY scope, period",
                    (GLOBAL_SCOPE, island_id),
                ).fetchall()
                for scope, period_name, limit in rows:
                    period = Period(period_name)
                    used = self._used(db, scope, period, now)
                    if used + amount_usd > limit + _EPS:
                        raise BudgetExceededError(scope, period.value, limit, used, amount_usd)
            db.execute(
                "INSERT INTO charges (id, request_id, island_id, created_at, status, reserved_usd) "
                "VALUES (?, ?, ?, ?, 'reserved', ?)",
                (charge_id, request_id, island_id, now, amount_usd),
            )
        return Reservation(charge_id, request_id, island_id, amount_usd)

    def settle(
        self,
        reservation: Reservation,
        actual_usd: float,
        *,
        input_tokens: int | None = None,
        output_tokens: int | None = None,
        estimated: bool = False,
        island_id: str | None = None,
    ) -> None:
        """Book the actual cost. ``island_id``: the island that really served, when failover moved
        the request off the reserved one (the reservation covered it: see the daemon's failover rule)."""
        with self._write() as db:
            updated = db.execute(
                "UPDATE charges SET status='settled', actual_usd=?, input_tokens=?, output_tokens=?, estimated=?, "
                "island_id = COALESCE(?, island_id) WHERE id = ? AND status = 'reserved'",
                (actual_usd, input_tokens, output_tokens, int(estimated), island_id, reservation.id),
            ).rowcount
        if updated != 1:
            raise LedgerError(f"reservation {reservation.id} is not open (settled or released already)")

    def mark_dispatched(self, reservation: Reservation) -> None:
        """The request is about to leave the device: after a crash it is settled at the estimate, not at $0."""
        with self._write() as db:
            db.execute(
                "UPDATE charges SET note = ? WHERE id = ? AND status = 'reserved'", (_DISPATCHED, reservation.id)
            )

    def release(self, reservation: Reservation, note: str = "not dispatched") -> None:
        with self._write() as db:
            db.execute(
                "UPDATE charges SET status='released', actual_usd=0, note=? WHERE id = ? AND status = 'reserved'",
                (note, reservation.id),
            )

    def release_abandoned(self, older_than_s: float = 0.0, now: float | None = None) -> tuple[int, int]:
        """Close the reservations a crashed process left open: those never dispatched are released
        at $0; those whose request had left the device are settled at their estimate (the island
        may well bill it). Returns ``(released, settled)``."""
        cutoff = (time.time() if now is None else now) - older_than_s
        with self._write() as db:
            settled = db.execute(
                "UPDATE charges SET status='settled', actual_usd=reserved_usd, estimated=1, "
                "note='interrupted: settled at the estimate' "
                "WHERE status = 'reserved' AND note = ? AND created_at <= ?",
                (_DISPATCHED, cutoff),
            ).rowcount
            released = db.execute(
                "UPDATE charges SET status='released', actual_usd=0, note='abandoned' "
                "WHERE status = 'reserved' AND created_at <= ?",
                (cutoff,),
            ).rowcount
        return released, settled

    def charges(self, limit: int = 100) -> list[Charge]:
        rows = self._connect().execute(
            "SELECT id, request_id, island_id, created_at, status, reserved_usd, actual_usd, input_tokens, "
            "output_tokens, estimated FROM charges ORDER BY created_at DESC LIMIT ?",
            (limit,),
        )
        return [
            Charge(
                id=row[0],
                request_id=row[1],
                island_id=row[2],
                created_at=row[3],
                status=row[4],
                reserved_usd=row[5],
                actual_usd=row[6],
                input_tokens=row[7],
                output_tokens=row[8],
                estimated=bool(row[9]),
            )
            for row in rows
        ]

    def spend_by_day(self, days: int = 30, now: float | None = None) -> list[tuple[str, str, float]]:
        """(local date, island id, USD) for the last ``days`` days, settled charges only."""
        now = time.time() if now is None else now
        rows = self._connect().execute(
            "SELECT date(created_at, 'unixepoch', 'localtime') AS day, island_id, SUM(actual_usd) "
            "FROM charges WHERE status = 'settled' AND created_at >= ? GROUP BY day, island_id ORDER BY day, island_id",
            (now - days * 86400,),
        )
        return [(day, island, float(usd)) for day, island, usd in rows]
