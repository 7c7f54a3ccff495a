"""Precision by design: a place, an organization, a public figure or a medicine named in a general
question is public knowledge, not someone's data.

"What should I see in Lisbon?", "Who was Marie Curie?", "Is Hamlet longer than Macbeth?", "Can
ibuprofen be taken with coffee?" name entities, but no one the text is *about*: replacing them
makes the answer useless and makes a lower-trust island refuse a harmless request. A finding of
one of those kinds is dropped when, and only when, all of these hold:

- its sentence is a question (ends with ``?`` or opens with an interrogative word, in the text's
  language or any of the common ones below);
- the sentence says nothing about the writer or a person they deal with: no first-person word
  ("I", "my", "mein", "mon", "mi", "мой", "我", "私", …), no kinship or care word ("my mother",
  "patient", "client"), and no verb of contacting someone ("email", "call", "write to", "invite");
- the whole text holds nothing that identifies someone: no contact details, identifiers, payment
  data, secrets or postal address (those make every other finding linkable).

A person is dropped only in a question *about* them ("who was…", "tell me about…", "what did …
discover/write/paint"), or when the finding holds no known first name (a title, a brand or a unit
the name finder took for a person: "Le Misanthrope", "Google Pixel", "Fahrenheit"), never as the
object of a task. In languages that leave the subject out
("Jestem w ciąży, czy mogę…", "¿Puedo tomar…?") the verb alone says "I", which word lists cannot
see reliably: there only places and organizations are dropped, never a person or a health term.
Everything else is kept: when in doubt the finding stays and is replaced. Values the
conversation's vault already knows are replaced anyway (the sanitiser's second pass), so "I live
in Lisbon" in one turn still protects "Lisbon" in a later general question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity, EntityType
from .language import guess_language

__all__ = ["drop_general_findings"]

_DROPPABLE = frozenset({EntityType.LOCATION, EntityType.ORGANIZATION, EntityType.MEDICAL, EntityType.PERSON})
_PUBLIC_ONLY = frozenset({EntityType.LOCATION, EntityType.ORGANIZATION})
# Languages whose sentences name their subject ("I", "ich", "je"): the first-person test is sound there.
_SUBJECT_LANGUAGES = frozenset({"en", "de", "fr", "nl", "sv", "da", "no", "nb"})
# Findings that identify someone: with any of them in the text, nothing is "general".
_IDENTIFYING = frozenset(
    {
        EntityType.EMAIL,
        EntityType.PHONE,
        EntityType.IP_ADDRESS,
        EntityType.SSN,
        EntityType.NATIONAL_ID,
        EntityType.ID_OTHER,
        EntityType.CREDIT_CARD,
        EntityType.IBAN,
        EntityType.BANK_ACCOUNT,
        EntityType.SECRET,
        EntityType.ADDRESS,
    }
)

_INTERROGATIVES = (
    # en, de, fr, es, it, pt, nl, pl, ru/uk, tr, vi (the question mark catches the rest)
    "what|which|who|whom|whose|where|when|why|how|is|are|was|were|do|does|did|can|could|should|would|will|"
    "was|welche[rsnm]?|wer|wen|wem|wessen|wo|wann|warum|wie|ist|sind|war|kann|gibt|"
    "que|quel|quelle|quels|quelles|qui|où|quand|pourquoi|comment|est-ce|"
    "qué|cuál|cuáles|quién|quiénes|dónde|cuándo|por qué|cómo|es|son|puede|"
    "che|quale|quali|chi|dove|quando|perché|come|è|"
    "o que|qual|quais|quem|onde|porque|como|é|"
    "wat|welke|wie|waar|wanneer|waarom|hoe|"
    "co|jaki|jaka|jakie|kto|gdzie|kiedy|dlaczego|jak|czy|"
    "что|какой|какая|какие|кто|где|когда|почему|как|ли|"
    "ne|hangi|kim|nerede|ne zaman|neden|nasıl"
)
_QUESTION_OPENER = re.compile(rf"^\W*(?:{_INTERROGATIVES})\b", re.IGNORECASE)
# Requests for public knowledge, in the imperative: "Summarise the plot of Hamlet", "Plan three days in
# Lisbon", "Recomiéndame qué ver en Sevilla", "Erkläre …", "Résume …". (Tasks about someone — "write
# to", "email", "invite" — are caught by the contacting test below and keep their findings.)
_KNOWLEDGE_REQUEST = re.compile(
    r"^\W*(?i:summari[sz]e|explain|describe|compare|recommend|suggest|plan|list|translate|convert|outline|"
    r"tell\s+me\s+about|give\s+me\s+(?:an?\s+)?(?:overview|summary|itinerary|list)|"
    r"erkläre|erklär|beschreibe|vergleiche|fasse|empfiehl|plane|übersetze|"
    r"explique|décris|compare|résume|recommande|propose|traduis|"
    r"explica|describe|compara|resume|recomi[eé]nd\w*|sugiere|planifica|traduce|"
    r"spiega|descrivi|confronta|riassumi|consiglia|traduci|"
    r"explique|descreva|compare|resuma|recomende|traduza|"
    r"wyjaśnij|opisz|porównaj|streść|poleć|przetłumacz|"
    r"объясни|опиши|сравни|перескажи|посоветуй|переведи)\b"
)
# Polite phrases that put "me" in a request without making it about the writer.
_POLITE_ME = re.compile(r"(?i)\b(?:tell|show|give|help|explain\s+to|let)\s+me\b")
_QUESTION_MARK = re.compile(r"[?？؟]")

# The writer or someone they deal with: first person, kin and care roles, in common languages.
_PERSONAL = re.compile(
    r"(?i)(?<!\w)(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|our|us|ours|"
    r"ich|mich|mir|mein|meine|meinen|meinem|meiner|wir|uns|unser|unsere|"
    r"je|j'|moi|mon|ma|mes|nous|notre|nos|"
    r"yo|mí|mi|mis|me|nosotros|nosotras|nuestro|nuestra|nuestros|nuestras|"
    r"io|mio|mia|miei|mie|noi|nostro|nostra|"
    r"eu|meu|minha|meus|minhas|nós|nosso|nossa|"
    r"ik|mij|mijn|wij|we|ons|onze|"
    r"ja|mnie|mój|moja|moje|moi|my|nas|nasz|nasza|"
    r"я|меня|мне|мой|моя|моё|мои|мы|нас|наш|наша|"
    r"ben|benim|bana|biz|bizim|"
    r"tôi|mình|chúng tôi|"
    r"mother|father|mom|mum|dad|son|daughter|wife|husband|partner|brother|sister|grandma|grandpa|"
    r"boss|colleague|coworker|employee|client|customer|patient|tenant|neighbor|neighbour|friend|"
    r"mutter|vater|sohn|tochter|frau|mann|kollege|kollegin|patient|patientin|kunde|kundin|"
    r"mère|père|fils|fille|femme|mari|collègue|patiente|"
    r"madre|padre|hijo|hija|esposa|esposo|paciente|cliente)(?!\w)"
)
# The same for scripts without spaces (a substring is enough).
_PERSONAL_CJK = re.compile(r"我|咱|私|僕|俺|わたし|저는|제가|나는|내가|우리|أنا|نحن|אני|אנחנו|患者|病人|客户|顧客|환자")
# A task that involves a person: "email Jennifer", "write to …", "call …", "invite …".
_CONTACTING = re.compile(
    r"(?i)(?<!\w)(?:e-?mail|mail|call|phone|text|message|dm|write to|reply to|tell|ask|invite|contact|remind|"
    r"pay|send|forward|book|meet|meeting|join|visit|coming|arrive|appointment|hire|fire|schedule|notify|ping|cc)(?!\w)"
)
# A question about a person (public knowledge), not a task involving them.
_ABOUT_PERSON = re.compile(
    r"(?i)(?<!\w)(?:who (?:was|is|were)|tell me about|biography|born|died|famous|discover(?:ed|y)?|invent(?:ed|ion)?|"
    r"wrote|written|paint(?:ed|ing)?|compos(?:ed|er)|theory|won|novel|play|poem|album|film|movie|quote|plot|"
    r"character|pièce|roman|œuvre|intrigue|obra|novela|opera|romanzo|Stück|Roman|Handlung|"
    r"wer war|qui (?:était|est)|quién (?:fue|es)|chi (?:era|è)|quem (?:foi|é)|kim był|кто (?:такой|был))(?!\w)"
)
_SENTENCE = re.compile(r"[^.!?。！？\n؟]*[.!?。！？؟]?")


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _is_general_question(sentence: str) -> bool:
    """A question, or a request for public knowledge, that says nothing about anyone."""
    if not (_QUESTION_MARK.search(sentence) or _QUESTION_OPENER.match(sentence) or _KNOWLEDGE_REQUEST.match(sentence)):
        return False
    plain = _POLITE_ME.sub(" ", sentence)
    return not (_PERSONAL.search(plain) or _PERSONAL_CJK.search(plain) or _CONTACTING.search(plain))


def _has_first_name(value: str) -> bool:
    """Whether a person finding holds a known first name ("Jennifer Holst") — unlike a title, a brand or
    a unit that the name finder took for one ("Le Misanthrope", "Google Pixel", "Fahrenheit")."""
    from .lexicons import first_names

    names = first_names()
    words = (word.casefold().strip(".,'’«»\"") for word in value.split())
    return any(len(word) >= 3 and word in names for word in words)


def drop_general_findings(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` without the places, organizations, public figures and medicines that stand in a
    general question (see the module docstring); everything else is returned as it was."""
    if not entities or not any(e.type in _DROPPABLE for e in entities):
        return list(entities)
    if any(e.type in _IDENTIFYING for e in entities):
        return list(entities)
    plain = _POLITE_ME.sub(" ", text)
    if _PERSONAL.search(plain) or _PERSONAL_CJK.search(plain):
        return list(entities)  # the text is about the writer or someone they deal with somewhere
    spans = _sentences(text)
    droppable = _DROPPABLE if guess_language(text) in _SUBJECT_LANGUAGES else _PUBLIC_ONLY
    kept: list[Entity] = []
    for entity in entities:
        if entity.type not in droppable:
            kept.append(entity)
            continue
        sentence = next((text[a:b] for a, b in spans if a <= entity.start < b), "")
        general = bool(sentence) and _is_general_question(sentence)
        if general and entity.type is EntityType.PERSON:
            general = bool(_ABOUT_PERSON.search(sentence)) or not _has_first_name(entity.text)
        if not general:
            kept.append(entity)
    return kept
