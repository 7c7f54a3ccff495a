"""Validation at the edge: island endpoints, finite numbers, the API token file (issue 22, items
9, 10 and 13) — what a user who types a bad value, or finds a damaged file, would check."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from islandrun.core.config import Config, IslandConfig
from islandrun.core.daemon.instance import (
    NotRunningError,
    TokenFileError,
    TokenSource,
    load_or_create_token,
    read_token,
    rotate_token,
    token_file,
)
from islandrun.core.errors import ConfigError
from islandrun.core.paths import ensure_private_data_dir


@pytest.mark.parametrize(
    "endpoint",
    [
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "ftp://files.example.org/",
        "http://api.example.org/v1\r\nX-Injected: 1",
        "http://api.example.org/v1 ",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1",
        "http://[fe80::1]/v1",
        "http://user:secret@api.example.org/v1",
        "http:///v1",
        "http://api.example.org:99999/v1",
    ],
)
def test_unusable_island_endpoints_are_refused_when_entered(endpoint: str) -> None:
    with pytest.raises(ValueError, match=r"endpoint|metadata|link-local|credentials"):
        IslandConfig(id="x", kind="edge", endpoint=endpoint)


@pytest.mark.parametrize(
    "endpoint",
    ["http://127.0.0.1:8080/v1", "https://api.openai.com/v1", "http://192.168.1.20:11434", "http://[::1]:1/"],
)
def test_ordinary_endpoints_are_accepted(endpoint: str) -> None:
    assert IslandConfig(id="x", kind="edge", endpoint=endpoint).endpoint == endpoint


def test_a_metadata_endpoint_needs_the_explicit_flag() -> None:
    island = IslandConfig(id="x", kind="edge", endpoint="http://169.254.169.254/v1", allow_link_local=True)
    assert island.endpoint == "http://169.254.169.254/v1"


@pytest.mark.parametrize(
    "toml",
    [
        "[budgets]\ndaily_usd = inf\n",
        "[policy.weights]\ncost = nan\n",
        '[[islands]]\nid = "c"\nkind = "cloud"\nendpoint = "https://x.example/v1"\nprice_input_per_mtok = inf\n',
        '[[islands]]\nid = "c"\nkind = "cloud"\nendpoint = "https://x.example/v1"\nexpected_latency_ms = inf\n',
    ],
)
def test_infinity_and_nan_are_refused_in_the_config(toml: str, tmp_path: Path) -> None:
    from islandrun.core.config import load_config

    path = tmp_path / "config.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match="finite"):
        load_config(path)
    with pytest.raises(ValueError, match="finite"):
        Config.model_validate(tomllib.loads(toml))


def test_the_token_survives_a_cleared_runtime_dir_and_rotates() -> None:
    first = load_or_create_token()
    assert token_file().parent == Path(os.environ["ISLANDRUN_DATA_DIR"])
    for leftover in Path(os.environ["ISLANDRUN_RUNTIME_DIR"]).iterdir():  # a reboot clears the runtime dir
        leftover.unlink()
    assert load_or_create_token() == first == read_token()
    assert stat.S_IMODE(token_file().stat().st_mode) == 0o600
    source = TokenSource(first, token_file(), every_s=0.0)
    second = rotate_token()
    assert second != first and read_token() == second
    assert source.current() == second  # the running daemon takes the new token without a restart


def test_a_token_from_an_older_version_moves_to_the_data_dir() -> None:
    legacy = Path(os.environ["ISLANDRUN_RUNTIME_DIR"]) / "api-token"
    legacy.write_text("a" * 43 + "\n")
    assert load_or_create_token() == "a" * 43
    assert token_file().read_text().strip() == "a" * 43 and not legacy.exists()


@pytest.mark.parametrize("damage", ["directory", "binary", "empty"])
def test_a_damaged_token_file_is_reported_not_a_traceback_and_not_replaced(damage: str) -> None:
    path = token_file()
    if damage == "directory":
        path.mkdir(parents=True)
    elif damage == "binary":
        path.write_bytes(b"\xff\xfe\x00garbage")
    else:
        path.write_text("")
    with pytest.raises(TokenFileError, match=str(path)) as err:
        load_or_create_token()
    assert "--rotate" in err.value.message
    assert path.exists()  # nothing of the user's was removed


def test_no_token_yet_says_the_daemon_is_not_running() -> None:
    with pytest.raises(NotRunningError):
        read_token()


def test_the_data_dir_is_made_private_at_start() -> None:
    data = Path(os.environ["ISLANDRUN_DATA_DIR"])
    os.chmod(data, 0o755)
    (data / "collections").mkdir()
    (data / "collections" / "index.sqlite3").write_text("x")
    os.chmod(data / "collections" / "index.sqlite3", 0o644)
    ensure_private_data_dir()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "collections").stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "collections" / "index.sqlite3").stat().st_mode) == 0o600
