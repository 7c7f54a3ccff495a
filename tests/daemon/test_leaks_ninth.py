"""Ninth leak set (blind): IslandRun's privacy promise on requests written by someone who never saw the detector.

The same harness as test_leaks.py, reused from it unchanged: one real ``islandrun serve`` per module with
a cloud island whose trust (0.96) is just below this device's, so every request here is routed there
*sanitised*, and a recording upstream that keeps every body it receives and echoes the last user message
(and the last tool call) back, streamed or not. Only the cases (tests/daemon/leak_cases_ninth.py), the
harmless prompts (tests/daemon/data_ninth/harmless.jsonl) and the summary are this module's own.

Written blind (issue 16) on 2026-12-07 by helper HD, after the team had tuned MIST on eight sets (the eighth
meant to be blind, but its counts had steered a rule), without reading the detector (core/), its lexicons,
docs/privacy.md, tests/privacy/, benchmarks/privacy/, the team's notes or any earlier set's cases: only the
second set's building blocks, the eighth set's header and this harness. 58 cases, 401 planted values,
53 languages (big ones and smaller ones: Amharic, Igbo, Somali, Pashto, Kurdish (Kurmanji), Kyrgyz,
Mongolian, Maltese, Irish, Welsh, Basque, Catalan, Icelandic, Latvian, Lithuanian, Estonian, Albanian,
Macedonian, Bosnian, Azerbaijani, Kannada, Gujarati, Afrikaans and more), all thirteen fields, 58 domains: 55 of
everyday life (eating disorders, pregnancy, addiction, HIV, disability, dementia carers, school needs, rent and
evictions, loans and debts, benefits, sick leave, custody, divorce, asylum, passports, dating, church files) and
three developer ones (an SQL dump with customers, a web-server log with a stop-sequence transcript, a .env tool
call); 62 harmless prompts in 42 languages.

For every case, sent non-streamed and streamed: either the daemon refuses with a 4xx in OpenAI's error
shape and nothing reaches the upstream (accepted only for cases marked "either"; this set has none, so a
refusal is a failure, though not a leak), or it answers 200 and no planted value is in any recorded upstream
body (raw bytes and every decoded string, nested JSON included, case-insensitively), the echo comes back
with every placeholder restored, the ``name`` field on the wire is not the original, and
``islandrun.sanitized`` is truthy. At most one harmless prompt in twenty may go out changed.

The summary (leaks per field, per language and per domain, refusals, harmless rate, time) is printed at
the end and written to ``$ISLANDRUN_LEAK_REPORT_NINTH`` when set. Planted values are shown in failures
only with ``ISLANDRUN_LEAK_VERBOSE=1``: keep this set blind, and do not tune on it.

Its history: the first run (2026-12-07 22:34 UTC, commit 77194f6 plus that minute's working tree), 69 of 401
planted values reached the cloud in 34 of 58 cases, no refusals and no other failures, 8 of 62 harmless prompts
changed (the comment above KNOWN_LEAKS). leak_cases_ninth.py sha256
b3e81f8f4a3ce7768db24f0cb022e7e0b5d0dbf19eead25448cfe8467fb2e50e, data_ninth/harmless.jsonl sha256
d32b3a60faa54b15b10965870f63e6347edd4c31ba53cc27c397e428c9d2b92e, as run. Right after it, leak_cases_ninth.py was
reformatted for ruff only (ruff format, and one Turkish string split into two adjacent literals for the line
limit): every case's id, body and planted values are unchanged (their JSON dump compared equal before and after);
sha256 5aa6bca4ae17273080278d4712d607e0a68540667d0929c9cf7f832f57701d7a from then on. The harmless prompts were
never changed. That minute's working tree was committed as 8fd2106 (helpers HB's and HC's detector work); run again
on it: the same 69 of 401, 34 of 58, 8 of 62.
"""

from __future__ import annotations

import re

import pytest

from . import test_leaks as harness
from . import test_leaks_second as second
from .conftest import Daemon
from .leak_cases_ninth import CASES, LeakCase

HARMLESS = second.harmless_prompts("data_ninth")
FIELDS = second.FIELDS  # the same thirteen fields as the second set

# The first set's fixtures, reused as they are: a module-scoped recording upstream and daemon for this module.
upstream = harness.upstream
daemon = harness.daemon


# The second set's outcome and summary, with this set's title, cases, prompts and report file.
Outcome = second.Outcome
Report = second.Report


report = second.report_fixture("ISLANDRUN_LEAK_REPORT_NINTH", "ninth blind set", CASES, HARMLESS)


# The first (and only blind) run of this set, on 2026-12-07 22:34 UTC at commit 77194f6 plus the working tree of
# that minute (others' uncommitted MIST work included), with the cases and prompts as written and never changed
# after (sha256 b3e81f8f4a3ce7768db24f0cb022e7e0b5d0dbf19eead25448cfe8467fb2e50e leak_cases_ninth.py,
# d32b3a60faa54b15b10965870f63e6347edd4c31ba53cc27c397e428c9d2b92e data_ninth/harmless.jsonl): 69 of 401 planted
# values reached the cloud, in 34 of 58 cases (each in both modes); every request answered 200, no refusals and no
# other failures (restore, name field, sanitized flag); 8 of 62 harmless prompts went out changed. No structural
# fix was needed. Each failing case is a strict expected failure: the list can only shrink, and nobody can tune
# the detector against this set without the list showing it (issue 16). Only counts and case ids were looked at,
# never which values leaked.
# At the end of the same session (commit 385a2b3 and later): ig-ime-ime-na-shuga and so-xawilaad-sonkorow hold, since
# the commonest conditions in Somali, Hausa, Yoruba, Igbo, Zulu, Xhosa, Afrikaans and Amharic went into the vocabulary
# (written from general knowledge for a class file of new requests, tests/privacy/test_classes_africa_asia.py, without
# reading this set). Nothing of this set has steered a rule.
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        "ar-eg-zawaj-kanisa",
        "az-xestexana-diabet",
        "cy-ysgol-anghenion-dysgu",
        "de-mieterhoehung-widerspruch",
        "el-amka-anapiria-fysikotherapeia",
        "en-nginx-log-transcript-stop",
        "en-sql-dump-customers",
        "et-perearst-diabeet",
        "eu-ospitalea-bularreko-minbizia",
        "ga-cuiditheoir-neal",
        "gu-vima-claim-angioplasty",
        "hi-hiv-jaanch-report",
        "is-heimilislaeknir-thunglyndi",
        "ja-kaigo-hoken-shinsei",
        "kn-kelasa-apaghata",
        "ko-imsin-chulsan-hyuga",
        "ku-penaber-bamf",
        "ky-migrant-patent",
        "lt-mokykla-pagalba",
        "lv-ire-dzivoklis-depozits",
        "mn-zeel-barildaa",
        "mt-kera-tiswija",
        "ps-paspot-tazkira",
        "ro-concediu-medical-hernie",
        "ru-narkolog-anonimno",
        "sv-forsakringskassan-adhd",
        "ta-karppa-kaala-sarkkarai",
        "th-rongrian-klangkang",
        "tl-ofw-visa-buntis",
        "tr-kira-depozito-iade",
        "uk-vpo-dopomoha-zayava",
        "ur-rishta-shugar",
    }
)
_KNOWN = pytest.mark.xfail(strict=True, reason="a known failure of this blind set's first run (see KNOWN_LEAKS)")
_CASE_PARAMS = [pytest.param(c, id=c.id, marks=[_KNOWN] if c.id in KNOWN_LEAKS else []) for c in CASES]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("case", _CASE_PARAMS)
def test_planted_values_never_reach_the_cloud(
    daemon: Daemon, upstream: harness.Upstream, report: Report, case: LeakCase, stream: bool
) -> None:
    second.check_case(daemon, upstream, report, case, stream)


# 8 of 62 changed on the blind run (more than the one in twenty allowed): a strict expected failure until it holds.
@pytest.mark.xfail(strict=True, reason="8 of 62 harmless prompts changed on this blind set's first run (history)")
def test_harmless_prompts_go_out_unchanged(daemon: Daemon, upstream: harness.Upstream, report: Report) -> None:
    second.check_harmless(daemon, upstream, report, HARMLESS)


_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def test_cases_are_well_formed() -> None:
    """Every planted value is really in its request, tool and message names are ASCII, and the set covers what
    its brief asks."""
    second.check_well_formed(
        CASES, HARMLESS, FIELDS, langs=40, harmless=55, harmless_langs=30, cases_min=40, values_min=300, domains=35
    )
    for case in CASES:
        for message in case.body["messages"]:
            assert _NAME.match(message.get("name") or "x"), f"{case.id}: message name"
            for tool_call in message.get("tool_calls") or []:
                assert _NAME.match(tool_call["function"]["name"]), f"{case.id}: tool call name"
        for tool in case.body.get("tools") or []:
            assert _NAME.match(tool["function"]["name"]), f"{case.id}: tool name"
        assert any(m["role"] == "user" for m in case.body["messages"]), f"{case.id}: no user message"
