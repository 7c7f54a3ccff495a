"""``islandrun route``: a dry run of the router over the configured islands."""

from __future__ import annotations

import json
import uuid
from typing import Annotated

import typer

from ..capacity.hysteresis import CapacityGates
from ..errors import IslandRunError, NoEligibleIslandError
from ..islands import LOCAL_ISLAND_ID, IslandRegistry
from ..ledger_sync import open_ledger
from ..routing import Priority, RouteDecision, RouteRequest, route
from ..routing.snapshot_builder import build_snapshot
from ..sensitivity import SensitivityLevel, parse_sensitivity
from ..views import decision_view
from .common import ConfigOption, console, err_console, fail, load_or_exit

__all__ = ["register"]


def _sensitivity(value: str) -> float:
    try:
        return parse_sensitivity(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _decision_json(decision: RouteDecision) -> str:
    return json.dumps(decision_view(decision))


def register(app: typer.Typer) -> None:
    @app.command("route")
    def route_cmd(
        sensitivity: Annotated[
            str,
            typer.Option("--sensitivity", "-s", help=f"Level ({', '.join(SensitivityLevel)}) or a number in [0, 1]."),
        ] = "public",
        tier: Annotated[Priority, typer.Option("--tier", "-t", help="Priority tier.")] = Priority.SECONDARY,
        model: Annotated[str | None, typer.Option(help="Required model.")] = None,
        dataset: Annotated[str | None, typer.Option(help="Required dataset (collection).")] = None,
        max_latency_ms: Annotated[float | None, typer.Option(help="Latency bound.")] = None,
        max_cost: Annotated[float | None, typer.Option(help="Max cost in USD.")] = None,
        input_tokens: Annotated[int, typer.Option(min=0, help="Prompt tokens.")] = 500,
        output_tokens: Annotated[int, typer.Option(min=0, help="max_tokens.")] = 256,
        local_capacity: Annotated[
            float, typer.Option(min=0.0, max=1.0, help="Capacity of this device to assume.")
        ] = 1.0,
        explain: Annotated[bool, typer.Option("--explain", help="Show every island's fate.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
        config: ConfigOption = None,
    ) -> None:
        """Dry-run the router: where would a request like this run, and why?"""
        loaded = load_or_exit(config)
        policy = loaded.policy.to_policy()
        request = RouteRequest(
            request_id=uuid.uuid4().hex[:12],
            sensitivity=_sensitivity(sensitivity),
            priority=tier,
            model=model,
            dataset=dataset,
            max_latency_ms=max_latency_ms,
            max_cost_usd=max_cost,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
        )
        try:
            ledger = open_ledger(loaded)
            snapshot = build_snapshot(
                IslandRegistry(loaded.all_islands()),
                CapacityGates(policy),
                {LOCAL_ISLAND_ID: local_capacity},
                ledger,
            )
            decision = route(request, snapshot, policy)
        except NoEligibleIslandError as exc:
            if as_json:
                err_console.print_json(json.dumps({"error": "no_eligible_island", "reasons": exc.reasons}))
                raise typer.Exit(3) from None
            fail(exc, code=3)
        except IslandRunError as exc:
            fail(exc)
        if as_json:
            console.print_json(_decision_json(decision))
        elif explain:
            console.print(decision.explain())
        else:
            console.print(f"{decision.island_id}")
