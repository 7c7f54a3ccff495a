"""Second leak test (held out until 2026-12-07, now the tuning set): IslandRun's privacy promise on requests
written after the first set's fixes.

On 2026-12-07, once a third blind set existed (test_leaks_third.py), this set became the tuning set: its
cases and failures may be read and the detector tuned on them (by failure class, never by sentence), so its
numbers say what was fixed, not how MIST holds on unseen text — the third set says that.

The same harness as test_leaks.py, reused from it unchanged: one real ``islandrun serve`` per module with
a cloud island whose trust (0.96) is just below this device's, so every request here is routed there
*sanitised*, and a recording upstream that keeps every body it receives and echoes the last user message
(and the last tool call) back, streamed or not. Only the cases (tests/daemon/leak_cases_second.py), the
harmless prompts (tests/daemon/data_second/harmless.jsonl) and the summary are this module's own. They
were written by someone who had not seen the detector, its lexicons, its tests or the first set's cases.

For every case, sent non-streamed and streamed: either the daemon refuses with a 4xx in OpenAI's error
shape and nothing reaches the upstream (accepted only for cases marked "either"; for text that can be
sanitised a refusal is a failure, though not a leak), or it answers 200 and no planted value is in any
recorded upstream body (raw bytes and every decoded string, nested JSON included, case-insensitively),
the echo comes back with every placeholder restored, the ``name`` field on the wire is not the original,
and ``islandrun.sanitized`` is truthy. At most one harmless prompt in twenty may go out changed.

The summary (leaks per field, per language and per domain, refusals, harmless rate, time) is printed at
the end and written to ``$ISLANDRUN_LEAK_REPORT_SECOND`` when set. Planted values are shown in failures
only with ``ISLANDRUN_LEAK_VERBOSE=1``.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from . import test_leaks as harness
from .conftest import Daemon
from .leak_cases_second import CASES, LeakCase


def harmless_prompts(folder: str) -> list[dict[str, str]]:
    """A set's harmless prompts, one JSON object a line in tests/daemon/<folder>/harmless.jsonl."""
    path = Path(__file__).parent / folder / "harmless.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


HARMLESS = harmless_prompts("data_second")
FIELDS = {"content", "parts", "system", "name", "multi_turn", "tool_desc", "tool_param_desc", "tool_enum",
          "tool_args", "tool_args_number", "escaped_quote", "tool_result_escaped", "stop"}  # fmt: skip

# The first set's fixtures, reused as they are: a module-scoped recording upstream and daemon for this module.
upstream = harness.upstream
daemon = harness.daemon


@dataclass
class Outcome:
    case: LeakCase
    stream: bool
    status: int
    leaked: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What one held-out set's run found, printed at the end (this set's and test_leaks_third.py's)."""

    title: str = "second held-out set"
    cases: Sequence[LeakCase] = field(default_factory=lambda: CASES, repr=False)
    harmless_prompts: list[dict[str, str]] = field(default_factory=lambda: HARMLESS, repr=False)
    outcomes: list[Outcome] = field(default_factory=list, repr=False)
    harmless: dict[str, str] = field(default_factory=dict, repr=False)  # id -> "same" | "changed" | "status N"
    started: float = field(default_factory=time.monotonic)

    def lines(self) -> list[str]:
        cases = list({o.case.id: o.case for o in self.outcomes}.values())
        values = [(c, f, v) for c in cases for f, v in c.values()]
        leaked = {(o.case.id, f, v) for o in self.outcomes for f, v in o.leaked}
        out = [
            "",
            "=" * 26 + f" IslandRun leak test ({self.title}) " + "=" * 26,
            f"cases {len(cases)} of {len(self.cases)} run (each sent non-streamed and streamed), planted values "
            f"{len(values)}, languages {len({c.lang for c in cases})}, fields {len({f for _, f, _ in values})}",
            f"planted values on the wire: {len(leaked)} of {len(values)}",
        ]
        keys: dict[str, Callable[[LeakCase, str], str]] = {
            "field": lambda c, f: f,
            "language": lambda c, f: c.lang,
            "domain": lambda c, f: c.domain,
        }
        for title, key in keys.items():
            total = Counter(key(c, f) for c, f, _ in values)
            lost = Counter(key(c, f) for c, f, v in values if (c.id, f, v) in leaked)
            out.append(f"leaks per {title}: " + ", ".join(f"{k} {lost[k]}/{total[k]}" for k in sorted(total)))
        leaky = sorted({o.case.id for o in self.outcomes if o.leaked})
        out.append(f"cases with a leak: {len(leaky)} of {len(cases)}: {', '.join(leaky) or 'none'}")
        statuses = Counter(f"{o.status}" for o in self.outcomes)
        out.append("responses by status (both modes): " + ", ".join(f"{k}×{n}" for k, n in sorted(statuses.items())))
        problems = Counter(p.split(":")[0] for o in self.outcomes for p in o.problems)
        out.append("other failures: " + (", ".join(f"{k} {n}" for k, n in sorted(problems.items())) or "none"))
        refused = sorted({f"{o.case.id}:{o.status}" for o in self.outcomes if 400 <= o.status < 500})
        out.append(f"refused with a 4xx: {', '.join(refused) or 'none'}")
        failing = sorted({o.case.id for o in self.outcomes if o.leaked or o.problems})
        out.append(f"cases failing (leak or other failure): {len(failing)} of {len(cases)}")
        if self.harmless:
            changed = sorted(k for k, v in self.harmless.items() if v != "same")
            out.append(
                f"harmless prompts changed or refused: {len(changed)} of {len(self.harmless)} "
                f"({len(changed) / len(self.harmless):.0%}; allowed 1 in 20): {', '.join(changed) or 'none'}"
            )
            langs = {h["id"]: h["lang"] for h in self.harmless_prompts}
            total = Counter(langs[k] for k in self.harmless)
            lost = Counter(langs[k] for k in changed)
            out.append(
                "harmless changed per language: " + ", ".join(f"{k} {lost[k]}/{total[k]}" for k in sorted(total))
            )
        out.append(f"time from the first case to the end: {time.monotonic() - self.started:.1f} s")
        return out


def print_report(request: pytest.FixtureRequest, collected: Report, env: str) -> None:
    """The summary to the terminal, and to the file ``$env`` names when set."""
    lines = collected.lines()
    if target := os.environ.get(env):
        Path(target).write_text("\n".join(lines) + "\n")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    terminal = request.config.pluginmanager.getplugin("terminalreporter")
    if capture is None or terminal is None:
        print("\n".join(lines))
        return
    with capture.global_and_fixture_disabled():
        for line in lines:
            terminal.write_line(line)


def report_fixture(env: str, *args: Any) -> Any:
    """A module-scoped ``report`` fixture for one leak set: a :class:`Report` of ``args`` (title, cases, prompts),
    printed at the end of the module and written to the file ``$env`` names (the later sets' modules use it)."""

    @pytest.fixture(scope="module", name="report")
    def collect(request: pytest.FixtureRequest) -> Iterator[Report]:
        collected = Report(*args)
        yield collected
        print_report(request, collected, env)

    return collect


report = report_fixture("ISLANDRUN_LEAK_REPORT_SECOND")


# The first run of this held-out set, at commit d64dbf5 plus the neighbour rules (2026-12-06 21:57 UTC): 61
# of 381 planted values reached the cloud, in 32 cases, and 8 of 34 harmless prompts went out changed. They
# are recorded here, not hidden: each is an expected failure that must stay one (strict), so the day a case
# stops leaking this list must shrink. On 2026-12-07 the detection work on the set's failure *domains* (case
# ids and per-domain counts only; nobody read its texts) left 33 values in 24 cases, and 4 of 34
# harmless prompts changed. Since that work knew the domains, this set is no longer a clean held-out number:
# test_leaks_third.py is. Then, as the tuning set (its failures read, fixed by class: letter-prefixed reference
# numbers after their label, one-time codes, bech32 addresses, log-in names after "usuario de …", condition
# families and local brand names in the medical vocabulary, mixed-case health abbreviations, name forms
# (romanised before さん, katakana pairs, "SURNAME, Given", Turkish before hanım, Hebrew family names), lanes in
# Chinese and Vietnamese addresses, " / " in German phone numbers, years and venues in general questions), no
# value leaked and 1 of 34 harmless prompts changed (within the one in twenty allowed). The list stays, empty,
# for the day a change makes a case of this set leak again and it must be recorded, not hidden.
KNOWN_LEAKS: frozenset[str] = frozenset()
_KNOWN = pytest.mark.xfail(strict=True, reason="a known leak of this set (see KNOWN_LEAKS)")
_CASE_PARAMS = [pytest.param(c, id=c.id, marks=[_KNOWN] if c.id in KNOWN_LEAKS else []) for c in CASES]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("case", _CASE_PARAMS)
def test_planted_values_never_reach_the_cloud(
    daemon: Daemon, upstream: harness.Upstream, report: Report, case: LeakCase, stream: bool
) -> None:
    check_case(daemon, upstream, report, case, stream)


def test_harmless_prompts_go_out_unchanged(daemon: Daemon, upstream: harness.Upstream, report: Report) -> None:
    check_harmless(daemon, upstream, report, HARMLESS)


def test_cases_are_well_formed() -> None:
    """Every planted value is really in its request, and the set covers what its brief asks."""
    check_well_formed(CASES, HARMLESS, FIELDS, langs=10, harmless=30, harmless_langs=8)


# The judging every held-out set shares (this one, test_leaks_third.py, test_leaks_seventh.py).


def check_case(daemon: Daemon, upstream: harness.Upstream, report: Report, case: LeakCase, stream: bool) -> None:
    """Send one case (``harness.judge``), record its outcome in the report, and fail on a leak or a problem."""
    status, answer, leaked, problems = harness.judge(daemon, upstream, case, stream)  # type: ignore[arg-type]
    report.outcomes.append(Outcome(case, stream, status, leaked, problems))
    assert not leaked, f"{len(leaked)} planted value(s) reached the cloud: {harness._describe(leaked)}"
    assert not problems, "; ".join(problems) + (f" ({harness._short(answer)})" if status != 200 else "")


def check_harmless(daemon: Daemon, upstream: harness.Upstream, report: Report, prompts: list[dict[str, str]]) -> None:
    """Send each harmless prompt alone; at most one in twenty may go out changed (or be refused)."""
    shown: list[str] = []
    for prompt in prompts:
        upstream.records.clear()
        messages = [{"role": "user", "content": prompt["text"]}]
        status, _ = harness._post(daemon, harness._request({"messages": messages}, False), False)
        wire = upstream.chat_bodies()
        if status != 200 or len(wire) != 1:
            report.harmless[prompt["id"]] = f"status {status}"
            continue
        sent = [{"role": m.get("role"), "content": m.get("content")} for m in json.loads(wire[0])["messages"]]
        report.harmless[prompt["id"]] = "same" if sent == messages else "changed"
        if sent != messages and harness.VERBOSE:
            shown.append(f"{prompt['id']}: {json.dumps(sent, ensure_ascii=False)}")
    changed = [k for k, v in report.harmless.items() if v != "same"]
    detail = "\n".join(shown) if harness.VERBOSE else "(ISLANDRUN_LEAK_VERBOSE=1 shows what went out)"
    assert len(changed) * 20 <= len(prompts), (
        f"{len(changed)} of {len(prompts)} changed or refused: {changed}\n{detail}"
    )


def check_well_formed(
    cases: list[LeakCase],
    prompts: list[dict[str, str]],
    fields: set[str],
    *,
    langs: int,
    harmless: int,
    harmless_langs: int,
    cases_min: int = 0,
    values_min: int = 0,
    domains: int = 0,
) -> None:
    """Every planted value is really in its request, every field is known and used, and the set is as large and
    as varied as its brief asks."""
    for case in cases:
        texts = [t.casefold() for t in harness._wire_texts(json.dumps(case.body, ensure_ascii=False).encode())]
        missing = [v for _, v in case.values() if not any(v.casefold() in t for t in texts)]
        assert not missing, f"{case.id}: planted values not in the request: {missing}"
        assert set(case.planted) <= fields, f"{case.id}: unknown fields {set(case.planted) - fields}"
        assert case.expect in ("sanitize", "either")
        assert case.values(), f"{case.id}: plants nothing"
    assert len({c.id for c in cases}) == len(cases) >= cases_min
    assert sum(len(c.values()) for c in cases) >= values_min
    assert len({c.lang for c in cases}) >= langs
    assert len({c.domain for c in cases}) >= domains
    assert {f for c in cases for f, _ in c.values()} == fields
    assert len(prompts) >= harmless
    assert len({h["id"] for h in prompts}) == len(prompts)
    assert len({h["lang"] for h in prompts}) >= harmless_langs
