"""``islandrun islands``: the islands this device knows and how far it trusts each."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from ..views import island_view
from .common import ConfigOption, console, load_or_exit

__all__ = ["app"]

app = typer.Typer(help="List the islands (places that can run a model).", no_args_is_help=True)


@app.command("list")
def list_cmd(config: ConfigOption = None, as_json: bool = typer.Option(False, "--json", help="JSON output.")) -> None:
    """List every island with its tier, trust composition, privacy, prices, models and datasets."""
    islands = load_or_exit(config).all_islands()
    if as_json:
        rows = [island_view(i) for i in islands]
        console.print_json(json.dumps(rows))
        return
    table = Table(title="Islands", title_justify="left")
    for column in ("id", "kind", "tier", "trust", "privacy", "$/1M in/out", "models", "datasets"):
        table.add_column(column)
    for i in islands:
        trust = "1 (personal group)" if i.personal else i.trust_spec.describe()
        table.add_row(
            i.id,
            i.kind.value,
            str(int(i.tier)),
            trust,
            f"{i.privacy:g}",
            "owned" if i.owned else f"{i.prices.input_per_mtok:g} / {i.prices.output_per_mtok:g}",
            ", ".join(i.models) or "-",
            ", ".join(i.datasets) or "-",
        )
    console.print(table)
