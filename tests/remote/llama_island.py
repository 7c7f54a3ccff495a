"""A real OpenAI-compatible island nobody here wrote: ``python -m llama_cpp.server`` on the
embedded model, ONE process for the whole test session (2 cores are shared).

The fixture is registered once, in tests/conftest.py. A session-scoped fixture imported into several test
modules is a separate fixture in each (pytest keys fixtures by where they are defined), and each such copy
kept its own server, ~0.5-0.7 GB, alive to the end of the session: four of them in a full run.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from islandrun.core.engines.embedded import ensure_embedded_model

__all__ = ["free_port", "llama_server", "running_llama_server"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_llama_server(
    root: Path, *, n_ctx: int = 1024, n_threads: int = 2, api_key: str | None = None
) -> Iterator[str]:
    """``python -m llama_cpp.server`` on the embedded model (copied into ``root``), its log in ``root``; yields its base
    URL (``http://127.0.0.1:PORT``) once it answers (with ``api_key``: once it refuses a request without the key,
    401, as a cloud island would), and stops it on the way out."""
    pytest.importorskip("llama_cpp.server.app", reason="needs llama-cpp-python[server] (the dev extra)")
    model = ensure_embedded_model(target=root / "gemma-3-270m-q4_k_m.gguf")
    port = free_port()
    args = ["--model", str(model), "--chat_format", "gemma", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--n_ctx", str(n_ctx), "--n_threads", str(n_threads)] + (["--api_key", api_key] if api_key else [])
    log = root / "llama-server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    base = f"http://127.0.0.1:{port}"
    ready = 401 if api_key else 200
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(base + "/v1/models", timeout=2).status_code == ready:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not start within 120 s")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT``) of the session's llama_cpp.server."""
    with running_llama_server(tmp_path_factory.mktemp("llama-server")) as base:
        yield base
