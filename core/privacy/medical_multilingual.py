"""Health terms outside the English-centred vocabulary: inflected, transliterated and unspaced scripts.

Three mechanisms, each general rather than a list of the words that were missed:

1. **Everyday condition names in other languages** (``data/medical_multilingual.txt``, curated):
   - in spaced scripts (Latin, Cyrillic, Greek) words are matched by *stem*, so that case endings
     do not matter: "cukrzycę", "cukrzycy" ~ "cukrzyca"; "туберкулёза" ~ "туберкулёз"; a stem of
     five letters or more also matches as the start of a longer word ("Hamileyim", "Gebeliğimin",
     "cukrzycowy") when the rest looks like a suffix;
   - in unspaced or clitic-heavy scripts (Chinese, Japanese, Korean, Arabic, Hebrew) terms are
     found as substrings with the script's word edges: Arabic and Hebrew one-letter prefixes
     ("بـ", "الـ", "ו", "ה", "מ") and Korean particles ("을", "으로") may stand around them.
2. **Drug names across scripts**: international nonproprietary names are spelled almost alike in
   every language once transliterated (``anyascii``). A word is looked up by a spelling key
   (ph~f, c~k/s, z~s, y~i, doubled letters, case endings and final vowels dropped: "ramiprylu",
   "метформин", "μετφορμίνη" ~ "metformin") and, for scripts that drop or add vowels (katakana,
   Hangul, Arabic, Hebrew), by its consonant skeleton ("メトホルミン", "메트포르민" ~ m-t-p-r-m-n)
   among the one-word drug names of the main vocabulary.
3. **INN stems**: a word in Hanzi, katakana or Hangul that ends in a drug-class stem ("-他汀",
   "-スタチン", "-사르탄" for -statin, -sartan) is a drug name even when no vocabulary lists it; so is
   a katakana word before a Japanese dose form ("ロキソニン錠", "…軟膏").
4. **The clinical setting** (:mod:`.medical_setting`): a word before a dose or a dose form, a
   specialty in a text about a visit, a procedure by its word formation.

All structures load once, on first use, from the package data and the main vocabulary.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

from .lexicons import common_rank
from .medical_han_drugs import han_drugs
from .medical_malay import malay_ailments
from .medical_rules import medical_ending
from .medical_scripts_drugs import script_drugs
from .medical_setting import dose_findings, english_specialists, form, procedure, specialty, unit, visit_cue
from .medical_spelling import drug_key, latin, skeleton
from .medical_vocab import STRONG, WEAK, Token, fold, joined, suffix_exceptions, vocabulary

__all__ = ["SCRIPTS", "drug_key", "find_multilingual", "forms", "latin", "multilingual", "skeleton"]

Span = tuple[int, int, float, str]  # start, end, score, rule
_TERM, _DRUG, _STEM = 0.8, 0.7, 0.6
_UNIT, _FORM = 3, 4  # word kinds of _word() besides specialty (1) and procedure (2)

_UNSPACED = frozenset({"ja", "zh", "ko", "ar", "he"})
_KANA = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]{2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]{3,}")
_ARABIC = re.compile(  # with Persian پ چ ژ ک گ ی and Urdu ٹ ڈ ڑ ں ھ ہ ے
    r"[\u0620-\u064a\u067e\u0679\u0686\u0688\u0691\u0698\u06a9\u06af\u06ba\u06be\u06c1\u06cc\u06d2]{3,}"
)
_HEBREW = re.compile(r"[\u05d0-\u05ea]{3,}")
SCRIPTS = (("kana", _KANA), ("ko", _HANGUL), ("ar", _ARABIC), ("he", _HEBREW))  # matched by skeleton
# Skeleton length from which a match needs no health cue: shorter ones matched 0.5-1.5% of everyday
# katakana and Hangul words ranked 20,000-30,000 (medical_build_drug_keys.py --check); Arabic and
# Hebrew skeletons always need one.
_SURE_SKELETON = {"kana": 6, "ko": 6}
_PERSO_URDU = re.compile("[\u067e\u0679\u0686\u0688\u0691\u0698\u06a9\u06af\u06ba\u06be\u06c1\u06cc\u06d2]")
_LATIN_FOLDED = re.compile(r"[a-zıł]+")  # folded Latin letters that fold() keeps: Turkish ı, Polish ł ("astımı")
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")  # beyond Latin (Vietnamese included)

# Case and derivational endings stripped before lookup (folded: no accents), longest first.
_ENDINGS = tuple(
    sorted(
        (
            "ami", "ach", "owi", "ego", "emu", "ym", "im", "em", "om", "ow", "ej", "ou",  # pl, cs
            "ами", "ями", "ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ах", "ях", "ов", "ев",
            "ую", "юю", "ая", "яя", "ые", "ие", "ый", "ии", "ых", "их", "ым", "им", "ью", "ою",  # ru, uk
            "ης", "ος", "ας", "ες", "ου", "ων",  # el
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_VOWELS = frozenset("aeiouyjаеиоуыэюяьъіїєαεηιουωςй")
# Folded endings of Russian and Ukrainian adjectives before a head, and pronouns that end alike.
_ADJECTIVE = ("ое", "ыи", "ии", "ая", "яя", "ые", "ие", "ои", "ого", "его", "ую", "ым", "еи", "на", "не", "нии", "ня")
_PRONOUNS = frozenset(
    """своего твоего нашего вашего какого такого другого любого каждого своеи моеи твоеи нашеи вашеи такое
    какое другое любое каждое такая какая другая такие какие другие""".split()  # noqa: SIM905
)
_SUFFIX_START = frozenset("aeiouyıаеиоуыэюяьіїєαεηιουω")
# Languages whose words carry long suffixes that stem() does not strip ("Hamileyim", "cukrzycowy"):
# their stems of 5+ letters also match as the start of a longer word. Not Romance or Germanic ones,
# where that would read "febbraio" as "febbre" or "Erbrecht" as "Erbrechen".
_SUFFIXING = frozenset({"tr", "pl", "cs", "sk", "hu", "uz", "kk"})
_ENGLISH_SUFFIXES = frozenset({"ed", "ied", "ing", "y", "ies", "ical", "ically", "ic", "al", "ly", "ist", "ists"})

# Korean particles and endings that may follow a noun inside one space-separated word.
_KO_TAIL = re.compile(
    r"(?:이|가|을|를|은|는|에|의|와|과|도|만|로|으로|에서|에게|이나|이랑|하고|까지|부터|처럼|보다|이에요|예요|입니다|이다"
    r"|이라|라고|이라고|으로부터|환자|치료|진단|약|검사|증상|때문에|때문|인|이고|이며|이니)?[.,!?]?"
)
_AR_PREFIX = ("وبال", "فبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_AR_SUFFIX = ("", "ي", "ه", "ها", "هم", "نا", "ك", "كم")
_HE_PREFIXES = frozenset("והבלמשכ")

# Drug-class stems of international nonproprietary names, as written in Hanzi, katakana and Hangul.
# Han characters that are grammar, pronouns or the verbs of a medication phrase (服用, 在吃, 看): never the start of
# a transliterated drug name, so a stem's prefix stops before them ("在服用二甲双胍" -> 二甲双胍, not 服用二甲双胍;
# "看地平线" has no drug). Without this the prefix ran back over whatever stood before the stem, a name's end too.
_HAN_NOT_DRUG = "的了是在和与與及对對给給把被从從向为為因正已将將要会會或并並等吃服用看打每天我你他她它们們这這那个個有"
_INN_STEMS = re.compile(
    rf"(?:(?:(?![{_HAN_NOT_DRUG}])[\u4e00-\u9fff]){{1,4}}(?:他汀|沙坦|普利|洛尔|地平|西泮|唑仑|霉素|西林|沙星|替尼|单抗|拉唑|替丁|西汀|曲坦|列汀|格列净|洛韦|氮平|培酮|帕明|替林|双胍|胰岛素)"
    r"|[\u30a1-\u30fa\u30fc]{3,8}(?:スタチン|サルタン|プリル|ジピン|ゼパム|ゾラム|マイシン|シリン|フロキサシン|チニブ|プラゾール|チジン|トリプタン|グリプチン|グリフロジン|セチン|ピラゾール)"
    r"|[\uac00-\ud7a3]{3,6}(?:스타틴|사르탄|프릴|디핀|제팜|졸람|마이신|실린|플록사신|티닙|프라졸|티딘|트립탄|글립틴|세틴)"
    r"|[\u30a1-\u30fa\u30fc]{3,}(?=錠|顆粒|点眼液|軟膏|坐剤|注射液|内服液))"  # a brand before its form: "…錠"
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Multilingual:
    heads: dict[str, bool]  # heads of condition names (stems in spaced scripts) -> weak
    head_re: re.Pattern[str]  # an Arabic or Hebrew head and the word after it
    stems: dict[str, int]  # stemmed word sequences of spaced-script terms -> PREFIX | STRONG | WEAK
    prefixes: frozenset[str]  # one-word stems (5+ letters) that may start a longer inflected word
    abbreviation_re: re.Pattern[str]  # upper-case terms matched exactly ("HIV", "ВИЧ", "VIH")
    weak_abbreviations: frozenset[str]  # those of them that need health context ("TAC", "IRM")
    unspaced: Any  # Aho-Corasick automaton: term -> (language, length, weak), weak None for a cue word
    cues: frozenset[str]  # stems of cue words in spaced scripts
    drug_keys: dict[str, bool]  # spelling key of a one-word drug name -> True
    skeletons: frozenset[tuple[str, str]]  # (script, consonant skeleton) of one-word drug names


@lru_cache(maxsize=1 << 16)
def stem(norm: str) -> str:
    """A folded word without its case ending and final vowels ("cukrzyce" -> "cukrzyc")."""
    if len(norm) < 4 or not norm.isalpha():
        return norm
    for ending in _ENDINGS:
        if norm.endswith(ending) and len(norm) - len(ending) >= 4:
            norm = norm[: -len(ending)]
            break
    cut, most = 0, 2 if norm.isascii() else 9  # Latin: "febbre" ~ "febbri", not "febbraio"
    while cut < most and len(norm) > 3 and norm[-1] in _VOWELS and (norm[-1] not in "jй" or norm[-2] not in _VOWELS):
        norm = norm[:-1]  # j only after a consonant: "depresja", not "kürtaj"
        cut += 1
    if len(norm) > 5 and norm[-1] == "k" and norm.isascii():
        norm = norm[:-1]  # Turkish k ~ ğ before a suffix: "gebelik" ~ "gebeliğim"
    return norm


def _read() -> list[tuple[str, str, bool | None]]:
    """(language, term, weak) per term; weak is None for a cue word; heads come as "head-LANG"."""
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/medical_multilingual.txt")
    terms: list[tuple[str, str, bool | None]] = []
    for line in raw.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, _, rest = line.partition(":")
        lang = lang.strip()
        cue = lang.startswith("cue-")
        for term in rest.split("|"):
            term = term.strip()
            if term:
                terms.append((lang.removeprefix("cue-"), term.rstrip("~"), None if cue else term.endswith("~")))
    return terms


def _abbreviation_re(abbreviations: set[str]) -> re.Pattern[str]:
    """Upper-case abbreviations with no letter of the same script next to them (also inside Japanese)."""
    alternatives = "|".join(sorted(map(re.escape, abbreviations), key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9\u0400-\u04ff])(?:{alternatives})(?![A-Za-z0-9\u0400-\u04ff])")


@cache
def multilingual() -> Multilingual:
    stems: dict[str, int] = {}
    prefixes: set[str] = set()
    abbreviations: set[str] = set()
    weak_abbreviations: set[str] = set()
    cues: set[str] = set()
    unspaced = ahocorasick.Automaton()
    heads: dict[str, bool] = {}
    for lang, term, weak in _read():
        if lang.startswith("head-"):
            if lang in ("head-ar", "head-he"):
                heads[term] = bool(weak)
            else:
                heads[stem(fold(term))] = bool(weak)
        elif weak is None and lang not in _UNSPACED:
            cues.update(stem(fold(w)) for w in re.findall(r"[^\W_]+", term))
        elif term.isupper() and len(term) <= 6:
            abbreviations.add(term)
            if weak:
                weak_abbreviations.add(term)
        elif lang in _UNSPACED:
            unspaced.add_word(term, (lang, len(term), weak))
        else:
            words = [stem(fold(w)) for w in re.findall(r"[^\W_]+", term)]
            for i in range(1, len(words)):
                key = " ".join(words[:i])
                stems[key] = stems.get(key, 0) | 1
            key = " ".join(words)
            stems[key] = stems.get(key, 0) | (WEAK if weak else STRONG)
            if len(words[0]) >= 5 and lang in _SUFFIXING:
                prefixes.add(words[0])
    unspaced.make_automaton()
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/medical_drug_keys.txt.gz")
    drug_keys: dict[str, bool] = {}
    skeletons: set[tuple[str, str]] = set()
    for line in gzip.decompress(raw.read_bytes()).decode("utf-8").splitlines():
        kind, _, key = line.partition("\t")
        if kind == "k":
            drug_keys[key] = True
        elif kind and not kind.startswith("#"):
            skeletons.add((kind, key))
    abjad_heads = [h for h in heads if not h.isascii() and re.search(r"[\u0590-\u06ff]", h)]
    alternatives = "|".join(sorted(map(re.escape, abjad_heads), key=len, reverse=True))
    head_re = re.compile(
        rf"(?<![\u0590-\u06ff])(?:[وبلفוהבלמש]|ال|بال|وال)?(?P<head>{alternatives})\s+[\u0590-\u06ff]{{2,}}"
    )
    return Multilingual(
        heads,
        head_re,
        stems,
        frozenset(prefixes),
        _abbreviation_re(abbreviations),
        frozenset(weak_abbreviations),
        unspaced,
        frozenset(cues),
        drug_keys,
        frozenset(skeletons),
    )


@lru_cache(maxsize=1 << 16)
def _candidates(norm: str, prefixes: frozenset[str]) -> tuple[str, ...]:
    """Stems a folded word may stand for: its own, and listed stems it starts with ("hamileyim")."""
    own = stem(norm)
    found = [own]
    if not (norm.isascii() or _LATIN_FOLDED.fullmatch(norm)) or common_rank(norm) is not None:
        return tuple(found)  # Slavic and Greek inflection is what stem() strips; English "depressing" stays
    for k in range(5, min(len(norm), 14)):
        head, rest = norm[:k], norm[k:]
        if (
            head in prefixes
            and head != own
            and len(rest) <= 6
            and (rest[0] in _SUFFIX_START or head[-1] in _VOWELS)
            and rest not in _ENGLISH_SUFFIXES  # "biopsied" is no form of "biopsja"
        ):
            found.append(head)
    return tuple(found)


def _spaced(
    text: str, tokens: list[Token], data: Multilingual, taken: list[bool]
) -> tuple[list[Span], list[Span], list[Span], list[int], bool, bool]:
    """Stem matches of the curated terms in spaced scripts, procedures and specialties by word
    formation: (findings, weak findings, specialties, indexes of dose-form words, whether a dose
    unit occurs, whether a cue word occurs)."""
    strong: list[Span] = []
    weak: list[Span] = []
    specialties: list[Span] = []
    forms: list[int] = []
    unit = False
    cue = False
    stems, prefixes = data.stems, data.prefixes
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        cands, listed, is_cue, setting = _word(tok.norm)
        cue = cue or is_cue
        if setting == 1:  # a specialty, even where another rule found a weak term ("psychiatry")
            specialties.append((tok.start, tok.end, _STEM, "medical-specialty"))
        elif setting == _UNIT:
            unit = True
        elif setting == _FORM:
            forms.append(i)
        if taken[i] and not listed:
            i += 1
            continue
        if listed:
            best, best_flags = -1, 0
            states = [(i, c) for c in cands]
            while states:
                nxt: list[tuple[int, str]] = []
                for j, key in states:
                    flags = stems.get(key, 0)
                    if flags & (STRONG | WEAK) and j > best:
                        best, best_flags = j, flags
                    if flags & 1 and j + 1 < n and joined(text, tokens[j], tokens[j + 1]):
                        nxt.extend((j + 1, f"{key} {c}") for c in _candidates(tokens[j + 1].norm, prefixes))
                states = nxt
            if best > i or (best == i and not taken[i]):  # a taken word only as part of a longer term
                span = (tok.start, tokens[best].end, _STEM, "medical-multilingual")
                (strong if best_flags & STRONG else weak).append(span)
                i = best + 1
                continue
        if taken[i]:
            i += 1
            continue
        head = _head(text, tokens, i, taken, data) if cands[0] in data.heads else None
        if head is not None:
            (weak if data.heads[cands[0]] else strong).append(head[0])
            i = head[1] + 1
            continue
        if tok.end - tok.start >= 6 and _is_drug(text[tok.start : tok.end]):
            strong.append((tok.start, tok.end, _DRUG, "medical-drug-spelling"))
        elif tok.end - tok.start >= 7 and _inflected_condition(tok.norm):
            strong.append((tok.start, tok.end, _STEM, "medical-ending"))
        elif setting == 2:
            strong.append((tok.start, tok.end, _STEM, "medical-procedure"))
        i += 1
    return strong, weak, specialties, forms, unit, cue


def _head(text: str, tokens: list[Token], i: int, taken: list[bool], data: Multilingual) -> tuple[Span, int] | None:
    """A Cyrillic condition name on the head at token i: an adjective before it ("биполярное
    расстройство") or a capitalised name after it ("болезнь Крона"); (span, index of its last token)."""
    first, last = i, i
    prev = tokens[i - 1].norm if i > 0 else ""
    if len(prev) > 5 and prev.endswith(_ADJECTIVE) and prev not in _PRONOUNS and not taken[i - 1]:
        first = i - 1 if joined(text, tokens[i - 1], tokens[i]) else i
    if i + 1 < len(tokens) and joined(text, tokens[i], tokens[i + 1]):
        word = text[tokens[i + 1].start : tokens[i + 1].end]
        if word[0].isupper() and word[1:].islower() and len(word) > 2:
            last = i + 1
    if first == last:
        return None
    return (tokens[first].start, tokens[last].end, _STEM, "medical-head"), last


@lru_cache(maxsize=1 << 16)
def _word(norm: str) -> tuple[tuple[str, ...], bool, bool, int]:
    """A folded word's stem candidates, whether one starts a curated term, whether it is a cue word,
    and whether it names a specialty (1) or a procedure (2) by its formation, or is a dose unit or
    holds one ("mg", "500mg": 3) or is a dose form ("Tabletten": 4)."""
    data = multilingual()
    # a common English word is matched as written only: "zone" is no form of "zona" (shingles)
    cands: tuple[str, ...]
    english = norm.isascii() and common_rank(norm) is not None
    if english:
        own = stem(norm)  # its stem only where it starts a longer term: "trauma" in "trauma cranico"
        cands = (norm, own) if own != norm and data.stems.get(own) == 1 else (norm,)
    else:
        cands = _candidates(norm, data.prefixes)
    setting = _UNIT if unit(norm) else _FORM if form(norm) else 0
    if not setting and not english:  # English specialties and procedures are the vocabulary's
        setting = 2 if procedure(norm) else 1 if specialty(norm) else 0
    return cands, any(c in data.stems for c in cands), cands[0] in data.cues, setting


_GREEK_LATIN = {"β": "b", "Β": "B", "ου": "u", "ού": "u", "ΟΥ": "U"}
_GREEK_B_OU = re.compile("ου|ού|ΟΥ|β|Β")


@lru_cache(maxsize=1 << 16)
def _is_drug(word: str) -> bool:
    """A drug name by spelling key: "ramipryl", "метформина", "μετφορμίνη" (Greek κ for c, β for b also tried)."""
    if not word.isalpha() or not _drug_like(word):
        return False
    keys = multilingual().drug_keys
    key = drug_key(word)
    if key in keys or ("k" in key and re.sub(r"k(?=[ei])", "s", key) in keys):
        return True
    if _GREEK_B_OU.search(word) and drug_key(_GREEK_B_OU.sub(lambda m: _GREEK_LATIN[m.group()], word)) in keys:
        return True  # Greek writes a drug's v and its b with beta (βαλσαρτάνη, σαλβουταμόλη) and u as ου
    # the adjective of an "-ic acid" drug, whose salt is the listed name: "valproico", "βαλπροϊκό" ~ valproate
    if len(key) >= 7 and key.endswith("ik") and key[:-2] + "at" in keys:
        return True
    # a Hungarian accusative adds -t after the name ("levotiroxint", "warfarint", "metformint")
    return len(word) >= 8 and word[-1] in "tT" and word[-2] in "nlrmNLRM" and drug_key(word[:-1]) in keys


@lru_cache(maxsize=1 << 16)
def _inflected_condition(norm: str) -> bool:
    """A Polish or Czech case form of a condition in -oza/-óza: "boreliozę", "tuberkulózy"."""
    if len(norm) < 9 or not norm.endswith(("ozy", "oze", "ozie", "ozou")) or norm.endswith("toze"):
        return False
    return medical_ending(stem(norm) + "a", suffix_exceptions())


def _drug_like(word: str) -> bool:
    """A word worth a spelling-key lookup: in another script, or a rare Latin word ("ramipryl")."""
    if not word.isascii():
        return True
    return len(word) >= 7 and common_rank(word.lower()) is None


def _edges_ok(text: str, lang: str, s: int, e: int) -> bool:
    """Whether a substring match of a term in an unspaced script stands at the script's word edges."""
    if lang in ("zh", "ja"):
        return True
    if lang == "ko":
        if s > 0 and "\uac00" <= text[s - 1] <= "\ud7a3" and e - s < 3:
            return False
        end = e
        while end < len(text) and "\uac00" <= text[end] <= "\ud7a3":
            end += 1
        return _KO_TAIL.fullmatch(text, e, end) is not None
    start = s
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = e
    while end < len(text) and text[end].isalpha():
        end += 1
    before, after = text[start:s], text[e:end]
    if lang == "ar":
        return (before == "" or before in _AR_PREFIX) and after in _AR_SUFFIX
    return len(before) <= 2 and all(c in _HE_PREFIXES for c in before) and after in ("", "ה", "ו", "י", "ך", "ם")


def forms(word: str, script: str) -> list[tuple[int, int]]:
    """(start, end) offsets inside a word where a drug name may stand, without prefixes or particles."""
    n = len(word)
    if script == "ko":
        return [(0, n), (0, n - 1), (0, n - 2)]
    if script == "ar":
        return [(0, n)] + [(len(p), n) for p in _AR_PREFIX if word.startswith(p) and n - len(p) >= 3]
    if script == "he":
        cut = 0
        forms = [(0, n)]
        while cut < 2 and word[cut] in _HE_PREFIXES and n - cut > 4:
            cut += 1
            forms.append((cut, n))
        return forms
    return [(0, n)]


def _one_word_term(word: str) -> bool:
    """Whether a lower-case Latin word, or it with a final "e", is a one-word term of the main vocabulary."""
    index = vocabulary().index
    return any(index.get(w, 0) & STRONG for w in (word, word + "e"))


@lru_cache(maxsize=1 << 16)
def _skeleton_match(word: str, script: str) -> tuple[int, int, bool] | None:
    """Where in a word a drug name stands by its consonant skeleton: (start, end, sure), or None."""
    skeletons = multilingual().skeletons
    for s, e in forms(word, script):
        sk = skeleton(word[s:e], script) if e - s >= 3 else ""
        if (script, sk) in skeletons:
            return s, e, len(sk) >= _SURE_SKELETON.get(script, 99)
        if script == "kana" and "ジ" in word and (script, sk := skeleton(word[s:e], "kana-z")) in skeletons:
            return s, e, len(sk) >= _SURE_SKELETON["kana"]
        if script == "ar" and "ج" in word and (script, sk := skeleton(word[s:e], "ar-g")) in skeletons:
            return s, e, False
        if (
            script == "ar"
            and word[s] == "و"
            and _PERSO_URDU.search(word)
            and (script, skeleton(word[s:e], "ar-v")) in skeletons
        ):
            return s, e, False  # a vav that writes v, in a Persian or Urdu word (ویلپرویٹ); Arabic's is "and"
    return None


def _skeleton_drugs(text: str) -> tuple[list[Span], list[Span]]:
    """Drug names by consonant skeleton: (findings, findings that need context). Abjad scripts and
    short skeletons collide more often with everyday words, so they need a health cue nearby."""
    strong: list[Span] = []
    weak: list[Span] = []
    for script, pattern in SCRIPTS:
        for m in pattern.finditer(text):
            found = _skeleton_match(m.group(), script)
            if found is not None:
                s, e, sure = found
                (strong if sure else weak).append((m.start() + s, m.start() + e, _DRUG, "medical-drug-transliterated"))
    return strong, weak


def find_multilingual(text: str, tokens: list[Token], taken: list[bool]) -> tuple[list[Span], list[Span], bool]:
    """Health terms of the mechanisms above: (findings, findings that need health context, whether
    a clinical cue word occurs). ``taken`` marks the tokens that other rules already reported."""
    data = multilingual()
    strong, weak, specialties, forms, has_unit, cue = _spaced(text, tokens, data, taken)
    if specialties and visit_cue(text):  # "Termin in der Psychiatrie"; not "wie wird man Psychiater?"
        strong.extend(specialties)
    strong.extend(english_specialists(text))  # "my psychiatrist", "an appointment with a neurologist"
    if data.abbreviation_re.search(text):
        for m in data.abbreviation_re.finditer(text):
            span = (m.start(), m.end(), _TERM, "medical-multilingual")
            (weak if m.group() in data.weak_abbreviations else strong).append(span)
    strong.extend(malay_ailments(text, tokens))  # "saraf kejepit", "sakit maag": Indonesian and Malay ailment grammar
    doses, named = dose_findings(text, tokens, has_unit, forms)
    strong.extend(doses)
    weak.extend(named)
    if _NON_LATIN.search(text):
        for end, (lang, length, is_weak) in data.unspaced.iter(text):
            s, e = end - length + 1, end + 1
            if not _edges_ok(text, lang, s, e):
                continue
            if is_weak is None:
                cue = True
            else:
                (weak if is_weak else strong).append((s, e, _TERM, "medical-multilingual"))
        for m in data.head_re.finditer(text):
            (weak if data.heads[m.group("head")] else strong).append((m.start("head"), m.end(), _TERM, "medical-head"))
        sure, unsure = _skeleton_drugs(text)
        strong.extend(sure)
        weak.extend(unsure)
        sure, unsure = script_drugs(text, data.skeletons, _one_word_term)  # Devanagari words, Thai runs after ยา
        strong.extend(sure)
        weak.extend(unsure)
        strong.extend((m.start(), m.end(), _DRUG, "medical-inn-stem") for m in _INN_STEMS.finditer(text))
        strong.extend(han_drugs(text))  # Chinese drug names by their endings, after a medication cue
    return strong, weak, cue
