"""The config file: zero-config defaults, and every broken file named by file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from islandrun.core.config import Config, load_config, save_config
from islandrun.core.errors import ConfigError
from islandrun.core.islands import LOCAL_ISLAND_ID, IslandKind
from islandrun.core.paths import config_file


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_this_device_is_the_only_island() -> None:
    assert not config_file().exists()
    config = load_config()
    islands = config.all_islands()
    assert [i.id for i in islands] == [LOCAL_ISLAND_ID]
    assert islands[0].kind is IslandKind.LOCAL
    assert islands[0].trust == 1.0 and islands[0].privacy == 1.0


def test_a_full_file_loads_into_islands_and_policy(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[policy]
mode = "constraint"
buffer = "conservative"
[policy.approval]
above = "internal"
[budgets]
daily_usd = 2
[[islands]]
id = "lab"
kind = "edge"
trust = { certification = "soc2", jurisdiction = "eu-gdpr" }
privacy = 0.5
[[islands]]
id = "openai"
kind = "cloud"
models = ["gpt-4o-mini"]
price_input_per_mtok = 0.15
price_output_per_mtok = 0.6
""",
    )
    config = load_config(path)
    by_id = {i.id: i for i in config.all_islands()}
    assert by_id["lab"].trust == pytest.approx(0.8 * 0.9 * 0.9)
    assert by_id["lab"].privacy == 0.5
    assert by_id["openai"].trust == pytest.approx(0.5 * 0.7 * 0.6)  # defaults: self-certified, foreign
    policy = config.policy.to_policy()
    assert policy.buffer == 0.30
    assert policy.approval.above_sensitivity == 0.4
    assert config.budgets.daily_usd == 2.0


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ('[policy]\nmode = "fastest"', "policy.mode", "'weighted' or 'constraint'"),
        ('[budgets]\ndaily_usd = "ten"', "budgets.daily_usd", "valid number"),
        ("[budgets]\ndayly_usd = 3", "budgets.dayly_usd", "unknown key; expected one of: daily_usd, monthly_usd"),
        (
            '[[islands]]\nid = "e"\nkind = "edge"\ntrust = { base = 1.5 }',
            "islands[0].trust.base",
            "less than or equal to 1",
        ),
        (
            '[[islands]]\nid = "e"\nkind = "edge"\ntrust = { base = -0.1 }',
            "islands[0].trust.base",
            "greater than or equal to 0",
        ),
        ('[[islands]]\nid = "e"\nkind = "edge"\nprivacy = 2', "islands[0].privacy", "less than or equal to 1"),
        ('[[islands]]\nid = "e"\nkind = "boat"', "islands[0].kind", "'peer', 'edge' or 'cloud'"),
        ('[[islands]]\nid = "e"\nkind = "edge"\ncolour = "red"', "islands[0].colour", "unknown key"),
        ('[[islands]]\nid = "local"\nkind = "edge"', "islands[0].id", "reserved"),
        ("[policy.weights]\ncarbon = 1.0", "policy.weights", "unknown objective"),
        ('[local]\nmodels = "gemma"', "local.models", "valid list"),
        ('[policy.thresholds]\nsecondary = "0.5"', "policy.thresholds.secondary", "valid number"),
    ],
)
def test_broken_file_names_file_key_and_expectation(tmp_path: Path, text: str, key: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"{key}:" in message
    assert expected in message
    assert any(problem_key == key for problem_key, _ in caught.value.problems)


def test_bad_toml_names_the_file_and_the_key_on_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[budgets]\ndaily_usd = 3 dollars\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message and "daily_usd" in message and "not valid TOML" in message
    assert "line 2" in message


def test_unreadable_file_is_an_error_not_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value)


def test_save_refuses_to_overwrite_a_broken_file(tmp_path: Path) -> None:
    original = '[budgets]\ndaily_usd = "oops"\n# my notes\n'
    path = write(tmp_path, original)
    with pytest.raises(ConfigError):
        save_config(Config(), path)
    assert path.read_text(encoding="utf-8") == original


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    path = write(tmp_path, '[budgets]\nmonthly_usd = 12.5\n[[islands]]\nid = "c"\nkind = "cloud"\nmodels = ["m"]\n')
    config = load_config(path)
    save_config(config, path)
    assert load_config(path) == config


def test_a_key_in_the_config_file_points_to_the_keyring_and_is_never_echoed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[[islands]]\nid = "openai"\nkind = "cloud"\napi_key = "sk-live-123456"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "islands[0].api_key" in caught.value.message
    assert "islandrun keys set" in caught.value.message
    assert "sk-live-123456" not in caught.value.message
