"""Island keys in a real Secret Service: gnome-keyring under its own ``dbus-run-session`` in a
temporary HOME (TESTING.md's recipe), driven through the CLI and read back by ``secret-tool``,
an independent client. Also: no keyring means a clear error and nothing written anywhere."""

from __future__ import annotations

import io
import logging
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import keyring.backend
import keyring.backends.null
import keyring.backends.SecretService
import pytest
from typer.testing import CliRunner

from islandrun.core.cli.main import app
from islandrun.core.config import IslandConfig
from islandrun.core.paths import config_file
from islandrun.core.privacy.vault import VaultStore
from islandrun.core.remote.credentials import KeyringCredentials
from islandrun.core.remote.dispatcher import RemoteDispatcher
from islandrun.core.remote.errors import KeyringUnavailableError
from islandrun.core.remote.types import RemoteRequest

from .anthropic_fake import FakeAnthropic
from .proxy import ProxyServer
from .secret_service import secret_service_env

KEY = "sk-ant-api03-Secret-Service-Test-4kP9wQ"
CONFIG = """
[[islands]]
id = "claude"
kind = "cloud"
api = "anthropic"
endpoint = "http://127.0.0.1:9"
models = ["claude-sonnet-4-5"]
"""


@pytest.fixture
def secret_service(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An unlocked gnome-keyring on a private D-Bus session; yields the environment to reach it."""
    with secret_service_env(tmp_path) as reach:
        yield {**os.environ, **reach}


def cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    code = "from islandrun.core.cli.main import app; app()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60
    )


def secret_tool(env: dict[str, str], island: str) -> str:
    found = subprocess.run(
        ["secret-tool", "lookup", "service", "islandrun", "username", island],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return found.stdout


def files_containing(root: Path, needle: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def test_keys_set_list_delete_through_the_real_secret_service(secret_service: dict[str, str], tmp_path: Path) -> None:
    config_file().write_text(CONFIG)
    env = {**secret_service, **{k: v for k, v in os.environ.items() if k.startswith("ISLANDRUN_")}}
    stored = cli(env, "keys", "set", "claude", "--stdin", stdin=KEY + "\n")
    assert stored.returncode == 0, stored.stderr
    assert secret_tool(env, "claude") == KEY  # an independent Secret Service client reads it back
    listed = cli(env, "keys", "list")
    assert "claude" in listed.stdout and "stored" in listed.stdout
    for out in (stored, listed):
        assert KEY not in out.stdout + out.stderr
    assert KEY not in config_file().read_text()
    assert files_containing(tmp_path / "islandrun-home", KEY) == []  # config, data, runtime dirs

    deleted = cli(env, "keys", "delete", "claude")
    assert deleted.returncode == 0 and "deleted" in deleted.stdout
    assert secret_tool(env, "claude") == ""
    assert "not set" in cli(env, "keys", "list", "claude").stdout


def test_keys_set_asks_with_a_hidden_prompt_and_never_echoes(
    secret_service: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file().write_text(CONFIG)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", secret_service["DBUS_SESSION_BUS_ADDRESS"])
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.SecretService.Keyring())
    try:
        result = CliRunner().invoke(app, ["keys", "set", "claude"], input=KEY + "\n")
    finally:
        keyring.set_keyring(previous)
    assert result.exit_code == 0, result.output
    assert "input hidden" in result.output and KEY not in result.output
    assert secret_tool(secret_service, "claude") == KEY


def test_unknown_island_is_refused_before_asking(secret_service: dict[str, str]) -> None:
    config_file().write_text(CONFIG)
    env = {**secret_service, **{k: v for k, v in os.environ.items() if k.startswith("ISLANDRUN_")}}
    result = cli(env, "keys", "set", "nope", "--stdin", stdin=KEY)
    assert result.returncode == 2 and "not in the config" in result.stderr
    assert secret_tool(env, "nope") == ""


async def test_the_dispatcher_sends_the_keyring_key_and_logs_never_show_it(
    secret_service: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", secret_service["DBUS_SESSION_BUS_ADDRESS"])
    store = KeyringCredentials(backend=keyring.backends.SecretService.Keyring())
    store.set("claude", KEY)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)  # no explicit install: storing the key turned redaction on
    # httpx's own logger at INFO whatever another library imported earlier set it to (LiteLLM, imported
    # when the client tests are collected, quiets it to WARNING)
    httpx_logger = logging.getLogger("httpx")
    httpx_level = httpx_logger.level
    httpx_logger.setLevel(logging.INFO)
    try:
        with ProxyServer(FakeAnthropic()) as fake:  # type: ignore[arg-type]
            island = IslandConfig.model_validate(
                {"id": "claude", "kind": "cloud", "api": "anthropic", "endpoint": fake.url, "models": ["m"]}  # type: ignore[attr-defined]
            ).to_island()
            async with httpx.AsyncClient() as http:
                dispatcher = RemoteDispatcher(
                    vaults=VaultStore(), credentials=store, http=http, apis={"claude": "anthropic"}
                )
                result = await dispatcher.complete([island], RemoteRequest(({"role": "user", "content": "hi"},)))
            logging.getLogger("islandrun.test").error("echoing what a careless library might log: x-api-key: %s", KEY)
        assert fake.requests[-1][1]["x-api-key"] == KEY  # type: ignore[attr-defined]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        httpx_logger.setLevel(httpx_level)
    assert result.text == "Echo: hi"
    logged = stream.getvalue()
    assert "HTTP Request: POST" in logged  # httpx logged the call at INFO
    assert KEY not in logged and "[REDACTED]" in logged


def test_no_keyring_backend_says_what_to_install_and_writes_nothing(tmp_path: Path) -> None:
    config_file().write_text(CONFIG)
    home = tmp_path / "bare-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["HOME"] = str(home)
    if sys.platform != "linux":  # macOS and Windows always have a keychain: ask keyring for none
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    result = cli(env, "keys", "set", "claude", "--stdin", stdin=KEY)
    assert result.returncode == 2
    assert "No OS keyring" in result.stderr and "gnome-keyring" in result.stderr
    assert "plain text" in result.stderr
    assert files_containing(home, KEY) == [] and files_containing(tmp_path / "islandrun-home", KEY) == []


class PlainTextFile(keyring.backend.KeyringBackend):
    """A backend that would keep keys in a plain file (like keyrings.alt's)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("a plain-text backend must never be written to")

    def delete_password(self, service: str, username: str) -> None:
        return None


@pytest.mark.parametrize("backend", [keyring.backends.null.Keyring(), PlainTextFile()])
def test_backends_that_are_not_an_os_keyring_are_refused(backend: keyring.backend.KeyringBackend) -> None:
    store = KeyringCredentials(backend=backend)
    with pytest.raises(KeyringUnavailableError, match="not an OS keyring"):
        store.set("claude", KEY)


def read_pty(fd: int, until: str | None, timeout: float = 60) -> str:
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            piece = os.read(fd, 4096)
        except OSError:  # EIO: the other side closed
            break
        if not piece:
            break
        out += piece
        if until is not None and until in out.decode(errors="replace"):
            break
    return out.decode(errors="replace")


def test_keys_set_in_a_real_terminal_does_not_echo_the_key(secret_service: dict[str, str]) -> None:
    """A pseudo-terminal with echo on, as a person would type: the typed key never appears on it."""
    config_file().write_text(CONFIG)
    env = {**secret_service, **{k: v for k, v in os.environ.items() if k.startswith("ISLANDRUN_")}}
    master, slave = os.openpty()
    code = "from islandrun.core.cli.main import app; app()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "keys", "set", "claude"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "dumb", "COLUMNS": "100"},
        start_new_session=True,
    )
    os.close(slave)
    try:
        # Type only once the whole prompt is there: getpass switches echo off (flushing input)
        # and then writes the prompt's last space, as a person would see it.
        screen = read_pty(master, "(input hidden): ")
        assert "(input hidden): " in screen, screen
        os.write(master, (KEY + "\n").encode())
        screen += read_pty(master, None)
        assert proc.wait(timeout=60) == 0, screen
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    assert "stored the key for claude" in screen
    assert KEY not in screen and KEY[:12] not in screen
    assert secret_tool(env, "claude") == KEY


def test_a_key_written_into_the_config_file_is_refused_not_used() -> None:
    config_file().write_text(CONFIG + 'api_key = "sk-ant-in-the-config-file-0001"\n')
    result = CliRunner().invoke(app, ["keys", "list"])
    assert result.exit_code == 2
    assert "islands[0].api_key: credentials never go in the config file" in result.output
    assert "islandrun keys set" in result.output
