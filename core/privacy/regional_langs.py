"""Which of six less-covered languages a text is in: Thai, Bengali, Persian, Indonesian, Swahili, Filipino.

The regional finders (:mod:`.regional_values`, :mod:`.regional_addresses`, :mod:`.regional_names`,
:mod:`.medical_thai`) run only for the languages found here, so that a text in none of them costs three
script tests and one scan for its words:

- **by script**: Thai letters; Bengali letters; Arabic script with a letter only Persian writes
  (پ چ ژ گ and the Persian forms of kāf and yeh, ک ی);
- **Latin script, by function words**: at least two different everyday function words of
  Indonesian ("yang", "dengan", "saya"), Swahili ("wa", "ya", "kwa", "na") or Tagalog ("ang",
  "ng", "mga", "sa"), more of them than of the others' (a word both languages use counts for each);
  a word of their forms ("NIK", "Alamat", "Bw", "Brgy", "PhilHealth") counts as two. One scan for the
  words of the text, then set lookups.
"""

from __future__ import annotations

import re

from .language import PERSIAN_LETTERS, letter_words

__all__ = ["LATIN_REGIONAL", "regional_languages"]

_THAI = re.compile(r"[\u0e01-\u0e4e]")
_BENGALI = re.compile(r"[\u0985-\u09fe]")
_PERSIAN = PERSIAN_LETTERS  # language.py's rule: the letters only Persian writes


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "id": _words(
        "yang dan dengan untuk saya tidak ini itu dari pada adalah akan sudah sebagai atau juga karena bisa "
        "kami kita mereka ada dalam oleh agar mohon tolong apakah bagaimana sedang belum harus kepada"
    ),
    "sw": _words(
        "wa ya kwa na ni katika za la cha vya kwamba lakini sana mimi yangu wangu yako huyo hii hiyo kama "
        "naomba tafadhali habari ana amelazwa ambaye baada kabla pia hadi leo jana"
    ),
    "tl": _words(
        "ang ng mga sa ay si ni kay ko ako ikaw siya kami tayo sila po opo hindi rin din lang naman dahil "
        "para kung pero nang mula kanyang aking niya yung iyong"
    ),
}
# Words of forms and letters that tell the language alone (labels, titles, address words), as written.
_CUES: dict[str, frozenset[str]] = {
    "id": _words(
        "NIK KTP NPWP BPJS Alamat alamat Nama Jl Jln Kel Kec Kab Bapak Bpk Ibu Sdr Sdri rekening Rekening pesanan "
        "perkara Perkara rekam Nomor nomor dokter Dokter terima kasih Kak kak"
    ),
    "sw": _words(
        "Bw Bi Ndugu Bwana NIDA namba Namba nambari Mtaa Jina anwani Anwani Habari Naomba naomba Mgonjwa mgonjwa"
    ),
    "tl": _words(
        "Gng Ginoong Ginang Binibini Brgy Barangay PhilSys PhilHealth SSS Blg Tirahan Pangalan Pasyente pasyente"
    ),
}
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _members in _FUNCTION_WORDS.items():
    for _w in _members:
        _WORD_LANGS[_w] = (*_WORD_LANGS.get(_w, ()), _lang)
_CUE_LANGS = {word: lang for lang, words in _CUES.items() for word in words}
_FUNCTION_SET = frozenset(_WORD_LANGS)
_CUE_SET = frozenset(_CUE_LANGS)
LATIN_REGIONAL = frozenset(_FUNCTION_WORDS)


def regional_languages(text: str) -> frozenset[str]:
    """The codes ("th", "bn", "fa", "id", "sw", "tl") of the languages above that ``text`` is written in."""
    found: set[str] = set()
    if _THAI.search(text):
        found.add("th")
    if _BENGALI.search(text):
        found.add("bn")
    if _PERSIAN.search(text):
        found.add("fa")
    words = set(letter_words(text))  # the language guess reads the same words (one scan for both)
    seen: dict[str, set[str]] = {}
    for word in _FUNCTION_SET.intersection(w.lower() for w in words):
        for lang in _WORD_LANGS[word]:
            seen.setdefault(lang, set()).add(word)
    for word in _CUE_SET.intersection(words):
        seen.setdefault(_CUE_LANGS[word], set()).update((word, "#" + word))  # a cue counts as two function words
    if seen:
        best = max(len(v) for v in seen.values())
        found.update(lang for lang, words in seen.items() if len(words) >= 2 and len(words) * 2 > best)
    return frozenset(found)
