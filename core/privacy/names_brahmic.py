"""Given and family names in Telugu, Kannada, Malayalam and Gurmukhi (Punjabi) script, and Sinhala's, as lookup keys.

Faker ships no person provider for these four scripts, but its Devanagari ones (hi_IN, mr_IN, ne_NP: ~940 given and
~270 family names, MIT licence, read through :func:`.ner_lexicon.name_data`) hold the pan-Indian names that South
India and Punjab also give (Ramesh, Lakshmi, Deepak, Harish, Sharma). The Unicode Indic blocks are laid out alike
(Devanagari U+0900 + 0x80·k), so a name moves to another script by code-point offset, with these exceptions:

- letters a script lacks: Devanagari ऑ/ॉ (an English "o") become the long ā in the Dravidian scripts; Gurmukhi has
  no ṣa (ष → ਸ਼), no ṛ vowel (ृ → ੍ਰਿ), and writes clusters with a vowel, the adhak (ੱ, a doubled consonant) or
  the tippi (ੰ, a nasal before another consonant); only ra, va and ha stay subjoined (प्रीत → ਪ੍ਰੀਤ);
- a Hindi name ends in a consonant without a virama (रमेश, Rameś), which the southern scripts write
  (రమేశ్, ರಮೇಶ್, രമേശ്); Malayalam writes a final n, ṇ, r, l, ḷ as a chillu letter (രാജൻ, അരുൺ, കുമാർ).

The lookup key (:func:`key`) folds what differs between two spellings of one name: nukta and joiners, a final
virama, a chillu and its letter with virama, a nasal consonant with virama before a consonant of its group and the
anusvara (ആനന്ദ് = ആനംദ്), śa and ṣa (Telugu and Kannada write సురేష్ and సురేశ్ alike), tippi and bindi.

Names that the Devanagari lists lack because they are regional are added from short curated lists (general
knowledge, written for IslandRun): the commonest family and caste names of each region (రెడ్డి, ಗೌಡ, നായർ, ਸੰਧੂ,
Sinhala ones beyond Faker's 40), and the parts Sikh given names are built from (ਗੁਰ/ਹਰ/ਜਸ/ਮਨ … + ਪ੍ਰੀਤ/ਜੀਤ/ਵਿੰਦਰ/
ਦੀਪ …), so "ਅਰਸ਼ਦੀਪ", "ਸੁਖਵਿੰਦਰ" are names without each being listed. Sinhala uses Faker's si_LK list as is.
Built once on first use (~20 ms), no data file.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .indic_values import fold
from .ner_lexicon import name_data

__all__ = ["BRAHMIC", "BrahmicNames", "brahmic_names", "key", "script_of"]

# script -> offset of its block from Devanagari's
BRAHMIC = {"pa": 0x100, "te": 0x300, "kn": 0x380, "ml": 0x400}
_SINHALA = (0x0D80, 0x0DFF)
_VIRAMA = {s: chr(0x094D + o) for s, o in BRAHMIC.items()} | {"si": "\u0dca"}
_CHILLU = {"\u0d7a": "\u0d23\u0d4d", "\u0d7b": "\u0d28\u0d4d", "\u0d7c": "\u0d30\u0d4d", "\u0d7d": "\u0d32\u0d4d"}
_CHILLU |= {"\u0d7e": "\u0d33\u0d4d", "\u0d7f": "\u0d15\u0d4d"}
# nasal + virama before a consonant of its group, as the anusvara (offsets within a block)
_GROUPS = ((0x15, 0x19), (0x1A, 0x1E), (0x1F, 0x23), (0x24, 0x28), (0x2A, 0x2E))


def _folds(offset: int) -> dict[int, int]:
    """Long ī, ū, ē, ō as short, śa as ṣa, tippi as bindi (offsets within a block; see :func:`key`)."""
    pairs = {0x40: 0x3F, 0x08: 0x07, 0x42: 0x41, 0x0A: 0x09, 0x47: 0x46, 0x0F: 0x0E, 0x4B: 0x4A, 0x13: 0x12}
    pairs |= {0x36: 0x37, 0x70: 0x02}
    return {0x0900 + offset + a: 0x0900 + offset + b for a, b in pairs.items()}


_FOLDS = {s: _folds(o) for s, o in BRAHMIC.items()}
_SI_FOLDS = str.maketrans("ීූේෝශ", "ිුෙොෂ")
_FINAL_AA = frozenset(chr(0x093E + o) for o in BRAHMIC.values()) | {"\u0dcf"}
# Devanagari letters as Sinhala writes them (the Sinhala block is laid out differently)
_TO_SINHALA = str.maketrans(
    "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहळअआइईउऊऋएऐओऔािीुूृेैोौ्ंः",
    "කඛගඝඞචඡජඣඤටඨඩඪණතථදධනපඵබභමයරලවශෂසහළඅආඉඊඋඌඍඒඓඕඖාිීුූෘේෛෝෞ්ංඃ",
)


def script_of(ch: str) -> str | None:
    """The script code (pa, te, kn, ml, si) of an Indic letter, or None for the others."""
    cp = ord(ch)
    if _SINHALA[0] <= cp <= _SINHALA[1]:
        return "si"
    for script, offset in BRAHMIC.items():
        if 0x0900 + offset <= cp < 0x0980 + offset:
            return script
    return None


@lru_cache(maxsize=32768)
def key(word: str) -> str:
    """The lookup key of a name written in Gurmukhi, Telugu, Kannada, Malayalam or Sinhala (see the module doc)."""
    w = fold(word)
    if not w:
        return w
    script = script_of(w[0])
    if script == "ml":
        w = "".join(_CHILLU.get(c, c) for c in w)
    if script in BRAHMIC:
        base = 0x0900 + BRAHMIC[script]
        virama = _VIRAMA[script]
        out: list[str] = []
        i = 0
        while i < len(w):
            c = w[i]
            rel = ord(c) - base
            if (
                i + 2 < len(w)
                and w[i + 1] == virama
                and any(rel == hi and lo <= ord(w[i + 2]) - base <= hi for lo, hi in _GROUPS)
            ):
                out.append(chr(base + 0x02))  # homorganic nasal + virama -> anusvara
                i += 2
                continue
            out.append(c)
            i += 1
        w = "".join(out)
        w = w.translate(_FOLDS[script])
    elif script == "si":
        w = w.translate(_SI_FOLDS)
    if script is not None:
        if len(w) > 2 and w[-1] in _FINAL_AA:
            w = w[:-1]  # సుజాతా = సుజాత, ਸ਼ਰਮਾ = ਸ਼ਰਮ
        w = w.replace(_VIRAMA[script], "")  # हरजीत = ഹർജീത്: a virama written or not
    return w


# --- Devanagari to the other scripts ------------------------------------------------------------------

_DEVA_VIRAMA = "\u094d"
_NASALS = frozenset("ङञणनम")


def _to_script(name: str, script: str) -> str | None:
    """``name`` (Devanagari) written in ``script``, or None where a letter has no counterpart."""
    offset = BRAHMIC[script]
    src = unicodedata.normalize("NFC", name).replace("\u093c", "").replace("\u200d", "").replace("\u200c", "")
    out: list[str] = []
    i = 0
    while i < len(src):
        c = src[i]
        nxt = src[i + 1] if i + 1 < len(src) else ""
        if c in "ऑ":
            c = "आ" if script != "pa" else "ਔ"
        elif c == "ॉ":
            c = "ा" if script != "pa" else "ੌ"
        elif c in "ऍॅ":
            c = "े"
        elif c == "ँ":
            c = "ं"
        if script == "pa":
            if c == "ष":
                out.append("ਸ਼")
                i += 1
                continue
            if c == "श":
                out.append("ਸ਼")
                i += 1
                continue
            if c == "ृ":
                out.append("੍ਰਿ")
                i += 1
                continue
            if c == "ं":
                prev = src[i - 1] if i else ""
                out.append("ਂ" if prev in "ाीूेैोौ" else "ੰ")
                i += 1
                continue
            if c == _DEVA_VIRAMA and nxt:
                prev = src[i - 1] if i else ""
                if nxt in "रवह":
                    out.append("੍")
                elif nxt == prev:
                    out[-1] = "ੱ"  # a doubled consonant: adhak before the second
                elif prev in _NASALS:
                    out[-1] = "ੰ"
                i += 1
                continue
        if "\u0900" <= c <= "\u097f":
            mapped = chr(ord(c) + offset)
            if unicodedata.category(mapped) == "Cn":
                return None
            out.append(mapped)
        else:
            out.append(c)
        i += 1
    if script == "pa" and out and out[0] == "ੱ":
        return None
    return "".join(out)


def _to_sinhala(name: str) -> str | None:
    src = unicodedata.normalize("NFC", name).replace("\u093c", "").replace("\u200d", "").replace("\u200c", "")
    out = src.replace("ऑ", "ඔ").replace("ॉ", "ො").replace("ँ", "ं").translate(_TO_SINHALA)
    return None if re.search("[\u0900-\u097f]", out) else out


# Regional family and caste names, and name parts (curated for IslandRun from general knowledge; see the docstring).
_REGIONAL_LAST = {
    "te": "రెడ్డి నాయుడు రావు చౌదరి శాస్త్రి శర్మ వర్మ రాజు గౌడ్ నాయక్ శెట్టి చారి యాదవ్ పట్నాయక్",
    "kn": "ಗೌಡ ಶೆಟ್ಟಿ ಹೆಗ್ಡೆ ಭಟ್ ರಾವ್ ಕುಲಕರ್ಣಿ ಪಾಟೀಲ ಪಾಟೀಲ್ ನಾಯಕ್ ಕಾಮತ್ ಪೈ ಶೆಣೈ ದೇಸಾಯಿ ಜೋಶಿ ಆಚಾರ್ಯ ಪೂಜಾರಿ ಗೌಡರ್ ಹೆಗಡೆ",
    "ml": "നായർ മേനോൻ പിള്ള നമ്പൂതിരി കുറുപ്പ് നമ്പ്യാർ പണിക്കർ വാര്യർ തോമസ് ജോർജ് കുര്യൻ വർഗീസ് ജോസഫ് മാത്യു ചാക്കോ ഫിലിപ്പ് ബീവി കോയ ഹാജി",
    "pa": "ਸਿੰਘ ਕੌਰ ਗਿੱਲ ਸੰਧੂ ਢਿੱਲੋਂ ਬਰਾੜ ਗਰੇਵਾਲ ਬਾਜਵਾ ਸਿੱਧੂ ਧਾਲੀਵਾਲ ਰੰਧਾਵਾ ਚੀਮਾ ਮਾਨ ਵਿਰਕ ਸੇਖੋਂ ਔਲਖ ਬੈਂਸ ਚਾਹਲ ਸਰਾਂ "
    "ਘੁੰਮਣ ਕਾਹਲੋਂ ਬੋਪਾਰਾਏ ਅਰੋੜਾ ਅਹੂਜਾ ਬੇਦੀ ਸੇਠੀ ਕੋਹਲੀ",
    "si": "පෙරේරා ද සිල්වා ප්‍රනාන්දු සිල්වා ජයසූරිය වික්‍රමසිංහ බණ්ඩාර රත්නායක හේරත් දිසානායක ගුණවර්ධන රාජපක්ෂ "
    "සෙනෙවිරත්න කුමාර කුමාරි ප්‍රියංකර මධුෂිකා දිල්හාර ජයවර්ධන ධර්මසේන ලක්මාල් සමරකෝන් ඒකනායක තෙන්නකෝන් "
    "අබේසේකර වීරකෝන් කරුණාතිලක විතාන",
}
# Given names of the south that are no pan-Indian Sanskrit names, and frequent endings of compound ones
_REGIONAL_FIRST = {
    "te": "వెంకట సుబ్బారావు వెంకటేశ్వర్లు నాగేశ్వరరావు చిట్టిబాబు సుబ్బయ్య రామయ్య వెంకటలక్ష్మి నాగలక్ష్మి",
    "kn": "ಪುಟ್ಟಸ್ವಾಮಿ ಚನ್ನಬಸಪ್ಪ ಬಸವರಾಜ ಮಂಜುನಾಥ ಸಿದ್ದಪ್ಪ ಶಿವಪ್ಪ ಗಂಗಮ್ಮ",
    "ml": "ഷിബു ബിജു സജി ഷാജി റംല ഫാത്തിമ അബ്ദുൽ ശ്രീക്കുട്ടി ബിനു ജിജി",
    "si": "",
}
# Sikh given names: a first part and a second part, written together ("ਗੁਰ" + "ਪ੍ਰੀਤ")
_PA_FIRST_PARTS = "ਗੁਰ ਹਰ ਜਸ ਮਨ ਕੁਲ ਸੁਖ ਨਵ ਅਰਸ਼ ਸਤ ਰਾਜ ਅਮਰ ਬਲ ਪਰਮ ਇੰਦਰ ਜਗ ਕਰਮ ਲਖ ਤੇਜ ਪ੍ਰਭ ਗਗਨ ਸਿਮਰ ਰਣ ਦਲ ਮਹਿੰਦਰ ਅਵਤਾਰ"
_PA_SECOND_PARTS = "ਪ੍ਰੀਤ ਜੀਤ ਵਿੰਦਰ ਦੀਪ ਵੰਤ ਜੋਤ ਨਾਮ ਇੰਦਰ ਿੰਦਰ ਬੀਰ ਪਾਲ ਚਰਨ ਮੀਤ ਕੀਰਤ ਨੂਰ ਵੀਰ ਦੇਵ ਬਖਸ਼"


@dataclass(frozen=True, slots=True)
class BrahmicNames:
    first: frozenset[str]  # keys (:func:`key`) of given names, every one of the five scripts
    last: frozenset[str]  # keys of family names
    pa_first_parts: tuple[str, ...]
    pa_second_parts: tuple[str, ...]

    def is_first(self, k: str) -> bool:
        if k in self.first:
            return True
        if k[:1] and script_of(k[0]) == "pa":  # a Sikh compound given name
            return any(
                k.startswith(a) and len(k) > len(a) and k[len(a) :] in self.pa_second_parts for a in self.pa_first_parts
            )
        return False


_lock = threading.Lock()


@cache
def _build() -> BrahmicNames:
    data = name_data()
    deva = re.compile("[\u0900-\u097f]")
    first: set[str] = set()
    last: set[str] = set()
    for source, target in ((data.first, first), (data.last, last)):
        for name in source:
            if not deva.search(name) or len(name) < 2:
                continue
            for script in BRAHMIC:
                moved = _to_script(name, script)
                if moved:
                    target.add(key(moved))
            moved = _to_sinhala(name)
            if moved:
                target.add(key(moved))
    sinhala = re.compile("[\u0d80-\u0dff]")
    first.update(key(n) for n in data.first if sinhala.search(n))
    last.update(key(n) for n in data.last if sinhala.search(n))
    for names, target in ((_REGIONAL_LAST, last), (_REGIONAL_FIRST, first)):
        for script_names in names.values():
            target.update(key(n) for n in script_names.split())
    return BrahmicNames(
        frozenset(k for k in first if len(k) > 1),
        frozenset(k for k in last if len(k) > 1),
        tuple(key(p) for p in _PA_FIRST_PARTS.split()),
        tuple(sorted({key(p) for p in _PA_SECOND_PARTS.split()} | set(_PA_SECOND_PARTS.split()))),
    )


def brahmic_names() -> BrahmicNames:
    """The name keys of the five scripts (built once, thread-safe)."""
    with _lock:
        return _build()
