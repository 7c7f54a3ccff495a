"""One root for every error IslandRun raises on purpose.

Each error carries a short ``title`` and a ``message`` written for a person (a CLI line, a
dialog, an HTTP error body). Foreign exceptions (TOML, pydantic, sqlite) are translated into
these where they are caught, never shown raw.

    IslandRunError
    ├── ConfigError            a config file that cannot be read or is invalid
    ├── RoutingError
    │   └── NoEligibleIslandError   every island was excluded; says why for each
    └── LedgerError
        └── BudgetExceededError     a reservation would overrun a budget
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BudgetExceededError",
    "ConfigError",
    "IslandRunError",
    "LedgerError",
    "NoEligibleIslandError",
    "RoutingError",
    "UnknownModelError",
]


class IslandRunError(Exception):
    """Base of all IslandRun errors: a title and a message a person can act on."""

    title: str = "IslandRun error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class ConfigError(IslandRunError):
    """The configuration file is unreadable or invalid.

    ``problems`` holds one ``(key, expected)`` pair per problem, ``key`` in dotted form
    (``islands[0].trust``) so that tests and the GUI can point at the exact field.
    """

    title = "Configuration error"

    def __init__(self, path: Path | None, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        where = str(path) if path is not None else "configuration"
        lines = [f"{where}: {key}: {expected}" for key, expected in problems]
        super().__init__("\n".join(lines))


class RoutingError(IslandRunError):
    title = "Routing error"


class UnknownModelError(RoutingError):
    """No island serves the model a request names (HTTP 404); the message lists the ones that exist."""

    title = "Unknown model"

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        listing = ", ".join(known) if known else "none"
        super().__init__(
            f"model {name!r} is not served here; models available: {listing} "
            "(or 'default' for this device's default model)"
        )


class NoEligibleIslandError(RoutingError):
    """No island passed the hard filters. ``reasons`` maps island id to why it was excluded."""

    title = "No eligible island"

    def __init__(self, request_id: str, reasons: dict[str, list[str]]) -> None:
        self.request_id = request_id
        self.reasons = reasons
        lines = [f"no island may run request {request_id}:"]
        for island_id, why in reasons.items():
            lines.append(f"  - {island_id}: {'; '.join(why)}")
        if not reasons:
            lines.append("  (no islands are configured)")
        super().__init__("\n".join(lines))


class LedgerError(IslandRunError):
    title = "Ledger error"


class BudgetExceededError(LedgerError):
    title = "Budget exceeded"

    def __init__(self, scope: str, period: str, limit_usd: float, used_usd: float, amount_usd: float) -> None:
        self.scope = scope
        self.period = period
        self.limit_usd = limit_usd
        self.used_usd = used_usd
        self.amount_usd = amount_usd
        who = "all islands" if scope == "*" else f"island {scope!r}"
        super().__init__(
            f"the {period} budget for {who} is ${limit_usd:.4f}; ${used_usd:.4f} is spent or reserved, "
            f"and this request may cost up to ${amount_usd:.4f}"
        )
