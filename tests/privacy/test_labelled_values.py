"""National identifiers of more countries, identifiers and passwords after labels in more scripts,
and random-looking API tokens; their look-alikes in ordinary text stay clean."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

SENSITIVE = [
    ("居民身份证：44030419880915311X，请核对", "44030419880915311X", EntityType.NATIONAL_ID),
    ("Il mio codice fiscale è RSSMRA85T10A562S", "RSSMRA85T10A562S", EntityType.NATIONAL_ID),
    ("個人番号は 987654321012 です", "987654321012", EntityType.NATIONAL_ID),
    ("СНИЛС: 112-233-445 95", "112-233-445 95", EntityType.NATIONAL_ID),
    ("TC Kimlik No: 10000000146", "10000000146", EntityType.NATIONAL_ID),
    ("NI number AB 12 34 56 D on the form", "AB 12 34 56 D", EntityType.NATIONAL_ID),
    ("Geschäftszeichen: 5 C 881/24", "5 C 881/24", EntityType.NATIONAL_ID),
    ("wifi 密码：Tea!house88", "Tea!house88", EntityType.SECRET),
    ("Пароль: Zima2023!", "Zima2023!", EntityType.SECRET),
    ("La contraseña es Gato.negro77", "Gato.negro77", EntityType.SECRET),
    ("STRIPE=acme_live_Q2w3E4r5T6y7U8i9O0pA", "acme_live_Q2w3E4r5T6y7U8i9O0pA", EntityType.SECRET),
    ("export TOKEN=pX7qR2sT9vW4yZ1aB6cD8eF3gH5", "pX7qR2sT9vW4yZ1aB6cD8eF3gH5", EntityType.SECRET),
]
CLEAN = [
    "Your password must have at least 12 characters and one digit.",
    "Passwort vergessen? Klicken Sie auf den Link.",
    "The RFC 9110 defines HTTP semantics.",
    "class AbstractSingletonProxyFactoryBean2024 extends Base",
    "request id 550e8400-e29b-41d4-a716-446655440000 failed",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
]


@pytest.mark.parametrize(("text", "value", "kind"), SENSITIVE)
def test_labelled_and_checksummed_values_are_found(text: str, value: str, kind: EntityType) -> None:
    found = [(e.type, text[e.start : e.end]) for e in default_detector().detect(text)]
    assert any(k is kind and value in span for k, span in found), found


@pytest.mark.parametrize("text", CLEAN)
def test_look_alikes_are_not_secrets_or_ids(text: str) -> None:
    kinds = {e.type for e in default_detector().detect(text)}
    assert not kinds & {EntityType.SECRET, EntityType.NATIONAL_ID, EntityType.ID_OTHER}, kinds
