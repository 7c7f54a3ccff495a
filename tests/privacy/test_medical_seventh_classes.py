"""The health-term classes the seventh leak set showed (issue 16), as rules a reader can check one by one.

Each test names what a clinic letter or a lab portal writes and what MIST must report as MEDICAL, and the everyday
words of the same shape that must stay as they are: Korean condition names by their head (-증, -염, -암, -장애)
and the certificates, rocks and outages that end alike; marker counts and serostatus ("CD4 612", "HBsAg positief")
and a trading card's "PSA 10"; qualifiers kept in the finding ("beginnende Katarakt"); drug names written in Thai,
Bengali, Gujarati and Telugu, and the frequent words that spell a drug's consonants by chance.
"""

from __future__ import annotations

import pytest

from islandrun.core.privacy.medical import find_medical


def _found(text: str) -> list[str]:
    return [e.text for e in find_medical(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("건강검진 결과 고지혈증이 있고 갑상선암 추적 중이에요.", ["고지혈증", "갑상선암"]),
        ("역류성 식도염 소견입니다.", ["역류성 식도염"]),
        ("동생이 우울장애로 치료 중입니다.", ["우울장애"]),
        ("소음성 난청 판정을 받았어요.", ["소음성 난청"]),
        ("አባቴ በስኳር በሽታ ይሰቃያል።", ["በስኳር በሽታ"]),
        ("Befund: beginnende Katarakt rechts.", ["beginnende Katarakt"]),
        ("pour épisode dépressif sévère, puis", ["épisode dépressif sévère"]),
        ("Lesione da pressione sacrale, medicata.", ["Lesione da pressione sacrale"]),
        ("viral load undetectable, CD4 612 today", ["CD4 612"]),
        ("Bij de keuring: HBsAg positief.", ["HBsAg positief"]),
        ("Meine CD4-Zahl ist 250, HIV-Test positiv.", ["CD4-Zahl ist 250", "HIV-Test positiv"]),
        ("Sie ist in der 20. SSW.", ["20. SSW"]),
        ('{"ya": "ริสเพอริโดน 4 มก."}', ["ริสเพอริโดน"]),
        ("ผู้ป่วยติดเมทแอมเฟตามีน", ["ติดเมทแอมเฟตามีน"]),
        ("রোগী এইচআইভি পজিটিভ, টেনোফোভির-লামিভুডিন চলছে।", ["টেনোফোভির", "লামিভুডিন"]),
        ('{"nidan": "सिलिकोसिस (प्रारंभिक)"}', ["सिलिकोसिस"]),
        ("મમ્મી મેટફોર્મિન 500 મિલિગ્રામ લે છે", ["મેટફોર્મિન"]),
        ("అమ్మ మెట్\u200cఫార్మిన్ 500 మి.గ్రా తీసుకుంటుంది", ["మెట్\u200cఫార్మిన్"]),
        ("Μετάφρασε: βαλπροϊκό οξύ 500.", ["βαλπροϊκό"]),
    ],
)
def test_health_terms_of_these_classes_are_found(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "운전면허증과 주민등록증을 가져오세요. 석굴암과 불국사 관람 순서도 알려줘.",
        "서버 장애로 접속이 안 돼요. 대기오염이 심한 날 마스크 추천해줘.",
        "내일 화상 회의 링크와 영수증 제출 마감을 알려 줘.",
        "Is my PSA 10 Charizard card worth more than a PSA 9?",
        "Wind aus SSW mit 20 km/h, dazu CD-ROM 4 und 612 Euro.",
        "ช่วยอธิบายวิธีติดตั้งโปรแกรม Python บน Windows และติดต่อฝ่ายไอทีอย่างไร",
        "जलवायु परिवर्तन के बारे में बताइए।",
        "জলবায়ু পরিবর্তন সম্পর্কে বলুন। আমাদের পরিকল্পনা কী?",
        "ሰላም እንዴት ነህ? ዛሬ ቡና እንጠጣ።",
        "આબોહવા પરિવર્તન વિશે કહો",
    ],
)
def test_everyday_words_of_the_same_shape_are_not(text: str) -> None:
    assert _found(text) == []


def test_an_english_word_after_a_term_is_no_romance_qualifier() -> None:
    # "severity" starts like Italian "severa": a finding is extended only over the listed word forms
    assert all("severity" not in f for f in _found("Our results relate mutations and disease severity in the cohort."))
