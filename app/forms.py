"""Small helpers for the editing forms: read a number from a text field, or say why not; show a
number as people write it (``0.00001``, never ``1e-05``); put the daemon's validation messages in
words (no regular expressions); keep what the user typed across a reload; ask before something
is removed."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMessageBox, QWidget

__all__ = [
    "FormError",
    "KeptEdits",
    "ask_to_confirm",
    "friendly_error",
    "money",
    "optional_number",
    "plain_number",
    "required_number",
]

_PATTERN = re.compile(r"String should match pattern '([^']*)'")
_KNOWN_PATTERNS = {  # the config's patterns, as a person would say them
    r"^[a-z0-9][a-z0-9._-]{0,62}$": (
        "may use only lowercase letters, digits, '.', '_' and '-' (up to 63), starting with a letter or digit"
    ),
    r"^https?://": "must start with http:// or https://",
    r"^\s*\d{3}\s?\d{3}\s*$": "must be the six digits shown on the other device",
}


def plain_number(value: float) -> str:
    """``1e-05`` → ``0.00001``, ``7.50`` → ``7.5``, ``100.0`` → ``100`` (no exponent, no trailing zeros)."""
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(value: float) -> str:
    """Dollars as people read them: cents for sums of a cent or more, else every digit that matters."""
    if value == 0:
        return "$0"
    if abs(value) >= 0.01:
        return f"${value:,.2f}"
    return f"${plain_number(float(f'{value:.3g}'))}"


def friendly_error(message: str) -> str:
    """The daemon's validation message with any regular expression replaced by words."""

    def words(match: re.Match[str]) -> str:
        pattern = match.group(1)
        if pattern in _KNOWN_PATTERNS:
            return _KNOWN_PATTERNS[pattern]
        return "has characters that are not allowed here"

    return _PATTERN.sub(words, message)


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


FormField = QLineEdit | QComboBox | QCheckBox


def _read(field: FormField) -> str:
    if isinstance(field, QLineEdit):
        return field.text()
    if isinstance(field, QComboBox):
        return field.currentText()
    return "1" if field.isChecked() else "0"


def _write(field: FormField, value: str) -> None:
    if isinstance(field, QLineEdit):
        field.setText(value)
    elif isinstance(field, QComboBox):
        field.setCurrentText(value)
    else:
        field.setChecked(value == "1")


class KeptEdits:
    """What each field showed when the daemon's values were last put in it. A reload (switching
    tabs, after a refused save) writes only the fields the user has not changed since, so what
    they typed is never dropped; after a save the daemon accepted, every field takes its values."""

    def __init__(self) -> None:
        self.shown: dict[FormField, str] = {}
        self._overwrite = False

    def accept_next(self) -> None:
        """The daemon took the form: the next load may overwrite every field."""
        self._overwrite = True

    def put(self, field: FormField, value: str) -> bool:
        """Show ``value`` unless the user changed the field; True if it was written."""
        if not self._overwrite and field in self.shown and _read(field) != self.shown[field]:
            return False
        _write(field, value)
        self.shown[field] = _read(field)
        return True

    def done(self) -> None:
        """A load finished."""
        self._overwrite = False

    def changed(self) -> list[FormField]:
        return [f for f, shown in self.shown.items() if _read(f) != shown]


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
