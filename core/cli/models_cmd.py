"""`islandrun models`: Local models: the embedded default, your GGUF files, models already on disk."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(
    help="Local models: the embedded default, your GGUF files, models already on disk.", no_args_is_help=True
)
