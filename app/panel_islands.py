"""*Islands & trust*: every island by tier, with its trust and how that trust is composed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .forms import FormError, ask_to_confirm
from .island_form import IslandForm
from .viewmodels import IslandsModel

__all__ = ["IslandsPanel"]

TIER_NAMES = {1: "Tier 1 · this device and your own devices", 2: "Tier 2 · private edge", 3: "Tier 3 · cloud"}
COLUMNS = ["Island", "Kind", "Trust", "Trust composition", "Privacy", "$/Mtok in · out", "Source"]


class IslandsPanel(QWidget):
    def __init__(self, model: IslandsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        note = QLabel(
            "Trust composes conservatively: base × certification × jurisdiction. "
            "Your own devices always have trust 1. Changes are saved to config.toml."
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        self.add_button = QPushButton("Add island…")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setEnabled(False)
        self.form: IslandForm | None = None
        self.confirm: QMessageBox | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(self.message)
        model.loaded.connect(self.show_islands)
        model.failed.connect(self._failed)
        model.saved.connect(self._saved)
        self.add_button.clicked.connect(self.open_form)
        self.remove_button.clicked.connect(self.ask_remove)
        self.tree.currentItemChanged.connect(lambda *_: self.remove_button.setEnabled(self.selected() is not None))

    # -- editing -------------------------------------------------------------------------

    def open_form(self) -> IslandForm:
        self.form = IslandForm(self)
        self.form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        save = self.form.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.clicked.connect(self.submit)
        self.form.finished.connect(lambda *_: setattr(self, "form", None))
        self.form.show()
        return self.form

    def submit(self) -> None:
        if self.form is None:
            return
        try:
            table = self.form.table()
        except FormError as exc:
            self.form.message.setText(f"✗ {exc}")
            return
        self.form.message.setText("saving…")
        self.model.add(table)

    def selected(self) -> str | None:
        """The id of the selected configured island (this device cannot be removed)."""
        item = self.tree.currentItem()
        island_id = None if item is None else item.data(0, Qt.ItemDataRole.UserRole)
        return None if island_id in (None, "local") else str(island_id)

    def ask_remove(self) -> None:
        island_id = self.selected()
        if island_id is None:
            return
        self.confirm = ask_to_confirm(
            self,
            "Remove island",
            f"Remove {island_id!r} from the configuration? Requests will no longer go there.",
            lambda: self.model.remove(island_id),
        )

    def _failed(self, message: str) -> None:
        if self.form is not None:
            self.form.message.setText(f"✗ {message}")
        else:
            self.message.setText(f"✗ {message}")

    def _saved(self, _result: object) -> None:
        if self.form is not None:
            self.form.accept()
        self.message.setText("✓ saved")

    def show_islands(self, islands: list[dict[str, Any]]) -> None:
        self.tree.clear()
        for tier in sorted({int(i["tier"]) for i in islands}):
            group = QTreeWidgetItem([TIER_NAMES.get(tier, f"Tier {tier}")])
            self.tree.addTopLevelItem(group)
            for island in (i for i in islands if int(i["tier"]) == tier):
                prices = f"{island['price_input_per_mtok']:g} · {island['price_output_per_mtok']:g}"
                unpaired = island["kind"] == "peer" and not island.get("paired", True)
                row = QTreeWidgetItem(
                    [
                        f"{island['name']} ({island['id']})",
                        str(island["kind"]),
                        "— (not paired)" if unpaired else f"{island['trust']:.2f}",
                        "not paired: never sent requests until the device is paired"
                        if unpaired
                        else str(island["trust_composition"]),
                        f"{island['privacy']:.2f}",
                        prices,
                        str(island["source"]),  # configured, or discovered on the network
                    ]
                )
                row.setData(0, Qt.ItemDataRole.UserRole, island["id"])
                group.addChild(row)
            group.setExpanded(True)
        for column in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(column)

    def rows(self) -> list[list[str]]:
        """Every island row as shown (for tests and screen readers)."""
        out: list[list[str]] = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            children = [] if group is None else [group.child(c) for c in range(group.childCount())]
            out.extend([item.text(i) for i in range(len(COLUMNS))] for item in children if item is not None)
        return out
