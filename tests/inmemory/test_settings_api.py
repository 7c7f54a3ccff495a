"""Changing policy, budgets and islands through the API, with the daemon in memory: validated like
the file, saved to it, applied at once, kept across a restart (the services built again from the
saved file); a config file that does not load is never overwritten. (Moved here from
tests/daemon/test_settings_api.py, which started ``islandrun serve`` for each test.)"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .conftest import InMemoryDaemon

ISLANDRUN = str(Path(sys.executable).with_name("islandrun"))

EDGE = {
    "id": "lab-edge",
    "kind": "edge",
    "endpoint": "http://127.0.0.1:9/v1",
    "models": ["llama-3.1-8b"],
    "trust": {"certification": "iso27001", "jurisdiction": "same-country"},
}


def _file(daemon: InMemoryDaemon) -> dict[str, Any]:
    return tomllib.loads((daemon.home / "config" / "config.toml").read_text())


async def test_policy_change_is_applied_saved_and_survives_restart(daemon: InMemoryDaemon) -> None:
    policy = {
        "mode": "constraint",
        "buffer": "conservative",
        "thresholds": {"secondary": 0.4, "burstable": 0.6},
        "approval": {"min_tier": 2, "above": "internal", "timeout_s": 30},
    }
    async with daemon.client() as client:
        answer = await client.put("/api/policy", json=policy)
        assert answer.status_code == 200, answer.text
        assert answer.json()["mode"] == "constraint"
        assert answer.json()["thresholds"]["buffer"] == pytest.approx(0.3)
        assert (await client.get("/api/policy")).json()["approval"]["min_tier"] == 2
    saved = _file(daemon)
    assert saved["policy"]["mode"] == "constraint"
    assert saved["engine"]["discover_ollama"] is False  # the rest of the file kept
    await daemon.restart()
    async with daemon.client() as client:
        assert (await client.get("/api/policy")).json()["thresholds"]["secondary"] == pytest.approx(0.4)


async def test_bad_values_get_400_naming_the_key_and_change_nothing(daemon: InMemoryDaemon) -> None:
    before = (daemon.home / "config" / "config.toml").read_text()
    async with daemon.client() as client:
        for body, key in (
            ({"weights": {"cost": -1}}, "weights"),
            ({"thresholds": {"secondary": 1.5}}, "secondary"),
            ({"mode": "fastest"}, "mode"),
            ({"modes": "weighted"}, "modes"),
        ):
            answer = await client.put("/api/policy", json=body)
            assert answer.status_code == 400, body
            assert key in answer.json()["error"]["message"]
    assert (daemon.home / "config" / "config.toml").read_text() == before


async def test_islands_are_added_replaced_and_removed(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        added = await client.post("/api/islands", json=EDGE)
        assert added.status_code == 201, added.text
        assert added.json()["trust"] == pytest.approx(0.8)
        assert (await client.post("/api/islands", json=EDGE)).status_code == 409
        decision = (await client.post("/api/route", json={"sensitivity": "internal", "model": "llama-3.1-8b"})).json()
        assert decision["island"] == "lab-edge"
        changed = await client.put("/api/islands/lab-edge", json={**EDGE, "trust": {"base": 0.5}})
        assert changed.status_code == 200 and changed.json()["trust"] == pytest.approx(0.5 * 0.7 * 0.6)
        assert (await client.put("/api/islands/lab-edge", json={**EDGE, "id": "other"})).status_code == 400
        # features are written as strings, as in config.toml (they were refused as "not a Feature")
        featured = await client.put("/api/islands/lab-edge", json={**EDGE, "features": ["tools", "json_output"]})
        assert featured.status_code == 200, featured.text
        assert _file(daemon)["islands"][0]["features"] == ["tools", "json_output"]
        assert (await client.put("/api/islands/lab-edge", json={**EDGE, "features": ["telepathy"]})).status_code == 400
        assert (await client.delete("/api/islands/lab-edge")).status_code == 204
        assert (await client.delete("/api/islands/lab-edge")).status_code == 404
        assert [i["id"] for i in (await client.get("/api/islands")).json()] == ["local"]
    assert "islands" not in _file(daemon) or _file(daemon)["islands"] == []


async def test_budgets_change(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        answer = await client.put("/api/budgets", json={"daily_usd": 1.5, "monthly_usd": 20})
        assert answer.status_code == 200, answer.text
        limits = {(b["scope"], b["period"]): b["limit_usd"] for b in answer.json()["budgets"]}
        assert limits[("*", "day")] == pytest.approx(1.5)


async def test_a_broken_config_file_is_never_overwritten(daemon: InMemoryDaemon) -> None:
    path = daemon.home / "config" / "config.toml"
    broken = path.read_text() + "\n[policy\nmode = 'weighted'\n"
    path.write_text(broken)
    async with daemon.client() as client:
        answer = await client.put("/api/policy", json={"mode": "constraint"})
        assert answer.status_code == 409
        assert "fix it by hand" in answer.json()["error"]["message"]
    assert path.read_text() == broken


async def test_local_only_pauses_offloading_and_islands_show_their_config(daemon: InMemoryDaemon) -> None:
    async with daemon.client() as client:
        assert (await client.post("/api/islands", json=EDGE)).status_code == 201
        listed = {i["id"]: i for i in (await client.get("/api/islands")).json()}
        assert listed["lab-edge"]["config"]["trust"]["certification"] == "iso27001"
        assert listed["local"]["config"] is None
        policy = (await client.get("/api/policy")).json()
        assert policy["local_only"] is False
        # θ_burstable = 1.0: the gate closes at the first sample below 1, so burstable work offloads.
        offload = {**policy["config"], "thresholds": {**policy["config"]["thresholds"], "burstable": 1.0}}
        assert (await client.put("/api/policy", json=offload)).status_code == 200
        burst = {"sensitivity": "public", "tier": "burstable"}
        before = (await client.post("/api/route", json=burst)).json()
        assert before["island"] == "lab-edge", before
        paused = await client.put("/api/policy", json={**offload, "local_only": True})
        assert paused.status_code == 200 and paused.json()["local_only"] is True
        decision = (await client.post("/api/route", json=burst)).json()
        assert decision["island"] == "local"  # it waits here instead
        edge = next(i for i in decision["islands"] if i["id"] == "lab-edge")
        assert any("local only" in e["reason"] for e in edge["excluded_by"])


async def test_a_commented_config_keeps_its_comments_through_every_api_edit(daemon: InMemoryDaemon) -> None:
    """What the tray's panels do (policy, budgets, islands) through the API: the user's comments,
    order and the commented starter survive; only the changed keys change. The file is a symlink
    to a dotfiles folder, and it stays one."""
    config = daemon.home / "config" / "config.toml"
    dotfiles = daemon.home / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "islandrun.toml"
    starter = subprocess.run(
        [ISLANDRUN, "config", "init", "--config", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert starter.returncode == 0, starter.stderr
    target.write_text("# my own notes: keep me\n\n" + target.read_text())
    config.unlink()
    os.symlink(target, config)
    comments_before = [line for line in target.read_text().splitlines() if line.lstrip().startswith("#")]
    async with daemon.client() as client:
        assert (await client.put("/api/budgets", json={"daily_usd": 2.5})).status_code == 200
        assert (await client.post("/api/islands", json=EDGE)).status_code in (200, 201)
        policy = (await client.get("/api/policy")).json()["config"]
        assert (await client.put("/api/policy", json={**policy, "mode": "constraint"})).status_code == 200, policy
        refused = await client.put(
            "/api/budgets", content=b'{"daily_usd": Infinity}', headers={"Content-Type": "application/json"}
        )
    assert refused.status_code == 400
    assert config.is_symlink() and config.resolve() == target.resolve()
    text = target.read_text()
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == comments_before
    saved = tomllib.loads(text)
    assert saved["budgets"]["daily_usd"] == 2.5 and saved["policy"]["mode"] == "constraint"
    assert [i["id"] for i in saved["islands"]] == ["lab-edge"]
    assert not list(dotfiles.glob(".islandrun.toml-*"))  # no temporary file left behind
