"""Small helpers for the editing forms: read a number from a text field, or say why not; ask
before something is removed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget

__all__ = ["FormError", "ask_to_confirm", "optional_number", "required_number"]


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


def ask_to_confirm(parent: QWidget, title: str, question: str, on_yes: Callable[[], None]) -> QMessageBox:
    """A window-modal Yes/Cancel question (not blocking the event loop); ``on_yes`` runs on Yes."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.accepted.connect(on_yes)
    box.open()
    return box
