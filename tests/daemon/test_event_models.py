"""The feed's contract (issue 17): every event type has a frozen model shared by the daemon and the tray;
the bus refuses (strict) or reports (the daemon's default) an event that does not fit it, and the OpenAPI
document describes ``GET /api/events`` as the discriminated union of those models."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from islandrun.core.daemon import islandrun_api
from islandrun.core.daemon.event_models import EVENT_DATA, FEED_ADAPTER, UnknownEventTypeError
from islandrun.core.daemon.events import EventBus

ROUTE_FAILED = {"request_id": "r1", "priority": "secondary", "outcome": "denied", "reason": "not approved"}


def test_a_strict_bus_refuses_an_event_that_does_not_fit_or_that_nobody_described() -> None:
    bus = EventBus()  # strict by default: what the daemon's tests run with (ISLANDRUN_STRICT_EVENTS=1)
    assert bus.publish("route.failed", ROUTE_FAILED).data == ROUTE_FAILED
    with pytest.raises(ValidationError, match="reason"):
        bus.publish("route.failed", {k: v for k, v in ROUTE_FAILED.items() if k != "reason"})
    with pytest.raises(ValidationError, match="cost_usd"):
        bus.publish("route.finished", {"request_id": "r", "route_id": "x", "outcome": "ok", "cost_usd": "free"})
    with pytest.raises(UnknownEventTypeError, match=r"route\.maybe"):
        bus.publish("route.maybe", {})


def test_the_daemons_bus_reports_a_misfit_and_still_delivers_it(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus(strict=False)
    caplog.set_level(logging.ERROR, logger="islandrun.core.daemon.events")
    event = bus.publish("route.failed", {"request_id": "r1"})
    assert event.type == "route.failed"
    assert "does not fit its model" in caplog.text and "priority" in caplog.text


def test_more_keys_may_come_along_but_never_a_named_key_of_another_type() -> None:
    bus = EventBus()
    bus.publish("config", {"changed": True, "what": "policy"})  # a newer field: allowed
    with pytest.raises(ValidationError):
        bus.publish("config", {"changed": "maybe"})


def test_the_openapi_document_describes_the_feed_as_the_union_of_the_event_models() -> None:
    app = FastAPI()
    app.include_router(islandrun_api.router)
    schema = app.openapi()
    response = schema["paths"]["/api/events"]["get"]["responses"]["200"]
    assert "text/event-stream" in response["content"]
    ref = response["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/FeedEventModel")
    components = schema["components"]["schemas"]
    union = components["FeedEventModel"]
    assert union["discriminator"]["propertyName"] == "type"
    assert set(union["discriminator"]["mapping"]) == set(EVENT_DATA)
    route = components["RouteEvent"]["properties"]
    assert route["type"]["const"] == "route" and route["data"]["$ref"].endswith("/RouteData")
    assert set(components["RouteData"]["required"]) >= {"request_id", "island", "sanitized", "explanation"}


def test_an_event_on_the_wire_parses_as_its_own_model() -> None:
    event = FEED_ADAPTER.validate_python({"id": 7, "type": "route.failed", "ts": 1.0, "data": ROUTE_FAILED})
    assert type(event).__name__ == "RouteFailedEvent" and event.data.reason == "not approved"
    with pytest.raises(ValidationError):
        event.data.reason = "changed"  # frozen
