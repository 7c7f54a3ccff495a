"""``islandrun``: the entry point. Command groups register here, in one place."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import (
    approvals_cmd,
    apps_cmd,
    audit_cmd,
    budget,
    capacity_cmd,
    collections_cmd,
    config_cmd,
    doctor_cmd,
    islands_cmd,
    keys_cmd,
    models_cmd,
    peers_cmd,
    privacy_cmd,
    route_cmd,
    serve_cmd,
)

__all__ = ["app", "main"]

app = typer.Typer(
    name="islandrun",
    help="IslandRun: a privacy-first router for LLM inference.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"islandrun {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """IslandRun decides where each LLM request may run, and what may leave this device."""


app.add_typer(config_cmd.app, name="config")
app.add_typer(islands_cmd.app, name="islands")
app.add_typer(budget.app, name="budget")
app.add_typer(privacy_cmd.app, name="privacy")
app.add_typer(models_cmd.app, name="models")
app.add_typer(capacity_cmd.app, name="capacity")
route_cmd.register(app)
serve_cmd.register(app)
doctor_cmd.register(app)
app.add_typer(approvals_cmd.app, name="approvals")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(keys_cmd.app, name="keys")
app.add_typer(apps_cmd.app, name="apps")
app.add_typer(peers_cmd.app, name="peers")
app.add_typer(collections_cmd.app, name="collections")


def main() -> None:
    app()
