"""Health information: conditions, mental-health terms, medications and procedures, in English and
other languages, and ICD-10 codes.

One pass over the word tokens of the text finds, in this order of confidence:

1. **vocabulary terms** (:mod:`.medical_vocab`: disease, phenotype, drug and procedure names from
   maintained vocabularies, longest match first, extended to the left over condition modifiers:
   "hereditary nonpolyposis colorectal cancer");
2. **condition names built on a head** ("Norrie disease", "maladie de Crohn") and **words with a
   medical ending** ("cholangitis", "Arthrose") or a condition compound ("Brustkrebs"), see
   :mod:`.medical_rules`;
3. **abbreviations**: one defined in the text ("... dystrophy (DMD)") is found wherever it recurs;
   the initials of a vocabulary condition name ("PWS") count only next to other health findings
   or a clinical cue word ("patients", "diagnosed");
4. **common words** that are also health terms ("cold", "stroke", "depression") count only next
   to other health findings or a clinical cue word ("diagnosed", "Arzt").

ICD-10 codes are found in dotted form, or in any form after a clinical context word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache

from .entities import Entity, EntityType
from .lexicons import common_rank
from .medical_heads import amharic_conditions, korean_conditions, latin_conditions
from .medical_lookalikes import PLACE_SENSITIVE_RULES, given_name_not_eponym, initials_not_condition, place_not_term
from .medical_modifiers import with_modifiers
from .medical_multilingual import find_multilingual
from .medical_results import find_results
from .medical_rules import (
    CJK_HEADS,
    COMPOUND_HEADS,
    CUES,
    HAVE,
    HEADS_AFTER,
    HEADS_BEFORE,
    HEADS_GENERIC,
    STOPWORDS,
    TAKE,
    latin_forms,
    medical_adjective,
    medical_ending,
)
from .medical_vocab import (
    CONDITION,
    PREFIX,
    STRONG,
    WEAK,
    Token,
    Vocabulary,
    fold,
    joined,
    suffix_exceptions,
    tokenize,
    vocabulary,
)

__all__ = ["find_medical"]

# (look-behinds after the first letter, with it: the same matches, and the engine skips straight to candidates)
_ICD10 = re.compile(r"[A-TV-Z](?<![\w.].)\d{2}(?:\.(?P<sub>[0-9A-Z]{1,4}))?(?![\w])")
# ("code" as a word: an Eircode's or a postcode's routing key, "Eircode W91 K2T8", is no diagnosis)
_ICD_CONTEXT = re.compile(r"(?i:icd(?:-?10)?|diagnos\w*|\bdx\b|\bcode|condition)[^\n]{0,24}$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_INJURY_HANGUL = re.compile(r"파열|골절")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,7}")
# Health abbreviations written in mixed case, which the case-blind vocabulary cannot hold without taking "meal
# prep" for HIV prophylaxis: PrEP / nPEP (HIV prevention), HbA1c (diabetes control), eGFR (kidney function).
_MIXED_CASE = re.compile(r"(?:P(?<![\w-]P)rEP|n(?<![\w-]n)PEP|H(?<![\w-]H)bA1c|e(?<![\w-]e)GFR)(?![\w-])")
# An illness, injury or disorder named by its cause ("stress-related illness", "work-related injury",
# "alcohol-related liver disease"): the head makes it health data whatever word comes before "-related".
_RELATED = re.compile(
    r"(?<![\w-])[A-Za-z]{3,15}-related\s+(?:[a-z]{3,12}\s+)?(?i:illness(?:es)?|injur(?:y|ies)|disorders?|diseases?|"
    r"sickness|ill[ -]health|stress|anxiety|depression)(?![\w-])"
)
_MAX_MODIFIERS = 4
_ARTICLES = frozenset({"a", "an", "une", "un", "una", "uno", "ein", "eine", "einen", "einer", "een", "um", "uma"})
_EPONYM_HEADS = ("syndrome", "disease", "disorder", "deficiency", "anomaly", "syndrom", "krankheit")

Span = tuple[int, int, float, str]  # start, end, score, rule

# scores: >= 0.4 is a real finding
_TERM, _RULE, _ENDING_SCORE, _CONTEXTUAL = 0.8, 0.7, 0.6, 0.45


_ANY_HEAD = HEADS_BEFORE | HEADS_GENERIC | HEADS_AFTER


@cache
def _eponym_keys() -> frozenset[str]:
    """Folded token sequences that a vocabulary condition name made of them and one eponym head extends
    ("lesch nyhan" for "lesch nyhan syndrome"): :func:`_eponym`'s test, computed once."""
    heads = tuple(f" {head}" for head in _EPONYM_HEADS)
    return frozenset(
        key[: -len(head)]
        for key, flags in vocabulary().index.items()
        if flags & STRONG
        for head in heads
        if key.endswith(head)
    )


# What :func:`_scan` must do at a word (see :func:`_plainness`).
_PLAIN, _PREFIX_ONLY, _FULL = 0, 1, 2


@lru_cache(maxsize=1 << 16)
def _plainness(word: str) -> int:
    """How much of :func:`_scan`'s work a word needs, from the word alone (most words of a text need none).

    ``_PLAIN``: no rule can start a finding at it (not a vocabulary term or the start of one, no eponym,
    head, compound, medical ending or Latin form); ``_PREFIX_ONLY``: only as the first word of a longer
    vocabulary term ("in", "a"); ``_FULL``: anything may start here."""
    norm = fold(word)
    vocab = vocabulary()
    if norm in _ANY_HEAD or norm in _eponym_keys() or (len(norm) > 9 and norm.endswith(COMPOUND_HEADS)):
        return _FULL
    if medical_ending(word, suffix_exceptions()) or any(vocab.index.get(f, 0) & STRONG for f in latin_forms(norm)):
        return _FULL
    flags = vocab.index.get(norm)
    if flags is None:
        return _PLAIN
    if flags & (STRONG | WEAK) or word[0].isupper() or norm in ("von", "van", "de"):
        return _FULL
    return _PREFIX_ONLY


def _vocab_match(text: str, tokens: list[Token], i: int, index: Mapping[str, int]) -> tuple[int, int]:
    """Longest vocabulary term starting at token i: (index of its last token, flags), or (-1, 0)."""
    key = tokens[i].norm
    best, best_flags, j = -1, 0, i
    while True:
        flags = index.get(key)
        if flags is None:
            break
        if flags & (STRONG | WEAK):
            best, best_flags = j, flags
        if not flags & PREFIX or j + 1 >= len(tokens) or not joined(text, tokens[j], tokens[j + 1]):
            break
        j += 1
        key = f"{key} {tokens[j].norm}"
    return best, best_flags


def _eponym(text: str, tokens: list[Token], i: int, index: Mapping[str, int]) -> int:
    """Last token of a capitalised name that a vocabulary condition name begins with and that the
    text uses alone ("Lesch-Nyhan", "von Hippel-Lindau" for "... syndrome", "... disease"), or -1."""
    if not (text[tokens[i].start].isupper() or tokens[i].norm in ("von", "van", "de")):
        return -1
    key, j, found = tokens[i].norm, i, -1
    eponyms = _eponym_keys()
    while True:
        if key in eponyms:
            found = j
        flags = index.get(key, 0)
        if not flags & PREFIX or j + 1 >= len(tokens) or not joined(text, tokens[j], tokens[j + 1]):
            return found
        if not text[tokens[j + 1].start].isupper():
            return found
        j += 1
        key = f"{key} {tokens[j].norm}"


def rare_capitalised(word: str) -> bool:
    """A capitalised word that is no common word of English ("Canavan", not "Wilson" or "Down")."""
    return len(word) >= 5 and word[0].isupper() and word[1:].islower() and common_rank(word.lower()) is None


def _had(tokens: list[Token], first: int, last: int, flags: int) -> bool:
    """A common health word right after a verb that gives someone a condition ("has a stroke") or
    a medicine ("takes insulin"), not "... of"."""
    j = first - 1
    if j >= 0 and tokens[j].norm in _ARTICLES:
        j -= 1
    if j < 0 or not (tokens[j].norm in HAVE or (tokens[j].norm in TAKE and not flags & CONDITION)):
        return False
    return last + 1 >= len(tokens) or tokens[last + 1].norm not in ("of", "de", "di", "van", "von")


# How a condition is inherited or arises: part of its name whatever the word's frequency ("X-linked
# retinoschisis", "autosomal recessive ataxia", "idiopathic torsion dystonia", "familial breast cancer").
_INHERITANCE = frozenset(
    {
        "linked", "autosomal", "dominant", "dominantly", "recessive", "recessively", "inherited", "hereditary",
        "familial", "idiopathic", "congenital", "sporadic", "juvenile", "torsion", "syndromic", "attenuated",
        "isolated", "progressive", "childhood",
    }
)  # fmt: skip
# What may follow a condition's name as part of it ("… syndrome", "… type II", "polyposis coli").
_TAIL_HEADS = frozenset(
    {
        "syndrome", "syndromes", "disease", "diseases", "disorder", "disorders", "deficiency", "deficiencies",
        "defect", "defects", "tumor", "tumors", "tumour", "tumours", "cancer", "cancers", "carcinoma",
        "carcinomas", "coli",
    }
)  # fmt: skip
_TYPE_MARK = re.compile(r"(?:[ivx]{1,4}|\d{1,2}[a-z]?|[a-d])$")


def _extend_tail(text: str, tokens: list[Token], last: int) -> int:
    """Index of the last token of a condition's name that goes on after a vocabulary term."""
    n = len(tokens)
    for _ in range(2):
        j = last + 1
        if j >= n or not joined(text, tokens[last], tokens[j]) or "," in text[tokens[last].end : tokens[j].start]:
            break
        if tokens[j].norm in _TAIL_HEADS:
            last = j
        elif tokens[j].norm == "type" and j + 1 < n and _TYPE_MARK.match(tokens[j + 1].norm):
            last = j + 1
        else:
            break
    return last


# Words that join two organs or kinds before one condition ("breast and ovarian cancer", "breast/ovarian").
_COORDINATORS = frozenset({"and", "or", "und", "et", "y", "e", "i", "oder", "ou", "o"})


def _is_modifier(text: str, tok: Token, modifiers: frozenset[str], strict: bool) -> bool:
    """A word that may qualify a condition name: one used so in the vocabulary, a capitalised name
    or a gene-like code; ``strict`` (before a full vocabulary term) also wants a medical adjective or a
    rare word, so that "suspects" stays out of "suspects atrial fibrillation"."""
    if tok.norm in _INHERITANCE:
        return True
    if tok.norm in STOPWORDS or not text[tok.start : tok.end].replace("-", "").isalnum():
        return False
    word = text[tok.start : tok.end]
    if (word[0].isupper() and len(word) > 1) or (not word.isalpha() and not word.isdigit()):
        return True  # a capitalised name, or letters with digits ("G6PD", "C2"); never a bare number
    if tok.norm not in modifiers:
        return False
    return not strict or medical_adjective(tok.norm) or common_rank(tok.norm) is None


def _extend_left(
    text: str, tokens: list[Token], i: int, floor: int, modifiers: frozenset[str], strict: bool = False
) -> int:
    """Index of the first token of the modifiers standing right before token i (i if none)."""
    first = i
    while first - 1 >= floor and i - (first - 1) <= _MAX_MODIFIERS:
        prev = tokens[first - 1]
        if not joined(text, prev, tokens[first]):
            break
        if prev.norm in ("x", "y") and tokens[first].norm == "linked":
            first -= 1  # the X of "X-linked"
            continue
        if not _is_modifier(text, prev, modifiers, strict):
            if text[prev.end : tokens[first].start].strip() in ("/", "-") and prev.norm in modifiers:
                first -= 1  # "breast/ovarian cancer", "breast-ovarian cancer"
                continue
            # "breast and ovarian cancer": an organ or kind joined to the condition's first word by "and"/"or"
            if not (
                prev.norm in _COORDINATORS
                and first - 2 >= floor
                and joined(text, tokens[first - 2], prev)
                and tokens[first - 2].norm in modifiers
                and tokens[first - 2].norm not in STOPWORDS
            ):
                break
            first -= 1
        first -= 1
    return first


def _extend_right(text: str, tokens: list[Token], i: int) -> int:
    """Index of the last token of a Romance/Polish head's modifier ("de Crohn", "bipolar", "Downa")."""
    j = i + 1
    if j < len(tokens) and tokens[j].norm in ("de", "di", "del", "du", "da", "do", "van", "von", "des"):
        j += 1
    if j >= len(tokens) or not joined(text, tokens[i], tokens[i + 1]):
        return i
    if j > i + 1 and not joined(text, tokens[j - 1], tokens[j]):
        return i
    tok = tokens[j]
    word = text[tok.start : tok.end]
    if tok.norm in STOPWORDS or len(word) < 4 or not word.isalpha():
        return i
    return j


def _abbreviations(text: str, spans: list[Span]) -> list[Span]:
    """Abbreviations defined right after a finding ("... syndrome (PWS)"), found wherever they recur."""
    defined: set[str] = set()
    for _, end, _, _ in spans:
        m = re.match(r"\s*\(\s*([A-Za-z][\w-]{1,9})\s*[),;]", text[end : end + 16])
        if m and any(c.isupper() for c in m.group(1)):
            defined.add(m.group(1))
    return [
        (m.start(), m.end(), _RULE, "medical-abbreviation")
        for abbr in defined
        for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text)
    ]


def _scan(text: str, tokens: list[Token], vocab: Vocabulary) -> tuple[list[Span], list[tuple[int, int]], bool]:
    """One pass over the tokens: findings, common-word terms that need context, and whether a
    clinical cue word occurs."""
    exceptions = suffix_exceptions()
    strong: list[Span] = []
    weak: list[tuple[int, int]] = []
    cue = False
    i, n = 0, len(tokens)
    floor = 0  # modifiers never reach back into an earlier finding
    while i < n:
        tok = tokens[i]
        cue = cue or tok.norm in CUES
        plainness = _plainness(text[tok.start : tok.end])
        if plainness == _PLAIN:
            i += 1
            continue
        last, flags = _vocab_match(text, tokens, i, vocab.index)
        if last < 0 and plainness == _PREFIX_ONLY:
            i += 1
            continue
        if last >= 0 and flags & STRONG:
            first = _extend_left(text, tokens, i, floor, vocab.modifiers, strict=True)
            last = _extend_tail(text, tokens, last)
            strong.append((tokens[first].start, tokens[last].end, _TERM, "medical-vocabulary"))
            i = floor = last + 1
            continue
        word, norm = text[tok.start : tok.end], tok.norm
        if last < 0:
            eponym = _eponym(text, tokens, i, vocab.index)
            if eponym > i or (
                eponym == i and rare_capitalised(word) and not given_name_not_eponym(text, tok.start, tok.end)
            ):
                strong.append((tok.start, tokens[eponym].end, _RULE, "medical-eponym"))
                i = floor = eponym + 1
                continue
        if last == i and norm in HEADS_BEFORE and _extend_left(text, tokens, i, floor, vocab.modifiers) < i:
            last = -1  # a common head word with modifiers: "gastric cancer", not a bare "cancer"
        if last >= 0:
            last = _extend_tail(text, tokens, last)
            if _had(tokens, i, last, flags):  # "I have depression", "er hatte einen Schlaganfall"
                strong.append((tok.start, tokens[last].end, _CONTEXTUAL, "medical-context"))
            else:
                weak.append((tok.start, tokens[last].end))
            i = floor = last + 1
            continue
        head = _head(text, tokens, i, floor, vocab)
        if head is not None:
            (start, end, score, rule), last = head[0], _extend_tail(text, tokens, head[1])
            strong.append((start, max(end, tokens[last].end), score, rule))
            i = floor = last + 1
            continue
        if len(norm) > 9 and norm.endswith(COMPOUND_HEADS) and norm.isalpha() and not norm.endswith("krebse"):
            strong.append((tok.start, tok.end, _RULE, "medical-compound"))
        elif medical_ending(word, exceptions) or any(vocab.index.get(f, 0) & STRONG for f in latin_forms(norm)):
            first = _extend_left(text, tokens, i, floor, vocab.modifiers)
            strong.append((tokens[first].start, tok.end, _ENDING_SCORE, "medical-ending"))
        i += 1
    return strong, weak, cue


def _head(text: str, tokens: list[Token], i: int, floor: int, vocab: Vocabulary) -> tuple[Span, int] | None:
    """A condition name built on the head word at token i, and the index of its last token."""
    tok, norm, n = tokens[i], tokens[i].norm, len(tokens)
    if norm in HEADS_BEFORE:
        first = _extend_left(text, tokens, i, floor, vocab.modifiers)
        if first < i:
            return (tokens[first].start, tok.end, _RULE, "medical-head"), i
    if norm in HEADS_GENERIC and i > floor and joined(text, tokens[i - 1], tok):
        prev = tokens[i - 1]
        if prev.norm in vocab.modifiers and medical_adjective(prev.norm):
            first = _extend_left(text, tokens, i - 1, floor, vocab.modifiers)
            return (tokens[first].start, tok.end, _RULE, "medical-head"), i
    if norm in HEADS_BEFORE and i + 2 < n and tokens[i + 1].norm == "of":  # "deficiency of aspartoacylase"
        j = i + 3 if tokens[i + 2].norm == "the" and i + 3 < n else i + 2
        after = tokens[j]
        if after.norm in vocab.modifiers or common_rank(after.norm) is None:
            return (tok.start, after.end, _RULE, "medical-head"), j
    if norm in HEADS_AFTER:
        last = _extend_right(text, tokens, i)
        if last > i:
            return (tok.start, tokens[last].end, _RULE, "medical-head"), last
    return None


def _acronyms(text: str, strong: list[Span], acronyms: frozenset[str]) -> list[Span]:
    """Capitals that are the initials of a vocabulary condition name ("PWS"), outside other findings; not
    initials that label a number after them ("RM 08-44-17": a record number's label, left to the number)."""
    found: list[Span] = []
    for m in _ACRONYM.finditer(text):
        alone = (m.start() == 0 or not text[m.start() - 1].isalnum()) and (
            m.end() == len(text) or not text[m.end()].isalnum()
        )
        if not alone or initials_not_condition(text, m.start(), m.end()):
            continue
        if m.group().replace("-", "") in acronyms and not any(s <= m.start() < e for s, e, _, _ in strong):
            found.append((m.start(), m.end(), _CONTEXTUAL, "medical-acronym"))
    return found


def _icd_codes(text: str) -> list[Entity]:
    found: list[Entity] = []
    for m in _ICD10.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        if _ICD_CONTEXT.search(before):
            score = 0.85
        elif m.group("sub"):
            score = 0.5
        else:
            continue
        found.append(Entity(EntityType.MEDICAL, m.start(), m.end(), m.group(), score, "icd10"))
    return found


def _taken(tokens: list[Token], spans: list[tuple[int, int]]) -> list[bool]:
    """For each token, whether it starts inside one of the spans."""
    taken = [False] * len(tokens)
    if spans:
        spans.sort()
        k = 0
        for i, tok in enumerate(tokens):
            while k < len(spans) and spans[k][1] <= tok.start:
                k += 1
            taken[i] = k < len(spans) and spans[k][0] <= tok.start
    return taken


_GRAMMAR_RANK = 1000  # among the thousand most common words of its language: grammar and everyday talk


def _grammar_word(text: str, start: int, end: int) -> bool:
    """Whether one word of the vocabulary is, in a text of another language than English, one of that language's most
    common words and no English word ("miten", Finnish "how", is also a drug's name)."""
    word = text[start:end].lower()
    if not word.isalpha() or common_rank(word) is not None:
        return False
    from .language import guess_language  # (cached: the name finder asked it of the same text)

    lang = guess_language(text)
    return lang != "en" and (common_rank(word, lang) or 10**6) < _GRAMMAR_RANK


def find_medical(text: str) -> list[Entity]:
    """Health terms and ICD-10 codes in text; scores >= 0.4, no finding inside another."""
    vocab = vocabulary()
    if not text:
        suffix_exceptions()
        _eponym_keys()
        common_rank("")  # loads the word-frequency table: find_medical("") warms everything up
        find_multilingual("", [], [])
        return []
    tokens = tokenize(text)
    strong, weak, cue = _scan(text, tokens, vocab)
    taken = _taken(tokens, [(s, e) for s, e, _, _ in strong] + weak)
    more, more_weak, more_cue = find_multilingual(text, tokens, taken)
    cue = cue or more_cue
    strong.extend(more)
    weak.extend((s, e) for s, e, _, _ in more_weak)
    if not text.isascii():
        more, more_weak = korean_conditions(text)  # "고지혈증", "역류성 식도염": Korean conditions by their head
        strong.extend(more)
        strong.extend(amharic_conditions(text))  # "የኩላሊት በሽታ": Amharic "… disease"
        weak.extend((s, e) for s, e, _, _ in more_weak)
    strong.extend(latin_conditions(text))  # "Ulcus cruris": clinical Latin by its head
    if vocab.cjk is not None and _CJK.search(text):
        strong.extend((e - n + 1, e + 1, _TERM, "medical-vocabulary") for e, n in vocab.cjk.iter(text))
        strong.extend((m.start(), m.end(), _ENDING_SCORE, "medical-ending") for m in CJK_HEADS.finditer(text))
    elif _INJURY_HANGUL.search(text):  # Korean injuries by their head (연골 파열, 골절); Han text had its scan above
        strong.extend((m.start(), m.end(), _ENDING_SCORE, "medical-ending") for m in CJK_HEADS.finditer(text))
    strong.extend(_abbreviations(text, strong))
    strong.extend((m.start(), m.end(), _RULE, "medical-mixed-case") for m in _MIXED_CASE.finditer(text))
    if "-related" in text:
        strong.extend((m.start(), m.end(), _RULE, "medical-cause") for m in _RELATED.finditer(text))
    results, loose_results = find_results(text)  # "beta hCG 312 mIU/mL", "c.5266dupC"
    strong.extend((s, e, _TERM, "medical-result") for s, e in results)
    weak.extend(loose_results)
    spans = list(strong)
    if strong or cue:  # common words and bare initials count only in a text about health
        spans.extend((s, e, _CONTEXTUAL, "medical-context") for s, e in weak)
        spans.extend(_acronyms(text, strong, vocab.acronyms))
    found: list[Entity] = []
    reach = -1
    for s, e, score, src in sorted(spans, key=lambda x: (x[0], -x[1])):
        if e <= reach:
            continue  # inside a longer finding: "nonpolyposis" in "hereditary nonpolyposis colorectal cancer"
        if src in PLACE_SENSITIVE_RULES and place_not_term(text, s, e):
            continue  # "Pantai Parangtritis", "a Cefalù": a place, not "-itis" or "cefalea"
        if src == "medical-vocabulary" and _grammar_word(text, s, e):
            continue  # Finnish "miten" (how), a drug's name in the vocabulary: a word of the text's own grammar
        s, e = with_modifiers(text, max(s, reach), e)  # "beginnende Katarakt", "épisode dépressif sévère"
        reach = e
        found.append(Entity(EntityType.MEDICAL, s, e, text[s:e], score, src))
    return found + _icd_codes(text)
