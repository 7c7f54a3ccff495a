"""The *Add island* form with the trust composition editor: base × certification × jurisdiction,
previewed as the user types (the daemon computes the same and validates the whole table)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from islandrun.core.islands import BASE_TRUST, CERTIFICATION_FACTOR, JURISDICTION_FACTOR, IslandKind

from .forms import FormError, optional_number

__all__ = ["IslandForm"]

# No "peer": a peer joins by pairing (its certificate is pinned then); one typed in here would be
# listed as your own device and never be used.
KINDS = {"edge": IslandKind.EDGE, "cloud": IslandKind.CLOUD}


class IslandForm(QDialog):
    """Collects one ``[[islands]]`` table; :meth:`table` raises :class:`FormError` for text that is
    not a number (ranges — trust ≤ 1, prices ≥ 0 — are the daemon's to judge)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add island")
        self.original: dict[str, Any] = {}
        self.id = QLineEdit()
        self.id.setPlaceholderText("e.g. my-cloud (lower-case letters, digits, . _ -)")
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(list(KINDS))
        self.kind.setCurrentText("cloud")
        self.endpoint = QLineEdit()
        self.endpoint.setPlaceholderText("https://api.example.com/v1")
        self.api = QComboBox()
        self.api.addItems(["openai", "anthropic", "islandrun"])
        self.models = QLineEdit()
        self.models.setPlaceholderText("comma-separated; empty = any model")
        self.base = QLineEdit()
        self.certification = QComboBox()
        self.certification.addItems([c.value for c in CERTIFICATION_FACTOR])
        self.certification.setCurrentText("self")
        self.jurisdiction = QComboBox()
        self.jurisdiction.addItems([j.value for j in JURISDICTION_FACTOR])
        self.jurisdiction.setCurrentText("foreign")
        self.preview = QLabel()
        self.price_in = QLineEdit("0")
        self.price_out = QLineEdit("0")
        self.message = QLabel()
        self.message.setWordWrap(True)
        island = QFormLayout()
        island.addRow("Id", self.id)
        island.addRow("Name", self.name)
        island.addRow("Kind", self.kind)
        island.addRow("Endpoint", self.endpoint)
        island.addRow("API", self.api)
        island.addRow("Models", self.models)
        island.addRow("$ per million tokens in", self.price_in)
        island.addRow("$ per million tokens out", self.price_out)
        trust = QGroupBox("Trust = base × certification × jurisdiction")
        t = QFormLayout(trust)
        t.addRow("Base (0–1)", self.base)
        t.addRow("Certification", self.certification)
        t.addRow("Jurisdiction", self.jurisdiction)
        t.addRow("Trust", self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(island)
        layout.addWidget(trust)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for combo in (self.kind, self.certification, self.jurisdiction):
            combo.currentTextChanged.connect(self._update_preview)
        self.base.textChanged.connect(self._update_preview)
        self._update_preview()

    def load(self, config: dict[str, Any]) -> None:
        """Fill the form from a configured island (``GET /api/islands``' ``config``) to edit it; the
        id stays as it is (it names the island's key and its history)."""
        self.setWindowTitle(f"Edit island {config['id']}")
        self.original = dict(config)
        self.id.setText(str(config["id"]))
        self.id.setReadOnly(True)
        self.name.setText(config.get("name") or "")
        self.kind.setCurrentText(str(config.get("kind", "cloud")))
        self.endpoint.setText(config.get("endpoint") or "")
        self.api.setCurrentText(str(config.get("api", "openai")))
        self.models.setText(", ".join(config.get("models") or []))
        self.price_in.setText(f"{float(config.get('price_input_per_mtok') or 0):g}")
        self.price_out.setText(f"{float(config.get('price_output_per_mtok') or 0):g}")
        trust = config.get("trust") or {}
        self.base.setText("" if trust.get("base") is None else f"{float(trust['base']):g}")
        self.certification.setCurrentText(str(trust.get("certification", "self")))
        self.jurisdiction.setCurrentText(str(trust.get("jurisdiction", "foreign")))

    def edited(self) -> dict[str, Any]:
        """The loaded island with the form's fields applied; what the form does not show (datasets,
        features, budget, …) is kept as it was."""
        table = {**self.original, **self.table()}
        for key in ("name", "endpoint"):
            if key not in self.table():
                table[key] = None
        table["trust"] = {**(self.original.get("trust") or {}), **table["trust"]}
        if self.base.text().strip() == "":
            table["trust"]["base"] = None
        return table

    def _update_preview(self) -> None:
        kind = KINDS[self.kind.currentText()]
        self.base.setPlaceholderText(f"{BASE_TRUST[kind]:g} for a {kind.value}")
        try:
            base = optional_number(self.base, "base trust")
        except FormError as exc:
            self.preview.setText(str(exc))
            return
        base = BASE_TRUST[kind] if base is None else base
        cert = {c.value: f for c, f in CERTIFICATION_FACTOR.items()}[self.certification.currentText()]
        juris = {j.value: f for j, f in JURISDICTION_FACTOR.items()}[self.jurisdiction.currentText()]
        self.preview.setText(f"{base:g} × {cert:g} × {juris:g} = {base * cert * juris:.2f}")

    def table(self) -> dict[str, Any]:
        trust: dict[str, Any] = {
            "certification": self.certification.currentText(),
            "jurisdiction": self.jurisdiction.currentText(),
        }
        base = optional_number(self.base, "base trust")
        if base is not None:
            trust["base"] = base
        table: dict[str, Any] = {
            "id": self.id.text().strip(),
            "kind": self.kind.currentText(),
            "api": self.api.currentText(),
            "models": [m.strip() for m in self.models.text().split(",") if m.strip()],
            "trust": trust,
            "price_input_per_mtok": optional_number(self.price_in, "price in") or 0.0,
            "price_output_per_mtok": optional_number(self.price_out, "price out") or 0.0,
        }
        if self.name.text().strip():
            table["name"] = self.name.text().strip()
        if self.endpoint.text().strip():
            table["endpoint"] = self.endpoint.text().strip()
        return table
