"""One detection per text per request on the daemon's path (issue 17).

A request bound for a lower-trust island is assessed (:meth:`MistPrivacy.assess_payload`, every text of
every field) and then sanitised (:class:`~islandrun.core.remote.outbound.PrivacyGate`) by one detector:
``core/daemon/services.py`` hands MIST's detector to the remote dispatcher. Assessment reads each field
in the forms the sanitiser reads it (a JSON value alone and after its key written as words, a function
name as words), so the detector's findings for recent texts serve the sanitiser and no text is detected
twice. A counting wrapper around the detector's own detection step (the work behind its recent-text
cache) counts; the sanitised request must be what sanitising alone gives.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from islandrun.core.daemon.privacy_port import MistPrivacy
from islandrun.core.privacy.config import PrivacyConfig
from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.entities import Entity
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.vault import PLACEHOLDER_RE, Vault, VaultStore
from islandrun.core.remote.outbound import PrivacyGate
from islandrun.core.remote.types import RemoteRequest
from islandrun.core.sensitivity import SensitivityLevel

FIND_ARGS = {
    "patient_id": "NL-448213",
    "record_no": 448213,
    "reason": "type 2 diabetes follow-up, stomach trouble since starting metformin",
    "smtp_password": "Hunter2-Solberg!",
    "contact": {"name": "mobile_phone", "value": "+47 412 55 873"},
}
RECORD = {
    "patient": {"name": "Ingrid Solberg", "born": "14.03.1986", "phone": "41255873"},
    "slots": [{"slotId": "S-7731", "date": "2026-12-15", "doctor": "Dr. Henrik Aas", "room": 4.5}],
}
MESSAGES: tuple[dict[str, Any], ...] = (
    {"role": "system", "content": "You are the patient services assistant of a GP clinic in Oslo. Be brief."},
    {
        "role": "user",
        "name": "ingrid_s",
        "content": "Hi, I'm Ingrid Solberg. Please move my check-up with Dr. Henrik Aas; reach me on "
        "+47 412 55 873 or ingrid.solberg@posteo.no.",
    },
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "find_slots", "arguments": json.dumps(FIND_ARGS)}}
        ],
    },
    {"role": "tool", "tool_call_id": "c1", "content": json.dumps(RECORD)},
    {"role": "user", "name": "ingrid_s", "content": "The first slot, please. My IBAN is NO93 8601 1117 947."},
)
TOOLS: tuple[dict[str, Any], ...] = (
    {
        "type": "function",
        "function": {
            "name": "find_slots",
            "description": "Free appointment slots for a patient at one of the clinic's locations.",
            "parameters": {
                "type": "object",
                "properties": {
                    "patient_id": {"type": "string", "description": "The clinic's patient number, e.g. NL-000000"},
                    "location": {"type": "string", "enum": ["Majorstuen", "Storo"]},
                },
                "required": ["patient_id"],
            },
        },
    },
)
STOP = ("\nPatient:",)
TOOL_CHOICE = {"type": "function", "function": {"name": "find_slots"}}
RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "booking",
        "description": "The booked slot for Ingrid Solberg",
        "schema": {"type": "object", "properties": {"slot_id": {"type": "string"}}},
    },
}


def _payload() -> ChatPayload:
    return ChatPayload(MESSAGES, TOOLS, STOP, TOOL_CHOICE, RESPONSE_FORMAT)


def _remote_request(conversation_id: str) -> RemoteRequest:
    return RemoteRequest(
        MESSAGES,
        stop=STOP,
        tools=TOOLS,
        tool_choice=TOOL_CHOICE,
        response_format=RESPONSE_FORMAT,
        conversation_id=conversation_id,
    )


def _count_detections(detector: Detector, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every text the detector really detects (a text its recent-text cache answers is not counted)."""
    calls: Counter[str] = Counter()
    inner = detector._detect

    def counting(text: str) -> list[Entity]:
        calls[text] += 1
        return inner(text)

    monkeypatch.setattr(detector, "_detect", counting)
    return calls


def _readable(value: Any, vault: Vault) -> Any:
    """A sanitised payload with each placeholder written as its kind and original (placeholders are random)."""
    if isinstance(value, str):
        if PLACEHOLDER_RE.fullmatch(f"[{value}]"):  # a participant or function name leaves without brackets
            value = f"[{value}]"
        return PLACEHOLDER_RE.sub(lambda m: f"<{vault.kind_of(m.group(0))}:{vault.original(m.group(0))}>", value)
    if isinstance(value, list | tuple):
        return [_readable(v, vault) for v in value]
    if isinstance(value, dict):
        return {k: _readable(v, vault) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def privacy() -> MistPrivacy:
    return MistPrivacy(PrivacyConfig())


async def test_each_text_is_detected_once_when_assessed_then_sanitised(
    privacy: MistPrivacy, monkeypatch: pytest.MonkeyPatch
) -> None:
    privacy.detector.clear_recent()  # a request none of whose texts this detector has seen
    calls = _count_detections(privacy.detector, monkeypatch)
    gate = PrivacyGate(VaultStore(), privacy.detector)  # as services.py wires the remote dispatcher

    assessment = await privacy.assess_payload(_payload())
    assessed = Counter(calls)
    out = gate.sanitize("one-detection", _remote_request("one-detection"))

    assert assessment.level is SensitivityLevel.RESTRICTED  # an IBAN, a condition about her, a password
    assert out.sanitized, "the request was sanitised"
    twice = {text: n for text, n in calls.items() if n > 1}
    assert not twice, f"detected more than once in one request: {twice}"
    assert calls == assessed, f"the sanitiser detected what assessment had not read: {set(calls) - set(assessed)}"
    # the forms the sanitiser reads JSON values in are among them (not only the message texts)
    assert "NL-448213" in calls and "patient id: NL-448213" in calls and "record no: 448213" in calls


async def test_sanitised_request_is_the_same_with_or_without_assessment_first(privacy: MistPrivacy) -> None:
    privacy.detector.clear_recent()
    await privacy.assess_payload(_payload())
    after_assessment = PrivacyGate(VaultStore(), privacy.detector).sanitize("a", _remote_request("a"))
    alone = PrivacyGate(VaultStore(), Detector()).sanitize("b", _remote_request("b"))

    assert after_assessment.entity_counts == alone.entity_counts
    assert after_assessment.vault is not None and alone.vault is not None
    wire = _readable(json.loads(json.dumps(after_assessment.payload.messages)), after_assessment.vault)
    assert wire == _readable(json.loads(json.dumps(alone.payload.messages)), alone.vault)
    for leaked in ("NL-448213", "Ingrid Solberg", "+47 412 55 873", "Hunter2-Solberg!", "NO93 8601 1117 947"):
        assert leaked not in json.dumps(after_assessment.payload.messages, ensure_ascii=False)


def test_a_json_value_is_assessed_as_the_sanitiser_reads_it(privacy: MistPrivacy) -> None:
    """What the sanitiser replaces in a JSON value counts for the level too: a password under its key is a secret."""
    from islandrun.core.privacy.assess import assess

    args = json.dumps({"db_password": "Tr0ub4dor&3"})
    call = {"id": "c1", "type": "function", "function": {"name": "connect", "arguments": args}}
    found = assess(ChatPayload(({"role": "assistant", "content": None, "tool_calls": [call]},)), privacy.detector)
    assert found.level is SensitivityLevel.RESTRICTED
    assert "SECRET" in found.counts
