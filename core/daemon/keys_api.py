"""Island keys, connection tests and the shared API token, for the tray's *Keys & islands* and
*Connect an app* panels (the CLI has ``islandrun keys`` and ``islandrun token`` for the same).

- ``GET /api/keys``: every island with whether a key is stored (never the key), its status (``up``,
  ``down``, ``no key``, ``unpaired``, ``not tested``, ``this device``) and the last test's answer.
- ``PUT /api/islands/{id}/key`` ``{"key": …}``: store a configured island's key in the OS keyring
  (204; the key is never answered back, logged or written anywhere else).
- ``DELETE /api/islands/{id}/key``: remove it (``{"removed": bool}``).
- ``POST /api/islands/{id}/test``: ask the island for its model list with its key (OpenAI's and
  Anthropic's ``GET /models``; a paired peer over its mutual-TLS channel) and say whether it
  answered, and if not why, in words. Nothing of the user's is sent.
- ``GET /api/connect``: what an app needs to connect: the base URLs (OpenAI, Anthropic, Ollama when
  its listener is open), the Unix socket, every TCP listener.
- ``GET /api/token``, ``POST /api/token/rotate``: the shared token. Only over the Unix socket (0600:
  this user's own tools) or with the shared token itself; an app's own token (``islandrun apps``)
  is refused (403), so no app can learn or replace the token the others use.

Keyring calls block (D-Bus), so they run in a thread.
"""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import IslandRunError
from ..islands import LOCAL_ISLAND_ID, Island, IslandKind
from ..remote.credentials import KeyringCredentials
from ..remote.errors import CredentialsError, RemoteRequestError, UpstreamError
from .api_models_admin import ConnectView, IslandTestView, KeyRemoved, KeysView, TokenView
from .errors import NoKeyForThisIslandError
from .instance import read_info, read_token, rotate_token, token_file
from .live_config import IslandNotConfiguredError
from .pipeline import Pipeline
from .security import APP_SCOPE_KEY

__all__ = ["IslandTests", "NoKeyForThisIslandError", "router"]

router = APIRouter(prefix="/api", tags=["IslandRun"])

TEST_TIMEOUT_S = 15.0


class KeyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Annotated[str, Field(min_length=1, max_length=8192)] = Field(description="the island's API key")

    @field_validator("key")
    @classmethod
    def _clean(cls, value: str) -> str:
        # Never echo the value in the message: it is a secret.
        if value != value.strip() or any(c in value for c in "\r\n\t"):
            raise ValueError("the key may not start or end with spaces or hold line breaks (was it pasted whole?)")
        return value


class IslandTests:
    """The last connection test of each island in this daemon's run (in memory only)."""

    def __init__(self) -> None:
        self.results: dict[str, dict[str, Any]] = {}


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


def _tests(request: Request) -> IslandTests:
    tests = getattr(request.app.state, "island_tests", None)
    if tests is None:
        tests = request.app.state.island_tests = IslandTests()
    return tests


def _store(request: Request) -> KeyringCredentials:
    """The dispatcher's own keyring store (so a new key is used at once, not after its cache expires)."""
    remote = _pipeline(request).remote
    credentials = None if remote is None else remote.credentials
    if isinstance(credentials, KeyringCredentials):
        return credentials
    store = getattr(request.app.state, "keyring_store", None)
    if store is None:
        store = request.app.state.keyring_store = KeyringCredentials()
    return store


def _apis(request: Request) -> dict[str, str]:
    return {i.id: i.api for i in _pipeline(request).config.islands}


def _keyable(request: Request, island_id: str) -> None:
    """Only configured edge and cloud islands hold keys (peers prove themselves by pairing)."""
    if island_id == LOCAL_ISLAND_ID:
        raise NoKeyForThisIslandError(island_id, "it is this device")
    configured = {i.id: i for i in _pipeline(request).config.islands}
    if island_id not in configured:
        raise IslandNotConfiguredError(island_id)
    if configured[island_id].kind == IslandKind.PEER.value:
        raise NoKeyForThisIslandError(island_id, "a peer is reached through pairing (mutual TLS), not with a key")


def _status(island: Island, key: str, test: dict[str, Any] | None) -> str:
    if island.id == LOCAL_ISLAND_ID:
        return "this device"
    if island.kind is IslandKind.PEER and not island.paired:
        return "unpaired"
    if island.kind is IslandKind.CLOUD and key == "not set":
        return "no key"
    if test is None:
        return "not tested"
    return "up" if test["ok"] else "down"


@router.get(
    "/keys", response_model=KeysView, summary="Every island's key state (stored or not, never the key) and status"
)
async def keys(request: Request) -> dict[str, Any]:
    pipeline = _pipeline(request)
    islands = pipeline.registry.islands()
    apis = _apis(request)
    store = _store(request)
    keyable = [i.id for i in islands if i.id in apis and i.kind is not IslandKind.PEER]

    def read() -> tuple[dict[str, bool], str | None]:
        try:
            return {island_id: store.has(island_id) for island_id in keyable}, None
        except CredentialsError as exc:
            return {}, exc.message

    stored, problem = await asyncio.to_thread(read) if keyable else ({}, None)
    tests = _tests(request).results
    rows = []
    for island in islands:
        if island.id not in keyable:
            key = "—"
        elif problem is not None:
            key = "keyring unavailable"
        else:
            key = "stored" if stored.get(island.id) else "not set"
        rows.append(
            {
                "id": island.id,
                "name": island.name,
                "kind": island.kind.value,
                "api": "islandrun" if island.kind is IslandKind.PEER else apis.get(island.id, "—"),
                "endpoint": island.endpoint,
                "configured": island.id in apis,
                "key": key,
                "status": _status(island, key, tests.get(island.id)),
                "test": tests.get(island.id),
            }
        )
    return {"islands": rows, "keyring_problem": problem}


@router.put(
    "/islands/{island_id}/key",
    status_code=204,
    summary="Store a configured island's API key in the OS keyring (never answered back)",
    responses={
        404: {"description": "no configured island has this id"},
        503: {"description": "no usable OS keyring; the message says what to install"},
    },
)
async def put_key(island_id: str, body: KeyBody, request: Request) -> Response:
    _keyable(request, island_id)
    await asyncio.to_thread(_store(request).set, island_id, body.key)
    _tests(request).results.pop(island_id, None)  # the old answer was about the old key
    return Response(status_code=204)


@router.delete(
    "/islands/{island_id}/key",
    response_model=KeyRemoved,
    summary="Remove a configured island's API key from the OS keyring",
    responses={
        404: {"description": "no configured island has this id"},
        503: {"description": "no usable OS keyring; the message says what to install"},
    },
)
async def delete_key(island_id: str, request: Request) -> dict[str, Any]:
    _keyable(request, island_id)
    removed = await asyncio.to_thread(_store(request).delete, island_id)
    _tests(request).results.pop(island_id, None)
    return {"id": island_id, "removed": removed}


def _why(exc: Exception) -> str:
    if isinstance(exc, UpstreamError):
        return exc.reason
    if isinstance(exc, IslandRunError):
        return exc.message
    return type(exc).__name__


@router.post(
    "/islands/{island_id}/test",
    response_model=IslandTestView,
    summary="Test the connection to an island: list its models with its key (nothing of yours is sent)",
    responses={404: {"description": "no island has this id"}},
)
async def test_island(island_id: str, request: Request) -> dict[str, Any]:
    pipeline = _pipeline(request)
    island = pipeline.registry.get(island_id)
    if island is None:
        raise IslandNotConfiguredError(island_id)
    started = time.monotonic()
    result: dict[str, Any]
    if island.id == LOCAL_ISLAND_ID:
        result = {"ok": True, "message": "this device: its engine answers requests directly", "models": []}
    elif island.kind is IslandKind.PEER and not island.paired:
        result = {"ok": False, "message": "not paired: pair this device first (peers are never sent requests unpaired)"}
    elif pipeline.remote is None:
        result = {"ok": False, "message": "remote islands are not available in this daemon"}
    else:
        try:
            models = await asyncio.wait_for(pipeline.remote.list_models(island), TEST_TIMEOUT_S)
        except TimeoutError:
            result = {"ok": False, "message": f"no answer within {TEST_TIMEOUT_S:g} s"}
        except (UpstreamError, RemoteRequestError, CredentialsError) as exc:
            result = {"ok": False, "message": _why(exc)}
        except (ValueError, KeyError, TypeError):
            result = {"ok": False, "message": "the island answered, but not with a model list this API understands"}
        else:
            shown = ", ".join(models[:5]) + (f" and {len(models) - 5} more" if len(models) > 5 else "")
            result = {
                "ok": True,
                "message": f"connected: {len(models)} model{'s' if len(models) != 1 else ''}"
                + (f" ({shown})" if models else ""),
                "models": models[:50],
            }
    result = {"id": island_id, "models": [], **result}
    result["latency_ms"] = round((time.monotonic() - started) * 1000, 1)
    result["tested_at"] = time.time()
    _tests(request).results[island_id] = result
    return result


@router.get(
    "/connect",
    response_model=ConnectView,
    summary="What an app needs to connect: base URLs, the Unix socket, every listener",
)
async def connect(request: Request) -> dict[str, Any]:
    listeners: list[dict[str, Any]] = list(getattr(request.app.state, "listeners", []))
    info = read_info()
    main = next((str(item["url"]) for item in listeners if item.get("open")), None)
    if main is None and info is not None:
        main = f"http://127.0.0.1:{info.port}"
    ollama = f"http://127.0.0.1:{info.ollama_port}" if info is not None and info.ollama_port else None
    return {
        "base_url": main,
        "openai_base_url": None if main is None else main + "/v1",
        "anthropic_base_url": main,
        "ollama_url": ollama,
        "socket": info.socket if info is not None and info.socket else None,
        "listeners": listeners,
        "token_file": str(token_file()),
    }


def _shared_only(request: Request) -> None:
    """The Unix socket (no app name in the scope) or the shared token; never an app's own token."""
    app = request.scope.get(APP_SCOPE_KEY)
    if app is not None and app != "shared":
        raise HTTPException(
            403,
            f"this is the app {app!r}'s own token: only the shared token or the Unix socket may read or "
            "rotate the shared token",
        )


_SHARED_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "an app's own token (islandrun apps) may not read or rotate the shared token"}
}


@router.get(
    "/token",
    response_model=TokenView,
    summary="The shared API token (Unix socket or the shared token only)",
    responses=_SHARED_ONLY,
)
async def token(request: Request) -> dict[str, Any]:
    _shared_only(request)
    return {"token": await asyncio.to_thread(read_token), "file": str(token_file())}


@router.post(
    "/token/rotate",
    response_model=TokenView,
    summary="Replace the shared API token (apps using it need the new one; per-app tokens are kept)",
    responses=_SHARED_ONLY,
)
async def rotate(request: Request) -> dict[str, Any]:
    _shared_only(request)
    fresh = await asyncio.to_thread(rotate_token)
    return {"token": fresh, "file": str(token_file())}
