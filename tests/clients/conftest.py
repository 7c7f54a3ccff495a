"""One real daemon per test module for the client tests: `islandrun serve` on the embedded model, started by
tests/daemon's :class:`Daemon` (imported, not copied), optionally with Ollama's API on its own listener."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from daemon.conftest import BASE_CONFIG, Daemon

__all__ = ["CHAT_MODEL", "EMBED_MODEL", "OllamaDaemon", "free_port"]

# The names a user gives: "default" is whatever model the router picks (the embedded SmolLM2 here);
# the bundled MiniLM embedder by the id /v1/models and /api/tags list it under.
CHAT_MODEL = "default"
EMBED_MODEL = "all-MiniLM-L6-v2-onnx-int8"


def free_port() -> int:
    """A loopback port nothing listens on now (the daemon binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OllamaDaemon(Daemon):
    """A daemon with Ollama's API turned on, on a loopback port of its own (`[ollama]` in the config)."""

    ollama_port: int = 0

    @property
    def ollama_url(self) -> str:
        return f"http://127.0.0.1:{self.ollama_port}"


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    running = Daemon(tmp_path_factory.mktemp("daemon")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def ollama_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OllamaDaemon]:
    port = free_port()
    config = BASE_CONFIG + f'\n[ollama]\nenabled = true\nlisten = "127.0.0.1:{port}"\n'
    running = OllamaDaemon(tmp_path_factory.mktemp("daemon"), config_text=config)
    running.ollama_port = port
    running.start()
    yield running
    running.stop()
