"""The default NER backend: names, places and organizations from capitalisation and lexicons.

It needs no model download and runs in well under a millisecond per sentence. A run of
capitalised words (with name particles such as "van", "de", "dei" and initials such as "D.")
is a candidate; ordinary English words capitalised at a sentence start or in a title ("Please",
"The", "Personal Info") are told apart with ``wordfreq``'s frequency ranking; first-name and
place lexicons and context words (titles, "lives in", "works for", company suffixes) decide the
type and raise the confidence. spaCy can replace or complement it (:mod:`.ner_spacy`).

Beyond capitalised English: given and family names of ~80 locales (:mod:`.ner_lexicon`), words
ordinary in the text's language (:mod:`.language` guesses it) or programming terms are no names
without support; a brand (:func:`.ner_lexicon.is_brand`) with its product or a model designation
("a Lenovo", "Xiaomi Redmi", "Canon EOS R50", "Dell XPS 13") is no person, a brand alone is a company;
a question word opening a sentence ("Chi", "Perché") is no part of a name; lower-case names in chat
text (:mod:`.ner_lowercase`, :mod:`.ner_chat`: "my name is …", "emma and kaite"), names in scripts
without capitals (:mod:`.ner_scripts`, :mod:`.ner_han` for Chinese and Japanese full names without
an honorific), family names alone by their shape (:mod:`.ner_surnames`: Russian, Ukrainian, Arabic
ال…, Hebrew, Vietnamese, Polish), the values of name fields in any script (:mod:`.ner_labels`), and
Chinese and Japanese names by taggers (:mod:`.ner_segment`). The cues before a run: :mod:`.name_context`.
"""

from __future__ import annotations

import bisect
import re
import threading
from contextvars import ContextVar
from functools import cache, lru_cache

from .entities import Entity, EntityType
from .language import UNDETERMINED, guess_language, is_stop_word
from .lexicons import common_rank, country_names, first_names, place_names, strip_accents
from .lines import is_code
from .name_cases import case_stem
from .name_context import (
    A_BEFORE_REV,
    AFFILIATION_BEFORE_REV,
    KIN_HEADS,
    ORG_BEFORE_REV,
    PERSON_OR_LABEL_REV,
    PLACE_BEFORE_REV,
    ends_with,
)
from .name_kinds import beside_a_brand, inflected_place, names_a_thing, opens_question
from .name_words import (
    _IMPERATIVE_NEXT,
    _LANDMARK_HEADS,
    _LANDMARK_TAILS,
    _NOT_NAMES,
    _ORG_HEADS,
    _ORG_SUFFIXES,
    _PARTICLES,
    _PERSON_AFTER,
    _QUESTION_WORDS,
    _ROLES,
    _STOP_CAPS,
    _STREETS,
    _TITLES,
    _TITLES_AFTER,
    after_facility,
)
from .names_central_asian import central_asian_place, not_a_person
from .names_south_slavic import saint_before, south_slavic_place
from .ner_chat import find_announced_names, names_listed_with, with_lowercase_surname
from .ner_labels import find_labelled_names
from .ner_lexicon import (
    is_brand,
    is_brand_title,
    is_international,
    is_tech_term,
    name_data,
    utf8_first_names,
    warm_up_name_data,
)
from .ner_lowercase import find_lowercase_names, find_lowercase_places, find_lowercase_surnames
from .ner_name_forms import find_name_forms
from .ner_scripts import find_script_names
from .ner_surnames import find_surnames
from .tokens import Token, new_token

__all__ = ["PLACE_FORM", "find_names", "text_language", "warm_up_names"]


_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?(?:\.(?=\s|$|,))?|[A-Z]\.(?:[A-Z]\.)+")
_SENTENCE_STOP = re.compile(r"[.!?\n。！？]")
# a model designation after a capitalised run makes it a product: "Dell XPS 13", "Galaxy S24", "Canon EOS R50"
_MODEL_CODE = re.compile(r"[ \t]+(?:(?=[A-Za-z-]*\d)(?=\d*[A-Za-z])[A-Za-z0-9-]{2,8}|(?P<number>\d{1,4}))\b")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“'‘`(\[{•*#>|=¿¡«-])\s*$")  # ¿ ¡ «: a Spanish question opens one
_MAX_RUN = 12
_COMMON_MID = 4000  # a capitalised word this common in the middle of a sentence still counts as ordinary
_COMMON_START = 40000
_INTERNATIONAL_MIN_RANK = 300  # below this rank even a word spelled alike in many languages is grammar
_COMMON_LONE = 15000  # a lone capitalised word this common needs a lexicon or the context to be a name


def _is_initial(tok: Token) -> bool:
    return len(tok.text) <= 2 and tok.text[0].isupper() and (len(tok.text) == 1 or tok.text[1] == ".")


# The language of the text being read (set by find_names): its ordinary words are not names either.
_LANGUAGE: ContextVar[str] = ContextVar("mist_text_language", default="en")


def _ordinary(lower: str, limit: int) -> bool:
    return _ordinary_in(lower, limit, _LANGUAGE.get())


@lru_cache(maxsize=1 << 16)
def _ordinary_in(lower: str, limit: int, lang: str) -> bool:
    """:func:`_ordinary` in the text language ``lang`` (cached: the same words come back in every text)."""
    word = lower.rstrip(".")
    rank = common_rank(word)
    if rank is not None and rank < limit:
        return not (rank >= _INTERNATIONAL_MIN_RANK and is_international(word))
    if lang == "en":
        return False
    if is_stop_word(word, lang):
        return True  # "Ni", "Nina" opening a Swahili sentence (no word list for it)
    other = common_rank(word, lang)
    return other is not None and other < limit


@cache
def _given_names() -> frozenset[str]:
    """gender-guesser's first names and Faker's, every script, lower-cased."""
    return first_names() | name_data().first | utf8_first_names()


def _rank_any(word_lower: str) -> int | None:
    """The word's rank among the common words of English or of the text's language, whichever is lower."""
    return _rank_in(word_lower, _LANGUAGE.get())


@lru_cache(maxsize=1 << 16)
def _rank_in(word_lower: str, lang: str) -> int | None:
    ranks = [r for r in (common_rank(word_lower), common_rank(word_lower, lang)) if r is not None]
    return min(ranks) if ranks else None


def _rarity(word_lower: str) -> int:
    """:func:`_rank_any`, with words outside every list ranked last."""
    rank = _rank_any(word_lower)
    return 10**6 if rank is None else rank


def _tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN.finditer(text):
        word = m.group()
        start, end = m.span()
        if word[-1] == "." and len(word) > 4 and word.lower() not in _ORG_SUFFIXES:
            word, end = word[:-1], end - 1
        append(new_token(Token, (start, end, word, word.lower())))
    return tokens


_CAMEL = re.compile(r"[a-zà-ÿ]{2}[A-ZÀ-Þ]")
_CAMEL_OK = re.compile(r"^(?:Mc|Mac|De|Di|Da|Le|La|Van|Von|O')")


def _identifier(word: str) -> bool:
    """``UserRepository``, ``JavaScript``, ``OpenAI``, ``A-Za-z``, ``Luhn-valid``: code, brands and compounds,
    not people (but McGregor, Garcia-Roberson)."""
    if "-" in word:
        parts = word.split("-")
        if any(len(part) <= 1 for part in parts) or any(
            part[:1].islower() and part not in _PARTICLES for part in parts[1:]
        ):  # a particle may open the second family name: "de Vries-van den Berg"
            return True
    return bool(_CAMEL.search(word)) and not _CAMEL_OK.match(word) and word.lower() not in _ORG_SUFFIXES


def _possessive(tok: Token) -> bool:
    return tok.lower.endswith(("'s", "’s"))


def _runs(text: str) -> list[list[Token]]:
    tokens = _tokens(text)
    runs: list[list[Token]] = []
    current: list[Token] = []
    pending: list[Token] = []  # particles waiting for a capitalised word to follow
    for tok in tokens:
        gap = text[(pending[-1] if pending else current[-1]).end : tok.start] if current else ""
        joined = (
            bool(current)
            and gap in (" ", "  ", "\t")
            and (not _possessive(current[-1]) or tok.lower.rstrip(".") in _ORG_SUFFIXES)
        )
        if (
            tok.text[0].isupper()  # Token.capitalised, without the property call
            and "_" not in tok.text
            and (tok.text.isalpha() or not any(c.isdigit() for c in tok.text))  # no letter is a digit
            and not _identifier(tok.text)
            and tok.lower not in _STOP_CAPS
            and tok.lower not in _NOT_NAMES
        ):
            if joined:
                current.extend(pending)
                current.append(tok)
            else:
                if current:
                    runs.append(current)
                current = [tok]
            pending = []
        elif (
            joined
            # "van der", "de la": a second particle only after a given name ("Femke van der Heijden", not
            # "Blätter von den Bäumen")
            and (not pending or (len(pending) == 1 and current[-1].lower in _given_names()))
            and (tok.lower in _PARTICLES or (not pending and tok.lower == "of" and current[-1].lower in _ORG_HEADS))
        ):
            pending.append(tok)
        else:
            if current:
                runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    # a name is a few words; a "run" of hundreds (a shouted page, a table) is cut into pieces
    return [run[k : k + _MAX_RUN] for run in runs for k in range(0, len(run), _MAX_RUN)]


def _at_sentence_start(text: str, index: int) -> bool:
    return _ends_sentence(text[max(0, index - 3) : index])


@lru_cache(maxsize=4096)
def _ends_sentence(before: str) -> bool:
    """Whether the (at most three) characters before a word end a sentence or open a line, quote or list item."""
    return _SENTENCE_END.search(before) is not None


def _given_first(lower: str, names: frozenset[str]) -> bool:
    """A given name that is no ordinary English word ("Ana", not "The" or "Will")."""
    return lower in names and not _ordinary(lower, _COMMON_MID)


def _classify(text: str, run: list[Token]) -> Entity | None:
    names, places, countries = _given_names(), place_names(), country_names()
    surnames = name_data().last
    start_of_sentence = _at_sentence_start(text, run[0].start)
    # a known place as a whole ("Los Angeles", "United Kingdom", "Spain") is a place whatever its words are
    for size in range(min(len(run), 6), 0, -1):  # no place name has more than six words
        for offset in range(len(run) - size + 1):
            part = run[offset : offset + size]
            name = text[part[0].start : part[-1].end].lower()
            if size == 1 and offset > 0 and name in names and all(_given_first(t.lower, names) for t in run[:offset]):
                continue  # a given name that is also a capital, inside a full name: "Ana Sofia Magalhães"
            if name in countries or (size > 1 and name in places):
                return Entity(
                    EntityType.LOCATION, part[0].start, part[-1].end, text[part[0].start : part[-1].end], 0.85, "names"
                )
    before = text[max(0, run[0].start - 32) : run[0].start]
    titled = False
    person_context = ends_with(PERSON_OR_LABEL_REV, before)  # _PERSON_BEFORE or _NAME_LABEL
    org_like = len(run) > 1 and (
        any(t.lower in _ORG_SUFFIXES for t in run[1:])
        or run[0].lower in _ORG_HEADS
        or ends_with(ORG_BEFORE_REV, before)
    )
    if org_like:
        while run and (common_rank(run[0].lower) or 10**6) < 300:
            run = run[1:]  # "The", "Our"
        if not run:
            return None
        if len(run) > 1 or run[0].lower not in _ORG_SUFFIXES:
            return Entity(
                EntityType.ORGANIZATION, run[0].start, run[-1].end, text[run[0].start : run[-1].end], 0.75, "names"
            )
    if len(run) > 1 and not person_context and is_brand_title(text[run[0].start : run[-1].end].lower()):
        # a product or company by its whole title ("Spring Boot", "Android Studio", "British Airways"): a company
        # only where the words before make it someone's employer or client ("works for British Airways")
        if ends_with(ORG_BEFORE_REV, before):
            return Entity(
                EntityType.ORGANIZATION, run[0].start, run[-1].end, text[run[0].start : run[-1].end], 0.7, "names"
            )
        return None
    # titles and sentence-initial ordinary words in front are not part of the name ("Please", "The", "Dr.")
    if len(run) > 1 and run[-1].lower in _TITLES_AFTER:
        run, titled = run[:-1], True
    while run:
        head = run[0]
        if start_of_sentence and head.lower in _QUESTION_WORDS:
            run, start_of_sentence = run[1:], False
            continue
        if (head.lower in _ROLES or head.lower in KIN_HEADS) and len(run) > 1:  # "Kızım Defne", "Hija Lucía"
            run, person_context, start_of_sentence = run[1:], True, False
            continue
        if head.lower in _TITLES and len(run) > 1:
            titled = True
            break
        limit = _COMMON_START if (start_of_sentence and head is run[0]) else _COMMON_MID
        next_is_name = len(run) > 1 and not _ordinary(run[1].lower, _COMMON_MID)
        rank = _rank_any(head.lower.rstrip("."))
        keep_as_name = head.lower in names and next_is_name and (rank is None or rank > 500)
        known_first = (head.lower in names or head.lower in places) and (
            rank is None or rank > (1000 if start_of_sentence else 300) or bool(_PERSON_AFTER.match(text, run[-1].end))
        )
        # a family name before the given name ("Kovács Péter", "Popescu Andreea"), whatever follows them
        family_first = (
            len(run) > 1
            and head.lower in surnames
            and (run[1].lower.rstrip(".") in names or case_stem(run[1].lower, names) is not None)
        )
        # a given name before a family name the lexicon knows ("Petr Dvořák", "Jana Nováková"), unless the
        # given name is one of the language's most common words ("Will Smith" keeps its own rule)
        given_first = len(run) > 1 and head.lower in names and run[1].lower in surnames and (rank is None or rank > 150)
        if _ordinary(head.lower, limit) and not (
            keep_as_name or known_first or family_first or given_first or person_context
        ):
            run = run[1:]
            start_of_sentence = False
            before = text[max(0, run[0].start - 32) : run[0].start] if run else before
            continue
        break
    if not run:
        return None
    if _possessive(run[-1]):
        last = run[-1]
        run = [*run[:-1], Token(last.start, last.end - 2, last.text[:-2], last.lower[:-2])]
    lowers = [t.lower.rstrip(".") for t in run]
    if len(run) == 2 and lowers[0] in surnames and lowers[1] not in names and (stem := case_stem(lowers[1], names)):
        lowers[1] = stem  # "Szabó Lászlónak": a family name, then a given name with a case ending
    plain = [strip_accents(w) for w in lowers]
    full = " ".join(lowers)
    proper = [t for t in run if not _ordinary(t.lower, _COMMON_MID) and not _is_initial(t)]
    has_first = lowers[0] in names or plain[0] in names
    # a family name: after a given name or an initial, or alone when it is no common word ("Kowalczyk")
    has_last = (
        (len(run) > 1 and (has_first or _is_initial(run[0])) and lowers[-1] in surnames)
        or (len(run) > 1 and lowers[0] in surnames and lowers[-1] in names)  # family name first: "Nguyễn Văn An"
        or (len(run) == 1 and lowers[0] in surnames and _rarity(lowers[0]) > 20000)
    )
    tech = [is_tech_term(w, names) for w in lowers]
    if any(tech) and all(t or _ordinary(w, _COMMON_MID) for t, w in zip(tech, lowers, strict=True)) and not titled:
        return None  # Python, MySQL, Kubernetes, "Spring Boot": programming languages and products
    if is_brand(lowers[0]) and not (titled or person_context):
        # a brand is no person: its product ("a Lenovo", "Xiaomi Redmi", "Sony A6400") is nothing to hide,
        # the company alone may be someone's employer ("a year at Teradata")
        if len(run) > 1 or ends_with(A_BEFORE_REV, before) or _MODEL_CODE.match(text, run[-1].end):
            return None
        company = Entity(EntityType.ORGANIZATION, run[0].start, run[0].end, run[0].text, 0.7, "names")
        end = _SENTENCE_STOP.search(text, run[0].end)
        asked = end is not None and end.group() in "?？"
        if asked and not (ends_with(ORG_BEFORE_REV, before) or ends_with(AFFILIATION_BEFORE_REV, before)):
            return None  # "why does Saturn have rings?", "Lenovo или ASUS?": the word or the product asked about
        return company  # "Tesla is the future", "a year at Teradata": a company
    if (
        len(run) > 1
        and not (titled or person_context or run[0].lower in names)
        and beside_a_brand(text, run[0].start, run[-1].end)
    ):
        return None  # "Dell Latitude" beside "Lenovo ThinkPad nebo": a product compared with another
    has_place = full in places or any(w in places or p in places for w, p in zip(lowers, plain, strict=True))
    if has_place and len(run) == 1 and _rarity(lowers[0]) < _COMMON_LONE and not ends_with(PLACE_BEFORE_REV, before):
        has_place = False  # "Wetter", "Reading", "Mobile": a town of that name, but here most likely the word
    org_suffix = lowers[-1] in _ORG_SUFFIXES or run[-1].lower in _ORG_SUFFIXES
    all_caps = all(t.text.isupper() for t in run)
    if all_caps and len(run) > 1 and all(_ordinary(w, _COMMON_START) for w in lowers):
        return None  # SHOUTED ORDINARY WORDS
    acronym = all_caps and len(run) == 1 and 2 <= len(lowers[0].replace(".", "")) <= 5
    if acronym:
        # TCP, EUR, MRN, PMH: acronyms are mostly jargon; one is an organization only when the words say so
        if not (ends_with(ORG_BEFORE_REV, before) or person_context or full in country_names()):
            return None
        proper = run
    shouted_word = all_caps and len(run) == 1 and not acronym
    if shouted_word and not (has_place or has_first or person_context or ends_with(PLACE_BEFORE_REV, before)):
        return None  # IGNORECASE, WARNING: a constant or a shout, unless the words around make it a place or name
    # family name first, then a given name, both also ordinary words of the language ("Kovács Eszter", "Nagy Rózsa")
    family_then_given = len(run) == 2 and _LANGUAGE.get() != "en" and lowers[0] in surnames and lowers[1] in names
    if not proper and not (titled or org_suffix or has_first or has_place or family_then_given):
        return None
    supported = has_first or has_last or has_place or titled or person_context or org_suffix
    lang = _LANGUAGE.get()
    if (
        lang == "de"
        and len(run) == 2
        and not supported
        and any((common_rank(w, "de") or 10**6) < _COMMON_LONE for w in lowers)
    ):
        return None  # "welche Sorte Zwetschgen": German capitalises every noun; two, one an everyday word, are no name
    if len(run) == 1 and lang != "en" and not (titled or person_context) and not ends_with(PLACE_BEFORE_REV, before):
        own_rank = common_rank(lowers[0], lang)
        if own_rank is not None and own_rank < _COMMON_LONE:
            return None  # "Winter", "Rose", "Wetter" in a German sentence: the word of the language
    # one capitalised word that no lexicon or context backs: in English only a word outside the everyday
    # vocabulary ("Salesman", "Saturn" are inside); in other languages (German nouns, "Pythagore") never
    everyday = lang != "en" or (_rarity(lowers[0]) < _COMMON_LONE and not is_international(lowers[0]))
    if len(run) == 1 and not supported and not ends_with(ORG_BEFORE_REV, before) and everyday:
        return None
    lone_opener = start_of_sentence and len(run) == 1 and not (has_first or has_place or titled or person_context)
    if lone_opener and (_ordinary(lowers[0], _COMMON_START) or _IMPERATIVE_NEXT.match(text, run[0].end)):
        return None  # an ordinary word, or a verb giving an order: "Summarise the …", "Dockerize this …"
    model = _MODEL_CODE.match(text, run[-1].end) if not (titled or person_context or has_place) else None
    if model:
        # an upper-case word among capitalised ones is a product line, whatever the brand ("Dell XPS 13")
        line = any(t.text.isupper() and len(t.text) >= 2 for t in run) and not all_caps
        if line or not (has_first or model.group("number")):
            return None  # "Canon EOS R50", "Galaxy S24", "Dell XPS 13": a product and its model
    kind: EntityType
    score = 0.6
    landmark = len(run) > 1 and (lowers[0] in _LANDMARK_HEADS or lowers[-1] in _LANDMARK_TAILS)
    if len(run) > 1 and not (titled or person_context) and after_facility(before):
        return None  # "z letiště Václava Havla": a public place named after someone
    if any(w in _STREETS for w in lowers) or (landmark and not (titled or person_context)):
        return Entity(EntityType.LOCATION, run[0].start, run[-1].end, text[run[0].start : run[-1].end], 0.7, "names")
    if titled or person_context:
        kind, score = EntityType.PERSON, 0.8
    elif org_suffix or (ends_with(ORG_BEFORE_REV, before) and not has_place):
        kind, score = EntityType.ORGANIZATION, 0.75
    elif has_place and not (has_first or (has_last and len(run) > 1)):
        kind, score = EntityType.LOCATION, 0.8
    elif ends_with(PLACE_BEFORE_REV, before) and (not (has_first or has_last) or has_place):
        kind, score = EntityType.LOCATION, 0.7
    elif has_first or has_last:
        kind, score = EntityType.PERSON, 0.8
    elif all_caps and len(run) == 1 and len(run[0].text) <= 4:
        kind = EntityType.ORGANIZATION
    elif lang != "en" and len(run) <= 3 and all(inflected_place(w, places) for w in lowers):
        kind = EntityType.LOCATION  # "Budapestről Debrecenbe": places with their case endings, no person
    else:
        kind = EntityType.PERSON
    if start_of_sentence and not (has_first or has_last or has_place or titled):
        score -= 0.1
    return Entity(kind, run[0].start, run[-1].end, text[run[0].start : run[-1].end], score, "names")


def _whole_line(text: str, entity: Entity) -> bool:
    """A line that is nothing but this name (a signature, a letterhead) is a name line, not a headline."""
    line_start = text.rfind("\n", 0, entity.start) + 1
    line_end = text.find("\n", entity.end)
    line_end = len(text) if line_end == -1 else line_end
    return not text[line_start : entity.start].strip(" \t>?*|-•") and not text[entity.end : line_end].strip(" \t.,")


_GREEK_QUESTION = re.compile(r"(?<=[\u0370-\u03ff]);(?=\s*$)")


def _title_or_code(lines: list[str], known: dict[int, bool], index: int) -> bool:
    """Whether line ``index`` is a title or code (remembered in ``known``: most lines hold no weak name)."""
    if index not in known:
        # a Greek question ends with ";" (the Greek question mark, NFKC): prose, not a statement of code
        line = _GREEK_QUESTION.sub("?", lines[index])
        known[index] = _is_title_case(line) or is_code(line)
    return known[index]


def _is_title_case(line: str) -> bool:
    words = re.findall(r"[^\W\d_]{4,}", line)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.9 * len(words)


_warm_lock = threading.Lock()
_warm = threading.Event()


def warm_up_names() -> None:
    """Load every list the name finder uses (name data, word frequencies), once; thread-safe.

    :func:`find_names` calls it on first use; the daemon may call it at start-up instead."""
    if _warm.is_set():
        return
    with _warm_lock:
        if _warm.is_set():
            return
        warm_up_name_data()
        _given_names()
        place_names()
        country_names()
        common_rank("warm")
        for lang in ("de", "fr", "es"):
            common_rank("warm", lang)
        _find_names("Warm up with Ingrid Solberg in Oslo.", "en")
        _warm.set()


@lru_cache(maxsize=8)
def text_language(text: str) -> str:
    """:func:`.language.guess_language`, remembered for the last texts: the name finder and the general-question
    rule ask it of the same text one after the other (~0.1 ms for 500 characters each time)."""
    return guess_language(text)


# Swahili function words that open sentences and are also names elsewhere ("Ni", "Je", "Na"); the common-word
# lists have no Swahili, so nothing else tells the name finder they are ordinary.
_SW_FUNCTION_WORDS = frozenset({"ni", "je", "na", "kwa", "ya", "wa", "za", "la", "si", "hii", "hiyo", "kuna"})


# the source of a run taken for a person that its own form shows to be a place (general_questions trusts it as a
# known place)
PLACE_FORM = "names-place-form"


def _a_place(run: str) -> bool:
    """A run taken for a person that names a place in South Slavic or Central Asian writing (their modules)."""
    return south_slavic_place(run) or central_asian_place(run)


def _listed(lower: str) -> bool:
    """Whether a word is a given or family name of the name lists."""
    return lower in _given_names() or lower in name_data().last


# Languages with no word list to rank a sentence's first word: Uzbek and Kazakh in Latin letters, and a Latin-script
# text no list knows (language.UNDETERMINED: Estonian, Albanian, Basque, Welsh … ; issue 16, HC)
_NO_WORD_LIST = frozenset({"uz", "az", UNDETERMINED})


def find_names(text: str) -> list[Entity]:
    """Person, place and organization names in ``text`` (lexical backend, every script)."""
    warm_up_names()
    lang = text_language(text)
    token = _LANGUAGE.set(lang)
    try:
        return _find_names(text, lang)
    finally:
        _LANGUAGE.reset(token)


def _find_names(text: str, lang: str) -> list[Entity]:
    found: list[Entity] = find_announced_names(text)
    found.extend(find_lowercase_names(text, lang, _given_names()))
    found.extend(find_lowercase_places(text, lang))
    found.extend(find_lowercase_surnames(text, lang))
    found.extend(find_script_names(text))
    found.extend(find_surnames(text, lang))
    found.extend(find_labelled_names(text))
    found.extend(find_name_forms(text))
    letters = "".join(filter(str.isalpha, text))
    shouting = len(letters) > 12 and sum(map(str.isupper, letters)) > 0.7 * len(letters)
    lines = text.split("\n")
    title_lines: dict[int, bool] = {}  # line index -> a title or code; asked only of a weak name's line
    line_starts = [0]
    for line in lines[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    for run in _runs(text):
        if names_a_thing(text, run, _given_names()):
            continue  # a traceback's "File", "Kurban Bayramı", "The Godfather films" (name_kinds)
        if lang == "sw" and len(run) == 1 and run[0].lower in _SW_FUNCTION_WORDS:
            continue  # "Ni wakati gani …": the copula, not the surname Ni (no Swahili word list ranks it)
        if (
            lang in _NO_WORD_LIST
            and len(run) == 1
            and _at_sentence_start(text, run[0].start)
            and (not _listed(run[0].lower) or opens_question(text, run[0].end))
        ):
            continue  # "Mikrokredit uchun …", "Qishda …": Uzbek and Kazakh in Latin letters have no word list to rank
        if shouting and all(t.text.isupper() for t in run) and all(_ordinary(t.lower, _COMMON_START) for t in run):
            continue
        entity = _classify(text, run)
        if (
            entity is not None
            and entity.score < 0.8
            and _title_or_code(lines, title_lines, bisect.bisect_right(line_starts, entity.start) - 1)
            and not _whole_line(text, entity)
        ):
            continue  # In A Title Every Word Is Capitalised, or in code: only lexicon-backed names count
        if (
            entity is not None
            and entity.type is EntityType.PERSON
            and (not_a_person(entity.text) or saint_before(text, entity.start))
        ):
            continue  # "Ұлы Отан соғысы" (the Great Patriotic War), "„Св. Кирил и Методиј”": no one
        if entity is not None and entity.type is EntityType.PERSON and _a_place(entity.text):
            entity = Entity(EntityType.LOCATION, entity.start, entity.end, entity.text, entity.score, PLACE_FORM)
        if entity is not None:
            found.append(with_lowercase_surname(text, entity, lang, _given_names()))
    found.extend(names_listed_with(text, found, lang, _given_names(), _STOP_CAPS | _NOT_NAMES))
    return found
