"""The egress guard: the last check before a payload leaves for a lower-trust island.

Defence in depth: if the detector missed a value in a later turn but the conversation's vault
knows it from an earlier one, the payload must not go out. The guard walks every string in the
payload (so JSON escaping cannot hide a value) and raises :class:`EgressBlockedError` naming only
the kinds of what it found.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import EgressBlockedError
from .vault import Vault, name_parts

__all__ = ["EgressGuard"]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, bytes):
        return [value.decode("utf-8", "replace")]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _needles(kind: str, value: str) -> list[str]:
    """The value itself; for a person also each name in it ("Dr. Jennifer Holst" → "jennifer", "holst")."""
    needles = [value.casefold().strip()]
    if kind == "PERSON":
        needles.extend(p.casefold() for p in name_parts(value))
    return [n for n in needles if len(n) >= 2]


class EgressGuard:
    """``check(payload, vault, destination)`` raises when an original value is still in ``payload``."""

    def check(self, payload: Any, vault: Vault, destination: str = "a lower-trust island") -> None:
        texts = _strings(payload)
        if not texts or len(vault) == 0:
            return
        # JSON documents inside strings (tool-call arguments) may escape characters: look at both forms
        haystack = "\n".join(texts)
        unescaped = haystack.encode("utf-8", "backslashreplace").decode("unicode_escape", "replace")
        folded = (haystack + "\n" + unescaped).casefold()
        leaked: list[str] = []
        for placeholder, value in vault.originals():
            kind = vault.kind_of(placeholder) or "value"
            for needle in _needles(kind, value):
                if needle in folded and re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", folded):
                    leaked.append(kind)
                    break
        if leaked:
            raise EgressBlockedError(destination, sorted(set(leaked)))
