"""What stands right before a capitalised run tells what it names: a person ("Dr.", "my colleague", "Name:"), a
place ("in", "moved to"), an organization ("works for", "joined"), someone's affiliation ("at", "from").

Each cue is written once as a readable pattern ending in ``$`` (``…_BEFORE``) and once reversed (``…_REV``): the
reversed one is what runs, matched at the start of the reversed 32 characters before a name — one position
instead of every position (~8 µs -> ~0.5 µs each; a name run asks several). tests/privacy/test_speed_shortcuts.py
checks that every reversed pattern says what its readable one says.
"""

from __future__ import annotations

import re

__all__ = [
    "AFFILIATION_BEFORE",
    "AFFILIATION_BEFORE_REV",
    "A_BEFORE",
    "A_BEFORE_REV",
    "KIN_HEADS",
    "NAME_LABEL",
    "NAME_LABEL_REV",
    "ORG_BEFORE",
    "ORG_BEFORE_REV",
    "PERSON_BEFORE",
    "PERSON_BEFORE_REV",
    "PERSON_OR_LABEL_REV",
    "PLACE_BEFORE",
    "PLACE_BEFORE_REV",
    "ends_with",
]

# Kin words and honorifics that name the person after them in other Latin-script languages ("mijn dochter
# Sanne", "de heer Jansen", "mi hija Lucía", "ma fille Chloé", "meine Tochter Lena", "moja córka Zosia"); words
# that are also everyday English ("man", "pan", "don") are left out.
_KIN_WORDS = (
    "de heer", "meneer", "mevrouw", "dochter", "dochtertje", "zoon", "zoontje", "echtgenoot", "echtgenote",
    "moeder", "vader", "broer", "zus", "tochter", "sohn", "ehemann", "ehefrau", "mutter", "vater", "bruder",
    "schwester", "hija", "hijo", "esposa", "esposo", "marido", "hermano", "hermana", "doña", "fille", "fils",
    "épouse", "époux", "mari", "frère", "sœur", "monsieur", "madame", "figlia", "figlio", "moglie", "marito",
    "fratello", "sorella", "filha", "filho", "irmão", "irmã", "córka", "żona", "mąż", "siostra", "dcera",
    "manžel", "manželka", "dceru", "syna", "córki", "córką", "kızım", "oğlum", "eşim", "annem", "babam",
    "kardeşim", "ablam", "karım", "kocam",
    # partners, in-laws and grandchildren ("mon conjoint Yannick", "ma belle-sœur Maëlle", "mi cuñada Inés")
    "conjoint", "conjointe", "compagnon", "compagne", "belle-sœur", "beau-frère", "belle-mère", "beau-père",
    "petit-fils", "petite-fille", "neveu", "nièce", "partnerin", "lebensgefährte", "lebensgefährtin", "enkelin",
    "schwiegermutter", "schwiegervater", "pareja", "novio", "novia", "cuñado", "cuñada", "suegra", "suegro",
    "nieto", "nieta", "sobrino", "sobrina", "compagno", "compagna", "cognato", "cognata", "suocera", "suocero",
    "companheiro", "companheira", "cunhado", "cunhada", "sogra", "sogro", "sobrinho", "sobrinha",
    # Indonesian and Malay kin, with "saya" (my) or "-nya" (his, her): "(anaknya, Retno)", "adik saya, Wulan"
    "anak saya", "adik saya", "kakak saya", "suami saya", "istri saya", "isteri saya", "cucu saya", "anaknya",
    "adiknya", "kakaknya", "suaminya", "istrinya", "cucunya", "menantu saya", "keponakan saya",
)  # fmt: skip
KIN_HEADS = frozenset(w for w in _KIN_WORDS if " " not in w)  # a kin word that opens a capitalised run
_KIN = "|".join(w.replace(" ", r"\s+") for w in _KIN_WORDS)
_KIN_REV = "|".join(w[::-1].replace(" ", r"\s+") for w in _KIN_WORDS)

PERSON_BEFORE = re.compile(
    r"(?i:\b(?:name\s+is|named|called|i\s+am|i'm|this\s+is|with|dear|hi|hello|hey|thanks|thank\s+you|"
    r"ask|tell|met|meet|cc|attn:?|contact|patient|mr|ms|mrs|dr|son|daughter|wife|husband|"
    r"mother|father|brother|sister|friend|colleague|manager|boss|" + _KIN + r")\s*[.,:]?\s*)$"
)

PLACE_BEFORE = re.compile(
    r"(?i:\b(?:in|at|near|to|from|nach|aus|bei|à|au|en|vers|desde|hacia|w|we|z|ze|do|visit(?:ing|ed)?|live[sd]?\s+in|living\s+in|located\s+in|moved\s+to|based\s+in|"
    r"born\s+in|city\s+of|town\s+of|trip\s+to|flight\s+to|fly\s+to|went\s+to|across|around|outside|downtown)\s+"
    r"(?:the\s+)?)$"
)

ORG_BEFORE = re.compile(
    r"(?i:\b(?:work(?:s|ed|ing)?\s+(?:for|at)|employed\s+(?:by|at)|join(?:ed|ing)?|company|firm|employer|"
    r"customer\s+of|client\s+of|acquired\s+by)\s+(?:the\s+)?)$"
)

NAME_LABEL = re.compile(r"(?i:\b(?:name|patient|customer|client|from|to|author|contact|signed)\s*:\s*)$")

# someone's company: "a year at Teradata", "Zoe Young from Flightaware", "her Uber resignation letter"
AFFILIATION_BEFORE = re.compile(r"(?i:\b(?:at|from|of|for|with|by|joined|became|her|his|their|my|our|bei|chez)\s+)$")

A_BEFORE = re.compile(r"(?i:\b(?:a|an|un|una|une|um|uma|ein|eine|einen|einem|een)\s+)$")

# The patterns above that end in "$", reversed: matched at the start of the reversed context they try one
# position instead of every position of the 32 characters before a name (~8 µs -> ~0.5 µs each; a name
# run asks several). tests/privacy/test_speed_shortcuts.py checks each against its original. The spacing before a
# person cue or a label is possessive (a cue starts with a letter, or ":" that ":?" may take either way: the same
# matches without trying every cue again for each split of the spacing, ~2x faster).
PERSON_BEFORE_REV = re.compile(
    r"(?i:\s*+[.,:]?+\s*+(?:si\s+eman|deman|dellac|ma\s+i|m'i|si\s+siht|htiw|raed|ih|olleh|yeh|sknaht|uoy\s+knaht|"
    r"ksa|llet|tem|teem|cc|:?ntta|tcatnoc|tneitap|rm|sm|srm|rd|nos|rethguad|efiw|dnabsuh|"
    r"rehtom|rehtaf|rehtorb|retsis|dneirf|eugaelloc|reganam|ssob|" + _KIN_REV + r")\b)"
)

PLACE_BEFORE_REV = re.compile(
    r"(?i:(?:\s+eht)?\s+(?:ni|ta|raen|ot|morf|hcan|sua|ieb|à|ua|ne|srev|edsed|aicah|w|ew|z|ez|od|(?:gni|de)?tisiv|"
    r"ni\s+[sd]?evil|ni\s+gnivil|ni\s+detacol|ot\s+devom|ni\s+desab|"
    r"ni\s+nrob|fo\s+ytic|fo\s+nwot|ot\s+pirt|ot\s+thgilf|ot\s+ylf|ot\s+tnew|ssorca|dnuora|edistuo|nwotnwod)\b)"
)

ORG_BEFORE_REV = re.compile(
    r"(?i:(?:\s+eht)?\s+(?:(?:rof|ta)\s+(?:s|de|gni)?krow|(?:yb|ta)\s+deyolpme|(?:de|gni)?nioj|ynapmoc|mrif|reyolpme|"
    r"fo\s+remotsuc|fo\s+tneilc|yb\s+deriuqca)\b)"
)

NAME_LABEL_REV = re.compile(r"(?i:\s*+:\s*+(?:eman|tneitap|remotsuc|tneilc|morf|ot|rohtua|tcatnoc|dengis)\b)")

AFFILIATION_BEFORE_REV = re.compile(r"(?i:\s+(?:ta|morf|fo|rof|htiw|yb|denioj|emaceb|reh|sih|rieht|ym|ruo|ieb|zehc)\b)")

PERSON_OR_LABEL_REV = re.compile(f"{PERSON_BEFORE_REV.pattern}|{NAME_LABEL_REV.pattern}")  # one match for both

A_BEFORE_REV = re.compile(r"(?i:\s+(?:a|na|nu|anu|enu|mu|amu|nie|enie|nenie|menie|nee)\b)")


def ends_with(reversed_pattern: re.Pattern[str], before: str) -> bool:
    """Whether ``before`` ends with what ``reversed_pattern`` (one of the ``…_REV`` patterns) spells backwards."""
    return reversed_pattern.match(before[::-1]) is not None
