"""The fourth leak set (H4's tuning set, issue 16): whole request bodies through the daemon's one sanitiser.

The cases (tests/privacy/data/fourth_set/cases.jsonl) were written for the leak *classes* the third, blind set
reported by field, language and domain (elder care, travel bookings, IVF and pregnancy, veterinary, therapy
notes, telecom and utility accounts, court summonses, gym memberships, genetic tests, CVs, custody, returns,
payroll, lottery payouts, tax returns, admissions, clinical trials), before anyone ran them; they are not
edited to pass. Each case is a chat request whose planted values sit in message content, text parts, the
system prompt, tool-call arguments (strings and numbers) or a tool result written as JSON with ``\\uXXXX``
escapes. The request goes through :meth:`Sanitizer.sanitize_request`, the path the daemon's dispatcher uses,
and what would leave is searched as test_leaks.py searches the upstream's recorded bodies: the JSON text and
every string in it, nested JSON decoded, case-insensitively, placeholders blanked out first.

The harmless prompts (fourth_set/harmless.jsonl: travel and general questions, Czech, Italian, Swahili and
others) must go out unchanged, at most one in twenty changed (issue 16's allowance).

Written in two batches, neither edited after its first run: the first 45 cases and 24 harmless prompts (before:
36 of 266 values left, 7 of 24 prompts changed), then, after that batch's fixes, 18 cases and 20 prompts whose
ids start with "b-" as a fresh check (first run: 8 of 95 values left, 6 of 20 prompts changed).

Cases still leaking are listed in KNOWN_LEAKS as strict expected failures, so the list must shrink the day
one is fixed. ``python -m tests.privacy.test_fourth_set`` prints the per-field / language / domain counts.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.sanitize import Sanitizer
from islandrun.core.privacy.vault import VaultStore

from .leak_rule import is_on_wire


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """One JSON object a line (blank lines skipped): the format of every set's cases and prompts."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def case_params(cases: list[dict[str, Any]], known: frozenset[str], reason: str) -> list[Any]:
    """The cases as pytest params by id, those in ``known`` a strict expected failure with ``reason``."""
    mark = pytest.mark.xfail(strict=True, reason=reason)
    return [pytest.param(c, id=c["id"], marks=[mark] if c["id"] in known else []) for c in cases]


DATA = Path(__file__).parent / "data" / "fourth_set"
CASES: list[dict[str, Any]] = read_jsonl(DATA / "cases.jsonl")
HARMLESS: list[dict[str, str]] = read_jsonl(DATA / "harmless.jsonl")
PLACEHOLDER = re.compile(r"\[[A-Za-z]+(?:_[A-Za-z]+)*_\d+\]")  # as tests/daemon/test_leaks.py blanks them

# Cases that still leak at least one planted value (strict: a case that stops leaking must leave this list).
KNOWN_LEAKS: frozenset[str] = frozenset()


@cache
def _detector() -> Detector:
    return Detector()


def request_of(case: dict[str, Any]) -> ChatPayload:
    """The chat request a client would send for ``case``: system first, then user turns, then tool turns."""
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": s["text"]} for s in case["segments"] if s["field"] == "system"
    ]
    for s in case["segments"]:
        if s["field"] == "content":
            messages.append({"role": "user", "content": s["text"]})
        elif s["field"] == "parts":
            messages.append({"role": "user", "content": [{"type": "text", "text": t} for t in s["texts"]]})
    for n, s in enumerate(case["segments"]):
        if s["field"] not in ("tool_args", "tool_args_number", "tool_result_escaped"):
            continue
        call_id = f"call_{n}"
        function, arguments, answer = s.get("function", "fetch_record"), s.get("args", {"id": n}), "ok"
        if s["field"] == "tool_result_escaped":
            answer = json.dumps(s["result"], ensure_ascii=True)  # every non-ASCII character as \uXXXX
        call = {"id": call_id, "type": "function", "function": {"name": function, "arguments": json.dumps(arguments)}}
        messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        messages.append({"role": "tool", "tool_call_id": call_id, "content": answer})
    return ChatPayload(tuple(messages))


def _wire_texts(raw: str) -> list[str]:
    """The body, and every string in it once decoded (nested JSON strings too), numbers as text."""
    texts = [raw]
    stack: list[Any] = [json.loads(raw)]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            texts.append(item)
            if item.lstrip()[:1] in ("{", "["):
                with contextlib.suppress(ValueError, RecursionError):
                    stack.append(json.loads(item))
        elif isinstance(item, int | float) and not isinstance(item, bool):
            texts.append(repr(item))
    return texts


def leaked(case: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, value) for every planted value of ``case`` still in what would leave the device."""
    done = Sanitizer(_detector(), VaultStore()).sanitize_request(case["id"], request_of(case))
    raw = json.dumps({"messages": list(done.payload.messages)}, ensure_ascii=False)
    texts = [PLACEHOLDER.sub("\x00", t).casefold() for t in _wire_texts(raw)]
    planted = [(s["field"], v) for s in case["segments"] for v in s["planted"]]
    return [(f, v) for f, v in planted if is_on_wire(v, texts)]


def changed(prompt: dict[str, str]) -> bool:
    done = Sanitizer(_detector(), VaultStore()).sanitize_request(
        prompt["id"], ChatPayload(({"role": "user", "content": prompt["text"]},))
    )
    return bool(done.payload.messages[0]["content"] != prompt["text"])


def assert_nothing_leaves(case: dict[str, Any]) -> None:
    lost = leaked(case)
    assert not lost, f"{len(lost)} planted value(s) would leave, in fields {sorted({f for f, _ in lost})}"


def assert_few_harmless_changed(harmless: list[dict[str, str]]) -> None:
    """At most one harmless prompt in twenty has anything replaced (the issue's limit)."""
    changes = [p["id"] for p in harmless if changed(p)]
    assert len(changes) * 20 <= len(harmless), f"{len(changes)} of {len(harmless)} changed: {changes}"


def assert_well_formed(
    cases: list[dict[str, Any]], harmless: list[dict[str, str]], *, cases_min: int = 40, harmless_min: int = 20
) -> None:
    """Every planted value is in its request, and the set has what its brief asks for."""
    for case in cases:
        raw = json.dumps({"messages": list(request_of(case).messages)}, ensure_ascii=False)
        texts = [t.casefold() for t in _wire_texts(raw)]
        missing = [v for s in case["segments"] for v in s["planted"] if not any(v.casefold() in t for t in texts)]
        assert not missing, f"{case['id']}: planted values not in the request: {missing}"
    assert len(cases) >= cases_min and len(harmless) >= harmless_min
    assert {s["field"] for c in cases for s in c["segments"]} >= {
        "content", "parts", "system", "tool_args", "tool_args_number", "tool_result_escaped"
    }  # fmt: skip


@pytest.mark.parametrize("case", case_params(CASES, KNOWN_LEAKS, "a known leak of the fourth set (see KNOWN_LEAKS)"))
def test_planted_values_do_not_leave(case: dict[str, Any]) -> None:
    assert_nothing_leaves(case)


def test_harmless_prompts_go_out_unchanged() -> None:
    assert_few_harmless_changed(HARMLESS)


def test_cases_are_well_formed() -> None:
    assert_well_formed(CASES, HARMLESS)


def set_summary(
    cases: list[dict[str, Any]],
    harmless: list[dict[str, str]],
    *,
    titles: tuple[str, ...] = ("field", "lang", "domain"),
    verbose: bool = False,
    extra: tuple[str, ...] = (),
    leaked_of: Callable[[dict[str, Any]], list[tuple[str, str]]] | None = None,
    changed_of: Callable[[dict[str, Any]], bool] | None = None,
) -> list[str]:
    """Leaks per field, language and domain, and harmless prompts changed (for a person reading, not a test); every
    set of this kind (fourth, fifth, sixth, fields) prints it, each with its own ``leaked_of`` and ``changed_of``
    where its requests are built differently (default: this module's). ``extra`` lines go before the harmless line."""
    leaked_of = leaked_of or leaked
    changed_of = changed_of or changed
    values = [(c, s["field"], v) for c in cases for s in c["segments"] for v in s["planted"]]
    lost = {(c["id"], f, v) for c in cases for f, v in leaked_of(c)}
    out = [f"planted values leaving: {len(lost)} of {len(values)}"]
    for title in titles:

        def key(c: dict[str, Any], f: str, title: str = title) -> str:
            return f if title == "field" else str(c[title])

        total = Counter(key(c, f) for c, f, _ in values)
        bad = Counter(key(c, f) for c, f, v in values if (c["id"], f, v) in lost)
        out.append(f"per {title}: " + ", ".join(f"{k} {bad[k]}/{total[k]}" for k in sorted(total)))
    out.append("cases leaking: " + ", ".join(sorted({i for i, _, _ in lost})))
    if verbose:
        out.extend(f"  {i} [{f}] {v}" for i, f, v in sorted(lost))
    out.extend(extra)
    changes = [p["id"] for p in harmless if changed_of(p)]
    out.append(f"harmless changed: {len(changes)} of {len(harmless)}: {', '.join(changes)}")
    return out


def summary() -> list[str]:
    return set_summary(CASES, HARMLESS)


if __name__ == "__main__":
    print("\n".join(summary()))
