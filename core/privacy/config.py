"""The `[privacy]` table: detection, the optional model classifier, sanitization."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..config_types import STRICT, Fraction

__all__ = ["PrivacyConfig"]


class PrivacyConfig(BaseModel):
    """Every field has a default that works with zero configuration."""

    model_config = STRICT

    # NER backend for names, places, organizations: "lexical" needs nothing extra; "spacy"/"both" need spaCy
    ner: Literal["lexical", "spacy", "both"] = "lexical"
    spacy_model: str = "en_core_web_sm"
    # findings below this confidence are neither counted nor replaced
    min_score: Fraction = 0.4
    # terms that are always sensitive (project code names, …) / never sensitive (your product's name)
    deny_terms: list[str] = Field(default_factory=list)
    allow_terms: list[str] = Field(default_factory=list)
    # second stage: a local model that labels what patterns cannot see. "auto": the local model that
    # passes the measured bar (core/privacy/classifier.py), else off (logged, shown by doctor);
    # a model name forces that model; "off" turns the stage off
    classifier_model: str | None = Field(default="auto", min_length=1)
    classifier_timeout_s: float = Field(default=10.0, gt=0.0, le=120.0)
    # content MIST cannot read (images, audio, files) never goes to an island that needs sanitising,
    # unless this says so explicitly (it is then sent as it is, with the rest of the request sanitised)
    send_unsanitizable: bool = False
    # the most text one request may carry; more is refused (413) before any detection runs
    max_request_chars: int = Field(default=262_144, ge=1_000, le=16_000_000)
