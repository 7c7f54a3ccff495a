"""``islandrun config``: where the config lives, check it, write a starter file."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import IslandRunError
from ..paths import config_file
from .common import ConfigOption, console, fail, load_or_exit

__all__ = ["app"]

app = typer.Typer(help="Inspect and check the configuration file.", no_args_is_help=True)

STARTER = Path(__file__).with_name("config.example.toml")


@app.command("path")
def path_cmd() -> None:
    """Print the config file's path."""
    console.print(str(config_file()))


@app.command("check")
def check(config: ConfigOption = None) -> None:
    """Validate the config file; exit 2 with a message naming the key if it is broken."""
    path = config or config_file()
    loaded = load_or_exit(path)
    where = str(path) if path.exists() else f"{path} (not present: built-in defaults)"
    console.print(f"OK {where}: {len(loaded.all_islands())} island(s), policy {loaded.policy.mode.value}")


@app.command("init")
def init(config: ConfigOption = None) -> None:
    """Write a commented starter config (never overwrites an existing file)."""
    path = config or config_file()
    if path.exists():
        fail(IslandRunError(f"{path} exists already; edit it, or move it away first", title="Not overwritten"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    load_or_exit(path)
    console.print(f"wrote {path}")
