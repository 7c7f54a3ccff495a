"""The detector's shortcuts (skip a rule when the text lacks its script or cue, cache per word or per vault)
never change a finding: each shortcut is checked against the slow path it replaces."""

from __future__ import annotations

import gc
import re

import pytest

from islandrun.core.privacy import addresses_intl, lines, medical, name_context, names, patterns
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
    "διεύθυνση Λεωφόρος Αλεξάνδρας 112, 11473 Αθήνα",
    "Anschrift Am Mühlbach 7a, 86150 Augsburg",
    "adresa Husova 18, Brno",
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
        ("ſocial insurance number 123 456 782, merci", True),  # ... and the long s
        ("Numer PESEL pacjentki Zofii Łukasiewicz: 44051401359", True),  # other non-ASCII text: the hint gate
        ("Zofia Łukasiewicz, tel. 44051401359", False),
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


_BEFORE_PAIRS = [
    ("PERSON_BEFORE", "PERSON_BEFORE_REV"),
    ("PLACE_BEFORE", "PLACE_BEFORE_REV"),
    ("ORG_BEFORE", "ORG_BEFORE_REV"),
    ("NAME_LABEL", "NAME_LABEL_REV"),
    ("AFFILIATION_BEFORE", "AFFILIATION_BEFORE_REV"),
    ("A_BEFORE", "A_BEFORE_REV"),
]


def _before_windows() -> list[str]:
    """32-character contexts before names: from the repository's corpus texts, and random joins of the
    patterns' own words with spaces, punctuation, line breaks and other letters."""
    import json
    import random
    from pathlib import Path

    windows: list[str] = []
    for path in sorted((Path(__file__).parent / "data").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                text = str(json.loads(line)["text"])
                windows.extend(text[max(0, k - 32) : k] for k in range(0, len(text), 3))
    words = re.findall(r"[a-zà:']+", " ".join(getattr(name_context, p).pattern for p, _ in _BEFORE_PAIRS))
    pieces = [
        *words,
        "the",
        "THE",
        "Name",
        "I",
        "livEd",
        "workS",
        " ",
        "  ",
        "\t",
        "\n",
        ",",
        ".",
        ":",
        "-",
        "x",
        "É",
        "_",
        "7",
    ]
    rng = random.Random(16)
    for _ in range(6000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 7))]
        glue = rng.choice([" ", "", "  ", "\n"])
        windows.append(glue.join(parts) + rng.choice(["", " ", "  ", "\n", ": ", ", ", " \n"]))
    return windows


def test_reversed_context_patterns_agree_with_the_originals() -> None:
    """name_context.ends_with(X_REV, before) is X.search(before) for every context pattern that ends in "$"."""
    windows = _before_windows()
    for original, reverse in _BEFORE_PAIRS:
        pattern, reversed_pattern = getattr(name_context, original), getattr(name_context, reverse)
        hits = 0
        for before in windows:
            expected = pattern.search(before) is not None
            hits += expected
            assert name_context.ends_with(reversed_pattern, before) is expected, (original, before)
        assert hits > 20, original
    for before in windows:
        expected = bool(name_context.PERSON_BEFORE.search(before) or name_context.NAME_LABEL.search(before))
        assert name_context.ends_with(name_context.PERSON_OR_LABEL_REV, before) is expected, before


def test_plain_zipf_is_wordfreqs_zipf_frequency() -> None:
    """ner_lexicon._plain_zipf (no tokeniser) gives wordfreq's own value for every kind of word it is used for."""
    import wordfreq

    from islandrun.core.privacy import ner_lexicon

    checked = 0
    for lang in ner_lexicon._LATIN_LANGS:
        words = [w for w in wordfreq.iter_wordlist(lang, "small") if w.isascii() and w.isalpha() and w.islower()]
        for word in [*words[::7], "zzqx", "qwertyuiopasdf", "a", "emma", "trump", "kowalczyk"]:
            assert ner_lexicon._plain_zipf(word, lang) == wordfreq.zipf_frequency(word, lang, wordlist="small"), (
                lang,
                word,
            )
            checked += 1
    assert checked > 20_000
    # other words take wordfreq's path
    for word, lang in (("müller", "de"), ("o'brien", "en"), ("Emma", "en"), ("привет", "ru"), ("emma", "tr")):
        assert ner_lexicon.zipf(word, lang) == wordfreq.zipf_frequency(word, lang, wordlist="small")


@pytest.mark.parametrize(
    "text",
    [
        "My PASSWORD for the portal is Hunter22x",
        "Mot de passe : abc123!",
        "Kennwort: x9y8z7w6",
        "wachtwoord = geheim123",
        "parola: abc123",
        "senha: 12345abc",
        "clave: Zx81!aa",
        "adgangskode: 1234abcd",
        "salasana: abc123!x",
        "Das Passwort fur das Portal lautet Tulpe#88",
        "Mein Passwort für das Kundenportal lautet Tulpe#88",
        "hasło: Zima2024!",
        "şifre: abc12345",
        "Пароль: qwerty123",
        "密码是 abc12345",
        "nothing secret here, 1234",
    ],
)
def test_password_gate_skips_only_texts_without_a_label(text: str) -> None:
    from islandrun.core.privacy import labelled_values

    slow = [m.span() for pattern in labelled_values._PASSWORD_AFTER_LABEL for m in pattern.finditer(text)]
    assert [m.span() for m in labelled_values._password_matches(text)] == slow
    assert slow or text.startswith("nothing")


def test_no_letter_is_a_digit() -> None:
    """names._runs takes a word of letters only (str.isalpha) for one without digits."""
    import sys

    assert not any(chr(c).isalpha() and chr(c).isdigit() for c in range(sys.maxunicode + 1))


def test_address_flags_are_the_token_rules() -> None:
    from islandrun.core.privacy import addresses
    from islandrun.core.privacy.tokens import Token

    text = "Ship to 12 Baker Street, Flat 3, Kastanienallee 7, 10435 Berlin; rue de la Paix 5 and 1st Ave."
    tokens = [Token(m.start(), m.end(), m.group(), m.group().lower()) for m in addresses._TOKEN.finditer(text)]
    streets, numeric = addresses._street_and_number_flags(tokens)
    assert streets == [addresses._is_street(t) for t in tokens] and any(streets)
    assert numeric == [addresses._is_number(t) for t in tokens] and any(numeric)


def test_cached_name_rules_match_their_uncached_selves() -> None:
    """names._ordinary_in, _rank_in and _ends_sentence are caches of pure rules; strip_accents leaves ASCII as is."""
    import unicodedata

    from islandrun.core.privacy.lexicons import strip_accents
    from islandrun.core.privacy.ner_lexicon import name_data

    for word in ("the", "winter", "trump", "obama", "kowalczyk", "straße", "emma.", "über", "zzqx"):
        for lang in ("en", "de", "fr", "pl"):
            for limit in (names._COMMON_MID, names._COMMON_START):
                assert names._ordinary_in(word, limit, lang) is names._ordinary_in.__wrapped__(word, limit, lang)
            assert names._rank_in(word, lang) == names._rank_in.__wrapped__(word, lang)
        slow = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        assert strip_accents(word) == slow
    for before in ("", ". ", "x, ", "\n", '"', "ab", "(", "a b"):
        assert names._ends_sentence(before) is (names._SENTENCE_END.search(before) is not None)
    assert name_data() is name_data()


@pytest.mark.parametrize(
    "text", ["Zoë and José in Köln", "Привет, Ганна", "ЇЖАК", "مرحبا", "こんにちは", "नमस्ते", "สวัสดี", "Γειά", "x"]
)
def test_any_script_gate_is_the_union_of_the_scripts(text: str) -> None:
    from islandrun.core.privacy import language

    assert (language._ANY_SCRIPT.search(text) is not None) is any(p.search(text) for _, p in language._SCRIPTS)


def test_indian_id_gate_branches_need_four_digits_or_an_at() -> None:
    from islandrun.core.privacy import indic_values

    branches = indic_values._LATIN_GATE.pattern.split("|")
    assert all(b == "@" or "\\d{4}" in b for b in branches), branches
    for text in ("ABCDE1234F", "MH 12 AB 1234", "22 BH 1234", "2345 6789 0123", "a@okaxis", "no ids here 123"):
        gate = indic_values._LATIN_GATE.search(text) is not None
        assert gate is (gate and ("@" in text or indic_values._FOUR_DIGITS.search(text) is not None))


@pytest.mark.parametrize(
    "text",
    [
        "Login: jsmith42",
        "My USERNAME: dark_knight",
        "user id = u-99812",
        "Benutzername: kmueller",
        "Anmeldename: kmueller",
        "identifiant : jdupont",
        "nom d'utilisateur: jdupont",
        "nombre de usuario: jperez",
        "nome utente: mrossi",
        "Personalnummer 448812",
        "Personal-Nr. 448812",
        "Mitarbeiternummer: 5512",
        "sicil no: 44812",
        "numero cliente 998812",
        "numer klienta: 55123",
        "kullanici adi: ayse.k",  # the dotless ı of the label takes an ASCII i
        "kullanıcı adı: ayşe",
        "Customer number is AB-55120, patient PT/00412",
        "recovery key ABCD1-EFGH2-IJKL3-MNOP4",
        "nothing labelled here",
    ],
)
def test_context_value_gates_skip_only_texts_without_their_cue(text: str) -> None:
    from islandrun.core.privacy import context_values as cv

    staff = [m.span() for m in cv._STAFF_LABELS.finditer(text)]
    assert not staff or cv._may_hold_staff_label(text)
    assert not list(cv._ROLE_ID.finditer(text)) or cv._ROLE_VALUE_HINT.search(text)
    assert not list(cv._RECOVERY_KEY.finditer(text)) or text.count("-") >= 2
    assert staff or text.startswith(("nothing", "Customer", "recovery"))


# Values a request's JSON carries with no word in them: times, dates, numbers, phones, amounts, addresses of hosts.
WORDLESS = [
    "",
    "14:30",
    "2026-12-15",
    "14.03.1986",
    "12/05/2024 08:00",
    "+47 412 55 873",
    "41255873",
    "(030) 1234-5678",
    "4111 1111 1111 1111",
    "378-07-9520",
    "192.168.0.1",
    "10.0.0.1:8080",
    "::1",
    "$1,250.00",
    "#42 - 7 * 3 = 21",
    " \n\t ",
    "*** --- ***",
    "2024_01_15",
    '[1, 2, {"3": 4}]',
]
# Letterless texts the shortcut must not take: a script's sign, other digits, other punctuation.
NOT_WORDLESS = ["〒530-0001", "€ 1.250,00", "１２３-４５６７", "٠٥٠١٢٣٤٥٦٧", "№ 12345", "12 345 ₹", "x", "É", "中", "क"]


def _without_letters() -> list[str]:
    """:data:`WORDLESS`, :data:`NOT_WORDLESS`, and every text of the repository's corpora with its letters taken
    out (digits, punctuation, spacing and marks are left: dates, numbers and phones in their real surroundings)."""
    import json
    from pathlib import Path

    texts = [*WORDLESS, *NOT_WORDLESS]
    for path in sorted((Path(__file__).parent / "data").glob("*.jsonl")):
        lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
        texts.extend(re.sub(r"[^\W\d_]", "", str(json.loads(line)["text"])) for line in lines)
    return texts


def test_wordless_texts_skip_only_finders_that_find_nothing_in_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text of digits, spacing and ASCII punctuation skips the lexical finders: the detector finds in it what
    it finds when every finder runs (a time, a date, a phone number are still found)."""
    from islandrun.core.privacy import detector as detector_module

    texts = _without_letters()
    gated = [t for t in texts if detector_module._WORDLESS.fullmatch(t)]
    assert set(WORDLESS) <= set(gated)
    assert not set(NOT_WORDLESS) & set(gated)
    shortcut = Detector()
    found = {t: shortcut.detect(t) for t in texts}
    assert any(e.type is EntityType.PHONE for t in WORDLESS for e in found[t])
    assert any(e.type is EntityType.DATE for t in WORDLESS for e in found[t])
    assert any(e.type is EntityType.ADDRESS for e in found["〒530-0001"])
    monkeypatch.setattr(detector_module, "_WORDLESS", re.compile("(?!)"))  # no text is wordless: every finder runs
    every_finder = Detector()
    for text in texts:
        assert every_finder.detect(text) == found[text], text
