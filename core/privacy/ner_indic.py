"""MIST for Indian languages: names in Indic scripts, plus the entry point for everything Indic.

:func:`find_indic` is what the detector calls. Text with no Indic letter (Devanagari to Sinhala)
costs one regex search, plus the Indian identifiers (Aadhaar, PAN, UPI, vehicle numbers) that may
stand in any text (:func:`.indic_values.find_indian_ids`). Text with Indic letters also gets its
labelled values, addresses and dates (:mod:`.indic_values`), its health terms
(:mod:`.medical_indic`), the names below, and organizations: one to three words before an
organization word (अस्पताल, क्लिनिक, मेडिकल स्टोर, बैंक, स्कूल, लिमिटेड …), one of them a rare word or a
person's name ("अपोलो अस्पताल", "शर्मा मेडिकल स्टोर"; not "सरकारी अस्पताल").

Indic scripts have no capital letters and many given names are everyday words (आशा "hope", विजय
"victory", सूरज "sun"), so, as for Chinese or Arabic (:mod:`.ner_scripts`), a name needs a second
sign besides the name lists:

- a word before it that introduces a person: श्री, श्रीमती, डॉ., मेरा नाम, मैं, প্রিয়, திரு, శ్రీమతి …
  ("मैं अमित शर्मा बोल रहा हूँ", "डॉ. अनिल मेहता");
- an honorific after it: जी, साहब, बाबू, दीदी ("शर्मा जी");
- or a given name followed by a family name, both in the lists ("सुनीता वर्मा", "রাহুল চৌধুরী"), in a
  text that is about someone (a first-person or kinship word, a form label, a greeting, a value
  found by :mod:`.indic_values`): "सचिन तेंदुलकर ने सौ शतक बनाए" in a general question stays.

The name lists are Faker's person providers for hi_IN, mr_IN, ne_NP (Devanagari), bn_BD (Bengali),
gu_IN (Gujarati), ta_IN (Tamil), or_IN (Odia) and si_LK (Sinhala), read in place through
:func:`.ner_lexicon.name_data` (MIT licence). Telugu, Kannada, Malayalam and Gurmukhi have no such
list: their names (and Sinhala's, beyond the rules above) are :mod:`.indic_south_names`' (keys from
:mod:`.names_brahmic`, which moves the Devanagari lists into those scripts), their labelled values
:mod:`.indic_south_values`' and their medicines :mod:`.indic_south_health`'s. Romanised Indian names
("Rajesh Kumar") are Latin text and go through :mod:`.names`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache

from .entities import Entity, EntityType
from .indic_south_health import OTHER_BRAHMIC, find_south_medical
from .indic_south_names import SOUTH, about_someone_south, find_south_names, south_name_alone
from .indic_south_values import find_south_values
from .indic_values import (
    FUNCTION_WORDS,
    INDIC,
    INDIC_WORD,
    find_indian_ids,
    find_indic_dates,
    find_indic_values,
    fold,
    folded_words,
    label_re,
)
from .lexicons import common_rank
from .medical_indic import clinical_cues, find_indic_medical
from .ner_lexicon import name_data

__all__ = ["find_indic", "warm_up_indic"]

_HAS_INDIC = re.compile("[\u0900-\u0dff]")
_QUESTION = re.compile(r"[?？]\s*$")


_FUNCTION_RANK = 150  # words this frequent ("एक", "भारत", "सरकार") are no names without an introduction
_COMMON_RANK = 3000
_BENGALI_SUFFIXES = ("ের", "এর", "কে", "র")
_GUJARATI_SUFFIXES = tuple(fold(w) for w in ("ભાઈ", "ભાઇ", "બેન", "બહેન", "ને", "નો", "ની", "નું", "ના", "થી", "માં"))
# Honorifics and titles: part of how a name is written, never a name on their own.
_NOT_NAMES = folded_words("श्री श्रीमती सुश्री कुमारी जी साहब শ্রী திரு ஸ்ரீ")

# Family names the Faker lists lack: second parts of North Indian names that Faker lists as given names
# only ("गीता देवी", "राम लाल"), and widespread Indian surnames (curated for IslandRun from general knowledge).
_SECOND_PARTS = folded_words(
    "देवी कुमार कुमारी लाल प्रसाद सिंह चंद चंद्र नाथ दास बाई राम पांडे पांडेय दुबे चौबे त्रिपाठी खन्ना देसाई बंसल "
    "चौधरी राठौड़ ठाकुर राजपूत बघेल तोमर भाटी सोलंकी पिल्लै अय्यर अय्यंगार नायडू दत्ता मलिक शेख अंसारी कुरैशी "
    "सिद्दीकी मिर्ज़ा बेग अली हुसैन गांधी नेहरू बेदी कोहली अरोड़ा भाटिया सेठी सूद ढिल्लों गिल संधू बरार भट्ट नेगी "
    "रावत बिष्ट पंत डोगरा चतुर्वेदी द्विवेदी उपाध्याय बाजपेयी अवस्थी दीक्षित निगम माथुर भार्गव"
)
_WORDLIKE_SURNAMES = folded_words(
    "अधिकारी प्रधान मित्र मालिक सागर मंडल कदम खान लाल सरकार मगर नेपाल देवी राम दास नाथ चंद कुमार प्रसाद सिंह"
)
_ADJECTIVE_END = re.compile("(?:िक|ीय|ात्मक|पूर्ण|वान|मान|शील|कारी|दार)$")
_TITLES = label_re(
    "श्री | श्रीमती | सुश्री | कुमारी | कु. | डॉ. | डॉ | डा. | डॉक्टर | प्रो. | प्रोफेसर | श्रीमान | स्वर्गीय | स्व. | "
    "मिस्टर | मिसेज़ | শ্রী | শ্রীমতী | ডাঃ | ডা. | ডক্টর | திரு | திருமதி | செல்வி | டாக்டர் | டாக்டர். | "
    "மருத்துவர் | ஸ்ரீ | శ్రీ | శ్రీమతి | డాక్టర్ | డా. | શ્રી | શ્રીમતી | ડૉ. | ડૉક્ટર | ਸ੍ਰੀ | ਸ਼੍ਰੀ | ਸ਼੍ਰੀਮਤੀ | ਡਾ. | ਡਾਕਟਰ | "
    "ಶ್ರೀ | ಶ್ರೀಮತಿ | ಡಾ. | ಡಾಕ್ಟರ್ | ശ്രീ | ശ്രീമതി | ഡോ. | ഡോക്ടർ | ଶ୍ରୀ | ଶ୍ରୀମତୀ | ଡାକ୍ତର"
)
_SELF = label_re(
    "मैं | मेरा नाम | मेरी बेटी | मेरा बेटा | मेरे बेटे | मेरी पत्नी | मेरे पति | मेरी माँ | मेरे पिता | मेरे पिताजी | "
    "मेरी बहन | मेरे भाई | मेरी दादी | मेरे दादा | मरीज़ | रोगी | पुत्र | पुत्री | पत्नी | पति | प्रिय | आदरणीय | "
    "আমার নাম | আমি | প্রিয় | "
    "என் பெயர் | நான் | నా పేరు | నేను | મારું નામ | હું | ਮੇਰਾ ਨਾਮ | ਮੈਂ | ನನ್ನ ಹೆಸರು | ನಾನು | എന്റെ പേര് | ഞാൻ | "
    "माझे नाव | मी | আমার মেয়ে | আমার ছেলে"
)
_INTRO = re.compile(f"(?<![{INDIC}])(?:(?P<title>{_TITLES})|(?P<self>{_SELF}))(?![{INDIC}])[ \t]*")
_HONORIFIC_AFTER = re.compile(
    r"[ \t]*(?:जी|साहब|साहिब|साहेब|बाबू|भैया|दीदी|मैडम|सर|বাবু|দা|দি|அவர்கள்|గారు|ಅವರು|ਜੀ)(?![" + INDIC + "])"
)
_PERSONAL = re.compile(
    f"(?<![{INDIC}])(?:"
    + label_re(
        "मैं | मेरा | मेरी | मेरे | मुझे | मुझको | हम | हमारा | हमारी | हमारे | हमें | आपका | आपकी | आपके | माँ | पिता | "
        "पिताजी | भाई | बहन | बेटा | बेटी | बेटे | पति | पत्नी | दादा | दादी | नाना | नानी | चाचा | मामा | मरीज़ | रोगी | "
        "ग्राहक | आवेदक | नाम | पता | प्रिय | आदरणीय | सेवा में | नमस्ते | धन्यवाद | भवदीय | निवेदन | प्रार्थना | "
        "आमि | আমার | আমাকে | நான் | என் | எனது | నేను | నా | હું | મારું | મારી | ਮੈਂ | ਮੇਰਾ | ਮੇਰੀ | ನಾನು | ನನ್ನ | "
        "ഞാൻ | എന്റെ | मी | माझे | माझा | माझी"
    )
    + f")(?![{INDIC}])"
)

# Words that end the name of a hospital, shop, bank, insurer or school ("सिटी केयर क्लिनिक", "शर्मा मेडिकल स्टोर").
_ORG_HEAD = re.compile(
    f"(?<![{INDIC}])"
    + label_re(
        "अस्पताल | हॉस्पिटल | क्लिनिक | नर्सिंग होम | मेडिकल स्टोर | मेडिकल हॉल | फार्मेसी | केमिस्ट | डायग्नोस्टिक्स | "
        "पैथोलॉजी | लैब | बैंक | इंश्योरेंस | बीमा कंपनी | स्कूल | विद्यालय | महाविद्यालय | कॉलेज | विश्वविद्यालय | "
        "प्राइवेट लिमिटेड | लिमिटेड | एंटरप्राइजेज | ट्रेडर्स | इंडस्ट्रीज"
    )
    + f"(?![{INDIC}])"
)
_ORG_RARE = 1000  # an organization's name has a word rarer than this ("अपोलो", "केयर"); "सरकारी अस्पताल" has none

_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class _Names:
    first: frozenset[str]
    last: frozenset[str]


@cache
def _load() -> _Names:
    data = name_data()
    first = {fold(n) for n in data.first if _HAS_INDIC.search(n)}
    last = {fold(n) for n in data.last if _HAS_INDIC.search(n)}
    last.update(_SECOND_PARTS)
    return _Names(frozenset(first - _NOT_NAMES), frozenset(last - _NOT_NAMES))


def _names() -> _Names:
    with _lock:
        return _load()


def _rank(word: str) -> int | None:
    """The word's rank among its language's most frequent words (Hindi, Bengali, Tamil; None otherwise)."""
    if ord(word[0]) < 0x0A00:
        lang = "hi" if ord(word[0]) < 0x0980 else "bn"
    elif 0x0B80 <= ord(word[0]) < 0x0C00:
        lang = "ta"
    else:
        return None
    return common_rank(word, lang)


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    key: str
    first: bool
    last: bool
    rank: int | None

    @property
    def name(self) -> bool:
        return (self.first or self.last) and (self.rank is None or self.rank >= _FUNCTION_RANK)


@lru_cache(maxsize=32768)
def _lookup(word: str) -> tuple[str, bool, bool, int | None]:
    """A word's folded key, whether it is a given or a family name, and its frequency rank (cached)."""
    names = _names()
    key = fold(word)
    if not key:  # only joiners or nuktas
        return key, False, False, None
    first, last = key in names.first, key in names.last
    if not (first or last) and "\u0980" <= key[0] <= "\u09ff":  # Bengali case endings: রাহুলের, সুমনকে
        stem = next((key[: -len(s)] for s in _BENGALI_SUFFIXES if key.endswith(s) and len(key) > len(s) + 1), "")
        first, last = stem in names.first, stem in names.last
    if not (first or last) and "\u0a80" <= key[0] <= "\u0aff":
        # Gujarati: an honorific written onto a given name (રમેશભાઈ, ગીતાબેન) or a case ending onto a name (પટેલને)
        for suffix in _GUJARATI_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                stem = key[: -len(suffix)]
                first, last = stem in names.first, stem in names.last
                if first or last:
                    break
    return key, first, last, _rank(word)


def _word(m: re.Match[str]) -> _Word:
    return _Word(m.start(), m.end(), *_lookup(m.group()))


def _joined(text: str, a: _Word, b: _Word) -> bool:
    return text[a.end : b.start] == " "


def _person(text: str, start: int, end: int, score: float) -> Entity:
    return Entity(EntityType.PERSON, start, end, text[start:end], score, "names-indic")


def _find_names(text: str, tokens: list[re.Match[str]], about_someone: bool) -> list[Entity]:
    words = [_word(m) for m in tokens]
    # where an introducing word ends: True after a title ("डॉ."), False after "मैं", "मेरा नाम"
    intros = {m.end(): m.group("title") is not None for m in _INTRO.finditer(text)}
    found: list[Entity] = []
    i = 0
    while i < len(words):
        w = words[i]
        intro = intros.get(w.start)
        titled = intro is True
        unknown = w.rank is None or w.rank >= _COMMON_RANK
        if intro is not None and (w.name or (titled and unknown and len(w.key) > 1)):
            j = i
            # a family name after it: in the lists, or a rare word after a known given name ("अमित खन्ना")
            while j + 1 < len(words) and j - i < 2 and _joined(text, words[j], words[j + 1]):
                nxt = words[j + 1]
                if nxt.name or (words[j].first and (nxt.rank is None) and len(nxt.key) > 2 and j == i):
                    j += 1
                    continue
                break
            found.append(_person(text, w.start, words[j].end, 0.8))
            i = j + 1
            continue
        if about_someone and ((w.name and w.first) or (unknown and len(w.key) > 2)):
            # a given name, or a rare word, followed by family names ("अंकित तिवारी", "सुनीता खन्ना")
            j = i
            while j + 1 < len(words) and j - i < 2 and _joined(text, words[j], words[j + 1]) and words[j + 1].name:
                j += 1
            while j > i and not words[j].last:
                j -= 1
            # after a word that is no known given name, the family name must not be an ordinary word too
            # ("प्रशासनिक अधिकारी" is an officer, "चमकीला लाल" a colour)
            plain = words[j].key not in _WORDLIKE_SURNAMES and not _ADJECTIVE_END.search(w.key)
            if j > i and (w.first or plain):
                found.append(_person(text, w.start, words[j].end, 0.8))
                i = j + 1
                continue
        if w.name and _HONORIFIC_AFTER.match(text, w.end):
            found.append(_person(text, w.start, w.end, 0.75))
        i += 1
    return found


# A text that is only two to four Indic words (a tool-call or form value: "राजेश कुमार यादव"), perhaps after the
# "key: " the sanitiser puts before a JSON value as its context ("karmchari: सुनील मौर्य").
_ALONE = re.compile(rf"\s*(?:[A-Za-z][\w .-]{{0,40}}:\s*)?[{INDIC}]+(?: [{INDIC}]+){{1,3}}\s*")


def _name_alone(text: str, tokens: list[re.Match[str]]) -> list[Entity]:
    """A value that is nothing but a name: a given name or a family name at its ends, every word a name or a word
    rarer than the everyday ones ("सुनील मौर्य", "रामस्वरूप चौहान"; not "सरकारी अस्पताल")."""
    words = [_word(m) for m in tokens]
    ends_ok = words[0].first or words[-1].last
    rare = all(w.name or w.rank is None or w.rank >= _COMMON_RANK for w in words)
    if ends_ok and rare and (words[0].name or words[0].rank is None or words[0].rank >= _COMMON_RANK):
        return [_person(text, words[0].start, words[-1].end, 0.75)]
    return []


@cache
def _org_stop() -> frozenset[str]:
    return FUNCTION_WORDS | clinical_cues()


def _organizations(text: str, tokens: list[re.Match[str]]) -> list[Entity]:
    """A name of one to three words before an organization word, one of them no everyday word."""
    found: list[Entity] = []
    ends = {m.end(): k for k, m in enumerate(tokens)}
    stop = _org_stop()
    for head in _ORG_HEAD.finditer(text):
        k = ends.get(head.start() - 1) if text[head.start() - 1 : head.start()] == " " else None
        if k is None:
            continue
        first = k
        while (
            first > 0
            and k - first < 2
            and text[tokens[first - 1].end() : tokens[first].start()] == " "
            and _lookup(tokens[first - 1].group())[0] not in stop  # "मैं अपोलो अस्पताल", "… के कारण स्कूल", "दवा …"
        ):
            first -= 1
        name = [_lookup(m.group()) for m in tokens[first : k + 1]]
        # a rare word or a person's name in it ("शर्मा मेडिकल स्टोर"), not only everyday words ("सरकारी अस्पताल")
        if any(first or last or rank is None or rank >= _ORG_RARE for _, first, last, rank in name):
            start = tokens[first].start()
            found.append(Entity(EntityType.ORGANIZATION, start, head.end(), text[start : head.end()], 0.7, "org-indic"))
    return found


def find_indic(text: str) -> list[Entity]:
    """Everything Indic in the detection view ``text``: names, labelled values, addresses, dates, health
    terms, and Indian identifiers (these in any script)."""
    indic = _HAS_INDIC.search(text) is not None
    found = find_indian_ids(text, indic)
    if not indic:
        return found
    found.extend(find_indic_values(text))
    about_someone = bool(found) or _PERSONAL.search(text) is not None
    tokens = list(INDIC_WORD.finditer(text))
    health = find_indic_medical(text, tokens)
    found.extend(health)
    found.extend(_find_names(text, tokens, about_someone or bool(health)))  # "गीता देवी को दमा है"
    if 2 <= len(tokens) <= 4 and _ALONE.fullmatch(text):
        found.extend(_name_alone(text, tokens))
    if SOUTH.search(text):  # Telugu, Kannada, Malayalam, Gurmukhi, Sinhala: names, values and health terms
        south = about_someone or bool(health) or about_someone_south(text)
        if not south and _QUESTION.search(text):  # "ಶ್ರೀ ಕೃಷ್ಣದೇವರಾಯ ಯಾವ ಶತಮಾನದಲ್ಲಿ ಆಳಿದರು?": a public figure
            found = [e for e in found if not (e.source == "names-indic" and SOUTH.match(e.text))]
        found.extend(find_south_names(text, tokens, south))
        found.extend(south_name_alone(text, tokens))
        found.extend(find_south_values(text, south))
        found.extend(find_south_medical(text, tokens, found))
    elif OTHER_BRAHMIC.search(text):  # Gujarati, Bengali, Odia: drug names by skeleton ("એસ્પિરિન"), in a health text
        found.extend(find_south_medical(text, tokens, found))
    found.extend(_organizations(text, tokens))
    if about_someone:  # "26 जनवरी 1950 को संविधान लागू हुआ" is history, not someone's date
        found.extend(find_indic_dates(text))
    return found


def warm_up_indic() -> None:
    """Load the name sets, the health terms and the Hindi, Bengali and Tamil word lists (~0.4 s) now rather
    than on the first Indic text."""
    find_indic("मेरा नाम दीपक वर्मा है। पता: मकान नंबर 24, शास्त्री नगर 302016. मुझे मधुमेह है। আমার নাম। என் பெயர்")
