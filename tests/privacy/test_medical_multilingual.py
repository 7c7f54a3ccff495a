"""Health terms outside English: inflected forms, drug names in other scripts, unspaced scripts."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.medical import find_medical
from islandrun.core.privacy.medical_multilingual import drug_key, skeleton, stem


def _found(text: str, term: str) -> bool:
    s = text.index(term)
    return any(f.start < s + len(term) and s < f.end for f in find_medical(text))


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Mama ma cukrzycę i nadciśnienie.", "cukrzycę"),  # Polish accusative of "cukrzyca"
        ("Po zawale serca bierze ramipryl.", "ramipryl"),  # Polish spelling of ramipril
        ("Врач подозревает туберкулёз.", "туберкулёз"),
        ("Мне прописали аторвастатин.", "аторвастатин"),  # an INN in Cyrillic, not listed as such
        ("Ο πατέρας μου παίρνει μετφορμίνη.", "μετφορμίνη"),
        ("У брата ВИЧ.", "ВИЧ"),
        ("Mi pareja es VIH positivo.", "VIH"),
        ("母はメトホルミンを飲んでいます。", "メトホルミン"),  # katakana, by consonant skeleton
        ("의사가 에스시탈로프람을 처방했어요.", "에스시탈로프람"),  # Hangul with a particle
        ("저는 공황장애 때문에 힘들어요.", "공황장애"),
        ("تم تشخيص أختي بسرطان الثدي.", "سرطان الثدي"),  # Arabic with the prefix "bi-"
        ("לאמא שלי יש סרטן השד.", "סרטן השד"),
        ("אני סובל מדיכאון.", "דיכאון"),  # Hebrew with the prefix "mi-"
        ("Gebeliğimin yirminci haftasındayım.", "Gebeliğimin"),  # Turkish suffixes
        ("他每天吃阿托伐他汀。", "阿托伐他汀"),  # Chinese INN stem -他汀 (-statin)
        ("У него болезнь Крона.", "болезнь Крона"),  # a Russian head with an eponym
        ("Mam stwierdzoną boreliozę.", "boreliozę"),  # Polish case form of an -oza condition
    ],
)
def test_health_terms_in_other_languages(text: str, term: str) -> None:
    assert _found(text, term)


@pytest.mark.parametrize(
    "text",
    [
        "Какой кредит выгоднее взять в банке?",
        "Мы ели раков на ужин.",  # "рак" (cancer) is also a crayfish: needs health context
        "영수증을 다시 발급받을 수 있나요?",
        "와인병을 재활용하는 방법을 알려주세요.",
        "서버 접속 장애가 발생했습니다.",
        "レストランのメニューをデザインしてください。",
        "これはしかたないですね。がんばってください。",
        "这个病毒式营销活动很成功。",
        "ما سبب ارتفاع أسعار النفط هذا العام؟",
        "השד מהאגדה הפחיד את הילדים.",
        "Şeker fiyatları neden arttı?",
        "Przyjechał Hamilton i Kurt.",
        "Protože přestože předchozí ekonomie.",
        "Ekonomia i astronomia na poziomie.",
    ],
)
def test_everyday_text_stays_clean(text: str) -> None:
    assert find_medical(text) == []


def test_weak_term_needs_health_context() -> None:
    assert _found("У мамы рак, врач назначил химиотерапию.", "рак")


def test_spelling_keys_and_skeletons() -> None:
    assert drug_key("ramiprylu") == drug_key("ramipril")
    assert drug_key("метформина") == drug_key("metformin")
    assert skeleton("セルトラリン", "kana") == skeleton("sertraline")
    assert skeleton("سيرترالين", "ar") == skeleton("sertraline")
    assert stem("cukrzyce") == stem("cukrzyca") == stem("cukrzycy")
