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

A person is dropped only in a question *about* them as a public figure: its sentence speaks of
what public people have — works, novels, paintings, a theory, discoveries, titles, goals, games, a
Nobel prize, reforms, fame ("who was…", "welche Werke von…", "¿qué pintó…?", "co odkrył…",
"какие романы написал…", in fourteen languages) — or when the finding holds no known first name
(a title, a brand or a unit the name finder took for a person: "Le Misanthrope", "Fahrenheit"). More signs of a
public figure that hang on no one verb — a year before 1990, a quoted title, a ruler's numeral or title, an era or
an artist's trade — are in :mod:`.public_knowledge`; in a text with no first person, once one person is public the
others asked about in its questions are too ("… Napoleon … in 1815? Was it Wellington or Blücher?").
Never as the object of a task, never with "I"/"my" in the same sentence. A first person elsewhere
in the text ("I love chess. Which openings did Kasparov play?") does not make a public figure private.
In languages that leave the subject out ("Jestem w ciąży, czy mogę…", "¿Puedo tomar…?") the verb
alone says "I", which word lists cannot see reliably: there a person is dropped only with such a
sign of a public figure, and a health term never.

Places and organizations in a text that speaks of the writer ("I", "wir", "je") are dropped only
in a travel or sightseeing question ("Je pars à Lyon ce week-end, que visiter ?", "Wat moet ik zien
in Utrecht?"): a city one visits is not someone's data, but not when the text says where someone
lives, moves or was born, names a person that stays, or carries anything identifying.
Everything else is kept: when in doubt the finding stays and is replaced. Values the
conversation's vault already knows are replaced anyway (the sanitiser's second pass), so "I live
in Lisbon" in one turn still protects "Lisbon" in a later general question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .dates import DEPENDENT_SOURCES
from .entities import Entity, EntityType
from .label_starts import LabelStarts
from .language import UNDETERMINED
from .names import PLACE_FORM, text_language
from .public_knowledge import COOKING, KIND_ASKED, POLITE_ME, given_name, historic_year, in_choice_list, public_sign
from .public_knowledge import ordinary as all_common
from .trip_places import TRIP_WORDS, as_place, on_a_route, opens_sentence, without_orphan_years
from .trip_places import known_place as _known_place

__all__ = ["drop_general_findings"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DROPPABLE = frozenset({EntityType.LOCATION, EntityType.ORGANIZATION, EntityType.MEDICAL, EntityType.PERSON})
_PUBLIC_ONLY = frozenset({EntityType.LOCATION, EntityType.ORGANIZATION})
# Languages whose sentences name their subject ("I", "ich", "je"): the first-person test is sound there.
_SUBJECT_LANGUAGES = frozenset({"en", "de", "fr", "nl", "sv", "da", "no", "nb", "hi"})
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
    "ne|hangi|kim|nerede|ne zaman|neden|nasıl|"
    # hu, ro, cs, el, id, sw, fil
    # (not the words other languages spell alike: "mit", "ce", "care", "je", "este", "ano")
    "hová|mikor|miért|hogyan|milyen|melyik|hány|mennyi|"
    "cine|unde|când|de ce|câte|câți|"
    "který|která|které|jaký|jaká|jaké|kdo|kde|kdy|proč|kolik|"
    "τι|ποιος|ποια|ποιο|ποιοι|ποιες|πού|πότε|γιατί|πώς|πόσα|πόσο|πόσες|πόσοι|"
    "apa|apakah|siapa|di mana|kapan|mengapa|kenapa|bagaimana|berapa|"
    "nini|nani|wapi|lini|kwa nini|vipi|"
    "sino|saan|kailan|bakit|paano|ilang"
)
_QUESTION_OPENER = re.compile(rf"^\W*(?:{_INTERROGATIVES})\b", re.IGNORECASE)
# Requests for public knowledge, in the imperative: "Summarise the plot of Hamlet", "Plan three days in
# Lisbon", "Recomiéndame qué ver en Sevilla", "Erkläre …", "Résume …". (Tasks about someone — "write
# to", "email", "invite" — are caught by the contacting test below and keep their findings.)
_KNOWLEDGE_REQUEST = re.compile(
    # a system prompt's persona ("You are a travel assistant for Lufthansa …"): an instruction, like a request
    r"^\W*(?i:you\s+are\s+(?:an?|the)\s|du\s+bist\s+ein|tu\s+es\s+une?\s|eres\s+una?\s|sei\s+una?\s|"
    r"você\s+é\s+uma?\s|あなたは|"
    r"summari[sz]e|explain|describe|compare|recommend|suggest|plan|list|translate|convert|outline|"
    r"tell\s+me\s+about|give\s+me\s+(?:an?\s+)?(?:\w+\s+){0,2}(?:overview|summary|itinerary|list|recipe)|"
    r"erkläre|erklär|beschreibe|vergleiche|fasse|empfiehl|plane|übersetze|"
    r"explique|décris|compare|résume|recommande|propose|traduis|"
    r"explica|describe|compara|resume|recomi[eé]nd\w*|sugiere|planifica|traduce|"
    r"spiega|descrivi|confronta|riassumi|consiglia|traduci|parlami|raccontami|háblame|cuéntame|parle[sz]?-moi|"
    r"explique|descreva|compare|resuma|recomende|traduza|"
    r"wyjaśnij|opisz|porównaj|streść|poleć|przetłumacz|zaplanuj|zaproponuj|"
    r"объясни|опиши|сравни|перескажи|посоветуй|переведи|"
    r"magyarázd|írd le|hasonlítsd|ajánlj|tervezz|explică|descrie|compară|recomandă\S*|sugerează|"
    r"vysvětl\w*|popiš\w*|porovnej\w*|doporuč\w*|naplánuj\w*|poraďte|εξήγησε|περιέγραψε|σύγκρινε|πρότεινε|"
    r"(?:tolong\s+)?(?:jelaskan|bandingkan|buatkan|sarankan)|nieleze|eleza|linganisha|"
    r"ipaliwanag|ilarawan|ihambing|gumawa)\b"
)
# Polite phrases that put "me" in a request without making it about the writer ("tell me", "erkläre mir" …).
_POLITE_ME = POLITE_ME
# Greek asks with ";" (after a Greek word); Thai with a particle (อะไร "what", ไหม, ยังไง "how", เมื่อไหร่ "when" …)
_QUESTION_MARK = re.compile(r"[?？؟\u037e]|(?<=[\u0370-\u03ff]);|อะไร|ไหม|ยังไง|อย่างไร|เมื่อไหร่|ที่ไหน|ทำไม|หรือเปล่า")
# "explain like I'm five": an idiom, not the writer's data
_LIKE_IM = re.compile(r"(?i)\blike\s+i['’]?m\s+\w+")
_ORDINARY_RANK = 20_000

# The writer: first-person words, in common languages.
_FIRST_PERSON = _words(
    "i i'm i've i'd i'll me my mine myself we our us ours "
    "ich mich mir mein meine meinen meinem meiner wir uns unser unsere "
    "je moi mon ma mes nous notre nos "
    "yo mí mi mis me nosotros nosotras nuestro nuestra nuestros nuestras "
    "io mio mia miei mie noi nostro nostra "
    "eu meu minha meus minhas nós nosso nossa "
    "ik mij mijn wij we ons onze "
    "ja mnie mój moja moje moi my nas nasz nasza "
    "я меня мне мой моя моё мои мы нас наш наша "
    "ben benim bana biz bizim "
    "tôi mình "
    # hu, ro, cs, el, id, sw, fil (and the verbs "I have", "I am" where the pronoun is left out)
    "én engem nekem enyém nálam mi-ar "
    "eu mă mie meu mea mei mele noi nostru noastră îmi "
    "já mě mně můj moje moji mám jsem nás náš naše "
    "εγώ εμένα μου μας εμείς έχω είμαι "
    "saya aku ku kami kita "
    "mimi yangu wangu langu changu sisi yetu nina "
    "ako akin namin kami tayo natin "
    # "I have", "I am", "I take", "I suffer" where the pronoun is left out (it, es, pt, pl, hu, tr)
    "ho sto soffro prendo tengo estoy padezco tomo tenho estou sofro tomo mam jestem biorę choruję "
    "vagyok szedek nimekuwa ninaumwa "
    # kk (Cyrillic, Latin), ky, uz (Latin, Cyrillic), tg, sr/bs/cnr (Latin, Cyrillic), mk, he (issue 16, HB)
    # (not the Latin "men", "biz", "nas": English and Portuguese words)
    "мен менің маған мені біз біздің menıñ mağan menı bız bızdıñ менин мага мени биздин mening menga meni "
    "bizning менинг менга бизнинг ман мо моро ja moj moja moje mene meni naš naša ја мој моја моје мене мени "
    "наш наша јас мое שלי שלנו"
)
# Someone the writer deals with: kin and care roles.
_RELATIONS = _words(
    "mother father mom mum dad son daughter wife husband partner brother sister grandma grandpa "
    "boss colleague coworker employee client customer patient tenant neighbor neighbour friend "
    "mutter vater sohn tochter frau mann kollege kollegin patientin kunde kundin "
    "mère père fils fille femme mari collègue patiente "
    "madre padre hijo hija esposa esposo paciente cliente "
    "анам әкем әйелім күйеуім ұлым қызым інім ағам апам досым anam äkem äielım küieuım ūlym qyzym ınım ınımde "
    "ağam apam dosym атам аялым күйөөм уулум кызым агам иним эжем досум onam otam otamning onamning xotinim erim "
    "o'g'lim qizim akam ukam opam do'stim онам отам хотиним эрим ўғлим қизим акам укам опам дўстим модарам "
    "падарам занам шавҳарам писарам духтарам бародарам хоҳарам дӯстам mama mamu majka otac oca tata sina "
    "kćerka kćerku ćerka kći supruga suprug muž brat sestra baka deda djed prijatelj pacijent pacijentkinja "
    "мама мајка отац оца тата син сина ћерка кћерка супруга супруг муж брат сестра бака деда пацијент "
    "татко синот ќерка ќерката сопруга сопруг маж баба дедо пациент אמא אבא בעלי אשתי אחי אחותי סבתא סבא "
    "המטופל המטופלת הבן הבת"
)
_POLITE_WORDS = frozenset({"me", "i'm", "i"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# Hindi's first person and kin: Devanagari vowel signs are no word characters, so its own word edges.
_PERSONAL_HI = re.compile(
    r"(?<![\u0900-\u097f])(?:मैं|मुझे|मुझसे|मेरा|मेरी|मेरे|हम|हमें|हमारा|हमारी|हमारे|माँ|मां|पिता|पापा|बेटा|बेटी|पति|पत्नी"
    r"|भाई|बहन|मरीज़|मरीज|दोस्त)(?![\u0900-\u097f])"
)
# The same for scripts without spaces (a substring is enough).
_PERSONAL_CJK = re.compile(r"我|咱|私|僕|俺|わたし|저는|제가|나는|내가|우리|أنا|نحن|אני|אנחנו|患者|病人|客户|顧客|환자")
# The cue patterns below are matched against lower-cased text (IGNORECASE makes them several times slower).
_PEOPLE_TASKS = (
    r"e-?mail|mail|call|phone|text|message|dm|write to|reply to|tell|ask|invite|contact|remind|"
    r"pay|send|forward|meet|met|meeting|appointment|hire|fire|schedule|notify|ping|cc|report|invoice|"
    # the same in the other languages whose people findings may be dropped
    r"schreib\w*|schick\w*|sende|ruf\w*|anrufen|einladen|treffen|termin|bericht|rechnung|"
    r"envoie|envoyer|écris|écrire à|appelle|appeler|invite|réunion|rendez-vous|rapport|facture|"
    r"env[ií]a\w*|enviar|manda\w*|llama\w*|escribe a|escríbe\w*|invita\w*|reunión|cita|informe|factura|"
    r"invia\w*|chiama\w*|scrivi\w*|riunione|appuntamento|fattura|"
    r"envie|ligue para|ligar para|escreva|convid\w*|reunião|relatório|fatura|"
    r"wyślij|zadzwoń|napisz|zaproś|spotkani\w*|wizyt\w*|raport|faktur\w*|"
    r"отправ\w*|позвони\w*|напиши|пригласи\w*|встреч\w*|при[её]м|отч[её]т|сч[её]т|"
    r"gönder\w*|ara\b|yaz\b|davet\w*|toplantı\w*|randevu\w*|rapor\w*|fatura\w*|"
    r"stuur|bel\b|schrijf|uitnodig\w*|afspraak|vergadering|factuur"
)
# A task that involves a person: "email Jennifer", "write to …", "call …", "invite …", "book", "visit".
_CONTACTING = re.compile(rf"(?<!\w)(?:{_PEOPLE_TASKS}|book|join|visit|coming|arrive)(?!\w)")
# The same without the verbs of a trip ("visit Lyon", "book a hotel"): a person there keeps the place.
_TASK_WITH_SOMEONE = re.compile(rf"(?<!\w)(?:{_PEOPLE_TASKS})(?!\w)")
# A question about a person (public knowledge), not a task involving them.
_ABOUT_PERSON = re.compile(
    r"(?<!\w)(?:who (?:was|is|were)|tell me about|biography|born|died|famous|discover(?:ed|y)?|invent(?:ed|ion)?|"
    r"wrote|written|paint(?:ed|ing)?|compos(?:ed|er)|theory|won|novel|play|poem|album|film|movie|quote|plot|"
    r"character|pièce|roman|œuvre|intrigue|obra|novela|opera|romanzo|stück|handlung|"
    r"wer war|qui (?:était|est)|quién (?:fue|es)|chi (?:era|è)|quem (?:foi|é)|kim był|кто (?:такой|был)|"
    r"ко је (?:био|била)|ko je (?:bio|bila)|кој беше|кој бил|kim bo'lgan|кім болған|kim bolğan|מי (?:היה|הייתה))(?!\w)"
)
# What a public figure has and a private person rarely does, by word stem (so "novels", "romanlarıyla",
# "Chopina", "партии" match): works, writings, paintings, theories, discoveries, titles, goals, chess games,
# prizes, reforms, battles, fame. Not what private people have too ("games", "career", "player", "quotes").
_PUBLIC_FIGURE = re.compile(
    r"(?<!\w)(?:"
    r"works?|novels?|poems?|plays|paintings?|symphon|operas?|albums?|songs?|films?|movies?|theor|discover|"
    r"invent|compos|painted|wrote|written|famous|biograph|born|died|won|wins|titles?|troph|medals?|goals?|"
    r"scored|championship|grand slam|nobel|reforms?|reign|openings?|chess|"
    r"philosoph|ballon d'or|balón de oro|balones de oro|battle|war\b|defeat|"
    r"schlacht|krieg|bataille|guerre|perdu|batalla|guerra|battaglia|batalha|bitw|wojn|битв|войн|savaş|"
    r"werke?\b|romane?\b|gedicht|theorie|entdeck|erfand|erfunden|komponi|gemälde|malte|gemalt|schrieb|"
    r"geschrieben|berühmt|geboren|gestorben|gewann|gewonnen|titel|tore\b|partien|nobelpreis|"
    r"œuvre|oeuvre|romans?\b|poème|pièces?|théorie|découv|peint|tableau|écrit|célèbre|né\b|née\b|"
    r"gagné|remporté|titres?|buts\b|"
    r"obras?\b|novelas?\b|poema|teoría|descubr|pintó|pintura|cuadros?\b|escribió|escrito|famos|nació|"
    r"murió|ganó|ganado|títulos?|goles|partidas|"
    r"opere\b|romanz|poesi|teoria|scopr|dipin|quadri|scrisse|scritto|vinto|vinse|titoli|scudett|partite|processat|"
    r"romances?\b|descobr|compôs|pintou|escreveu|nasceu|morreu|ganhou|venceu|golos|gols|heterónim|"
    r"werken\b|schilderij|schilderde|ontdek|uitgevonden|componeerde|schreef|beroemd|overleden|gewonnen|"
    r"doelpunten|"
    r"dzieł|powieś|utwor|utwór|wiersz|teori|odkry|wynalaz|skompon|namalow|obraz|napisał|słynn|sławn|"
    r"urodził|zmarł|wygrał|tytuł|gole\b|bramk|królem strzelców|nobl|reform|kim (?:był|była|jest)|"
    r"произведени|роман|стих|картин|теори|открыл|открыти|изобр[её]л|написал|знаменит|известн|родил|умер|"
    r"выиграл|побед|титул|голы|партии|партий|нобелев|реформ|чемпион|шахмат|"
    r"eser|roman|şiir|teori|keşf|icat|besteled|resim|yazdı|ünlü|doğdu|öldü|kazandı|şampiyon|gol\b|"
    r"reform|kimdir|"
    # it, cs, ro, hu, el, id, sw, fil, pl: titles, goals, wins, fame, writing, rule
    r"considerat|partecip|gareggi|"
    r"gól|vyhrál|hrál|mistrovství|považován|panovník|medail|napsal|objevil|vynalezl|slavn|narodil|zemřel|díl[oa]\b|"
    r"titluri|câștig|jucat|faimos|faimoas|celebr|descoperit|inventat|născut|murit|medali|campion|"
    r"nyert|gólt|játszott|híres|írta|festette|felfedez|született|meghalt|bajnok|érm|regény|műv|"
    r"έγραψε|γκολ|πρωτάθλ|κέρδισε|νίκησε|διάσημ|ανακάλυψε|γεννήθηκε|πέθανε|έργα|μυθιστόρ|ποίημα|τίτλ|"
    r"pencetak gol|juara|menang|terkenal|menulis|lahir|wafat|meninggal|proklamator|pahlawan|"
    r"alishinda|bingwa|maarufu|aliandika|alizaliwa|alifariki|baba wa taifa|shujaa|"
    r"bayani|nanalo|kampeonato|sikat|isinulat|ipinanganak|namatay|"
    r"bramek|strzelił|"
    # sr/bs/mk, kk, uz, he (issue 16, HB)
    r"изуме|izume|освоји|osvoji|написа|napisa|славн|slavn|познат|poznat|сматра|smatra|asar|yozgan|mashhur|shoir|"
    r"шығарма|"
    r"жазған|атақты|әйгілі|танымал|ақын|ойшыл|tug['‘ʻ’]il|туғил|туыл|туул|вафот|haqida|ҳақида|туралы|"
    r"כתב|זכה|נולד|מפורסם|ראש הממשלה|הקמת המדינה|"
    # importance, and songs sung (issue 16, HC: "jest ważny dla astronomii", "θεωρείται σημαντικός", "la chantait")
    r"considered|important|significant|ważn|важн|значај|σημαντικ|θεωρείται|wichtig|bedeutend|importan|"
    r"chanson|chantai|canción|canzone|finali?\b|finales?\b|finals?\b|perso\b|"
    # a match or a final between public players ("матч Каспаров — Deep Blue", "the final against Federer")
    r"матч|mecz|maç|partido\b|wedstrijd|final against|finale (?:gegen|contre|contro)"
    r")"
)
# A piece of writing asked for: its setting is no one's place (issue 16, HC)
_CREATIVE = re.compile(
    r"\W*(?i:write|compose|escribe|redacta|écris|écrivez|rédige|schreibe|scrivi|escreve|escreva|schrijf|napisz|"
    r"напиши|yaz)\s+(?i:a|an|un|una|une|einen|eine|ein|uno|um|uma|een)?\s*(?i:short\s+|corto\s+|kurzen\s+|breve\s+)?"
    r"(?i:dialogue|dialog|diálogo|dialogo|story|cuento|historia|histoire|geschichte|storia|poem|poema|poème|gedicht|"
    r"scene|escena|scène|szene)"
)
# A quoted title of a few words ("« Ne me quitte pas »", "„Ich will“"): its "me" or "I" is not the writer's
_QUOTED = re.compile(r"[«“„\"]\s*(?:[^\W\d_]+[\s,'’!?]*){1,8}[»”“\"]")
# A trip or sightseeing: the place is where one goes, not where someone lives.
_TRAVEL = re.compile(
    r"(?<!\w)(?:visit|see\b|sights|sightseeing|things to do|trip|travel|vacation|holiday|itinerary|"
    r"going to|flying to|heading to|"
    r"besuch|besichtig|sehen|reise|urlaub|fahren|fliegen|ausflug|unternehmen|"
    r"visiter|voir\b|voyage|vacances|séjour|pars\b|partons|"
    r"visitar|ver\b|viaj|vacaciones|recomiend|voy a|vamos a|"
    r"visitare|vedere|viaggi|vacanz|consigli|vado a|andiamo a|"
    r"conhecer|viage|férias|sítios|passeio|vou a|vou para|vamos para|"
    r"zobaczyć|zwiedz|podróż|wycieczk|wakacj|jad[eę]|jedziemy|lecimy|"
    r"посмотреть|посетить|поездк|путешеств|отпуск|еду|едем|лечу|летим|"
    r"zien\b|bezoek|reis|vakantie|uitstap|gaan naar|"
    r"görülmeli|görmeli|gezil|gezmek|gezi|seyahat|tatil|gideceğ|gidiyor|"
    # hu, ro, cs, el, id, sw, fil
    r"utaz|kirándul|nyaral|megnéz|látnivaló|plec|călători|vizit|excursi|vacanț|traseu|"
    r"pojedu|jedu|výlet|cest|navštív|vidět|podívat|dovolen|za vidění|ταξίδ|επισκεφ|διακοπ|θα πάω|να δω|"
    r"liburan|wisata|berkunjung|dikunjungi|itinerary|safari|kutembelea|likizo|utalii|kitalii|vivutio|"
    # entry papers of a trip: "a Schengen visa", "ETIAS", "vízum", "wiza", "виза"
    r"visas?\b|visum|vízum|wiz[aęy]\b|виз[аыу]\b|etias|"
    # getting there and outings: trains, flights, ferries, hikes ("Frecciarossa o volare", "Tagesausflug", "výstup")
    r"train|flight|ferry|hike|hiking|treno|volare|traghett|escursion|sentiero|tren\b|vuelo|ferri|"
    r"zug\b|flug|fähre|tagesausflug|wanderung|vlak|trajekt|výstup|túr[auy]|tras[auy]\b|ndege|kapal|tiket|autobus|"
    r"feri|kereta|pesawat|pupunta|bumisita|bakasyon|pasyal|"
    # Turkic, Albanian, Basque, Baltic, Nordic: going, trains, tours (issue 16, HC: "Göreme'den Ihlara Vadisi'ne nasıl
    # gidilir?", "Toshkentdan Samarqandga … poyezdida")
    r"gidil|gitmek|getmək|getmek|borsa|borish|poyezd|поезд|пойыз|sayohat|саяхат|otobüs|avtobus|feribot|tur\b|"
    r"turu\b|shkohet|udhëtim|joan\b|trenez|bidai|sõit|reis|nuvyk|kelion|apskat|ceļo|kemst|ferðast|rejse|"
    r"matka|junalla|" + TRIP_WORDS + ")"
    # scripts without spaces: no word edge before them ("まで新幹線で")
    r"|旅行|観光|新幹線|フェリー|電車|飛行機|旅游|高铁|火车|航班|여행|관광|기차|비행기"
)
# Getting from one place to another by public transport ("Come si arriva da Napoli a Positano con i mezzi pubblici?",
# "Jak se dostanu … veřejnou dopravou?"): substrings of the lower-cased text (no scan of _TRAVEL's length each).
_TRANSPORT = (
    "public transport", "mezzi pubblici", "trasporto pubblico", "trasporti pubblici", "come si arriva",
    "transporte público", "transportes públicos", "transports en commun", "verkehrsmittel", "öffis", "doprav",
    "dostanu", "dostat se", "komunikacj", "общественный транспорт", "общественном транспорте", "tömegközlekedés",
    "usafiri", "kufika",
)  # fmt: skip
# Where someone lives, moves or was born: a place tied to a person, never general.
_RESIDENCE = re.compile(
    r"(?<!\w)(?:live[sd]?|living|moved?|moving|relocat|born|address|home(?!\w)|"
    r"wohne|wohnen|lebe|umgezogen|umziehen|geboren|"
    r"habite|habitons|déménag|née?(?!\w)|"
    r"vivo|vivimos|mudo|mudamos|nací|"
    r"abito|trasferi|nat[oa](?!\w)|"
    r"moro(?!\w)|moramos|nasci|"
    r"mieszkam|mieszkamy|przeprowadz|urodził|"
    r"живу|живём|живем|переезжа|родил|"
    r"woon|wonen|verhuis|"
    r"yaşıyorum|oturuyorum|taşın|"
    r"lakom|lakunk|költöz|születtem|locuiesc|locuim|mă mut|născut|bydlím|bydlíme|stěhuj|narodil|"
    r"μένω|μένουμε|μετακομ|γεννήθηκα|tinggal|pindah|ninaishi|nimehamia|nilizaliwa|nakatira|lumipat)"
)
# A general health question: about a condition's symptoms, causes, risks or how one lowers or prevents it, in any of
# the common languages ("What are the symptoms of flu?", "Jak snížit vysoký krevní tlak?", "Migrenin belirtileri
# nelerdir?"). In languages that leave the subject out the term is dropped only with such a sign, in a question, in
# a text without a first-person word, a kin or care word, or anything identifying.
_GENERAL_HEALTH = re.compile(
    r"(?<!\w)(?:symptom|sign|cause|risk|prevent|treat|sintom|caus|rischi|prevenir|curar|cura\b|abbass|"
    r"příznak|prevenc|snížit|léčb|objaw|przyczyn|obniż|leczeni|simptom|cauz|scăde|tratament|tünet|okoz|csökkent|"
    r"megelőz|συμπτώμ|σύμπτωμ|αιτί|μειώσ|θεραπεί|belirti|neden olur|düşür|tedavi|gejala|penyebab|menurunkan|"
    r"mencegah|dalili|chanzo|kupunguza|kuzuia|sintomas|sanhi|maiwasan|симптом|причин|снизить|лечени|"
    r"krankheitszeichen|ursache|senken|vorbeug|síntoma|causa|bajar|symptôme|baisser|soigner|"
    # someone in general: "people with diabetes", "mtu mwenye kisukari"
    r"people with|someone with|a person with|persone con|lidé s|osoby z|oamenii cu|persoanele cu|orang dengan|"
    r"penderita|mtu mwenye|watu wenye|mga taong may|insanlar|άτομα με|"
    # how a medicine is used in general: its dose for adults, taking it with another, two compared (issue 16, HC)
    r"dose|dosage|dosis|dosi\b|dosagem|posolog|dawk|dávk|доз|adult|взросл|доросл|diferen|differen|unterschied|"
    r"разниц|різниц|можно ли|можна|se puede tomar|pode tomar|si può prendere|peut-on prendre|darf man|"
    r"kann man|can you take|can i take)"
    # scripts whose vowel signs break \w words: a substring is enough
    r"|อาการ|สาเหตุ|ป้องกัน|รักษา|ควรกิน|লক্ষণ|কারণ|কতবার|প্রতিরোধ|علائم|علت|درمان|پیشگیری|جرعة|البالغين|للبالغين|دوز"
)
# The first person in Thai, Bengali and Persian (no subject-language test sees them).
_PERSONAL_OTHER = re.compile(r"ฉัน|ผม|ดิฉัน|หนู|ของเรา|আমি|আমার|আমাকে|আমরা|আমাদের|(?<!\w)(?:من|ما|مرا|برایم)(?!\w)")
# Kin and care words beyond the common list, for the health rule only ("my son's fever", "mio figlio").
_CARED_FOR = re.compile(
    r"(?<!\w)(?:figli|moglie|marito|mamma|papà|syn|dcer|manžel|mamink|tatínk|fiul|fiica|soți|mama|tata|fia|lánya|"
    r"férje|feleség|anyám|apám|παιδί|γιος|κόρη|σύζυγ|μητέρα|πατέρα|anak|suami|istri|ibu saya|mtoto|mke|mume|"
    r"nanay|tatay|asawa|annem|babam|oğl|kız|eşim|dziec|córk|mąż|żon|pacjent|pacient|paziente|beteg|pasien|"
    r"mgonjwa|pasyente|ασθεν)"
)
# (the dot of "St.", "Dr.", "Mt." does not end a sentence: "… das Boot nach St. Bartholomä?" is one question)
_SENTENCE = re.compile(
    r"(?:[^.!?。！？\n؟]|(?<=\bSt)\.|(?<=\bDr)\.|(?<=\bMt)\.|(?<=\bSv)\.|(?<=\bSta)\."
    # an ordinal's full stop inside a sentence: "am 9. November 1989", "im 20. Jahrhundert"
    r"|(?<=\b\d)\.(?=[ \t]+\w)|(?<=\b\d\d)\.(?=[ \t]+\w))*[.!?。！？؟]?"
)
# The detector's findings of a weekday or a bare year (patterns.DEPENDENT_SOURCES): kept only beside someone.
_BARE_DATE_SOURCES = DEPENDENT_SOURCES
# Dates of the date finder (not a date of birth after its label): the dates of a trip.
_TRIP_DATE_SOURCES = frozenset({"date", *DEPENDENT_SOURCES})


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _without(sentence: str, people: Sequence[str]) -> str:
    """The sentence without the names found in it: "Patrik Schick" holds no German "schick" (send)."""
    for name in people:
        sentence = sentence.replace(name, "X")  # a word, so that no question word moves to the front
    return sentence


def _plain(text: str) -> str:
    """``text`` without the polite "tell me", "help me", "explain like I'm five" that put "me" in a request."""
    return _LIKE_IM.sub(" ", _POLITE_ME.sub(" ", text))


_POLITE_ME_AT = LabelStarts(_POLITE_ME)  # tried only where a polite phrase's words start (label_starts)


def _who(text: str, lang: str) -> tuple[bool, bool]:
    """Whether ``text`` speaks in the first person, and whether of someone the writer deals with (one pass
    over its words, set lookups). Outside English the word "i" is Polish and Czech "and", Italian "the"."""
    words = {w.lower().replace("’", "'") for w in _WORD.findall(text)}
    polite = _POLITE_ME_AT.finditer(text)  # _POLITE_ME.search(text): its first match
    if words & _FIRST_PERSON and (not words & _FIRST_PERSON - _POLITE_WORDS or next(polite, None)):
        # "me" / "I'm" / "mir" …: maybe a polite "tell me" or an idiom, which say nothing about the writer
        words = {w.lower().replace("’", "'") for w in _WORD.findall(_plain(text))}
    if lang == UNDETERMINED:
        return False, False  # a language no list knows: "me", "ja", "mama" are its words, not the lists' pronouns
    if lang != "en":
        words.discard("i")
    if lang not in ("fr", "en"):
        words.discard("je")  # Czech and Slovak "is", Swahili's question particle
    if lang == "hu":
        words.discard("mi")  # Hungarian "what" (its "we" is rare in a question)
    first = not words.isdisjoint(_FIRST_PERSON) or any(w.startswith("j'") for w in words)
    if lang == "hi" and _PERSONAL_HI.search(text):
        first = True
    if lang in ("th", "bn", "fa") and _PERSONAL_OTHER.search(text):
        first = True
    return first, not words.isdisjoint(_RELATIONS) or bool(_PERSONAL_CJK.search(text))


def _asks(sentence: str) -> bool:
    """A question, or a request for public knowledge."""
    return bool(
        _QUESTION_MARK.search(sentence) or _QUESTION_OPENER.match(sentence) or _KNOWLEDGE_REQUEST.match(sentence)
    )


def _is_general_question(sentence: str, lang: str) -> bool:
    """A question, or a request for public knowledge, that says nothing about anyone."""
    if not _asks(sentence):
        return False
    first, relations = _who(sentence, lang)
    return not (first or relations or _CONTACTING.search(_plain(sentence).lower()))


def _no_one(value: str, lang: str, request: bool) -> bool:
    """Whether a person finding holds no known first name and, in a question (not a ``request`` for public
    knowledge: "Plan a route through Ghent"), is made of ordinary words ("Dodge Demon", "Game of
    Thrones", "Fahrenheit"): a title, a product or a unit the name finder took for a person. In a
    question a rare word ("is Burnham in this?") may be someone's family name and is kept."""
    from .lexicons import common_rank, first_names
    from .ner_lexicon import is_international

    names = first_names()
    words = [word.casefold().strip(".,'’«»\"") for word in value.split()]
    if any(len(word) >= 3 and word in names for word in words):
        return False
    if request:
        return True

    def ordinary(word: str) -> bool:
        ranks = [r for r in (common_rank(word), common_rank(word, lang)) if r is not None]
        return (bool(ranks) and min(ranks) < _ORDINARY_RANK) or is_international(word)

    return all(ordinary(word) for word in words if len(word) >= 3 and word.isalpha())


def drop_general_findings(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """``entities`` without the places, organizations, public figures and medicines that stand in a
    general question (see the module docstring); everything else is returned as it was."""
    if not entities or not any(e.type in _DROPPABLE for e in entities):
        return list(entities)
    if any(e.type in _IDENTIFYING for e in entities):
        return list(entities)
    lang = text_language(text)
    first_person, relations = _who(text, lang)
    if relations:
        return list(entities)  # the text is about someone the writer deals with
    subject_language = lang in _SUBJECT_LANGUAGES
    spans = _sentences(text)

    def sentence_of(entity: Entity) -> str:
        return next((text[a:b] for a, b in spans if a <= entity.start < b), "")

    lower_text = text.lower()
    travel = bool(_TRAVEL.search(lower_text) or any(w in lower_text for w in _TRANSPORT) or on_a_route(text, entities))
    trip_text = travel and not _RESIDENCE.search(lower_text)
    moved: set[tuple[int, int]] = set()  # findings taken for a trip's places: their own test said "place"
    if trip_text:
        # in a trip question a "person" that is a known place ("Budapestről Egerbe"), or one word right after a
        # place preposition or joined to a place found beside it ("do Chorvatska", "Catania e Taormina"), is a place
        places_now = [as_place(text, e, entities) for e in entities]
        moved = {(e.start, e.end) for e, p in zip(entities, places_now, strict=True) if p is not e}
        entities = places_now
    people = [e.text for e in entities if e.type is EntityType.PERSON]
    kept: list[Entity] = []
    places: list[Entity] = []
    public: list[str] = []  # sentences about a public figure: a bare year there is the event's, not someone's
    unsure: list[Entity] = []  # people in a general question with no sign of a public figure in their sentence
    for entity in entities:
        sentence = sentence_of(entity)
        if (
            entity.type is EntityType.PERSON
            and sentence
            and _is_general_question(_without(_QUOTED.sub("X", sentence), people), lang)
        ):  # (a title's words speak for no one: "« Ne me quitte pas »")
            lower = sentence.lower()
            if (
                _PUBLIC_FIGURE.search(lower)
                or _ABOUT_PERSON.search(lower)
                or public_sign(text, sentence, entity.start, entity.end)
            ):
                public.append(sentence)
                continue  # a public figure: what they made, won or discovered
            if (
                subject_language
                and not first_person
                and _no_one(entity.text, lang, bool(_KNOWLEDGE_REQUEST.match(sentence.strip())))
            ):
                continue  # "Le Misanthrope", "Fahrenheit": a title or a unit, not a person
            if entity.text.islower() and all_common(entity.text, lang) and not given_name(entity.text):
                continue  # "shepherd's pie": a common word in lower case, in a question, names no one
            if (
                trip_text
                and opens_sentence(sentence, entity.text)
                and all_common(entity.text, lang)
                and not given_name(entity.text)
            ):
                continue  # "Safari ya basi …": a trip question's first word, an ordinary word capitalised, no one
            if KIND_ASKED.search(lower) or in_choice_list(sentence, text, entity.start):
                continue  # "Welche Tomatensorte …: Ochsenherz, San Marzano oder …?": varieties, breeds, brands
            unsure.append(entity)
        elif entity.type in _PUBLIC_ONLY:
            places.append(entity)
        elif entity.type is EntityType.MEDICAL and subject_language and not first_person:
            if not (sentence and _is_general_question(sentence, lang)):
                kept.append(entity)
        elif entity.type is EntityType.MEDICAL and not first_person and sentence:
            lower = sentence.lower()
            general = _GENERAL_HEALTH.search(lower) and not _CARED_FOR.search(lower)
            if not (general and _is_general_question(sentence, lang)):
                kept.append(entity)
        else:
            kept.append(entity)
    # in a text about public figures, with no first person anywhere, the next question is about them too ("Why did
    # Napoleon lose at Waterloo in 1815? Was it mostly Wellington or Blücher?")
    kept = sorted(kept + ([] if public and not first_person else unsure), key=lambda e: e.start)
    if public:
        # "Who won Wimbledon in 2019, against Roger Federer?": the year went in only beside the public figure
        # and a date of history there ("am 9. November 1989, als die Berliner Mauer fiel"), unless it is a birth
        kept = [
            e
            for e in kept
            if not (
                sentence_of(e) in public
                and (
                    e.source in _BARE_DATE_SOURCES
                    or (
                        e.type is EntityType.DATE
                        and e.source == "date"
                        and historic_year(e.text)
                        and not _RESIDENCE.search(sentence_of(e).lower())
                    )
                )
            )
        ]
    if not places:
        return without_orphan_years(text, kept, entities)
    # a place of a trip, in a text with "I" or "we" that asks for advice: not where anyone lives, no person
    # stays beside it ("Wir fahren nach Hamburg. Was kann man dort machen?")
    trip = (
        (first_person or not subject_language)  # "Jadę do Gdańska …": the verb says "I"
        and travel
        and not _RESIDENCE.search(text.lower())
        and not any(e.type is EntityType.PERSON for e in kept)
        and any(_asks(text[a:b]) for a, b in spans)
    )
    if trip:
        # the dates of the trip ("on 3 August"), with no one named beside them: a plan, not someone's record
        kept = [e for e in kept if not (e.type is EntityType.DATE and e.source in _TRIP_DATE_SOURCES)]
    cooking = bool(COOKING.search(lower_text)) and not _RESIDENCE.search(lower_text)
    for entity in places:
        sentence = sentence_of(entity)
        if (
            entity.type is EntityType.LOCATION
            and (entity.start, entity.end) not in moved
            and not (first_person or subject_language or _known_place(entity.text) or entity.source == PLACE_FORM)
        ):
            general = False  # no "I" to tell who speaks: only a known place ("Anną Kowalską" after "z" is no city)
        elif trip or (travel and subject_language and not first_person and _asks(sentence)):
            # a trip's place: "a first visit to the Hebrides" visits no one
            general = bool(sentence) and not _TASK_WITH_SOMEONE.search(_plain(sentence).lower())
        elif cooking and _asks(sentence) and all_common(entity.text, lang):
            general = True  # "Käsekuchen nach Omas Art": a dish's style, made of common words, in a cooking question
        elif _CREATIVE.match(sentence) and not (first_person or any(e.type is EntityType.PERSON for e in kept)):
            general = True  # "Write a dialogue … at the Museo del Prado": a scene's setting, no one's place
        else:
            general = not first_person and bool(sentence) and _is_general_question(_without(sentence, people), lang)
        if not general:
            kept.append(entity)
    return without_orphan_years(text, sorted(kept, key=lambda e: e.start), entities)
