"""The daemon assembled in the test's event loop: fast tests of what the pipeline does.

What is real: the config parser, ``build_services`` (routing, MIST, the ledger, the audit log,
approvals, events, capacity, the remote dispatcher and its HTTP client), the FastAPI app the
listeners serve (``server.api_app``) and the TCP listener's guards (``tcp_stack``: Host check,
bearer token, body limit, rate limit), with their files in a temporary home.

What stands in (each says so in its own docstring): llama.cpp, behind the real engine's queue
(:class:`.fake_engine.ScriptedEngine`, handed in at the one place the engine is made); a remote
island (:class:`.fake_island.FakeIsland`, an OpenAI-compatible server on a real loopback port,
configured like any island); the socket between client and daemon (an ASGI transport in the same
loop, :mod:`.transport`). What only a real process shows (the real model, signals, the Unix
socket, crash recovery, the leak sets) stays in tests/daemon, which starts ``islandrun serve``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from daemon.conftest import BASE_CONFIG  # the subprocess daemons' config: no model discovery, no personal group
from fastapi import FastAPI

from islandrun.core.config import Config, load_config
from islandrun.core.daemon.app import tcp_stack, unix_stack
from islandrun.core.daemon.apps import AppTokens
from islandrun.core.daemon.instance import TokenSource, ensure_runtime_dir, load_or_create_token, token_file
from islandrun.core.daemon.security import ASGIApp
from islandrun.core.daemon.server import api_app
from islandrun.core.daemon.services import Services, build_services
from islandrun.core.paths import ensure_private_data_dir

from .fake_engine import ScriptedEngine
from .fake_island import FakeIsland
from .transport import StreamingASGITransport, finish


@dataclass
class InMemoryDaemon:
    """One daemon's parts, built as ``islandrun serve`` builds them, and a way to call its API."""

    home: Path
    config_path: Path
    config: Config
    services: Services
    app: FastAPI
    stack: ASGIApp  # the app behind the TCP listener's guards: what a client on 127.0.0.1 reaches
    token: str
    running: bool = True
    requests: set[asyncio.Task[None]] = field(default_factory=set)  # the app's work still going on

    @property
    def engine(self) -> ScriptedEngine:
        engine = self.services.engine
        assert isinstance(engine, ScriptedEngine)
        return engine

    def client(self, *, token: str | None = "", host: str = "127.0.0.1", **kwargs: Any) -> httpx.AsyncClient:
        """A client through the TCP guards, with the daemon's token (``token=None``: without one)."""
        headers: dict[str, str] = {"Host": host}
        chosen = self.token if token == "" else token
        if chosen is not None:
            headers["Authorization"] = f"Bearer {chosen}"
        return self._client(self.stack, headers, **kwargs)

    def unix_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """A client through the Unix socket's guards (no token: the socket's 0600 mode is the lock)."""
        return self._client(unix_stack(self.app, self.config.server), {"Host": "localhost"}, **kwargs)

    def _client(self, app: ASGIApp, headers: dict[str, str], **kwargs: Any) -> httpx.AsyncClient:
        options: dict[str, Any] = {"base_url": "http://127.0.0.1", "timeout": 30.0, **kwargs}
        transport = StreamingASGITransport(app, self.requests)
        return httpx.AsyncClient(transport=transport, headers=headers, **options)

    async def stop(self) -> None:
        """What ``islandrun serve`` does at SIGTERM once its listeners closed: streams end, the
        engine, the databases and the HTTP client close."""
        if self.running:
            self.running = False
            self.services.events.close()  # event streams end now
            await finish(self.requests, self.config.server.shutdown_grace_s)  # in-flight work, as the listeners
            await self.services.aclose()

    async def restart(self) -> None:
        """Stop, then start again in the same home from the config file as it was saved (this
        object then speaks to the new daemon)."""
        await self.stop()
        fresh = await _start(self.home, None)
        self.config, self.services, self.app, self.stack, self.token = (
            fresh.config,
            fresh.services,
            fresh.app,
            fresh.stack,
            fresh.token,
        )
        self.running = True


async def _start(home: Path, config_text: str | None) -> InMemoryDaemon:
    """Build as ``Daemon.run`` does (``config_text=None``: the config file already there)."""
    path = home / "config" / "config.toml"
    if config_text is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(config_text)
    config = load_config(path)
    ensure_runtime_dir()
    ensure_private_data_dir()
    token = TokenSource(load_or_create_token(), token_file())
    services = await build_services(config, engine_factory=ScriptedEngine)
    app = api_app(services, path)
    stack = tcp_stack(app, token, config.server, AppTokens())
    return InMemoryDaemon(home, path, config, services, app, stack, token.current())


Start = Callable[[str], Awaitable[InMemoryDaemon]]


@contextlib.asynccontextmanager
async def _homes(home: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Start]:
    """Daemons in ``home`` (config, data and runtime dirs), stopped at the end as ``islandrun serve`` stops."""
    monkeypatch.delenv("ISLANDRUN_CONFIG", raising=False)
    monkeypatch.setenv("ISLANDRUN_DISCOVERY", "off")
    monkeypatch.setenv("ISLANDRUN_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("ISLANDRUN_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("ISLANDRUN_RUNTIME_DIR", str(home / "run"))
    started: list[InMemoryDaemon] = []
    umask = os.umask(0o077)  # as the daemon sets it: its files are private from the first byte

    async def start(config_text: str = BASE_CONFIG) -> InMemoryDaemon:
        assert not started, "one daemon per test (they would share the temporary home)"
        started.append(await _start(home, config_text))
        return started[0]

    try:
        yield start
    finally:
        for daemon in started:
            await daemon.stop()
        os.umask(umask)


@pytest.fixture
async def start_daemon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Start]:
    """``await start_daemon(config_text)``: a daemon in this test's loop, in its own temporary home
    (config, data and runtime dirs), stopped at the end of the test as ``islandrun serve`` stops."""
    async with _homes(tmp_path, monkeypatch) as start:
        yield start


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def start_module_daemon(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Start]:
    """As ``start_daemon``, for one daemon shared by a module's tests (each build costs about
    0.3 s, most of it the capacity monitor's first sample): for modules of many small tests that
    leave no state behind that another test reads, as the module-scoped ``islandrun serve`` of
    tests/daemon. The module's tests run in the module's loop: ``pytestmark =
    pytest.mark.asyncio(loop_scope="module")``. Its files are in the module's home; each test's own
    ISLANDRUN_*_DIR (tests/conftest.py) point elsewhere, so such tests must not call the CLI."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        async with _homes(tmp_path_factory.mktemp("inmemory"), monkeypatch) as start:
            yield start


@pytest.fixture
async def daemon(start_daemon: Start) -> InMemoryDaemon:
    """A daemon on the default test config: the local island only."""
    return await start_daemon(BASE_CONFIG)


@pytest.fixture
async def island() -> AsyncIterator[FakeIsland]:
    """A remote island on a loopback port (see :class:`.fake_island.FakeIsland`); its ``url`` goes
    into the config's ``endpoint``."""
    running = await FakeIsland().start()
    try:
        yield running
    finally:
        await running.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def module_island() -> AsyncIterator[FakeIsland]:
    """As ``island``, shared by a module's tests (with ``start_module_daemon``)."""
    running = await FakeIsland().start()
    try:
        yield running
    finally:
        await running.stop()
