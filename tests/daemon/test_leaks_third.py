"""Third held-out leak test: IslandRun's privacy promise on requests written after the team worked on set 2.

The same harness as test_leaks.py, reused from it unchanged: one real ``islandrun serve`` per module with
a cloud island whose trust (0.96) is just below this device's, so every request here is routed there
*sanitised*, and a recording upstream that keeps every body it receives and echoes the last user message
(and the last tool call) back, streamed or not. Only the cases (tests/daemon/leak_cases_third.py), the
harmless prompts (tests/daemon/data_third/harmless.jsonl) and the summary are this module's own. They
were written blind (issue 16) by someone who had not seen the detector, its lexicons, its tests, the
team's notes or the earlier sets' cases, in 23 languages and twenty domains the earlier sets did not use.

For every case, sent non-streamed and streamed: either the daemon refuses with a 4xx in OpenAI's error
shape and nothing reaches the upstream (accepted only for cases marked "either"; for text that can be
sanitised a refusal is a failure, though not a leak), or it answers 200 and no planted value is in any
recorded upstream body (raw bytes and every decoded string, nested JSON included, case-insensitively),
the echo comes back with every placeholder restored, the ``name`` field on the wire is not the original,
and ``islandrun.sanitized`` is truthy. At most one harmless prompt in twenty may go out changed.

The summary (leaks per field, per language and per domain, refusals, harmless rate, time) is printed at
the end and written to ``$ISLANDRUN_LEAK_REPORT_THIRD`` when set. Planted values are shown in failures
only with ``ISLANDRUN_LEAK_VERBOSE=1``: keep this set held out, and do not tune on it.

Its history: first run 75 of 407 values leaked, 8 of 59 harmless prompts changed. On 2026-12-07 the
second set's classes were fixed without looking at this one (73 of 407); then this set's per-language
counts (not its texts, which nobody on the team has read) steered two rounds of work on the languages
it showed weakest (th, bn, fa, id, sw, fil; hu, ro, cs, el, it): 53 of 407, 3 of 59. From then on it is
less than blind for those languages; a fourth set should measure them.

On 2026-12-07 ~16:30 UTC this set was OPENED and tuned on: its texts and the values that leaked were read, and
the classes they belong to were fixed (with new examples of each class written first into the sixth set's "c-"
batch). Before: 33 of 407 values in 28 cases, 2 of 59 harmless prompts changed; after: 1 of 407 in 1 case, 1 of 59.
From then on it is a TUNING set, no longer a measure of text nobody tuned on: the seventh set
(test_leaks_seventh.py) is the blind one.
"""

from __future__ import annotations

import pytest

from . import test_leaks as harness
from . import test_leaks_second as second
from .conftest import Daemon
from .leak_cases_third import CASES, LeakCase

HARMLESS = second.harmless_prompts("data_third")
FIELDS = second.FIELDS  # the same thirteen fields as the second set

# The first set's fixtures, reused as they are: a module-scoped recording upstream and daemon for this module.
upstream = harness.upstream
daemon = harness.daemon


# The second set's outcome and summary, with this set's title, cases, prompts and report file.
Outcome = second.Outcome
Report = second.Report


report = second.report_fixture("ISLANDRUN_LEAK_REPORT_THIRD", "third held-out set", CASES, HARMLESS)


# The first (and only) run of this held-out set, at commit 60e9fae (2026-12-07 04:10 UTC; written by someone who
# had not seen the detector, run once, nothing tuned on it): 73 of 407 planted values reached the cloud, in 39
# cases, 3 more cases were refused instead of sanitised (403: an image or file part, or the guard), and 8 of 59
# harmless prompts went out changed. Each such case is a strict expected failure: the list can only shrink, and
# nobody can tune the detector against this set without the list showing it (issue 16).
# Fixed since, from what the three refusals showed (field paths and kinds only, no texts): the egress guard
# matched a JSON key (a tool parameter, an argument's key, a schema's ``required`` name) case-insensitively
# against a value found in the prose, though the sanitizer keeps keys as they are. Two of those cases now pass;
# the third now goes out sanitised but with 2 values the detector misses (75 of 407 on the wire).
# Since then the per-language, per-field and per-domain COUNTS of this set's report (never its texts) steered
# which tuning texts were written (the fourth set, tests/privacy/data/fourth_set/): 53 of 407 leaked before
# that round, 37 after (2026-12-07). The set is no longer blind in that sense; its texts are still unread.
# 2026-12-07 ~16:30 UTC: the set was opened and tuned on (read in full, run verbosely; see the docstring): 33 of 407
# values in 28 cases before, 1 of 407 in 1 case after; harmless 2 of 59 changed before, 1 of 59 after. It is a
# tuning set from then on; the seventh set is the blind one. What is left:
KNOWN_LEAKS: frozenset[str] = frozenset(
    {
        # a child's given name alone after "für" (for), with no person cue; "Lena" is also a river's name, and a
        # lone given name with no cue is left alone for precision ("für Berlin", "für Mia Farrow's films")
        "de-einspruch-steuerbescheid",
        # (hi-ivf-app-dawa was found by the stricter judge of 2026-12-07 19:40 UTC — only "IVF" of the reference code
        # "IVF/DEL/22-0918" was replaced and "22-0918" went out — and fixed the same evening: a code is one span)
    }
)
_KNOWN = pytest.mark.xfail(
    strict=True, reason="a known leak of this set, which is a tuning set since 2026-12-07 16:30 UTC (see KNOWN_LEAKS)"
)
_CASE_PARAMS = [pytest.param(c, id=c.id, marks=[_KNOWN] if c.id in KNOWN_LEAKS else []) for c in CASES]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("case", _CASE_PARAMS)
def test_planted_values_never_reach_the_cloud(
    daemon: Daemon, upstream: harness.Upstream, report: Report, case: LeakCase, stream: bool
) -> None:
    second.check_case(daemon, upstream, report, case, stream)


# 1 of 59 changes (8 on the held-out set's first run, 2 before the set was opened): within the one in twenty allowed
def test_harmless_prompts_go_out_unchanged(daemon: Daemon, upstream: harness.Upstream, report: Report) -> None:
    second.check_harmless(daemon, upstream, report, HARMLESS)


def test_cases_are_well_formed() -> None:
    """Every planted value is really in its request, and the set covers what its brief asks."""
    second.check_well_formed(
        CASES, HARMLESS, FIELDS, langs=14, harmless=40, harmless_langs=10, cases_min=50, values_min=350, domains=20
    )
