"""The egress guard: the last check before a payload leaves for a lower-trust island.

Defence in depth: if the detector missed a value in a later turn but the conversation's vault
knows it from an earlier one, the payload must not go out. The guard walks every string in the
payload (so JSON escaping cannot hide a value) and raises :class:`EgressBlockedError` naming only
the kinds of what it found.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from .errors import EgressBlockedError
from .vault import Vault, match_case_sensitively, name_parts

__all__ = ["EgressGuard"]


def _strings(value: Any, depth: int = 0) -> list[str]:
    """Every string in ``value``; a string that is itself a JSON document (tool-call arguments) is opened too."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        found = [value]
        stripped = value.strip()
        if depth < 4 and stripped[:1] in ("{", "[") and stripped[-1:] in ("}", "]"):
            with contextlib.suppress(ValueError):
                found += _strings(json.loads(stripped), depth + 1)
        return found
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k, depth), *_strings(v, depth))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v, depth)]
    return []


def _needles(kind: str, value: str) -> list[str]:
    """The value itself; for a person also each name in it ("Dr. Jennifer Holst" → "jennifer", "holst")."""
    needles = [value.strip()]
    if kind == "PERSON":
        needles.extend(name_parts(value))
    return [n for n in needles if len(n) >= 2]


class EgressGuard:
    """``check(payload, vault, destination)`` raises when an original value is still in ``payload``."""

    def check(self, payload: Any, vault: Vault, destination: str = "a lower-trust island") -> None:
        texts = _strings(payload)
        if not texts or len(vault) == 0:
            return
        joined = "\n".join(texts)
        folded = joined.casefold()
        leaked: list[str] = []
        for placeholder, value in vault.originals():
            kind = vault.kind_of(placeholder) or "value"
            for needle in _needles(kind, value):
                exact = match_case_sensitively(needle)
                haystack = joined if exact else folded
                target = needle if exact else needle.casefold()
                if target in haystack and re.search(r"(?<!\w)" + re.escape(target) + r"(?!\w)", haystack):
                    leaked.append(kind)
                    break
        if leaked:
            raise EgressBlockedError(destination, sorted(set(leaked)))
