"""Drug names written in Indic scripts and in Thai, matched by their consonant skeleton.

Hindi and Thai write an international drug name as it sounds ("प्रोजेस्टेरोन", "लेट्रोज़ोल", "अमलोडिपिन";
"อะมโลดิปีน", "เมทฟอร์มิน"): once transliterated (``anyascii``) its consonants are the English name's
consonants, vowels aside, as for katakana and Hangul (:mod:`.medical_multilingual`). The skeletons of the
generic drug names that :mod:`.medical_multilingual` loads for katakana and Hangul serve here too (they are
the English names' skeletons less those that collide with everyday words of a vowel-dropping script).

- **Devanagari** writes spaces: each word is looked up (ज before e/i reads as the English soft g, ज़ as z), by
  its skeleton among the drug names, and transliterated among the main vocabulary's one-word terms (hormones
  such as progesterone are no "drug names" there: "प्रोजेस्टेरोन" ~ "progesteron(e)"). A skeleton of six
  consonants or more is a finding on its own; a shorter one when the text names a dose, a medicine, a patient
  or a doctor (मिलीग्राम, इंजेक्शन, गोली, दवा, रोगी, ডাক্তার …), else only in a text about health (the caller
  decides), like katakana's;
  so is a word among the language's ~30,000 most frequent (wordfreq): a six-consonant skeleton also spells
  "परिवर्तन" (change) and "পরিকল্পনা" (plan), which were findings in any text before.
- **Bengali** the same way as Devanagari ("টেনোফোভির", "লামিভুডিন" ~ tenofovir, lamivudine; a fixed-dose
  combination writes its parts joined by hyphens, each part a word here), with its own dose words; so are
  Gurmukhi, Gujarati, Oriya, Telugu and Kannada ("મેટફોર્મિન", "మెట్‌ఫార్మిన్" ~ metformin), which have no
  word list to tell a frequent word from a drug's skeleton: there only next to a dose or a clinical word.
- A Devanagari or Bengali word that transliterates to a Latin medical ending of a condition ("सिलिकोसिस" ~
  silicosis, "…आइटिस" ~ -itis) is a condition name, whatever the vocabulary holds.
- **Thai** runs its words together, so a drug name is looked for only where something says a medicine follows
  or ends: right after ยา ("medicine"; not ยาย "grandmother" nor ยาว "long"), right before a dose ("ริสเพอริโดน
  4 มก.": the run's longest tail with a drug skeleton), and after ติด ("addicted to", "ติดเมทแอมเฟตามีน"; there the
  whole addiction is the finding, and only a skeleton of six consonants or more counts, since ติด also starts
  ติดต่อ "contact", ติดตั้ง "install"). After ยา the run whose skeleton is the longest drug skeleton, cut where
  more letters would add no consonant.

Cost: one precompiled search for a Devanagari or Bengali letter, for ยา, ติด or a Thai dose; nothing else runs on
other text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache

from .lexicons import common_rank
from .medical_rules import medical_ending
from .medical_spelling import latin, skeleton

__all__ = ["script_drugs"]

Span = tuple[int, int, float, str]  # start, end, score, rule
_DRUG = 0.7
_SURE = 6  # skeleton length from which no health cue is needed (as for katakana and Hangul)
_HINT = re.compile(r"[\u0900-\u0cff]|ยา|ติด|มก\.|มิลลิกรัม")
# letters and signs, not digits or dandas: Devanagari, Bengali, then Gurmukhi, Gujarati, Oriya, Telugu and Kannada
# (with the zero-width non-joiner that Telugu and Kannada write inside a loanword: "మెట్‌ఫార్మిన్")
_DEVA_WORD = re.compile(
    r"[\u0900-\u0963\u0971-\u097f]{4,}|[\u0980-\u09e3\u09f0\u09f1]{4,}"
    r"|[\u0a00-\u0a65\u0a70-\u0a75\u0a80-\u0ae5\u0b00-\u0b65\u0c00-\u0c65\u0c80-\u0ce5\u200c]{4,}"
)
_THAI_AFTER = re.compile(r"ยา(?![ยว])(?=[\u0e01-\u0e4e]{3})")
_THAI_ADDICTED = re.compile(r"ติด(?=[\u0e01-\u0e4e]{4})")
# a Thai run ending right before a dose: "ริสเพอริโดน 4 มก.", "เมทฟอร์มิน 500 มิลลิกรัม"
_THAI_DOSED = re.compile(
    r"(?<![\u0e01-\u0e4e])[\u0e01-\u0e4e]{4,24}(?=[ ]?\d+(?:[.,]\d+)?[ ]?(?:มก\.|มิลลิกรัม|mg|มล\.|ไมโครกรัม))"
)
_DEVA_DOSE = re.compile(
    r"मिलीग्राम|मि\.ग्रा|\bmg\b|इंजेक्शन|गोली|गोलियां|गोलियाँ|टैबलेट|कैप्सूल|दवा|खुराक|सिरप"
    r"|মিলিগ্রাম|ইনজেকশন|ইঞ্জেকশন|ট্যাবলেট|ক্যাপসুল|ওষুধ|সিরাপ|বড়ি"
    r"|मरीज़?|रोगी|इलाज|डॉक्टर|রোগী|চিকিৎসা|ডাক্তার"  # a patient, a treatment, a doctor: a clinical text too
    r"|ਮਿਲੀਗ੍ਰਾਮ|ਦਵਾਈ|ਗੋਲੀ|ਮਰੀਜ਼|ਡਾਕਟਰ|મિલિગ્રામ|દવા|ગોળી|દર્દી|ડૉક્ટર|ଔଷଧ|ରୋଗୀ|మి\.గ్రా|మిల్లీగ్రాము|మాత్ర|మందు|రోగి"
    r"|డాక్టర్|ಮಿ\.ಗ್ರಾಂ|ಮಿಲಿಗ್ರಾಂ|ಮಾತ್ರೆ|ಔಷಧ|ರೋಗಿ|ವೈದ್ಯ"
)
# Latin medical endings that name a condition, for a transliterated Devanagari or Bengali word
_CONDITION_ENDINGS = ("itis", "osis", "emia", "pathy", "ectomy", "plasia", "algia", "trophy", "oma")
_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]{3,18}")
_SCRIPTS = ("kana", "ko")  # the skeleton sets of the vowel-dropping scripts that Devanagari and Thai share


def _known(sk: str, skeletons: Collection[tuple[str, str]]) -> bool:
    return len(sk) >= 4 and any((script, sk) in skeletons for script in _SCRIPTS)


def _thai_known(sk: str, skeletons: Collection[tuple[str, str]]) -> bool:
    """A Thai skeleton of a drug name; Thai writes an English z with ซ, read s ("โอแลนซาปีน" ~ olanzapine)."""
    return _known(sk, skeletons) or ("s" in sk and _known(sk.replace("s", "z"), skeletons))


def _thai_drug(
    text: str, start: int, skeletons: Collection[tuple[str, str]], shortest: int = 3
) -> tuple[int, int] | None:
    """The drug name right after ยา at ``start``: the longest known skeleton, at its shortest spelling
    (``shortest``: the fewest letters it may have)."""
    run = _THAI_RUN.match(text, start)
    if run is None:
        return None
    best: tuple[int, int] | None = None  # (skeleton length, end)
    for end in range(start + shortest, run.end() + 1):
        sk = skeleton(text[start:end], "thai")
        if _thai_known(sk, skeletons) and (best is None or len(sk) > best[0]):
            best = (len(sk), end)
    return best


def script_drugs(
    text: str, skeletons: Collection[tuple[str, str]], is_term: Callable[[str], bool]
) -> tuple[list[Span], list[Span]]:
    """(drug names that are findings on their own, drug names that need a text about health); ``is_term``
    says whether a lower-case Latin word is a one-word term of the main vocabulary (final "e" optional)."""
    strong: list[Span] = []
    weak: list[Span] = []
    if _HINT.search(text) is None:
        return strong, weak
    dose: bool | None = None
    for m in _DEVA_WORD.finditer(text):
        word = m.group()
        if _DEVA_DOSE.fullmatch(word):
            continue  # इंजेक्शन is the form, not the medicine
        sk = skeleton(word, "deva")
        span = (m.start(), m.end(), _DRUG, "medical-drug-transliterated")
        if _known(sk, skeletons):
            if dose is None:
                dose = _DEVA_DOSE.search(text) is not None
            everyday = _everyday(word)
            sure = bool(dose) if everyday is None else (len(sk) >= _SURE or bool(dose)) and not everyday
            (strong if sure else weak).append(span)
        elif len(sk) >= _SURE and is_term(re.sub(r"j(?=[ei])", "g", latin(word).replace("j'", "z"))):
            strong.append(span)
        elif len(sk) >= 4 and _condition_ending(word):
            (strong if _everyday(word) is False else weak).append((m.start(), m.end(), _DRUG, "medical-ending"))
    for m in _THAI_AFTER.finditer(text):
        found = _thai_drug(text, m.end(), skeletons)
        if found is not None:
            strong.append((m.end(), found[1], _DRUG, "medical-drug-transliterated"))
    for m in _THAI_ADDICTED.finditer(text):
        found = _thai_drug(text, m.end(), skeletons, _SURE + 1)  # six consonants take seven letters or more
        if found is not None and found[0] >= _SURE:
            strong.append((m.start(), found[1], _DRUG, "medical-addiction"))
    for m in _THAI_DOSED.finditer(text) if "มก." in text or "มิลลิกรัม" in text or "mg" in text else ():
        tail = _thai_tail_drug(m.group(), skeletons)
        if tail is not None:
            strong.append((m.start() + tail, m.end(), _DRUG, "medical-drug-transliterated"))
    return strong, weak


def _thai_tail_drug(run: str, skeletons: Collection[tuple[str, str]]) -> int | None:
    """Where in a Thai run before a dose its drug name starts: the longest tail with a known skeleton."""
    for start in range(len(run) - 3):
        if _thai_known(skeleton(run[start:], "thai"), skeletons):
            return start
    return None


@lru_cache(maxsize=1 << 14)
def _everyday(word: str) -> bool | None:
    """Whether a word is among the ~30,000 most frequent of Hindi or Bengali: its skeleton may be a drug's by
    chance ("परिवर्तन" change, "পরিকল্পনা" plan), so it counts only in a text about health (the caller decides).
    None for the scripts with no word list (Gurmukhi, Gujarati, Oriya, Telugu, Kannada): there a drug name by its
    skeleton needs a dose or a clinical word in the text."""
    if word[0] > "\u09ff":
        return None
    return common_rank(word, "hi" if word[0] <= "\u097f" else "bn") is not None


@lru_cache(maxsize=1 << 14)
def _condition_ending(word: str) -> bool:
    """A Devanagari or Bengali word that transliterates to a Latin ending naming a condition ("सिलिकोसिस" ~
    "silikosis")."""
    form = latin(word)
    return len(form) >= 8 and form.endswith(_CONDITION_ENDINGS) and medical_ending(form, frozenset())
