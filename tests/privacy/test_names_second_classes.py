"""Name, address and phone classes the second leak set showed missing, on texts of our own: romanised names
before Japanese honorifics, katakana full names, lower-case Turkish names before hanım/bey, "SURNAME, Given",
a full name after "my LinkedIn is", a Hebrew family name with a trailing geresh, a given name that is also a
capital inside a full name; Chinese lanes (弄), Japanese 丁目 with a dashed block, Vietnamese ngõ/hẻm; German
phone numbers with " / " after the area code. And look-alikes that must stay."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

PLACE = (EntityType.ADDRESS, EntityType.LOCATION)
FOUND = [
    ("明日はhiroshi suzukiさんと打ち合わせです", "hiroshi suzuki", (EntityType.PERSON,)),
    ("受付: 氏名 タナカ ユウキ 様、確認済み", "タナカ ユウキ", (EntityType.PERSON,)),
    ("annem için randevu al, doktoru öztürk hanım", "öztürk", (EntityType.PERSON,)),
    ("Name (as in passport): WANG, Meiling", "WANG, Meiling", (EntityType.PERSON,)),
    ("my instagram is Daniela Ferreira if you want to add me", "Daniela Ferreira", (EntityType.PERSON,)),
    ("הרופא המטפל: ד\"ר דנה רבינוביץ'.", "רבינוביץ", (EntityType.PERSON,)),
    ("Utente: Joana Sofia Carvalho, 44 anos", "Carvalho", (EntityType.PERSON,)),
    ("地址：北京市朝阳区建国路88弄3号1201室", "建国路88弄3号", PLACE),
    ("会場は名古屋市中区栄3丁目15-2 です。", "栄3丁目15-2", PLACE),
    ("Giao hàng tới số 7 ngách 12 phố Hoàng Hoa Thám, Ba Đình", "số 7 ngách 12", PLACE),
    ("Rückruf bitte unter 0911 / 45 22 81, danke.", "0911 / 45 22 81", (EntityType.PHONE,)),
]
UNCHANGED = [
    "Mix 1 / 2 cup of flour with 3 / 4 cup of milk.",
    "The ratio was 12 / 05 / 2024 in the old spreadsheet export?",
    "Pythonさんという名前のボットを作りたい",
    "USA, Canada and Mexico signed the agreement.",
    "Which Bulgarian city is older, Plovdiv or Sofia?",
]


@pytest.mark.parametrize(("text", "value", "kinds"), FOUND)
def test_name_address_and_phone_forms_are_found(text: str, value: str, kinds: tuple[EntityType, ...]) -> None:
    found = [(e.type, text[e.start : e.end]) for e in default_detector().detect(text)]
    assert any(kind in kinds and value in span for kind, span in found), found


@pytest.mark.parametrize("text", UNCHANGED)
def test_look_alikes_stay(text: str) -> None:
    found = [(e.type, e.text) for e in default_detector().detect(text)]
    assert not [f for f in found if f[0] in (EntityType.PERSON, EntityType.PHONE)], found
