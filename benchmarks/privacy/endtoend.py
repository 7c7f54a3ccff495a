"""End-to-end added time of sanitising one ~4 KB conversation through ``islandrun.core.privacy.sanitize.Sanitizer``.

The conversation is a patient booking a clinic appointment through an assistant with two tools: 12 messages
(system, user, assistant, two tool calls and their JSON results), a tool definition list, names, phone numbers,
an e-mail, a postal address, an IBAN, a patient number, conditions and medications. The request path is
``Sanitizer.sanitize_request(conversation_id, messages, tools=..., stop=...)`` when it exists, else
``Sanitizer.sanitize_messages(conversation_id, messages)`` (which does not cover tools and stop).

*first request*: a fresh conversation id and a detector that has seen none of the texts (its recent-text
cache cleared): every text is detected, as on the first request of a new conversation; *system prompt and tools
seen before*: the same, after an earlier conversation of the same app sent the same system prompt and tool
definitions (untimed), whose findings the detector keeps (its recent texts: the findings depend on the text
alone), as an app's next conversation meets it; *cold vault*: a fresh
conversation id every run, texts the detector saw in an earlier request (it keeps the findings of recent
texts: a request is assessed and then sanitised); *warm*: the same id every run (the vault and its per-text
cache are filled: the cost of resending an unchanged history); *the daemon's path*: a first request as the daemon
handles one bound for a lower-trust island, assessed (every text of every field) and then sanitised by the same
detector (assessment reads each field in the forms the sanitiser reads it, JSON values alone and after their keys,
so each text is detected once and the sanitiser is served by the detector's recent-text findings).
"""

from __future__ import annotations

import dataclasses
import gc
import inspect
import json
import os
import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from speed import summary

SYSTEM = (
    "You are the patient services assistant of Nordlys Legesenter, a GP clinic in Oslo. Be brief and "
    "friendly. Use the tools to look up and book appointments; never invent free slots. Answer in English."
)

TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "find_slots",
            "description": "Free appointment slots for a patient at one of the clinic's locations.",
            "parameters": {
                "type": "object",
                "properties": {
                    "patient_id": {"type": "string", "description": "The clinic's patient number, e.g. NL-000000"},
                    "location": {"type": "string", "enum": ["Majorstuen", "Grünerløkka", "Storo"]},
                    "after": {"type": "string", "description": "Earliest time of day, HH:MM"},
                    "reason": {"type": "string", "description": "Why the patient wants to be seen"},
                },
                "required": ["patient_id", "location"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "book_appointment",
            "description": "Book one slot returned by find_slots and send the confirmation by SMS.",
            "parameters": {
                "type": "object",
                "properties": {
                    "slot_id": {"type": "string"},
                    "patient_id": {"type": "string"},
                    "sms_to": {"type": "string", "description": "Phone number for the confirmation"},
                    "note_for_doctor": {"type": "string"},
                },
                "required": ["slot_id", "patient_id"],
            },
        },
    },
]

STOP = ["\nPatient:"]

# Every value a cloud model must never see; checked against the sanitised request.
PLANTED = [
    "Ingrid Solberg",
    "ingrid.solberg@posteo.no",
    "+47 412 55 873",
    "41255873",
    "NL-448213",
    "Thereses gate 14",
    "Henrik Aas",
    "Lars Solberg",
    "934 20 117",
    "NO93 8601 1117 947",
    "type 2 diabetes",
    "metformin",
    "sertraline",
    "depression",
    "14.03.1986",
    "Aas",
    "Equinor",
    "ingrid_s",
]


def conversation() -> list[dict[str, Any]]:
    find_args = {
        "patient_id": "NL-448213",
        "location": "Majorstuen",
        "after": "14:00",
        "reason": "type 2 diabetes follow-up, stomach trouble since starting metformin",
    }
    slots = {
        "patient": {"name": "Ingrid Solberg", "born": "14.03.1986", "phone": "41255873"},
        "slots": [
            {"slot_id": "S-7731", "date": "2026-12-15", "time": "14:30", "doctor": "Dr. Henrik Aas"},
            {"slot_id": "S-7745", "date": "2026-12-17", "time": "15:15", "doctor": "Dr. Henrik Aas"},
        ],
    }
    book_args = {
        "slot_id": "S-7731",
        "patient_id": "NL-448213",
        "sms_to": "+47 412 55 873",
        "note_for_doctor": "Metformin 500 mg twice daily since September; nausea and diarrhoea. Husband Lars "
        "Solberg drives her.",
    }
    booked = {"status": "booked", "confirmation": "BK-20261215-0931", "sms_sent_to": "+47 412 55 873"}
    return [
        {"role": "system", "content": SYSTEM},
        {
            "role": "user",
            "name": "ingrid_s",
            "content": "Hi! I'm Ingrid Solberg, born 14.03.1986. I need to move my check-up with Dr. Henrik Aas - "
            "it's the type 2 diabetes follow-up, and the metformin has been upsetting my stomach since "
            "September. You can reach me on +47 412 55 873 or ingrid.solberg@posteo.no.",
        },
        {
            "role": "assistant",
            "content": "Of course, Ingrid. Could you give me your patient number, and which days and times "
            "suit you best? I can also check which of our locations is closest.",
        },
        {
            "role": "user",
            "name": "ingrid_s",
            "content": "My patient number is NL-448213. Any weekday next week after two o'clock works. I live "
            "at Thereses gate 14, 0168 Oslo, so Majorstuen is easiest for me.",
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "find_slots", "arguments": json.dumps(find_args)},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": json.dumps(slots)},
        {
            "role": "assistant",
            "content": "Dr. Aas has two free slots at Majorstuen: Tuesday 15 December at 14:30 and Thursday "
            "17 December at 15:15. Which one would you like?",
        },
        {
            "role": "user",
            "name": "ingrid_s",
            "content": "Tuesday at 14:30, please. My husband Lars Solberg will drive me; if I can't pick up, "
            "his number is 934 20 117. And the invoice for the blood tests can be paid from my account "
            "NO93 8601 1117 947.",
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_2",
                    "type": "function",
                    "function": {"name": "book_appointment", "arguments": json.dumps(book_args)},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_2", "content": json.dumps(booked)},
        {
            "role": "assistant",
            "content": "Done: you are booked with Dr. Aas on Tuesday 15 December at 14:30 at Majorstuen "
            "(confirmation BK-20261215-0931). The SMS went to your mobile. I have noted the stomach trouble "
            "for him.",
        },
        {
            "role": "user",
            "name": "ingrid_s",
            "content": "Thank you! One more thing: in October I was also diagnosed with mild depression and "
            "I take sertraline 50 mg in the morning. Should Dr. Aas know before the visit, and can the two "
            "medicines be taken together? My employer at Equinor also wants a sick note for last Friday.",
        },
    ]


def request_size(messages: Sequence[dict[str, Any]]) -> int:
    return len(json.dumps({"messages": messages, "tools": TOOLS, "stop": STOP}, ensure_ascii=False).encode())


def jsonable(obj: Any) -> Any:
    """What of a sanitiser's result would go on the wire, as JSON (a result's ``payload`` only, never its vault)."""
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    if hasattr(obj, "payload"):
        return jsonable(obj.payload)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    return str(obj)


Send = Callable[[str, Sequence[dict[str, Any]], Sequence[dict[str, Any]], Sequence[str]], Any]


def request_path(sanitizer: Any) -> tuple[str, Send]:
    """``sanitize_request`` when the Sanitizer has it, else ``sanitize_messages``; its description and a caller."""
    request = getattr(sanitizer, "sanitize_request", None)
    if request is None:
        return (
            "Sanitizer.sanitize_messages(conversation_id, messages) (tools and stop not covered)",
            lambda cid, messages, tools, stop: sanitizer.sanitize_messages(cid, messages),
        )
    if "tools" in inspect.signature(request).parameters:
        return (
            "Sanitizer.sanitize_request(conversation_id, messages, tools=..., stop=...)",
            lambda cid, messages, tools, stop: request(cid, messages, tools=tools, stop=stop),
        )
    from islandrun.core.privacy.payload import ChatPayload

    return (
        "Sanitizer.sanitize_request(conversation_id, ChatPayload(messages, tools, stop))",
        lambda cid, messages, tools, stop: request(cid, ChatPayload(tuple(messages), tuple(tools), tuple(stop))),
    )


def daemon_path(sanitizer: Any, messages: Sequence[dict[str, Any]]) -> Callable[[str], Any] | None:
    """What the daemon does with a request bound for a lower-trust island: assess it (every text of every field,
    :func:`islandrun.core.privacy.assess.assess`), then sanitise it; None where this tree has no ``assess``."""
    try:
        from islandrun.core.privacy.assess import assess
        from islandrun.core.privacy.payload import ChatPayload
    except ImportError:
        return None
    payload = ChatPayload(tuple(messages), tuple(TOOLS), tuple(STOP))

    def run(cid: str) -> Any:
        assess(payload, sanitizer.detector)
        return sanitizer.sanitize_request(cid, payload)

    return run


def measure(*, runs: int) -> dict[str, Any]:
    from islandrun.core.privacy.sanitize import Sanitizer

    sanitizer = Sanitizer()
    sanitizer.detector.warm_up()
    messages = conversation()
    path, send = request_path(sanitizer)

    def call(cid: str) -> Any:
        return send(cid, messages, TOOLS, STOP)

    out = call("e2e-check")
    wire = json.dumps(jsonable(out), ensure_ascii=False, default=str)
    if "sanitize_messages" in path:
        wire += json.dumps({"tools": TOOLS, "stop": STOP}, ensure_ascii=False)  # sent as they are on this path
    leaked = [v for v in PLANTED if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", wire, re.IGNORECASE)]
    call("e2e-warm")  # fills the warm conversation's vault

    def first(i: int) -> Any:
        sanitizer.detector.clear_recent()
        return call(f"e2e-first-{i}")

    assessed = daemon_path(sanitizer, messages)

    def first_assessed(i: int) -> Any:
        assert assessed is not None
        sanitizer.detector.clear_recent()
        return assessed(f"e2e-daemon-{i}")

    def schema_seen(i: int) -> None:  # untimed: an earlier conversation of the app sent its system prompt and tools
        sanitizer.detector.clear_recent()
        send(f"e2e-app-seed-{i}", messages[:1], TOOLS, STOP)

    setups: dict[str, Callable[[int], Any]] = {
        "first request, system prompt and tools seen before (the app's next conversation)": schema_seen
    }
    runners: dict[str, Callable[[int], Any]] = {
        "first request (new conversation id, no text seen before)": first,
        "first request, system prompt and tools seen before (the app's next conversation)": lambda i: call(
            f"e2e-app-{i}"
        ),
        "cold vault (new conversation id, texts seen before)": lambda i: call(f"e2e-cold-{i}"),
        "warm vault (same conversation id)": lambda i: call("e2e-warm"),
    }
    if assessed is not None:
        runners["first request, assessed then sanitised (the daemon's path)"] = first_assessed
    times: dict[str, list[float]] = {name: [] for name in runners}
    cpu_times: dict[str, list[float]] = {name: [] for name in runners}
    load_before = os.getloadavg()
    gc.collect()
    for i in range(runs):
        for name, run in runners.items():
            if name in setups:
                setups[name](i)
            cpu_started = time.process_time_ns()
            started = time.perf_counter_ns()
            run(i)
            times[name].append((time.perf_counter_ns() - started) / 1e6)
            cpu_times[name].append((time.process_time_ns() - cpu_started) / 1e6)
    return {
        "path": path,
        "messages": len(messages),
        "tools": len(TOOLS),
        "shape": ", ".join(
            f"{sum(1 for m in messages if m['role'] == role)} {role}"
            for role in ("system", "user", "assistant", "tool")
        )
        + f"; {sum(len(m.get('tool_calls') or []) for m in messages)} tool calls; every user turn has a `name`",
        "bytes": request_size(messages),
        "runs": runs,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "leaked": leaked,
        "planted": len(PLANTED),
        "ms": {name: summary(ms) for name, ms in times.items()},
        "cpu_ms": {name: summary(ms) for name, ms in cpu_times.items()},
    }
