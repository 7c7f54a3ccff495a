"""*Tiers & policy*: the routing mode, objective weights, buffer preset, each tier's capacity
threshold and the hysteresis margin, and the approval rules — shown, and saved through
``PUT /api/policy`` with a body shaped like the config file's ``[policy]`` table.

Every term of art (θ, margin, buffer presets, C) has a tooltip; what the user typed survives a
reload and a refused save; the panel is read-only while the daemon is away."""

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

from .forms import FormError, KeptEdits, friendly_error, plain_number, required_number
from .tables import policy_table
from .viewmodels import PolicyModel

__all__ = ["PolicyPanel"]

LEVELS = [level.value for level in SensitivityLevel]
C_HELP = "C is this device's spare capacity: 0 when it is saturated, 1 when idle (CPU, memory, GPU, battery)."
THETA_HELP = (
    "θ (theta) is the {tier} tier's threshold: when C falls below it, {tier} work is sent to other "
    "islands. A number between 0 and 1; 0 keeps that work here whatever the load.\n\n" + C_HELP
)
MARGIN_HELP = (
    "Hysteresis margin: work that left comes back only once C rises above θ + margin, so a capacity "
    "hovering around θ does not send work back and forth. Between 0 and 0.5."
)
BUFFER_HELP = (
    "Another island that reports its capacity (your other devices, edge servers) is sent work only "
    "while its own C stays above this buffer:\n"
    + "\n".join(f"• {name}: C above {value:.2f}" for name, value in BUFFER_PRESETS.items())
)
MODE_HELP = (
    "weighted: pick the island with the best score (cost, latency and trust, each weighted).\n"
    "constraint: the most trusted island that meets the request's limits."
)
WEIGHT_HELP = "How much {name} counts when islands are compared (0 = ignored)."


class PolicyPanel(QWidget):
    def __init__(self, model: PolicyModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.loaded: dict[str, Any] = {}
        self.kept = KeptEdits()
        self.setMinimumSize(520, 560)
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
        self.mode.setToolTip(MODE_HELP)
        self.buffer.setToolTip(BUFFER_HELP)
        self.secondary.setToolTip(THETA_HELP.format(tier="secondary"))
        self.burstable.setToolTip(THETA_HELP.format(tier="burstable"))
        self.margin.setToolTip(MARGIN_HELP)
        self.approval_enabled = QCheckBox("Ask before offloading sensitive work")
        self.min_tier = QComboBox()
        self.min_tier.addItem("private edge or cloud (tier 2+)", 2)
        self.min_tier.addItem("cloud only (tier 3)", 3)
        self.above = QComboBox()
        self.above.addItems(LEVELS)
        self.timeout = QLineEdit()
        self.timeout.setToolTip("Seconds to wait for your answer; a question left unanswered counts as Deny.")
        self.save_button = QPushButton("Save policy")
        self.message = QLabel()
        self.message.setWordWrap(True)

        routing = QGroupBox("Routing")
        f = QFormLayout(routing)
        f.addRow("Mode", self.mode)
        f.addRow("Buffer on receiving islands", self.buffer)
        tiers = QGroupBox("Tiers: work leaves this device below θ, comes back above θ + margin")
        tiers.setToolTip(f"{C_HELP}\n\n{MARGIN_HELP}")
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
        self.editors = [routing, self.weights_box, tiers, approvals, self.save_button]
        layout = QVBoxLayout(self)
        for box in (routing, self.weights_box, tiers, approvals):
            layout.addWidget(box)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        model.loaded.connect(self.show_policy)
        model.failed.connect(lambda m: self.message.setText(f"✗ {friendly_error(m)}"))
        model.saved.connect(self._saved)
        self.save_button.clicked.connect(self.save)

    def _saved(self, _: object) -> None:
        self.kept.accept_next()
        self.message.setText("✓ saved")

    def set_connected(self, connected: bool) -> None:
        """Read-only while the daemon is away (what was typed stays in the fields)."""
        for widget in self.editors:
            widget.setEnabled(connected)

    def show_policy(self, policy: dict[str, Any]) -> None:
        table = policy_table(policy)
        self.loaded = table
        put = self.kept.put
        writes = [put(self.mode, table["mode"]), put(self.buffer, table["buffer"])]
        for name, value in table["weights"].items():
            if name not in self.weights:
                self.weights[name] = QLineEdit()
                self.weights[name].setToolTip(WEIGHT_HELP.format(name=name))
                self.weights_form.addRow(name.capitalize(), self.weights[name])
            writes.append(put(self.weights[name], plain_number(value)))
        th = table["thresholds"]
        writes += [
            put(self.secondary, plain_number(th["secondary"])),
            put(self.burstable, plain_number(th["burstable"])),
            put(self.margin, plain_number(th["hysteresis_margin"])),
        ]
        ap = table["approval"]
        writes += [
            put(self.approval_enabled, "1" if ap["enabled"] else "0"),
            put(self.min_tier, self.min_tier.itemText(self.min_tier.findData(ap["min_tier"]))),
            put(self.above, ap["above"]),
            put(self.timeout, plain_number(ap["timeout_s"])),
        ]
        self.kept.done()
        if not all(writes) and not self.message.text().startswith("✗"):
            self.message.setText("Your changes are not saved yet.")

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
