"""Where a trip's places stand: findings in a travel question that name a place, not a person or a term.

:mod:`.general_questions` drops the places of a trip question ("Sicily in April: Palermo and Cefalù or Catania
and Taormina?"). The name finder takes towns, coasts, trains and landmarks that no lexicon lists for people
("Taormina", "Costiera Amalfitana", "Sloup Nejsvětější Trojice", "Budapestről Egerbe") and the health-term
finder takes a town for a term by its ending ("Cefalù" ~ "cefalea"). In a trip question — and only there —
such a finding counts as a place when:

- it is a weak "person" finding (no title, label or full-name shape behind it) holding no known given name
  (someone the writer names comes with a given name: "Anna Kowalczyk and I are flying to Porto" keeps Anna
  Kowalczyk), capitalised or a known place as a whole;
- it is one word right after "to", "from", "nach", "do", "z", "kwenda" … ("z Pece pod Sněžkou");
- it is a "person" whose name opens with a saint's title (St., San, Santa, Sankt, São …);
- (a "person" ending in Airways, Airlines, Rail, Ferries … is a carrier: an organization, public in a trip question);
- it is a one-word health term, capitalised inside the sentence, joined to a place found beside it by
  "and", "e", "y", "und", "a", "o" or a comma, or right after "to", "tra", "in", "στην" … ("tra Cefalonia e
  Zante", "στην Κεφαλονιά": the island, not "cefal-" = head);
- it is one word that a town's or a hill's name goes on from ("Pece pod Sněžkou", "Lysá hora"), even a given name;
- it is a landmark's name, a head or tail word ("Cerro", "Monte", "Lac", "Lake") and words that hold no given name
  ("Cerro Alegre", "Bâlea Lac"; not "Lake Grace").

A place named with its accents ("Corfù") is known when the list holds it without them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .entities import Entity, EntityType

__all__ = ["TRIP_WORDS", "as_place", "known_place", "on_a_route", "opens_sentence", "without_orphan_years"]

# Words of a trip beside general_questions' travel cues: where one sleeps, climbs, detours or lands (islands,
# beaches, lodgings, cable cars, side trips), in the languages of its list
TRIP_WORDS = (
    r"island|beach|hotel|hostel|cable car|where to stay|abstecher|seilbahn|zahnradbahn|komme ich|kommt man|"
    r"übernacht|unterkunft|insel|alojar|hosped|isla\b|playa|trem\b|ilha|praia|randonn|île|plage|hébergement|"
    r"alloggi|isol[ae]\b|spiaggia|zajet|zajed|lanovk|ubytov|pláž|nocleg|dojecha|wysp|plaż|urcăm|drumul|cazare\b|"
    r"πάμε|πηγαίν|νησ[ιί]|παραλί|konaklama|plaj|pulau|pantai|menginap|mendaki|ufukwe|kisiwa|hotelini|nauli|"
    r"fietsvakantie|wandeling|eiland|overnacht|odsjesti|smještaj|otok"
)

# A saint's name before a place: a town, a church or a lake shore ("St. Bartholomä", "San Gimignano", "Sankt Anton")
_SAINT = re.compile(r"(?:St|Ste|Sv)\.\s|(?:Sankt|Saint|Sainte|San|Santa|Santo|São|Svatý|Svatá)\s")
# Where one goes from or to: one word right after it is a place ("z Pece", "do Chorvatska", "nach Eger")
_PLACE_BEFORE = re.compile(
    r"(?i:(?<!\w)(?:to|from|nach|von|à|au|para|desde|do|z|ze|kwenda|kutoka|dari|ke|naar|till|till|nga|në)\s+$)"
)
# Where a place stands for a town read as a health term: "tra Cefalonia e Zante", "στην Κεφαλονιά" (not for people)
_MEDICAL_PLACE_BEFORE = re.compile(r"(?i:(?<!\w)(?:tra|fra|in|στην|στη|στο|στον|από)\s+$)")
# On what one travels: "no Alfa Pendular", "nel Frecciarossa", "on the Eurostar", "im ICE" — a service, no person
_ABOARD = re.compile(
    r"(?i:(?<!\w)(?:no|na|nel|nella|sul|sulla|col|en\s+el|con\s+el|on\s+the|in\s+the|im|mit\s+dem)\s+$)"
)
# A route: "from Zermatt to St. Moritz", "dari Sanur ke Nusa Penida", "z Brna do Splitu", "kutoka Arusha hadi …"
_ROUTE = re.compile(
    r"(?<!\w)(?i:from|dari|von|desde|da|de|z|ze|kutoka|od|từ|nga)\s+(?P<a>\w[\w.'’-]*(?:\s+\w[\w.'’-]*){0,2}?)\s+"
    r"(?i:to|ke|nach|a|hasta|do|hadi|até|al|đến|në)\s+(?P<b>\w[\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})"
)
# After a Japanese, Chinese or Korean place: "宮島へ", "広島まで", "大阪から", "釜山에서", "去成都"
_CJK_PLACE_AFTER = re.compile(r"へ|まで|から|行き|駅|港|空港|에서|까지|으로|로\s")
# A carrier, not a person: "ITA Airways", "Norwegian Air", "Brittany Ferries"
_CARRIER = re.compile(r"\s(?:Airways|Airlines|Air|Rail|Railways|Ferries|Lines|Cruises|Express|Bus)$")
# What follows the first word of a town's or a hill's name: "Pec pod Sněžkou", "Kostelec nad Orlicí", "Lysá hora",
# "Łysa Góra" lower-cased, "Erciyes dağı" — the word before is a place's, even where it is also a given name
_NAME_GOES_ON = re.compile(
    r"\s+(?:pod|nad|sur|upon|an\s+der|hora|hory|vrch|jezero|góra|jezioro|dağı|gölü|adası|tepesi)(?!\w)"
)
# Words that make a name a hill, a lake or a shore, beside name_words' landmark heads and tails ("Cerro Alegre",
# "Bâlea Lac", "Pico Ruivo"): the name finder reads the name's other word as a surname
_MORE_HEADS = frozenset(
    {"cerro", "pico", "sierra", "serra", "morro", "mont", "pointe", "vârful", "valea", "playa", "praia"}
)
_MORE_TAILS = frozenset({"lac", "peak", "gorge", "bay", "pass"})
# The last word of a Polish, Czech or Slovak town's name, in its cases: "Kazimierz Dolny" ("w Kazimierzu Dolnym"),
# "Busko-Zdrój", "Mariánské Lázně", "Dvůr Králové nad Labem" — towns too small for the place list
_TOWN_TAILS = frozenset(
    {
        "dolny", "dolnym", "dolnego", "dolnej", "górny", "górnym", "górnego", "górnej", "zdrój", "zdroju",
        "lázně", "lázních", "lázní", "dolní", "horní", "kúpele", "kúpeľoch",
    }
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_PLACE_JOIN = re.compile(r"(?i:^\s*(?:,|and|und|et|e|y|i|a|o|or|oder|ou|na|dan)\s*$)")
_JOIN_WORDS = r"(?:,|and|und|et|e|y|i|a|o|or|oder|ou|na|dan)"
_JOINED_BEFORE = re.compile(rf"(?P<place>[^\W\d_][\w'’-]*)\s*{_JOIN_WORDS}\s+$")
_JOINED_AFTER = re.compile(rf"\s*{_JOIN_WORDS}\s+(?P<place>[^\W\d_][\w'’-]*)")


def known_place(value: str) -> bool:
    """A city, country or landmark the lexicons know, also with a case ending ("Zakopanem", "Castelul Bran")."""
    from .lexicons import place_names, strip_accents
    from .name_kinds import inflected_place
    from .name_words import _LANDMARK_HEADS, _LANDMARK_TAILS

    places = place_names()
    words = value.lower().split()
    if not words:
        return False
    return (
        " ".join(words) in places
        or strip_accents(" ".join(words)) in places  # "Corfù", "Zürich": the list holds both spellings of its own
        or words[0] in _LANDMARK_HEADS
        or words[-1] in _LANDMARK_TAILS
        or (len(words) > 1 and words[-1] in _TOWN_TAILS)
        or any(w in places or inflected_place(w, places) for w in words)
    )


def _beside_a_place(text: str, entity: Entity, entities: Sequence[Entity]) -> bool:
    if any(
        e.type is EntityType.LOCATION
        and e is not entity
        and (_PLACE_JOIN.match(text[e.end : entity.start]) or _PLACE_JOIN.match(text[entity.end : e.start]))
        for e in entities
    ):
        return True
    # a known place written beside it that no finder took ("meglio Palermo e Cefalù o Catania"): read as words
    before = _JOINED_BEFORE.search(text, max(0, entity.start - 40), entity.start)
    after = _JOINED_AFTER.match(text, entity.end)
    return any(m is not None and known_place(m.group("place")) for m in (before, after))


def as_place(text: str, entity: Entity, entities: Sequence[Entity]) -> Entity:
    """``entity`` as a LOCATION when, in a trip question, it stands where a place stands; else ``entity`` itself."""
    from .lexicons import first_names

    words = entity.text.split()
    if entity.type is EntityType.MEDICAL:
        place = (
            len(words) == 1
            and entity.text[:1].isupper()
            and (
                _beside_a_place(text, entity, entities)
                or _PLACE_BEFORE.search(text, max(0, entity.start - 8), entity.start) is not None
                or _MEDICAL_PLACE_BEFORE.search(text, max(0, entity.start - 8), entity.start) is not None
            )
        )  # "Gambir" after "dari": a station, not the herb
    elif entity.type is EntityType.PERSON and (
        _CARRIER.search(entity.text) or _ABOARD.search(text, max(0, entity.start - 12), entity.start)
    ):
        return Entity(EntityType.ORGANIZATION, entity.start, entity.end, entity.text, entity.score, entity.source)
    elif entity.type is EntityType.PERSON and _SAINT.match(entity.text):
        place = True
    elif entity.type is EntityType.PERSON and _CJK_PLACE_AFTER.match(text, entity.end) and not entity.text.isascii():
        place = entity.text[0] >= "\u3000"  # a CJK "name" going somewhere
    elif entity.type is EntityType.PERSON and _route_end(text, entity):
        place = True  # "dari Sanur ke Nusa Penida": both ends of a route are places, whatever names they share
    elif entity.type is EntityType.LOCATION:
        # a place the finder typed itself, at an end of a route ("z Prahy do Českého Krumlova"; not after "z" alone:
        # "z Anną Kowalską" is "with"): returned as a new finding, so the caller counts it among the trip's places
        place = _route_end(text, entity)
    elif entity.type is EntityType.PERSON and len(words) == 1 and _NAME_GOES_ON.match(text, entity.end):
        place = entity.text[:1].isupper()
    elif entity.type is EntityType.PERSON and len(words) > 1 and (rest := _landmark_rest(words)) is not None:
        names = first_names()
        place = not any(len(w) >= 3 and w.casefold() in names for w in rest)  # "Lake Grace" may be someone's
    elif entity.type is EntityType.PERSON:
        names = first_names()
        given = any(len(w) >= 3 and not w.isupper() and w.casefold() in names for w in words)
        # only a weak finding (the name finder's own doubt: no title, label or full-name shape) is overruled
        after_to = len(words) == 1 and _PLACE_BEFORE.search(text, max(0, entity.start - 8), entity.start) is not None
        weak = entity.score < 0.8 and not _in_a_statement(text, entity)  # "Kowalski will join us in Kraków."
        place = not given and (after_to or weak) and (entity.text[:1].isupper() or known_place(entity.text))
    else:
        place = False
    if not place:
        return entity
    return Entity(EntityType.LOCATION, entity.start, entity.end, entity.text, entity.score, entity.source)


def _in_a_statement(text: str, entity: Entity) -> bool:
    """Whether ``entity`` stands in a sentence that ends with "." or "!" (a statement: someone who does something)."""
    m = _SENTENCE_END.search(text, entity.end)
    return m is not None and m.group() in ".!"


def _landmark_rest(words: list[str]) -> list[str] | None:
    """The words of a landmark's name besides its head or tail ("Cerro Alegre" → "Alegre"); None for no landmark."""
    from .name_words import _LANDMARK_HEADS, _LANDMARK_TAILS

    if (head := words[0].casefold()) in _LANDMARK_HEADS or head in _MORE_HEADS:
        return words[1:]
    if (tail := words[-1].casefold()) in _LANDMARK_TAILS or tail in _MORE_TAILS:
        return words[:-1]
    return None


def opens_sentence(sentence: str, value: str) -> bool:
    """Whether one word ``value`` is the first word of ``sentence`` (where any word is capitalised)."""
    return " " not in value and sentence.lstrip(" \t\n\"'¿¡«(").startswith(value)


def without_orphan_years(text: str, kept: list[Entity], found: Sequence[Entity]) -> list[Entity]:
    """``kept`` less the bare years and weekdays whose only support was a finding dropped as general: "a week in
    Lisbon in 2027" once "Schengen" is no person (the detector kept the year for the person beside it)."""
    from .context import has_date_event
    from .dates import DEPENDENT_SOURCES

    if len(kept) == len(found) or not any(e.source in DEPENDENT_SOURCES for e in kept):
        return kept
    anchors = [e for e in kept if e.source not in DEPENDENT_SOURCES and e.type is not EntityType.LOCATION]

    def supported(year: Entity) -> bool:
        stop = max((i for i in (text.rfind(c, 0, year.start) for c in ".?!\n") if i >= 0), default=-1)
        end = min((i for i in (text.find(c, year.end) for c in ".?!\n") if i >= 0), default=len(text))
        return has_date_event(text[stop + 1 : end]) or any(stop < a.start < end for a in anchors)

    return [e for e in kept if e.source not in DEPENDENT_SOURCES or supported(e)]


def _given(words: str) -> bool:
    from .lexicons import first_names

    return words.split()[0].casefold() in first_names()


def on_a_route(text: str, entities: Sequence[Entity]) -> bool:
    """Whether a name found in the text stands at one end of a route between two capitalised ends that are not
    both given names ("from Zermatt to St. Moritz", "dari Sanur ke Nusa Penida"; not "from John to Mary")."""
    return any(e.type in (EntityType.PERSON, EntityType.LOCATION) and _route_end(text, e) for e in entities)


def _route_end(text: str, entity: Entity) -> bool:
    """Whether ``entity`` is one end of such a route (the name of the other end decides for a given name)."""
    if _PLACE_BEFORE.search(text, max(0, entity.start - 8), entity.start) is None:
        return False
    lo = max(0, entity.start - 60)
    for m in _ROUTE.finditer(text, lo, min(len(text), entity.end + 40)):
        if m.start("a") == entity.start or m.start("b") == entity.start:
            return m["a"][0].isupper() and m["b"][0].isupper() and not (_given(m["a"]) and _given(m["b"]))
    return False
