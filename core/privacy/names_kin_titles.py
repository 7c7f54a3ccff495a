"""Names in an oblique case after a kin word or a title, in Greek, Russian and Ukrainian.

These languages decline names: "у мого сина Богдана" (of my son Bohdan), "στον κ. Παναγιώτη Κωνσταντινίδη" (to Mr.
Panagiotis Konstantinidis), "для дочери Алины". The name lists hold the nominative (Богдан, Παναγιώτης), and a
declined form may be another name (Богдана) or no listed word at all, so the list-based finders miss them. A kin word
or a title in any of its cases is the second sign: the one or two capitalised words of the same script right after
it (after the kin word's possessive, when it follows: "ο γιος μου ο Νίκος") are a person, unless the first is one of
the language's thousand most frequent words ("у сина Температура" is no name). New everyday requests written before
the fix (tests/privacy/test_classes_europe_more.py) had both forms.

Cost: one search for a kin word or title on text with a Greek or Cyrillic word; nothing on other text.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .lexicons import common_rank
from .ner_lexicon import name_data

__all__ = ["find_kin_title_names"]

_SCRIPT = re.compile("[\u0370-\u03ff\u0400-\u04ff]{3}")  # a word, not a lone α or κ of a biomedical text
_CYR_KIN = (
    # Ukrainian
    "син|сина|синові|сину|сином|донька|доньки|доньку|доньці|донькою|дочка|дочки|дочку|дочці|мама|мами|маму|мамі|"
    "тато|тата|татові|брат|брата|братові|братом|сестра|сестри|сестру|сестрі|чоловік|чоловіка|чоловікові|дружина|"
    "дружини|дружину|дружині|онук|онука|онукові|онучка|онучки|онучку|бабуся|бабусі|бабусю|дідусь|дідуся|дідусеві|"
    # Russian
    "сын|сына|сыну|сыном|дочь|дочери|дочерью|мамы|маме|мамой|папа|папы|папе|папой|брату|братом|сестры|сестре|сестрой|"
    "муж|мужа|мужу|мужем|жена|жены|жене|женой|внук|внука|внуку|внучка|внучки|внучке|бабушка|бабушки|бабушке|дедушка|"
    "дедушки|дедушке"
)
_CYR_POSSESSIVE = "мій|мого|моєму|моя|моєї|мою|моїй|мой|моего|моему|моей|нашого|нашої|нашего|нашей"
_CYR_UPPER, _CYR_LOWER = "А-ЯЁІЇЄҐ", "а-яёіїєґ'ʼ"
_CYR_NAME = re.compile(
    rf"(?<![{_CYR_LOWER}{_CYR_UPPER}])(?:(?:{_CYR_POSSESSIVE})\s+)?(?i:{_CYR_KIN})\s+"
    rf"(?P<name>[{_CYR_UPPER}][{_CYR_LOWER}]{{2,}}(?:\s+[{_CYR_UPPER}][{_CYR_LOWER}]{{2,}})?)"
)
_GREEK_TITLE = (
    r"κ\.|κα\.?|κ\.κ\.|κυρία|κυρίας|κύριος|κύριο|κυρίου|Δρ\.|δρ\.|γιατρός|γιατρό|γιατρού|γιατρέ|δικηγόρος|δικηγόρο|"
    r"δικηγόρου|καθηγητή|καθηγήτρια|καθηγητής|δασκάλα|δάσκαλο|γιος|γιο|γιου|κόρη|κόρης|αδερφός|αδερφό|αδερφού|"
    r"αδερφή|αδερφής|σύζυγος|συζύγου|σύζυγο|άντρας|άντρα|γυναίκα|μητέρα|μητέρας|πατέρας|πατέρα|γιαγιά|παππούς|"
    r"εγγονός|εγγονή"
)
_GR_UPPER, _GR_LOWER = "Α-ΩΆΈΉΊΌΎΏΪΫ", "α-ωάέήίόύώϊϋΐΰς"
_GREEK_NAME = re.compile(
    rf"(?<![{_GR_LOWER}{_GR_UPPER}])(?:{_GREEK_TITLE})(?:\s+μου|\s+σου|\s+του|\s+της|\s+μας)?,?"
    r"(?:\s+(?:ο|η|τον|την|του|της|τη))?\s+"
    rf"(?P<name>[{_GR_UPPER}][{_GR_LOWER}]{{2,}}(?:\s+[{_GR_UPPER}][{_GR_LOWER}]{{2,}})?)"
)
_FREQUENT = 1000


def _person(text: str, m: re.Match[str], lang: str, rule: str) -> Entity | None:
    first = m.group("name").split()[0].lower()
    rank = common_rank(first, lang)
    if rank is not None and rank < _FREQUENT and first not in name_data().first:
        return None  # a frequent word that is no given name ("Температура"); Сергей is both, and a name here
    return Entity(EntityType.PERSON, m.start("name"), m.end("name"), m.group("name"), 0.75, rule)


def find_kin_title_names(text: str) -> list[Entity]:
    """Persons named right after a kin word or a title in Greek, Russian or Ukrainian (see the module docstring)."""
    if _SCRIPT.search(text) is None:
        return []
    lang = "uk" if re.search("[іїєґ]", text) else "ru"
    found = [_person(text, m, lang, "names-kin-cyrillic") for m in _CYR_NAME.finditer(text)]
    found.extend(_person(text, m, "el", "names-kin-greek") for m in _GREEK_NAME.finditer(text))
    return [e for e in found if e is not None]
