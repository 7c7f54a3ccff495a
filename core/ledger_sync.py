"""The spending ledger as the config says: its budgets and price table follow `config.toml`."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .ledger import GLOBAL_SCOPE, Ledger, Period
from .paths import ledger_file

__all__ = ["open_ledger", "sync_ledger"]


def sync_ledger(ledger: Ledger, config: Config) -> None:
    """Make the ledger's price table and budgets say what the config says."""
    wanted: dict[tuple[str, Period], float | None] = {}
    for budget in ledger.budgets():
        wanted[(budget.scope, budget.period)] = None  # removed unless the config still has it
    scopes = [(GLOBAL_SCOPE, config.budgets)] + [(i.id, i.budget) for i in config.islands]
    for scope, limits in scopes:
        wanted[(scope, Period.DAY)] = limits.daily_usd
        wanted[(scope, Period.MONTH)] = limits.monthly_usd
    for (scope, period), limit in wanted.items():
        ledger.set_budget(scope, period, limit)
    for island in config.all_islands():
        ledger.set_price(island.id, island.prices)


def open_ledger(config: Config, path: Path | None = None) -> Ledger:
    ledger = Ledger(path or ledger_file())
    sync_ledger(ledger, config)
    return ledger
