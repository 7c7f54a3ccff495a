"""The ledger: atomic reservations never overrun a budget, across threads and processes."""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from islandrun.core.errors import BudgetExceededError, LedgerError
from islandrun.core.islands import Prices
from islandrun.core.ledger import GLOBAL_SCOPE, Ledger, Period


def test_reserve_settle_and_spend(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.set_budget(GLOBAL_SCOPE, Period.DAY, 1.0)
    r = ledger.reserve("req1", "cloud", 0.4)
    assert ledger.spent() == pytest.approx(0.4)  # reserved counts until settled
    assert ledger.remaining("cloud") == pytest.approx(0.6)
    ledger.settle(r, 0.1, input_tokens=100, output_tokens=50)
    assert ledger.spent() == pytest.approx(0.1)
    [charge] = ledger.charges()
    assert (charge.status, charge.actual_usd, charge.input_tokens, charge.output_tokens) == ("settled", 0.1, 100, 50)
    with pytest.raises(LedgerError, match="not open"):
        ledger.settle(r, 0.1)


def test_over_budget_reservation_is_refused_and_names_the_budget(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.set_budget("cloud", Period.MONTH, 0.5)
    ledger.reserve("a", "cloud", 0.3)
    with pytest.raises(BudgetExceededError) as caught:
        ledger.reserve("b", "cloud", 0.3)
    assert caught.value.scope == "cloud" and caught.value.period == "month"
    assert "month budget for island 'cloud' is $0.5000" in str(caught.value)
    ledger.reserve("c", "other-island", 0.3)  # a per-island budget binds only that island


def test_owned_hardware_is_never_blocked(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.set_budget(GLOBAL_SCOPE, Period.DAY, 0.0)
    for i in range(3):
        ledger.settle(ledger.reserve(f"r{i}", "local", 0.0), 0.0)
    with pytest.raises(BudgetExceededError):
        ledger.reserve("paid", "cloud", 0.01)


def test_released_and_abandoned_reservations_free_the_budget(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.set_budget(GLOBAL_SCOPE, Period.DAY, 1.0)
    ledger.release(ledger.reserve("a", "c", 0.9), "approval denied")
    ledger.reserve("b", "c", 0.9)  # left open, as by a crash
    assert ledger.spent() == pytest.approx(0.9)
    reopened = Ledger(tmp_path / "l.sqlite3")
    assert reopened.release_abandoned() == (1, 0)
    assert reopened.spent() == pytest.approx(0.0)


def test_a_request_that_had_left_the_device_is_settled_at_its_estimate_after_a_crash(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.set_budget(GLOBAL_SCOPE, Period.DAY, 1.0)
    sent = ledger.reserve("sent", "cloud", 0.3)
    ledger.mark_dispatched(sent)  # the prompt reached the island, then kill -9
    ledger.reserve("queued", "cloud", 0.2)  # never left
    assert ledger.spent() == pytest.approx(0.5)
    reopened = Ledger(tmp_path / "l.sqlite3")
    assert reopened.release_abandoned() == (1, 1)
    assert reopened.spent() == pytest.approx(0.3)  # the island may bill it: not $0
    [charge] = [c for c in reopened.charges() if c.request_id == "sent"]
    assert charge.status == "settled" and charge.estimated and charge.actual_usd == pytest.approx(0.3)


def test_periods_reset_at_local_midnight_and_month_start(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    ledger.set_budget(GLOBAL_SCOPE, Period.DAY, 1.0)
    yesterday = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0).timestamp() - 60
    ledger.settle(ledger.reserve("old", "c", 1.0, now=yesterday), 1.0)
    assert ledger.spent(GLOBAL_SCOPE, Period.DAY) == 0.0
    ledger.reserve("today", "c", 1.0)  # yesterday's spend does not count today


def test_price_table(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    assert ledger.price("c") is None
    ledger.set_price("c", Prices(0.15, 0.6))
    ledger.set_price("c", Prices(0.2, 0.8))
    assert ledger.price("c") == Prices(0.2, 0.8)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LedgerError, match="cannot open the ledger"):
        Ledger(path)
    assert path.read_bytes().startswith(b"this is not sqlite")


@settings(max_examples=15, deadline=None)
@given(
    limit=st.floats(0.0, 2.0),
    amounts=st.lists(st.floats(0.0, 0.5), min_size=1, max_size=24),
    threads=st.integers(2, 8),
)
def test_concurrent_thread_reservations_never_overrun(limit: float, amounts: list[float], threads: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(Path(tmp) / "l.sqlite3")
        ledger.set_budget(GLOBAL_SCOPE, Period.DAY, limit)
        barrier = threading.Barrier(threads)
        granted: list[float] = []
        lock = threading.Lock()

        def worker(k: int) -> None:
            barrier.wait()
            for i, amount in enumerate(amounts[k::threads]):
                try:
                    ledger.reserve(f"t{k}-{i}", "cloud", amount)
                except BudgetExceededError:
                    continue
                with lock:
                    granted.append(amount)

        pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        assert sum(granted) <= limit + 1e-9
        assert ledger.spent() == pytest.approx(sum(granted))


def _process_worker(path: str, worker: int, amounts: list[float], start: float) -> None:
    ledger = Ledger(Path(path))
    while time.time() < start:
        time.sleep(0.001)
    for i, amount in enumerate(amounts):
        with contextlib.suppress(BudgetExceededError):
            ledger.reserve(f"p{worker}-{i}", "cloud", amount)


def test_concurrent_process_reservations_never_overrun(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    ledger = Ledger(path)
    ledger.set_budget(GLOBAL_SCOPE, Period.DAY, 1.0)
    ledger.set_budget("cloud", Period.MONTH, 0.9)
    ctx = multiprocessing.get_context("spawn")
    start = time.time() + 1.5
    procs = [ctx.Process(target=_process_worker, args=(str(path), w, [0.07] * 10, start)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    spent = ledger.spent("cloud", Period.MONTH)
    assert spent <= 0.9 + 1e-9
    assert spent == pytest.approx(0.07 * 12)  # 40 attempts; exactly the 12 that fit were granted
