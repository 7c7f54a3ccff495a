"""What the router needs to know about one request (DESIGN §2 "Request")."""

from __future__ import annotations

from dataclasses import dataclass

from ..islands import Feature
from .policy import ApprovalAnswer, Priority

__all__ = ["RouteRequest"]


@dataclass(frozen=True, slots=True)
class RouteRequest:
    request_id: str
    sensitivity: float  # s(r) ∈ [0, 1] from MIST, after the client's floor
    priority: Priority = Priority.SECONDARY
    model: str | None = None
    dataset: str | None = None
    max_latency_ms: float | None = None
    max_cost_usd: float | None = None
    input_tokens: int = 0  # counted or estimated prompt tokens
    output_tokens: int = 256  # max_tokens: the reservation is an upper bound
    approval: ApprovalAnswer = ApprovalAnswer.NOT_ASKED
    conversation_id: str | None = None
    needs: frozenset[Feature] = frozenset()  # what the request asks beyond plain chat (tools, logprobs …)

    def __post_init__(self) -> None:
        if not 0.0 <= self.sensitivity <= 1.0:
            raise ValueError(f"sensitivity must be in [0, 1], got {self.sensitivity}")
        if self.input_tokens < 0 or self.output_tokens < 0:
            raise ValueError("token counts must not be negative")
