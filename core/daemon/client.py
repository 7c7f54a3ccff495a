"""A small client for the local daemon, over its Unix socket (or TCP with the token where there is
no socket, e.g. on Windows). The CLI's ``approvals`` commands use it; so can scripts."""

from __future__ import annotations

from typing import Any

import httpx

from .errors import DaemonError
from .instance import NotRunningError, read_info, read_token

__all__ = ["DaemonClient", "DaemonError"]


class DaemonClient:
    def __init__(self, timeout: float = 30.0) -> None:
        info = read_info()
        if info is None:
            raise NotRunningError()
        if info.socket:
            transport = httpx.HTTPTransport(uds=info.socket)
            self._http = httpx.Client(transport=transport, base_url="http://localhost", timeout=timeout)
        else:
            headers = {"Authorization": f"Bearer {read_token()}"}
            self._http = httpx.Client(base_url=f"http://127.0.0.1:{info.port}", headers=headers, timeout=timeout)

    def __enter__(self) -> DaemonClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._http.close()

    def request(self, method: str, path: str, json: Any = None) -> Any:
        try:
            response = self._http.request(method, path, json=json)
        except httpx.TransportError as exc:
            raise NotRunningError() from exc
        if response.status_code >= 400:
            try:
                message = response.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = response.text
            raise DaemonError(response.status_code, str(message))
        return response.json()
