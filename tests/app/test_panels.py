"""Every panel, offscreen, against the real daemon: what it shows, and what its forms save or
refuse (the daemon validates; a refusal shows the daemon's message and nothing is saved)."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt

from .conftest import Daemon, panels_window, run, until


def test_islands_panel_lists_islands_by_tier_with_trust_composition(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)

    async def scenario() -> None:
        window.open_panel("Islands & trust")
        await until(lambda: len(window.islands.rows()) == 2, what="the islands")

    run(qloop, scenario())
    rows = {r[0]: r for r in window.islands.rows()}
    assert rows["This computer (local)"][2] == "1.00"
    cloud = rows["Cloudy AI (cloudy)"]
    assert cloud[1:5] == ["cloud", "0.81", "0.9 base × 1 (iso27001) × 0.9 (eu-gdpr) = 0.81", "0.81"]
    groups = [window.islands.tree.topLevelItem(i).text(0) for i in range(window.islands.tree.topLevelItemCount())]
    assert groups == ["Tier 1 · this device and your own devices", "Tier 3 · cloud"]
    run(qloop, client.aclose())


def test_capacity_panel_draws_history_thresholds_and_live_samples(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, model = panels_window(daemon, qtbot)

    async def scenario() -> None:
        model.start()
        window.open_panel("Capacity")
        await until(lambda: window.capacity.thresholds != {}, what="history and thresholds")
        before = len(window.capacity.values)
        await until(lambda: len(window.capacity.values) > before, timeout=10, what="a live capacity.sample event")
        await model.stop()

    run(qloop, scenario())
    panel = window.capacity
    assert panel.thresholds == {"secondary": 0.5, "burstable": 1.0}
    assert len(panel._bands) == 4  # a band and a line per tier
    assert panel.now.text().startswith("Now: C = ")
    assert 0.0 <= panel.values[-1] <= 1.0
    run(qloop, client.aclose())


def test_budgets_panel_shows_limits_and_refuses_a_negative_limit(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.budgets

    async def scenario() -> None:
        window.open_panel("Budgets")
        await until(lambda: panel.daily.text() == "5", what="the budgets")
        panel.daily.setText("-2")
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.message.text().startswith("✗"), what="the refusal")

    run(qloop, scenario())
    assert "daily_usd" in panel.message.text()
    assert "greater than or equal to 0" in panel.message.text()
    with daemon.http() as http:
        assert http.get("/api/budgets").json()["budgets"][0]["limit_usd"] == 5.0
    assert "daily_usd = 5.0" in daemon.config_file.read_text()

    panel.daily.setText("abc")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.message.text() == "✗ Daily: 'abc' is not a number"
    run(qloop, client.aclose())


def test_budgets_panel_saves_a_limit_that_survives_in_the_config_file(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.budgets

    async def scenario(daily: str, monthly: str) -> None:
        window.open_panel("Budgets")
        await until(lambda: panel.daily.text() != "", what="the budgets")
        panel.daily.setText(daily)
        panel.monthly.setText(monthly)
        panel.save()
        await until(lambda: panel.message.text() == "✓ saved", what="the save")
        await until(lambda: panel.monthly.text() == monthly, what="the reload")
        # the fields hold what was typed before the reload comes back: wait for the limits line it rewrites
        await until(lambda: "per month" in panel.limits.text(), what="the reloaded limits")

    try:
        run(qloop, scenario("7.5", "100"))
        assert "all islands per month: $0.0000 of $100.00" in panel.limits.text()
        text = daemon.config_file.read_text()
        assert "daily_usd = 7.5" in text and "monthly_usd = 100.0" in text
    finally:
        run(qloop, client.put_budgets({"daily_usd": 5.0}))
    run(qloop, client.aclose())


def test_policy_panel_shows_the_policy_and_refuses_a_threshold_above_one(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.policy

    async def scenario() -> None:
        window.open_panel("Tiers & policy")
        await until(lambda: panel.burstable.text() == "1", what="the policy")
        panel.secondary.setText("1.5")
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.message.text().startswith("✗"), what="the refusal")

    run(qloop, scenario())
    assert panel.mode.currentText() == "weighted"
    assert panel.buffer.currentText() == "moderate"
    assert panel.above.currentText() == "public"
    assert panel.timeout.text() == "30"
    assert sorted(panel.weights) == ["cost", "latency", "trust"]
    assert "thresholds.secondary" in panel.message.text()
    with daemon.http() as http:
        assert http.get("/api/policy").json()["thresholds"]["secondary"] == 0.5
    run(qloop, client.aclose())


def test_policy_panel_round_trips_a_change(daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.policy

    async def scenario(timeout: str) -> None:
        window.open_panel("Tiers & policy")
        await until(lambda: panel.timeout.text() != "", what="the policy")
        panel.timeout.setText(timeout)
        panel.save()
        await until(lambda: panel.message.text() == "✓ saved", what="the save")

    try:
        run(qloop, scenario("45"))
        with daemon.http() as http:
            policy = http.get("/api/policy").json()
        assert policy["approval"]["timeout_s"] == 45.0
        assert policy["thresholds"]["burstable"] == 1.0  # everything else kept
    finally:
        run(qloop, scenario("30"))
    run(qloop, client.aclose())


def test_activity_panel_lists_routes_and_verifies_the_audit_log(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    with daemon.http() as http:  # a request nothing may run: audited as "no-eligible-island"
        refused = http.post(
            "/v1/chat/completions",
            json={"model": "default", "messages": [{"role": "user", "content": "hi"}]},
            headers={"X-IslandRun-Dataset": "nowhere"},
        )
    assert refused.status_code == 409
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.activity

    async def scenario() -> None:
        window.open_panel("Activity")
        await until(lambda: panel.table.rowCount() >= 1, what="the audit rows")
        qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
        await until(lambda: panel.verify_result.text() != "", what="the verification")

    run(qloop, scenario())
    outcomes = [panel.table.item(r, 7).text() for r in range(panel.table.rowCount())]
    assert "no-eligible-island" in outcomes
    assert panel.verify_result.text().startswith("✓ audit log intact")
    panel.table.setCurrentCell(outcomes.index("no-eligible-island"), 0)
    assert "dataset 'nowhere'" in panel.explanation.toPlainText()
    run(qloop, client.aclose())


def test_add_island_refuses_trust_above_one_and_saves_nothing(
    daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop
) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.islands
    config_before = daemon.config_file.read_text()

    async def scenario() -> None:
        window.open_panel("Islands & trust")
        await until(lambda: len(panel.rows()) == 2, what="the islands")
        form = panel.open_form()
        form.id.setText("shady")
        form.kind.setCurrentText("edge")
        form.endpoint.setText("http://127.0.0.1:9/v1")
        form.base.setText("1.4")
        assert form.preview.text() == "1.4 × 0.7 × 0.6 = 0.59"
        panel.submit()
        await until(lambda: form.message.text().startswith("✗"), what="the refusal")

    run(qloop, scenario())
    assert panel.form is not None  # still open, for the user to correct
    assert "trust.base" in panel.form.message.text()
    assert "less than or equal to 1" in panel.form.message.text()
    assert len(panel.rows()) == 2
    assert daemon.config_file.read_text() == config_before
    panel.form.base.setText("x")
    panel.submit()
    assert panel.form.message.text() == "✗ base trust: 'x' is not a number"
    run(qloop, client.aclose())


def test_add_then_remove_an_island(daemon: Daemon, qtbot: Any, qloop: asyncio.AbstractEventLoop) -> None:
    window, client, _ = panels_window(daemon, qtbot)
    panel = window.islands

    async def add() -> None:
        window.open_panel("Islands & trust")
        await until(lambda: len(panel.rows()) == 2, what="the islands")
        form = panel.open_form()
        form.id.setText("lab-box")
        form.name.setText("Lab box")
        form.kind.setCurrentText("edge")
        form.endpoint.setText("http://127.0.0.1:9/v1")
        form.models.setText("lab-only-model")  # nothing asks for it: other tests' routing is unchanged
        form.certification.setCurrentText("soc2")
        form.jurisdiction.setCurrentText("same-country")
        panel.submit()
        await until(lambda: len(panel.rows()) == 3, what="the new island")

    async def remove() -> None:
        groups = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
        edge = next(g for g in groups if g is not None and g.text(0).startswith("Tier 2"))
        panel.tree.setCurrentItem(edge.child(0))
        assert panel.remove_button.isEnabled()
        panel.ask_remove()
        assert panel.confirm is not None
        qtbot.mouseClick(panel.confirm.button(panel.confirm.StandardButton.Yes), Qt.MouseButton.LeftButton)
        await until(lambda: len(panel.rows()) == 2, what="the island to go")

    try:
        run(qloop, add())
        row = next(r for r in panel.rows() if r[0] == "Lab box (lab-box)")
        assert row[2:4] == ["0.72", "0.8 base × 0.9 (soc2) × 1 (same-country) = 0.72"]
        assert "lab-box" in daemon.config_file.read_text()
        assert panel.form is None  # closed on success
        run(qloop, remove())
        assert "lab-box" not in daemon.config_file.read_text()
    finally:
        with daemon.http() as http:
            http.delete("/api/islands/lab-box")
    run(qloop, client.aclose())
