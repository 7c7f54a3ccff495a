"""Running the daemon: both listeners in one event loop, one instance per user, clean shutdown.

:class:`Daemon` takes the instance lock, builds the services (in :mod:`.services`, the one place
where everything is wired), serves the TCP listener on 127.0.0.1 and the Unix socket, and on
SIGINT/SIGTERM stops accepting, lets in-flight requests finish within the grace period (those
still running then are cut and their bookings released), closes the engine and the databases,
and removes its runtime files. Nothing is written half: the ledger and audit use SQLite
transactions, and runtime files are replaced atomically.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..config import Config
from ..errors import IslandRunError
from ..paths import ensure_private_data_dir
from .app import create_app, tcp_stack, unix_stack
from .apps import AppTokens
from .errors import PortInUseError
from .extra_listeners import ListenerState, open_extra_listeners
from .instance import (
    DaemonInfo,
    InstanceLock,
    TokenSource,
    ensure_runtime_dir,
    load_or_create_token,
    socket_file,
    token_file,
)
from .listener import Listener
from .live_config import LiveConfig
from .loop_watch import from_env
from .ollama_listener import OllamaListener, open_ollama_listener
from .peer_server import PeerListener
from .security import ASGIApp
from .services import Services, build_services

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["Daemon", "PortInUseError", "api_app"]

log = logging.getLogger(__name__)


def _check_port(port: int) -> None:
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise PortInUseError(port, exc.strerror or str(exc)) from None


def api_app(services: Services, config_path: Path | None) -> FastAPI:
    """The API the listeners serve, over the built services (tests/inmemory assembles the same)."""
    live = LiveConfig(services.pipeline, services.monitor, config_path)
    return create_app(services.pipeline, live, services.peers, services.jobs)


class Daemon:
    def __init__(
        self,
        config: Config,
        *,
        config_path: Path | None = None,
        port: int | None = None,
        unix_socket: bool | None = None,
        ollama: bool | None = None,
    ) -> None:
        self.config = config
        self.config_path = config_path
        self.port = config.server.port if port is None else port
        self.use_socket = config.server.unix_socket if unix_socket is None else unix_socket
        self.use_ollama = config.ollama.enabled if ollama is None else ollama  # `serve --ollama` turns it on
        self.ollama: OllamaListener | None = None  # Ollama's API, when asked for: its address, or why it is not open
        self.services: Services | None = None
        self.bound_port: int | None = None
        self._stop = asyncio.Event()
        self._servers: list[Listener] = []
        self.listeners: list[ListenerState] = []  # the TCP listeners, for `islandrun serve` and /api/health

    def stop(self) -> None:
        self._stop.set()

    async def run(self, on_ready: Callable[[DaemonInfo], None] | None = None) -> None:
        lock = InstanceLock()
        lock.acquire()
        try:
            await self._run_locked(lock, on_ready)
        finally:
            lock.withdraw()
            lock.release()

    async def _run_locked(self, lock: InstanceLock, on_ready: Callable[[DaemonInfo], None] | None) -> None:
        os.umask(0o077)  # every file the daemon creates (databases, their journals) is private from the first byte
        ensure_runtime_dir()
        ensure_private_data_dir()
        _check_port(self.port)
        token = TokenSource(load_or_create_token(), token_file())
        services = await build_services(self.config)
        self.services = services
        loop = asyncio.get_running_loop()
        log.info("event loop: %s.%s", type(loop).__module__, type(loop).__name__)
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows / not main thread
                loop.add_signal_handler(sig, self.stop)
        try:
            app = api_app(services, self.config_path)
            grace = self.config.server.shutdown_grace_s
            tcp = self._server(tcp_stack(app, token, self.config.server, AppTokens()), grace, port=self.port)
            servers = [tcp]
            sock_path: Path | None = None
            if self.use_socket:
                sock_path = socket_file()
                sock_path.unlink(missing_ok=True)  # a leftover from a crash; we hold the lock
                servers.append(self._server(unix_stack(app, self.config.server), grace, uds=str(sock_path)))
            tasks = [asyncio.create_task(self._serve(s), name="islandrun-listener") for s in servers]
            await self._wait_started(servers, tasks)
            if sock_path is not None:
                os.chmod(sock_path, 0o600)  # uvicorn makes it 0666; the runtime dir is 0700 anyway
            self.bound_port = tcp.servers[0].sockets[0].getsockname()[1]
            extra_servers, extra_tasks, extra_states = await open_extra_listeners(
                lambda hosts: tcp_stack(app, token, self.config.server, AppTokens(), allowed_hosts=hosts),
                self.config.server,
                self.bound_port,
            )
            servers += extra_servers
            tasks += extra_tasks
            if self.use_ollama:
                self.ollama = await open_ollama_listener(app, services.pipeline, token, self.config, AppTokens())
                if self.ollama.server is not None and self.ollama.task is not None:
                    servers.append(self.ollama.server)
                    tasks.append(self.ollama.task)
            self.listeners = [ListenerState(f"http://127.0.0.1:{self.bound_port}"), *extra_states]
            app.state.listeners = [state.as_json() for state in self.listeners]
            peer_listener = await self._start_peers(app, services)
            ollama_port = 0 if self.ollama is None or self.ollama.port is None else self.ollama.port
            info = DaemonInfo(os.getpid(), self.bound_port, str(sock_path or ""), __version__, ollama_port)
            lock.publish(info)
            log.info("IslandRun %s serving on http://127.0.0.1:%s and %s", __version__, self.bound_port, sock_path)
            if on_ready is not None:
                on_ready(info)
            async with contextlib.AsyncExitStack() as watching:
                watch = from_env()  # ISLANDRUN_LOOP_WATCH_MS: say when something blocks the loop, and where
                if watch is not None:
                    await watching.enter_async_context(watch)
                stop = asyncio.create_task(self._stop.wait())
                await asyncio.wait([stop, *tasks], return_when=asyncio.FIRST_COMPLETED)
                stop.cancel()
            services.events.close()  # event streams end now instead of holding the shutdown up
            if services.peers is not None:
                await services.peers.aclose()  # goodbye on mDNS first: peers stop sending at once
            if peer_listener is not None:
                await peer_listener.stop()
            for server in servers:
                server.should_exit = True
            await asyncio.gather(*tasks, return_exceptions=True)
            if sock_path is not None:
                sock_path.unlink(missing_ok=True)
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(sig)
            await services.aclose()

    async def _start_peers(self, app: ASGIApp, services: Services) -> PeerListener | None:
        """The peer listener, then mDNS with the port it really bound. A port taken by something
        else costs the personal group only (logged, shown by `islandrun peers list`), not the daemon."""
        peers = services.peers
        if peers is None:
            return None
        settings = self.config.discovery
        listener = PeerListener(
            app, peers, host=settings.bind, port=settings.peer_port, grace_s=self.config.server.shutdown_grace_s
        )
        try:
            await listener.start()
        except OSError as exc:
            peers.discovery_problem = f"{exc}; other devices cannot reach this one (set [discovery] peer_port)"
            log.warning("personal group: %s", peers.discovery_problem)
            await peers.start(0, advertise=False)
            return None
        await peers.start(listener.port)
        log.info("personal group: device %s, peer listener on %s:%s", peers.name, settings.bind, listener.port)
        return listener

    def _server(self, app: ASGIApp, grace: float, *, port: int = 0, uds: str | None = None) -> Listener:
        server = Listener.build(app, host="127.0.0.1", port=port, grace_s=grace, uds=uds)
        self._servers.append(server)
        return server

    @staticmethod
    async def _serve(server: Listener) -> None:
        try:
            await server.listen()
        except OSError as exc:
            raise PortInUseError(server.config.port, "uvicorn could not start the listener") from exc

    @staticmethod
    async def _wait_started(servers: list[Listener], tasks: list[asyncio.Task[None]]) -> None:
        while not all(s.started for s in servers):
            for task in tasks:
                if task.done():
                    for other in servers:
                        other.should_exit = True
                    task.result()  # raises the listener's error
                    raise IslandRunError("a listener stopped during startup", title="Startup failed")
            await asyncio.sleep(0.02)
