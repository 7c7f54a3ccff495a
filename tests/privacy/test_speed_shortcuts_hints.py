"""Round-5 detection shortcuts: each one skips a scan only where the scan cannot find anything.

- ``language._ANY_SCRIPT`` is one character class standing for the union of the script patterns;
- ``identifiers._PREFIX_ID_HINT`` lists every literal prefix that starts an ``id-prefix`` match;
- ``labelled_values.find_labelled_values`` skips its checksummed and after-label patterns in a text
  without a digit (every value they take holds one).
"""

from __future__ import annotations

import re

import pytest

from islandrun.core.privacy import identifiers, labelled_values, language
from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.identifiers import find_identifiers
from islandrun.core.privacy.labelled_values import find_labelled_values


def test_any_script_class_is_the_union_of_the_scripts_for_every_character() -> None:
    # every script range lies in the Basic Multilingual Plane; the case-blind Ukrainian letters (and their
    # capitals) inside the Cyrillic block
    for code in range(0x10000):
        char = chr(code)
        union = any(pattern.match(char) for _, pattern in language._SCRIPTS)
        assert (language._ANY_SCRIPT.match(char) is not None) is union, hex(code)


def test_script_language_still_tells_scripts_apart() -> None:
    assert language.script_language("Привет, как дела у тебя сегодня?") == "ru"
    assert language.script_language("Їжак і ґава живуть у лісі") == "uk"
    assert language.script_language("こんにちは、元気ですか") == "ja"
    assert language.script_language("Zoë and José went to Köln") is None


def _literal_alternatives(pattern: str) -> set[str]:
    """The words of every group in ``pattern`` that is an alternation of plain letters only: (?:EMP|EE|…)."""
    found: set[str] = set()
    for group in re.findall(r"\(\?:((?:[A-Za-z]+\|)+[A-Za-z]+)\)", pattern):
        found.update(group.split("|"))
    return found


def test_prefix_id_hint_lists_every_prefix_of_the_pattern() -> None:
    prefixes = _literal_alternatives(identifiers._PREFIX_ID.pattern)
    hinted = set(identifiers._PREFIX_ID_HINT.pattern.split("|"))
    assert {"EMP", "MRN", "POLICY", "Rx"} <= prefixes  # the parse found the pattern's two prefix groups
    assert prefixes <= hinted


@pytest.mark.parametrize(
    "text",
    ["See EMP#00417 in the sheet.", "Chart MRN-55102 was updated.", "Refill Rx-44812 today", "POL-2023-884512"],
)
def test_prefixed_ids_are_still_found(text: str) -> None:
    assert any(e.source == "id-prefix" for e in find_identifiers(text))


@pytest.mark.parametrize(
    "text",
    [
        "Employee emp 417 asked for leave.",  # lower case: no prefix of the pattern
        "The meeting is at 10:30 with 12 people.",
    ],
)
def test_texts_without_a_prefix_have_no_prefixed_id(text: str) -> None:
    assert identifiers._PREFIX_ID_HINT.search(text) is None
    assert identifiers._PREFIX_ID.search(text) is None


@pytest.mark.parametrize(
    "label",
    ["DNI", "NIE", "CPF", "Passport", "паспорт", "身份证号码", "codice fiscale", "TC Kimlik No", "CNP", "numar"],
)
def test_labelled_values_need_a_digit(label: str) -> None:
    """Without a digit no value qualifies: the skipped scans find nothing; with one the value is found."""
    without = f"Mein {label}: ABCDEFGH, bitte prüfen."
    for pattern, _ in labelled_values._STRONG:
        assert pattern.search(without) is None
    assert labelled_values._ID_AFTER_LABEL.search(without) is None
    assert labelled_values._REGIONAL_AFTER_LABEL.search(without) is None
    assert not [e for e in find_labelled_values(without) if e.source == "id-after-label"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mi DNI: 12345678Z, gracias.", "12345678Z"),
        ("паспорт 4510 123456 выдан в Москве", "4510 123456"),
        ("CNP: 1800101221144", "1800101221144"),
    ],
)
def test_labelled_values_with_a_digit_are_still_found(text: str, value: str) -> None:
    assert value in {e.text for e in find_labelled_values(text)}


def test_detector_still_finds_a_prefixed_id_and_a_labelled_value() -> None:
    found = {e.text for e in Detector().detect("Patient MRN-55102, DNI: 12345678Z.")}
    assert {"MRN-55102", "12345678Z"} <= found


def test_case_extras_are_res_extra_case_equivalences() -> None:
    """The characters that make LabelStarts scan the slow way are exactly those of this Python's ``re``."""
    import re._casefix as casefix  # type: ignore[import-not-found]  # private: the test is what notices a change

    from islandrun.core.privacy import label_starts

    extras = {chr(c) for values in casefix._EXTRA_CASES.values() for c in values if c > 0x7F} | {"\u0130"}
    assert {chr(c) for c in range(0x10000) if label_starts._CASE_EXTRAS.match(chr(c))} == extras


def test_pattern_heads_read_every_branch() -> None:
    from islandrun.core.privacy.label_starts import pattern_heads

    pattern = re.compile(
        r"(?<!\w)(?i:ИНН|паспорт(?:а)?|TC\s+Kimlik(?:\s+No)?|T\.C\.\s+Kimlik|ת\.ז\.?|x(?:a|b)c)(?!\w)|身份证|ab+c\s*:"
    )
    assert pattern_heads(pattern) == ["ИНН", "паспорт", "TC", "T.C.", "ת.ז", "x", "身份证", "ab"]  # (?:a|b) is a class
    assert pattern_heads(re.compile(r"(?:[Nn]um|no)\.?\s*\d+")) is None  # a branch starts with a class
    assert pattern_heads(re.compile(r"a?b")) is None


def test_heads_stop_before_a_letter_other_characters_stand_for() -> None:
    from islandrun.core.privacy import context_values
    from islandrun.core.privacy.label_starts import LabelStarts

    starts = LabelStarts(context_values._STAFF_LABELS)
    assert "kullan" in starts.heads  # "kullanıcı adı": a case-blind "ı" is also "i" and "I"
    text = "Kullanici adi: ayse_k42"
    assert [m.group("value") for m in starts.finditer(text)] == ["ayse_k42"]
    dotted = LabelStarts(re.compile(r"(?i:İNN|abc)\s*:\s*\d+"))  # a case-blind "İ" is also "i" and "I"
    assert dotted._finder is None
    assert [m.group() for m in dotted.finditer("inn: 12, INN: 3, abc: 4")] == ["inn: 12", "INN: 3", "abc: 4"]


def _label_texts() -> list[str]:
    import random

    pieces = [
        "DNI", "dni", "Dni", "NIE", "nie", "NIF", "Passport", "паспорт", "ПАСПОРТ", "Паспорт серия", "ИНН", "СНИЛС",
        "TC Kimlik No", "T.C. Kimlik", "kimlik no", "\u212aimlik no", "CCCD", "căn cước", "Căn Cước", "số định danh",
        "national insurance number", "NI number", "NINO", "Az.", "Aktenzeichen", "codice fiscale", "partita IVA",
        "身份证号码", "护照", "マイナンバー", "주민등록번호", "رقم الهوية", "מספר זהות", 'ת"ז', "ת.ז.", "nip", "REGON",
        "opinion", "Unix", "tonight", "ſygnatura akt", "sygnatura akt", "ıni", "İNN", "ᲃерия",
    ]  # fmt: skip
    glue = [": ", " ", " is ", " (neu): ", "#", "=", ": ", "\n", " - "]
    values = ["12345678Z", "X1234567L", "4510 123456", "AB 12 34 56 C", "110105198803124525", "ABCDEFG", "77/2024", "x"]
    rng = random.Random(16)
    texts = []
    for _ in range(600):
        parts = []
        for _ in range(rng.randint(1, 4)):
            parts.append(rng.choice(["", "Mein ", "my ", "the ", "x", "1", "(", "Hi, "]))
            parts.append(rng.choice(pieces) + rng.choice(glue) + rng.choice(values))
            parts.append(rng.choice([" ", ", ", ". ", "\n", "", "-"]))
        texts.append("".join(parts))
    return texts


def test_label_starts_finds_what_finditer_finds() -> None:
    from islandrun.core.privacy import context_values

    texts = _label_texts()
    texts += [t.upper() for t in texts[:100]] + ["LOGIN: bob_77", "nome utente = mario.rossi", "ユーザー名: taro_1"]
    for starts, least in ((labelled_values._ID_AFTER_LABEL_AT, 300), (context_values._STAFF_LABELS_AT, 2)):
        assert starts._finder is not None  # the heads of every label were read: the fast path is on
        hits = 0
        for text in texts:
            slow = [(m.span(), m.groupdict()) for m in starts.pattern.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in starts.finditer(text)] == slow, text
            hits += len(slow)
        assert hits >= least


def test_label_starts_falls_back_when_a_head_cannot_be_read() -> None:
    from islandrun.core.privacy.label_starts import LabelStarts

    starts = LabelStarts(re.compile(r"(?i:[a-z]+\s+id|code)\s*:\s*(\d+)"))
    assert starts._finder is None
    assert [m.group(1) for m in starts.finditer("member id: 12, CODE: 7")] == ["12", "7"]


def test_every_label_scanner_finds_what_its_pattern_finds() -> None:
    from islandrun.core.privacy import addresses, addresses_intl, context_values, secrets_patterns
    from islandrun.core.privacy.label_starts import LabelStarts

    from .test_speed_shortcuts import SCRIPT_TEXTS

    scanners = [
        addresses._POSTCODE_AT,
        secrets_patterns._SECRET_FORMATS_AT,
        *addresses_intl._SCANS,
        *labelled_values._PASSWORD_SCANS,
        labelled_values._ID_AFTER_LABEL_AT,
        context_values._STAFF_LABELS_AT,
    ]
    fast = [s for s in scanners if isinstance(s, LabelStarts)]
    assert len(fast) >= 7
    texts = [*SCRIPT_TEXTS, *_label_texts()[:200]]
    texts += [
        "my password: hunter2x, Passwort lautet Sommer2024! contraseña: abc123XYZ; mot de passe : azerty123",
        "Calle Mayor 5, AVENIDA de la Paz 14, Rua das Flores 12, via Roma 3, ul. Długa 7, Plac Zamkowy 1",
        "ул. Ленина, д. 5; улица Баумана 12; số 18 đường Lê Lợi; شارع التحلية 5; רחוב ביאליק 31",
        "zip code is 94107, Postcode: SW1A 1AA, PLZ 10115, CAP 00184, postal code K1A 0B1, zip: 1234",
        "key AKIAIOSFODNN7EXAMPLE and ghp_abcdefghijklmnopqrstuvwxyz0123456789 and sk-proj-abc123def456ghi789jkl",
    ]
    texts += [t.upper() for t in texts] + [t.lower() for t in texts]
    for scanner in fast:
        for text in texts:
            slow = [(m.span(), m.groupdict()) for m in scanner.pattern.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in scanner.finditer(text)] == slow, (
                scanner.pattern.pattern[:40],
                text,
            )
