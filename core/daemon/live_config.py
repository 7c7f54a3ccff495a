"""Changing settings while the daemon runs: validate, save to the config file, apply at once.

The GUI panels and any API client change the policy, budgets and islands through here. A change
is validated as the config file would be, written atomically (never over a file that does not
load — the user's hand edit wins, and the change is refused with a message saying so), and only
then applied to the running pipeline: the router's policy and capacity gates, the island
registry, the ledger's prices and budgets. So what the API answers is what survives a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..capacity.monitor import CapacityMonitor
from ..config import BudgetLimits, Config, IslandConfig, PolicyConfig, load_config, save_config
from ..config_file_edit import write_config_text
from ..errors import ConfigError
from ..ledger_sync import sync_ledger
from ..paths import config_file
from .errors import ConfigFileBrokenError, IslandExistsError, IslandNotConfiguredError, SettingsNotSavedError
from .pipeline import Pipeline

__all__ = ["ConfigFileBrokenError", "IslandExistsError", "IslandNotConfiguredError", "LiveConfig"]


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


class LiveConfig:
    def __init__(self, pipeline: Pipeline, monitor: CapacityMonitor | None, path: Path | None) -> None:
        self.pipeline = pipeline
        self.monitor = monitor
        self.path = path
        self._lock = asyncio.Lock()  # one change at a time: read, modify, write, apply

    async def _change(self, update: Callable[[Config], dict[str, Any]]) -> Config:
        async with self._lock:
            try:
                current = await asyncio.to_thread(load_config, self.path)
            except ConfigError as exc:
                raise ConfigFileBrokenError(exc) from None
            data = {**current.model_dump(), **update(current)}
            try:
                new = Config.model_validate(data)
            except ValidationError as exc:
                problems = [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
                raise ConfigError(self.path, problems) from None
            path = self.path or config_file()
            before = await asyncio.to_thread(_read_text, path)
            try:
                await asyncio.to_thread(save_config, new, self.path)
            except ConfigError as exc:
                raise ConfigFileBrokenError(exc) from None
            except OSError as exc:  # nothing was replaced (atomic write): nothing to undo, nothing applied
                raise SettingsNotSavedError(exc) from None
            try:
                await self._apply(new)
            except Exception as exc:  # written but not applied: put the file back as it was
                with contextlib.suppress(OSError):
                    if before is None:
                        await asyncio.to_thread(path.unlink, True)  # there was no file: there is none again
                    else:
                        await asyncio.to_thread(write_config_text, path, before)
                raise SettingsNotSavedError(exc) from None
            return new

    async def _apply(self, new: Config) -> None:
        """The only step that can fail (the ledger's budgets on disk) comes first, so a failure
        leaves the running daemon exactly as it was."""
        await asyncio.to_thread(sync_ledger, self.pipeline.ledger, new)
        gates = self.pipeline.apply_config(new)
        if gates is not None and self.monitor is not None:
            self.monitor.use_gates(gates)

    async def set_policy(self, policy: PolicyConfig) -> Config:
        return await self._change(lambda _current: {"policy": policy.model_dump()})

    async def set_budgets(self, budgets: BudgetLimits) -> Config:
        return await self._change(lambda _current: {"budgets": budgets.model_dump()})

    async def set_default_model(self, name: str) -> Config:
        """``[engine] default_model`` (what ``"model": "default"`` means), saved and applied at once."""
        return await self._change(lambda current: {"engine": {**current.engine.model_dump(), "default_model": name}})

    async def add_island(self, island: IslandConfig) -> Config:
        def update(current: Config) -> dict[str, Any]:
            if any(i.id == island.id for i in current.islands):
                raise IslandExistsError(island.id)
            return {"islands": [*(i.model_dump() for i in current.islands), island.model_dump()]}

        return await self._change(update)

    async def replace_island(self, island_id: str, island: IslandConfig) -> Config:
        def update(current: Config) -> dict[str, Any]:
            if not any(i.id == island_id for i in current.islands):
                raise IslandNotConfiguredError(island_id)
            return {"islands": [island.model_dump() if i.id == island_id else i.model_dump() for i in current.islands]}

        return await self._change(update)

    async def remove_island(self, island_id: str) -> Config:
        def update(current: Config) -> dict[str, Any]:
            if not any(i.id == island_id for i in current.islands):
                raise IslandNotConfiguredError(island_id)
            return {"islands": [i.model_dump() for i in current.islands if i.id != island_id]}

        return await self._change(update)
