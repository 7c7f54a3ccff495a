"""Round-7 speed-ups that must answer exactly what the plain forms answer: the shared cue-word pass (:mod:`.cues`)
against ``any(w in low for w in words)``, ``lower_view`` of its own answer, look-behinds moved after a leading
character or class by ``latin_bounded``, and label-start scans standing in for ``pattern.search``. Each is checked
on the detector's own test texts and on many random strings built from the characters that matter."""

from __future__ import annotations

import random
import re
import sys

import pytest

from islandrun.core.privacy import (
    contacts,
    context_values,
    cues,
    dates,
    general_questions,
    identifiers,
    labelled_values,
    medical_results,
    medical_setting,
    normalize,
    one_time_codes,
    patterns,
    secrets_patterns,
    vault,
    vehicles,
)
from islandrun.core.privacy.label_starts import LabelStarts

from .test_speed_shortcuts_scans import corpus_texts  # every text of tests/privacy/data

_RNG_SEED = 7
# Characters whose lower case is special (longer, or taken by re's case-blind rules for another letter).
_SPECIAL = "İıſKΣςﬅẞ"


def _random_strings(alphabet: str, count: int, longest: int) -> list[str]:
    rng = random.Random(_RNG_SEED)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


# Every Cues the finders hold, and the text each is asked about (its lower view, or the text itself).
_CUES: list[tuple[cues.Cues, str]] = [
    (secrets_patterns._KV_CUES, "lower"),
    (secrets_patterns._PROSE_CUES, "lower"),
    (secrets_patterns._CODE_CUES, "lower"),
    (secrets_patterns._AUTH_CUES, "lower"),
    (contacts._PLATFORM_CUES, "lower"),
    (identifiers._SORT_CUES, "lower"),
    (identifiers._CVV_CUES, "lower"),
    (identifiers._EXPIRY_CUES, "lower"),
    (context_values._STAFF_CUES, "text"),
    (labelled_values._PASSWORD_CUES, "text"),
    (medical_setting._POSOLOGY_CUES, "text"),
    (one_time_codes._CUES, "text"),
]


def _cue_texts() -> list[str]:
    words = sorted({w for c, _ in _CUES for w in c.words})
    rng = random.Random(_RNG_SEED)
    made = [" ".join(rng.sample(words, 3)) for _ in range(300)]
    made += [w.upper() for w in words] + [w[:-1] for w in words] + [w + "x" for w in words]
    made += [w.replace("i", "İ").replace("s", "ſ").replace("k", "K") for w in words]
    made += _random_strings("pasworDtkenycidxm:/ " + _SPECIAL, 2000, 16)
    return [*corpus_texts(), *made, ""]


@pytest.mark.parametrize(("found", "asked"), _CUES)
def test_cues_answer_like_a_substring_test(found: cues.Cues, asked: str) -> None:
    hits = 0
    for text in _cue_texts():
        low = normalize.lower_view(text) if asked == "lower" else text.lower()
        plain = any(w in low for w in found.words)
        hits += plain
        assert (found.in_lower(low) if asked == "lower" else found.in_text(text)) == plain, text
        # asked again of the same object (the memo), and after another text
        assert (found.in_lower(low) if asked == "lower" else found.in_text(text)) == plain, text
    assert hits > 0


def test_cues_made_later_are_found_in_a_text_already_read() -> None:
    text = "the zebra-crossing code"
    low = normalize.lower_view(text)
    assert secrets_patterns._CODE_CUES.in_lower(low)  # the text's cue words are remembered now
    late = cues.Cues(("zebra-cross",))
    assert late.in_lower(low) and late.in_text(text)
    assert not cues.Cues(("giraffe",)).in_lower(low)
    with pytest.raises(ValueError, match="empty"):
        cues.Cues(("",))


def test_a_lower_view_is_its_own_lower_view() -> None:
    """lower() of one character is idempotent, so lower_view may answer its own answer with itself."""
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        low = c.lower()
        assert len(low) != 1 or low.lower() == low, hex(code)
    for text in ["Straße ÖL", "İstanbul Iİ", "ǅemal Ǆ", "ΣΊΣΥΦΟΣ", "x" * 10, "", *_random_strings("aAİıſΣK ", 500, 12)]:
        low = normalize.lower_view(text)
        assert normalize.lower_view(low) is low
        assert normalize.lower_view(low) == "".join(c if len(c.lower()) != 1 else c.lower() for c in low)
        assert normalize.lower_view(text) == low


_W = normalize.LATIN_WORD
# Look-behinds that latin_bounded now moves after the pattern's first character or class: the plain form, a sample.
_MOVED = [
    (rf"(?<![{_W}])[XYZxyz]-?\d{{7}}-?[A-Za-z](?![{_W}])", "X1234567L, aX1234567L, Y-1234567-Z 9Z1234567A"),
    (
        rf"(?<![{_W}])[12]\s?\d{{2}}\s?\d{{2}}\s?\d{{2}}\s?\d{{3}}\s?\d{{3}}\s?\d{{2}}(?![{_W}])",
        "1 84 12 76 451 089 46, a1 84 12 76 451 089 46",
    ),
    (rf"(?<![{_W}])9\d{{2}}-?[5-9]\d-?\d{{4}}(?![{_W}])", "912-78-1234 a912781234 9912-78-1234"),
    (rf"(?<![{_W}.])756\.\d{{4}}\.\d{{4}}\.\d{{2}}(?![{_W}])", "756.1234.5678.97 .756.1234.5678.97 x756.1234.5678.97"),
    (r"(?<![a-z])[XY]{2,3}\d", "XX1 aXY2 XYX3 YYYY4"),
    (r"(?<![a-z])(?<!\d)Q+\d", "Q1 QQ2 aQ3 1Q4"),
    (r"(?<!Q)@\w", "@a Q@b @@c"),
]


@pytest.mark.parametrize(("slow", "sample"), _MOVED)
def test_latin_bounded_moves_look_behinds_after_the_first_character(slow: str, sample: str) -> None:
    plain = re.compile(slow)
    fast = normalize.latin_bounded(slow)
    assert fast.pattern != plain.pattern  # moved
    texts = [sample, *corpus_texts(), *_random_strings("0123456789 -.aXYZxyz@QL\n" + "Éé", 4000, 24)]
    assert any(plain.search(text) for text in texts)
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        for pos in (1, 2, 5):  # a look-behind still reads before the position a search starts at
            hit, want = fast.search(text, pos), plain.search(text, pos)
            assert (hit and hit.span()) == (want and want.span()), (text, pos)


@pytest.mark.parametrize(
    "kept",
    [
        r"(?<![a-z])[A-Za-z]{2}\d",  # a class of letter ranges: most characters would start a match anyway
        r"(?<!ab|cd)x\d",  # a look-behind of alternatives: the character cannot follow each of them
        r"(?<![a-z])\d?x",  # the first character may be absent
        r"(?<![a-z])\d+?x",  # a lazy count
        r"(?<![a-z])(?:ab|cd)\d",  # a group
    ],
)
def test_latin_bounded_leaves_other_look_behinds_in_place(kept: str) -> None:
    assert normalize.latin_bounded(kept).pattern == kept


def test_national_ids_were_moved() -> None:
    heads = {p.pattern[:8] for p, _ in patterns._NATIONAL_IDS}
    assert {"[XYZxyz]", "[12](?<!", "9(?<![A-", "7(?<![A-"} <= heads


# Label-start scans asked for their first match in place of pattern.search, and the text each is asked about.
_FIRST_MATCHES: list[tuple[LabelStarts | re.Pattern[str], re.Pattern[str], str]] = [
    (medical_results._MARKER_HINT_AT, medical_results._MARKER_HINT, "text"),
    (vehicles._VEHICLE_WORDS_AT, vehicles._VEHICLE_WORDS, "lower"),
    (dates._WEEKDAY_AT, dates._WEEKDAY, "lower"),
    (general_questions._POLITE_ME_AT, general_questions._POLITE_ME, "text"),
]


@pytest.mark.parametrize(("scan", "pattern", "asked"), _FIRST_MATCHES)
def test_label_starts_find_the_first_match_of_search(
    scan: LabelStarts | re.Pattern[str], pattern: re.Pattern[str], asked: str
) -> None:
    texts = corpus_texts() + _random_strings("HIVCDhivcd48 -:abGFRLmonaytelsIİſK", 3000, 20)
    texts += ["HIV viral load 40", "CD4 count 350", "cek SLIK OJK kol 2", "my car VIN", "tell me about Monday"]
    found = 0
    for text in texts:
        subject = normalize.lower_view(text) if asked == "lower" else text
        want = pattern.search(subject)
        hit = next(scan.finditer(subject), None)
        found += want is not None
        assert (hit and hit.span()) == (want and want.span()), text
    assert found > 0


def _plain_value_pattern(value: str, flags: int) -> re.Pattern[str]:
    """The vault's whole-word rule as written before the look-behind moved after the first character."""
    escaped = re.escape(value)
    if vault._NO_SPACES.search(value):
        return re.compile(escaped, flags)
    if vault._HANGUL.search(value):
        return re.compile(r"(?<!\w)" + escaped, flags)
    return re.compile(r"(?<!\w)" + escaped + r"(?!\w)", flags)


def test_vault_value_patterns_find_what_the_plain_rule_finds() -> None:
    values = [
        "Ann",
        "ann",
        "Anna Berg",
        "+47 412 55 873",
        "41255873",
        ".net",
        "K",
        "İpek",
        "ſam",
        "민준",
        "김민준",
        "李雷",
        "Ölçek",
        "NL-448213",
        "a",
        "",
        " x",
        "_id",
        "ann.berg@example.org",
        "Σοφία",
    ]
    values += _random_strings("aAnN1+. _-İſKΣσ", 60, 5)
    texts = ["Ann and anna met ANN; xAnn, Ann_, Anna Berg, +47 412 55 873 or 41255873.", "민준이 김민준에게", "李雷说"]
    texts += _random_strings("aAnN1+. _-İſKΣσ\n", 150, 14)
    for value in values:
        for flags in (0, re.IGNORECASE):
            fast, plain = vault.value_pattern(value, flags), _plain_value_pattern(value, flags)
            for text in texts:
                assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], (
                    value,
                    text,
                )
