"""A gated Hugging Face model pulled with the token from a real OS keyring.

gnome-keyring runs under its own ``dbus-run-session`` in a temporary HOME (TESTING.md's recipe);
the token is stored with ``islandrun models hf-token --stdin`` and read back by ``secret-tool``
(an independent client); ``islandrun models pull`` then opens the gated repository of the local
registry server (``registry_server.py``: no server outside this machine is reachable here).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .registry_server import Blob, Registry, RegistryServer, tiny_gguf

TOKEN = "hf_KeyringTestToken42"
DATA = tiny_gguf(1 << 20)


@pytest.fixture
def secret_service(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An unlocked gnome-keyring on a private D-Bus session; yields the environment to reach it."""
    missing = [b for b in ("dbus-run-session", "gnome-keyring-daemon", "secret-tool") if shutil.which(b) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install gnome-keyring dbus-x11 libsecret-tools)")
    home = tmp_path / "home"
    home.mkdir()
    address_file = tmp_path / "bus"
    script = (
        "echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "
        f'echo "$DBUS_SESSION_BUS_ADDRESS" > {address_file}; exec sleep 600'
    )
    env = {**os.environ, "HOME": str(home)}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("HF_TOKEN", None)
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
        yield {**env, "DBUS_SESSION_BUS_ADDRESS": address_file.read_text().strip()}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the session we started: sh, sleep, the bus, the keyring
        proc.wait(timeout=10)


def cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    code = "from islandrun.core.cli.main import app; app()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], input=stdin, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_gated_model_is_pulled_with_the_token_from_the_keyring(secret_service: dict[str, str]) -> None:
    reg = Registry(hf={"acme/gated-GGUF": {"gated-Q4_K_M.gguf": Blob(DATA)}}, gated={"acme/gated-GGUF": TOKEN})
    with RegistryServer(reg) as server:
        env = {**secret_service, "HF_ENDPOINT": server.url}
        refused = cli(env, "models", "pull", "acme/gated-GGUF")
        assert refused.returncode == 2 and "needs a token" in refused.stderr and "models hf-token" in refused.stderr
        stored = cli(env, "models", "hf-token", "--stdin", stdin=TOKEN + "\n")
        assert stored.returncode == 0, stored.stderr
        found = subprocess.run(
            ["secret-tool", "lookup", "service", "islandrun", "username", "huggingface"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert found.stdout == TOKEN
        pulled = cli(env, "models", "pull", "acme/gated-GGUF")
        assert pulled.returncode == 0, pulled.stderr
        assert TOKEN not in pulled.stdout + pulled.stderr
        path = Path(os.environ["ISLANDRUN_DATA_DIR"]) / "models" / "gated-Q4_K_M.gguf"
        assert path.read_bytes() == DATA
