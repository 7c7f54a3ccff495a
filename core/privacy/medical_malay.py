"""Everyday ailment names in Indonesian and Malay: a body part and what is wrong with it.

Indonesian and Malay name most common ailments with plain words rather than Latin terms: an organ or body
part with the word for its trouble ("saraf kejepit" pinched nerve, "tulang keropos" osteoporosis, "lutut
bengkak" swollen knee, "jantung lemah"), the trouble before the part ("sakit maag" gastritis, "radang
sendi" arthritis, "batu ginjal" kidney stones, "nyeri punggung"), and a few set names ("angin ahmar" stroke,
"sakit gula" diabetes, "darah rendah", "sesak napas", "wasir"). The vocabulary of
``data/medical_multilingual.txt`` holds the Latin-derived and best-known ones; this rule reads the grammar
of the others. "rumah sakit" (hospital) before a part ("rumah sakit jantung") and "sakit hati" (heartache,
the idiom) are not ailments.

Cost: a set lookup per word of the text (the medical finder's tokens); the pattern is tried only where a word
can start an ailment name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .medical_vocab import Token, fold

__all__ = ["malay_ailments"]

Span = tuple[int, int, float, str]  # start, end, score, rule
_TERM = 0.8
_PART = (
    r"(?:urat\s+saraf|saraf|tulang\s+belakang|tulang|sendi|lutut|pinggang|punggung|leher|bahu|gigi|gusi|kepala"
    r"|perut|lambung|maag|usus|jantung|ginjal|buah\s+pinggang|paru-paru|paru|hati|liver|mata|telinga|kulit|otot"
    r"|tenggorokan|tekak|dada|rahim|prostat|tiroid|kandung\s+kemih|pundi\s+kencing|empedu|pankreas|saluran\s+kemih)"
)
_TROUBLE_AFTER = (
    r"(?:kejepit|terjepit|keropos|bengkak|membengkak|meradang|patah|retak|bocor|lemah|kaku|infeksi|rusak"
    r"|tersumbat|berlubang|kronis|koyak|terkehel|terseliuh|bermasalah|turun|membesar|berdarah)"
)
_TROUBLE_BEFORE = r"(?:sakit|penyakit|radang|nyeri|infeksi|gangguan|batu|kanker|kanser|barah|tumor|kista|luka)"
_SET_NAMES = (
    r"(?:angin\s+ahmar|sakit\s+gula|penyakit\s+gula|kencing\s+batu|darah\s+rendah|lemah\s+jantung|angin\s+duduk"
    r"|sesak\s+na[fp]as|batuk\s+kering|batuk\s+berdarah|buang\s+air\s+berdarah|sakit\s+jiwa|gila\s+babi"
    r"|wasir|ambeien|cacar\s+air|asam\s+lambung|darah\s+tinggi|kencing\s+manis)"
)
_AILMENT = re.compile(
    rf"(?<![\w-])(?:{_SET_NAMES}|{_PART}\s+{_TROUBLE_AFTER}|(?<!rumah\s){_TROUBLE_BEFORE}\s+(?!hati\b){_PART})(?![\w-])",
    re.IGNORECASE,
)


# Folded first words of every alternative above: where a match can start.
_STARTS = frozenset(
    fold(w) for w in re.sub(r"\\s\+|\[fp\]|[()?:|]", " ", _PART + _TROUBLE_BEFORE + _SET_NAMES).split() if len(w) > 2
)


def malay_ailments(text: str, tokens: Sequence[Token]) -> list[Span]:
    """Everyday Indonesian and Malay ailment names in ``text`` (see the module's docstring)."""
    out: list[Span] = []
    end = 0
    for tok in tokens:
        if tok.start >= end and tok.norm in _STARTS:
            m = _AILMENT.match(text, tok.start)
            if m is not None:
                out.append((m.start(), m.end(), _TERM, "medical-malay"))
                end = m.end()
    return out
