"""Classes that crossed module lines (issue 16, H7): a given name taken for a bare eponym, a place taken for a
health term by its ending or stem, burn-out missing, Filipino "may" (there is) read as the month, an inflected
city taken for a "-ska" family name, Persian read as Arabic, a Thai title's letters inside a longer word.
The sentences are written for these tests; none is copied from a test set."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import Entity, EntityType
from islandrun.core.privacy.language import guess_language
from islandrun.core.privacy.medical import find_medical
from islandrun.core.privacy.regional_langs import regional_languages


def _found(text: str) -> list[Entity]:
    return default_detector().detect(text)


def _texts(text: str, kind: EntityType) -> list[str]:
    return [e.text for e in _found(text) if e.type is kind]


# 1. A given name is no bare eponym -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Péter szerint holnap esni fog az eső Szegeden.",
        "Holnap Péterrel és Annával megyünk kirándulni a Mátrába.",
    ],
)
def test_a_given_name_alone_is_no_medical_term(text: str) -> None:
    assert _texts(text, EntityType.MEDICAL) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kovács Péter holnap jön a rendelésre, mert fáj a háta.", "Péter"),
        ("Anna Canavan called the clinic about her appointment on Monday.", "Canavan"),
    ],
)
def test_a_word_of_a_full_name_stays_in_the_person(text: str, name: str) -> None:
    assert _texts(text, EntityType.MEDICAL) == []
    assert any(name in person for person in _texts(text, EntityType.PERSON))


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("My father was diagnosed with Parkinson's disease last year.", "Parkinson's disease"),
        ("Mia sorella ha il morbo di Crohn da dieci anni.", "Crohn"),
    ],
)
def test_eponyms_with_their_disease_word_are_still_found(text: str, term: str) -> None:
    assert any(term in found for found in _texts(text, EntityType.MEDICAL))


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The boy has Canavan and needs a wheelchair.", "Canavan"),
        ("Her Addison's was found after a crisis in hospital.", "Addison's"),
    ],
)
def test_a_bare_eponym_that_is_no_given_name_or_has_a_possessive_is_a_term(text: str, term: str) -> None:
    # the medical finder's own answer: the detector then weighs it against the name finder's
    assert term in [e.text for e in find_medical(text)]


# 2. A place is no health term by its ending or stem ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ho prenotato un albergo a Cefalù per agosto: cosa vedere vicino a Cefalù?",
        "Kami mau ke Pantai Parangtritis besok pagi, ada saran tempat makan di sana?",
    ],
)
def test_a_place_phrase_is_no_medical_term(text: str) -> None:
    assert _texts(text, EntityType.MEDICAL) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Ho una cefalea fortissima da tre giorni.", "cefalea"),
        ("Ich habe seit Jahren Arthrose im Knie.", "Arthrose"),
        ("She was treated for cholangitis in March.", "cholangitis"),
    ],
)
def test_endings_and_stems_outside_place_phrases_still_count(text: str, term: str) -> None:
    assert any(term in found for found in _texts(text, EntityType.MEDICAL))


# 3. Burn-out ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("I have had burnout since March and my doctor signed me off work.", "burnout"),
        ("Ich habe ein Burn-out-Syndrom und bin seit Mai krankgeschrieben.", "Burn-out-Syndrom"),
        ("Je suis en burn-out depuis deux mois, que dire à mon employeur ?", "burn-out"),
        ("Od roku mam wypalenie zawodowe i chodzę na terapię.", "wypalenie zawodowe"),
        ("Me diagnosticaron síndrome de burnout en enero.", "síndrome de burnout"),
    ],
)
def test_burnout_is_a_health_term_in_several_languages(text: str, term: str) -> None:
    assert term in _texts(text, EntityType.MEDICAL)


def test_a_general_question_about_burnout_goes_out_unchanged() -> None:
    assert _found("How can software teams avoid burnout during a long release?") == []


# 4. Filipino "may" ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "May 1 akong tanong tungkol sa pagluluto ng adobo, paano ba ito gawin?",
        "May 2 kaming anak at gusto naming malaman kung ano ang magandang paaralan sa Cebu.",
    ],
)
def test_filipino_may_before_a_number_is_no_date(text: str) -> None:
    assert guess_language(text) == "fil"
    assert _texts(text, EntityType.DATE) == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The meeting with my landlord is on May 1 at noon.", "May 1"),
        ("Ang kaarawan ko ay sa May 1, 1990 at ako ay taga Maynila.", "May 1, 1990"),
    ],
)
def test_may_as_a_month_stays_a_date(text: str, date: str) -> None:
    assert date in _texts(text, EntityType.DATE)


# 5. An inflected city is no "-ska" family name ------------------------------------------------------


def test_an_inflected_city_is_no_family_name() -> None:
    text = "Jadę do Gdańska w przyszłym tygodniu, co warto zobaczyć w okolicy?"
    assert _texts(text, EntityType.PERSON) == []


def test_a_ska_family_name_is_still_found() -> None:
    assert _texts("Pani Nowakowska nie przyszła dziś do pracy.", EntityType.PERSON) == ["Nowakowska"]


# 6. Persian is not Arabic ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "هوا در تهران چطور است؟ فردا باران می‌بارد؟",
        "بهترین کتاب برای یادگیری زبان انگلیسی چیست؟",
    ],
)
def test_persian_text_is_read_as_persian_in_both_places(text: str) -> None:
    assert guess_language(text) == "fa"
    assert "fa" in regional_languages(text)


def test_arabic_text_stays_arabic() -> None:
    text = "ما هي أفضل طريقة لتعلم اللغة الإنجليزية في المنزل؟"
    assert guess_language(text) == "ar"
    assert "fa" not in regional_languages(text)


def test_a_persian_name_after_a_title_is_still_found() -> None:
    assert any("رضایی" in p for p in _texts("آقای علی رضایی فردا به مطب می‌آید.", EntityType.PERSON))


# 7. A Thai title's letters inside a longer word ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ไปเที่ยวภูเก็ตเดือนมิถุนายนดีไหม ฝนตกเยอะหรือเปล่า",
        "ขอบคุณมากครับ คุณภาพดีไหม ร้านนี้น่าลอง",
    ],
)
def test_a_thai_title_inside_a_word_makes_no_name(text: str) -> None:
    assert _texts(text, EntityType.PERSON) == []


@pytest.mark.parametrize(
    "text",
    ["ทนายความของผมชื่อ นายสมชาย ใจดี", "กรุณาติดต่อนายสมชาย ใจดี ได้ที่สำนักงาน"],
)
def test_a_thai_name_after_a_title_is_still_found(text: str) -> None:
    assert _texts(text, EntityType.PERSON) == ["สมชาย ใจดี"]
