"""Approvals: requests the policy holds for a human yes wait here.

A pending approval is announced on the event feed (``approval.requested``); the tray shows a
notification, the CLI (``islandrun approvals approve|deny``) or any API client answers.
Three answers, as on the notification's buttons:

- ``send`` (*Send sanitized*): the offload goes ahead (sanitized when trust drops);
- ``local`` (*Keep local*): the request is routed again without islands that need approval;
- ``deny`` (*Deny*): the request fails.

No answer within the policy's timeout means *deny* (fail closed). Nothing here blocks.
"""

from __future__ import annotations

import asyncio
import enum
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import IslandRunError
from .events import EventBus

__all__ = ["Answer", "ApprovalDeniedError", "ApprovalNotFoundError", "Approvals", "PendingApproval"]


class Answer(enum.StrEnum):
    SEND = "send"
    LOCAL = "local"
    DENY = "deny"


class ApprovalDeniedError(IslandRunError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"the offload was not approved ({reason}); nothing left this device", title="Not approved")


class ApprovalNotFoundError(IslandRunError):
    def __init__(self, approval_id: str) -> None:
        super().__init__(
            f"no pending approval {approval_id!r} (answered already, or expired)", title="Unknown approval"
        )


@dataclass(slots=True)
class PendingApproval:
    id: str
    request_id: str
    created: float
    expires: float
    summary: Mapping[str, Any]
    future: asyncio.Future[Answer] = field(repr=False)

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

    async def ask(self, request_id: str, summary: Mapping[str, Any], timeout_s: float) -> Answer:
        """Wait for the user's answer; ``deny`` when none comes within ``timeout_s``."""
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
        answer = Answer.DENY
        reason = "timeout"
        try:
            answer = await asyncio.wait_for(asyncio.shield(pending.future), timeout_s)
            reason = "answered"
        except TimeoutError:
            pass
        except asyncio.CancelledError:
            reason = "the client went away"
            raise
        finally:
            self._pending.pop(pending.id, None)
            if not pending.future.done():
                pending.future.cancel()
            self._events.publish(
                "approval.decided",
                {"id": pending.id, "request_id": request_id, "answer": answer.value, "reason": reason},
            )
        return answer

    def decide(self, approval_id: str, answer: Answer) -> PendingApproval:
        pending = self._pending.get(approval_id)
        if pending is None or pending.future.done():
            raise ApprovalNotFoundError(approval_id)
        pending.future.set_result(answer)
        return pending
