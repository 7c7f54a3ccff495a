"""Mechanics of the evaluation simulator (benchmarks/scenarios): determinism, the baselines as
defined, and when a privacy violation is counted. The islands are simulated by design (that is
what the simulator is); the routing, gates and detection inside are the project's real code."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from stdnum import iban, luhn

from benchmarks.scenarios.entities import Faker
from benchmarks.scenarios.metrics import route_flaps, summarize
from benchmarks.scenarios.scenarios import Scenario, TraceRequest, healthcare, personal
from benchmarks.scenarios.sim import Outcome, detect, simulate
from benchmarks.scenarios.strategies import make_strategy
from benchmarks.scenarios.texts import Prompt, generate_prompts
from islandrun.core.routing.policy import Priority
from islandrun.core.sensitivity import SensitivityLevel as L


@pytest.fixture(scope="module")
def small() -> Scenario:
    return healthcare(seed=3, n=150)


def test_same_seed_same_outcomes_and_a_new_seed_changes_them(small: Scenario) -> None:
    again = healthcare(seed=3, n=150)
    assert [r.prompt.text for r in again.trace] == [r.prompt.text for r in small.trace]
    for name in ("islandrun", "latency-greedy"):
        first = simulate(small, make_strategy(name), detect(small))
        second = simulate(again, make_strategy(name), detect(again))
        assert first.outcomes == second.outcomes
        assert first.gate_flips == second.gate_flips
    other = healthcare(seed=4, n=150)
    assert [r.prompt.text for r in other.trace] != [r.prompt.text for r in small.trace]


def test_level_mix_is_exact_and_identifiers_have_valid_checksums() -> None:
    prompts = generate_prompts(random.Random(1), 1000, {L.RESTRICTED: 0.4, L.CONFIDENTIAL: 0.35, L.PUBLIC: 0.25},
                               {"clinical": 1.0})  # fmt: skip
    counts = {level: sum(1 for p in prompts if p.true_level is level) for level in L}
    assert counts == {L.RESTRICTED: 400, L.CONFIDENTIAL: 350, L.PUBLIC: 250, L.INTERNAL: 0}
    faker = Faker(random.Random(2))
    for _ in range(50):
        assert iban.is_valid(faker.iban())
        assert luhn.is_valid(faker.card().replace(" ", ""))


def test_baselines_go_where_they_are_defined_to(small: Scenario) -> None:
    found = detect(small)
    cloud = simulate(small, make_strategy("cloud-only"), found)
    assert {o.island for o in cloud.outcomes if o.ok} == {"cloud"}
    assert all(o.reason == "cloud is down" for o in cloud.outcomes if not o.ok)
    local = simulate(small, make_strategy("local-only"), found)
    assert {o.island for o in local.outcomes if o.ok} == {"local"}
    privacy = simulate(small, make_strategy("privacy-only"), found)
    for o in privacy.outcomes:
        if o.ok:
            assert o.island == ("cloud" if o.detected_level is L.PUBLIC else "local")
    # The cloud model is the fastest island here, so the latency oracle sends most work there.
    greedy = summarize(simulate(small, make_strategy("latency-greedy"), found))
    assert greedy.shares.get("cloud", 0.0) > 0.5


def test_islandrun_never_sends_a_request_below_its_detected_level(small: Scenario) -> None:
    run = simulate(small, make_strategy("islandrun"), detect(small))
    privacy = {m.island.id: m.island.privacy for m in small.islands}
    assert all(privacy[i] + 1e-9 >= o.detected_level.score for o in run.outcomes for i in o.exposed_to)
    # ... while MIST switched off sends clinical notes to islands below their true level.
    blind = summarize(simulate(small, make_strategy("no-detection"), detect(small)))
    assert blind.violations > summarize(run).violations


def _one_request(text: str, true_level: L, *, laptop_asleep: bool) -> Scenario:
    base = healthcare(seed=1, n=5)
    islands = tuple(
        replace(
            m,
            schedule_off=((0.0, 86_400.0),) if laptop_asleep and m.island.id == "local" else (),
            busy=(),
            mtbf_s=None,
            error_rate=0.0,
        )
        for m in base.islands
    )
    request = TraceRequest(0, 10 * 3600.0, Prompt(text, true_level, "clinical", "test"), "Be brief.",
                           Priority.SECONDARY, 40, 100, 0.0, 0.0, 0.5, (0.0, 0.0, 0.0))  # fmt: skip
    return Scenario("test", "test", islands, (request,), seed=1)


def test_a_violation_is_counted_against_the_true_level_not_the_detected_one() -> None:
    # Detection sees nothing in this text, but the generator says it is restricted: with this
    # device asleep, IslandRun sends it to the edge server (P = 0.8 < 0.95) — a violation.
    scenario = _one_request(
        "Please summarise the attached note for tomorrow's handoff.", L.RESTRICTED, laptop_asleep=True
    )
    run = simulate(scenario, make_strategy("islandrun"), detect(scenario))
    (outcome,) = run.outcomes
    assert outcome.detected_level is L.PUBLIC and outcome.island in ("edge", "cloud")
    assert outcome.violation
    # The same text labelled public is no violation wherever it runs.
    harmless = _one_request("Please summarise the attached note for tomorrow's handoff.", L.PUBLIC, laptop_asleep=True)
    assert not simulate(harmless, make_strategy("cloud-only"), detect(harmless)).outcomes[0].violation
    # With the device awake, IslandRun keeps it here: no violation.
    awake = _one_request(
        "Please summarise the attached note for tomorrow's handoff.", L.RESTRICTED, laptop_asleep=False
    )
    assert not simulate(awake, make_strategy("islandrun"), detect(awake)).outcomes[0].violation


def test_an_outage_liveness_has_not_noticed_costs_a_timeout_then_fails_over() -> None:
    scenario = _one_request("What is a good stretch after running?", L.PUBLIC, laptop_asleep=False)
    t = scenario.trace[0].t
    # The cloud (the fastest island) went down 5 s before the request; liveness needs 15 s.
    islands = tuple(
        replace(m, outage_windows=((t - 5.0, t + 3600.0),)) if m.island.id == "cloud" else m for m in scenario.islands
    )
    scenario = replace(scenario, islands=islands)
    (greedy,) = simulate(scenario, make_strategy("latency-greedy"), detect(scenario)).outcomes
    assert greedy.ok and greedy.island != "cloud"
    assert greedy.latency_s >= scenario.model("cloud").timeout_s
    assert "cloud" not in greedy.exposed_to  # the connection failed: nothing left the device
    (fixed,) = simulate(scenario, make_strategy("cloud-only"), detect(scenario)).outcomes
    assert not fixed.ok  # cloud-only has nowhere to fail over to


def test_hysteresis_margin_reduces_gate_flips_on_the_personal_day() -> None:
    scenario = personal(seed=7, n=200)
    found = detect(scenario)
    with_margin = simulate(scenario, make_strategy("islandrun"), found)
    without = simulate(scenario, make_strategy("no-hysteresis"), found)
    assert with_margin.gate_flips < without.gate_flips


def test_route_flaps_count_a_b_a_within_the_window() -> None:
    def out(t: float, island: str) -> Outcome:
        return Outcome(
            0, t, "secondary", "chat", L.PUBLIC, L.PUBLIC, island, True, "", 1.0, 0.0, 0.0, False, False, (island,)
        )

    assert route_flaps([out(0, "a"), out(10, "b"), out(20, "a")]) == (2, 1)
    assert route_flaps([out(0, "a"), out(10, "b"), out(500, "a")]) == (2, 0)
    assert route_flaps([out(0, "a"), out(10, "b"), out(20, "b")]) == (1, 0)


def test_a_busy_device_serves_primary_work_first_and_the_edge_server_in_arrival_order() -> None:
    from benchmarks.scenarios.world import IslandRuntime, Job

    base = healthcare(seed=1, n=1)
    for island_id, expected in (("local", "primary"), ("edge", "burstable")):
        model = replace(base.model(island_id), slots=1)
        rt = IslandRuntime.create(model, seed=1)
        running = rt.admit(Job(0, 0, 2, 0.0, 10.0, 0.0))
        assert running is not None and running.end == 10.0
        late_burstable, primary = Job(1, 1, 2, 1.0, 5.0, 0.0), Job(2, 2, 0, 2.0, 5.0, 0.0)
        assert rt.admit(late_burstable) is None and rt.admit(primary) is None
        nxt = rt.complete(running)
        assert nxt is not None and nxt.start == 10.0
        assert ("primary" if nxt is primary else "burstable") == expected
