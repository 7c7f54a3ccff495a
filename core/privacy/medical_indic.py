"""Health terms in Indian languages: conditions, symptoms, procedures and medicines in Hindi, Marathi,
Bengali, Tamil, Telugu, Gujarati, Punjabi, Kannada and Malayalam.

The terms, condition heads and clinical cue words are in ``data/medical_indic.txt`` (curated for
IslandRun; see its header). One pass over the Indic words of the text finds:

1. **terms**, longest first ("उच्च रक्तचाप", "फेफड़ों का कैंसर", "ডায়ালাইসিস") — MEDICAL 0.8;
2. **a word before a condition head** ("हृदय रोग", "त्वचा रोग", "गुर्दे की बीमारी", "डेंगू बुखार"),
   unless that word is one of the language's most frequent words ("इस बीमारी", "मुझे बुखार") — 0.7;
3. **everyday words that are also health terms** ("बुखार", "खांसी", "दर्द", marked ``~``) only in a
   text with another health finding or a clinical cue word ("डॉक्टर", "दवा", "mg") — 0.45.

The result has the shape of :func:`.medical.find_medical`'s (MEDICAL entities, no finding inside
another), so :mod:`.levels` treats it the same way.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .entities import Entity, EntityType
from .indic_values import INDIC_WORD, fold
from .lexicons import common_rank

__all__ = ["clinical_cues", "find_indic_medical"]

_TERM, _HEAD, _CONTEXTUAL = 0.8, 0.7, 0.45
_MAX_WORDS = 4
_POSTPOSITIONS = frozenset({"का", "की", "के", "में", "से", "দের", "এর", "ਦਾ", "ਦੀ", "ਦੇ", "નો", "ની", "ના"})
_LATIN_CUE = re.compile(r"(?i:\d\s*mg\b|\bmg\b|\bml\b|\bdr\.|\bdoctor\b|\btablets?\b)")
_JOIN = re.compile(r"[ \t]+|[ \t]*-[ \t]*")
# Case endings of condition heads: Bengali locative/genitive (রোগে, রোগের, রোগেতে), Hindi oblique (रोगों, बीमारियों)
_HEAD_ENDINGS = ("েতে", "ের", "ে", "তে", "ियों", "ों")
_HEAD_ENDS = tuple({e[-1] for e in _HEAD_ENDINGS})
_COMMON = 1000  # a word this frequent does not name a condition before a head ("इस बीमारी")
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class _Data:
    terms: dict[str, dict[tuple[str, ...], bool]]  # first folded word -> {folded words: weak}
    heads: dict[str, bool]  # folded head word -> weak
    cues: frozenset[str]


@cache
def _load() -> _Data:
    raw = resources.files(__package__ or "islandrun.core.privacy").joinpath("data/medical_indic.txt")
    terms: dict[str, dict[tuple[str, ...], bool]] = {}
    heads: dict[str, bool] = {}
    cues: set[str] = set()
    weak_words: set[str] = set()
    for line in raw.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, rest = line.partition(":")
        for term in (t.strip() for t in rest.split("|")):
            if not term:
                continue
            weak = term.endswith("~")
            words = tuple(fold(w) for w in INDIC_WORD.findall(term.rstrip("~")))
            if not words:
                continue
            if kind.startswith("cue-"):
                cues.add(words[0])
            elif kind.startswith("head-"):
                heads[words[0]] = False
            else:
                terms.setdefault(words[0], {})[words] = weak
                if weak and len(words) == 1:
                    weak_words.add(words[0])
    for head in heads:
        heads[head] = head in weak_words
    return _Data(terms, heads, frozenset(cues))


def _data() -> _Data:
    with _lock:
        return _load()


def clinical_cues() -> frozenset[str]:
    """The folded clinical cue words of every language ("डॉक्टर", "दवा", "ডাক্তার")."""
    return _data().cues


def _frequent(word: str) -> bool:
    rank = common_rank(word, "hi")
    return rank is not None and rank < _COMMON


def _split(words: str) -> list[str]:
    return words.split()


# Case endings and the copula that Malayalam, Telugu, Kannada and Sinhala join to a word ("ഗർഭിണിയാണ്" is
# "ഗർഭിണി" + "is"), stripped when the whole word is no term: longest first.
_AGGLUTINATED = re.compile("^[\u0c00-\u0dff]")
_SUFFIXES = tuple(
    sorted(
        {
            fold(x)
            for x in _split(
                "യാണ് ആണ് ാണ് ുടെ യുടെ ിൽ യിൽ ക്ക് യ്ക്ക് ും യും ത്തിന് ത്തിൽ ിന് ിന്റെ కి కు తో "
                "లో ని గా ను ಗೆ ಕ್ಕೆ ದಿಂದ ಯಿಂದ ಯ ದ ವಿದೆ ಇದೆ ට ගෙන් ය යි ක් ටත් නිසා"
            )
        },
        key=len,
        reverse=True,
    )
)


def _stem(word: str, data: _Data) -> str:
    """``word``, or the term it starts with before a joined case ending or copula (see ``_SUFFIXES``)."""
    if word in data.terms or word in data.heads or not _AGGLUTINATED.match(word):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if stem in data.terms or stem in data.heads:
                return stem
    return word


def find_indic_medical(text: str, words: list[re.Match[str]] | None = None) -> list[Entity]:
    """MEDICAL entities for health terms written in Indic scripts (see the module docstring); ``words``: the
    matches of :data:`.indic_values.INDIC_WORD` in ``text``, when the caller has them already."""
    data = _data()
    if words is None:
        words = list(INDIC_WORD.finditer(text))
    folded = [_stem(fold(m.group()), data) for m in words]
    strong: list[tuple[int, int, float, str]] = []
    weak: list[tuple[int, int]] = []
    cue = bool(_LATIN_CUE.search(text))
    i = 0
    while i < len(words):
        w = folded[i]
        cue = cue or w in data.cues
        best = 0
        best_weak = False
        starting = data.terms.get(w)
        for n in range(min(_MAX_WORDS, len(words) - i) if starting else 0, 0, -1):
            entry = starting.get(tuple(folded[i : i + n])) if starting else None
            if entry is not None and all(
                _JOIN.fullmatch(text, words[k].end(), words[k + 1].start()) for k in range(i, i + n - 1)
            ):
                best, best_weak = n, entry
                break
        head = data.heads.get(w)
        if head is None and w.endswith(_HEAD_ENDS):  # a head with its case ending: "পারকিনসন রোগে", "हृदय रोगों"
            head = next(
                (h for e in _HEAD_ENDINGS if w.endswith(e) and (h := data.heads.get(w[: -len(e)])) is not None), None
            )
        if head is not None and i > 0 and _JOIN.fullmatch(text, words[i - 1].end(), words[i].start()):
            j = i - 1
            if folded[j] in _POSTPOSITIONS and j > 0 and _JOIN.fullmatch(text, words[j - 1].end(), words[j].start()):
                j -= 1
            if folded[j] not in _POSTPOSITIONS and not _frequent(folded[j]):
                span = (words[j].start(), words[i].end())
                if head and data.terms.get(folded[j], {}).get((folded[j],)) is not False:
                    weak.append(span)
                else:
                    strong.append((*span, _HEAD, "medical-indic-head"))
        if best:
            span = (words[i].start(), words[i + best - 1].end())
            if best_weak:
                weak.append(span)
            else:
                strong.append((*span, _TERM, "medical-indic"))
            i += best
        else:
            i += 1
    spans = list(strong)
    if strong or cue:
        spans.extend((s, e, _CONTEXTUAL, "medical-indic-context") for s, e in weak)
    found: list[Entity] = []
    reach = -1
    for s, e, score, src in sorted(spans, key=lambda x: (x[0], -x[1])):
        if e <= reach:
            continue
        reach = e
        found.append(Entity(EntityType.MEDICAL, s, e, text[s:e], score, src))
    return found
