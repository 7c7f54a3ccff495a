"""Multilingual name data for the lexical NER, loaded once on first use (never at import time).

- first and last names of about 80 locales, in their own scripts (Latin, Cyrillic, Arabic,
  Hebrew, Greek, CJK, Hangul, ...): the person providers of ``Faker`` (MIT licence; its name
  lists are compiled from public statistics such as national name registers and censuses),
  written to ``data/name_lists.txt.gz`` by ``benchmarks/privacy/build_name_lists.py``;
- programming-language, file-format and tool names: ``Pygments``' lexer names and aliases
  (BSD licence) plus the developer products below; capitalised, they are not people or places;
- brand names (Lenovo, Xiaomi, Adidas, Volkswagen): the titles of the ``simple-icons`` brand
  icon set (``simple-icons-pack``, CC0; its one-word titles are written to ``data/brand_words.txt``),
  one-word titles that are no given or family name;
  a brand at the head of a capitalised run makes it a product, not a person;
- how common a word is across languages: ``wordfreq``'s small word lists (packed, :func:`_frequencies`). A
  person's name is written the same way in many languages ("emma", "kevin", "diego"); an ordinary word is
  frequent in one or two ("will", "hope", "bitte").
"""

from __future__ import annotations

import gzip
import math
import statistics
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .lexicons import wordfreq_version
from .packed_words import PackedMap, tagged_sets
from .table_cache import cached_table

__all__ = [
    "NameData",
    "cross_lingual_gap",
    "is_brand",
    "is_brand_title",
    "is_international",
    "is_tech_term",
    "name_data",
    "utf8_first_names",
    "warm_up_name_data",
    "zipf",
    "zipf_vector",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Languages whose small word lists tell an ordinary word from a name written alike across them.
_LATIN_LANGS = ("en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv")

# Developer tools and products that Pygments has no lexer for (its lexer names cover the languages).
_PRODUCTS = _words(
    "kubernetes k8s redis postgresql postgres mysql mariadb sqlite mongodb cassandra elasticsearch kibana "
    "kafka rabbitmq spark hadoop hive airflow docker podman compose helm terraform ansible puppet chef "
    "jenkins gitlab github bitbucket jira confluence grafana prometheus nginx apache tomcat ubuntu debian "
    "fedora centos alpine linux unix windows macos ios android chrome chromium firefox safari edge node "
    "nodejs npm yarn pnpm deno bun express django flask fastapi rails laravel spring react vue angular "
    "svelte nextjs nuxt webpack vite babel typescript javascript pandas numpy scipy matplotlib seaborn "
    "sklearn tensorflow pytorch keras jupyter anaconda conda pip pypi poetry pytest unittest junit maven "
    "gradle cmake llvm gcc clang msvc vscode vim neovim emacs intellij pycharm eclipse xcode excel "
    "powerpoint outlook onedrive sharepoint slack zoom teams discord whatsapp telegram signal gmail aws "
    "azure gcp heroku vercel netlify cloudflare openai chatgpt gpt claude gemini llama mistral ollama "
    "huggingface graphql grpc oauth jwt json yaml toml csv xml html css sass bootstrap tailwind wordpress "
    "shopify stripe paypal salesforce sap oracle tableau powerbi figma photoshop illustrator blender "
    "unity unreal godot minecraft steam playstation xbox nintendo iphone ipad macbook pixel galaxy kindle "
    "alexa siri cortana bluetooth wifi usb hdmi ethernet ssh ssl tls http https dns tcp udp api sdk cli "
    "gui ide orm crud regex lambda boto3 celery gunicorn uvicorn pydantic sqlalchemy selenium playwright "
    "cypress puppeteer rust golang kotlin swift scala haskell elixir erlang clojure fortran cobol matlab "
    "perl ruby php lua dart webassembly wasm cuda opencl vulkan opengl directx"
)

_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class NameData:
    """Lower-cased name sets; the CJK and Hangul ones keep their characters as written."""

    first: frozenset[str]  # given names, every script
    last: frozenset[str]  # family names, every script
    zh_surnames: frozenset[str]  # 王, 欧阳
    zh_given: frozenset[str]  # 伟, 秀英
    ja_surnames: frozenset[str]  # 佐藤, 佐々木
    ja_given: frozenset[str]  # 太郎, 翔太
    ko_surnames: frozenset[str]  # 김, 남궁
    ko_given: frozenset[str]  # 민준, 서연


@cache
def _load() -> NameData:
    # Faker's person providers, every locale, as benchmarks/privacy/build_name_lists.py wrote them out: importing
    # Faker's ~130 person modules to read them would keep their lists in memory for as long as the daemon runs
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/name_lists.txt.gz").read_bytes()
    return NameData(**tagged_sets(gzip.decompress(raw).decode("utf-8"), NameData.__slots__))


@cache
def utf8_first_names() -> frozenset[str]:
    """gender-guesser's given names that its list writes in UTF-8 ("Bartłomiej", "Wiesław", "Åke", "Abdülhamid"):
    the list is read as ISO-8859-1 elsewhere (lexicons.first_names), where those ~5,300 names come out garbled."""
    raw = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes()
    names: set[str] = set()
    for line in raw.splitlines():
        if line.isascii() or line.startswith(b"#") or len(line) < 30:
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue  # a line really in ISO-8859-1: read by lexicons.first_names
        field = text[3 : 29 - (len(line) - len(text))]  # the name's columns, counted in bytes
        for part in field.replace("+", " ").replace("-", " ").split():
            if len(part) > 1 and "<" not in part:
                names.add(part.lower())
    # as written only: their forms without accents are often English words ("bras", "dutu")
    return frozenset(n for n in names if not n.isascii())


_loaded: list[NameData] = []  # the name sets once loaded: later calls skip the lock


def name_data() -> NameData:
    """The name sets (loaded once, thread-safe)."""
    if _loaded:
        return _loaded[0]
    with _lock:
        data = _load()
        if not _loaded:
            _loaded.append(data)
        return data


@cache
def _tech_terms() -> frozenset[str]:
    from pygments.lexers import get_all_lexers  # type: ignore[import-untyped]

    terms: set[str] = set(_PRODUCTS)
    for name, aliases, _files, _mimes in get_all_lexers():
        for term in (name, *aliases):
            if len(term) >= 4 and term.replace("+", "").replace("#", "").isalnum():
                terms.add(term.lower())
    return frozenset(terms)


def is_tech_term(word_lower: str, first_names: frozenset[str] = frozenset()) -> bool:
    """A programming language, format or developer product ("python", "mysql", "kubernetes").

    Words that are also given names ("julia", "ruby", "dylan") are left to the context to decide."""
    return word_lower in _tech_terms() and word_lower not in first_names and word_lower not in name_data().first


@cache
def _brands() -> frozenset[str]:
    # the one-word simple-icons titles, written out by benchmarks/privacy/build_brand_words.py: importing
    # simple-icons-pack to read them would cost ~9.7 MB of memory for as long as the daemon runs
    data = name_data()
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/brand_words.txt").read_text("utf-8")
    words = {line for line in raw.splitlines() if line and not line.startswith("#")}
    # a brand named after a person ("Dell", "Ford", "Ferrari") stays a possible name: context decides
    return frozenset(w for w in words if w not in data.first and w not in data.last)


def is_brand(word_lower: str) -> bool:
    """A one-word brand of the simple-icons set ("lenovo", "xiaomi", "adidas") that is no person's name."""
    return word_lower in _brands()


@cache
def _brand_titles() -> frozenset[str]:
    # the simple-icons titles of two words or more ("spring boot", "british airways"), written out with the one-word
    # brand names (benchmarks/privacy/build_brand_words.py); a title that opens with a given name that is no everyday
    # word ("Albert Heijn", "John Deere") stays a possible name: context decides
    data = name_data()
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/brand_titles.txt").read_text("utf-8")
    titles = {line for line in raw.splitlines() if line and not line.startswith("#")}
    from .lexicons import common_rank

    def named_after_someone(title: str) -> bool:  # a given name that is no everyday word ("spring", "red" are)
        first = title.split()[0]
        return first in data.first and (common_rank(first) or 10**6) > 20_000

    return frozenset(t for t in titles if not named_after_someone(t))


def is_brand_title(run_lower: str) -> bool:
    """A brand or product title of two words or more of the simple-icons set ("spring boot", "android studio",
    "british airways", "premier league"), lower-cased and single-spaced."""
    return run_lower in _brand_titles()


@lru_cache(maxsize=1 << 16)
def zipf(word_lower: str, lang: str) -> float:
    """``wordfreq``'s Zipf frequency of the word in ``lang`` (small list: 0 when rarer than about 1 per million).

    Cached; in one of ``LATIN_LANGS``, answered from the packed list (:func:`_frequencies`) exactly as wordfreq
    answers from its dict: a word of ASCII lower-case letters directly (:func:`_plain_zipf`: wordfreq's own lookup
    tokenises the word first, ~20 µs a word and language), any other through wordfreq's tokeniser
    (:func:`_tokenised_zipf`). Other languages ask wordfreq."""
    if lang in _LATIN_LANGS:
        if word_lower.isascii() and word_lower.isalpha() and word_lower.islower():
            return _plain_zipf(word_lower, lang)
        return _tokenised_zipf(word_lower, lang)
    import wordfreq

    try:
        return float(wordfreq.zipf_frequency(word_lower, lang, wordlist="small"))
    except LookupError:
        return 0.0  # no list for the language ("und": a text no list knows)


@cache
def _frequencies(lang: str) -> PackedMap:
    """wordfreq's small list for ``lang``, packed: each word's bucket (its centibels below the top word), as
    ``wordfreq.get_frequency_dict`` computes them (a word listed twice keeps its last bucket). ~0.4 MB a language
    instead of ~2–3 MB for wordfreq's dict of floats, which is then never built. Built once, then read from the
    cache at later starts (:mod:`.table_cache`)."""
    inputs = f"wordfreq {wordfreq_version()}, {lang}, small, buckets"
    return cached_table(PackedMap, f"buckets-{lang}", inputs, lambda: _build_buckets(lang))


def _build_buckets(lang: str) -> PackedMap:
    import wordfreq

    try:
        buckets = wordfreq.get_frequency_list(lang, "small")
    finally:
        wordfreq.get_frequency_list.cache_clear()  # read once (see lexicons._common_ranks)
    return PackedMap({word: index for index, bucket in enumerate(buckets) for word in bucket}, "H")


@cache
def _bucket_frequency(bucket: int) -> float:
    import wordfreq

    return float(wordfreq.cB_to_freq(-bucket))  # as get_frequency_dict computes a bucket's frequency


def _frequency(token: str, lang: str) -> float | None:
    """``wordfreq.get_frequency_dict(lang, "small").get(token)``."""
    bucket = _frequencies(lang).get(token)
    return None if bucket is None else _bucket_frequency(bucket)


def _rounded(unrounded: float) -> float:
    # wordfreq's rounding of a frequency to 3 significant digits (_word_frequency)
    return round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)


def _plain_zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang, wordlist="small")`` for a word its tokeniser keeps whole and
    unchanged (ASCII lower-case letters, in a language tokenised by its regex after NFC and case folding, as
    every one of ``LATIN_LANGS`` is): the same look-up and the same rounding, without the tokeniser."""
    import wordfreq

    minimum = wordfreq.zipf_to_freq(0.0)
    freq = _frequency(word, lang)
    # a word missing from the list gets the minimum; one token's 1/f, combined as wordfreq combines tokens
    value = minimum if freq is None else _rounded(max(1.0 / (1.0 / freq), minimum))
    return round(wordfreq.freq_to_zipf(value), 2)


def _tokenised_zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang, wordlist="small")`` for any word in one of ``LATIN_LANGS``: wordfreq's
    ``_word_frequency`` step by step (its tokeniser, its digit handling, its combination of the tokens'
    frequencies), its dict look-ups answered by :func:`_frequency`. Checked word for word against wordfreq by
    tests/privacy/test_packed_tables.py."""
    import wordfreq
    from wordfreq.numbers import digit_freq, smash_numbers
    from wordfreq.tokens import lossy_tokenize

    minimum = wordfreq.zipf_to_freq(0.0)
    tokens = lossy_tokenize(word, lang)
    value = minimum
    if tokens:
        one_over_result = 0.0
        for token in tokens:
            smashed = smash_numbers(token)
            freq = _frequency(smashed, lang)
            if freq is None:
                break  # a token missing from the list: the minimum
            if smashed != token:
                freq *= digit_freq(token)
            one_over_result += 1.0 / freq
        else:
            # (no jieba here: none of LATIN_LANGS is tokenised by it)
            unrounded = max(1.0 / one_over_result, minimum)
            value = 0.0 if unrounded == 0.0 else _rounded(unrounded)
    return round(wordfreq.freq_to_zipf(value), 2)


def cross_lingual_gap(word_lower: str, lang: str = "en") -> float:
    """How much more frequent the word is in ``lang`` than in the median other European language.

    Names are spelled alike everywhere (gap below ~0.7: "emma" 0.1, "ryan" 0.5); words of one
    language are not ("will" 2.2, "hope" 1.6, "short" 1.6)."""
    vector = zipf_vector(word_lower)
    own = vector[_LATIN_LANGS.index(lang)] if lang in _LATIN_LANGS else zipf(word_lower, lang)
    others = [z for other, z in zip(_LATIN_LANGS, vector, strict=True) if other != lang]
    return own - statistics.median(others)


@lru_cache(maxsize=16384)
def zipf_vector(word_lower: str) -> tuple[float, ...]:
    """:func:`zipf` of the word in each of ``LATIN_LANGS``, in that order (cached: names repeat)."""
    return tuple(zipf(word_lower, lang) for lang in _LATIN_LANGS)


@cache
def is_international(word_lower: str) -> bool:
    """A word frequent in most European languages alike, as names of famous people and brands are
    ("trump", "obama", "hitler"): common, yet capitalised it is more likely a name than a word."""
    if len(word_lower) < 4 or word_lower in _tech_terms():
        return False
    frequent = sum(zipf(word_lower, lang) >= 3.0 for lang in _LATIN_LANGS)
    return frequent >= 6 and cross_lingual_gap(word_lower) < 0.6


def warm_up_name_data() -> None:
    name_data()
    _tech_terms()
    _brands()
    _brand_titles()
    cross_lingual_gap("warm")
