"""`islandrun serve`: the daemon, headless. `islandrun token`: where the API token is."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from ..config import Config
from ..daemon.config import ServerConfig
from ..daemon.instance import DaemonInfo, token_file
from ..engines.embedded import embedded_model_path, instruct_model_available
from ..errors import ConfigError, IslandRunError
from . import models_cmd
from .common import ConfigOption, console, fail, load_or_exit

__all__ = ["register"]


def _with_listeners(settings: Config, listen: list[str], allow_host: list[str]) -> Config:
    """``settings`` with the ``--listen``/``--allow-host`` values added, checked as the config file's are."""
    server = settings.server.model_dump()
    server["extra_listen"] = [*server["extra_listen"], *listen]
    server["allowed_hosts"] = [*server["allowed_hosts"], *allow_host]
    try:
        checked = ServerConfig.model_validate(server)
    except ValidationError as exc:
        flags = {"extra_listen": "--listen", "allowed_hosts": "--allow-host"}
        problems = [
            (flags.get(str(e["loc"][0]), str(e["loc"][0])), str(e["msg"]).removeprefix("Value error, "))
            for e in exc.errors()
        ]
        fail(ConfigError(None, problems))
    return settings.model_copy(update={"server": checked})


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        config: ConfigOption = None,
        port: Annotated[
            int | None, typer.Option("--port", "-p", min=0, max=65535, help="TCP port on 127.0.0.1 (0 = any free).")
        ] = None,
        no_socket: Annotated[bool, typer.Option("--no-socket", help="Do not listen on the Unix socket.")] = False,
        listen: Annotated[
            list[str] | None,
            typer.Option(
                "--listen",
                metavar="IP:PORT",
                help="Also listen here for apps in Docker or on the LAN (e.g. 0.0.0.0:47521), for this run: "
                "added to [server] extra_listen. The token is still required.",
            ),
        ] = None,
        allow_host: Annotated[
            list[str] | None,
            typer.Option(
                "--allow-host",
                metavar="NAME",
                help="A Host name the --listen addresses answer to (e.g. host.docker.internal, mypc.local): "
                "added to [server] allowed_hosts.",
            ),
        ] = None,
        ollama: Annotated[
            bool,
            typer.Option(
                "--ollama",
                help="Also serve Ollama's API (/api/chat, /api/generate, /api/tags …) on [ollama] listen "
                "(127.0.0.1:11434 unless set), for this run. The token is still required.",
            ),
        ] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False,
    ) -> None:
        """Run the IslandRun daemon: the OpenAI-compatible API and IslandRun's own, until Ctrl-C."""
        from ..daemon.server import Daemon  # the web stack loads only for this command

        logging.basicConfig(
            level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
        )
        settings = load_or_exit(config)
        if listen or allow_host:
            settings = _with_listeners(settings, listen or [], allow_host or [])
        if (
            settings.engine.default_model is None
            and not instruct_model_available()
            and not embedded_model_path().exists()
        ):
            # First run without the instruction-tuned model (read in place from its package):
            # assemble the fallback now, with a progress bar, so the first request does not wait.
            models_cmd.prepare_cmd()
        daemon = Daemon(
            settings,
            config_path=config,
            port=port,
            unix_socket=False if no_socket else None,
            ollama=True if ollama else None,
        )

        def ready(info: DaemonInfo) -> None:
            console.print(f"IslandRun {info.version} is serving (pid {info.pid})")
            console.print(f"  OpenAI-compatible API: http://127.0.0.1:{info.port}/v1")
            if info.socket:
                console.print(f"  Unix socket:           {info.socket}")
            for extra in daemon.listeners[1:]:
                names = ", ".join(extra.allowed_hosts) or "loopback names only"
                if extra.problem is None:
                    console.print(f"  Also listening:        {extra.url}/v1 (Host: {names})", soft_wrap=True)
                else:
                    console.print(f"  Not listening:         {extra.url} ({extra.problem})", soft_wrap=True)
            if daemon.ollama is not None and daemon.ollama.problem is None:
                console.print(f"  Ollama API:            {daemon.ollama.url}", soft_wrap=True)
            elif daemon.ollama is not None:
                console.print(
                    f"  [red]Ollama API not open:[/] {daemon.ollama.url} ({daemon.ollama.problem})", soft_wrap=True
                )
            console.print(f"  API token file:        {token_file()}", soft_wrap=True)
            console.print("Press Ctrl-C to stop.")

        try:
            run_loop(daemon.run(ready))
        except IslandRunError as exc:
            fail(exc, 1)
        except KeyboardInterrupt:
            pass
        console.print("IslandRun stopped.")

    @app.command("token")
    def token(
        path: Annotated[bool, typer.Option("--path", help="Print the file's path, not the token.")] = False,
        rotate: Annotated[
            bool, typer.Option("--rotate", help="Replace the token with a new one (apps need the new one).")
        ] = False,
    ) -> None:
        """Print the local API's bearer token (kept 0600 in the data dir; it survives reboots)."""
        from ..daemon.instance import read_token, rotate_token

        if path:
            console.print(str(token_file()))
            return
        try:
            console.print(rotate_token() if rotate else read_token())
        except IslandRunError as exc:
            fail(exc, 1)


def run_loop(main: Coroutine[Any, Any, None]) -> None:
    """Run the daemon on uvloop where it is installed (Linux and macOS: about 5 % less CPU per proxied
    request, benchmarks/remote/RESULTS.md), else on asyncio's own loop (Windows)."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
        return
    uvloop.run(main)
