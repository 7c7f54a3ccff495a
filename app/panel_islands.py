"""*Islands & trust*: every island by tier, with its trust and how that trust is composed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from .viewmodels import IslandsModel

__all__ = ["IslandsPanel"]

TIER_NAMES = {1: "Tier 1 · this device and your own devices", 2: "Tier 2 · private edge", 3: "Tier 3 · cloud"}
COLUMNS = ["Island", "Kind", "Trust", "Trust composition", "Privacy", "$/Mtok in · out", "Status"]


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
            "Your own devices always have trust 1. Islands are configured in config.toml."
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(note)
        layout.addWidget(self.message)
        model.loaded.connect(self.show_islands)
        model.failed.connect(self.message.setText)

    def show_islands(self, islands: list[dict[str, Any]]) -> None:
        self.tree.clear()
        self.message.setText("")
        for tier in sorted({int(i["tier"]) for i in islands}):
            group = QTreeWidgetItem([TIER_NAMES.get(tier, f"Tier {tier}")])
            self.tree.addTopLevelItem(group)
            for island in (i for i in islands if int(i["tier"]) == tier):
                prices = f"{island['price_input_per_mtok']:g} · {island['price_output_per_mtok']:g}"
                row = QTreeWidgetItem(
                    [
                        f"{island['name']} ({island['id']})",
                        str(island["kind"]),
                        f"{island['trust']:.2f}",
                        str(island["trust_composition"]),
                        f"{island['privacy']:.2f}",
                        prices,
                        "up" if island.get("alive", True) else "down",
                    ]
                )
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
