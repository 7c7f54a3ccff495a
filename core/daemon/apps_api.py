"""Per-app API tokens over the API, for the tray's *Connect an app* panel (the CLI has
``islandrun apps add|list|revoke`` for the same; both work on ``apps.json``, see :mod:`.apps`).

- ``GET /api/apps``: every app with a token of its own: name, when it was made, and the token's
  last four characters (never the token, never its digest).
- ``POST /api/apps`` ``{"name": …}``: make a token for a new app; **201** with the token, which is
  shown only in this answer (only its SHA-256 digest is kept). 409 when the name has a token
  already, 400 with the reason in words when the name cannot be used.
- ``DELETE /api/apps/{name}``: end an app's token; **204** once requests with it are refused (the
  listeners re-read the token file at most a second after a change, so the answer waits that
  second: when it comes, the token no longer works anywhere); 404 for an app without a token.

All three are for the user's own tools only: the Unix socket (0600) or the shared token. An app's
own token gets **403**: no app can list the others, mint more tokens or cut another app off.
Every token made or revoked here is a row in the audit log (``event = "app-token"``) and an event
on the feed (``app.added``, ``app.revoked``).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import secrets
import string
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..audit import AuditRecord
from .apps import SHARED_APP, AppInfo, AppTokenError, AppTokens
from .pipeline import Pipeline
from .security import APP_SCOPE_KEY

__all__ = ["AppView", "NewApp", "NewAppToken", "name_problem", "router"]

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["IslandRun"])

MAX_NAME = 63
# How long after a change the listeners' token checks may still use what they read before
LISTENER_RECHECK_S: float = inspect.signature(AppTokens).parameters["recheck_s"].default
_FIRST = frozenset(string.ascii_lowercase + string.digits)
_ALLOWED = _FIRST | frozenset("._-")


def _suggest(name: str) -> str | None:
    """A usable name close to ``name`` ("Open WebUI" → "open-webui"), or None."""
    replaced = "".join(char if char in _ALLOWED else "-" for char in name.strip().lower())
    suggestion = "-".join(part for part in replaced.split("-") if part).lstrip("._-")[:MAX_NAME]
    return suggestion if suggestion and suggestion != name and name_problem(suggestion) is None else None


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an app, in words (None when it can). The same rule as
    ``islandrun apps add``: 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter
    or a digit, and not ``shared`` (the shared token's name)."""
    if not name:
        return "give the app a name (lowercase letters, digits, '.', '_' or '-'), e.g. open-webui"
    if name == SHARED_APP:
        return f"{SHARED_APP!r} is the name of the shared token (`islandrun token`): choose another name"
    problem = None
    if len(name) > MAX_NAME:
        problem = f"is {len(name)} characters long; an app name has at most {MAX_NAME}"
    elif any(c.isupper() for c in name):
        problem = "has capital letters; app names are lowercase"
    elif any(c not in _ALLOWED for c in name):
        bad = sorted({c for c in name if c not in _ALLOWED})
        shown = ", ".join("a space" if c == " " else repr(c) for c in bad[:5]) + (" …" if len(bad) > 5 else "")
        problem = f"holds {shown}: an app name may use only lowercase letters, digits, '.', '_' and '-'"
    elif name[0] not in _FIRST:
        problem = "must start with a letter or a digit"
    if problem is None:
        return None
    shown_name = name if len(name) <= 40 else name[:40] + "…"
    suggestion = _suggest(name)
    return f"{shown_name!r} {problem}" + (f" (for example {suggestion!r})" if suggestion else "")


class AppView(BaseModel):
    """An app with a token of its own (never the token or its digest)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="the app's name, as it appears in audit rows and approval prompts")
    created: float = Field(description="when the token was made (Unix time, seconds)")
    hint: str = Field(description="the token's last four characters, to tell tokens apart")

    @classmethod
    def of(cls, info: AppInfo) -> AppView:
        return cls(name=info.name, created=info.created, hint=info.hint)


class NewAppToken(AppView):
    token: str = Field(description="the app's API token: shown only in this answer, only its digest is kept")
    note: str = Field(description="what to do with the token, in words")


class NewApp(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The rule is documented as a pattern for clients, but checked by ``name_problem``, whose refusal
    # says in words what is wrong (a pattern constraint here would answer with the regex).
    name: Annotated[str, Field(max_length=1000)] = Field(
        description="the app's name: 1-63 lowercase letters, digits, '.', '_' or '-', starting with a letter "
        "or digit; not 'shared'",
        json_schema_extra={"pattern": "^[a-z0-9][a-z0-9._-]{0,62}$", "minLength": 1, "maxLength": MAX_NAME},
    )

    @field_validator("name")
    @classmethod
    def _usable(cls, value: str) -> str:
        problem = name_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value


def _pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


def _tokens(request: Request) -> AppTokens:
    tokens = getattr(request.app.state, "app_tokens", None)
    if tokens is None:  # looks at the file on every question: `islandrun apps add` shows at once
        tokens = request.app.state.app_tokens = AppTokens(recheck_s=0.0)
    assert isinstance(tokens, AppTokens)
    return tokens


def _lock(request: Request) -> asyncio.Lock:
    """One change at a time (each rewrites apps.json from what it read)."""
    lock = getattr(request.app.state, "app_tokens_lock", None)
    if lock is None:
        lock = request.app.state.app_tokens_lock = asyncio.Lock()
    assert isinstance(lock, asyncio.Lock)
    return lock


def _shared_only(request: Request) -> None:
    app = request.scope.get(APP_SCOPE_KEY)
    if app is not None and app != SHARED_APP:
        raise HTTPException(
            403,
            f"the app {app!r} sent its own token: app tokens are listed, made and revoked only from this "
            "machine's tray or CLI, or with the shared token",
        )


def _audit(request: Request, outcome: str, name: str, detail: str) -> None:
    record = AuditRecord(
        event="app-token",
        request_id="app-" + secrets.token_hex(6),
        outcome=outcome,
        detail=f"app {name}: {detail}"[:500],
    )
    _pipeline(request).audit.append(record)


_SHARED_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "an app's own token may not list, make or revoke app tokens"}
}


@router.get(
    "/apps",
    response_model=list[AppView],
    summary="Apps with a token of their own: name, created, the token's last four characters",
    responses=_SHARED_ONLY,
)
async def list_apps(request: Request) -> list[AppView]:
    _shared_only(request)
    infos = await asyncio.to_thread(_tokens(request).list)
    return [AppView.of(info) for info in infos]


@router.post(
    "/apps",
    status_code=201,
    response_model=NewAppToken,
    summary="Make a token for an app (shown only in this answer)",
    responses={
        **_SHARED_ONLY,
        400: {"description": "the name cannot name an app; the message says why"},
        409: {"description": "an app of this name has a token already (revoke it first)"},
    },
)
async def add_app(body: NewApp, request: Request) -> NewAppToken:
    _shared_only(request)
    tokens = _tokens(request)
    async with _lock(request):
        if any(info.name == body.name for info in await asyncio.to_thread(tokens.list)):
            raise HTTPException(409, f"the app {body.name!r} has a token already: revoke it first to make a new one")
        try:
            token = await asyncio.to_thread(tokens.create, body.name)
        except AppTokenError as exc:  # made by `islandrun apps add` a moment ago
            raise HTTPException(409, exc.message) from None
        try:
            await asyncio.to_thread(_audit, request, "created", body.name, f"token made (ends …{token[-4:]})")
        except Exception:
            # No token without its audit row: take it back before saying why it failed.
            await asyncio.to_thread(tokens.revoke, body.name)
            raise
    info = next((i for i in await asyncio.to_thread(tokens.list) if i.name == body.name), None)
    created = AppView.of(info) if info is not None else AppView(name=body.name, created=0.0, hint=token[-4:])
    _pipeline(request).events.publish("app.added", created.model_dump())
    return NewAppToken(
        **created.model_dump(),
        token=token,
        note=f"give this token to {body.name} as its API key; it is shown only now (only a digest is kept)",
    )


@router.delete(
    "/apps/{name}",
    status_code=204,
    summary="Revoke an app's token (answered once requests with it are refused)",
    responses={
        **_SHARED_ONLY,
        400: {"description": "'shared' is the shared token, which is rotated, not revoked"},
        404: {"description": "no app of this name has a token"},
    },
)
async def revoke_app(name: str, request: Request) -> Response:
    _shared_only(request)
    if name == SHARED_APP:
        raise HTTPException(
            400, "'shared' is the shared token: rotate it instead (`islandrun token --rotate`, or Rotate token…)"
        )
    tokens = _tokens(request)
    async with _lock(request):
        try:
            await asyncio.to_thread(tokens.revoke, name)
        except AppTokenError:
            shown = name if len(name) <= 80 else name[:80] + "…"
            raise HTTPException(404, f"no app named {shown!r} has a token") from None
        try:
            await asyncio.to_thread(_audit, request, "revoked", name, "token revoked by the user")
        except Exception as exc:  # the token is revoked all the same (fail closed); say what is missing
            log.error("the token of app %s was revoked, but its audit row could not be written: %s", name, exc)
            raise HTTPException(
                507 if "full" in str(exc).lower() else 503,
                f"the token of {name!r} was revoked, but its audit row could not be written ({exc})",
            ) from None
    # The listeners re-read apps.json at most this long after a change: answer when it is in force.
    await asyncio.sleep(LISTENER_RECHECK_S + 0.05)
    _pipeline(request).events.publish("app.revoked", {"name": name})
    return Response(status_code=204)
