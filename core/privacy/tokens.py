"""A word of the text with its span, as the name and address finders walk it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Token"]


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()
