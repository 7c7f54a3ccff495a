"""`islandrun peers`: your other devices (LIGHTHOUSE) — list, pair with the 6-digit code, accept,
un-pair, and this device's identity. Everything but `identity` goes through the running daemon."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ..discovery.identity import identity_dir, load_or_create_identity, regenerate_identity, short_id
from ..errors import IslandRunError
from .common import console, daemon_call, fail

__all__ = ["app"]

app = typer.Typer(
    help="Your other devices: the personal group over the LAN (the daemon must be running).", no_args_is_help=True
)


def _say(text: str) -> None:
    console.print(text, soft_wrap=True)  # commands in the text must survive copy and paste


def _code(code: str | None) -> str:
    return "" if code is None else f"{code[:3]} {code[3:]}"


@app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """This device, the devices seen on the LAN and their state, and pairing requests."""
    group = daemon_call("GET", "/api/peers")
    if as_json:
        console.print_json(json.dumps(group))
        return
    _say(f"This device: {group['name']} ({group['short_id']}), peer port {group['peer_port']}")
    if group.get("discovery_problem"):
        _say(f"  discovery: {group['discovery_problem']}")
    if not group["peers"]:
        _say("No other device seen yet (they appear within seconds on the same network).")
    for peer in group["peers"]:
        state = peer["state"] + (" (cached)" if peer["stale"] else "")
        extra = ""
        if peer["state"] == "live":
            extra = f", capacity {peer['capacity']:.2f}, queue {peer['queue_depth']}, models: " + (
                ", ".join(peer["models"]) or "none"
            )
            if peer["collections"]:
                extra += ", collections: " + ", ".join(c["name"] for c in peer["collections"])
        where = ", ".join(peer["addresses"]) or "no address"
        _say(f"{peer['name']} ({peer['short_id']}): {state} at {where}:{peer['peer_port']}{extra}")
    for pairing in group["pairings"]:
        if pairing["direction"] == "incoming":
            _say(
                f"Pairing request from {pairing['name']} ({pairing['short_id']}), code {_code(pairing['code'])}: "
                f"`islandrun peers accept {pairing['session']} --code NNNNNN` if that device shows the same code"
            )


@app.command("pair")
def pair(
    device: Annotated[str, typer.Argument(help="Name, short id or id prefix from `islandrun peers list`.")] = "",
    address: Annotated[
        str | None, typer.Option("--address", help="HOST:PORT of its peer listener, where discovery cannot see it.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; trust that the codes match.")] = False,
) -> None:
    """Pair with another device: both show the same 6-digit code; confirm here, accept there."""
    session: dict[str, Any] = daemon_call("POST", "/api/peers/pair", {"target": device, "address": address})
    _say(f"Code: {_code(session['code'])}")
    _say(f"On {session['name']}, run `islandrun peers list` (or look at its tray): it must show the same code.")
    if not yes and not typer.confirm("Does the other device show the same code?", default=False):
        daemon_call("DELETE", f"/api/peers/pairings/{session['session']}")
        _say("Not paired.")
        raise typer.Exit(1)
    done = daemon_call("POST", f"/api/peers/pairings/{session['session']}/confirm")
    _say(
        f"Paired with {done['name']} ({done['short_id']}) on this side; on that device, accept with "
        f"`islandrun peers accept {session['session']} --code {session['code']}`."
    )


@app.command("accept")
def accept(
    session: Annotated[str, typer.Argument(help="The request's session, as `islandrun peers list` shows it.")],
    code: Annotated[str, typer.Option("--code", help="The 6-digit code this device shows.")],
) -> None:
    """Accept a pairing request, typing the code both devices show."""
    done = daemon_call("POST", f"/api/peers/pairings/{session}/accept", {"code": code})
    _say(f"Paired with {done['name']} ({done['short_id']}).")


@app.command("refuse")
def refuse(session: Annotated[str, typer.Argument(help="The request's session.")]) -> None:
    """Refuse a pairing request (or cancel one this device started)."""
    daemon_call("DELETE", f"/api/peers/pairings/{session}")
    _say("Refused.")


@app.command("remove")
def remove(device: Annotated[str, typer.Argument(help="Name, short id or id prefix.")]) -> None:
    """Un-pair a device: it is never sent a request again, and its connections are refused."""
    done = daemon_call("DELETE", f"/api/peers/{device}")
    _say(f"Un-paired {done['name']}.")


@app.command("identity")
def identity(
    regenerate: Annotated[
        bool,
        typer.Option("--regenerate", help="Make a new key pair: every paired device must pair with this one again."),
    ] = False,
) -> None:
    """This device's id (its certificate's SHA-256 fingerprint). Works without the daemon."""
    try:
        if regenerate:
            typer.confirm(
                "A new identity un-pairs this device from all others (they must pair again). Continue?",
                abort=True,
            )
            current = regenerate_identity()
        else:
            current = load_or_create_identity()
    except IslandRunError as exc:
        fail(exc, 1)
    _say(f"Device id: {current.device_id}")
    _say(f"Short id:  {short_id(current.device_id)}")
    _say(f"Stored in: {identity_dir()}")
