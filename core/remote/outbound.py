"""What leaves for an island, and what comes back: MIST's sanitizer and egress guard on the way
out whenever trust drops, its restorer on the way back.

The rule lives in :func:`islandrun.core.privacy.boundary.needs_sanitizing`. A sanitised payload
(messages, tool definitions, stop sequences: :class:`~islandrun.core.privacy.sanitize.Sanitizer`'s
one path) is then checked by the egress guard as the exact body that will be sent, so a value the
vault knows that could not be replaced stops the request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..privacy.detector import Detector, default_detector
from ..privacy.egress import EgressGuard
from ..privacy.payload import ChatPayload
from ..privacy.sanitize import Sanitizer, StreamRestorer, restore, restore_name, restore_tool_arguments
from ..privacy.vault import Vault, VaultStore
from .types import RemoteRequest, ToolCall

__all__ = ["INLINE_CHARS", "Outbound", "PrivacyGate", "screen_inline"]

# A request with at most this many characters is sanitised and checked on the event loop instead
# of in a thread: the work then takes about as long as the two thread hops it would cost (0.1-0.4 ms
# each on two busy cores; benchmarks/remote/RESULTS.md, run 9), and a CPU-bound thread holds the GIL
# anyway. Its texts were detected already (in a thread whenever that may load a tagger for a second:
# ``core/daemon/privacy_port.py``) and the detector has them cached. Longer requests go to a thread.
INLINE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Outbound:
    """The request as it may leave, and what was replaced in it (types and counts only).

    ``sanitized`` is True only when something was replaced; ``vault`` is set whenever the payload
    went through the sanitizer (so replies are restored even when nothing needed replacing now).
    """

    payload: ChatPayload
    vault: Vault | None = None
    entity_counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def sanitized(self) -> bool:
        return bool(self.entity_counts)

    @property
    def messages(self) -> tuple[Mapping[str, Any], ...]:
        return self.payload.messages

    def restore_text(self, text: str) -> str:
        return text if self.vault is None else restore(text, self.vault)

    def restore_calls(self, calls: Sequence[ToolCall]) -> tuple[ToolCall, ...]:
        if self.vault is None:
            return tuple(calls)
        vault = self.vault
        return tuple(
            ToolCall(c.id, restore_name(c.name, vault), restore_tool_arguments(c.arguments, vault)) for c in calls
        )

    def restorer(self) -> StreamRestorer | None:
        return None if self.vault is None else StreamRestorer(self.vault)


def screen_inline(messages: Sequence[Mapping[str, Any]], tools: Sequence[Mapping[str, Any]] = ()) -> bool:
    """Whether a request is short enough (:data:`INLINE_CHARS`) to sanitise on the event loop."""
    size = 0
    for part in (*messages, *tools):
        for value in part.values():
            size += len(value) if isinstance(value, str) else len(repr(value))
        if size > INLINE_CHARS:
            return False
    return True


def as_is(request: RemoteRequest) -> Outbound:
    """The request unchanged (an island that needs no sanitising)."""
    return Outbound(_payload(request))


def _payload(request: RemoteRequest) -> ChatPayload:
    return ChatPayload(
        tuple(dict(m) for m in request.messages),
        tuple(request.tools),
        tuple(request.stop),
        request.tool_choice,
        request.response_format,
    )


class PrivacyGate:
    """Sanitizes with one detector and the daemon's vault store; checks with the egress guard.

    The methods block (detection is CPU work): call them from a thread in async code.
    """

    def __init__(self, vaults: VaultStore, detector: Detector | None = None, guard: EgressGuard | None = None) -> None:
        self.vaults = vaults
        self.sanitizer = Sanitizer(detector or default_detector(), vaults)
        self.guard = guard or EgressGuard()

    def sanitize(self, conversation_id: str, request: RemoteRequest) -> Outbound:
        """Every field of ``request`` that travels, with each value replaced by its conversation-stable placeholder."""
        done = self.sanitizer.sanitize_request(
            conversation_id, _payload(request), allow_opaque=request.send_unsanitizable
        )
        return Outbound(done.payload, done.vault, dict(done.replaced))

    def check(self, payload: Any, outbound: Outbound, destination: str) -> None:
        """Raise :class:`~islandrun.core.privacy.errors.EgressBlockedError` if a vault value is still in ``payload``."""
        if outbound.vault is not None:
            self.guard.check(payload, outbound.vault, destination)
