"""`islandrun serve`: the daemon, headless. `islandrun token`: where the API token is."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import typer

from ..daemon.instance import DaemonInfo, token_file
from ..engines.embedded import embedded_model_path, instruct_model_available
from ..errors import IslandRunError
from . import models_cmd
from .common import ConfigOption, console, fail, load_or_exit

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        config: ConfigOption = None,
        port: Annotated[
            int | None, typer.Option("--port", "-p", min=0, max=65535, help="TCP port on 127.0.0.1 (0 = any free).")
        ] = None,
        no_socket: Annotated[bool, typer.Option("--no-socket", help="Do not listen on the Unix socket.")] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False,
    ) -> None:
        """Run the IslandRun daemon: the OpenAI-compatible API and IslandRun's own, until Ctrl-C."""
        from ..daemon.server import Daemon  # the web stack loads only for this command

        logging.basicConfig(
            level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
        )
        settings = load_or_exit(config)
        if (
            settings.engine.default_model is None
            and not instruct_model_available()
            and not embedded_model_path().exists()
        ):
            # First run without the instruction-tuned model (read in place from its package):
            # assemble the fallback now, with a progress bar, so the first request does not wait.
            models_cmd.prepare_cmd()
        daemon = Daemon(settings, config_path=config, port=port, unix_socket=False if no_socket else None)

        def ready(info: DaemonInfo) -> None:
            console.print(f"IslandRun {info.version} is serving (pid {info.pid})")
            console.print(f"  OpenAI-compatible API: http://127.0.0.1:{info.port}/v1")
            if info.socket:
                console.print(f"  Unix socket:           {info.socket}")
            console.print(f"  API token file:        {token_file()}", soft_wrap=True)
            console.print("Press Ctrl-C to stop.")

        try:
            asyncio.run(daemon.run(ready))
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
