"""The words of an approval question, from the daemon's ``approval.requested`` summary (no Qt).

The summary carries the requesting app, the island, the sensitivity level, the entity kinds and
counts (never values), the time it expires, and ``preview``: the sanitised text exactly as it
would leave, with its placeholders (``[CONTACT_935]``), cut to its end when long.
"""

from __future__ import annotations

import html
import re
import time
from typing import Any

__all__ = [
    "PLACEHOLDER",
    "REMEMBER_CHOICES",
    "app_label",
    "clock",
    "describe",
    "excerpt",
    "notification_body",
    "time_left",
]

# What the sanitiser puts in place of a value: "[" KIND "_" number "]"
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9]*_\d+\]")

# (minutes, words) offered for "allow this app … for N minutes"
REMEMBER_CHOICES = ((15, "15 minutes"), (60, "1 hour"), (480, "8 hours"))


def app_label(app: object) -> str:
    if not app:
        return "a program on this device's socket (no app token)"
    if app == "shared":
        return "an app using the shared token"
    return f"the app “{app}”"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def describe(approval: dict[str, Any]) -> tuple[str, str]:
    """Title and body of the question."""
    island = approval.get("island_name") or approval.get("island") or "another island"
    level = str(approval.get("sensitivity") or "sensitive")
    title = f"Send {_article(level)} {level} request to {island}?"
    entities = approval.get("entities") or {}
    kinds = ", ".join(f"{kind} ×{count}" for kind, count in entities.items())
    if not kinds:
        found = "No personal details were detected, so nothing is replaced"
    elif approval.get("sanitized"):
        found = f"Replaced by placeholders: {kinds}"
    else:
        found = f"Detected: {kinds}; this island gets them as written"
    cost = float(approval.get("estimated_cost_usd") or 0.0)
    price = f"${cost:.2f}" if cost >= 0.01 else "less than one cent"
    body = f"From {app_label(approval.get('app'))}. {found}. Estimated cost {price}."
    return title, body


def time_left(approval: dict[str, Any], now: float | None = None) -> float:
    """Seconds until the daemon's timeout answers Deny (never below 0)."""
    expires = approval.get("expires")
    if expires is None:
        return 0.0
    return max(0.0, float(expires) - (time.time() if now is None else now))


def clock(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


def excerpt(approval: dict[str, Any], limit: int = 280) -> str:
    """The end of the preview (the newest text), or the daemon's note when there is none."""
    preview = approval.get("preview")
    if not preview:
        return str(approval.get("preview_note") or "no preview")
    text = str(preview)
    return text if len(text) <= limit else "…" + text[len(text) - limit :]


def notification_body(approval: dict[str, Any], *, markup: bool, now: float | None = None) -> str:
    """The body of the desktop notification: who asks, what is replaced, an excerpt of what leaves,
    and the time left. With ``markup`` (the server renders a subset of HTML), the text is escaped
    and each placeholder is bold."""
    _, body = describe(approval)
    shown = excerpt(approval)
    if markup:
        shown = PLACEHOLDER.sub(lambda m: f"<b>{m.group(0)}</b>", html.escape(shown, quote=False))
        body = html.escape(body, quote=False)
    seconds = time_left(approval, now)
    return f"{body}\n\n{shown}\n\nAnswer within {clock(seconds)} — no answer means Deny."
