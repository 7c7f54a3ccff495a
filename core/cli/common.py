"""Helpers shared by the CLI command modules: loading config, printing errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from ..config import Config, load_config
from ..errors import IslandRunError

__all__ = ["ConfigOption", "console", "daemon_call", "err_console", "fail", "load_or_exit"]

console = Console(highlight=False, markup=False)
err_console = Console(stderr=True, highlight=False)

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default: the platform config dir, or $ISLANDRUN_CONFIG)."),
]


def fail(error: IslandRunError, code: int = 2) -> NoReturn:
    err_console.print(f"[bold red]{escape(error.title)}[/]: {escape(error.message)}", soft_wrap=True)
    raise typer.Exit(code)


def load_or_exit(path: Path | None) -> Config:
    try:
        return load_config(path)
    except IslandRunError as exc:
        fail(exc)


def daemon_call(method: str, path: str, body: Any = None, *, timeout: float = 30.0) -> Any:
    """One request to the running daemon (its Unix socket, or TCP with the token); errors exit 1."""
    from ..daemon.client import DaemonClient  # the daemon's HTTP stack loads only for these commands

    try:
        with DaemonClient(timeout=timeout) as client:
            return client.request(method, path, body)
    except IslandRunError as exc:
        fail(exc, 1)
