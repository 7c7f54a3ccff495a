"""Identifier classes the second leak set showed missing, on texts of our own: reference numbers whose
prefix has several letter groups ("PICC-SH-…", "PZU/KR/…") after their label, an issuer or an owner
between the label and the value ("dossier ANEF : …", "Polisnummer van Sanne: …"), a nationality before
"n°", Portugal's "CC n.º", police report numbers; one-time codes (TAN, OTP, verification codes); SegWit
addresses whose checksum fails; log-in names a few words after their label. And what must stay."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

FOUND = [
    ("Please file the water damage under policy KT-HO-5521-8830 before Friday.", "KT-HO-5521-8830", None),
    ("Schadenmeldung zur Police AXA/HR/2022/771203, Wasserschaden in der Küche.", "AXA/HR/2022/771203", None),
    ("理赔单号：CPIC-BJ-2024-00551827，请尽快处理", "CPIC-BJ-2024-00551827", None),
    ("Numéro de dossier CAF : CAF-13-2023-448120, merci de vérifier.", "CAF-13-2023-448120", None),
    ("Pasaporte peruano n° PE7730412, caducado el año pasado.", "PE7730412", None),
    ("Polisnummer van Joris: VG-7710-2254-NL staat op de pas.", "VG-7710-2254-NL", None),
    ("Titular com CC n.º 30417762 8ZX1, solteiro.", "30417762 8ZX1", None),
    ("I attached the police report MPS-23-884120 to the claim form.", "MPS-23-884120", None),
    ("Die mTAN für die Überweisung lautet 551 902, bitte eintragen.", "551 902", EntityType.SECRET),
    ("Te paso el código de verificación: 884213 que me llegó por SMS.", "884213", EntityType.SECRET),
    ("Your one-time passcode is 40918823.", "40918823", EntityType.SECRET),
    ("Kod SMS do przelewu to 662019.", "662019", EntityType.SECRET),
    ("인증번호 [773915]를 입력하세요", "773915", EntityType.SECRET),
    ("Send the refund to bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlq please", None, EntityType.BANK_ACCOUNT),
    ("Me pidieron el usuario de la app del banco (mtorres.vidal82) y no sé si dárselo.", "mtorres.vidal82", None),
]
CLEAN = [
    "Our refund policy covers 30 days after purchase.",
    "The police report said three cars were involved near exit 12.",
    "Add the tan leather jacket, size 40, to the list.",
    "The code has 1234 lines and 15 modules; can you review it?",
    "Set UTF-8 and ISO-8859-1 as the accepted encodings in the config.",
    "Read section 4.2 of the terms for the rest of the policy details.",
]


@pytest.mark.parametrize(("text", "value", "kind"), FOUND)
def test_identifier_classes_are_found(text: str, value: str | None, kind: EntityType | None) -> None:
    found = default_detector().detect(text)
    spans = [(e.type, text[e.start : e.end]) for e in found]
    hits = [(k, span) for k, span in spans if value is None or value in span]
    assert hits, spans
    if kind is not None:
        assert any(k is kind for k, _ in hits), spans


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_keeps_its_numbers(text: str) -> None:
    found = [(e.type, e.text) for e in default_detector().detect(text) if e.type is not EntityType.PERSON]
    assert not [f for f in found if any(c.isdigit() for c in f[1])], found
