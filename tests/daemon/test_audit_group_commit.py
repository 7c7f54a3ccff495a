"""The audit log's group commit: concurrent appends share commits, each caller gets its own row."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from islandrun.core.audit import AuditLog, AuditRecord


def _record(i: int, entities: dict[str, object] | None = None) -> AuditRecord:
    return AuditRecord(event="route", request_id=f"r{i}", outcome="ok", entities=entities or {"PERSON": 1})


def test_every_caller_gets_its_own_committed_row(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    got: dict[int, int] = {}

    def work(start: int) -> None:
        for i in range(start, start + 20):
            got[i] = log.append(_record(i)).seq

    threads = [threading.Thread(target=work, args=(k * 100,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got.values()) == list(range(1, 161))  # one row each, no seq given twice
    by_seq = {entry.seq: entry.record.request_id for entry in AuditLog(log.path).entries(limit=200)}
    assert all(by_seq[seq] == f"r{i}" for i, seq in got.items())  # the seq returned is the caller's row
    log.close()
    result = AuditLog(log.path).verify()
    assert result.ok and result.rows == 160, result.problems


def test_a_row_that_cannot_be_written_fails_only_its_own_caller(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    errors: list[BaseException] = []
    go = threading.Barrier(9)

    def good(i: int) -> None:
        go.wait()
        log.append(_record(i))

    def bad() -> None:
        go.wait()
        try:
            log.append(_record(99, {"PERSON": object()}))  # not JSON: this row cannot be stored
        except TypeError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=good, args=(i,)) for i in range(8)] + [threading.Thread(target=bad)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1
    log.close()
    result = AuditLog(log.path).verify()
    assert result.ok and result.rows == 8, result.problems
    assert {e.record.request_id for e in AuditLog(log.path).entries()} == {f"r{i}" for i in range(8)}


def test_appends_after_close_still_land(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.append(_record(1))
    log.close()
    log.append(_record(2))  # a new writer starts
    log.close()
    result = AuditLog(log.path).verify()
    assert result.ok and result.rows == 2, result.problems


def test_a_closed_log_has_anchored_its_last_row(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    for i in range(30):
        last = log.append(_record(i))
    log.close()  # the anchors are written at most every 50 ms; close waits for the last one
    assert f'"seq": {last.seq}' in log.head_path.read_text()


@pytest.mark.parametrize("rows", [1, 3])
def test_the_dispatch_row_is_on_disk_when_append_returns(tmp_path: Path, rows: int) -> None:
    """Another connection (another process after a crash) sees the row as soon as append returns."""
    import sqlite3

    log = AuditLog(tmp_path / "audit.sqlite3")
    for i in range(rows):
        seq = log.append(AuditRecord(event="dispatch", request_id=f"d{i}", outcome="sent")).seq
        with sqlite3.connect(log.path) as other:
            assert other.execute("SELECT request_id FROM audit WHERE seq = ?", (seq,)).fetchone() == (f"d{i}",)
    log.close()


def test_a_submitted_row_is_in_every_read_after_it(tmp_path: Path) -> None:
    """``submit`` does not wait for the commit, but no reader of the log can miss the row."""
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.submit(_record(1))
    assert [e.record.request_id for e in log.entries()] == ["r1"]
    log.submit(_record(2))
    assert log.verify().ok
    log.close()
    assert [e.record.request_id for e in AuditLog(log.path).entries()] == ["r2", "r1"]


async def test_rows_keep_the_order_of_the_calls(tmp_path: Path) -> None:
    """A request's ``dispatch`` row queued on the event loop comes before its ``route`` row, even when
    the route row is submitted before anyone waited for the dispatch row."""
    log = AuditLog(tmp_path / "audit.sqlite3")
    dispatch = log.append_soon(AuditRecord(event="dispatch", request_id="a", outcome="sent"))
    log.submit(AuditRecord(event="route", request_id="a", outcome="ok"))
    first = await dispatch
    assert first.record.event == "dispatch"
    rows = log.entries()
    assert [(e.seq, e.record.event) for e in rows] == [(first.seq + 1, "route"), (first.seq, "dispatch")]
    assert log.unfinished_dispatches() == []
    log.close()


async def test_a_row_that_cannot_be_written_fails_its_awaiting_caller(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    with pytest.raises(TypeError):
        await log.append_async(_record(1, {"PERSON": object()}))
    assert (await log.append_async(_record(2))).record.request_id == "r2"
    log.close()


def test_a_submitted_row_that_cannot_be_written_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.submit(_record(1, {"PERSON": object()}))
    log.submit(_record(2))
    assert log.written()
    assert "could not write audit row (route r1)" in caplog.text
    assert [e.record.request_id for e in log.entries()] == ["r2"]
    log.close()


async def test_a_caller_hears_that_its_row_is_being_committed_before_it_is_durable(tmp_path: Path) -> None:
    """``begun`` (the dispatch path sanitises once it is done, so that work overlaps the fsync) completes
    before the row is durable; for a row that cannot be written it completes too, so nobody waits for ever."""
    log = AuditLog(tmp_path / "audit.sqlite3")
    loop = asyncio.get_running_loop()
    order: list[str] = []
    for i, entities in ((1, None), (2, {"PERSON": object()})):  # the second is not JSON: it fails
        begun: asyncio.Future[None] = loop.create_future()
        durable = log.append_soon(_record(i, entities), begun=begun)
        begun.add_done_callback(lambda _, i=i: order.append(f"begun {i}"))
        durable.add_done_callback(lambda _, i=i: order.append(f"done {i}"))
        await begun
        if entities is None:
            assert (await durable).record.request_id == "r1"
        else:
            with pytest.raises(TypeError):
                await durable
    await asyncio.sleep(0)  # the callbacks of a future done before it was awaited run now
    assert order == ["begun 1", "done 1", "begun 2", "done 2"]
    assert [e.record.request_id for e in log.entries()] == ["r1"]
    log.close()
