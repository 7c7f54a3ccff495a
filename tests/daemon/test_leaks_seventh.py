"""Seventh leak set (blind): IslandRun's privacy promise on requests written by someone who never saw the detector.

The same harness as test_leaks.py, reused from it unchanged: one real ``islandrun serve`` per module with
a cloud island whose trust (0.96) is just below this device's, so every request here is routed there
*sanitised*, and a recording upstream that keeps every body it receives and echoes the last user message
(and the last tool call) back, streamed or not. Only the cases (tests/daemon/leak_cases_seventh.py), the
harmless prompts (tests/daemon/data_seventh/harmless.jsonl) and the summary are this module's own. They
were written blind (issue 16), after the team had tuned MIST on six sets, by a helper who had not seen the
detector, its lexicons, its tests, the team's notes or any earlier set's cases, in 31 languages and 27
domains no earlier set used (inheritance, bankruptcy, asylum, HIV follow-up, psychiatric discharge,
occupational health, customs, airline manifests, hotel guest lists and more).

For every case, sent non-streamed and streamed: either the daemon refuses with a 4xx in OpenAI's error
shape and nothing reaches the upstream (accepted only for cases marked "either"; for text that can be
sanitised a refusal is a failure, though not a leak), or it answers 200 and no planted value is in any
recorded upstream body (raw bytes and every decoded string, nested JSON included, case-insensitively),
the echo comes back with every placeholder restored, the ``name`` field on the wire is not the original,
and ``islandrun.sanitized`` is truthy. At most one harmless prompt in twenty may go out changed.

The summary (leaks per field, per language and per domain, refusals, harmless rate, time) is printed at
the end and written to ``$ISLANDRUN_LEAK_REPORT_SEVENTH`` when set. Planted values are shown in failures
only with ``ISLANDRUN_LEAK_VERBOSE=1``: keep this set blind, and do not tune on it.

Its history: the first run, 68 of 528 planted values leaked in 36 of 66 cases, 9 of 48 harmless prompts
changed (the comment above KNOWN_LEAKS).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import test_leaks as harness
from . import test_leaks_second as second
from .conftest import Daemon
from .leak_cases_seventh import CASES, LeakCase

HARMLESS = second.harmless_prompts("data_seventh")
FIELDS = second.FIELDS  # the same thirteen fields as the second set

# The first set's fixtures, reused as they are: a module-scoped recording upstream and daemon for this module.
upstream = harness.upstream
daemon = harness.daemon


# The second set's outcome and summary, with this set's title, cases, prompts and report file.
Outcome = second.Outcome
Report = second.Report


@pytest.fixture(scope="module")
def report(request: pytest.FixtureRequest) -> Iterator[Report]:
    collected = Report("seventh blind set", CASES, HARMLESS)
    yield collected
    second.print_report(request, collected, "ISLANDRUN_LEAK_REPORT_SEVENTH")


# The first (and only blind) run of this set, on 2026-12-07 16:25 UTC at commit b175801 plus the working tree of
# that minute (others' uncommitted MIST work included), with the cases and prompts as written and never changed
# after (sha256 32415c48aee1cfe17f60293c61aa6cfa5b80ec5574085f408d369f70a4aec8ad leak_cases_seventh.py,
# 0ef86d48cd1e7c185095ee286a61ffd2ae26110d4ad8548932c73ae8d6fa91f8 data_seventh/harmless.jsonl): 68 of 528 planted
# values reached the cloud, in 36 of 66 cases (each in both modes); the two "either" cases (an image part, a file
# part) were refused with a 403 and sent nothing; 9 of 48 harmless prompts went out changed. Each leaking case is a
# strict expected failure: the list can only shrink, and nobody can tune the detector against this set without the
# list showing it (issue 16). Only counts and case ids were looked at, never which values leaked.
# Later the same day, with work that never saw this set (the third set opened and tuned on, precision on general
# questions, JSON keys as labels): 61 of 528 values, 35 cases (es-ar-donacion-organos passes), 5 of 48 harmless.
# The two "restore" notes of its report were traced (positions and letter classes only): a value the text writes
# in two letter cases has one placeholder and comes back in the first form (docs/privacy.md).
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        "am-yegumruk-meglecha",
        "ar-eg-shahadat-milad",
        "bn-bhumi-uttoradhikar",
        "bn-hiv-clinic",
        "de-betriebsarzt-g37",
        "de-insolvenz-verbraucher",
        "el-asfalisi-zois-apozimiosi",
        "en-hiv-clinic-followup",
        "en-incident-db-url",
        "en-life-insurance-underwriting",
        "es-asilo-entrevista",
        "fa-bime-omr",
        "fa-panahandegi-mosahebe",
        "fr-sortie-psychiatrie",
        "he-tzav-ishpuz-psychiatri",
        "hi-naukri-swasthya-janch",
        "id-bpjs-hemodialisa-tagihan",
        "id-sewa-skrining-penyewa",
        "it-assistenza-domiciliare",
        "ja-hotel-shukuhaku-meibo",
        "ja-incident-slack-token",
        "ja-ishoku-donor",
        "ko-adong-hakdae-singo",
        "ko-sanjae-geonganggeomjin",
        "nl-bloeddonatie-keuring",
        "nl-jeugdzorg-melding",
        "pl-szkolny-psycholog",
        "pt-br-seguro-desemprego",
        "ro-evaluare-chirias",
        "ru-voenny-bilet",
        "ta-saalai-vibathu",
        "th-pueng-rak-yaa-jit",
        "tr-gumruk-beyan",
        "ur-hbl-qarz-diwaliya",
        "zh-tw-jiuye-baoxian",
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


# 9 of 48 changed on the blind run (more than the one in twenty allowed): a strict expected failure until it holds.
@pytest.mark.xfail(strict=True, reason="9 of 48 harmless prompts changed on this blind set's first run (5 of 48 since)")
def test_harmless_prompts_go_out_unchanged(daemon: Daemon, upstream: harness.Upstream, report: Report) -> None:
    second.check_harmless(daemon, upstream, report, HARMLESS)


def test_cases_are_well_formed() -> None:
    """Every planted value is really in its request, and the set covers what its brief asks."""
    second.check_well_formed(
        CASES, HARMLESS, FIELDS, langs=15, harmless=40, harmless_langs=10, cases_min=50, values_min=350, domains=20
    )
