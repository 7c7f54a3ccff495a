"""The vault's and the sanitizer's shortcuts give what the plain walk gives (speed work, issue 16).

``Vault.needles_in`` finds the values a text holds with one Aho-Corasick scan instead of a substring test per
value; ``placeholder_for`` answers a value it has seen as given without folding it again; the detector's
warm-up builds the regional tables by name. Each is checked here against the slow path it replaces.
"""

from __future__ import annotations

from islandrun.core.privacy import medical_bengali_forms, medical_persian_joined, medical_thai
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.regional_warm import warm_up_regional
from islandrun.core.privacy.sanitize import Sanitizer
from islandrun.core.privacy.vault import Vault

_TEXTS = (
    "Ingrid Solberg and her husband Lars Solberg live at Thereses gate 14.",
    "ingrid wrote: mark this as done, will you? Mark Twain did not.",
    "刘晓燕处理了申请，晓燕说明天再来。",
    "민준에게 전화해 주세요. NL-448213 / nl-448213",
    "Nothing here that the vault knows.",
    "SOLBERG, INGRID — patient number NL-448213, phone +47 412 55 873",
)


def _vault() -> Vault:
    vault = Vault("t")
    vault.placeholder_for(EntityType.PERSON, "Ingrid Solberg")
    vault.placeholder_for(EntityType.PERSON, "Lars Solberg")  # shares the needle "solberg" with Ingrid's value
    vault.placeholder_for(EntityType.PERSON, "Mark")  # a common word: matched with its case only
    vault.placeholder_for(EntityType.PERSON, "刘晓燕")
    vault.placeholder_for(EntityType.PERSON, "민준")
    vault.placeholder_for(EntityType.ID_OTHER, "NL-448213")
    vault.placeholder_for(EntityType.PHONE, "+47 412 55 873")
    return vault


def _slow(vault: Vault, folded: str) -> list[tuple[str, object]]:
    return [(placeholder, pattern) for placeholder, needle, pattern in vault.needles() if needle in folded]


def test_needles_in_is_the_needles_a_text_holds_in_their_order() -> None:
    vault = _vault()
    for text in _TEXTS:
        folded = text.casefold()
        assert vault.needles_in(folded) == _slow(vault, folded)
    assert vault.needles_in("nothing at all") == []


def test_needles_in_follows_the_vault_as_it_grows() -> None:
    vault = Vault("t")
    assert vault.needles_in("ingrid solberg") == []
    vault.placeholder_for(EntityType.PERSON, "Ingrid Solberg")
    first = vault.needles_in("ingrid solberg")
    assert [p for p, _ in first] == [vault.placeholder_of("Ingrid Solberg")] * 3  # the value, Ingrid, Solberg
    vault.placeholder_for(EntityType.EMAIL, "ingrid@example.org")
    assert vault.needles_in("write to ingrid@example.org") == _slow(vault, "write to ingrid@example.org")


def test_a_value_seen_again_keeps_its_placeholder_and_can_become_numeric() -> None:
    vault = Vault("t")
    first = vault.placeholder_for(EntityType.BANK_ACCOUNT, "40916284")
    assert vault.placeholder_for(EntityType.BANK_ACCOUNT, "40916284") == first
    assert vault.numeric_original(first) is None
    assert vault.placeholder_for(EntityType.BANK_ACCOUNT, "40916284", numeric=True) == first
    assert vault.numeric_original(first) == 40916284
    # the same value written with other spacing or in other letters is another one, so that each comes back as it
    # was written
    anna = vault.placeholder_for(EntityType.PERSON, "Anna  Berg")
    assert vault.placeholder_for(EntityType.PERSON, "Anna  Berg") == anna
    spaced = vault.placeholder_for(EntityType.PERSON, "Anna Berg")
    assert spaced != anna and vault.original(spaced) == "Anna Berg"
    lower = vault.placeholder_for(EntityType.PERSON, "anna berg")
    assert lower != anna and vault.original(lower) == "anna berg"


def test_placeholders_stay_distinct_past_the_first_range() -> None:
    vault = Vault("t")
    placeholders = {vault.placeholder_for(EntityType.PERSON, f"Person Number{i}") for i in range(600)}
    assert len(placeholders) == 600
    assert all(vault.original(p) is not None for p in placeholders)


def test_values_learnt_anywhere_are_replaced_everywhere() -> None:
    """The replace pass (which uses needles_in) still replaces a value the detector misses in one text."""
    messages = (
        {"role": "user", "content": "Please ask solberg about it."},
        {"role": "user", "content": "My name is Ingrid Solberg, call me on +47 412 55 873."},
    )
    out = Sanitizer().sanitize_request("t", ChatPayload(messages))
    sent = " ".join(str(m["content"]) for m in out.payload.messages)
    assert "olberg" not in sent and "412 55 873" not in sent


def test_warm_up_regional_builds_the_three_tables() -> None:
    loaders = (medical_thai._automaton, medical_bengali_forms._index, medical_persian_joined._pattern)
    for loader in loaders:
        loader.cache_clear()
    warm_up_regional()
    assert all(loader.cache_info().currsize == 1 for loader in loaders)
