"""The approval question as a window: who asks, the time left counting down, and the text exactly
as it would leave (placeholders highlighted), with *Keep local* as the default button and, where
the daemon allows it, "allow this app to send this kind of content to this island for N minutes".
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .approval_text import PLACEHOLDER, REMEMBER_CHOICES, clock, describe, time_left

__all__ = ["ANSWERS", "ApprovalDialog", "PlaceholderHighlighter"]

# (answer sent to the daemon, button title), in the order shown; Keep local is the default
ANSWERS = (("local", "Keep local"), ("send", "Send sanitized"), ("deny", "Deny"))


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Marks every placeholder, so what was replaced stands out in what leaves."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.marked = QTextCharFormat()
        self.marked.setBackground(QColor("#ffe08a"))
        self.marked.setFontWeight(QFont.Weight.Bold)

    def highlightBlock(self, text: str) -> None:
        for match in PLACEHOLDER.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.marked)


class ApprovalDialog(QDialog):
    """``answered`` carries (approval id, answer, minutes to remember; 0 = not remembered)."""

    answered = Signal(str, str, int)

    def __init__(self, approval: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.approval = approval
        self.approval_id = str(approval["id"])
        title, body = describe(approval)
        self._title = title
        self.setWindowTitle("IslandRun: approval needed")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(560, 460)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        self.body = QLabel(body)
        self.body.setWordWrap(True)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = PlaceholderHighlighter(self.preview.document())
        preview = approval.get("preview")
        self.preview.setPlainText(str(preview) if preview else "")
        self.preview.setPlaceholderText(str(approval.get("preview_note") or "no preview"))
        cut = int(approval.get("preview_cut") or 0)
        self.cut_note = QLabel(f"{cut:,} earlier characters are not shown here; they leave sanitised the same way.")
        self.cut_note.setVisible(cut > 0)
        self.remember = QCheckBox(
            f"Allow this app to send {approval.get('sensitivity', 'this')} content like this to "
            f"{approval.get('island_name') or approval.get('island')} for"
        )
        self.remember_for = QComboBox()
        for minutes, words in REMEMBER_CHOICES:
            self.remember_for.addItem(words, minutes)
        self.remember_for.setCurrentIndex(1)
        refused = approval.get("remember_refused")
        self.remember_row = QWidget()
        row = QHBoxLayout(self.remember_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.remember)
        row.addWidget(self.remember_for)
        row.addStretch(1)
        self.remember_row.setVisible(not refused)
        self.refused_note = QLabel(f"Not offered to remember: {refused}." if refused else "")
        self.refused_note.setWordWrap(True)
        self.refused_note.setStyleSheet("color: #5f6b7a")
        self.refused_note.setVisible(bool(refused))
        self.countdown = QLabel()
        self.buttons_by_answer: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        for answer, label in ANSWERS:
            button = QPushButton(label if answer != "send" or approval.get("sanitized") else "Send")
            button.setAutoDefault(False)
            self.buttons_by_answer[answer] = button
            button.clicked.connect(lambda _=False, a=answer: self._answer(a))
            if answer == "deny":
                buttons.addWidget(button)
                buttons.addStretch(1)
        for answer in ("send", "local"):
            buttons.addWidget(self.buttons_by_answer[answer])
        keep = self.buttons_by_answer["local"]
        keep.setDefault(True)  # Enter keeps the request on this device
        keep.setFocus()
        self.remember.toggled.connect(self._remembering)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.body)
        layout.addWidget(QLabel("Exactly what would leave this device:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.cut_note)
        layout.addWidget(self.remember_row)
        layout.addWidget(self.refused_note)
        layout.addWidget(self.countdown)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.tick()
        self.timer.start()

    def text(self) -> str:
        """The question (the heading), as the notification's title says it."""
        return self._title

    def tick(self, now: float | None = None) -> None:
        left = time_left(self.approval, time.time() if now is None else now)
        if left <= 0:
            self.countdown.setText("Time is up: no answer means Deny, and nothing left this device.")
            for button in self.buttons_by_answer.values():
                button.setEnabled(False)
            self.timer.stop()
            return
        self.countdown.setText(f"Time left: {clock(left)} — no answer means Deny.")

    def _remembering(self, on: bool) -> None:
        send = self.buttons_by_answer["send"]
        base = "Send sanitized" if self.approval.get("sanitized") else "Send"
        send.setText(f"{base} and allow" if on else base)

    def _answer(self, answer: str) -> None:
        minutes = 0
        if answer == "send" and self.remember.isChecked() and self.remember_row.isVisibleTo(self):
            minutes = int(self.remember_for.currentData())
        self.answered.emit(self.approval_id, answer, minutes)
