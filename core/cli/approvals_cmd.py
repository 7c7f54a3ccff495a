"""`islandrun approvals`: the requests waiting for a human yes, and the answers (via the daemon)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..daemon.approvals import Answer
from .common import console, daemon_call

__all__ = ["app"]

app = typer.Typer(help="Requests the policy holds for your yes (the daemon must be running).", no_args_is_help=True)


@app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """Pending approvals: where the request would go, its sensitivity, what was found."""
    pending = daemon_call("GET", "/api/approvals")
    if as_json:
        console.print_json(json.dumps(pending))
        return
    if not pending:
        console.print("No requests are waiting for approval.")
        return
    for p in pending:
        entities = ", ".join(f"{k}×{v}" for k, v in p.get("entities", {}).items()) or "none found"
        console.print(
            f"{p['id']}: to {p['island']} (tier {p['tier']}), {p['sensitivity']}, entities: {entities}, "
            f"sanitized: {'yes' if p.get('sanitized') else 'no'}, est. ${p.get('estimated_cost_usd', 0):.4f}"
        )


def _answer(approval_id: str, answer: Answer) -> None:
    result = daemon_call("POST", f"/api/approvals/{approval_id}", {"answer": answer.value})
    console.print(f"{result['id']}: {result['answer']}")


@app.command("approve")
def approve(approval_id: str) -> None:
    """Send it (sanitized where trust drops)."""
    _answer(approval_id, Answer.SEND)


@app.command("local")
def keep_local(approval_id: str) -> None:
    """Keep it on islands that need no approval (this device, your devices)."""
    _answer(approval_id, Answer.LOCAL)


@app.command("deny")
def deny(approval_id: str) -> None:
    """Refuse it: the request fails and nothing leaves."""
    _answer(approval_id, Answer.DENY)
