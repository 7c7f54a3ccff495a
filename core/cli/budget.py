"""``islandrun budget``: limits, spend and what is left, per period and island."""

from __future__ import annotations

import typer
from rich.table import Table

from ..errors import IslandRunError
from ..ledger import GLOBAL_SCOPE, Period
from ..ledger_sync import open_ledger
from .common import ConfigOption, console, fail, load_or_exit

__all__ = ["app"]

app = typer.Typer(help="Budgets and spend (USD).", no_args_is_help=True)


@app.command("show")
def show(config: ConfigOption = None) -> None:
    """Show every budget with what is spent or reserved and what is left."""
    loaded = load_or_exit(config)
    try:
        ledger = open_ledger(loaded)
    except IslandRunError as exc:
        fail(exc)
    budgets = ledger.budgets()
    if not budgets:
        console.print("No budgets set: add [budgets] daily_usd / monthly_usd to the config.")
    else:
        table = Table(title="Budgets", title_justify="left")
        for column in ("scope", "period", "limit $", "spent $", "left $"):
            table.add_column(column, justify="right" if column.endswith("$") else "left")
        for b in budgets:
            spent = ledger.spent(b.scope, b.period)
            scope = "all islands" if b.scope == GLOBAL_SCOPE else b.scope
            table.add_row(scope, b.period.value, f"{b.limit_usd:.4f}", f"{spent:.4f}", f"{b.limit_usd - spent:.4f}")
        console.print(table)
    console.print(
        f"Today ${ledger.spent(GLOBAL_SCOPE, Period.DAY):.4f}, this month "
        f"${ledger.spent(GLOBAL_SCOPE, Period.MONTH):.4f} (ledger: {ledger.path})"
    )
