"""``islandrun apps``: a token per app (``add`` shows it once), listed and revoked by name.

Each app's requests then carry its name into the rate limit, the audit log and the approval
prompt, and one app can be cut off without breaking the others. The shared token
(``islandrun token``) keeps working as the app ``shared``. Works with or without the daemon: the
daemon picks up changes within a second.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from ..daemon.apps import AppTokens
from ..errors import IslandRunError
from .common import console, fail

__all__ = ["app"]

app = typer.Typer(help="Per-app API tokens: who asked, in rate limits, audit rows and approvals.", no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="The app's name: 1-63 of a-z 0-9 . _ -")]


@app.command("add")
def add(name: NameArg) -> None:
    """Make a token for an app and print it once (only a digest is kept)."""
    try:
        token = AppTokens().create(name)
    except (IslandRunError, OSError) as exc:
        fail(exc if isinstance(exc, IslandRunError) else IslandRunError(str(exc), title="App tokens"), 1)
    console.print(token, soft_wrap=True, highlight=False)
    console.print(f"[dim]the token for {name}: it is shown only now; `islandrun apps revoke {name}` ends it[/]")


@app.command("list")
def list_cmd() -> None:
    """The apps with a token of their own (name, created, the token's last four characters)."""
    table = Table("app", "created", "token ends")
    for info in AppTokens().list():
        table.add_row(info.name, datetime.fromtimestamp(info.created).strftime("%Y-%m-%d %H:%M"), f"…{info.hint}")
    table.add_row("shared", "-", "(islandrun token)")
    console.print(table)


@app.command("revoke")
def revoke(name: NameArg) -> None:
    """End an app's token at once; the other apps keep theirs."""
    try:
        AppTokens().revoke(name)
    except (IslandRunError, OSError) as exc:
        fail(exc if isinstance(exc, IslandRunError) else IslandRunError(str(exc), title="App tokens"), 1)
    console.print(f"revoked the token of {name}")
