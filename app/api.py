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

    async def answer_approval(self, approval_id: str, answer: str, remember_minutes: int | None = None) -> JSON:
        """``answer`` is ``send`` (Send sanitized), ``local`` (Keep local) or ``deny``; with ``send``,
        ``remember_minutes`` lets the same app send this kind of content to this island for N minutes."""
        body: JSON = {"answer": answer}
        if remember_minutes:
            body["remember_minutes"] = remember_minutes
        result: JSON = await self.request("POST", f"/api/approvals/{approval_id}", json=body)
        return result

    async def grants(self) -> list[JSON]:
        """Remembered approvals in force (``GET /api/grants``)."""
        result: list[JSON] = await self.request("GET", "/api/grants")
        return result

    async def revoke_grant(self, grant_id: str) -> None:
        """``DELETE /api/grants/{id}``: the next matching request asks again."""
        await self.request("DELETE", f"/api/grants/{quote(grant_id, safe='')}")

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

    # -- keys, connection tests, connecting apps (core/daemon/keys_api.py) ----------------

    async def keys(self) -> JSON:
        """``GET /api/keys``: each island's key state (never the key) and status."""
        result: JSON = await self.request("GET", "/api/keys")
        return result

    async def set_key(self, island_id: str, key: str) -> None:
        """``PUT /api/islands/{id}/key``: the key goes to the OS keyring; nothing is answered back."""
        await self.request("PUT", f"/api/islands/{quote(island_id, safe='')}/key", json={"key": key})

    async def delete_key(self, island_id: str) -> JSON:
        result: JSON = await self.request("DELETE", f"/api/islands/{quote(island_id, safe='')}/key")
        return result

    async def test_island(self, island_id: str) -> JSON:
        """``POST /api/islands/{id}/test``: ``{"ok", "message", "models", "latency_ms"}``."""
        result: JSON = await self.request("POST", f"/api/islands/{quote(island_id, safe='')}/test")
        return result

    async def replace_island(self, island_id: str, table: Mapping[str, Any]) -> JSON:
        """``PUT /api/islands/{id}`` with the whole ``[[islands]]`` table (edit an island)."""
        result: JSON = await self.request("PUT", f"/api/islands/{quote(island_id, safe='')}", json=dict(table))
        return result

    async def connect_info(self) -> JSON:
        """``GET /api/connect``: base URLs, the Unix socket, every listener."""
        result: JSON = await self.request("GET", "/api/connect")
        return result

    async def token(self) -> str:
        """The shared API token (``GET /api/token``)."""
        result: JSON = await self.request("GET", "/api/token")
        return str(result["token"])

    async def rotate_token(self) -> str:
        """``POST /api/token/rotate``; over TCP this client switches to the new token itself."""
        result: JSON = await self.request("POST", "/api/token/rotate")
        fresh = str(result["token"])
        if "Authorization" in self.http.headers:
            self.http.headers["Authorization"] = f"Bearer {fresh}"
        return fresh

    async def apps(self) -> list[JSON]:
        """``GET /api/apps``: the apps with a token of their own (name, created, hint; never a token)."""
        result: list[JSON] = await self.request("GET", "/api/apps")
        return result

    async def add_app(self, name: str) -> JSON:
        """``POST /api/apps``: a token for a new app; the answer holds it, and nothing will again."""
        result: JSON = await self.request("POST", "/api/apps", json={"name": name})
        return result

    async def revoke_app(self, name: str) -> None:
        """``DELETE /api/apps/{name}``: answered once requests with that token are refused."""
        await self.request("DELETE", f"/api/apps/{quote(name, safe='')}")

    # -- your other devices (the personal group) and models ------------------------------

    async def peers(self) -> JSON:
        """``GET /api/peers``: this device's identity, the devices seen, and pairing requests."""
        result: JSON = await self.request("GET", "/api/peers")
        return result

    async def pair(self, target: str) -> JSON:
        """``POST /api/peers/pair``: start pairing; the answer has the session and the 6-digit code."""
        result: JSON = await self.request("POST", "/api/peers/pair", json={"target": target})
        return result

    async def confirm_pairing(self, session: str) -> JSON:
        """The code matches (this device asked): pair on this side."""
        result: JSON = await self.request("POST", f"/api/peers/pairings/{quote(session, safe='')}/confirm")
        return result

    async def accept_pairing(self, session: str, code: str) -> JSON:
        """Accept another device's request with the code its user read on that device."""
        path = f"/api/peers/pairings/{quote(session, safe='')}/accept"
        result: JSON = await self.request("POST", path, json={"code": code})
        return result

    async def refuse_pairing(self, session: str) -> None:
        await self.request("DELETE", f"/api/peers/pairings/{quote(session, safe='')}")

    async def unpair(self, device_id: str) -> JSON:
        result: JSON = await self.request("DELETE", f"/api/peers/{quote(device_id, safe='')}")
        return result

    async def local_models(self) -> JSON:
        """``GET /api/models/local``: the models on this device, the default, which are loaded."""
        result: JSON = await self.request("GET", "/api/models/local")
        return result

    async def model_catalog(self, ctx: int = 4096) -> JSON:
        """The curated catalogue with this device's fit check and the suggestion."""
        result: JSON = await self.request("GET", "/api/models/catalog", params={"ctx": ctx})
        return result

    async def model_pulls(self) -> list[JSON]:
        result: list[JSON] = await self.request("GET", "/api/models/pulls")
        return result

    async def start_pull(self, name: str) -> JSON:
        """Start downloading ``name`` in the daemon (progress: ``model.pull.*`` events)."""
        result: JSON = await self.request("POST", "/api/models/pulls", json={"name": name})
        return result

    async def cancel_pull(self, name: str) -> None:
        await self.request("DELETE", f"/api/models/pulls/{quote(name, safe='/:')}")

    async def set_default_model(self, name: str) -> JSON:
        """``PUT /api/models/default`` (``[engine] default_model``); the answer is the new local list."""
        result: JSON = await self.request("PUT", "/api/models/default", json={"name": name})
        return result


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
