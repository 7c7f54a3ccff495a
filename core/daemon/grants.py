"""Remembered grants: "allow this app to send this kind of content to this island for N minutes".

A grant is made when the user answers an approval with *Send* and asks to remember it. It covers
one app, one island, one sensitivity level (never *restricted*) and the entity kinds that request
carried; a later request matches when it comes from the same app, would go to the same island at
the same level, and carries no entity kind the grant did not see. It ends at its expiry or when
the user revokes it.

Grants live in SQLite beside the audit log in the data dir (``grants.sqlite3``), so they survive a
restart; each grant, each revoke and each request a grant let through is its own row in the audit
log. Nothing here stores a value from a request: kinds and counts only, as in the audit log.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..audit import AuditLog, AuditRecord
from ..errors import IslandRunError
from ..sensitivity import SensitivityLevel
from .errors import GrantNotFoundError
from .events import EventBus

__all__ = ["MAX_REMEMBER_MINUTES", "Grant", "GrantNotFoundError", "GrantStore", "Grants", "remember_refusal"]

MAX_REMEMBER_MINUTES = 24 * 60

_SCHEMA = """CREATE TABLE IF NOT EXISTS grants (
    id TEXT PRIMARY KEY,
    app TEXT NOT NULL,
    island TEXT NOT NULL,
    island_name TEXT NOT NULL,
    sensitivity TEXT NOT NULL,
    entities TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL,
    request_id TEXT NOT NULL,
    revoked REAL
)"""


def remember_refusal(sensitivity: str, app: str | None) -> str | None:
    """Why an approval of this content from this app cannot be remembered, or None when it can."""
    if sensitivity == SensitivityLevel.RESTRICTED.value:
        return "restricted content is never remembered: every such request asks again"
    if not app:
        return (
            "this request did not say which app sent it (it came over the local socket, not with an app's "
            "token), so a grant could not be limited to one app"
        )
    return None


@dataclass(frozen=True, slots=True)
class Grant:
    id: str
    app: str
    island: str
    island_name: str
    sensitivity: str
    entities: tuple[str, ...]  # the entity kinds the approved request carried (never values)
    created: float
    expires: float
    request_id: str  # the request whose approval made it

    def covers(self, app: str | None, island: str, sensitivity: str, kinds: Iterable[str], now: float) -> bool:
        return (
            now < self.expires
            and app == self.app
            and island == self.island
            and sensitivity == self.sensitivity
            and sensitivity != SensitivityLevel.RESTRICTED.value
            and set(kinds) <= set(self.entities)
        )

    def public(self) -> dict[str, Any]:
        return {**asdict(self), "entities": list(self.entities)}

    def describe(self) -> str:
        kinds = ", ".join(self.entities) or "no personal details"
        return (
            f"grant {self.id}: app {self.app} may send {self.sensitivity} content ({kinds}) "
            f"to {self.island_name} until {time.strftime('%Y-%m-%d %H:%M', time.localtime(self.expires))}"
        )


class GrantStore:
    """The grants table (blocking calls: run them in a thread from async code)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._conn().execute(_SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def add(self, grant: Grant) -> None:
        self._conn().execute(
            "INSERT INTO grants VALUES (?,?,?,?,?,?,?,?,?,NULL)",
            (
                grant.id,
                grant.app,
                grant.island,
                grant.island_name,
                grant.sensitivity,
                json.dumps(list(grant.entities)),
                grant.created,
                grant.expires,
                grant.request_id,
            ),
        )

    def active(self, now: float) -> list[Grant]:
        rows = self._conn().execute(
            "SELECT id, app, island, island_name, sensitivity, entities, created, expires, request_id FROM grants "
            "WHERE revoked IS NULL AND expires > ? ORDER BY created",
            (now,),
        )
        return [_grant(row) for row in rows]

    def revoke(self, grant_id: str, now: float) -> Grant:
        conn = self._conn()
        row = conn.execute(
            "SELECT id, app, island, island_name, sensitivity, entities, created, expires, request_id FROM grants "
            "WHERE id = ? AND revoked IS NULL AND expires > ?",
            (grant_id, now),
        ).fetchone()
        if row is None:
            raise GrantNotFoundError(grant_id)
        conn.execute("UPDATE grants SET revoked = ? WHERE id = ?", (now, grant_id))
        return _grant(row)


def _grant(row: tuple[Any, ...]) -> Grant:
    kinds = json.loads(str(row[5]))
    return Grant(
        id=str(row[0]),
        app=str(row[1]),
        island=str(row[2]),
        island_name=str(row[3]),
        sensitivity=str(row[4]),
        entities=tuple(str(k) for k in kinds),
        created=float(row[6]),
        expires=float(row[7]),
        request_id=str(row[8]),
    )


class Grants:
    """The store with its audit rows and events (``grant.added``, ``grant.revoked``)."""

    def __init__(self, store: GrantStore, audit: AuditLog, events: EventBus) -> None:
        self.store = store
        self.audit = audit
        self.events = events

    async def active(self) -> list[Grant]:
        return await asyncio.to_thread(self.store.active, time.time())

    async def find(self, app: str | None, island: str, sensitivity: str, kinds: Iterable[str]) -> Grant | None:
        if remember_refusal(sensitivity, app) is not None:
            return None
        now = time.time()
        wanted = tuple(kinds)
        for grant in await self.active():
            if grant.covers(app, island, sensitivity, wanted, now):
                return grant
        return None

    async def remember(
        self,
        *,
        app: str,
        island: str,
        island_name: str,
        sensitivity: str,
        entities: Mapping[str, int],
        minutes: int,
        request_id: str,
    ) -> Grant:
        refusal = remember_refusal(sensitivity, app)
        if refusal is not None:  # the approval's answer was checked already; never store one anyway
            raise IslandRunError(refusal, title="Not remembered")
        now = time.time()
        grant = Grant(
            id=secrets.token_hex(6),
            app=app,
            island=island,
            island_name=island_name,
            sensitivity=sensitivity,
            entities=tuple(sorted(entities)),
            created=now,
            expires=now + max(1, min(minutes, MAX_REMEMBER_MINUTES)) * 60.0,
            request_id=request_id,
        )
        await asyncio.to_thread(self._add, grant, minutes)
        self.events.publish("grant.added", grant.public())
        return grant

    def _add(self, grant: Grant, minutes: int) -> None:
        self.store.add(grant)
        self.audit.append(
            AuditRecord(
                event="grant",
                request_id=grant.request_id,
                island=grant.island,
                sensitivity=grant.sensitivity,
                outcome="granted",
                detail=f"{grant.describe()} ({minutes} min)"[:500],
            )
        )

    async def revoke(self, grant_id: str) -> Grant:
        grant = await asyncio.to_thread(self._revoke, grant_id)
        self.events.publish("grant.revoked", {"id": grant.id})
        return grant

    def _revoke(self, grant_id: str) -> Grant:
        grant = self.store.revoke(grant_id, time.time())
        self.audit.append(
            AuditRecord(
                event="grant",
                request_id=grant.request_id,
                island=grant.island,
                sensitivity=grant.sensitivity,
                outcome="revoked",
                detail=f"revoked by the user: {grant.describe()}"[:500],
            )
        )
        return grant

    async def record_use(self, grant: Grant, request_id: str, entities: Mapping[str, int]) -> None:
        """The audit row of a request a grant let through without asking."""
        record = AuditRecord(
            event="approval",
            request_id=request_id,
            island=grant.island,
            sensitivity=grant.sensitivity,
            entities=entities,
            outcome="remembered",
            detail=f"approved without asking by {grant.describe()}"[:500],
        )
        await asyncio.to_thread(self.audit.append, record)
