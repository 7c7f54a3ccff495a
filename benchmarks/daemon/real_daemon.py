"""A real ``islandrun serve`` for the benchmarks, in its own directories, in front of an upstream."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["start_daemon"]

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))


def start_daemon(
    home: Path, upstream: str, *, ollama: bool = False
) -> tuple[subprocess.Popen[bytes], dict[str, Any], str]:
    """``islandrun serve`` in its own directories with ``upstream`` as an edge island of lower trust
    (every request is sanitised on its way there); burstable work goes there at the first capacity
    sample below 1.0, no rate limit. Returns the process, its daemon.json and its token."""
    config = f"""
[discovery]
enabled = false

[engine]
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false

[server]
rate_limit_per_s = 0

[ollama]
enabled = {"true" if ollama else "false"}
listen = "127.0.0.1:0"

[policy.thresholds]
burstable = 1.0

[[islands]]
id = "bench-edge"
kind = "edge"
endpoint = "{upstream}/v1"
models = ["bench"]
trust = {{ certification = "iso27001", jurisdiction = "same-country" }}
"""
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(config)
    env = {
        **os.environ,
        "ISLANDRUN_DISCOVERY": "off",
        "ISLANDRUN_CONFIG_DIR": str(home / "config"),
        "ISLANDRUN_DATA_DIR": str(home / "data"),
        "ISLANDRUN_RUNTIME_DIR": str(home / "run"),
    }
    env.pop("ISLANDRUN_CONFIG", None)
    proc = subprocess.Popen(
        [ISLANDRUN, "serve", "--port", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    info_file = home / "run" / "daemon.json"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"islandrun serve exited: {proc.stderr.read().decode()[-3000:] if proc.stderr else ''}")
        if info_file.exists():
            info = json.loads(info_file.read_text())
            if info.get("pid") == proc.pid:
                token = (home / "data" / "api-token").read_text().strip()
                return proc, info, token
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the daemon did not start within 180 s")
