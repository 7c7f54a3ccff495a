"""The ``islandrun`` command as a user runs it (a real subprocess, the installed entry point)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from islandrun.core.paths import config_file

# The entry point installed next to the interpreter running the tests (the venv's bin/).
EXE = shutil.which("islandrun", path=str(Path(sys.executable).parent))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    assert EXE, "the islandrun entry point is not installed"
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=120)


EDGE_AND_CLOUD = """
[budgets]
daily_usd = 1.0
[[islands]]
id = "lab"
kind = "edge"
models = ["gemma"]
trust = { certification = "iso27001", jurisdiction = "same-country" }
[[islands]]
id = "cloud"
kind = "cloud"
models = ["gemma"]
trust = { certification = "iso27001", jurisdiction = "same-country" }
price_input_per_mtok = 1.0
price_output_per_mtok = 2.0
"""


@pytest.fixture
def configured() -> Path:
    path = config_file()
    path.write_text(EDGE_AND_CLOUD, encoding="utf-8")
    return path


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("islandrun ")


def test_config_check_ok_and_broken(configured: Path) -> None:
    ok = run("config", "check")
    assert ok.returncode == 0
    assert "3 island(s)" in ok.stdout
    configured.write_text('[[islands]]\nid = "x"\nkind = "edge"\ntrust = { base = 7 }\n', encoding="utf-8")
    bad = run("config", "check")
    assert bad.returncode == 2
    assert str(configured) in bad.stderr.replace("\n", "")
    assert "islands[0].trust.base" in bad.stderr


def test_config_init_writes_a_valid_file_and_never_overwrites() -> None:
    first = run("config", "init")
    assert first.returncode == 0
    assert run("config", "check").returncode == 0
    config_file().write_text("# mine\n", encoding="utf-8")
    second = run("config", "init")
    assert second.returncode == 2
    assert config_file().read_text(encoding="utf-8") == "# mine\n"


def test_route_explain_with_zero_config_runs_locally() -> None:
    result = run("route", "--explain", "--sensitivity", "restricted")
    assert result.returncode == 0, result.stderr
    assert "✓ local" in result.stdout


def test_route_offloads_busy_secondary_work_and_explains_every_island(configured: Path) -> None:
    result = run("route", "--json", "-s", "internal", "--model", "gemma", "--local-capacity", "0.2")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["island"] == "lab"
    assert decision["sanitize"] is True
    fates = {i["id"]: i for i in decision["islands"]}
    assert "capacity" in {e["filter"] for e in fates["local"]["excluded_by"]}
    assert fates["cloud"]["eligible"] is True


def test_route_with_no_eligible_island_exits_3_and_says_why(configured: Path) -> None:
    result = run("route", "-s", "restricted", "--tier", "burstable", "--dataset", "tax-2025")
    assert result.returncode == 3
    text = result.stderr.replace("\n", " ")
    for island in ("local", "lab", "cloud"):
        assert f"- {island}:" in text
    assert "privacy" in text and "tax-2025" in text


def test_route_queues_on_a_busy_device_rather_than_sending_restricted_work_away(configured: Path) -> None:
    result = run("route", "--explain", "-s", "restricted", "--tier", "burstable", "--local-capacity", "0.5")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "[local]" in text and "waits in the local queue" in text


def test_route_rejects_a_bad_sensitivity() -> None:
    result = run("route", "-s", "secret")
    assert result.returncode == 2
    assert "expected one of public, internal, confidential, restricted" in result.stderr.replace("\n", " ")


def test_islands_list_and_budget_show(configured: Path) -> None:
    listed = json.loads(run("islands", "list", "--json").stdout)
    assert [i["id"] for i in listed] == ["local", "lab", "cloud"]
    assert listed[2]["trust"] == pytest.approx(0.5)
    budget = run("budget", "show")
    assert budget.returncode == 0
    assert "all islands" in budget.stdout
    assert "1.0000" in budget.stdout
