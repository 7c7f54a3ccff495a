"""Approvals: requests the policy holds for a human yes wait here.

A pending approval is announced on the event feed (``approval.requested``); the tray shows a
notification, the CLI (``islandrun approvals approve|deny``) or any API client answers.
Three answers, as on the notification's buttons:

- ``send`` (*Send sanitized*): the offload goes ahead (sanitized when trust drops);
- ``local`` (*Keep local*): the request is routed again without islands that need approval;
- ``deny`` (*Deny*): the request fails.

No answer within the policy's timeout means *deny* (fail closed), recorded as its own outcome
(``approval-timeout``, not ``denied``: the user did not say no). A *send* may ask to be remembered
for N minutes (:mod:`.grants`); never for restricted content, never for a request no app token
identifies. Nothing here blocks.
"""

from __future__ import annotations

import asyncio
import enum
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ApprovalDeniedError, ApprovalNotFoundError, ApprovalTimeoutError, RememberRefusedError
from .events import EventBus
from .grants import MAX_REMEMBER_MINUTES, remember_refusal

__all__ = [
    "Answer",
    "ApprovalDeniedError",
    "ApprovalNotFoundError",
    "ApprovalTimeoutError",
    "Approvals",
    "Decided",
    "PendingApproval",
    "RememberRefusedError",
]


class Answer(enum.StrEnum):
    SEND = "send"
    LOCAL = "local"
    DENY = "deny"


@dataclass(frozen=True, slots=True)
class Decided:
    """How an approval ended: the answer, why (``answered`` | ``timeout``), and for how many
    minutes a *send* is to be remembered (None: not remembered)."""

    answer: Answer
    reason: str = "answered"
    remember_minutes: int | None = None


@dataclass(slots=True)
class PendingApproval:
    id: str
    request_id: str
    created: float
    expires: float
    summary: Mapping[str, Any]
    future: asyncio.Future[Decided] = field(repr=False)

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "request_id": self.request_id,
            "created": self.created,
            "expires": self.expires,
            **self.summary,
        }


class Approvals:
    def __init__(self, events: EventBus) -> None:
        self._events = events
        self._pending: dict[str, PendingApproval] = {}

    def pending(self) -> list[PendingApproval]:
        return sorted(self._pending.values(), key=lambda p: p.created)

    async def ask(self, request_id: str, summary: Mapping[str, Any], timeout_s: float) -> Decided:
        """Wait for the user's answer; ``deny`` (reason ``timeout``) when none comes within ``timeout_s``."""
        loop = asyncio.get_running_loop()
        now = time.time()
        pending = PendingApproval(
            id=secrets.token_hex(6),
            request_id=request_id,
            created=now,
            expires=now + timeout_s,
            summary=dict(summary),
            future=loop.create_future(),
        )
        self._pending[pending.id] = pending
        self._events.publish("approval.requested", pending.public())
        decided = Decided(Answer.DENY, "timeout")
        try:
            decided = await asyncio.wait_for(asyncio.shield(pending.future), timeout_s)
        except TimeoutError:
            pass
        except asyncio.CancelledError:
            decided = Decided(Answer.DENY, "the client went away")
            raise
        finally:
            self._pending.pop(pending.id, None)
            if not pending.future.done():
                pending.future.cancel()
            self._events.publish(
                "approval.decided",
                {
                    "id": pending.id,
                    "request_id": request_id,
                    "answer": decided.answer.value,
                    "reason": decided.reason,
                    "outcome": "approval-timeout" if decided.reason == "timeout" else decided.answer.value,
                    "remember_minutes": decided.remember_minutes,
                },
            )
        return decided

    def decide(self, approval_id: str, answer: Answer, remember_minutes: int | None = None) -> PendingApproval:
        """Answer a pending approval; :class:`RememberRefusedError` (nothing decided) when
        ``remember_minutes`` is given where it cannot apply."""
        pending = self._pending.get(approval_id)
        if pending is None or pending.future.done():
            raise ApprovalNotFoundError(approval_id)
        if remember_minutes is not None:
            why = remember_refusal(str(pending.summary.get("sensitivity", "")), pending.summary.get("app"))
            if answer is not Answer.SEND:
                why = "only a Send can be remembered"
            elif not 1 <= remember_minutes <= MAX_REMEMBER_MINUTES:
                why = f"remember_minutes must be between 1 and {MAX_REMEMBER_MINUTES}"
            if why is not None:
                raise RememberRefusedError(why)
        pending.future.set_result(Decided(answer, "answered", remember_minutes))
        return pending
