"""The word lists the name finder (:mod:`.names`) reads: particles inside names, titles before and after
them, words that end or start an organization's name, roles, capitalised words that are not names, and
question words. Plain data, kept apart so names.py holds the rules."""

from __future__ import annotations

import re

__all__ = [
    "_IMPERATIVE_NEXT",
    "_LANDMARK_HEADS",
    "_LANDMARK_TAILS",
    "_NOT_NAMES",
    "_ORG_HEADS",
    "_ORG_SUFFIXES",
    "_PARTICLES",
    "_PERSON_AFTER",
    "_QUESTION_WORDS",
    "_ROLES",
    "_STOP_CAPS",
    "_STREETS",
    "_TITLES",
    "_TITLES_AFTER",
    "after_facility",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PARTICLES = _words("de da das dos del della dei di du des la le van von der den ter ten y bin ibn al el zu af av nad")
_TITLES = _words(
    "herr herrn frau señor señora sr. sra. mme mme. mlle signor signora dott. dhr. mevr. "
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame madam mx mx. rev rev. fr. st. sen. rep. gov. "
    "capt. col. lt. sgt. judge officer nurse "
    # Portuguese and Spanish abbreviated titles as the detection view writes them (NFKC: "Enf.ª" is "Enf.a")
    "enf. enf.a enfa enf dra. dra dr.a dra. prof.a profa sr.a sra eng. eng.a arq. arq.a"
)
_ORG_SUFFIXES = _words(
    "inc inc. incorporated ltd ltd. llc llp plc corp corp. corporation co co. company gmbh ag sa s.a. nv "
    "bv oy ab as group holdings partners associates agency bank university college institute foundation "
    "trust consulting solutions systems technologies technology labs laboratories services industries "
    "international enterprises ventures capital media networks software orchestra association society "
    "council ministry department hospital clinic school schools academy club union federation resources "
    "insights analytics data ministry "
    # carriers ("ITA Airways", "Turkish Airlines"; issue 16, HC)
    "airways airlines"
)
# words that start an organization's name: "Bank of America", "Ministry of Finance"
_ORG_HEADS = _words(
    "bank ministry university department institute college museum council church "
    # venues in other languages: "Livraria Lello", "Museo del Prado", "Palais Garnier", "Mercado da Ribeira"
    "livraria librería libreria librairie buchhandlung museu museo musée palácio palacio palazzo palais "
    "igreja iglesia chiesa église mosteiro monasterio castelo castillo castello château teatro théâtre "
    "mercado mercato marché jardim jardín giardino parque parco basílica basilica catedral cattedrale "
    "cathédrale biblioteca bibliothèque bibliothek universidade universidad università université "
    "universität banco banque hospital hôpital ospedale "
    # military units: "12 Dywizja Zmechanizowana", "18 Dywizji …", "101st Airborne Division" is a suffix case
    "dywizja dywizji dywizję brygada brygady brygadzie pułk pułku batalion batalionu division brigade "
    "regiment battalion bataillon régiment divisione brigata reggimento división regimiento batallón "
    "divize brigáda pluk prapor дивизия дивизии бригада бригады полк полка батальон"
)
# roles in front of a name that are not part of it: "Patient Jan Nowak", "Pacjent Grzegorz Wiśniewski"
_ROLES = _words(
    "patient patientin paciente patiente paziente pacjent pacjentka пациент пациентка пацієнт пацієнтка hasta "
    "client klient klientka клиент клиентка клієнт kunde kundin "
    # a head of a ward or a team between a title and the name: "Enf.ª Chefe Graça Teixeira"
    "chefe jefa jefe"
)
# honorifics after a name: "Kaya Bey", "Öztürk Hanım"
_TITLES_AFTER = _words("bey hanım efendi beyefendi hanımefendi")
_STOP_CAPS = _words(
    "i i'm i'd i've i'll ok okay hi hello hey dear thanks thank yes no please bot user assistant system "
    "re fw fwd mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec monday "
    "tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december god internet english"
)
# Acronyms and words people capitalise that are not names (a roman numeral is not a person either).
_NOT_NAMES = _words(
    "atm atms asap iban ibans ssn ssns pin pins id ids ceo ceos cfo cto coo hr it pc pdf pdfs faq faqs "
    "usb sms otp vat eta fyi tbd tba am pm url urls api apis ui ux ai ml llm gpu cpu ram ssd os ios tv "
    "dvd cd gps dna rna usa us uk eu un nda rsvp diy aka etc e-mail email mail www http https json xml "
    "html css sql ok aws gcp ii iii iv vi vii viii ix xi xii xiii xiv xv xx dob zip po ps pps re cc bcc "
    "visa mastercard amex maestro paypal "
    # languages, nationalities, religions: not a person, place or organization on their own
    "english french german spanish italian portuguese dutch swedish norwegian danish finnish polish czech "
    "hungarian greek turkish russian ukrainian chinese japanese korean hindi arabic hebrew persian latin "
    "american british european african asian canadian australian mexican brazilian indian irish scottish "
    "christian muslim jewish catholic protestant buddhist hindu"
)
# lower-case names after words that announce a name: "my name is lena andersson", "call me višeslav"
_STREETS = frozenset({"street", "road", "avenue", "lane", "boulevard", "drive", "square", "strasse", "straße"})
# A landmark's or a natural feature's word that opens its name ("Castelul Bran", "Mlima Kilimanjaro", "Candi
# Borobudur", "Lago di Como") or closes it ("Burnham Park", "Szent István Bazilika", "Kasprowy Wierch"): a
# place, in many languages (not "park" first: a Korean family name).
_LANDMARK_HEADS = _words(
    "castelul palatul muzeul lacul muntele munții râul insula delta cheile mănăstirea catedrala biserica "
    "mlima ziwa mto kisiwa hifadhi candi pulau gunung danau sungai pantai taman istana masjid gili "
    "lago monte isola castello palazzo museo duomo basilica fiume "
    "hrad zámek jezero řeka ostrov "
    "jezioro zamek pałac kaplica "
    "cappella chapelle capilla capela kapelle "
    "mount lake river isle cape "
    "bundok ilog isla bulkang lawa"
)
_LANDMARK_TAILS = _words(
    "park parkja hills hill mountains castle palace lake river island beach falls temple cathedral basilica "
    "bazilika templom vár palota múzeum székesegyház hegy tó sziget híd "
    "wierch szczyt zamek katedra "
    "hrad katedrála chrám "
    # parts of a town named as a whole ("Stone Town", "Old Town", "Fisherman's Village")
    "town village harbour harbor"
)
_IMPERATIVE_NEXT = re.compile(
    r"\s+(?:the|a|an|this|that|these|those|my|our|your|me|us|it|them|all|every|each|how|what|why|when|which|"
    r"into|in|to|for|with|from|about)\b"
)
# a given name at a sentence start that the next words treat as a person: "Bill is", "Paul's house"
_PERSON_AFTER = re.compile(
    r"(?:\s?['’]\s?s\b|\s+(?:is|was|has|had|says|said|thinks|looks|wants|told|asked|and\s+i|and\s+me)\b)"
)
# question words that open a sentence are not names, even when some name list holds them ("Chi ha vinto…")
_QUESTION_WORDS = _words(
    "chi perché perche come dove quando quale quali quanto quanti cosa quem onde quando porque qual quais "
    "quién quien dónde cuándo cómo cuál qué cuántos cuántas warum wieso weshalb wann wer welche welcher "
    "welches pourquoi quand comment quel quelle qui waarom wanneer welke kto gdzie kiedy dlaczego jaki "
    "jaka jakie neden nasıl hangi kim nerede"
)


# A facility's word in lower case right before a capitalised run: the airport, station, bridge, university or
# hospital is named after someone ("z letiště Václava Havla", "all'aeroporto Leonardo da Vinci"). Not streets and
# squares: those are parts of an address ("ulicy Jana Pawła 5").
_FACILITY_WORDS = _words(
    "airport letiště lotnisko lotniska lotnisku aeroporto aeropuerto aéroport flughafen lufthavn flygplats "
    "luchthaven havalimanı аэропорт аэропорта аэропорту nádraží dworzec dworca dworcu bahnhof stazione estación "
    "gare station most mostu ponte puente pont brücke univerzita univerzity uniwersytet uniwersytetu "
    "università universidad université universität nemocnice nemocnici szpital szpitala ospedale hospital"
)


def after_facility(before: str) -> bool:
    """Whether ``before`` (the text before a name) ends with a facility's word and a space."""
    words = before.rsplit(None, 1)
    return bool(words) and before[-1:].isspace() and words[-1].lower().lstrip("'’(") in _FACILITY_WORDS
