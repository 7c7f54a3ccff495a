"""`islandrun doctor` run as a user runs it (a subprocess with its own dirs and environment), on
real failures: a broken config file, a port another program holds, a socket something else
listens on, no D-Bus session, a keyring backend forced off through the environment."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))


def doctor(home: Path, *args: str, env: dict[str, str] | None = None, config: str | None = None) -> tuple[int, str]:
    if config is not None:
        (home / "config" / "config.toml").write_text(config)
    base = {**os.environ, **(env or {})}
    base.pop("ISLANDRUN_CONFIG", None)
    out = subprocess.run([ISLANDRUN, "doctor", *args], env=base, capture_output=True, text=True, timeout=60)
    return out.returncode, out.stdout + out.stderr


def findings(home: Path, *args: str, **kwargs: Any) -> tuple[int, dict[str, dict[str, Any]]]:
    code, out = doctor(home, "--json", *args, **kwargs)
    payload = json.loads(out)
    return code, {item["check"]: item for item in payload["checks"]}


def test_a_clean_setup_has_no_failures_and_every_check_answers(isolated_dirs: Path) -> None:
    code, checks = findings(isolated_dirs)
    assert code == 0
    assert set(checks) == {
        "config", "engine", "gpu", "model", "classifier", "port", "socket", "keyring", "notifications", "tray"
    }  # fmt: skip
    assert all(item["status"] in {"ok", "warn"} for item in checks.values())
    assert "built-in defaults" in checks["config"]["summary"]
    assert "llama-cpp-python 0.3.36" in checks["engine"]["summary"]
    assert checks["socket"]["status"] == "ok"


def test_a_broken_config_fails_and_names_the_key(isolated_dirs: Path) -> None:
    code, checks = findings(isolated_dirs, config="[server]\nport = 'high'\n")
    assert code == 1
    config = checks["config"]
    assert config["status"] == "fail"
    assert "server.port" in config["summary"]
    assert "islandrun config check" in config["fix"]
    # the other checks still ran, against the defaults
    assert checks["port"]["status"] in {"ok", "fail"}


def test_invalid_toml_fails_with_the_parser_message(isolated_dirs: Path) -> None:
    code, text = doctor(isolated_dirs, config="[server\nport = 1\n")
    assert code == 1
    assert "fail" in text and "not valid TOML" in text


def test_an_occupied_port_fails_and_says_how_to_move(isolated_dirs: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        code, checks = findings(isolated_dirs, config=f"[server]\nport = {port}\n")
    assert code == 1
    item = checks["port"]
    assert item["status"] == "fail"
    assert f"127.0.0.1:{port} is in use" in item["summary"]
    assert f"port = {port + 1}" in item["fix"]
    assert str(isolated_dirs / "config" / "config.toml") in item["fix"]


def test_a_foreign_listener_on_the_socket_path_fails(isolated_dirs: Path) -> None:
    path = isolated_dirs / "run" / "api.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as squatter:
        squatter.bind(str(path))
        squatter.listen()
        code, checks = findings(isolated_dirs, "--only", "socket")
    assert code == 1
    assert checks["socket"]["status"] == "fail"
    assert "not an answering IslandRun daemon" in checks["socket"]["summary"]


def test_a_stale_socket_file_is_ok(isolated_dirs: Path) -> None:
    path = isolated_dirs / "run" / "api.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as gone:
        gone.bind(str(path))  # bound, never listening, then closed: a crash's leftover
    code, checks = findings(isolated_dirs, "--only", "socket")
    assert code == 0
    assert "leftover" in checks["socket"]["summary"]


def test_without_a_dbus_session_desktop_checks_warn_with_a_fix(isolated_dirs: Path) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": "", "DISPLAY": ""}
    code, checks = findings(isolated_dirs, "--only", "notifications", "--only", "tray", env=env)
    assert code == 0
    for name in ("notifications", "tray"):
        assert checks[name]["status"] == "warn"
        assert "DBUS_SESSION_BUS_ADDRESS is not set" in checks[name]["summary"]
        assert checks[name]["fix"]
    assert "no X display" in checks["tray"]["summary"]


def test_a_dead_dbus_address_is_a_warning_not_a_hang(isolated_dirs: Path, tmp_path: Path) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}", "DISPLAY": ""}
    code, checks = findings(isolated_dirs, "--only", "notifications", env=env)
    assert code == 0
    assert "does not answer" in checks["notifications"]["summary"]


def test_a_keyring_backend_forced_off_by_env_is_explained(isolated_dirs: Path) -> None:
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    code, checks = findings(isolated_dirs, "--only", "keyring", env=env)
    assert code == 0
    item = checks["keyring"]
    assert item["status"] == "warn"
    assert "PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring" in item["summary"]
    assert "never kept in plain text" in item["summary"]
    assert "unset PYTHON_KEYRING_BACKEND" in item["fix"]


def test_a_missing_default_model_fails(isolated_dirs: Path) -> None:
    config = (
        '[engine]\ndefault_model = "no-such-model"\n'
        "discover_huggingface = false\ndiscover_lmstudio = false\ndiscover_ollama = false\n"
    )
    code, checks = findings(isolated_dirs, "--only", "model", config=config)
    assert code == 1
    assert checks["model"]["status"] == "fail"
    assert "no-such-model" in checks["model"]["summary"]
    assert "islandrun models list" in checks["model"]["fix"]


def test_the_embedded_chat_model_is_ready_without_assembling_anything(isolated_dirs: Path) -> None:
    """The default (SmolLM2, read in place from its package) needs no first-run step; the Gemma
    fallback is assembled only if it is ever used."""
    code, checks = findings(isolated_dirs, "--only", "model")
    assert code == 0
    assert checks["model"]["status"] == "ok"
    assert "smollm2-135m-instruct" in checks["model"]["summary"]


def test_the_privacy_classifier_says_why_it_is_off_and_how_to_turn_it_on(isolated_dirs: Path) -> None:
    """On a machine with only the embedded models, ``auto`` leaves MIST's second stage off: the tiny chat model's
    measured agreement is near chance and the other is a base model (benchmarks/privacy/STAGE2.md)."""
    code, checks = findings(isolated_dirs, "--only", "classifier")
    assert code == 0 and checks["classifier"]["status"] == "warn"
    assert "smollm2-135m-instruct" in checks["classifier"]["summary"] and "kappa" in checks["classifier"]["summary"]
    assert "islandrun models pull" in checks["classifier"]["fix"]
    code, checks = findings(isolated_dirs, "--only", "classifier", config='[privacy]\nclassifier_model = "off"\n')
    assert code == 0 and checks["classifier"]["status"] == "ok"


def test_text_output_shows_status_explanation_and_fix(isolated_dirs: Path) -> None:
    code, text = doctor(
        isolated_dirs, "--only", "keyring", env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    )
    assert code == 0
    assert "warn  Keyring backend" in text
    assert "fix: unset PYTHON_KEYRING_BACKEND" in text
    assert "0 ok, 1 warning(s), 0 failure(s)" in text


def test_an_unknown_check_name_is_refused(isolated_dirs: Path) -> None:
    code, text = doctor(isolated_dirs, "--only", "nope")
    assert code == 2
    assert "unknown check(s) nope" in text
