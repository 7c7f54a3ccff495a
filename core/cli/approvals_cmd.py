"""`islandrun approvals`: the requests waiting for a human yes, and the answers (via the daemon)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ..daemon.approvals import Answer
from ..errors import IslandRunError
from .common import console, fail

__all__ = ["app"]

app = typer.Typer(help="Requests the policy holds for your yes (the daemon must be running).", no_args_is_help=True)


def _call(method: str, path: str, body: Any = None) -> Any:
    from ..daemon.client import DaemonClient

    try:
        with DaemonClient() as client:
            return client.request(method, path, body)
    except IslandRunError as exc:
        fail(exc, 1)


@app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """Pending approvals: where the request would go, its sensitivity, what was found."""
    pending = _call("GET", "/api/approvals")
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
    result = _call("POST", f"/api/approvals/{approval_id}", {"answer": answer.value})
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
