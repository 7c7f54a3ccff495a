"""The audit log: hash chain, tamper detection, values never stored, concurrent appenders."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
from pathlib import Path

from islandrun.core.audit import AuditLog, AuditRecord

from .conftest import ISLANDRUN


def _fill(log: AuditLog, n: int) -> None:
    for i in range(n):
        log.append(
            AuditRecord(
                event="route",
                request_id=f"r{i}",
                outcome="ok",
                island="local",
                tier=1,
                sensitivity="confidential",
                entities={"PERSON": 2, "EMAIL": 1},
            )
        )


def _db(log: AuditLog) -> sqlite3.Connection:
    return sqlite3.connect(log.path, isolation_level=None)


def test_an_intact_log_verifies(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    assert log.verify().ok  # empty
    _fill(log, 5)
    result = log.verify()
    assert result.ok and result.rows == 5
    newest = log.entries(2)
    assert [e.seq for e in newest] == [5, 4]
    assert newest[0].prev_hash == newest[1].hash


def test_an_edited_row_is_detected(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    _fill(log, 5)
    _db(log).execute("UPDATE audit SET island = 'cloud' WHERE seq = 3")
    result = log.verify()
    assert not result.ok
    assert any("row 3" in p and "edited" in p for p in result.problems)


def test_a_deleted_row_is_detected(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    _fill(log, 5)
    _db(log).execute("DELETE FROM audit WHERE seq = 2")
    result = log.verify()
    assert not result.ok
    assert any("missing" in p for p in result.problems)


def test_rows_deleted_at_the_end_are_detected(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    _fill(log, 5)
    _db(log).execute("DELETE FROM audit WHERE seq >= 4")
    result = log.verify()
    assert not result.ok
    assert any("4..5" in p for p in result.problems)


def test_a_rewritten_chain_does_not_match_the_head(tmp_path: Path) -> None:
    """Someone replaces the whole table with a self-consistent forged chain of the same length."""
    log = AuditLog(tmp_path / "audit.sqlite3")
    _fill(log, 3)
    (tmp_path / "forged").mkdir()
    forged = AuditLog(tmp_path / "forged" / "audit.sqlite3")
    _fill(forged, 3)
    log.close()
    forged.close()
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"audit.sqlite3{suffix}").unlink(missing_ok=True)
    (tmp_path / "forged" / "audit.sqlite3").replace(tmp_path / "audit.sqlite3")
    assert not AuditLog(tmp_path / "audit.sqlite3").verify().ok


def test_concurrent_appenders_keep_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    AuditLog(path)

    def work() -> None:
        _fill(AuditLog(path), 25)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = AuditLog(path).verify()
    assert result.ok, result.problems
    assert result.rows == 100


def test_the_cli_verifies_and_fails_on_damage(tmp_path: Path) -> None:
    env = {"ISLANDRUN_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    log = AuditLog(tmp_path / "audit.sqlite3")
    _fill(log, 3)
    ok = subprocess.run([ISLANDRUN, "audit", "verify"], env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "3 rows" in ok.stdout
    shown = subprocess.run([ISLANDRUN, "audit", "show", "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert '"PERSON": 2' in shown.stdout
    _db(log).execute("UPDATE audit SET cost_usd = 0.5 WHERE seq = 1")
    bad = subprocess.run([ISLANDRUN, "audit", "verify"], env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "row 1" in bad.stderr


def test_a_cut_tail_stays_visible_after_the_head_file_is_deleted_and_rows_are_appended(tmp_path: Path) -> None:
    """The attack from the field: delete the last rows and the head file, let the daemon append.
    The ledger's anchor still remembers the cut, and new rows never move it past the gap."""
    log = AuditLog(tmp_path / "audit.sqlite3")
    _fill(log, 6)
    log.flush()  # the anchors trail the rows by milliseconds (core/audit.py); an attacker comes later
    _db(log).execute("DELETE FROM audit WHERE seq >= 4")
    log.head_path.unlink()
    _fill(log, 5)  # the daemon goes on: rows 4..8 again, chained to row 3
    result = AuditLog(tmp_path / "audit.sqlite3").verify()
    assert not result.ok
    assert any("row 6" in p and "ledger anchor" in p for p in result.problems), result.problems


def test_a_malformed_row_is_reported_not_a_traceback(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite3")
    _fill(log, 3)
    _db(log).execute("UPDATE audit SET entities = 'null' WHERE seq = 2")
    result = log.verify()
    assert not result.ok and any("row 2" in p and "unreadable" in p for p in result.problems)
    shown = {e.seq: e for e in log.entries()}
    assert shown[2].record.outcome == "unreadable" and "malformed" in shown[2].record.detail
    assert shown[3].record.outcome == "ok"
    env = {"ISLANDRUN_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cli = subprocess.run([ISLANDRUN, "audit", "verify"], env=env, capture_output=True, text=True, timeout=60)
    assert cli.returncode == 1 and "Traceback" not in cli.stderr and "row 2" in cli.stderr
    listed = subprocess.run([ISLANDRUN, "audit", "show"], env=env, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
