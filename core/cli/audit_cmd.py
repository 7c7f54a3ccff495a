"""`islandrun audit`: read and verify the hash-chained audit log (works without the daemon)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from ..audit import AuditLog
from .common import console, err_console

__all__ = ["app"]

app = typer.Typer(help="The audit log: every routing decision and boundary crossing.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Check the hash chain: exit 1 when any row was edited or deleted."""
    result = AuditLog().verify()
    if result.ok:
        console.print(result.describe())
        return
    err_console.print(result.describe(), markup=False)
    raise typer.Exit(1)


@app.command("show")
def show(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000, help="How many, newest first.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """The newest entries: island, tier, sensitivity, entity types and counts, cost, outcome."""
    entries = AuditLog().entries(limit)
    if as_json:
        rows = [{"seq": e.seq, "ts": e.ts, **asdict(e.record), "hash": e.hash} for e in entries]
        console.print_json(json.dumps(rows))
        return
    table = Table(title="Audit log (newest first)", title_justify="left")
    for column in ("seq", "time (UTC)", "outcome", "island", "tier", "sensitivity", "entities", "sanitized", "USD"):
        table.add_column(column)
    for e in entries:
        r = e.record
        entities = ", ".join(f"{k}×{v}" for k, v in r.entities.items()) or "-"
        table.add_row(
            str(e.seq),
            e.ts[:19].replace("T", " "),
            r.outcome,
            r.island or "-",
            "-" if r.tier is None else str(r.tier),
            r.sensitivity or "-",
            entities,
            "yes" if r.sanitized else "no",
            f"{r.cost_usd:.6f}",
        )
    console.print(table)
