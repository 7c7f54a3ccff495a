"""`islandrun capacity`: This device's capacity: probes, thresholds, hysteresis state."""

from __future__ import annotations

import typer

__all__ = ["app"]

app = typer.Typer(help="This device's capacity: probes, thresholds, hysteresis state.", no_args_is_help=True)
