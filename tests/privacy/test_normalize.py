"""The detection view: full-width, zero-width and look-alike characters are seen through, and every
finding still points at exactly the characters the user typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.normalize import lower_view, normalize


@pytest.mark.parametrize(
    ("original", "view"),
    [
        ("ｍａｒｉａ＠ｂｅｉｓｐｉｅｌ．ｄｅ", "maria@beispiel.de"),  # full width
        ("+49\u00a0151\u00a02345\u00a06789", "+49 151 2345 6789"),  # no-break spaces
        ("07\u200b700\u00ad900\u2060123", "07700900123"),  # zero-width space, soft hyphen, word joiner
        ("\ufeffhello", "hello"),  # byte order mark
        ("p\u0430ul@m\u0430il.com", "paul@mail.com"),  # Cyrillic а inside a Latin address
        ("Ελλάδα ΑΒ12", "Ελλάδα ΑΒ12"),  # Greek words with no Latin letter: left alone
        ("Ε-mail", "E-mail"),  # a Greek capital inside a Latin word: folded
        ("٠٧٩١٢٣٤٥٦٧٨", "07912345678"),  # Arabic-Indic digits
        ("ﬁle", "file"),  # a ligature becomes two letters
    ],
)
def test_view_sees_through_disguises(original: str, view: str) -> None:
    assert normalize(original).text == view


def test_plain_text_is_returned_as_is() -> None:
    for text in ["plain ASCII text 123", "Zürich, Ελλάδα, Москва, 東京", "日本語のテキストです"]:
        result = normalize(text)
        assert result.identity
        assert result.text is text


def test_words_in_other_scripts_keep_their_letters() -> None:
    assert normalize("Привет, Анна! Ответь на anna@mail.ru").text == "Привет, Анна! Ответь на anna@mail.ru"


def test_superscripts_do_not_lengthen_numbers() -> None:
    assert normalize("area 120 m² (½ of it)").text == "area 120 m² (½ of it)"


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("schreib an ｔｏｍ．ｋｒａｕｓｅ＠ｗｅｂ．ｄｅ bitte", EntityType.EMAIL, "ｔｏｍ．ｋｒａｕｓｅ＠ｗｅｂ．ｄｅ"),
        ("my mail is d\u0435nis.k@proton.me", EntityType.EMAIL, "d\u0435nis.k@proton.me"),
        ("call 020\u200b7946\u200b0321 tonight", EntityType.PHONE, "020\u200b7946\u200b0321"),
        (
            "ＩＢＡＮ ＤＥ８９３７０４００４４０５３２０１３０００",
            EntityType.IBAN,
            "ＤＥ８９３７０４００４４０５３２０１３０００",
        ),
        ("SSN ０７８－０５－１１２１ on file", EntityType.SSN, "０７８－０５－１１２１"),
    ],
)
def test_disguised_values_are_found_with_their_original_characters(text: str, kind: EntityType, value: str) -> None:
    ents = default_detector().detect(text)
    assert any(e.type is kind and e.text == value for e in ents), ents


def test_zero_width_characters_at_the_edges_stay_outside_the_span() -> None:
    text = "mail \u200bjo@example.org\u200b now"
    (ent,) = [e for e in default_detector().detect(text) if e.type is EntityType.EMAIL]
    assert ent.text == "jo@example.org"


def test_lower_view_keeps_the_length() -> None:
    for text in ["İstanbul ŞEHİR", "STRASSE ẞ", "ǅemal", "ΣΑΣ"]:
        assert len(lower_view(text)) == len(text)


_TRICKY = st.sampled_from(
    ["\u200b", "\u200d", "\u00ad", "\ufeff", "ｅ", "＠", "１", "а", "о", "\u0301", "ﬁ", "²", "٣", "\u00a0", "İ"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=8), _TRICKY), max_size=40).map("".join))
def test_every_span_of_the_view_maps_to_whole_original_characters(text: str) -> None:
    view = normalize(text)
    if view.identity:
        assert view.text == text
        return
    assert len(view.starts) == len(view.ends) == len(view.text)
    for i in range(len(view.text)):
        start, end = view.span(i, i + 1)
        assert 0 <= start < end <= len(text)
    for i in range(len(view.text) - 1):
        assert view.starts[i] <= view.starts[i + 1]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=10),
            _TRICKY,
            st.sampled_from(["an\u200bna@exa\u0430mple.com", "+44 20 7946 0958", "ｐｉｎ ４８２１", "PIN 1234"]),
        ),
        max_size=20,
    ).map("".join)
)
def test_findings_on_any_unicode_are_exact_spans_of_the_original(text: str) -> None:
    for e in default_detector().detect(text):
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
