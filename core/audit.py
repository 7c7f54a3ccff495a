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
intent is durable before anything leaves the device. Appends go through one writer thread per
log (a group commit): the rows of concurrent requests that arrive while a commit is on disk are
chained and committed together in the next transaction, one fsync for all of them, and each caller
still returns only once its own row is durable (:meth:`AuditLog.append`, or
:meth:`AuditLog.append_async` from the event loop, which the writer wakes without a thread hop).
:meth:`AuditLog.submit` queues a row without waiting for it (a remote request's final ``route``
row: its ``dispatch`` row is already durable, and the response need not wait for the fsync);
every read of the log first waits for the rows queued before it. A batch that fails as a whole is
retried row by row, so one bad row fails only its own caller. The two anchors follow from a background
thread, coalesced: the first row after a quiet spell is anchored at once, then at most one head
write per 50 ms carries the newest row (two fsyncs and an SQLite write, ~1 ms of CPU: once per
row it was a seventh of a proxied request's CPU). What that trades: rows cut within those
~50 ms before a crash are not flagged. :meth:`AuditLog.verify` and :meth:`AuditLog.close` wait for the
anchors first. A malformed row is reported by ``verify`` and shown as unreadable by ``entries``,
never a traceback.

Rows are written inside ``BEGIN IMMEDIATE`` so concurrent writers (threads or processes) chain
correctly, and a crash never leaves half a row (SQLite's journal).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .audit_rows import (
    GENESIS_HASH,
    SCHEMA,
    AuditEntry,
    AuditRecord,
    AuditVerification,
    QueuedRow,
    begin,
    chain,
    entry_or_unreadable,
    parse_row,
    resolve,
    started,
)
from .errors import IslandRunError
from .files import write_atomic
from .paths import data_dir

__all__ = ["GENESIS_HASH", "AuditEntry", "AuditLog", "AuditRecord", "AuditVerification", "audit_file"]

log = logging.getLogger(__name__)


def audit_file() -> Path:
    return data_dir() / "audit.sqlite3"


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
        self._anchor_busy = False  # it took a pending (seq, hash) and is writing it
        self._anchor_stop = False  # close(): the anchor thread ends once nothing is pending
        self._pending_changed = threading.Condition()
        self._queue: list[QueuedRow] = []  # appends waiting for the writer's next commit
        self._queued_count = 0  # rows ever queued; each gets the next number
        self._finished_count = 0  # every row numbered up to this one is committed or has failed
        self._queue_changed = threading.Condition()
        self._writer: threading.Thread | None = None
        self._committing = False  # the writer took a batch and is writing it
        self._stopping = False
        conn = self._conn()
        for statement in SCHEMA:
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
        """Let the writer finish what it was given, wait for the anchors, then close this thread's connections."""
        with self._queue_changed:
            writer, self._stopping = self._writer, True
            self._queue_changed.notify_all()
        if writer is not None and writer is not threading.current_thread():
            writer.join()
        with self._queue_changed:
            self._stopping = False
        with self._pending_changed:
            self._anchor_stop = True
            self._pending_changed.notify_all()
            self._pending_changed.wait_for(lambda: not self._anchoring)
            self._anchor_stop = False
        self._close_connections()

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until the anchors have caught up with every row appended through this object."""
        with self._pending_changed:
            return self._pending_changed.wait_for(lambda: self._pending is None and not self._anchor_busy, timeout)

    def _close_connections(self) -> None:
        for name in ("conn", "anchor"):
            conn: sqlite3.Connection | None = getattr(self._local, name, None)
            if conn is not None:
                conn.close()
                setattr(self._local, name, None)

    def append(self, record: AuditRecord) -> AuditEntry:
        """Append a row; returns once it is committed (with whatever other rows came in meanwhile)."""
        queued = self._enqueue(record)
        queued.done.wait()
        return queued.result()

    async def append_async(self, record: AuditRecord) -> AuditEntry:
        """:meth:`append` for the event loop, without a thread hop; the row is written even if the
        caller is cancelled meanwhile."""
        return await asyncio.shield(self.append_soon(record))

    def append_soon(
        self, record: AuditRecord, *, begun: asyncio.Future[None] | None = None
    ) -> asyncio.Future[AuditEntry]:
        """Queue a row now (rows keep the order of the calls; call it on the event loop) and return
        a future the writer thread completes once the row is committed, or fails with its error.

        ``begun`` completes once the writer is committing the row (at once if it is busy with an earlier
        batch; also if the row fails). Await it before CPU work meant to overlap the fsync: the writer
        needs the GIL to build its transaction, and would otherwise get it only after that work."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[AuditEntry] = loop.create_future()

        def wake(queued: QueuedRow) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
                loop.call_soon_threadsafe(resolve, future, queued)

        def committing(queued: QueuedRow) -> None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(begin, begun)

        queued = self._enqueue(record, wake, begun=None if begun is None else committing)
        if queued.begun is None:  # the writer is busy: the row waits for its commit anyway
            begin(begun)
        return future

    def submit(self, record: AuditRecord) -> None:
        """Queue a row and return at once; the writer commits it with its next batch (durable a
        moment later, before :meth:`close` returns). Rows keep the order of the calls. A row that
        cannot be written is logged (there is nobody to raise to)."""
        self._enqueue(record, None, log_failure=True)

    def written(self, timeout: float = 30.0) -> bool:
        """Wait until every row queued so far is committed (or has failed): readers call it first,
        so a row submitted before a read is in what the read sees."""
        with self._queue_changed:
            target = self._queued_count
            return self._queue_changed.wait_for(lambda: self._finished_count >= target, timeout)

    def _enqueue(
        self,
        record: AuditRecord,
        wake: Callable[[QueuedRow], None] | None = None,
        *,
        log_failure: bool = False,
        begun: Callable[[QueuedRow], None] | None = None,
    ) -> QueuedRow:
        queued = QueuedRow(record, wake=wake, log_failure=log_failure, begun=begun)
        with self._queue_changed:
            if self._committing:
                queued.begun = None  # its caller need not wait for the writer to start on it
            # stamped in arrival order, so the chain's order and its timestamps agree
            queued.ts = datetime.now(UTC).isoformat(timespec="microseconds")
            self._queued_count += 1
            queued.number = self._queued_count
            self._queue.append(queued)
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_queued, name="audit-writer", daemon=True)
                self._writer.start()
            self._queue_changed.notify_all()
        return queued

    def _write_queued(self) -> None:
        """The writer thread: commit whatever is queued in one transaction, until nothing came in
        for a while (or :meth:`close`), then close its connection and end."""
        try:
            while True:
                with self._queue_changed:
                    self._committing = False
                    if not self._queue:
                        self._queue_changed.wait_for(lambda: bool(self._queue) or self._stopping, _WRITER_IDLE_S)
                    if not self._queue:
                        self._writer = None
                        return
                    batch, self._queue = self._queue, []
                    self._committing = True
                self._commit_batch(batch)
        finally:
            self._close_connections()
            with self._queue_changed:  # ended by an error: the next append starts another writer
                self._committing = False
                if self._writer is threading.current_thread():
                    self._writer = None

    def _commit_batch(self, batch: list[QueuedRow]) -> None:
        try:
            entries = self._insert(batch)
        except BaseException as exc:
            if len(batch) > 1:  # one bad row must not fail the others: each on its own
                for queued in batch:
                    self._commit_batch([queued])
                return
            batch[0].error = exc
            self._finished(batch)
            if not isinstance(exc, Exception):
                raise
            return
        for queued, entry in zip(batch, entries, strict=True):
            queued.entry = entry
        self._finished(batch)
        self._anchor_later(entries[-1].seq, entries[-1].hash)

    def _finished(self, batch: list[QueuedRow]) -> None:
        """Tell the batch's callers (and :meth:`written`) that their rows are done."""
        started(batch)  # a row that failed before its commit
        for queued in batch:
            queued.done.set()
            if queued.wake is not None:
                queued.wake(queued)
            if queued.error is not None and queued.log_failure:
                log.error(
                    "could not write audit row (%s %s): %s", queued.record.event, queued.record.request_id, queued.error
                )
        with self._queue_changed:
            self._finished_count = max(self._finished_count, batch[-1].number)
            self._queue_changed.notify_all()

    def _insert(self, batch: list[QueuedRow]) -> list[AuditEntry]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS_HASH)
            entries: list[AuditEntry] = []
            for queued in batch:
                record, ts = queued.record, queued.ts
                digest = chain(prev, seq, ts, record)
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
                entries.append(AuditEntry(seq, ts, record, prev, digest))
                seq, prev = seq + 1, digest
            started(batch)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk): keep the real error
                conn.execute("ROLLBACK")
            raise
        return entries

    def _anchor_later(self, seq: int, digest: str) -> None:
        with self._pending_changed:
            if self._pending is None or seq > self._pending[0]:
                self._pending = (seq, digest)
            if not self._anchoring:
                self._anchoring = True
                threading.Thread(target=self._anchor_pending, name="audit-anchor", daemon=True).start()
            self._pending_changed.notify_all()

    def _anchor_pending(self) -> None:
        """The anchor thread: write the newest pending (seq, hash) until none came for a while (or
        :meth:`close`), then close its connections and end."""
        wrote = -_ANCHOR_EVERY_S
        try:
            while True:
                with self._pending_changed:
                    if self._pending is None and not self._anchor_stop:
                        self._pending_changed.wait_for(
                            lambda: self._pending is not None or self._anchor_stop, _ANCHOR_IDLE_S
                        )
                    # at most one write per _ANCHOR_EVERY_S: the rows of a busy stretch share it
                    rest = wrote + _ANCHOR_EVERY_S - time.monotonic()
                    if rest > 0 and self._pending is not None:
                        self._pending_changed.wait_for(lambda: self._anchor_stop, rest)
                    pending, self._pending = self._pending, None
                    if pending is None:
                        self._close_connections()
                        self._anchoring = False
                        self._pending_changed.notify_all()
                        return
                    self._anchor_busy = True
                try:
                    wrote = time.monotonic()
                    self._write_head(*pending)
                except (OSError, sqlite3.Error) as exc:  # the row is written; verify will say the head lags
                    log.warning("could not anchor audit row %d: %s", pending[0], exc)
                finally:
                    with self._pending_changed:
                        self._anchor_busy = False
                        self._pending_changed.notify_all()
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
        self.written()
        sql = "SELECT * FROM audit" + (" WHERE seq < ?" if before is not None else "") + " ORDER BY seq DESC LIMIT ?"
        params: tuple[int, ...] = (before, limit) if before is not None else (limit,)
        return [entry_or_unreadable(row) for row in self._conn().execute(sql, params)]

    def unfinished_dispatches(self) -> list[AuditEntry]:
        """``dispatch`` rows (a request about to leave the device) with no ``route`` row after them:
        requests that were out when the daemon stopped without finishing them (a crash)."""
        self.written()
        sql = (
            "SELECT * FROM audit AS d WHERE d.event = 'dispatch' AND NOT EXISTS "
            "(SELECT 1 FROM audit AS r WHERE r.request_id = d.request_id AND r.seq > d.seq AND r.event = 'route') "
            "ORDER BY d.seq"
        )
        return [entry_or_unreadable(row) for row in self._conn().execute(sql)]

    def verify(self) -> AuditVerification:
        self.written()
        self.flush()
        problems: list[str] = []
        prev = GENESIS_HASH
        expected_seq = 1
        rows = 0
        for row in self._conn().execute("SELECT * FROM audit ORDER BY seq"):
            rows += 1
            try:
                entry = parse_row(row)
            except (ValueError, TypeError) as exc:
                problems.append(f"row {row[0]}: unreadable ({exc})")
                continue
            if entry.seq != expected_seq:
                problems.append(f"rows {expected_seq}..{entry.seq - 1} are missing (deleted)")
            if entry.prev_hash != prev:
                problems.append(f"row {entry.seq}: does not follow the row before it (a row was deleted or replaced)")
            if chain(entry.prev_hash, entry.seq, entry.ts, entry.record) != entry.hash:
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


# the writer and anchor threads end (closing their connections) after this long without work
_WRITER_IDLE_S = 5.0
_ANCHOR_IDLE_S = 5.0
_ANCHOR_EVERY_S = 0.05  # the anchors' two fsyncs cost ~1 ms of CPU: once per 50 ms, not once per row
