"""`islandrun capacity`: This device's capacity: probes, thresholds, hysteresis state."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer
from rich.table import Table

from ..capacity.hysteresis import CapacityGates
from ..capacity.monitor import CapacityMonitor, CapacitySample, band_name
from ..capacity.probes import build_probes
from ..config import Config
from ..routing.policy import Priority
from .common import ConfigOption, console, load_or_exit

__all__ = ["app"]

app = typer.Typer(help="This device's capacity: probes, thresholds, hysteresis state.", no_args_is_help=False)

SecondsOption = Annotated[
    float, typer.Option("--seconds", min=0.0, max=60.0, help="Sample this long before printing (CPU needs ~1 s).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON output (one object per sample with --watch).")]
WatchOption = Annotated[bool, typer.Option("--watch", "-w", help="Print every sample until interrupted.")]
CountOption = Annotated[int | None, typer.Option("--count", "-n", min=1, help="With --watch: stop after N samples.")]


def _render(sample: CapacitySample, config: Config) -> None:
    policy = config.policy.to_policy()
    state = "DEGRADED" if sample.degraded else band_name(sample.accepting)
    dominant = f" ({sample.dominant} dominant)" if sample.dominant else ""
    console.print(f"capacity C = {sample.capacity:.2f}{dominant} — {state}")
    if sample.note:
        console.print(f"  note: {sample.note}")
    probes = Table("probe", "status", "pressure", "detail", title="probes", title_justify="left")
    for view in sample.probes:
        pressure = f"{view.reading.pressure:.2f}" if view.reading is not None and view.reading.present else "—"
        if view.status.value == "failed":
            pressure = "—"
        detail = view.error if view.error else (view.reading.detail if view.reading is not None else "")
        probes.add_row(view.name, view.status.value, pressure, detail or "")
    console.print(probes)
    gates = Table("tier", "offload below", "return above", "state", "predicted crossing", title="tiers (this device)")
    for tier in Priority:
        theta = sample.thresholds[tier]
        state = "local" if tier in sample.accepting else "offloading"
        if tier is Priority.PRIMARY:
            gates.add_row(tier.value, "never", "—", "local (queues when busy)", "—")
            continue
        seconds = sample.seconds_to_threshold.get(tier)
        crossing = f"in {seconds:.0f} s" if seconds is not None else "—"
        gates.add_row(tier.value, f"{theta:.2f}", f"{theta + policy.hysteresis_margin:.2f}", state, crossing)
    console.print(gates)
    forecast = (
        "no trend yet" if sample.forecast is None else f"C={sample.forecast:.2f} in {config.capacity.horizon_s:g} s"
    )
    console.print(
        f"forecast: {forecast}; buffer preset: {config.policy.buffer} ({policy.buffer:.0%},"
        " the headroom peers keep when they take this device's work)"
    )


async def _sample(config: Config, seconds: float, watch: bool, count: int | None, as_json: bool) -> None:
    capacity = config.capacity
    monitor = CapacityMonitor(build_probes(capacity), capacity, CapacityGates(config.policy.to_policy()))
    async with monitor:
        subscription = monitor.events.subscribe()
        if seconds > 0:
            await asyncio.sleep(seconds)
        printed = 0
        while True:
            sample = monitor.latest
            assert sample is not None  # start() takes the first sample
            if as_json:
                console.print(json.dumps(sample.as_dict()), soft_wrap=True)
            else:
                _render(sample, config)
            printed += 1
            if not watch or (count is not None and printed >= count):
                return
            while (await subscription.get()).kind.value != "sample":
                pass


def _run(config_path: ConfigOption, seconds: float, watch: bool, count: int | None, as_json: bool) -> None:
    config = load_or_exit(config_path)
    try:
        asyncio.run(_sample(config, seconds, watch, count, as_json))
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


@app.callback(invoke_without_command=True)
def _default(
    ctx: typer.Context,
    seconds: SecondsOption = 1.0,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Without a sub-command: the same as `islandrun capacity show`."""
    if ctx.invoked_subcommand is None:
        _run(config, seconds, False, None, as_json)


@app.command("show")
def show(
    seconds: SecondsOption = 1.0,
    watch: WatchOption = False,
    count: CountOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Measure this device now: every probe, C, each tier's threshold and whether it runs here."""
    _run(config, seconds, watch, count, as_json)
