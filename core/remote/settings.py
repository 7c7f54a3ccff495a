"""Per-phase timeouts and the retry policy of remote dispatch.

Phases (all seconds): ``connect`` (TCP + TLS), ``write`` (sending the body), ``first_token``
(from sending until the first content of a streamed reply), ``idle`` (the longest gap between two
pieces of a streamed reply), ``response`` (a whole non-streamed reply), ``total`` (one request on
one island, retries included). Retries happen only before the first token, with exponential
backoff and full jitter, honouring the island's ``Retry-After`` up to ``max_retry_after_s``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

__all__ = ["RemoteTimeouts", "RetryPolicy"]


@dataclass(frozen=True, slots=True)
class RemoteTimeouts:
    connect: float = 5.0
    write: float = 10.0
    first_token: float = 60.0
    idle: float = 30.0
    response: float = 120.0
    total: float = 600.0

    def httpx_timeout(self, *, stream: bool) -> httpx.Timeout:
        """httpx's per-operation limits: reads are bounded by ``idle`` (streamed) or ``response``."""
        read = self.idle if stream else self.response
        return httpx.Timeout(connect=self.connect, write=self.write, read=read, pool=self.connect)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` tries per island (1 = no retry); delays grow ``base_delay_s × 2^n`` up to ``max_delay_s``."""

    attempts: int = 3
    base_delay_s: float = 0.25
    max_delay_s: float = 4.0
    max_retry_after_s: float = 10.0

    def delay(self, attempt: int, retry_after_s: float | None = None) -> float | None:
        """Seconds to wait before try ``attempt + 1`` (``attempt`` counts from 1), or None to give up.

        A ``Retry-After`` longer than ``max_retry_after_s`` gives up on this island at once: the
        next candidate is a better bet than a long wait.
        """
        if attempt >= self.attempts:
            return None
        if retry_after_s is not None:
            return None if retry_after_s > self.max_retry_after_s else max(0.0, retry_after_s)
        cap = min(self.max_delay_s, self.base_delay_s * (2 ** (attempt - 1)))
        return random.uniform(0.0, cap)  # noqa: S311 - jitter, not cryptography
