"""Licence plates after their label or in their national shape in a vehicle text, and VINs."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.vehicles import find_vehicle_ids, vin_check_ok


def _covered(text: str, value: str) -> bool:
    start = text.index(value)
    return any(e.start <= start and e.end >= start + len(value) for e in default_detector().detect(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Schadenmeldung: amtliches Kennzeichen B-KL 4471, Unfall auf der A9.", "B-KL 4471"),
        ("Constat : immatriculation AB-123-CD, voiture garée.", "AB-123-CD"),
        ("Incidente con l'auto targa AB 123 CD ieri sera.", "AB 123 CD"),
        ("Szkoda: nr rejestracyjny WA 12345, samochód osobowy.", "WA 12345"),
        ("kenteken 12-ABC-3 van mijn auto", "12-ABC-3"),
        ("UK car claim: reg AB12 CDE was scratched", "AB12 CDE"),
        ("My car LB19 XKE was hit in the car park.", "LB19 XKE"),
        ("Ma voiture GH-412-KL a été endommagée.", "GH-412-KL"),
        ("理赔：车牌号：京A·12345，追尾", "京A·12345"),
        ("госномер А123ВС77, ДТП вчера", "А123ВС77"),
        ('{"plate": "KR 4J771", "insured": true}', "KR 4J771"),
    ],
)
def test_licence_plates(text: str, value: str) -> None:
    assert _covered(text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("VIN 1M8GDM9AXKP042788 on the title", "1M8GDM9AXKP042788"),  # valid North American check digit
        ("FIN WVWZZZ1JZXW000001 laut Fahrzeugschein", "WVWZZZ1JZXW000001"),  # European: after its label
        ("Fahrzeug: BMW 320d, FIN WBA8E9G50GNT12345.", "WBA8E9G50GNT12345"),
    ],
)
def test_vins(text: str, value: str) -> None:
    assert _covered(text, value)


def test_vin_check_digit() -> None:
    assert vin_check_ok("1M8GDM9AXKP042788")
    assert not vin_check_ok("1M8GDM9A1KP042788")


@pytest.mark.parametrize(
    "text",
    [
        "Is the AMD RX 580 still good for 1080p gaming?",
        "Mein Auto braucht neue Reifen 205/55 R16, welche Marke ist gut?",
        "La voiture consomme 5,4 l/100 km sur autoroute.",
        "Quanto costa il bollo auto per una Fiat Panda del 2015?",
        "Mein PKW ist ein VW Golf 7, Baujahr 2016, 110 PS.",
        "Samochód Toyota Corolla 2018, silnik 1.6, przebieg 120000 km.",
        "GPU: NVIDIA RTX 4090 vs RX 7900 XTX benchmarks",
        "The car has a 2.0 TSI engine and the model code is 5G1.",
        "Plate 3 of the atlas shows the Alps.",
    ],
)
def test_vehicle_talk_without_a_plate_has_none(text: str) -> None:
    assert list(find_vehicle_ids(text)) == []
