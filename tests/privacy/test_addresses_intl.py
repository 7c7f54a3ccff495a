"""Postal addresses in other scripts, lower case and national postcode shapes are found whole;
things that look like them (page ranges, versions, minutes, prices, resolutions) are not."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

ADDRESSES = [
    ("收件地址：广州市天河区体育西路103号", "体育西路103号"),
    ("住所は大阪府吹田市山田丘1-5-3です", "山田丘1-5-3"),
    ("送り先 〒530-0001 まで", "〒530-0001"),
    ("부산시 해운대구 센텀중앙로 79에서 만나요", "센텀중앙로 79"),
    ("العنوان: شارع التحلية، جدة", "شارع التحلية"),
    ("הכתובת שלי היא רחוב ביאליק 31", "רחוב ביאליק 31"),
    ("Адрес: г. Казань, ул. Баумана, д. 12", "ул. Баумана"),
    ("Доставка: Садовая, д. 7, кв. 3", "Садовая, д. 7"),
    ("Giao hàng tới 48 Trần Hưng Đạo, Quận 1, TP. Hồ Chí Minh", "48 Trần Hưng Đạo"),
    ("Wir wohnen jetzt in der Lindenallee 23 in Köln", "Lindenallee 23"),
    ("Stuur het naar Keizersgracht 112, 1015 CX Amsterdam", "Keizersgracht 112"),
    ("me mudé a avenida de la Paz 14, Sevilla", "avenida de la Paz 14"),
    ("send it to 7 mill lane, bristol bs1 4dj please", "7 mill lane"),
    ("postcode is m14 5tq", "m14 5tq"),
]
NOT_ADDRESSES = [
    "Read pages 12-15 of chapter 3 before Monday.",
    "バージョン3-2-1 のリリースノート",
    "지하철로 15분 걸립니다",
    "Stream 1080 HD at 60 fps on Spring 2024 hardware.",
    "We have 2 of them in place and 3 more on the way.",
    "Windows 10 and String 5 are not streets.",
    "Это займёт 5 минут, д. не указан.",
]


@pytest.mark.parametrize(("text", "value"), ADDRESSES)
def test_addresses_in_many_shapes_are_found(text: str, value: str) -> None:
    spans = [text[e.start : e.end] for e in default_detector().detect(text) if e.type is EntityType.ADDRESS]
    assert any(value in span for span in spans), spans


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_address_look_alikes_are_not_addresses(text: str) -> None:
    assert not [e for e in default_detector().detect(text) if e.type is EntityType.ADDRESS]
