"""``islandrun doctor``: check the setup (engine, GPU, keyring, desktop, model, port, socket, config)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from ..doctor import ALL_CHECKS, DEFAULT_TIMEOUT_S, DoctorContext, Status, run_checks, worst
from .common import ConfigOption, console

__all__ = ["register"]

_MARK = {Status.OK: "[green]ok  [/]", Status.WARN: "[yellow]warn[/]", Status.FAIL: "[bold red]fail[/]"}


def register(app: typer.Typer) -> None:
    @app.command("doctor")
    def doctor(
        config: ConfigOption = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
        only: Annotated[
            list[str] | None,
            typer.Option("--only", help="Run only this check (repeatable): " + ", ".join(c.name for c in ALL_CHECKS)),
        ] = None,
        timeout: Annotated[
            float, typer.Option("--timeout", min=0.1, max=120.0, help="Seconds each check may take.")
        ] = DEFAULT_TIMEOUT_S,
    ) -> None:
        """Check this machine's setup; each problem comes with a fix. Exit 1 when a check fails."""
        checks = list(ALL_CHECKS)
        if only:
            unknown = sorted(set(only) - {c.name for c in checks})
            if unknown:
                raise typer.BadParameter(f"unknown check(s) {', '.join(unknown)}", param_hint="--only")
            checks = [c for c in checks if c.name in only]
        results = run_checks(checks, DoctorContext.load(config), timeout)
        overall = worst(results)
        if as_json:
            payload = {"status": overall.value, "checks": [r.to_json() for r in results]}
            typer.echo(json.dumps(payload, indent=2))
        else:
            titles = {c.name: c.title for c in checks}
            for result in results:
                console.print(
                    f"{_MARK[result.status]}  {escape(titles[result.check]):<20} {escape(result.summary)}",
                    markup=True,
                    soft_wrap=True,
                )
                if result.fix and result.status is not Status.OK:
                    console.print(f"      fix: {escape(result.fix)}", soft_wrap=True, markup=False)
            counts = {s: sum(r.status is s for r in results) for s in Status}
            console.print(f"{counts[Status.OK]} ok, {counts[Status.WARN]} warning(s), {counts[Status.FAIL]} failure(s)")
        if overall is Status.FAIL:
            raise typer.Exit(1)
