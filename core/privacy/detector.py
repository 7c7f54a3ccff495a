"""MIST's detector: every sensitive entity in a text, with type, span and confidence.

One pass of each finder (structured identifiers with checksums, medical lexicon, postal
addresses, names), then overlaps are resolved (most confident, then longest, wins). The NER
backend for names, places and organizations is the lexical one (:mod:`.names`) by default;
``ner="spacy"`` uses a spaCy pipeline instead and ``ner="both"`` takes the union (spaCy is an
optional extra: ``pip install islandrun[bench]`` or any English spaCy model package).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Literal

from .addresses import find_addresses
from .entities import Entity, EntityType, resolve_overlaps
from .lexicons import warm_up
from .medical import find_medical
from .names import find_names
from .patterns import MIN_SCORE, find_structured, warm_up_patterns

if TYPE_CHECKING:
    from .config import PrivacyConfig

__all__ = ["Detector", "NerBackend", "default_detector", "detector_from_config"]

# A "phone" followed on its line by a capitalised word is a house number ("19607 107 Igias Street").
_HOUSE_NUMBER_AFTER = re.compile(r"[ \t]+[^\W\d_]*[A-ZÀ-Þ]")

NerBackend = Literal["lexical", "spacy", "both"]

# Findings that an address may not grow over.
_BARRIER_TYPES = frozenset(
    {
        EntityType.EMAIL,
        EntityType.URL,
        EntityType.IP_ADDRESS,
        EntityType.CREDIT_CARD,
        EntityType.IBAN,
        EntityType.SSN,
        EntityType.SECRET,
        EntityType.PHONE,
    }
)


class Detector:
    """Finds sensitive entities. Thread-safe and cheap to call; build once, reuse (see :func:`default_detector`)."""

    def __init__(
        self,
        *,
        ner: NerBackend = "lexical",
        spacy_model: str = "en_core_web_sm",
        min_score: float = MIN_SCORE,
        deny_terms: Iterable[str] = (),
        allow_terms: Iterable[str] = (),
    ) -> None:
        self.ner: NerBackend = ner
        self.spacy_model = spacy_model
        self.min_score = min_score
        self._deny = [t for t in (s.strip() for s in deny_terms) if t]
        self._deny_re = (
            re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in self._deny), re.IGNORECASE)
            if self._deny
            else None
        )
        self._allow = frozenset(t.strip().lower() for t in allow_terms if t.strip())
        self._spacy: Callable[[str], list[Entity]] | None = None
        self._lock = threading.Lock()
        self._ready = False

    def warm_up(self) -> None:
        """Load lexicons (and the spaCy pipeline) now rather than on the first request."""
        with self._lock:
            if self._ready:
                return
            warm_up()
            find_medical("")  # builds the Aho-Corasick automaton
            warm_up_patterns()
            find_addresses("1 Main Street")
            find_names("Warm up with Ingrid Solberg in Oslo.")
            if self.ner in ("spacy", "both"):
                from .ner_spacy import load_spacy_ner

                self._spacy = load_spacy_ner(self.spacy_model)
            self._ready = True

    def detect(self, text: str) -> list[Entity]:
        """Non-overlapping entities in text order, each with ``score >= min_score``."""
        if not self._ready:
            self.warm_up()
        found = find_structured(text)
        found.extend(find_medical(text))
        barriers = [
            (e.start, e.end)
            for e in found
            if e.type in _BARRIER_TYPES and e.score >= 0.6 and not _HOUSE_NUMBER_AFTER.match(text, e.end)
        ]
        found.extend(find_addresses(text, barriers))
        if self.ner in ("lexical", "both"):
            found.extend(find_names(text))
        if self._spacy is not None:
            found.extend(self._spacy(text))
        if self._deny_re is not None:
            found.extend(
                Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.99, "deny-list")
                for m in self._deny_re.finditer(text)
            )
        kept = [e for e in found if e.score >= self.min_score and e.text.strip().lower() not in self._allow]
        return resolve_overlaps(kept)


@cache
def default_detector() -> Detector:
    """The process-wide detector with default settings (lexicons load on first use)."""
    return Detector()


def detector_from_config(config: PrivacyConfig) -> Detector:
    """The detector the ``[privacy]`` table describes (NER backend, threshold, allow/deny terms)."""
    return Detector(
        ner=config.ner,
        spacy_model=config.spacy_model,
        min_score=config.min_score,
        deny_terms=config.deny_terms,
        allow_terms=config.allow_terms,
    )
