"""``islandrun keys``: island API keys, kept only in the OS keyring (never in the config file).

``set`` asks with a hidden prompt (or reads standard input with ``--stdin``, for scripts) and
never echoes the key; ``list`` says only whether a key is stored; ``delete`` removes it. Without a
usable OS keyring each command stops with what to install.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from ..errors import ConfigError
from ..remote.credentials import KeyringCredentials
from ..remote.errors import CredentialsError
from .common import ConfigOption, console, fail, load_or_exit

__all__ = ["app"]

app = typer.Typer(help="Island API keys, stored only in the OS keyring.", no_args_is_help=True)

IslandArg = Annotated[str, typer.Argument(help="The island's id, as in the config file.")]


def _known(island: str, config: ConfigOption) -> None:
    ids = [i.id for i in load_or_exit(config).islands]
    if island not in ids:
        known = ", ".join(ids) or "none are configured"
        fail(ConfigError(None, [(f"island {island!r}", f"not in the config; configured islands: {known}")]))


@app.command("set")
def set_cmd(
    island: IslandArg,
    from_stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the key from standard input instead of a hidden prompt.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Store the API key of ISLAND in the OS keyring (asked with a hidden prompt)."""
    _known(island, config)
    store = KeyringCredentials()
    try:
        store.backend()  # say there is no keyring before asking for a secret
        if from_stdin:
            secret = sys.stdin.readline().strip()
        else:
            secret = str(typer.prompt(f"API key for {island} (input hidden)", hide_input=True)).strip()
        store.set(island, secret)
    except CredentialsError as exc:
        fail(exc)
    console.print(f"stored the key for {island} in the OS keyring")


@app.command("delete")
def delete_cmd(island: IslandArg) -> None:
    """Remove the API key of ISLAND from the OS keyring."""
    try:
        removed = KeyringCredentials().delete(island)
    except CredentialsError as exc:
        fail(exc)
    console.print(f"deleted the key for {island}" if removed else f"no key was stored for {island}")


@app.command("list")
def list_cmd(
    island: Annotated[str | None, typer.Argument(help="One island's id (default: every configured island).")] = None,
    config: ConfigOption = None,
) -> None:
    """Show which islands have a key in the OS keyring (never the key itself)."""
    islands = load_or_exit(config).islands
    ids = [island] if island is not None else [i.id for i in islands]
    apis = {i.id: i.api for i in islands}
    if not ids:
        console.print("no islands are configured (add them under [[islands]] in the config file)")
        return
    store = KeyringCredentials()
    table = Table("island", "api", "key")
    try:
        store.backend()
        for island_id in ids:
            table.add_row(island_id, apis.get(island_id, "-"), "stored" if store.has(island_id) else "not set")
    except CredentialsError as exc:
        fail(exc)
    console.print(table)
