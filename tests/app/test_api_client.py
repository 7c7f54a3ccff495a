"""The tray's async API client and event-stream reader (no Qt) against a real daemon."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import pytest

from islandrun.app.api import ApiClient, ApiError, DaemonUnreachableError
from islandrun.app.events import DaemonEvent, follow, parse_sse
from islandrun.core.daemon.instance import DaemonInfo

from .conftest import Daemon, burstable_chat


async def test_reads_every_panel_endpoint_over_the_unix_socket(daemon: Daemon) -> None:
    client = ApiClient(daemon.info)
    try:
        islands = {i["id"]: i for i in await client.islands()}
        assert islands["cloudy"]["trust_composition"].endswith("= 0.81")
        assert (await client.policy())["thresholds"]["burstable"] == 1.0
        budgets = await client.budgets()
        assert budgets["budgets"] == [{"scope": "*", "period": "day", "limit_usd": 5.0, "spent_usd": 0.0}]
        assert (await client.capacity())["island"] == "local"
        assert isinstance(await client.capacity_history(), list)
        assert (await client.audit_verify())["ok"] is True
    finally:
        await client.aclose()


async def test_refusals_carry_the_daemons_message(daemon: Daemon) -> None:
    client = ApiClient(daemon.info)
    try:
        with pytest.raises(ApiError) as unknown:
            await client.answer_approval("nope", "send")
        assert unknown.value.status == 404
        assert "no pending approval 'nope'" in unknown.value.message
        with pytest.raises(ApiError) as negative:
            await client.put_budgets({"daily_usd": -3})
        assert negative.value.status == 400
        assert "daily_usd" in negative.value.message
        assert (await client.budgets())["budgets"][0]["limit_usd"] == 5.0  # nothing saved
    finally:
        await client.aclose()


async def test_a_daemon_that_is_not_there_is_a_clear_error(tmp_path: Path) -> None:
    client = ApiClient(DaemonInfo(0, 0, str(tmp_path / "missing.sock"), ""))
    try:
        with pytest.raises(DaemonUnreachableError, match="cannot reach the IslandRun daemon"):
            await client.health()
    finally:
        await client.aclose()


async def test_parse_sse_skips_comments_and_joins_data_lines() -> None:
    async def lines():  # type: ignore[no-untyped-def]
        for line in [
            ": connected",
            "",
            "id: 3",
            "event: island",
            'data: {"id": 3, "type": "island",',
            'data: "ts": 1.5, "data": {"id": "laptop", "present": true}}',
            "",
        ]:
            yield line

    events = [e async for e in parse_sse(lines())]
    assert [(e.id, e.type, e.ts, e.data) for e in events] == [(3, "island", 1.5, {"id": "laptop", "present": True})]
    assert events[0].payload is not None and events[0].payload.model_dump() == {"id": "laptop", "present": True}


async def test_parse_sse_types_known_events_skips_misfits_and_passes_new_types() -> None:
    def event(id_: int, type_: str, data: dict[str, object]) -> list[str]:
        return [f"data: {json.dumps({'id': id_, 'type': type_, 'ts': 1.0, 'data': data})}", ""]

    async def lines():  # type: ignore[no-untyped-def]
        for line in [
            *event(1, "route.failed", {"request_id": "r", "priority": "primary", "outcome": "denied", "reason": "-"}),
            *event(2, "route.failed", {"request_id": "r"}),  # a known type without what its model requires
            *event(3, "something.newer", {"x": 1}),  # a newer daemon's event type
        ]:
            yield line

    events = [e async for e in parse_sse(lines())]
    assert [e.id for e in events] == [1, 3]  # the misfit is skipped, the stream goes on
    assert type(events[0].payload).__name__ == "RouteFailedData" and events[1].payload is None


async def test_follow_delivers_approval_events_and_the_answer_goes_back(daemon: Daemon) -> None:
    client = ApiClient(daemon.info)
    seen: list[DaemonEvent] = []
    connections: list[bool] = []
    task = asyncio.create_task(follow(client, seen.append, lambda ok, _: connections.append(ok), types=["approval."]))
    try:
        for _ in range(100):
            if connections:
                break
            await asyncio.sleep(0.05)
        assert connections == [True]
        result: dict[str, object] = {}
        worker = threading.Thread(target=lambda: result.setdefault("r", burstable_chat(daemon)))
        worker.start()
        for _ in range(400):
            if any(e.type == "approval.requested" for e in seen):
                break
            await asyncio.sleep(0.05)
        requested = next(e for e in seen if e.type == "approval.requested")
        assert requested.data["island"] == "cloudy"
        await client.answer_approval(str(requested.data["id"]), "deny")
        await asyncio.to_thread(worker.join, 60)
        response = result["r"]
        assert response.status_code == 403  # type: ignore[attr-defined]
        for _ in range(100):
            if any(e.type == "approval.decided" for e in seen):
                break
            await asyncio.sleep(0.05)
        decided = next(e for e in seen if e.type == "approval.decided")
        assert decided.data["answer"] == "deny"
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.aclose()


async def test_follow_reports_a_lost_daemon_and_keeps_trying(tmp_path: Path) -> None:
    client = ApiClient(DaemonInfo(0, 0, str(tmp_path / "gone.sock"), ""))
    connections: list[tuple[bool, str]] = []
    task = asyncio.create_task(
        follow(client, lambda _: None, lambda ok, why: connections.append((ok, why)), backoff=(0.05, 0.1))
    )
    try:
        for _ in range(100):
            if len(connections) >= 3:
                break
            await asyncio.sleep(0.05)
        assert len(connections) >= 3  # it retried
        assert all(not ok and "cannot reach the IslandRun daemon" in why for ok, why in connections)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.aclose()
