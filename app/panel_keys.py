"""*Keys & islands*: each island's key (stored or not — never shown back) and status (up, down,
no key, unpaired), with *Set key*, *Remove key*, *Test connection* and *Edit island*. Keys go to
the OS keyring through the daemon; this window never keeps one after sending it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .forms import FormError, ask_to_confirm
from .island_form import IslandForm
from .keys_models import KeysModel

__all__ = ["KeyDialog", "KeysPanel"]

COLUMNS = ["Island", "Kind", "API", "Key", "Status", "Last test"]


class KeyDialog(QDialog):
    """Asks for one island's key (hidden as typed); the text stays until the daemon has stored it."""

    def __init__(self, island_id: str, replacing: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.island_id = island_id
        self.setWindowTitle(f"{'Replace' if replacing else 'Enter'} the key for {island_id}")
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText("paste the API key")
        self.message = QLabel(
            "Stored only in the OS keyring; IslandRun never shows it back."
            + (" The stored key is replaced." if replacing else "")
        )
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("API key", self.key)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def done(self, result: int) -> None:
        self.key.clear()  # the secret does not outlive the dialog
        super().done(result)


class KeysPanel(QWidget):
    def __init__(self, model: KeysModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.rows_data: list[dict[str, Any]] = []
        self.configs: dict[str, Any] = {}
        self.key_dialog: KeyDialog | None = None
        self.form: IslandForm | None = None
        self.confirm: QMessageBox | None = None

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.set_key_button = QPushButton("&Set key…")
        self.remove_key_button = QPushButton("Remove key")
        self.test_button = QPushButton("&Test connection")
        self.edit_button = QPushButton("&Edit island…")
        buttons = QHBoxLayout()
        for button in (self.set_key_button, self.remove_key_button, self.test_button, self.edit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.keyring_problem = QLabel()
        self.keyring_problem.setWordWrap(True)
        self.keyring_problem.setVisible(False)
        note = QLabel(
            "Keys are kept only in the OS keyring and are never shown back. A test asks the island for its "
            "model list with its key; nothing of yours is sent. Peers join by pairing, not with a key."
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_problem)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(self.message)

        self.set_key_button.clicked.connect(self.open_key_dialog)
        self.remove_key_button.clicked.connect(self.ask_remove_key)
        self.test_button.clicked.connect(self.test_selected)
        self.edit_button.clicked.connect(self.open_edit)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        model.loaded.connect(self.show_keys)
        model.failed.connect(self._failed)
        model.saved.connect(self._saved)
        model.tested.connect(self._tested)
        model.testFailed.connect(lambda island, why: self.message.setText(f"✗ {island}: {why}"))
        self._update_buttons()

    # -- selection -----------------------------------------------------------------------

    def selected(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.rows_data[row] if 0 <= row < len(self.rows_data) and self.table.selectedItems() else None

    def select(self, island_id: str) -> None:
        for row, data in enumerate(self.rows_data):
            if data["id"] == island_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        row = self.selected()
        keyable = row is not None and row["key"] not in ("—",)
        self.set_key_button.setEnabled(keyable)
        self.set_key_button.setText("Replace &key…" if keyable and row and row["key"] == "stored" else "&Set key…")
        self.remove_key_button.setEnabled(keyable and row is not None and row["key"] == "stored")
        self.test_button.setEnabled(row is not None and row["id"] != "local")
        self.edit_button.setEnabled(row is not None and row["configured"] and row["kind"] != "peer")

    # -- actions -------------------------------------------------------------------------

    def open_key_dialog(self) -> KeyDialog | None:
        row = self.selected()
        if row is None:
            return None
        self.key_dialog = KeyDialog(row["id"], row["key"] == "stored", self)
        self.key_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        save = self.key_dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.clicked.connect(self.submit_key)
        self.key_dialog.key.returnPressed.connect(self.submit_key)
        self.key_dialog.finished.connect(lambda *_: setattr(self, "key_dialog", None))
        self.key_dialog.show()
        self.key_dialog.activateWindow()
        self.key_dialog.key.setFocus()
        return self.key_dialog

    def submit_key(self) -> None:
        dialog = self.key_dialog
        if dialog is None:
            return
        key = dialog.key.text()
        if not key.strip():
            dialog.message.setText("✗ paste the key first")
            return
        dialog.message.setText("storing…")
        self.model.set_key(dialog.island_id, key)

    def ask_remove_key(self) -> None:
        row = self.selected()
        if row is None:
            return
        island_id = str(row["id"])
        self.confirm = ask_to_confirm(
            self,
            "Remove key",
            f"Remove the key for {island_id!r} from the OS keyring? Requests to it will fail until a key is set.",
            lambda: self.model.delete_key(island_id),
        )

    def test_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.message.setText(f"testing {row['id']}…")
        self.model.test(str(row["id"]))

    def open_edit(self) -> IslandForm | None:
        row = self.selected()
        config = None if row is None else self.configs.get(row["id"])
        if row is None or config is None:
            return None
        self.form = IslandForm(self)
        self.form.load(config)
        self.form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        save = self.form.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.clicked.connect(self.submit_edit)
        self.form.finished.connect(lambda *_: setattr(self, "form", None))
        self.form.show()
        self.form.activateWindow()
        return self.form

    def submit_edit(self) -> None:
        if self.form is None:
            return
        try:
            table = self.form.edited()
        except FormError as exc:
            self.form.message.setText(f"✗ {exc}")
            return
        self.form.message.setText("saving…")
        self.model.edit(str(table["id"]), table)

    # -- answers -------------------------------------------------------------------------

    def _failed(self, message: str) -> None:
        if self.key_dialog is not None:
            self.key_dialog.message.setText(f"✗ {message}")  # the typed key stays for another try
        elif self.form is not None:
            self.form.message.setText(f"✗ {message}")
        else:
            self.message.setText(f"✗ {message}")

    def _saved(self, result: object) -> None:
        if self.key_dialog is not None or self.form is not None:
            for dialog in (self.key_dialog, self.form):
                if dialog is not None:
                    dialog.accept()
            self.window().activateWindow()  # the keyboard comes back here, e.g. for *Test connection*
        if isinstance(result, dict):
            self.message.setText(f"✓ {result.get('message', 'saved')}")

    def _tested(self, result: dict[str, Any]) -> None:
        mark = "✓" if result.get("ok") else "✗"
        self.message.setText(f"{mark} {result['id']}: {result.get('message')} ({result.get('latency_ms', 0):.0f} ms)")

    def show_keys(self, data: dict[str, Any]) -> None:
        current = self.selected()
        self.rows_data = list(data.get("islands", []))
        self.configs = dict(data.get("configs", {}))
        problem = data.get("keyring_problem")
        self.keyring_problem.setVisible(bool(problem))
        self.keyring_problem.setText(f"⚠ No usable OS keyring: {problem}" if problem else "")
        self.table.setRowCount(len(self.rows_data))
        for r, row in enumerate(self.rows_data):
            test = row.get("test") or {}
            last = "" if not test else f"{'✓' if test.get('ok') else '✗'} {test.get('message', '')}"
            values = [f"{row['name']} ({row['id']})", row["kind"], row["api"], row["key"], row["status"], last]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c == len(values) - 1 and last:
                    item.setToolTip(last)
                self.table.setItem(r, c, item)
        for c in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(c)
        if current is not None:
            self.select(str(current["id"]))
        else:  # the first island with a key to manage, so the buttons work at once
            first = next((r for r in self.rows_data if r["key"] != "—"), None)
            if first is not None:
                self.select(str(first["id"]))
        self._update_buttons()

    def rows(self) -> list[list[str]]:
        """Every row as shown (for tests and screen readers)."""
        return [
            [(self.table.item(r, c).text() if self.table.item(r, c) else "") for c in range(len(COLUMNS))]  # type: ignore[union-attr]
            for r in range(self.table.rowCount())
        ]
