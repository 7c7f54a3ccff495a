"""The icon's state as a pure function of the event feed (no Qt, no daemon: events are the
daemon's own shapes, written out)."""

from __future__ import annotations

from islandrun.app.events import DaemonEvent
from islandrun.app.state import TrayState, TrayStatus


def _event(type_: str, **data: object) -> DaemonEvent:
    return DaemonEvent(id=1, type=type_, ts=0.0, data=dict(data))


def test_states_follow_the_feed_in_order_of_precedence() -> None:
    status = TrayStatus()
    assert status.state is TrayState.ERROR  # nothing heard yet
    status.connection(True, "")
    assert status.state is TrayState.LOCAL
    status.apply(_event("route", request_id="r1", island="cloudy"))
    assert status.state is TrayState.OFFLOADING
    status.local_only = True
    assert status.state is TrayState.LOCAL_ONLY
    status.apply(_event("approval.requested", id="a1", request_id="r2", island="cloudy"))
    assert status.state is TrayState.APPROVAL
    status.apply(_event("approval.decided", id="a1", answer="deny"))
    assert status.state is TrayState.LOCAL_ONLY
    status.local_only = False
    status.apply(_event("route.finished", request_id="r1", outcome="ok"))
    assert status.state is TrayState.LOCAL
    assert status.island == "cloudy"


def test_a_lost_connection_forgets_what_was_pending() -> None:
    status = TrayStatus()
    status.connection(True, "")
    status.apply(_event("approval.requested", id="a1"))
    status.apply(_event("route", request_id="r1", island="edge"))
    status.connection(False, "cannot reach the IslandRun daemon: gone")
    assert status.state is TrayState.ERROR
    assert status.error == "cannot reach the IslandRun daemon: gone"
    status.connection(True, "")
    assert status.state is TrayState.LOCAL


def test_capacity_events_update_the_reading() -> None:
    status = TrayStatus()
    status.apply(_event("capacity.sample", capacity=0.42, accepting=["primary"]))
    assert status.capacity == 0.42
    assert status.accepting == ("primary",)
    assert TrayState.APPROVAL.label == "Waiting for your approval"
