"""An async client for the daemon's API (no Qt): the tray's only way to talk to the daemon.

It speaks HTTP over the daemon's Unix socket (only this user can connect; no token needed) or,
where there is no socket, over TCP with the bearer token. Every failure becomes an
:class:`ApiError` (or :class:`DaemonUnreachableError`) whose message is the daemon's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from islandrun.core.daemon.instance import DaemonInfo, read_info, read_token
from islandrun.core.errors import IslandRunError

__all__ = ["JSON", "ApiClient", "ApiError", "DaemonUnreachableError"]

JSON = dict[str, Any]


class ApiError(IslandRunError):
    """The daemon answered with an error status; ``message`` is the daemon's explanation."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message, title=f"The daemon refused ({status})")


class DaemonUnreachableError(IslandRunError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"cannot reach the IslandRun daemon: {detail}", title="Daemon unreachable")


class ApiClient:
    """One ``httpx.AsyncClient`` for the tray's lifetime; ``aclose`` it on quit."""

    def __init__(self, info: DaemonInfo, timeout: float = 30.0, token: str | None = None) -> None:
        headers = {"X-IslandRun-Client": "islandrun-tray"}
        if info.socket:
            transport = httpx.AsyncHTTPTransport(uds=info.socket)
            self.http = httpx.AsyncClient(
                transport=transport, base_url="http://localhost", timeout=timeout, headers=headers
            )
        else:
            headers["Authorization"] = f"Bearer {token or read_token()}"
            self.http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{info.port}", headers=headers, timeout=timeout)
        self.info = info

    @classmethod
    def from_runtime_dir(cls, timeout: float = 30.0) -> ApiClient:
        info = read_info()
        if info is None:
            raise DaemonUnreachableError("no daemon.json in the runtime dir (the daemon is not running)")
        return cls(info, timeout)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def request(self, method: str, path: str, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        try:
            response = await self.http.request(method, path, json=json, params=params)
        except httpx.TransportError as exc:
            raise DaemonUnreachableError(str(exc) or type(exc).__name__) from exc
        if response.status_code >= 400:
            raise ApiError(response.status_code, _error_message(response))
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    # -- reads ---------------------------------------------------------------------------

    async def health(self) -> JSON:
        result: JSON = await self.request("GET", "/api/health")
        return result

    async def islands(self) -> list[JSON]:
        result: list[JSON] = await self.request("GET", "/api/islands")
        return result

    async def policy(self) -> JSON:
        result: JSON = await self.request("GET", "/api/policy")
        return result

    async def budgets(self, days: int = 30) -> JSON:
        result: JSON = await self.request("GET", "/api/budgets", params={"days": days})
        return result

    async def capacity(self) -> JSON:
        result: JSON = await self.request("GET", "/api/capacity")
        return result

    async def capacity_history(self, since: float | None = None) -> list[JSON]:
        params = {} if since is None else {"since": since}
        result: list[JSON] = await self.request("GET", "/api/capacity/history", params=params)
        return result

    async def approvals(self) -> list[JSON]:
        result: list[JSON] = await self.request("GET", "/api/approvals")
        return result

    async def audit(self, limit: int = 100) -> list[JSON]:
        result: list[JSON] = await self.request("GET", "/api/audit", params={"limit": limit})
        return result

    async def audit_verify(self) -> JSON:
        result: JSON = await self.request("GET", "/api/audit/verify")
        return result

    async def collections(self) -> list[JSON]:
        """Document collections by island (names and sizes; never paths or content)."""
        result: list[JSON] = await self.request("GET", "/api/collections")
        return result

    # -- writes --------------------------------------------------------------------------

    async def answer_approval(self, approval_id: str, answer: str) -> JSON:
        """``answer`` is ``send`` (Send sanitized), ``local`` (Keep local) or ``deny``."""
        result: JSON = await self.request("POST", f"/api/approvals/{approval_id}", json={"answer": answer})
        return result

    async def put_policy(self, table: Mapping[str, Any]) -> JSON:
        """Replace ``[policy]`` (the body mirrors the config table); the daemon answers the new policy."""
        result: JSON = await self.request("PUT", "/api/policy", json=dict(table))
        return result

    async def put_budgets(self, table: Mapping[str, Any]) -> JSON:
        """Replace ``[budgets]`` (``daily_usd``, ``monthly_usd``); the daemon answers the new budgets."""
        result: JSON = await self.request("PUT", "/api/budgets", json=dict(table))
        return result

    async def add_island(self, table: Mapping[str, Any]) -> JSON:
        """``POST /api/islands`` with an ``[[islands]]`` table; the daemon answers the island's view."""
        result: JSON = await self.request("POST", "/api/islands", json=dict(table))
        return result

    async def remove_island(self, island_id: str) -> None:
        """``DELETE /api/islands/{id}`` (configured islands only; this device cannot be removed)."""
        await self.request("DELETE", f"/api/islands/{island_id}")

    async def add_collection(self, name: str, folder: str) -> JSON:
        """``POST /api/collections``: register ``folder`` as collection ``name``; the daemon indexes it
        in the background (``collection.*`` events) and answers ``{"name", "status": "indexing"}``."""
        result: JSON = await self.request("POST", "/api/collections", json={"name": name, "folder": folder})
        return result

    async def reindex_collection(self, name: str) -> None:
        """``POST /api/collections/{name}/reindex`` (this device's own collections; runs in the background)."""
        await self.request("POST", f"/api/collections/{quote(name, safe='')}/reindex")

    async def remove_collection(self, name: str) -> None:
        """``DELETE /api/collections/{name}``: the index is forgotten, the folder is left as it is."""
        await self.request("DELETE", f"/api/collections/{quote(name, safe='')}")


def _error_message(response: httpx.Response) -> str:
    """The daemon's message from ``{"error": {"message": ...}}`` (or FastAPI's ``detail``)."""
    try:
        body = response.json()
    except ValueError:
        return response.text or response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and "message" in error:
            return str(error["message"])
        if "detail" in body:
            return str(body["detail"])
    return response.text
