"""A gated Hugging Face model pulled with the token from a real OS keyring.

gnome-keyring runs under its own ``dbus-run-session`` in a temporary HOME (TESTING.md's recipe);
the token is stored with ``islandrun models hf-token --stdin`` and read back by ``secret-tool``
(an independent client); ``islandrun models pull`` then opens the gated repository of the local
registry server (``registry_server.py``: no server outside this machine is reachable here).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from remote.test_keys import cli, secret_service  # noqa: F401 - the keyring fixture (a real gnome-keyring)

from .registry_server import Blob, Registry, RegistryServer, tiny_gguf

TOKEN = "hf_KeyringTestToken42"
DATA = tiny_gguf(1 << 20)


def test_a_gated_model_is_pulled_with_the_token_from_the_keyring(secret_service: dict[str, str]) -> None:  # noqa: F811
    reg = Registry(hf={"acme/gated-GGUF": {"gated-Q4_K_M.gguf": Blob(DATA)}}, gated={"acme/gated-GGUF": TOKEN})
    with RegistryServer(reg) as server:
        env = {k: v for k, v in secret_service.items() if k != "HF_TOKEN"} | {"HF_ENDPOINT": server.url}
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
