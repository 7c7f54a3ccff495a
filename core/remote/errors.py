"""Errors of remote dispatch and of the credential store (all under :class:`IslandRunError`).

    IslandRunError
    ├── RemoteError
    │   ├── RemoteRequestError       the request cannot be sent as it is (no model for an island, ...)
    │   ├── UpstreamError            one attempt on one island failed (status, reason, retryable)
    │   ├── RemoteUnavailableError   every candidate failed before the first token; says why for each
    │   └── MidStreamError           the serving island failed after the first token; never continued
    └── CredentialsError
        └── KeyringUnavailableError  no usable OS keyring; says what to install

Messages never contain a credential: upstream error bodies are redacted before they are quoted.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import IslandRunError

__all__ = [
    "CredentialsError",
    "KeyringUnavailableError",
    "MidStreamError",
    "RemoteError",
    "RemoteRequestError",
    "RemoteUnavailableError",
    "UpstreamError",
]


class RemoteError(IslandRunError):
    title = "Remote island error"


class RemoteRequestError(RemoteError):
    title = "Invalid remote request"


class UpstreamError(RemoteError):
    """One attempt on one island failed before or during its reply.

    ``retryable`` is true for 408/409/429/5xx, connection errors and timeouts; ``retry_after_s`` is
    the island's own ``Retry-After`` when it sent one.
    """

    title = "Island error"

    def __init__(
        self,
        island_id: str,
        reason: str,
        *,
        status: int | None = None,
        retryable: bool = False,
        retry_after_s: float | None = None,
    ) -> None:
        self.island_id = island_id
        self.reason = reason
        self.status = status
        self.retryable = retryable
        self.retry_after_s = retry_after_s
        super().__init__(f"island {island_id!r}: {reason}")


class RemoteUnavailableError(RemoteError):
    """No candidate produced a first token. ``attempts`` holds ``(island_id, why)`` per island."""

    title = "No island answered"

    def __init__(self, attempts: Sequence[tuple[str, str]]) -> None:
        self.attempts = tuple(attempts)
        lines = ["no island could serve the request (nothing was answered; tried in order):"]
        lines.extend(f"  - {island_id}: {why}" for island_id, why in self.attempts)
        if not self.attempts:
            lines.append("  (no candidate islands were given)")
        super().__init__("\n".join(lines))


class MidStreamError(RemoteError):
    """The serving island failed after the first token: the stream ends here.

    The reply is never continued on another island (it could only be one of lower trust, and a
    half-answer stitched from two models is not an answer).
    """

    title = "The island stopped mid-reply"

    def __init__(self, island_id: str, reason: str, delivered_chars: int) -> None:
        self.island_id = island_id
        self.reason = reason
        self.delivered_chars = delivered_chars
        super().__init__(
            f"island {island_id!r} failed after {delivered_chars} characters of the reply: {reason}; "
            "the reply is incomplete and was not continued elsewhere"
        )


class CredentialsError(IslandRunError):
    title = "Credentials error"


class KeyringUnavailableError(CredentialsError):
    title = "No OS keyring"
