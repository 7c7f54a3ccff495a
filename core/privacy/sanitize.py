"""Sanitization and restore: typed placeholders out, original values back in (DESIGN §2).

:class:`Sanitizer` replaces every detected entity, and every value this conversation's vault
already holds (so a later turn the detector misses still gets its placeholder), in every text of
the messages. :func:`restore` puts the originals back into a reply; :class:`StreamRestorer`
does it for a stream, holding back only a tail that could still become a placeholder.
A placeholder the vault does not know is left as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .detector import Detector, default_detector
from .entities import Entity, EntityType
from .messages import map_json_strings, map_message_texts
from .vault import PLACEHOLDER_RE, Vault, VaultStore, match_case_sensitively, name_parts

__all__ = ["Sanitizer", "StreamRestorer", "restore", "restore_tool_arguments"]

# The longest text that can still grow into a placeholder: "[" + kind (≤14) + "_" + digits (≤7) + "]".
_MAX_PLACEHOLDER = 1 + 14 + 1 + 7 + 1
_PARTIAL = re.compile(r"\[(?:[A-Za-z]{1,14}(?:_\d{0,7})?)?$")


class Sanitizer:
    def __init__(self, detector: Detector | None = None, store: VaultStore | None = None) -> None:
        self.detector = detector or default_detector()
        self.store = store or VaultStore()

    def sanitize_text(self, vault: Vault, text: str) -> tuple[str, list[Entity]]:
        """``text`` with each entity replaced by its placeholder, and the entities replaced."""
        found = self.detector.detect(text)
        known = self._known_values(vault, text, found)
        entities = sorted([*found, *known], key=lambda e: e.start)
        pieces: list[str] = []
        cursor = 0
        replaced: list[Entity] = []
        for ent in entities:
            if ent.start < cursor:
                continue
            pieces.append(text[cursor : ent.start])
            pieces.append(vault.placeholder_for(ent.type, ent.text))
            cursor = ent.end
            replaced.append(ent)
        pieces.append(text[cursor:])
        return "".join(pieces), replaced

    def _sanitize_cached(self, vault: Vault, text: str) -> str:
        """Each request carries the whole history: a turn already sanitized is reused while the vault is unchanged
        (a new value learnt later may appear in an old turn too, so a grown vault means sanitizing again)."""
        hit = vault.cache.get(text)
        if hit is not None and hit[0] == len(vault):
            return hit[1]
        sanitized, _ = self.sanitize_text(vault, text)
        vault.remember(text, sanitized)
        return sanitized

    @staticmethod
    def _known_values(vault: Vault, text: str, found: list[Entity]) -> list[Entity]:
        """Values of earlier turns that the detector did not flag here."""
        extra: list[Entity] = []
        lowered = text.casefold()
        for placeholder, value in vault.originals():
            kind = _kind_type(vault.kind_of(placeholder))
            needles = [value, *(name_parts(value) if kind is EntityType.PERSON else [])]
            for needle in needles:
                if len(needle) < 2 or needle.casefold() not in lowered:
                    continue
                flags = 0 if match_case_sensitively(needle) else re.IGNORECASE
                pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", flags)
                for m in pattern.finditer(text):
                    candidate = Entity(kind, m.start(), m.end(), m.group(), 1.0, "vault")
                    if not any(candidate.overlaps(e) for e in (*found, *extra)):
                        extra.append(candidate)
        return extra

    def sanitize_messages(self, conversation_id: str, messages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """A sanitized deep copy of OpenAI-style ``messages`` (system prompt, turns, tool calls, tool results)."""
        vault = self.store.get(conversation_id)
        out = map_message_texts(messages, lambda s: self._sanitize_cached(vault, s))
        for _ in range(2):  # a later message may teach the vault a value an earlier one holds: once more
            size = len(vault)
            again = map_message_texts(messages, lambda s: self._sanitize_cached(vault, s))
            if len(vault) == size and again == out:
                break
            out = again
        for message in out:
            # a participant's "name" (OpenAI allows [A-Za-z0-9_-]) is a person: a pseudonym in the same format
            name = message.get("name")
            if isinstance(name, str) and name and message.get("role") in _PARTICIPANT_ROLES:
                message["name"] = vault.placeholder_for(EntityType.PERSON, name).strip("[]")
        return out

    def restorer(self, conversation_id: str) -> StreamRestorer:
        return StreamRestorer(self.store.get(conversation_id))


_PARTICIPANT_ROLES = frozenset({"user", "assistant", "system", "developer"})
_COARSE_TO_TYPE = {
    "PERSON": EntityType.PERSON,
    "LOCATION": EntityType.LOCATION,
    "ORGANIZATION": EntityType.ORGANIZATION,
    "CONTACT": EntityType.EMAIL,
    "ID": EntityType.ID_OTHER,
    "FINANCIAL": EntityType.CREDIT_CARD,
    "SECRET": EntityType.SECRET,
    "DATE": EntityType.DATE,
    "MEDICAL": EntityType.MEDICAL,
}


def _kind_type(coarse: str | None) -> EntityType:
    return _COARSE_TO_TYPE.get(coarse or "", EntityType.ID_OTHER)


def restore(text: str, vault: Vault, *, json_string: bool = False) -> str:
    """``text`` with every placeholder the vault knows replaced by its original value.

    ``json_string=True`` escapes each original for the inside of a JSON string literal: for tool-call
    arguments that arrive as streamed JSON text.
    """

    def back(m: re.Match[str]) -> str:
        original = vault.original(m.group(0))
        if original is None:
            return m.group(0)
        return json.dumps(original, ensure_ascii=False)[1:-1] if json_string else original

    return PLACEHOLDER_RE.sub(back, text)


def restore_tool_arguments(arguments: str, vault: Vault) -> str:
    """Restore inside a tool call's JSON arguments, keeping them valid JSON whatever the originals contain."""
    try:
        parsed = json.loads(arguments)
    except (ValueError, TypeError):
        return restore(arguments, vault)
    return json.dumps(map_json_strings(parsed, lambda s: restore(s, vault)), ensure_ascii=False)


class StreamRestorer:
    """Restores a streamed reply chunk by chunk; a placeholder split across chunks is restored whole.

    ``feed`` returns what can be shown now and keeps back only the shortest tail that may still be
    the start of a placeholder (at most 24 characters); ``flush`` returns the rest at the end.
    For the argument deltas of a streamed tool call (JSON text), use ``json_string=True``.
    """

    def __init__(self, vault: Vault, *, json_string: bool = False) -> None:
        self.vault = vault
        self.json_string = json_string
        self._tail = ""

    def feed(self, chunk: str) -> str:
        buffer = self._tail + chunk
        hold = 0
        start = buffer.rfind("[", max(0, len(buffer) - _MAX_PLACEHOLDER))
        if start != -1 and _PARTIAL.match(buffer, start):
            hold = len(buffer) - start
        ready, self._tail = (buffer[: len(buffer) - hold], buffer[len(buffer) - hold :]) if hold else (buffer, "")
        return restore(ready, self.vault, json_string=self.json_string)

    def flush(self) -> str:
        rest, self._tail = self._tail, ""
        return restore(rest, self.vault, json_string=self.json_string)
