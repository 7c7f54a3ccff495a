"""The panels window: one tab per panel, each tab loading its data when shown."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from .api import ApiClient
from .devices_model import DevicesModel
from .icons import app_icon
from .keys_models import ConnectModel, KeysModel
from .models_model import ModelsModel
from .panel_activity import ActivityPanel
from .panel_budgets import BudgetsPanel
from .panel_capacity import CapacityPanel
from .panel_collections import CollectionsPanel
from .panel_connect import ConnectPanel
from .panel_devices import DevicesPanel
from .panel_grants import GrantsModel, GrantsPanel
from .panel_islands import IslandsPanel
from .panel_keys import KeysPanel
from .panel_models import ModelsPanel
from .panel_policy import PolicyPanel
from .viewmodels import (
    ActivityModel,
    BudgetsModel,
    CapacityModel,
    CollectionsModel,
    DaemonModel,
    IslandsModel,
    PolicyModel,
)

__all__ = ["PANELS", "PanelsWindow"]

PANELS = (
    "Capacity",
    "Activity",
    "Islands & trust",
    "Budgets",
    "Tiers & policy",
    "Collections",
    "Connect an app",
    "Keys & islands",
    "Devices",
    "Models",
    "Approvals",
)


class PanelsWindow(QTabWidget):
    def __init__(self, client: ApiClient, daemon: DaemonModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("IslandRun")
        self.setWindowIcon(app_icon())
        self.resize(880, 600)
        self.capacity_model = CapacityModel(client, self)
        self.activity_model = ActivityModel(client, self)
        self.islands_model = IslandsModel(client, self)
        self.budgets_model = BudgetsModel(client, self)
        self.policy_model = PolicyModel(client, self)
        self.collections_model = CollectionsModel(client, self)
        self.capacity = CapacityPanel(self.capacity_model)
        self.activity = ActivityPanel(self.activity_model)
        self.islands = IslandsPanel(self.islands_model)
        self.budgets = BudgetsPanel(self.budgets_model)
        self.policy = PolicyPanel(self.policy_model)
        self.collections = CollectionsPanel(self.collections_model)
        self.connect_model = ConnectModel(client, self)
        self.keys_model = KeysModel(client, self)
        self.connect_panel = ConnectPanel(self.connect_model)
        self.keys = KeysPanel(self.keys_model)
        self.devices_model = DevicesModel(client, self)
        self.models_model = ModelsModel(client, self)
        self.devices = DevicesPanel(self.devices_model)
        self.models_panel = ModelsPanel(self.models_model)
        self.grants_model = GrantsModel(client, self)
        self.grants = GrantsPanel(self.grants_model)
        self.models = [
            self.capacity_model,
            self.activity_model,
            self.islands_model,
            self.budgets_model,
            self.policy_model,
            self.collections_model,
            self.connect_model,
            self.keys_model,
            self.devices_model,
            self.models_model,
            self.grants_model,
        ]
        for title, panel in zip(
            PANELS,
            [
                self.capacity,
                self.activity,
                self.islands,
                self.budgets,
                self.policy,
                self.collections,
                self.connect_panel,
                self.keys,
                self.devices,
                self.models_panel,
                self.grants,
            ],
            strict=True,
        ):
            self.addTab(panel, title.replace("&", "&&"))  # "&" would be a mnemonic
        daemon.eventReceived.connect(self.capacity_model.on_event)
        daemon.eventReceived.connect(self.capacity.on_event)
        daemon.eventReceived.connect(self.activity_model.on_event)
        # live reloads only while the Activity list is on screen; showing it loads it (_load)
        self.activity_model.watched = lambda: self.isVisible() and self.currentWidget() is self.activity
        daemon.eventReceived.connect(self.collections_model.on_event)
        daemon.eventReceived.connect(self.devices_model.on_event)
        daemon.eventReceived.connect(self.models_model.on_event)
        daemon.eventReceived.connect(self.grants_model.on_event)
        daemon.eventReceived.connect(self.connect_panel.apps.model.on_event)
        self.currentChanged.connect(self._load)

    def open_panel(self, title: str) -> None:
        index = PANELS.index(title)
        if self.currentIndex() == index:
            self._load(index)
        self.setCurrentIndex(index)
        self.show()
        self.raise_()
        self.activateWindow()

    def _load(self, index: int) -> None:
        if 0 <= index < len(self.models):
            self.models[index].refresh()
