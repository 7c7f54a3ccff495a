"""Failover candidates come from the real router's decision over configured islands."""

from __future__ import annotations

from pathlib import Path

from islandrun.core.capacity.hysteresis import CapacityGates
from islandrun.core.config import parse_config
from islandrun.core.islands import IslandRegistry
from islandrun.core.ledger import Ledger
from islandrun.core.routing.failover import failover_candidates
from islandrun.core.routing.policy import Priority
from islandrun.core.routing.request import RouteRequest
from islandrun.core.routing.router import route
from islandrun.core.routing.snapshot_builder import build_snapshot

CONFIG = """
[policy.approval]
min_tier = 3
above = "public"

[[islands]]
id = "edge-a"
kind = "edge"
endpoint = "http://127.0.0.1:1/v1"
expected_latency_ms = 50

[[islands]]
id = "edge-b"
kind = "edge"
endpoint = "http://127.0.0.1:2/v1"
expected_latency_ms = 400

[[islands]]
id = "cloud"
kind = "cloud"
endpoint = "http://127.0.0.1:3/v1"
"""


def test_chosen_first_then_eligible_by_score_without_local_or_unapproved_islands(tmp_path: Path) -> None:
    config = parse_config(CONFIG)
    policy = config.policy.to_policy()
    registry = IslandRegistry(config.all_islands())
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    snapshot = build_snapshot(registry, CapacityGates(policy), {"local": 0.0}, ledger)
    request = RouteRequest(request_id="r1", sensitivity=0.1, priority=Priority.BURSTABLE)
    decision = route(request, snapshot, policy)
    sensitive = RouteRequest(request_id="r1", sensitivity=0.4, priority=Priority.BURSTABLE)
    candidates = failover_candidates(decision, registry.get, policy, sensitive)
    assert candidates[0] is decision.island and decision.island.id == "edge-a"
    assert [i.id for i in candidates] == ["edge-a", "edge-b"]  # no local, no cloud without its own yes
    assert [i.id for i in failover_candidates(decision, registry.get, policy, request)] == ["edge-a", "edge-b", "cloud"]
    # An island with a budget of its own is not covered by the chosen island's reservation.
    assert [i.id for i in failover_candidates(decision, registry.get, policy, request, {"edge-b"})] == [
        "edge-a",
        "cloud",
    ]


def test_failover_never_goes_to_an_island_dearer_than_what_was_reserved(tmp_path: Path) -> None:
    config = parse_config(CONFIG.replace('id = "edge-b"', 'id = "edge-b"\nprice_output_per_mtok = 5.0'))
    policy = config.policy.to_policy()
    registry = IslandRegistry(config.all_islands())
    snapshot = build_snapshot(registry, CapacityGates(policy), {"local": 0.0}, Ledger(tmp_path / "l.sqlite3"))
    request = RouteRequest(request_id="r2", sensitivity=0.1, priority=Priority.BURSTABLE, output_tokens=100)
    decision = route(request, snapshot, policy)
    assert decision.island.id == "edge-a" and decision.estimated_cost_usd == 0.0
    assert [i.id for i in failover_candidates(decision, registry.get, policy, request)] == ["edge-a", "cloud"]
