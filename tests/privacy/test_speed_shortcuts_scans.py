"""Faster scans that must find exactly what the plain ones find: possessive spacing in the reversed person cues,
label-start scans of the lower-case name cues, the Indian-ID gate read around digit runs, look-behinds moved after
the first digit, and the one-text memos of ``lower_view`` and ``letter_words``. Each is checked against the
plain form on the detector's own test texts and on many random strings built from the characters that matter."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from islandrun.core.privacy import (
    addresses_intl,
    indic_values,
    language,
    medical,
    name_context,
    ner_chat,
    ner_lowercase,
    ner_surnames,
    normalize,
    reference_codes,
)
from islandrun.core.privacy.detector import Detector

_RNG_SEED = 16
_DATA = Path(__file__).parent / "data"


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with its possessive quantifiers made greedy again (the form before the speed-up)."""
    return re.compile(pattern.pattern.replace("*+", "*").replace("?+", "?"), pattern.flags)


def _random_strings(alphabet: str, count: int, longest: int) -> list[str]:
    rng = random.Random(_RNG_SEED)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


_CONTEXTS = [
    "my colleague",
    "Dear ",
    "attn: ",
    "Attn:: ",
    "thanks to ",
    "patient :  ",
    "signed:",
    "the doctor ,  ",
    "My husband,",
    "moja córka ",
    "de heer ",
    "ask    ",
    "hello.",
    "name:",
    "contact :\t",
    "",
    " ",
    ": ",
    "random words here",
]


@pytest.mark.parametrize("name", ["PERSON_BEFORE_REV", "NAME_LABEL_REV", "PERSON_OR_LABEL_REV"])
def test_possessive_spacing_finds_the_same_cues(name: str) -> None:
    fast: re.Pattern[str] = getattr(name_context, name)
    slow = _plain(fast)
    assert slow.pattern != fast.pattern  # the test compares two forms
    texts = [c[::-1] for c in _CONTEXTS]
    texts += _random_strings(" \t\n.,:;ntaiherdmsoy'", 3000, 12)
    texts += [s + w for s in _random_strings(" .,:", 200, 4) for w in ("ntta", ":ntta", "::ntta", "eman", "htiw")]
    for text in texts:
        assert (fast.match(text) is None) == (slow.match(text) is None), text


_CHAT = [
    "my name is lena andersson and i'm from oslo",
    "hi anna, ask kowalczyk or tell dr nowak; thanks to mcallister. i am marta",
    "z pawlaczykiem rozmawiałem, od kowalskiej też, przez panią zielińską",
    "call me krithika. this is joe. follow up with priya r. sharma",
    "email o'brien, text fitzgerald, ping dr. smith, cc: jones",
    "İstanbul'da ask ſmith and ı am here",  # re's extra case equivalences: the plain scan
    "",
]


def test_label_start_scans_find_the_same_matches() -> None:
    texts = _CHAT + _random_strings("abcdeilmnoprstuwyz .,:'-\n", 2000, 40)
    for scan, pattern in (
        (ner_lowercase._SURNAME_CONTEXT_AT, ner_lowercase._SURNAME_CONTEXT),
        (ner_chat._LOWER_NAME_AT, ner_chat._LOWER_NAME),
    ):
        assert scan._finder is not None  # the fast path is the one tested
        for text in texts:
            assert [m.span() for m in scan.finditer(text)] == [m.span() for m in pattern.finditer(text)], text


def test_indian_id_gate_reads_the_same_around_digit_runs() -> None:
    texts = _random_strings("0123456789 -ABHKMNXZabcx@", 6000, 30)
    texts += ["PAN ABCDE1234F", "MH 12 AB 1234", "22 BH 1234 AA", "2345 6789 0123", "99BH1234", "x" * 40 + "1234"]
    for text in texts:
        assert indic_values._latin_gate(text) == (indic_values._LATIN_GATE.search(text) is not None), text


@pytest.mark.parametrize(
    ("fast", "slow"),
    [
        (indic_values._AADHAAR_GROUPED, r"(?<!\d)(?<!\d[.,/-])[2-9]\d{3}([ -])\d{4}\1\d{4}(?!\d|[.,/-]\d)"),
        (indic_values._AADHAAR_BARE, r"(?<!\d)(?<!\d[.,/-])[2-9]\d{11}(?!\d|[.,/-]\d)"),
    ],
)
def test_aadhaar_look_behinds_after_the_first_digit(fast: re.Pattern[str], slow: str) -> None:
    plain = re.compile(slow)
    texts = _random_strings("0123456789 -./,a", 6000, 30)
    texts += ["2345 6789 0123", "1.2345 6789 0123", "12345 6789 0123", "x 234567890123 y", "9/234567890123"]
    rng = random.Random(_RNG_SEED)
    digits = "".join(rng.choice("0123456789") for _ in range(12))
    for before in ("", "a", " ", "1", "1.", "1,", "1/", "1-", "a.", "-", "12"):
        for sep in ("", " ", "-"):
            for after in ("", "a", "1", ".1", ",", "-a", "/2"):
                texts.append(before + sep.join((digits[:4], digits[4:8], digits[8:])) + after)
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_memos_answer_for_the_text_asked() -> None:
    texts = ["Straße ÖL", "İstanbul", "", "abc", "ABC def", "ǅemal Ǆ", "x" * 10, "ΣΊΣΥΦΟΣ"]
    for text in texts + texts[::-1]:
        low = normalize.lower_view(text)
        assert low == normalize.lower_view(text)
        assert len(low) == len(text)
        whole = text.lower()  # the answer without the memo
        assert low == (
            whole if len(whole) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        )
        assert language.letter_words(text) == tuple(re.findall(r"[^\W\d_]+", text))


def test_detection_is_the_same_text_after_text() -> None:
    """The memos hold one text: findings of a text never depend on the text asked about before it."""
    texts = [
        "Call Dr. Anna Kowalska at +48 601 234 567 about her asthma.",
        "my name is lena andersson, aadhaar 2345 6789 0123",
        "Saya tinggal di Jl. Kenanga No. 14, Jakarta. Nomor KTP saya 3171234567890001.",
        "How do I sort a list in Python?",
    ]
    alone = {}
    for text in texts:
        detector = Detector()
        alone[text] = detector.detect(text)
    shared = Detector()
    rng = random.Random(_RNG_SEED)
    for _ in range(3):
        for text in rng.sample(texts, len(texts)):
            shared.clear_recent()
            assert shared.detect(text) == alone[text], text


def corpus_texts() -> list[str]:
    """Every text of tests/privacy/data (the detector's own tuning and test sets)."""
    texts: list[str] = []
    for path in sorted(_DATA.rglob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                example = json.loads(line)
                texts += (
                    [example["text"]]
                    if "text" in example
                    else [str(s.get("text", "")) for s in example.get("segments", [])]
                )
    return texts


# Patterns whose leading look-behind (or word boundary) now stands after their first character, and their
# plain form before that change: they must match the same spans.
_MOVED_LOOK_BEHINDS = [
    (medical._ICD10, r"(?<![\w.])[A-TV-Z]\d{2}(?:\.(?P<sub>[0-9A-Z]{1,4}))?(?![\w])", "A01 b J45.909 X12.A1 .C12 aF10"),
    (medical._MIXED_CASE, r"(?<![\w-])(?:PrEP|nPEP|HbA1c|eGFR)(?![\w-])", "PrEP -nPEP xHbA1c eGFR, HbA1c"),
    (
        ner_surnames._SLAVIC_LATIN,
        r"(?<![\w-])[A-ZĄĆĘŁŃÓŚŹŻČŘŠŽ][a-ząćęłńóśźżčřšžěůý]+(?:czyk|czak|czuk|iak|cik|wicz|ski|cki|dzki|ska|cka|"
        r"dzka|owa|ová)(?:a|owi|iem|em|u|iego|ego|emu|im|ą|iej|ej)?(?![\w-])",
        "Wójcik i Kowalski, -Nowakowa xŁukasiewicz Dvořáková",
    ),
    (
        reference_codes._NUMBER_VALUE,
        r"(?<![\w,.+-])\+?\d(?:[ -]?\d){6,22}(?![\w,.]?\d)",
        "+48 601 234 567, 1234567, a1234567 ++1234567 .1234567 +-1234567",
    ),
]


@pytest.mark.parametrize(("fast", "slow", "sample"), _MOVED_LOOK_BEHINDS)
def test_look_behinds_after_the_first_character(fast: re.Pattern[str], slow: str, sample: str) -> None:
    plain = re.compile(slow)
    assert plain.pattern != fast.pattern
    texts = [sample, *corpus_texts(), *_random_strings("0123456789 +-.,aAPHJXłŁWóK\n", 3000, 30)]
    assert any(plain.search(text) for text in texts)
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_street_patterns_with_the_boundary_after_the_first_character() -> None:
    plain = [
        re.compile(
            p.pattern.replace(r"[A-ZÄÖÜÅÆØ](?<!\w.)", r"\b[A-ZÄÖÜÅÆØ]").replace(r"\d(?<!\w\d)\d{0,4}", r"\b\d{1,5}")
        )
        for p, _ in addresses_intl._PATTERNS
    ]
    changed = [k for k, (p, _) in enumerate(addresses_intl._PATTERNS) if p.pattern != plain[k].pattern]
    assert len(changed) == 2
    texts = ["Lindenallee 23, 5Lindenallee 3, xKeizersgracht 112", "7 mill lane, 12b old oak road, a7 mill lane"]
    texts += corpus_texts() + _random_strings("0123456789 aAbLmrdeoslnt\n", 3000, 30)
    for k in changed:
        fast = addresses_intl._PATTERNS[k][0]
        assert any(plain[k].search(text) for text in texts)
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain[k].finditer(text)], text
