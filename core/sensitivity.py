"""Sensitivity levels of a request (the output of MIST, the input of WAVES).

DESIGN §2: public ≈ 0.1, internal ≈ 0.4, confidential ≈ 0.7, restricted ≈ 0.95. An island may
receive a request only if its privacy score P ≥ s(r). A client may raise the floor of a
request, never lower it below what detection found (:func:`effective_sensitivity`).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["SensitivityLevel", "effective_sensitivity", "parse_sensitivity"]


class SensitivityLevel(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    RESTRICTED = "restricted"

    @property
    def score(self) -> float:
        return _SCORES[self]

    @classmethod
    def from_score(cls, score: float) -> SensitivityLevel:
        """The lowest level whose score is at least ``score`` (conservative rounding up)."""
        for level in (cls.PUBLIC, cls.INTERNAL, cls.CONFIDENTIAL, cls.RESTRICTED):
            if score <= _SCORES[level] + 1e-9:
                return level
        return cls.RESTRICTED


_SCORES: dict[SensitivityLevel, float] = {
    SensitivityLevel.PUBLIC: 0.1,
    SensitivityLevel.INTERNAL: 0.4,
    SensitivityLevel.CONFIDENTIAL: 0.7,
    SensitivityLevel.RESTRICTED: 0.95,
}


def parse_sensitivity(text: str) -> float:
    """Accept a level name (``confidential``) or a number in [0, 1]; raise ``ValueError`` otherwise."""
    cleaned = text.strip().lower()
    try:
        return SensitivityLevel(cleaned).score
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        names = ", ".join(level.value for level in SensitivityLevel)
        raise ValueError(f"expected one of {names} or a number in [0, 1], got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"sensitivity must be in [0, 1], got {value}")
    return value


def effective_sensitivity(detected: float, client_floor: float | None) -> float:
    """A client may raise the sensitivity of its request, never lower it."""
    return detected if client_floor is None else max(detected, client_floor)
