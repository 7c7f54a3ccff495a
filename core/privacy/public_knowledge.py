"""Signs that a question is about public knowledge — history, works, rulers, founders — not about someone.

:mod:`.general_questions` drops a person named in a general question (no first person, no kin or care word, no
task involving someone, nothing identifying in the text) only when the sentence shows that the person is a public
figure. Its word list names what public figures have (works, prizes, goals, battles). This module adds signs
of the same class that do not hang on one verb of one language:

- a historical year in the sentence (a bare year before 1990: "Why did Napoleon lose at Waterloo in 1815?",
  "Fatih Sultan Mehmet İstanbul'u 1453'te …"): a private person's year comes with a birth, a hire or a visit,
  which the caller's other tests see;
- a quoted title of a work («Преступление и наказание», „Faust“, 《红楼梦》, "Hamlet"): its author is public;
- a ruler's name: a regnal numeral or ordinal after it ("Louis XVI", "Пётр Первый", "Karl der Große") or a
  ruler's title before it ("Sultan Mehmet", "King Alfred", "Kaiser Wilhelm", "대왕");
- "who was …?", the part a person played, founding, conquest, a plot and an author, in the languages the
  caller's own list leaves out (Swedish, Danish, Norwegian, Hungarian, Czech, Dutch …).

It also widens the polite "tell me", "explain to me" that put "me" in a request without making it about the
writer to the common languages ("Erkläre mir …", "Explique-moi …", "Dimmi …", "Berätta för mig …").
"""

from __future__ import annotations

import re

__all__ = [
    "COOKING",
    "KIND_ASKED",
    "POLITE_ME",
    "given_name",
    "historic_year",
    "in_choice_list",
    "ordinary",
    "public_sign",
]

# "tell me", "explain to me" …: "me" in a request for knowledge, not the writer's data
POLITE_ME = re.compile(
    r"(?i)(?<!\w)(?:(?:tell|show|give|help|explain\s+to|let)\s+me|"
    r"(?:erkläre|erklär|sag|zeig|nenne|gib|beschreibe)\s+mir|"
    r"(?:explique|dis|montre|donne|raconte|décris)-moi|"
    r"(?:expl[ií]ca|d|cuent|muestr|describ)[ea]?me|dime|"
    r"(?:spiega|di|racconta|mostra|descrivi|parla)mi|dimmi|h[aá]blame|cu[eé]ntame|parle[sz]?-moi|"
    r"(?:explique|diga|conte|mostre)-me|me\s+(?:explique|diga|conte)|"
    r"(?:wyjaśnij|powiedz|opowiedz|pokaż|opisz)\s+mi|"
    r"(?:объясни|скажи|расскажи|покажи|опиши)(?:те)?\s+мне|"
    r"(?:vertel|leg|geef|toon)\s+(?:me|mij)|"
    r"(?:berätta|förklara|beskriv)\s+för\s+mig|"
    r"(?:vysvětli|řekni|popiš)(?:te)?\s+mi|"
    r"(?:mondd|magyarázd)\s+el\s+nekem|"
    r"bana\s+(?:anlat|açıkla|söyle))(?!\w)"
)
# A recipe or cooking question: "nach Omas Art", "alla romana" name a style of a dish, not a place
COOKING = re.compile(
    r"(?<!\w)(?:recipe|bake|baking|oven|cook|rezept|backen|backt|ofen|kochen|recette|cuire|four\b|receta|horno|"
    r"hornear|ricetta|forno|cuocere|receita|assar|recept|bakken|oven|przepis|piec|piekarnik|ugn|baka|tarif|fırın|"
    r"рецепт|духовк|испечь|sütő|süt|συνταγή|φούρνο|resep|panggang)(?!\w)"
)
# A bare year of history (not glued to other digits or a unit): 1000–1989, "1453'te", "1603", "in 1815"
_HISTORIC_YEAR = re.compile(r"(?<![\d.,/:-])(?:1[0-8]\d\d|19[0-8]\d)(?![\d.,/:]\d|\d|\s?(?:%|€|\$|kg|km|g\b|ml|m\b))")
# A quoted title: «…», „…“, “…”, 《…》, 「…」, 『…』, or "…" holding a capitalised word
_QUOTED_TITLE = re.compile(
    r"«[^»]{2,80}»|„[^“”\"]{2,80}[“”\"]|“[^”]{2,80}”|《[^》]{1,40}》|「[^」]{1,40}」|『[^』]{1,40}』|\"[A-ZÀ-ÞА-Я][^\"]{1,80}\""
)
# A regnal numeral or ordinal right after the name: "Louis XVI", "Henry VIII", "Пётр Первый", "Karl der Große"
_REGNAL_AFTER = re.compile(
    r"^\s+(?:[IVX]{1,5}\b|the\s+Great|der\s+Große|le\s+Grand|el\s+Grande|il\s+Grande|o\s+Grande|de\s+Grote|"
    r"den\s+store|Wielki|Великий|Великая|Перв\w+|Втор\w+|Трет\w+)"
)
_REGNAL_INSIDE = re.compile(r"\s(?:[IVX]{1,5}|Перв\w+|Втор\w+|Трет\w+|Великий|Великая|Wielki)$")
# A ruler's or a saint's title right before (or opening) the name
_RULER = (
    r"king|queen|emperor|empress|sultan|tsar|czar|pharaoh|pope|caliph|shah|khan|"
    r"könig|königin|kaiser|kaiserin|zar|papst|roi|reine|empereur|pape|rey|reina|emperador|papa|"
    r"re|regina|imperatore|rei|rainha|imperador|koning|koningin|keizer|kung|drottning|kejsare|"
    r"król|królowa|cesarz|car|król|král|královna|císař|király|királynő|császár|szent|"
    r"царь|царица|император|императрица|князь|султан|фараон|padişah|sultanı|"
    r"βασιλιάς|αυτοκράτορας|raja|maharaja|mughal"
)
_RULER_BEFORE = re.compile(rf"(?i:(?<!\w)(?:{_RULER}))\s+$")
_RULER_INSIDE = re.compile(rf"^(?i:(?:\w+\s+)?(?:{_RULER}))\s")
# Scripts without spaces: a ruler's title or an author word anywhere in the sentence
_RULER_CJK = re.compile(r"大王|대왕|皇帝|天皇|王朝|将軍|作者|著者|작가|저자|始皇|太祖|太宗|国王|國王|女王")
# Cues the caller's list leaves out, by stem (lower-cased sentence)
_MORE_CUES = re.compile(
    r"(?<!\w)(?:"
    # who was …? (hu, cs, sk, sv, da, no, nl, ro, el, id, tr, de already in the caller's list)
    r"ki volt|kik voltak|kdo byl|kdo byla|kto bol|vem var|hvem var|wie was|cine a fost|ποιος ήταν|ποια ήταν|"
    r"siapa(?:kah)? (?:itu|sebenarnya)|kimdi|"
    # the part someone played in history, founding, conquest, a reign, a plot, an author
    r"role of|rolle|rôle|papel de|ruolo|rol van|roli|rola|роль|szerep|"
    r"found(?:ed|er)|gründe|fonda|fondat|fundó|fundou|fundador|założy|основал|grundade|grundlagt|stichtte|"
    r"conquer|conquest|erober|conquis|conquist|conquê|podbi|zdoby|завоева|fethet|fetih|"
    r"guillotin|executed|hingerichtet|exécuté|ejecutado|giustiziato|upálen|upalon|казн|"
    r"plot|trama|fabuła|сюжет|handlung|intrigue|author|autor|auteur|autore|auteur|författare|szerző|"
    r"oorlog|krig|háború|válk|revolution|revolución|rivoluzione|révolution|rewolucj|революци|"
    r"empire|imperi|reich|empir|cesarstw|импери|dynast|династ|centur|jahrhundert|siècle|siglo|secolo|"
    r"wiek\b|век\b|století|század|"
    # Swedish, Danish, Norwegian: works, writing, painting, discovering, prizes, birth and death, kings
    r"böcker|bøger|bøker|roman(?:er)?|skrev|skrivit|målade|malede|malte|upptäckte|opdagede|oppdaget|"
    r"uppfann|opfandt|oppfant|vann|vandt|komponerade|komponerede|född|født|døde|kung|konge|drottning|"
    r"dronning|nobelpris|berömd|berømt|kända|kendt|kjent|"
    # the artists, writers, rulers of an era ("i principali artisti del Rinascimento"), and the era itself
    r"artist|painter|sculptor|composer|poet|philosopher|scientist|explorer|astronomer|"
    r"künstler|maler|bildhauer|komponist|dichter|philosoph|wissenschaftler|entdecker|"
    r"artiste|peintre|sculpteur|compositeur|poète|philosophe|savant|explorateur|"
    r"artista|pintor|escultor|compositor|poeta|filósofo|científico|explorador|"
    r"pittor|scultor|compositor|filosof|scienziat|esplorator|"
    r"kunstenaar|schilder|componist|dichter|artyst|malarz|rzeźbiarz|kompozytor|poet|filozof|naukow|odkrywc|"
    r"художник|скульптор|композитор|поэт|философ|учёный|ressam|heykeltıraş|besteci|şair|filozof|bilim insan|"
    r"konstnär|målare|tonsättare|umělc|malíř|skladatel|básník|művész|festő|zeneszerző|költő|"
    r"renaiss|rinasciment|renacimiento|renascen|renesans|renesanc|reneszánsz|rönesans|возрожден|ренессанс|"
    r"baroque|barock|barocc|barroc|barok|барокко|medieval|mittelalter|médiéval|medieval|medioevo|średniow|"
    r"средневеков|ortaçağ|středověk|középkor|antiquity|antike|antiquité|antigüedad|antichità|antyk|античн|"
    # books and writers in Slavic languages and Hungarian: "koje knjige Ive Andrića …", "książki Lema"
    r"knjig|knjiž|pisac|pisca|książk|pisarz|pisarki|книг|писател|knih|kniha|spisovatel|könyv|"
    # fame: "why is Švejk so popular?"
    r"popular|populär|populaire|popolar|popularn|populárn|népszerű|популярн"
    r")"
)


# A number after a unit or a position label is no year ("nt 1453", "bp 1200", "No. 1815", "page 1603")
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?i:(?<!\w)(?:nt|bp|aa|kb|kda|no|nr|pos|position|codon|residue|page|pp?|room|#))\.?\s*$"
)


def historic_year(sentence: str) -> bool:
    """Whether ``sentence`` holds a year before 1990 that is no position or number after a unit."""
    return any(not _NOT_A_YEAR_BEFORE.search(sentence[: m.start()]) for m in _HISTORIC_YEAR.finditer(sentence))


def public_sign(text: str, sentence: str, start: int, end: int) -> bool:
    """Whether the person ``text[start:end]`` stands in a ``sentence`` about public knowledge (see above)."""
    name = text[start:end]
    if _REGNAL_AFTER.match(text[end : end + 20]) or _REGNAL_INSIDE.search(name):
        return True
    if _RULER_BEFORE.search(text[max(0, start - 20) : start]) or _RULER_INSIDE.match(name):
        return True
    return bool(
        historic_year(sentence)
        or _QUOTED_TITLE.search(sentence)
        or _RULER_CJK.search(sentence)
        or _MORE_CUES.search(sentence.lower())
        # the era or the part asked about in the sentence before ("… la culla del Rinascimento? Parlami dei Medici
        # e di Brunelleschi."): the people of a history question's next request are public too
        or _MORE_CUES.search(text[max(0, start - 160) : start].lower())
    )


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_ORDINARY_RANK = 20_000


def ordinary(value: str, lang: str) -> bool:
    """Whether every word of ``value`` is among the language's (or English's) 20,000 commonest words."""
    from .lexicons import common_rank

    def rank(word: str) -> int:
        ranks = [r for r in (common_rank(word), common_rank(word, lang)) if r is not None]
        return min(ranks) if ranks else _ORDINARY_RANK

    return all(rank(word.lower()) < _ORDINARY_RANK for word in _WORD.findall(value))


def given_name(value: str) -> bool:
    """Whether ``value`` holds a known given name ("diego", "gaby": a person, even in lower case)."""
    from .lexicons import first_names

    names = first_names()
    return any(len(word) >= 3 and word.lower() in names for word in _WORD.findall(value))


# A question about kinds of a thing (varieties, cultivars, breeds, brands, models): the capitalised words it lists
# are the kinds, not people ("Welche Tomatensorte …", "which apple variety", "quale razza di cane")
KIND_ASKED = re.compile(
    r"sorte\b|sorten\b|variet|cultivar|rasse\b|rassen\b|breed|hunderasse|marke\b|marken\b|"
    r"variedad|varietà|variété|razza|raza\b|raça|odmian|gatun|сорт|пород|ras\b|rassen|sorter\b|fajt|"
    # a comparison of two things: "le differenze tra la Vespa Primavera 125 e la GTS 300"
    r"differenz[ae]\s+tra|difference\s+between|unterschied\s+zwischen|différence\s+entre|diferencias?\s+entre|"
    r"diferenças?\s+entre|różnic[ae]\s+między|разниц[аы]\s+между|verschil\s+tussen|skillnad(?:en)?\s+mellan"
)
# The options a question lists after a colon ("Welche Birne eignet sich für Kompott: Gute Luise, Abate oder
# Conference?"): things to choose among, not people
_CHOICE_LIST = re.compile(
    r":[^:?\n]{1,80}?[ \t](?:oder|or|o|ou|или|czy|lub|albo|of|eller|vagy|nebo|sau|veya|atau|ή)[ \t][^:?\n]{1,40}\?"
)


def in_choice_list(sentence: str, text: str, start: int) -> bool:
    """Whether ``start`` lies in the options a question in ``sentence`` (a part of ``text``) lists after a colon."""
    if ":" not in sentence:
        return False
    offset = text.find(sentence)
    choice = _CHOICE_LIST.search(sentence)
    return choice is not None and offset >= 0 and offset + choice.start() < start < offset + choice.end()
