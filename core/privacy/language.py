"""Which language a text is in, roughly: enough to know which words are ordinary.

German capitalises every noun ("Termin", "Arzt"); a capitalised word that is ordinary in the
text's language is not a name. Stop words of a few European languages decide; English is the
default.
"""

from __future__ import annotations

import re

__all__ = ["LANGUAGES", "guess_language"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and is are was to of in that it for with on this you not have be at my your we they from but or "
        "what how can will would please a an i me"
    ),
    "de": _words(
        "der die das und ist nicht ich mit ein eine einen einem zu den von auf für sie es dem wir bei beim "
        "habe haben hat bin sind mein meine bitte aber oder auch noch nur wie was wenn im vom zum zur"
    ),
    "fr": _words(
        "le la les et est une des du pour pas que qui dans avec sur je nous vous au aux mon ma mes est sont "
        "ai avons mais ou très bonjour merci"
    ),
    "es": _words(
        "el la los las y es una por para con que del en se no su al lo como mi mis tengo estoy muy pero "
        "hola gracias está son"
    ),
    "it": _words(
        "il lo la gli le e è una per con che del della non di sono un nel mio mia ho ciao grazie ma anche "
        "molto questo questa"
    ),
    "nl": _words(
        "de het een en is niet van dat ik met voor op zijn ook aan je maar mijn heb heeft wat hoe bij naar dank graag"
    ),
    "pt": _words(
        "o a os as e é um uma para com que não do da dos em no na por meu minha tenho estou muito mas olá obrigado"
    ),
}
LANGUAGES = tuple(_STOPWORDS)
_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _stop in _STOPWORDS.items():
    for _word in _stop:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """An ISO 639-1 code from ``LANGUAGES``; "en" unless another language's stop words clearly win."""
    words = [w.lower() for w in _WORD.findall(text[:4000])]
    if len(words) < 4:
        return "en"
    counts = dict.fromkeys(_STOPWORDS, 0)
    for word in words:
        for lang in _LANGS_OF.get(word, ()):
            counts[lang] += 1
    best = max(counts, key=lambda lang: counts[lang])
    if best != "en" and counts[best] >= 3 and counts[best] > counts["en"] * 1.5:
        return best
    return "en"
