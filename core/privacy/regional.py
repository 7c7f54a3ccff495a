"""MIST for Thai, Bengali, Persian, Indonesian, Swahili and Filipino texts: one entry point for the detector.

The language test (:mod:`.regional_langs`: a script or two function words) comes first, so a text in
none of these languages costs one script test and one word scan; then the labelled values and
checksummed IDs (:mod:`.regional_values`), names after a title or a label (:mod:`.regional_names`),
addresses (:mod:`.regional_addresses`), Thai health terms (:mod:`.medical_thai`), Bengali ones with a case
ending (:mod:`.medical_bengali_forms`) and Persian compounds with a joiner (:mod:`.medical_persian_joined`); the
health terms of the other languages are in ``data/medical_multilingual.txt``.
"""

from __future__ import annotations

from .entities import Entity
from .medical_bengali_forms import find_bengali_inflected_medical
from .medical_persian_joined import find_persian_joined_medical
from .medical_thai import find_thai_medical
from .regional_addresses import find_regional_addresses
from .regional_langs import regional_languages
from .regional_names import find_regional_names
from .regional_values import find_regional_values

__all__ = ["find_regional"]


def find_regional(text: str) -> list[Entity]:
    """Findings of the regional finders for the languages of ``text`` (none when it is in none of them)."""
    langs = regional_languages(text)
    if not langs:
        return []
    found = find_regional_values(text, langs)
    found.extend(find_regional_names(text, langs))
    found.extend(find_regional_addresses(text, langs))
    if "th" in langs:
        found.extend(find_thai_medical(text))
    if "bn" in langs:
        found.extend(find_bengali_inflected_medical(text))
    if "fa" in langs:
        found.extend(find_persian_joined_medical(text))
    return found
