"""The personal group's HTTP routes (LIGHTHOUSE), in two sets:

- ``peer_router``: what *other devices* call on the peer listener — the pairing steps
  (``/pair/*``, the only routes open to a device without a paired certificate) and the heartbeat.
  Each answers 404 unless the request really came in on the peer listener.
- ``router``: how *this device's user* manages the group through the local API — list devices,
  pair (and confirm the code), accept or refuse a pairing request, un-pair.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from ..discovery.errors import PairingError, PeerNotFoundError
from ..discovery.identity import short_id
from ..discovery.pairing import MAX_CERTIFICATE_CHARS, PairedDevice
from ..discovery.service import PeerService
from .api_models_admin import PairedView, PairingView, PeersView, UnpairedView
from .errors import DiscoveryOffError, NotOnPeerListenerError
from .events import EventBus
from .peer_server import PEER_SCOPE_KEY

__all__ = ["DiscoveryOffError", "peer_router", "router"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "a pairing step failed: the message says which and why"},
    404: {"description": "no such device or pairing session"},
    409: {"description": "the personal group is off on this device ([discovery] enabled = false)"},
}
router = APIRouter(prefix="/api/peers", tags=["IslandRun"], responses=_ERRORS)
peer_router = APIRouter(include_in_schema=False)


def _service(request: Request) -> PeerService:
    service: PeerService | None = getattr(request.app.state, "peers", None)
    if service is None:
        raise DiscoveryOffError()
    return service


def _events(request: Request) -> EventBus:
    events: EventBus = request.app.state.pipeline.events
    return events


def _from_peer(request: Request) -> PeerService:
    if PEER_SCOPE_KEY not in request.scope:
        raise NotOnPeerListenerError()
    return _service(request)


_Pem = Annotated[str, Field(min_length=1, max_length=MAX_CERTIFICATE_CHARS)]
_Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{2,128}$")]
_Session = Annotated[str, Field(min_length=1, max_length=64)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class PairStart(_Strict):
    certificate_pem: _Pem
    name: Annotated[str, Field(min_length=1, max_length=63)]


class PairNonce(_Strict):
    session: _Session
    nonce: _Hex


class PairConfirmed(_Strict):
    session: _Session


# -- called by other devices (peer listener) ------------------------------------------------------


@peer_router.post("/pair/start")
async def pair_start(body: PairStart, request: Request) -> dict[str, Any]:
    service = _from_peer(request)
    session, commitment = service.sessions.incoming(body.certificate_pem, body.name)
    return {
        "session": session.id,
        "certificate_pem": service.identity.certificate_pem.decode(),
        "name": service.name,
        "commitment": commitment.hex(),
    }


@peer_router.post("/pair/nonce")
async def pair_nonce(body: PairNonce, request: Request) -> dict[str, Any]:
    service = _from_peer(request)
    session, nonce = service.sessions.reveal(body.session, bytes.fromhex(body.nonce))
    # The user of this device now sees the request and its code (tray notification, CLI).
    _events(request).publish("peer.pairing", session.public())
    return {"nonce": nonce.hex()}


@peer_router.post("/pair/confirmed")
async def pair_confirmed(body: PairConfirmed, request: Request) -> dict[str, Any]:
    _from_peer(request).sessions.mark_peer_confirmed(body.session)
    return {"ok": True}


@peer_router.get("/peer/heartbeat")
async def heartbeat(request: Request) -> dict[str, Any]:
    return _from_peer(request).heartbeat_payload().model_dump(mode="json")


# -- this device's user (local API) ---------------------------------------------------------------


class PairRequest(_Strict):
    target: Annotated[str, Field(max_length=200)] = Field(
        "", description="device id, id prefix, short id or name as `GET /api/peers` lists it"
    )
    address: Annotated[str, Field(max_length=200)] | None = Field(
        None, description="HOST:PORT of its peer listener, where discovery cannot see it"
    )


class AcceptRequest(_Strict):
    code: Annotated[str, Field(pattern=r"^\s*\d{3}\s?\d{3}\s*$")]


@router.get(
    "", response_model=PeersView, summary="This device's identity, the devices seen, their state, pairing requests"
)
async def peers(request: Request) -> dict[str, Any]:
    return _service(request).describe()


@router.post(
    "/pair",
    response_model=PairingView,
    summary="Start pairing with a device; returns the code to compare on both screens",
)
async def pair(body: PairRequest, request: Request) -> dict[str, Any]:
    if not body.target and not body.address:
        raise PairingError("name the device to pair (target) or its address")
    session = await _service(request).pair(body.target, body.address)
    return session.public()


def _paired(device: PairedDevice) -> dict[str, Any]:
    return {"paired": True, "device_id": device.device_id, "short_id": short_id(device.device_id), "name": device.name}


@router.post(
    "/pairings/{session_id}/confirm",
    response_model=PairedView,
    summary="The code matches: pair (the device that asked)",
)
async def confirm(session_id: str, request: Request) -> dict[str, Any]:
    return _paired(await _service(request).confirm(session_id))


@router.post(
    "/pairings/{session_id}/accept",
    response_model=PairedView,
    summary="Accept a pairing request by typing the code shown",
)
async def accept(session_id: str, body: AcceptRequest, request: Request) -> dict[str, Any]:
    return _paired(_service(request).sessions.accept(session_id, body.code.strip()))


@router.delete("/pairings/{session_id}", status_code=204, summary="Refuse or cancel a pairing", response_class=Response)
async def refuse(session_id: str, request: Request) -> Response:
    if not _service(request).sessions.cancel(session_id):
        raise PeerNotFoundError("no such pairing session (it may have expired)")
    return Response(status_code=204)


@router.delete("/{target}", response_model=UnpairedView, summary="Un-pair a device (it is never sent a request again)")
async def unpair(target: str, request: Request) -> dict[str, Any]:
    device = await _service(request).unpair(target)
    return {"unpaired": True, "device_id": device.device_id, "name": device.name}
