"""Small helpers for the editing forms: read a number from a text field, or say why not."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

__all__ = ["FormError", "optional_number", "required_number"]


class FormError(ValueError):
    """A field that does not hold a number; the message names the field."""


def optional_number(field: QLineEdit, name: str) -> float | None:
    """Empty means "none" (no limit); anything else must be a number."""
    text = field.text().strip()
    if not text:
        return None
    return required_number(field, name)


def required_number(field: QLineEdit, name: str) -> float:
    text = field.text().strip()
    try:
        return float(text)
    except ValueError:
        raise FormError(f"{name}: {text!r} is not a number") from None
