"""`islandrun privacy`: What would leave this device, and as what: scan, detect, sanitize."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(help="What would leave this device, and as what: scan, detect, sanitize.", no_args_is_help=True)
