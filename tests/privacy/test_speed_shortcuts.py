"""The detector's shortcuts (skip a rule when the text lacks its script or cue, cache per word or per vault)
never change a finding: each shortcut is checked against the slow path it replaces."""

from __future__ import annotations

import gc
import re

import pytest

from islandrun.core.privacy import addresses_intl, lines, medical, patterns
from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.medical_rules import latin_forms, medical_ending
from islandrun.core.privacy.medical_vocab import STRONG, WEAK, fold, suffix_exceptions, tokenize, vocabulary
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.sanitize import Sanitizer

# Every pattern of addresses_intl, one text each that it matches (and texts in other scripts that it does not).
SCRIPT_TEXTS = [
    "收件地址：广州市天河区体育西路103号",
    "住所は大阪府吹田市山田丘1-5-3です、北沢2丁目14番7号",
    "送り先 〒530-0001 まで",
    "부산시 해운대구 센텀중앙로 79에서 만나요",
    "العنوان: شارع التحلية، جدة",
    "הכתובת שלי היא רחוב ביאליק 31",
    "Адрес: г. Казань, ул. Баумана, д. 12; УЛИЦА Ленина 5.",
    "Доставка: Садовая, д. 7, кв. 3",
    "Giao hàng tới số 12 đường Lê Lợi và 48 Trần Hưng Đạo, Quận 1, TP. Hồ Chí Minh",
    "Deliver to 48 Tran Hung Dao, Q. 1 tomorrow",
    "Wir wohnen jetzt in der Lindenallee 23 in Köln, Keizersgracht 112, 1015 CX Amsterdam",
    "me mudé a avenida de la Paz 14, Sevilla; rua das Flores 12",
    "send it to 7 mill lane, bristol bs1 4dj please, or K1A 0B1",
    "Read pages 12-15 of chapter 3 before Monday.",
]


def test_every_script_gate_is_a_necessary_condition() -> None:
    """A pattern skipped because its gate fails on a text never matches that text."""
    assert len(addresses_intl._NEEDS) == len(addresses_intl._PATTERNS)
    hits = 0
    for text in SCRIPT_TEXTS:
        for k, ((pattern, _), needs) in enumerate(zip(addresses_intl._PATTERNS, addresses_intl._NEEDS, strict=True)):
            if pattern.search(text) is None:
                continue
            hits += 1
            assert needs is None or needs.search(text) is not None, (k, text)
            assert not (text.isascii() and k < addresses_intl._NON_LATIN), (k, text)
    assert hits >= len(addresses_intl._PATTERNS)


def test_cyrillic_gate_covers_case_blind_matches() -> None:
    # the case-blind Russian street pattern also takes the Cyrillic Extended-C letters for their base letters
    extra = [c for c in map(chr, range(0x1C80, 0x1C90)) if re.fullmatch(r"(?i)[\u0400-\u04ff]", c)]
    assert all(addresses_intl._NEEDS[6].search(c) for c in extra)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Anna Schmidt lives in Berlin.",
        "def main() -> None: return x",
        "if (a[i] == b) { c = d; }",
        "x = {a: 1, b: [2, 3]}",
        "SELECT * FROM t WHERE a = 1;",
        "prices: $5 & $7 | see <b>",
    ],
)
def test_is_code_counts_symbols_like_the_plain_loop(text: str) -> None:
    stripped = text.strip()
    symbols = sum(c in lines._CODE_CHARS for c in stripped)
    slow = bool(stripped) and (
        bool(lines._CODE_WORDS.search(stripped)) or (symbols >= 3 and symbols >= 0.06 * len(stripped))
    )
    assert lines.is_code(text) is slow


def _slow_plain(word: str) -> bool:
    """:func:`medical._scan`'s per-word tests written out: nothing can start at a plain word."""
    vocab = vocabulary()
    norm = fold(word)
    eponym = any(vocab.index.get(f"{norm} {h}", 0) & STRONG for h in medical._EPONYM_HEADS)
    return not (
        norm in vocab.index
        or eponym
        or norm in medical._ANY_HEAD
        or (len(norm) > 9 and norm.endswith(medical.COMPOUND_HEADS))
        or medical_ending(word, suffix_exceptions())
        or any(vocab.index.get(f, 0) & STRONG for f in latin_forms(norm))
    )


def test_plainness_agrees_with_the_rules() -> None:
    text = (
        "The patient in room 4 was diagnosed with Lesch-Nyhan syndrome and hereditary nonpolyposis colorectal "
        "cancer; von Hippel-Lindau disease, Arthrose, Lungenentzündung, bronchite, a cold, the Wilson kids, "
        "tomorrow at the station, Huntington's, tumours, maladie de Crohn, zespół Downa, in vitro, PWS."
    )
    medical.find_medical("")
    index = vocabulary().index
    for tok in tokenize(text):
        word = text[tok.start : tok.end]
        kind = medical._plainness(word)
        assert (kind == medical._PLAIN) is _slow_plain(word), word
        if kind == medical._PREFIX_ONLY:
            assert not index[tok.norm] & (STRONG | WEAK) and not word[0].isupper(), word


def test_eponym_keys_are_the_names_before_a_head() -> None:
    medical.find_medical("")
    keys = medical._eponym_keys()
    index = vocabulary().index
    for key in list(keys)[:500]:
        assert any(index.get(f"{key} {h}", 0) & STRONG for h in medical._EPONYM_HEADS), key


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("My SIN is 123 456 782.", True),
        ("social insurance number 123-456-782", True),
        ("Mein SİN: 123 456 782", True),  # a case-blind regex takes the dotted capital I for an i
        ("Benim sın: 123 456 782", True),  # ... and the dotless i
        ("BSN 111222333", True),
        ("NHS number 943 476 5919", True),
        ("Steuer-ID 86 095 742 719", True),
        ("Call 123 456 782 tomorrow", False),
    ],
)
def test_named_ids_still_need_their_name(text: str, found: bool) -> None:
    assert any(e.type is EntityType.NATIONAL_ID for e in patterns.find_structured(text)) is found


def test_named_id_hints_follow_the_name_patterns() -> None:
    assert len(patterns._NAMED_HINTS) == len(patterns._NAMED_IDS)
    for (_, _, named), hints in zip(patterns._NAMED_IDS, patterns._NAMED_HINTS, strict=True):
        for hint in hints:  # each hint is a literal part of its naming regex
            assert hint.replace("-", "") in named.pattern.replace("-?", "").replace("\\b", "").lower(), hint


def test_vault_needles_follow_new_values() -> None:
    sanitizer = Sanitizer()
    first = sanitizer.sanitize_request("needles", ChatPayload(({"role": "user", "content": "I am Ingrid Solberg."},)))
    assert "Ingrid Solberg" not in first.messages[0]["content"]
    vault = first.vault
    before = vault.needles()
    assert vault.needles() is before  # cached while the vault does not grow
    vault.placeholder_for(EntityType.ID_OTHER, "ZX-99812")
    assert vault.needles() is not before
    later = sanitizer.sanitize_request(
        "needles", ChatPayload(({"role": "user", "content": "Solberg here again, ticket ZX-99812."},))
    )
    content = later.messages[0]["content"]
    assert "Solberg" not in content and "ZX-99812" not in content


def test_warm_up_freezes_the_loaded_lexicons() -> None:
    Detector().warm_up()
    assert gc.get_freeze_count() > 0


def test_clear_recent_makes_the_detector_read_a_text_again() -> None:
    detector = Detector()
    text = "Call Ingrid Solberg on +47 412 55 873."
    first = detector.detect(text)
    assert detector._recent
    detector.clear_recent()
    assert not detector._recent
    assert detector.detect(text) == first
