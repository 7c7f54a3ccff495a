"""The uvicorn server every daemon listener runs on (TCP, Unix socket, peers)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import uvicorn

__all__ = ["Listener"]


class Listener(uvicorn.Server):
    """uvicorn's server without its own signal handling: the daemon handles signals once for all
    its listeners (uvicorn would otherwise re-raise them after shutting one down)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield
