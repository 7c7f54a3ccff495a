"""The uvicorn server every daemon listener runs on (TCP, Unix socket, peers)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import uvicorn

__all__ = ["Listener"]


class Listener(uvicorn.Server):
    """uvicorn's server without its own signal handling: the daemon handles signals once for all
    its listeners (uvicorn would otherwise re-raise them after shutting one down)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def listen(self) -> None:
        """Serve until told to stop. uvicorn exits the process (SystemExit) when it cannot bind;
        here that is an OSError, for the caller to turn into its own message."""
        try:
            await self.serve()
        except SystemExit:
            raise OSError(f"cannot listen on {self.config.uds or f'{self.config.host}:{self.config.port}'}") from None

    @classmethod
    def build(cls, app: Any, *, host: str, port: int, grace_s: float, **options: Any) -> Listener:
        """A listener with the daemon's settings: no lifespan, no access log, no Server header,
        in-flight requests given ``grace_s`` on shutdown; ``options`` go to ``uvicorn.Config``."""
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=max(1, round(grace_s)),
            server_header=False,
            **options,
        )
        return cls(config)
