"""What leaves for an island, and what comes back: MIST's sanitizer and egress guard on the way
out whenever trust drops, its restorer on the way back.

The rule (DESIGN §2): content is sanitized when the island is outside the personal group and its
trust is below the source's; inside the personal group it goes as it is. A sanitized payload is
then checked by the egress guard as the exact body that will be sent, so a value the detector
missed in this turn but the conversation's vault knows from an earlier one stops the request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..islands import Island
from ..privacy.detector import Detector, default_detector
from ..privacy.egress import EgressGuard
from ..privacy.messages import map_message_texts
from ..privacy.sanitize import Sanitizer, StreamRestorer, restore, restore_tool_arguments
from ..privacy.vault import Vault, VaultStore
from .types import ToolCall

__all__ = ["Outbound", "PrivacyGate", "needs_sanitizing"]


def needs_sanitizing(island: Island, source_trust: float) -> bool:
    """True when content from a source of ``source_trust`` must be sanitized before it reaches ``island``."""
    return not island.personal and island.trust < source_trust


@dataclass(frozen=True, slots=True)
class Outbound:
    """The messages as they may leave, with what was replaced (types and counts only)."""

    messages: tuple[dict[str, Any], ...]
    sanitized: bool
    vault: Vault | None = None
    entity_counts: Mapping[str, int] = field(default_factory=dict)

    def restore_text(self, text: str) -> str:
        return text if self.vault is None else restore(text, self.vault)

    def restore_calls(self, calls: Sequence[ToolCall]) -> tuple[ToolCall, ...]:
        if self.vault is None:
            return tuple(calls)
        vault = self.vault
        return tuple(ToolCall(c.id, restore(c.name, vault), restore_tool_arguments(c.arguments, vault)) for c in calls)

    def restorer(self) -> StreamRestorer | None:
        return None if self.vault is None else StreamRestorer(self.vault)


class PrivacyGate:
    """Sanitizes with one detector and the daemon's vault store; checks with the egress guard.

    The methods block (detection is CPU work): call them from a thread in async code.
    """

    def __init__(self, vaults: VaultStore, detector: Detector | None = None, guard: EgressGuard | None = None) -> None:
        self.vaults = vaults
        self.sanitizer = Sanitizer(detector or default_detector(), vaults)
        self.guard = guard or EgressGuard()

    def sanitize(self, conversation_id: str, messages: Sequence[Mapping[str, Any]]) -> Outbound:
        """Every text of ``messages`` (system prompt, turns, content parts, tool-call arguments, tool
        results) with each entity replaced by its conversation-stable placeholder."""
        vault = self.vaults.get(conversation_id)
        counts: Counter[str] = Counter()

        def replace(text: str) -> str:
            clean, replaced = self.sanitizer.sanitize_text(vault, text)
            counts.update(e.type.value for e in replaced)
            return clean

        sanitized = map_message_texts(messages, replace)
        return Outbound(tuple(sanitized), True, vault, dict(counts))

    def check(self, payload: Any, outbound: Outbound, destination: str) -> None:
        """Raise :class:`~islandrun.core.privacy.errors.EgressBlockedError` if a vault value is still in ``payload``."""
        if outbound.vault is not None:
            self.guard.check(payload, outbound.vault, destination)
