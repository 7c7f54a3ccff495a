"""Name forms the seventh leak set showed (issue 16): Korean names outside Faker's lists, Japanese names with a space
and a rare family name, Ethiopic names, role labels in system prompts, bare names as tool values, and the short forms
a later chat turn uses for a person named in full elsewhere. Each rule is checked with what it must find and with
the everyday text it must leave alone (the family-name syllables of Korean open everyday words everywhere)."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.name_variants import given_name_forms, name_variants
from islandrun.core.privacy.names_ethiopic import find_ethiopic_names
from islandrun.core.privacy.names_korean import find_korean_names
from islandrun.core.privacy.ner_spaced_ja import find_japanese_spaced_names
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.sanitize import Sanitizer
from islandrun.core.privacy.vault import VaultStore


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


def _persons(detector: Detector, text: str) -> list[str]:
    return [e.text for e in detector.detect(text) if e.type.name == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("진료 기록 정리해 줘. 주치의 맹도윤, 다음 진료는 목요일.", "맹도윤"),  # a role word before it
        ("옆집 사는 길예준 씨가 택배를 대신 받아 줬어요.", "길예준"),  # an honorific after it
        ("2학년 1반 선우민서 학생의 상담 일지를 써 줘.", "선우민서"),  # a two-syllable family name
        ("황보지안", "황보지안"),  # a tool-call value that is the name alone
    ],
)
def test_korean_names_outside_the_lists_are_found(text: str, name: str) -> None:
    assert name in [e.text for e in find_korean_names(text)]


@pytest.mark.parametrize(
    "text",
    [
        "담당 의사 선생님께 물어볼 질문 목록을 만들어 줘.",
        "학생 지원서 양식 좀 만들어 줘.",
        "사장 연설문 초안을 다듬어 줘.",
        "이번 주말에 정말 가 볼 만한 조선 시대 유적지 추천해 줘.",
        "엄마 손맛이 나는 된장찌개 끓이는 법 알려 줘.",
        "한국어",
        "이메일",
    ],
)
def test_everyday_korean_is_no_name(text: str) -> None:
    assert find_korean_names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("予約者：西園寺 楓（2名）", "西園寺 楓"),  # MeCab knows the family name, the given kanji are split
        ("担当は 小比類巻 悠真 です。", "小比類巻 悠真"),
        ("名簿　東海林 みのり、ほか3名", "東海林 みのり"),  # a kana given name after a known family name
    ],
)
def test_spaced_japanese_names_with_rare_family_names(text: str, name: str) -> None:
    assert name in [e.text for e in find_japanese_spaced_names(text)]


@pytest.mark.parametrize(
    "text",
    ["東京 大阪 新幹線 料金", "京都 紅葉 見頃", "明治 時代 の 作家 で 夏目 漱石 以外 は 誰 ですか？", "田中 です。"],
)
def test_spaced_japanese_words_are_no_names(text: str) -> None:
    assert find_japanese_spaced_names(text) == []


def test_ethiopic_names_after_a_name_word_a_title_or_kin() -> None:
    found = [e.text for e in find_ethiopic_names("ስሜ አበበ ከበደ ነው። ወ/ሮ ትዕግስት ሞገስ ደወለች። ወንድሜ ዳዊት ታምሩ መጣ።")]
    assert found[:2] == ["አበበ ከበደ", "ትዕግስት ሞገስ"] and found[2].startswith("ዳዊት")
    assert find_ethiopic_names("ከአዲስ አበባ ወደ ጎንደር በአውቶቡስ ስንት ሰዓት ይወስዳል?") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("You assist the family law practice. Counsellor: Imogen Achterberg.", "Imogen Achterberg"),
        ("آپ ایک کلینک کی معاون ہیں۔ منیجر: نازیہ شفیق۔", "نازیہ شفیق"),
        ("আপনি একটি স্কুলের সহকারী। আইনজীবী: নাসরিন সুলতানা।", "নাসরিন সুলতানা"),
        ("Je helpt het team. Contactpersoon: Lotte van der Meulen.", "Lotte van der Meulen"),
    ],
)
def test_names_after_a_role_label(detector: Detector, text: str, name: str) -> None:
    assert name in _persons(detector, text)


@pytest.mark.parametrize("value", ["خالد عبد العزيز المطيري", "अंकित कुमार शर्मा"])
def test_a_value_that_is_only_a_name(detector: Detector, value: str) -> None:
    assert _persons(detector, value) == [value]


def test_short_forms_of_a_name() -> None:
    assert "julka" in given_name_forms("Julia") and "zuzia" in given_name_forms("Zuzanna")
    assert given_name_forms("Uczennica") == []  # no given name
    assert name_variants("Anna Lis") == []


def test_a_pet_form_in_another_turn_is_replaced() -> None:
    messages = (
        {"role": "user", "content": "julka znowu nie przyszła na lekcje, co robić?"},
        {"role": "user", "content": "Chodzi o uczennicę Julię Wrzos, klasa 6a. Julia Wrzos ma problemy w domu."},
    )
    done = Sanitizer(store=VaultStore()).sanitize_request("t-pet-form", ChatPayload(messages))
    assert "julka" not in done.payload.messages[0]["content"]
