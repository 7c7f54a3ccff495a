"""A real daemon per test module: `islandrun serve` in a process of its own with its own dirs, on the
embedded model, reached over TCP (with its token) and over its Unix socket. The process is forked from an
interpreter that has already imported the daemon's modules where that changes nothing (preloaded_serve.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from .preloaded_serve import ForkedServe, forkable

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))

# Model discovery off: a test must not pick up models from the machine's own caches. The personal
# group off: test daemons must not find each other (or the machine's) over mDNS, nor fight over the
# peer port; tests/discovery turns it on where that is the point.
BASE_CONFIG = """
[discovery]
enabled = false

[engine]
n_ctx = 2048
keep_alive_s = -1
discover_huggingface = false
discover_lmstudio = false
discover_ollama = false
"""


@dataclass
class Daemon:
    home: Path
    config_text: str = BASE_CONFIG
    proc: subprocess.Popen[str] | ForkedServe | None = None
    port: int = 0
    token: str = ""
    log: list[str] = field(default_factory=list)
    prefix: list[str] = field(default_factory=list)  # e.g. ["ip", "netns", "exec", NS] (it execs: same pid)
    discovery: bool = False  # the personal group (mDNS, peer port): only for the tests about it

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("ISLANDRUN_CONFIG", None)
        env["ISLANDRUN_DISCOVERY"] = "on" if self.discovery else "off"
        env.update(
            ISLANDRUN_CONFIG_DIR=str(self.home / "config"),
            ISLANDRUN_DATA_DIR=str(self.home / "data"),
            ISLANDRUN_RUNTIME_DIR=str(self.home / "run"),
        )
        return env

    @property
    def runtime(self) -> Path:
        return self.home / "run"

    @property
    def socket(self) -> Path:
        return self.runtime / "api.sock"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> Daemon:
        config = self.home / "config" / "config.toml"
        if not config.exists():  # a restart keeps what the daemon saved
            config.parent.mkdir(parents=True, exist_ok=True)
            config.write_text(self.config_text)
        info = self.runtime / "daemon.json"
        info.unlink(missing_ok=True)
        env = self.env
        if not self.prefix and forkable(env):  # the same `islandrun serve`, without importing it again
            self.proc = ForkedServe([ISLANDRUN, "serve", "--port", "0"], env)
        else:
            self.proc = subprocess.Popen(
                [*self.prefix, ISLANDRUN, "serve", "--port", "0"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"islandrun serve exited {self.proc.returncode}: {self.proc.stdout.read()}")  # type: ignore[union-attr]
            if info.exists():
                data = json.loads(info.read_text())
                if data["pid"] == self.proc.pid:
                    self.port = int(data["port"])
                    kept = self.home / "data" / "api-token"  # (older daemons kept it in the runtime dir)
                    self.token = (kept if kept.exists() else self.runtime / "api-token").read_text().strip()
                    return self
            time.sleep(0.1)
        self.stop()
        raise TimeoutError("the daemon did not start in time")

    def client(self, **kwargs: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120.0, **kwargs)  # type: ignore[arg-type]

    def unix_client(self) -> httpx.Client:
        return httpx.Client(
            transport=httpx.HTTPTransport(uds=str(self.socket)), base_url="http://localhost", timeout=120.0
        )

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            out, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        self.log.append(out or "")
        return self.proc.wait()  # reaped by communicate(): the exit status


@pytest.fixture(scope="module")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daemon]:
    running = Daemon(tmp_path_factory.mktemp("daemon")).start()
    yield running
    running.stop()
