"""Postal addresses: a street or unit anchor ("Road", "Strasse", "Apt. 12", "P.O. Box", "FPO AE")
grown left and right over house numbers, capitalised words, postcodes and line breaks, in the
many shapes people write them (US, European, military, one line or several)."""

from __future__ import annotations

import bisect
import re

from .entities import Entity, EntityType
from .label_starts import label_scanner
from .lexicons import common_rank, place_names
from .lines import is_code, line_at
from .tokens import Token, new_token

__all__ = ["find_addresses"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STREET_WORDS = _words(
    "street streets st st. road rd rd. avenue ave ave. av. boulevard blvd blvd. lane ln ln. drive dr. "
    "court ct ct. place pl pl. square sq sq. terrace way trail trl cliffs cliff creek bridge turnpike "
    "greens green highway hwy parkway pkwy alley row walk close crescent circle cir grove gardens heights "
    "hill hills park plaza port ridge route run spring springs station track trace valley view village "
    "vista crossing crossroad junction loop mall mews mill mills motorway oval pass path pike point ramp "
    "shoal shores skyway summit tunnel underpass union viaduct ville way ways well wells expressway "
    "freeway estate estates glen harbor harbour haven knoll lake lakes landing manor meadow meadows "
    "orchard pines plains ranch rapids rest river road roads shore spur stream throughway fork forks ford "
    "fords forest fort fields field flat flats falls ferry extension dale dam divide camp canyon cape "
    "causeway center centre common commons corner corners cove coves crest curve str str. straße strasse "
    "gasse weg vej vejen gade gatan gata vägen väg tie katu kuja polku laan straat gracht plein dreef "
    "vegur utca u. ulica ul. via viale piazza rua avenida calle carrer rue chemin allee allée quai platz "
    "ring damm ufer torget stadion "
    # more languages: Hungarian, Czech/Slovak, Portuguese, Spanish, Italian, French, Dutch, Nordic
    "út útja körút tér tere köz sor kapu sétány ulice náměstí třída nábřeží ulica trieda travessa largo "
    "praça praca estrada alameda paseo plaza camino carretera ronda corso vicolo largo strada boulevard "
    "impasse avenue place cours laan singel kade steeg gränd torg allé vei veien gate"
)
# Street words written before the street's name (Romance and Slavic languages), never after it.
_STREET_BEFORE_NAME = frozenset(
    [
        "via",
        "viale",
        "piazza",
        "corso",
        "vicolo",
        "largo",
        "strada",
        "rua",
        "avenida",
        "calle",
        "carrer",
        "rue",
        "chemin",
        "paseo",
        "camino",
        "carretera",
        "ronda",
        "travessa",
        "praça",
        "praca",
        "estrada",
        "alameda",
        "ulica",
        "ul.",
        "ulice",
        "trieda",
    ]
)
_NAME_PARTICLES = frozenset(("de", "del", "della", "dei", "di", "da", "das", "dos", "do", "du", "des", "la", "le", "y"))
_STREET_SUFFIXES = (
    "strasse",
    "straße",
    "gasse",
    "weg",
    "vej",
    "gade",
    "gatan",
    "vägen",
    "tie",
    "katu",
    "kuja",
    "laan",
    "straat",
    "vegur",
    "gata",
    "polku",
    "torget",
    "platz",
    "damm",
)
_UNIT_WORDS = _words(
    "apt apt. apartment suite ste ste. unit flat floor fl. room box p.o. po psc fpo apo dpo uss usns usnv "
    "usns usnv uscgc cmr"
)
_PARTICLES = _words(
    "de da das dos del della dei di du des la le van von der den ter y nad pod u v of and the am an im auf"
)
_TOKEN = re.compile(r"\d+(?:st|nd|rd|th|[A-Za-z])?(?![A-Za-z])|\d+|[^\W\d_][\w'’.-]*|\n|,")
_CONTEXT = re.compile(
    r"(?i:address|live[sd]?\s+(?:at|on)|living\s+(?:at|on)|located\s+(?:at|on)|sen[dt]\s+(?:\w+\s+){0,4}to|ship\s+to|"
    r"deliver(?:ed)?\s+to|corner\s+of|moved\s+to|return\s+to|office\s+(?:is\s+)?(?:at|on)|meet\s+(?:me\s+)?at)"
    r"[^\n.?!]{0,40}$"
)


def _is_number(tok: Token) -> bool:
    return tok.text[0].isdigit()


def _common(word: str) -> bool:
    rank = common_rank(word)
    return rank is not None and rank < 8000


def _is_cap(tok: Token) -> bool:
    return tok.text[0].isupper()


def _is_street(tok: Token) -> bool:
    return tok.lower in _STREET_WORDS or (len(tok.lower) > 5 and tok.lower.endswith(_STREET_SUFFIXES))


_ELISION = re.compile(r"[dl][\'’][^\W\d_]")


def _part_of_address(tok: Token) -> bool:
    return (
        _is_number(tok)
        or bool(_ELISION.match(tok.text))
        or _is_cap(tok)
        or tok.lower in _PARTICLES
        or tok.lower in _UNIT_WORDS
        or tok.text in (",", "\n")
        or _is_street(tok)
    )


def _merge(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, merged spans as parallel start/end lists (for bisect)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _blocked(tok: Token, taken: tuple[list[int], list[int]]) -> bool:
    starts, ends = taken
    i = bisect.bisect_right(starts, tok.start)
    if i > 0 and ends[i - 1] > tok.start:
        return True
    return i < len(starts) and starts[i] < tok.end


_POSTCODE = re.compile(
    r"(?i:\b(?:zip|zip\s*code|postal\s*code|postcode|post\s*code|plz|cap)\b\W{0,12}(?:is\s+)?)"
    r"(?P<code>\d{4,5}(?:-\d{3,4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})(?![\w-])"
)


_CORNER = re.compile(r"(?i:the\s+corner\s+of\s+)$")


_SENTENCE_GAP = re.compile(r"[.?!;:]")


def _ends_sentence(tok: Token) -> bool:
    """A word that carries a full stop and is no abbreviation ("Zmechanizowanej."; not "ul.", "Str.", "St.")."""
    return tok.text.endswith(".") and len(tok.text) > 5 and tok.lower not in _STREET_WORDS and "." not in tok.text[:-1]


def _numbered_street(tokens: list[Token], i: int, text: str) -> bool:
    """``30102 Kaevu 94``, ``65 Alt Reinickendorf 86``: a number, capitalised words, a number (same line)."""
    j = i + 1
    if j < len(tokens) and tokens[j].lower in ("and", "or", "the", "of", "to", "in", "und", "et", "y"):
        return False  # "the iPhone 15 and the Google Pixel 8": two product numbers, not a street
    words = 0
    capitalised = 0
    while j < len(tokens) and words <= 4 and (_is_cap(tokens[j]) or tokens[j].lower in _PARTICLES):
        if _ends_sentence(tokens[j]) or _SENTENCE_GAP.search(text, tokens[j - 1].end, tokens[j].start):
            return False  # "do 18 Dywizji Zmechanizowanej. W 2012 …": the number is the next sentence's year
        words += 1
        capitalised += _is_cap(tokens[j]) and not _common(tokens[j].lower)  # "10 and String 5" names nothing
        j += 1
    if capitalised == 0 or j >= len(tokens) or _SENTENCE_GAP.search(text, tokens[j - 1].end, tokens[j].start):
        return False  # "3000 and 10" is two numbers, not a street
    return _is_number(tokens[j]) and len(tokens[j].text) <= 4


_POSTCODE_AT = label_scanner(_POSTCODE)  # tried only where one of its words starts (see label_starts)


def _postcodes(text: str) -> list[Entity]:
    return [
        Entity(EntityType.ADDRESS, m.start("code"), m.end("code"), m.group("code"), 0.8, "postcode")
        for m in _POSTCODE_AT.finditer(text)
    ]


def _lowercase_addresses(text: str, tokens: list[Token], streets: list[bool]) -> list[Entity]:
    """ "my address is 12 baker street london": after an address phrase, a house number, words, a street word
    (and a known place or postcode after it), whatever the case."""
    places = place_names()
    found: list[Entity] = []
    for i, tok in enumerate(tokens):
        if not (streets[i] and tok.text[:1].islower()):
            continue
        numbers = [j for j in range(max(0, i - 4), i) if _is_number(tokens[j])]
        if not numbers or not _CONTEXT.search(text[max(0, tokens[numbers[0]].start - 60) : tokens[numbers[0]].start]):
            continue
        left = numbers[0]
        if any(t.text in ("\n", ",") for t in tokens[left:i]):
            continue
        right = i
        while right + 1 < len(tokens) and right - i < 4:
            nxt = tokens[right + 1]
            if nxt.text == "," or nxt.lower in places or _is_number(nxt):
                right += 1
                continue
            break
        while tokens[right].text == ",":
            right -= 1
        start, end = tokens[left].start, tokens[right].end
        found.append(Entity(EntityType.ADDRESS, start, end, text[start:end], 0.75, "address-lowercase"))
    return found


def _street_and_number_flags(tokens: list[Token]) -> tuple[list[bool], list[bool]]:
    """:func:`_is_street` and :func:`_is_number` of every token, computed once and inline (no call per token)."""
    streets = [t.lower in _STREET_WORDS or (len(t.lower) > 5 and t.lower.endswith(_STREET_SUFFIXES)) for t in tokens]
    return streets, [t.text[0].isdigit() for t in tokens]


def find_addresses(text: str, taken: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Addresses in ``text``; ``taken`` spans (e-mails, phones, cards …) stop an address from growing over them."""
    barriers = _merge(taken or [])
    tokens = [new_token(Token, (m.start(), m.end(), m.group(), m.group().lower())) for m in _TOKEN.finditer(text)]
    streets, numeric = _street_and_number_flags(tokens)
    found: list[Entity] = _postcodes(text) + _lowercase_addresses(text, tokens, streets)
    covered_until = -1
    for i, tok in enumerate(tokens):
        if tok.start < covered_until:
            continue
        is_street = streets[i]
        next_numeric = i + 1 < len(tokens) and numeric[i + 1]
        # "Kastanienallee 7", "Alt Reinickendorf 86" — but not "Windows 10", "Spring 2024", "Stream 1080":
        # a word common in English (or a street word on its own) does not name a street before a number
        could_name = next_numeric and _is_cap(tok) and len(tokens[i + 1].text) <= 4 and not _common(tok.lower)
        is_unit = tok.lower in _UNIT_WORDS
        if not (is_street or is_unit or numeric[i] or could_name):
            continue  # most tokens: nothing here can start an address (and no regex runs for them)
        context = (is_street or could_name) and bool(_CONTEXT.search(text[max(0, tok.start - 60) : tok.start]))
        street = False
        if is_street:
            near_number = any(numeric[j] for j in range(max(0, i - 4), min(len(tokens), i + 3)))
            number_soon = any(numeric[j] for j in range(i + 1, min(len(tokens), i + 5)))
            # a street word that is an everyday word ("Spring", "Stream", "Park") starts an address only
            # after a name or a house number ("12 Spring Street", "Central Park 5"), or in an address context
            named = not _common(tok.lower) or (i > 0 and (_is_cap(tokens[i - 1]) or numeric[i - 1])) or context
            # a street word that comes before its name ("via Roma", "rue de Rivoli") names nothing when no name follows:
            # "Hello via and then 4111 …" is no address
            names_follow = tok.lower not in _STREET_BEFORE_NAME or (
                i + 1 < len(tokens)
                and not _blocked(tokens[i + 1], barriers)  # "via 4111 1111 …": a card number names no street
                and (_is_cap(tokens[i + 1]) or numeric[i + 1] or tokens[i + 1].lower in _NAME_PARTICLES)
            )
            street = (
                (_is_cap(tok) and (near_number or context) and named)
                or (i > 0 and numeric[i - 1])
                or (i > 0 and _is_cap(tokens[i - 1]) and number_soon and names_follow)
                or (tok.lower.endswith(".") and number_soon)
            )
        numbered_street = numeric[i] and len(tok.text) <= 6 and _numbered_street(tokens, i, text)
        unit = is_unit and i + 1 < len(tokens) and (next_numeric or tokens[i + 1].text[:1].isupper())
        numbered_name = could_name and context
        if not (street or unit or numbered_name or numbered_street) or _blocked(tok, barriers):
            continue
        if is_code(line_at(text, tok.start)):
            continue  # r"[0-9A-Fa-f]{0,4}" is not a street
        left = i
        while left > 0 and i - left < 6:
            prev = tokens[left - 1]
            gap = text[prev.end : tokens[left].start]
            if prev.text == "\n" and left >= 2 and _is_number(tokens[left - 2]) and "\n" not in gap:
                left -= 1  # the line before ends with a house number: "11 Eriksbo 98\n Suite 568"
                continue
            if ":" in gap or "\n" in gap or prev.text in (",", "\n") or _blocked(prev, barriers):
                break
            if not (_is_number(prev) or _is_cap(prev) or prev.lower in ("de", "dei", "del", "della", "la", "van")):
                break
            if _is_cap(prev) and prev.lower in ("the", "my", "our", "his", "her", "at", "to", "on", "in"):
                break
            left -= 1
        right = i
        newlines = 0
        while right + 1 < len(tokens) and right - i < 24:
            nxt = tokens[right + 1]
            gap = text[tokens[right].end : nxt.start]
            line_prefix = tokens[right].text == "\n" and not gap.strip(" \t?>|*#•-")
            stops = ".?!;:" if nxt.text[:1].isupper() else ".?!;:()"
            if gap.count("\n") > 1 or (any(c in gap for c in stops) and not line_prefix) or _blocked(nxt, barriers):
                break
            if _ends_sentence(tokens[right]) and nxt.text[:1].isupper():
                break  # "… Zmechanizowanej. W 2012": the full stop was read into the word before
            if nxt.text == "\n":
                newlines += 1
                if newlines > 5:
                    break
            if not _part_of_address(nxt):
                break
            if nxt.lower in ("and", "of", "the") and not (
                right + 2 < len(tokens)
                and (
                    _is_cap(tokens[right + 2])
                    or _is_number(tokens[right + 2])
                    or (tokens[right + 2].lower == "the" and right + 3 < len(tokens) and _is_cap(tokens[right + 3]))
                )
            ):
                break
            right += 1
        while right > i and (tokens[right].text in (",", "\n") or tokens[right].lower in _PARTICLES):
            right -= 1
        while left < i and tokens[left].lower in _PARTICLES:
            left += 1
        start, end = tokens[left].start, tokens[right].end
        corner = _CORNER.search(text[max(0, start - 16) : start])
        if corner:
            start -= len(corner.group())
        if text[end - 1 : end] == "." and tokens[right].lower not in _STREET_WORDS | _UNIT_WORDS:
            end -= 1
        has_number = any(_is_number(t) for t in tokens[left : right + 1])
        if right == left and not unit and not numbered_name and not has_number:
            continue
        score = 0.85 if has_number else 0.6
        found.append(Entity(EntityType.ADDRESS, start, end, text[start:end], score, "address"))
        covered_until = end
    return found
