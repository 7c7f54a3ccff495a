"""A real Secret Service for tests: gnome-keyring, unlocked, on a private ``dbus-run-session`` in a
temporary HOME (TESTING.md's recipe), as a context manager — a daemon per module uses it directly,
tests/remote/test_keys.py's ``secret_service`` fixture per test."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["llama_server_with_key", "missing_tools", "secret_service_env", "secret_tool"]


def missing_tools() -> list[str]:
    return [b for b in ("dbus-run-session", "gnome-keyring-daemon", "secret-tool") if shutil.which(b) is None]


@contextlib.contextmanager
def secret_service_env(root: Path) -> Iterator[dict[str, str]]:
    """Yields the environment (HOME, DBUS_SESSION_BUS_ADDRESS) that reaches the unlocked keyring."""
    missing = missing_tools()
    if missing:
        pytest.skip(
            f"needs {', '.join(missing)} (apt-get install gnome-keyring dbus-x11 libsecret-tools; CI installs them)"
        )
    home = root / "home"
    home.mkdir(parents=True, exist_ok=True)
    address_file = root / "bus"
    script = (
        "echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "
        f'echo "$DBUS_SESSION_BUS_ADDRESS" > {address_file}; exec sleep 3600'
    )
    env = {**os.environ, "HOME": str(home)}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    proc = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", script],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (address_file.exists() and address_file.read_text().strip()):
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail("gnome-keyring did not start under dbus-run-session")
            time.sleep(0.1)
        yield {"HOME": str(home), "DBUS_SESSION_BUS_ADDRESS": address_file.read_text().strip()}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the session we started: sh, sleep, the bus, the keyring
        proc.wait(timeout=10)


def secret_tool(env: dict[str, str], island: str) -> str:
    """The key stored for ``island``, read by an independent Secret Service client."""
    found = subprocess.run(
        ["secret-tool", "lookup", "service", "islandrun", "username", island],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    return found.stdout


@contextlib.contextmanager
def llama_server_with_key(root: Path, api_key: str) -> Iterator[str]:
    """``python -m llama_cpp.server --api_key KEY`` on the embedded model: a real OpenAI-compatible
    server nobody here wrote that refuses a wrong key (401), as a cloud island would. Yields its
    base URL (``http://127.0.0.1:PORT``)."""
    from .llama_island import running_llama_server

    with running_llama_server(root, n_ctx=512, n_threads=1, api_key=api_key) as base:
        yield base
