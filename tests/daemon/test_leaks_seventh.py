"""Seventh leak set (blind until 2026-12-07 ~19:00 UTC, a tuning set since): requests written by someone who never saw
the detector.

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
only with ``ISLANDRUN_LEAK_VERBOSE=1``.

Its history (the comment above KNOWN_LEAKS): blind, 68 of 528 planted values leaked on its first run, 61 before it was
opened; opened as a tuning set on 2026-12-07 ~19:00 UTC (the eighth set, test_leaks_eighth.py, is the blind one now),
and its leaks' classes fixed with new examples of each class written first (tests/privacy/test_classes_seventh.py):
0 of 528 and 0 of 48 harmless prompts changed since.
"""

from __future__ import annotations

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


report = second.report_fixture("ISLANDRUN_LEAK_REPORT_SEVENTH", "seventh set, blind until 2026-12-07", CASES, HARMLESS)


# The first (and only blind) run of this set, on 2026-12-07 16:25 UTC at commit b175801 plus the working tree of that
# minute, with the cases and prompts as written and never changed after (sha256
# 32415c48aee1cfe17f60293c61aa6cfa5b80ec5574085f408d369f70a4aec8ad leak_cases_seventh.py,
# 0ef86d48cd1e7c185095ee286a61ffd2ae26110d4ad8548932c73ae8d6fa91f8 data_seventh/harmless.jsonl): 68 of 528 planted
# values reached the cloud, in 36 of 66 cases (each in both modes); the two "either" cases (an image part, a file part)
# were refused with a 403 and sent nothing; 9 of 48 harmless prompts went out changed. Later that day, with work that
# never saw this set: 61 of 528 values, 35 cases, 5 of 48 harmless.
# Opened as a tuning set on 2026-12-07 ~19:00 UTC: its 61 leaked values were sorted into classes (health terms in the
# local language and script, names in Korean, Japanese, Perso-Arabic, Indic and Ethiopic scripts, codes with letters
# of other scripts, numbers in tool arguments, secrets by shape, local address forms, a religion statement), new
# examples of each class were written before any fix (tests/privacy/test_classes_seventh.py: 89 of 201 values and 11
# of 77 harmless prompts on their first runs), and the classes fixed. The stricter judge of the same evening (a
# value's number without its letters counts) found one case that had passed only by luck (pl-akta-wojskowe: "AW" of
# "AW 4417902" taken as a medical acronym); two restore failures were a value in two letter cases sharing one
# placeholder (fixed: one placeholder per form). At 20:15 UTC: 0 of 528 values, 0 of 66 cases, 0 of 48 harmless.
KNOWN_LEAKS: frozenset[str] = frozenset()
_KNOWN = pytest.mark.xfail(strict=True, reason="a known failure of this blind set's first run (see KNOWN_LEAKS)")
_CASE_PARAMS = [pytest.param(c, id=c.id, marks=[_KNOWN] if c.id in KNOWN_LEAKS else []) for c in CASES]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("case", _CASE_PARAMS)
def test_planted_values_never_reach_the_cloud(
    daemon: Daemon, upstream: harness.Upstream, report: Report, case: LeakCase, stream: bool
) -> None:
    second.check_case(daemon, upstream, report, case, stream)


# 9 of 48 changed on the blind run, 0 of 48 since the set was opened and tuned on (2026-12-07 evening).
def test_harmless_prompts_go_out_unchanged(daemon: Daemon, upstream: harness.Upstream, report: Report) -> None:
    second.check_harmless(daemon, upstream, report, HARMLESS)


def test_cases_are_well_formed() -> None:
    """Every planted value is really in its request, and the set covers what its brief asks."""
    second.check_well_formed(
        CASES, HARMLESS, FIELDS, langs=15, harmless=40, harmless_langs=10, cases_min=50, values_min=350, domains=20
    )
