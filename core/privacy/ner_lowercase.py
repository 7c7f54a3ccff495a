"""Names written in lower case ("wow emma and kaite", "thanks kevin smith"): chats and tweets.

Without capitals only the word itself can tell. A lower-case word is a name when it is a given
name of the name lists (:mod:`.ner_lexicon`), is not among the most common words of English or
of the text's language ("will", "may", "hope" are names too), and is about as frequent in other
languages as in the text's own — names are spelled alike across languages, ordinary words are
not (:func:`.ner_lexicon.cross_lingual_gap`). A family name that follows it joins it ("kevin
smith"); a family name alone is left alone (a lower-case surname by itself is too weak a sign). Determiners
in front ("the mason jar", "a max of"), code lines, handles, paths and e-mail addresses rule a
word out. Latin-script text only: other scripts have their own rules (:mod:`.ner_scripts`).
"""

from __future__ import annotations

import itertools
import re
import statistics
from functools import cache

from .entities import Entity, EntityType
from .label_starts import LabelStarts
from .lexicons import common_rank, country_names, place_names
from .lines import is_code, line_at
from .ner_lexicon import cross_lingual_gap, is_tech_term, name_data, zipf_vector

__all__ = ["find_lowercase_names", "find_lowercase_places", "find_lowercase_surnames", "surname_after_given"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LATIN_LANGS = frozenset({"en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "cs", "tr", "id"})
_WORD = re.compile(r"(?<![\w@#./\\:=&%+$-])[a-zß-öø-ÿ][a-zß-öø-ÿ'’]*[a-zß-öø-ÿ](?![\w@/\\=(]|\.\w|-\w)")
_DETERMINERS = _words(
    # ("its" is left out: in chat it is mostly "it's", as in "hey its dave")
    "the a an this that these those some any no every each my your our their his her per of to-do mr "
    "le la les un une des der die das ein eine el los las una il lo gli uno de het een"
)
# Lower-case words that name lists hold but that are ordinary in chat text, or are codes
_NOT_NAMES = _words(
    "iban pin pins visa sup yoga alien pan don cam hood savage curry islam sung lol omg idk tbh btw "
    # given names that, written in lower case, are far more often the verb or the thing
    "ping sue pat rob wade lance buck rod penny candy dawn sandy grace gene ray jack crystal ruby amber "
    # brands shaped like family names
    "mcdonalds mcdonald's mcflurry mcmuffin mcchicken mcnuggets mcrib mcafee mckinsey"
)
# country names that are also food or animals in lower case
_CLI_TOOLS = _words("git npm pip yarn pnpm docker kubectl helm cargo go apt brew conda poetry uv make gh")
_NOT_PLACES = frozenset({"turkey", "chile", "male", "nice", "victoria", "lima", "asia"})
# countries common enough as words to miss the rank rule, but places all the same in lower case
_COUNTRIES_COMMON = frozenset({"china", "india", "america", "japan", "france", "germany", "canada", "mexico"})
_COMMON = 1500  # a word among the 1,500 most common of the language is not a lower-case name
_GAP = 0.8  # see cross_lingual_gap
_ONE_LANGUAGE_ZIPF = 5.0  # about one word in 100,000: a word of everyday grammar or talk
_ONE_LANGUAGE_GAP = 1.5
_ENGLISH_NAME_ZIPF = 4.0


def _rank(word: str, lang: str) -> int:
    ranks = [r for r in (common_rank(word), common_rank(word, lang) if lang != "en" else None) if r is not None]
    return min(ranks) if ranks else 10**6


def _word_of_a_language(word: str) -> bool:
    """A word very common in one language and rare in the others ("abril", "ver", "dalla"): a word of that
    language, whatever language the text was taken for. Names are about as frequent everywhere; one that
    English text uses often ("ben", though Dutch "am") stays a possible name."""
    ranks = zipf_vector(word)  # English first
    if ranks[0] >= _ENGLISH_NAME_ZIPF:
        return False
    top = max(ranks)
    return top >= _ONE_LANGUAGE_ZIPF and top - statistics.median(ranks) >= _ONE_LANGUAGE_GAP


def _given(word: str, lang: str, given: frozenset[str]) -> bool:
    if word not in given or word in _NOT_NAMES or len(word) < 3 or is_tech_term(word, given):
        return False
    if word in country_names():
        return False  # "berlin", "jordan": find_lowercase_places decides
    if lang != "en" and common_rank(word, lang) is not None:
        return False  # in other languages only a word that is none of theirs
    if _rank(word, lang) < _COMMON or _word_of_a_language(word):
        return False
    return cross_lingual_gap(word, lang if lang in _LATIN_LANGS else "en") < _GAP


def _family(word: str, lang: str) -> bool:
    return word in name_data().last and word not in _NOT_NAMES and len(word) >= 3 and _rank(word, lang) >= 1000


def surname_after_given(word: str, lang: str) -> bool:
    """After a given name, a family name Faker knows, or any rare word of four letters or more
    ("dave mcallister", "kasia grabarczyk"): ordinary words after a name ("dave said") are common."""
    if _family(word, lang):
        return True
    return len(word) >= 4 and word.isalpha() and word not in _NOT_NAMES and _rank(word, lang) >= _SURNAME_RARE


def _bare(word: str) -> str:
    word = word.replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def find_lowercase_names(text: str, lang: str, given: frozenset[str]) -> list[Entity]:
    """PERSON entities for lower-case names in Latin-script ``text`` written in ``lang``."""
    if lang not in _LATIN_LANGS or not any(c.islower() for c in text):
        return []
    found: list[Entity] = []
    words = list(_WORD.finditer(text))
    skip_until = -1
    code_lines: dict[int, bool] = {}  # line start -> is it code
    for i, m in enumerate(words):
        if m.start() < skip_until:
            continue
        word = m.group()
        if "'" in word or "’" in word:
            word = _bare(word)
        if word not in given or not _given(word, lang, given):
            continue  # (most words are no given name: the set lookup first)
        gap = text[words[i - 1].end() : m.start()] if i > 0 else ""
        if i > 0 and gap.strip() == "" and words[i - 1].group() in _DETERMINERS:
            continue
        if i > 0 and gap.strip() == "" and words[i - 1].group() in _CLI_TOOLS:
            continue  # "git merge", "npm link", "docker run": a subcommand, not a person
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start not in code_lines:
            code_lines[line_start] = is_code(line_at(text, m.start()))
        if code_lines[line_start]:
            continue
        end = m.start() + len(word)
        if i + 1 < len(words):
            nxt = words[i + 1]
            between = text[m.end() : nxt.start()]
            if between in (" ", "  ") and surname_after_given(_bare(nxt.group()), lang):
                end = nxt.start() + len(_bare(nxt.group()))
                skip_until = nxt.end()
        found.append(Entity(EntityType.PERSON, m.start(), end, text[m.start() : end], 0.55, "names-lowercase"))
    return found


_LOWER_WORD = re.compile(r"[a-z]+")


@cache
def _place_heads() -> frozenset[str]:
    """First words of the place names ("new" of "new mexico"), to skip every other word at once."""
    return frozenset(name.split(" ", 1)[0] for name in country_names())


def find_lowercase_places(text: str, lang: str) -> list[Entity]:
    """LOCATION entities for countries, capitals, US states and continents written in lower case ("korea")."""
    if lang != "en" or not any(c.islower() for c in text):
        return []
    places, heads = country_names(), _place_heads()
    found: list[Entity] = []
    lowers = _LOWER_WORD.findall(text)
    starts = [k for k, word in enumerate(lowers) if word in heads]  # most words start no place name
    if not starts:
        return []
    words = list(_LOWER_WORD.finditer(text))  # the same words, with their spans
    i = 0
    for k in starts:
        if k < i:
            continue  # inside a place found before
        i = k
        hit = 0
        for size in (3, 2, 1):
            if i + size > len(words):
                continue
            part = words[i : i + size]
            if any(text[a.end() : b.start()] != " " for a, b in itertools.pairwise(part)):
                continue
            name = " ".join(lowers[i : i + size])
            if name not in places or name in _NOT_PLACES:
                continue
            if size == 1 and _rank(name, lang) < 3000 and name not in _COUNTRIES_COMMON:
                continue
            start, end = part[0].start(), part[-1].end()
            if (start and (text[start - 1].isalnum() or text[start - 1] in "@#./_-")) or (
                end < len(text) and (text[end].isalnum() or text[end] in "@/_-")
            ):
                continue
            found.append(Entity(EntityType.LOCATION, start, end, text[start:end], 0.55, "names-lowercase"))
            hit = size
            break
        i += hit or 1
    return found


# Family names alone in lower case ("ask mcallister", "dr kowalczyk", "z pawlaczykiem"): only after a
# word that puts a person there, and only when the word is shaped like a family name or listed as one.
_SURNAME_CONTEXT = re.compile(
    r"(?i:(?<![\w@#./\\:=&%+$-])(?P<ctx>dr|mr|mrs|ms|mx|prof|doc|ask|tell|call|email|e-mail|text|ping|cc|with|"
    r"thanks\s+to|thank|thanks|and|to|from|by|for|pan|pani|panem|panią|panu|do|z|ze|od|dla|u|o|przez)\.?\s+)"
    r"(?P<word>[a-zß-öø-ÿ][a-zß-öø-ÿ'’]*[a-zß-öø-ÿ])(?![\w@/\\=(]|\.\w|-\w)"
)
_SURNAME_CONTEXT_AT = LabelStarts(_SURNAME_CONTEXT)  # tried only where a cue word starts (see label_starts)
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "pan", "pani"})
_SURNAME_SHAPE = re.compile(
    r"^(?:(?P<prefix>(?:mc|fitz)[a-z]{3,}|o['’][a-z]{3,})|[a-zà-ž]{2,}(?:(?:czyk|czak|czuk|iak|cik|wicz)"
    r"(?:a|owi|iem|em|u)?|(?:sk|ck|dzk)(?:i|a|iego|iemu|im|ą|iej|ie)|enko|escu|opoulos|akis|sson|ssen|berg|stein|mann))$"
)
_SURNAME_RARE = 20_000
_PREFIXED_RARE = 5_000


def find_lowercase_surnames(text: str, lang: str) -> list[Entity]:
    """PERSON entities for lower-case family names alone after a word that announces a person."""
    if lang not in _LATIN_LANGS or not any(c.islower() for c in text):
        return []
    last = name_data().last
    found: list[Entity] = []
    code_lines: dict[int, bool] = {}  # line start -> is it code
    for m in _SURNAME_CONTEXT_AT.finditer(text):
        word = _bare(m.group("word"))
        if len(word) < 5 or word in _NOT_NAMES or not word.islower():
            continue
        shape = _SURNAME_SHAPE.match(word)
        if not (shape or word in last or m.group("ctx").lower() in _TITLES):
            continue
        # mc-, o'-, fitz- words are names even when well known ("mcgregor"); others must be rare
        if (
            _rank(word, lang) < (_PREFIXED_RARE if shape and shape.group("prefix") else _SURNAME_RARE)
            or is_tech_term(word)
            or word in place_names()
        ):
            continue
        start = m.start("word")
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in code_lines:
            code_lines[line_start] = is_code(line_at(text, start))
        if code_lines[line_start]:
            continue
        found.append(Entity(EntityType.PERSON, start, start + len(word), word, 0.5, "names-lowercase"))
    return found
