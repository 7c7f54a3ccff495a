"""The fields set (H6's batch, issue 16): values in STRUCTURED fields, through the daemon's one sanitiser.

The seventh, blind leak set leaked most where the context of a value is a JSON key rather than a sentence:
numbers inside tool-call arguments, tool arguments under non-English keys, tool results with ``\\uXXXX``
escapes, stop sequences, system prompts holding a user profile, tool enums and parameter descriptions. The
cases here (tests/privacy/data/fields_set/cases.jsonl) were written for that *class*, in 33 languages and
many key styles (``patientId``, ``nomor_peserta``, ``kodMelli``, ``会員番号``, ``환자번호``, ``रोगी_आईडी``),
before anyone ran them, and are not edited to pass. Each tool-argument segment also names ``kept`` keys:
harmless quantities beside the identifiers (amount, price, count, year, limit, page, timestamp, age …) that
must leave unchanged.

The request is built as the fourth set builds it (its helpers are imported, not copied), plus what that set
lacks: ``stop`` sequences, tool definitions (an ``enum`` of values, a parameter ``description``), multi-turn
conversations and arguments holding JSON text (escaped quotes). It goes through
:meth:`Sanitizer.sanitize_request` and every string of what would leave is searched, nested JSON decoded,
case-insensitively, placeholders blanked out first.

The harmless bodies (fields_set/harmless.jsonl: tool calls whose numbers are quantities, measures and times
under keys in ten languages, unit enums, stop sequences, a plain system prompt) must leave exactly as they came.

Written in three batches, none edited after its first run (numbers from ``python -m tests.privacy.test_fields_set``):

- 33 cases, 106 planted values, 20 harmless bodies, before any fix: 7 of 106 values left (tool_args_number 5/30:
  ``musteriNo``, ``shomareBimeh``, ``shomare_parvande``, ``maBenhNhan``, ``রোগী_আইডি``; tool_args 1/19: a name
  under the Amharic key for "name"; tool_result_escaped 1/24: a Swedish diagnosis under ``diagnos``), a
  timestamp under ``timestamp`` replaced, and 3 of 20 harmless bodies changed (two epoch times under ``since``,
  ``until``, ``since_epoch`` taken for phone numbers, the enum value ``kelvin`` for a name);
- after that batch's fixes (json_keys.py), 14 cases and 10 harmless bodies whose ids start with "b-", in other
  languages and key styles (Thai, Hebrew, Greek, Hungarian, Romanian ``NR_CONT_CLIENT``, kebab-case, nested
  objects, arrays of ids): 0 of 44 values left (9 of 44 without the fixes), but 7 of 10 harmless bodies changed
  (counts of six digits and more under ``views``, ``followers``, ``budget``, ``スコア`` …: the fail-closed rule);
  a plural key's count and more quantity words were then added, so the b- harmless bodies are tuned on;
- 6 cases and 6 harmless bodies whose ids start with "c-": names alone in a stop sequence in non-Latin scripts,
  and role tags as stop sequences: 4 of 6 values left and 2 of 6 bodies changed before stop_sequences.py, 0 of 6
  values after; the 2 changed bodies are words of the user's *content* taken for names (KNOWN_CHANGED);
- 6 cases and 2 harmless bodies whose ids start with "d-": numbers written as strings under identifier keys
  (``aboneNo``, ``kode_nasabah``, ``お客様番号`` …), written after a probe showed that class: 2 of 11 values left
  before the digit-string rule, 0 after; 1 of 2 bodies changed (``"build_number": "18234"``), fixed by reading a
  thing's number (build, order, ticket … as docs/privacy.md has it) as no person's.
``python -m tests.privacy.test_fields_set`` prints the per-field / language counts (``-v``: the values).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.sanitize import Sanitizer
from islandrun.core.privacy.vault import VaultStore

from .leak_rule import is_on_wire
from .test_fourth_set import PLACEHOLDER, _detector, _wire_texts, case_params, read_jsonl, request_of, set_summary

DATA = Path(__file__).parent / "data" / "fields_set"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, Any]] = read_jsonl(DATA / "harmless.jsonl")

# Cases that still leak at least one planted value (strict: a case that stops leaking must leave this list).
KNOWN_LEAKS: frozenset[str] = frozenset()
# Harmless bodies known to change, by a false finding in the message content (not in a structured field):
# "Continúa" (continue, sentence-initial) taken for a name. (c-h-roles-de left on 2026-12-07, HC: its stop tag
# "Berater:" is a structured field of a request about no one, public_fields.py)
KNOWN_CHANGED: frozenset[str] = frozenset({"c-h-roles-es"})


def _tool_turn(call_id: str, function: str, arguments: dict[str, Any], answer: str = "ok") -> list[dict[str, Any]]:
    call = {"id": call_id, "type": "function", "function": {"name": function, "arguments": json.dumps(arguments)}}
    return [
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": call_id, "content": answer},
    ]


def _tool(function: str, param: str, spec: dict[str, Any]) -> dict[str, Any]:
    parameters = {"type": "object", "properties": {param: {"type": "string", **spec}}}
    return {"type": "function", "function": {"name": function, "description": "", "parameters": parameters}}


def build(case: dict[str, Any]) -> ChatPayload:
    """The fourth set's request for ``case``, plus stop sequences, tool definitions, turns and JSON-text arguments;
    a ``name`` segment is a user turn, in its place among the others, that carries the ``name`` field."""
    named = {s["text"]: s["name"] for s in case["segments"] if s["field"] == "name"}
    plain = {**case, "segments": [{**s, "field": "content"} if s["field"] == "name" else s for s in case["segments"]]}
    base = request_of(plain)
    messages = [
        {**m, "name": named[m["content"]]}
        if m["role"] == "user" and isinstance(m.get("content"), str) and m["content"] in named
        else m
        for m in base.messages
    ]
    tools: list[dict[str, Any]] = []
    stop: list[str] = []
    for n, s in enumerate(case["segments"]):
        if s["field"] == "stop":
            stop.extend(s["stop"])
        elif s["field"] == "tool_enum":
            tools.append(_tool(s["function"], s["param"], {"enum": s["enum"]}))
        elif s["field"] == "tool_param_desc":
            tools.append(_tool(s["function"], s["param"], {"description": s["description"]}))
        elif s["field"] == "multi_turn":
            roles = ("user", "assistant")
            messages.extend({"role": roles[i % 2], "content": t} for i, t in enumerate(s["turns"]))
        elif s["field"] == "escaped_quote":
            messages.extend(_tool_turn(f"call_q{n}", s["function"], s["args"]))
    if not any(m["role"] == "user" for m in messages):
        messages.insert(0, {"role": "user", "content": "Bitte hilf mir damit." if case["lang"] == "de" else "Help me."})
    return ChatPayload(tuple(messages), tuple(tools), tuple(stop))


def _sanitized(conversation: str, payload: ChatPayload) -> ChatPayload:
    return Sanitizer(_detector(), VaultStore()).sanitize_request(conversation, payload).payload


def _body(payload: ChatPayload) -> str:
    return json.dumps(
        {"messages": list(payload.messages), "tools": list(payload.tools), "stop": list(payload.stop)},
        ensure_ascii=False,
    )


def _arguments(payload: ChatPayload) -> dict[str, dict[str, Any]]:
    """Each tool call's decoded arguments, by call id (a function name may leave pseudonymised)."""
    out: dict[str, dict[str, Any]] = {}
    for m in payload.messages:
        for call in m.get("tool_calls") or ():
            out[call["id"]] = json.loads(call["function"]["arguments"])
    return out


def leaked(case: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, value) for every planted value of ``case`` still in what would leave the device."""
    texts = [PLACEHOLDER.sub("\x00", t).casefold() for t in _wire_texts(_body(_sanitized(case["id"], build(case))))]
    planted = [(s["field"], v) for s in case["segments"] for v in s["planted"]]
    return [(f, v) for f, v in planted if is_on_wire(v, texts)]


def lost_quantities(case: dict[str, Any]) -> list[str]:
    """The ``kept`` keys (harmless quantities beside the identifiers) whose value did not leave unchanged."""
    sent = _arguments(_sanitized(case["id"], build(case)))  # request_of names segment n's call "call_n"
    return [
        f"{s['function']}.{k}"
        for n, s in enumerate(case["segments"])
        for k in s.get("kept", ())
        if sent.get(f"call_{n}", {}).get(k) != s["args"][k]
    ]


def harmless_request(prompt: dict[str, Any]) -> ChatPayload:
    messages: list[dict[str, Any]] = []
    if "system" in prompt:
        messages.append({"role": "system", "content": prompt["system"]})
    messages.append({"role": "user", "content": prompt.get("text", "Go ahead.")})
    if "args" in prompt:
        answer = json.dumps(prompt["result"], ensure_ascii=True) if "result" in prompt else "ok"
        messages.extend(_tool_turn("call_h", prompt["function"], prompt["args"], answer))
    return ChatPayload(tuple(messages), tuple(prompt.get("tools", ())), tuple(prompt.get("stop", ())))


def changed(prompt: dict[str, Any]) -> bool:
    payload = harmless_request(prompt)
    return _body(_sanitized(prompt["id"], payload)) != _body(payload)


@pytest.mark.parametrize("case", case_params(CASES, KNOWN_LEAKS, "a known leak of the fields set (see KNOWN_LEAKS)"))
def test_planted_values_do_not_leave(case: dict[str, Any]) -> None:
    lost = leaked(case)
    assert not lost, f"{len(lost)} planted value(s) would leave, in fields {sorted({f for f, _ in lost})}"


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c["id"]) for c in CASES if any("kept" in s for s in c["segments"])]
)
def test_quantities_beside_identifiers_leave_unchanged(case: dict[str, Any]) -> None:
    assert not lost_quantities(case)


def test_harmless_bodies_go_out_unchanged() -> None:
    """No structured field of a harmless body changes; KNOWN_CHANGED is exact (it must shrink when one is fixed)."""
    changes = {p["id"] for p in HARMLESS if changed(p)}
    assert changes == KNOWN_CHANGED, (
        f"changed: {sorted(changes - KNOWN_CHANGED)}, fixed: {sorted(KNOWN_CHANGED - changes)}"
    )


def test_cases_are_well_formed() -> None:
    """Every planted value is in its request, and the set has what its brief asks for."""
    for case in CASES:
        texts = [t.casefold() for t in _wire_texts(_body(build(case)))]
        missing = [v for s in case["segments"] for v in s["planted"] if not any(v.casefold() in t for t in texts)]
        assert not missing, f"{case['id']}: planted values not in the request: {missing}"
    assert len(CASES) >= 30 and len(HARMLESS) >= 15
    assert len({c["lang"] for c in CASES}) >= 10
    assert {s["field"] for c in CASES for s in c["segments"]} >= {
        "system", "tool_args", "tool_args_number", "tool_result_escaped", "stop", "tool_enum", "tool_param_desc"
    }  # fmt: skip


def summary(verbose: bool = False) -> list[str]:
    """Leaks per field and language, quantities changed, harmless bodies changed (for a person reading)."""
    quantities = [q for c in CASES for q in lost_quantities(c)]
    extra = (f"quantities changed: {len(quantities)}: {', '.join(quantities)}",)
    return set_summary(
        CASES, HARMLESS, titles=("field", "lang"), verbose=verbose, extra=extra, leaked_of=leaked, changed_of=changed
    )


if __name__ == "__main__":
    print("\n".join(summary("-v" in sys.argv)))
