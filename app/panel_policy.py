"""*Tiers & policy*: the routing mode, objective weights, buffer preset, each tier's capacity
threshold and the hysteresis margin, and the approval rules — shown, and saved through
``PUT /api/policy`` with a body shaped like the config file's ``[policy]`` table."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from islandrun.core.routing.policy import BUFFER_PRESETS
from islandrun.core.sensitivity import SensitivityLevel

from .forms import FormError, required_number
from .tables import policy_table
from .viewmodels import PolicyModel

__all__ = ["PolicyPanel"]

LEVELS = [level.value for level in SensitivityLevel]


class PolicyPanel(QWidget):
    def __init__(self, model: PolicyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.loaded: dict[str, Any] = {}
        self.mode = QComboBox()
        self.mode.addItems(["weighted", "constraint"])
        self.buffer = QComboBox()
        self.buffer.addItems([f"{name}" for name in BUFFER_PRESETS])
        self.weights: dict[str, QLineEdit] = {}
        self.weights_box = QGroupBox("Objective weights (score = cost + latency − trust, each weighted)")
        self.weights_form = QFormLayout(self.weights_box)
        self.secondary = QLineEdit()
        self.burstable = QLineEdit()
        self.margin = QLineEdit()
        self.approval_enabled = QCheckBox("Ask before offloading sensitive work")
        self.min_tier = QComboBox()
        self.min_tier.addItem("private edge or cloud (tier 2+)", 2)
        self.min_tier.addItem("cloud only (tier 3)", 3)
        self.above = QComboBox()
        self.above.addItems(LEVELS)
        self.timeout = QLineEdit()
        self.save_button = QPushButton("Save policy")
        self.message = QLabel()
        self.message.setWordWrap(True)

        routing = QGroupBox("Routing")
        f = QFormLayout(routing)
        f.addRow("Mode", self.mode)
        f.addRow("Buffer on receiving islands", self.buffer)
        tiers = QGroupBox("Tiers: work leaves this device below θ, comes back above θ + margin")
        t = QFormLayout(tiers)
        t.addRow("Primary", QLabel("always here (queues when busy)"))
        t.addRow("θ secondary", self.secondary)
        t.addRow("θ burstable", self.burstable)
        t.addRow("Hysteresis margin", self.margin)
        approvals = QGroupBox("Approvals")
        a = QFormLayout(approvals)
        a.addRow(self.approval_enabled)
        a.addRow("Offloads to", self.min_tier)
        a.addRow("when more sensitive than", self.above)
        a.addRow("No answer after (s) means deny", self.timeout)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        for box in (routing, self.weights_box, tiers, approvals):
            layout.addWidget(box)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        model.loaded.connect(self.show_policy)
        model.failed.connect(lambda m: self.message.setText(f"✗ {m}"))
        model.saved.connect(lambda _: self.message.setText("✓ saved"))
        self.save_button.clicked.connect(self.save)

    def show_policy(self, policy: dict[str, Any]) -> None:
        table = policy_table(policy)
        self.loaded = table
        self.mode.setCurrentText(table["mode"])
        self.buffer.setCurrentText(table["buffer"])
        for name, value in table["weights"].items():
            if name not in self.weights:
                self.weights[name] = QLineEdit()
                self.weights_form.addRow(name.capitalize(), self.weights[name])
            self.weights[name].setText(f"{value:g}")
        th = table["thresholds"]
        self.secondary.setText(f"{th['secondary']:g}")
        self.burstable.setText(f"{th['burstable']:g}")
        self.margin.setText(f"{th['hysteresis_margin']:g}")
        ap = table["approval"]
        self.approval_enabled.setChecked(ap["enabled"])
        self.min_tier.setCurrentIndex(self.min_tier.findData(ap["min_tier"]))
        self.above.setCurrentText(ap["above"])
        self.timeout.setText(f"{ap['timeout_s']:g}")

    def table(self) -> dict[str, Any]:
        """The form as a ``[policy]`` table; raises :class:`FormError` for a field that is not a number."""
        table: dict[str, Any] = {
            "mode": self.mode.currentText(),
            "buffer": self.buffer.currentText(),
            "weights": {name: required_number(field, f"weight {name}") for name, field in self.weights.items()},
            "thresholds": {
                "secondary": required_number(self.secondary, "θ secondary"),
                "burstable": required_number(self.burstable, "θ burstable"),
                "hysteresis_margin": required_number(self.margin, "hysteresis margin"),
            },
            "approval": {
                "enabled": self.approval_enabled.isChecked(),
                "min_tier": int(self.min_tier.currentData()),
                "above": self.above.currentText(),
                "timeout_s": required_number(self.timeout, "approval timeout"),
            },
        }
        if "local_only" in self.loaded:
            table["local_only"] = self.loaded["local_only"]
        return table

    def save(self) -> None:
        try:
            table = self.table()
        except FormError as exc:
            self.message.setText(f"✗ {exc}")
            return
        self.message.setText("saving…")
        self.model.save(table)
