"""View-models of *Connect an app* and *Keys & islands*: they await the API client and report the
daemon's answers as signals; nothing here draws."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from islandrun.core.errors import IslandRunError

from .api import JSON, ApiClient
from .qt_async import async_slot
from .viewmodels import PanelModel

__all__ = ["ConnectModel", "KeysModel"]


class ConnectModel(PanelModel):
    """Loads ``{"connect": GET /api/connect, "token": str | None, "token_problem": str | None}``."""

    rotated = Signal(str)  # the new token

    async def fetch(self) -> JSON:
        connect = await self.client.connect_info()
        try:
            token: str | None = await self.client.token()
            problem = None
        except IslandRunError as exc:
            token, problem = None, exc.message
        return {"connect": connect, "token": token, "token_problem": problem}

    @async_slot()
    async def rotate(self) -> None:
        """A new shared token; apps using the old one get 401 until they are given the new one."""

        async def work() -> str:
            fresh = await self.client.rotate_token()
            self.rotated.emit(fresh)
            return fresh

        await self._save(work)


class KeysModel(PanelModel):
    """Loads ``{"keys": GET /api/keys, "islands": GET /api/islands}``; key writes, tests and edits."""

    tested = Signal(dict)  # POST /api/islands/{id}/test's answer
    testFailed = Signal(str, str)  # island id, why the test could not run

    def __init__(self, client: ApiClient, parent: QObject | None = None) -> None:
        super().__init__(client, parent)
        self.testing: set[str] = set()

    async def fetch(self) -> JSON:
        keys = await self.client.keys()
        islands = await self.client.islands()
        return {**keys, "configs": {i["id"]: i.get("config") for i in islands}}

    @async_slot(str, str)
    async def set_key(self, island_id: str, key: str) -> None:
        async def work() -> JSON:
            await self.client.set_key(island_id, key)
            return {"id": island_id, "message": f"stored the key for {island_id} in the OS keyring"}

        await self._save(work)

    @async_slot(str)
    async def delete_key(self, island_id: str) -> None:
        async def work() -> JSON:
            answer = await self.client.delete_key(island_id)
            removed = bool(answer.get("removed"))
            return {
                "id": island_id,
                "message": f"removed the key for {island_id}" if removed else f"no key was stored for {island_id}",
            }

        await self._save(work)

    @async_slot(str, dict)
    async def edit(self, island_id: str, table: dict[str, Any]) -> None:
        async def work() -> JSON:
            await self.client.replace_island(island_id, table)
            return {"id": island_id, "message": f"saved {island_id} to config.toml"}

        await self._save(work)

    @async_slot(str)
    async def test(self, island_id: str) -> None:
        if island_id in self.testing:
            return
        self.testing.add(island_id)
        self.busyChanged.emit(True)
        try:
            result = await self.client.test_island(island_id)
        except IslandRunError as exc:
            self.testFailed.emit(island_id, exc.message)
            return
        finally:
            self.testing.discard(island_id)
            self.busyChanged.emit(False)
        self.tested.emit(result)
        await self._guard(self.fetch, self._loaded)
