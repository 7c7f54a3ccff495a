"""Special categories of personal data other than health: religion or belief, sexual orientation or gender identity,
trade-union and political-party membership (GDPR Art. 9; health is MEDICAL's).

What is sensitive here is a statement about someone — "the applicant converted to Christianity", "اعتنق المسيحية",
"ist Gewerkschaftsmitglied", "came out as gay" — not the words: "What is Ramadan?", "How do unions negotiate?" and
"the history of the Catholic Church" are not findings. So every rule is a *finite* statement about a person: a verb
in the past or the present about someone (converted, became, is a, came out, joined), never an infinitive or a
question about a religion or a movement in general, and the span is the whole statement's core ("converted to
Christianity"), so the island learns neither the change nor the faith.

Found as :attr:`EntityType.SPECIAL_CATEGORY` (restricted, as health is; placeholder kind ``SENSITIVE``). Cost: one
precompiled topic scan per rule and text; a rule's statement pattern runs only on a text that names its topic.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .cues import Cues
from .entities import Entity, EntityType

__all__ = ["find_special_categories"]

# Faiths, denominations and beliefs, as nouns and adjectives (en; most are close in de/fr/es/it/pt/nl/pl).
_FAITH_LATIN = (
    r"(?:christ(?:ian(?:ity)?|entum|en(?:tum)?|ianisme|ianesimo|ianismo|ianisme|endom|ijan(?:stwo|in|ka))"
    r"|cristian(?:o|a|ismo|esimo)|chr[eé]tien(?:ne)?|christianisme|chrześcija\w*|hristiyan(?:lık|lığa|lığı)?"
    r"|catholi(?:c|cism|que|cisme)|kathol(?:ik|isch\w*|izismus)|cat[oó]lic(?:o|a|ismo)|katoli\w+"
    r"|protestant\w*|evangeli(?:cal|sch\w*|que|co|ca|k\w*)|orthodox\w*|ortodoss\w*|ortodox\w*|prawosław\w*"
    r"|islam(?:ic)?|isl[aâ]m(?:'a|a)?|muslim(?:e|a|in|ah)?|musulm[aá]n(?:e|a)?|mu[sz]ułma\w*|müslüman(?:lığa|lık)?"
    r"|moslem\w*|jud(?:aism|entum|a[ií]sm[eo]|aísmo|aizm)|jewish|jew|jude|jüdin|juif|juive|jud[ií]o|ebreo|żyd\w*"
    r"|yahudi(?:lik|liğe)?|hindu(?:ism|ismus|isme|ismo|izm)?|buddhis[mt]\w*|boudd?his\w*|budis\w*|buddyj\w*"
    r"|sikh(?:ism)?|bah[aá]['’]?[ií]\w*|jehovah['’]?s\s+witness(?:es)?|zeugen\s+jehovas|t[eé]moins?\s+de\s+j[eé]hovah"
    r"|testigos?\s+de\s+jehov[aá]|mormon\w*|atheis[mt]\w*|ath[eé]e|ateo|atea|ateist\w*|agnosti\w+|ahmadi\w*"
    r"|shi['’]?(?:a|ite|ism)|sunni\w*|zoroastrian\w*|yazidi\w*|jesid\w*|scientolog\w*|pentecostal\w*|baptist\w*)"
)
_FAITH_OTHER = (
    r"(?:المسيحية|مسيحي(?:ة|اً)?|الإسلام|مسلم(?:ة|اً)?|اليهودية|يهودي(?:ة)?|الإلحاد|ملحد(?:ة)?|مسیحیت|مسیحی|اسلام|مسلمان"
    r"|یهودیت|یهودی|بهائی(?:ت)?|ملحد|زرتشتی|عیسائی(?:ت)?|عیسائیت|ہندو|سکھ|احمدی|قادیانی"
    r"|נצרות|נוצרי(?:ה)?|אסלאם|מוסלמי(?:ה)?|христианств\w*|христиан\w*|православи\w*|ислам\w*|мусульман\w*"
    r"|иудаизм\w*|буддизм\w*|католи\w+|протестант\w*|атеист\w*|свидетел\w+\s+иеговы"
    r"|ईसाई(?:\s+धर्म)?|इस्लाम|मुस्लिम|हिंदू|हिन्दू|बौद्ध|सिख|基督教|天主教|伊斯兰教|伊斯蘭教|佛教|犹太教|猶太教"
    r"|キリスト教|イスラム教|仏教|創価学会|エホバの証人|기독교|천주교|이슬람교?|불교|개신교|여호와의\s*증인)"
)
_FAITH = rf"(?:{_FAITH_LATIN}|{_FAITH_OTHER})"
# Where a statement pattern names its topic word: filled with every such word for the full pattern, or with the one
# word a topic scan found, for a pattern that is much cheaper to run around that word (:func:`_around`).
_SLOT = "\x00"

# Conversion and affiliation, finite forms about someone (not "how to convert", not "what is").
_RELIGION_SOURCE = (
    rf"(?i:(?<!\w)(?:"
    # en
    rf"(?:converted|convert(?:ed|s)?\s+(?:him|her|them)sel(?:f|ves))\s+(?:to|into)\s+{_SLOT}"
    rf"|(?:became|become|becomes|is|was|are|were|am|being)\s+(?:an?\s+)?(?:(?:devout|practi[cs]ing|observant|"
    rf"born-again|non-practi[cs]ing|former)\s+)?{_SLOT}(?!\w)(?=\s*(?:[,.;:!)]|$|\s+(?:and|but|since|who|after|"
    rf"before|because|for|in|at|so)\b))"
    rf"|(?:left|abandoned|renounced|apostasi[sz]ed\s+from)\s+(?:the\s+)?{_SLOT}|apostasy"
    # de, fr, es, it, pt, nl, pl, tr
    rf"|konvertiert\w*\s+(?:zum|zur|in\s+den|in\s+die)\s+{_SLOT}|ist\s+zum\s+{_SLOT}\s+(?:übergetreten|konvertiert)"
    rf"|(?:s['’]est|se\s+sont|s'était)\s+converti(?:e|s|es)?\s+(?:à|au|aux)\s+(?:l['’])?{_SLOT}"
    rf"|se\s+convirti[oó]\s+al?\s+{_SLOT}|si\s+[eè]\s+convertit[oa]\s+(?:al(?:l['’])?|a)\s*{_SLOT}"
    rf"|converteu-se\s+ao?\s+{_SLOT}|se\s+converteu\s+ao?\s+{_SLOT}|bekeerd\w*\s+tot\s+(?:het\s+)?{_SLOT}"
    rf"|przeszedł\w*\s+na\s+{_SLOT}|przeszła\s+na\s+{_SLOT}|{_SLOT}\s+(?:oldu|olmuş|oldum|oldular)"
    rf"|din(?:ini)?\s+değiştir\w*"
    # ar, fa, ur, he, ru, hi, zh, ja, ko, id/ms
    rf"|(?:اعتنق|اعتنقت|اعتنقوا|تحول(?:ت)?\s+(?:إلى|الى)|ارتد(?:ت)?\s+عن)\s+{_SLOT}|ارتد(?:ت)?\s+عن\s+الدين"
    rf"|تغییر\s+دین(?:\s+(?:به|داد|داده)\s*{_SLOT}?)?|(?:به|)\s*{_SLOT}\s+(?:گروید|گرویده|گرویدم)|ارتداد"
    rf"|مذہب\s+تبدیل\w*|(?:עבר|עברה)\s+ל{_SLOT}|המיר(?:ה)?\s+את\s+דתו|התנצר(?:ה)?|התאסלם(?:ה)?"
    rf"|(?:принял|приняла|приняли)\s+{_SLOT}|(?:перешёл|перешел|перешла)\s+в\s+{_SLOT}"
    rf"|धर्म\s+(?:परिवर्तन|बदल\w*)|धर्मांतरण|改信{_SLOT}|皈依|改宗|개종|(?:masuk|memeluk)\s+(?:agama\s+)?{_SLOT}"
    rf"|pindah\s+agama|murtad"
    rf"))"
)
# The full pattern serves the topic hits that are no faith word ("تغییر دین", "개종", "apostasy"): its slot takes
# nothing (a faith word's statements are compiled around that word, _around). Filled with every faith word instead,
# it took ~70 ms to compile at every start.
_NOTHING = "(?!)"
_RELIGION = re.compile(_RELIGION_SOURCE.replace(_SLOT, _NOTHING))

# Sexual orientation and gender identity said about someone.
_ORIENTATION_WORD = (
    r"(?:gay|lesbian|bisexual|homosexual|transgender|trans\s+(?:man|woman)|non-binary|queer|schwul|lesbisch"
    r"|homosexuell|bisexuell|transsexuell|homosexuel(?:le)?|lesbienne|bisexuel(?:le)?|transgenre|lesbiana|bisexual"
    r"|homossexual|l[eé]sbica|omosessuale|lesbica|homoseksual\w*|gejem|lesbijką|biseksual\w*|eşcinsel|gey"
    r"|гей|лесбиянк\w*|бисексуал\w*|трансгендер\w*|مثلي(?:ة)?|همجنس[‌\s]?گرا|ہم\s*جنس\s*پرست|הומו|לסבית"
    r"|समलैंगिक|同性恋|同性戀|同性愛者?|レズビアン|ゲイ|동성애자|게이|레즈비언|트랜스젠더)"
)
_ORIENTATION_SOURCE = (
    rf"(?i:(?<!\w)(?:"
    rf"(?:is|was|am|are|being|identifies\s+as|came\s+out\s+as|coming\s+out\s+as|ist|war|bin|est|es|soy|è|é|sou|jest"
    rf"|является)\s+(?:an?\s+|ein\w*\s+|openly\s+|offen\s+)?{_SLOT}(?!\w)"
    rf"|came\s+out\s+(?:to\s+(?:his|her|their|my)\s+\w+\s+)?(?:last|in|this|as)\b|hat\s+sich\s+(?:[\w-]+\s+){{0,4}}geoutet"
    rf"|a\s+fait\s+son\s+coming[-\s]out|sali[oó]\s+del\s+armario|saiu\s+do\s+arm[aá]rio|ha\s+fatto\s+coming\s+out"
    rf"|{_SLOT}\s+(?:olduğunu|olarak)|(?:مثلي|مثلية)\s+الجنس|همجنس[‌\s]?گرا\s+(?:است|هستم|بود)"
    rf"|出柜|出櫃|カミングアウト|커밍아웃"
    rf"))"
)
_ORIENTATION = re.compile(_ORIENTATION_SOURCE.replace(_SLOT, _NOTHING))  # as _RELIGION: for "came out", "出柜" …

# Membership of a trade union or a political party.
_MEMBERSHIP = re.compile(
    r"(?i:(?<!\w)(?:"
    r"(?:is|was|am|are|became|become)\s+(?:an?\s+)?(?:active\s+)?(?:(?:trade[-\s])?union\s+(?:member|rep(?:resentative)?"
    r"|steward|organi[sz]er)|member\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}(?:union|party|partei|parti|partido))"
    r"|(?:joined|organi[sz]ed)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}(?:union|party)\b"
    r"|gewerkschaftsmitglied\w*|(?:mitglied|eingetreten)\s+(?:in\s+)?(?:der|die)\s+(?:[\w-]+\s+){0,3}(?:gewerkschaft|partei)"
    r"|(?:membre|adhérent)\s+(?:du|de\s+la|d['’]un)\s+(?:syndicat|parti)\w*|syndiqué(?:e)?"
    r"|afiliad[oa]\s+al?\s+(?:sindicato|partido)|militante\s+del\s+partido|iscritt[oa]\s+al\s+(?:sindacato|partito)"
    r"|filiad[oa]\s+ao\s+(?:sindicato|partido)|sendika\s+üyesi|(?:член|членом)\s+(?:профсоюза|партии)"
    r"|członki?(?:em|nią)\s+(?:związku|partii)|عضو\s+(?:في\s+)?(?:نقابة|حزب)|عضو\s+(?:سندیکا|حزب)"
    r"))"
)

# Each rule runs only when its topic is in the text at all (most texts have none of these words).
_TOPIC_RELIGION = re.compile(
    rf"(?i:(?<!\w){_FAITH}(?!\w)|تغییر\s+دین|ارتداد|مذہب\s+تبدیل|धर्म\s+(?:परिवर्तन|बदल)|धर्मांतरण|皈依|改宗|개종"
    rf"|pindah\s+agama|murtad|apostas|din(?:ini)?\s+değiştir|ارتد|התנצר|התאסלם|המיר)"
)
_TOPIC_ORIENTATION = re.compile(
    rf"(?i:{_ORIENTATION_WORD}|came\s+out|geoutet|coming[-\s]out|armario|armário|出柜|出櫃|カミングアウト|커밍아웃)"
)
_TOPIC_MEMBERSHIP = re.compile(
    r"(?i:(?<!\w)(?:(?:trade[-\s])?unions?|part(?:y|ies|ei|i|ido|ito|ii)|syndicats?|sindicatos?|sindacato)(?!\w)"
    r"|gewerkschaft|sendika|профсоюз|związk|نقابة|سندیکا|партии|حزب|syndiqu)"
)
_BEFORE, _AFTER = 80, 40


def _words(*lines: str) -> tuple[str, ...]:
    return tuple(word for line in lines for word in line.split())


# The stems a text must hold (lower-cased) before a topic's pattern is tried at all: one shared Aho-Corasick pass.
_GATE_RELIGION = Cues(
    _words(
        "christ cristian chrétien chrześcija hristiyan catholi kathol católic catolic katoli protestant evangeli",
        "orthodox ortodos ortodox prawosław islam islâm muslim musulm muzułma müslüman moslem judaism judentum",
        "judaïsme judaísmo judaizm jewish jew jude jüdin juif juive judío ebreo żyd yahudi hindu buddhis bouddhis",
        "budis buddyj sikh bahá baha'i bahai jehova mormon atheis athée ateo atea ateist agnosti ahmadi shia shii",
        "shi'a sunni zoroastr yazidi jesid scientolog pentecostal baptist apostas murtad pindah değiştir",
        "مسيح الإسلام مسلم يهود إلحاد ملحد اعتنق تحول ارتد مسیح اسلام مسلمان یهود بهائی زرتشت عیسائی ہندو سکھ احمدی",
        "قادیانی تغییر گروید ارتداد مذہب נצרות נוצרי אסלאם מוסלמי התנצר התאסלם המיר עבר христиан православ ислам",
        "мусульман иудаизм буддизм католи протестант атеист иегов ईसाई इस्लाम मुस्लिम हिंदू हिन्दू बौद्ध सिख धर्म",
        "基督 天主 伊斯兰 伊斯蘭 佛教 犹太 猶太 改信 皈依 改宗 キリスト イスラム 仏教 創価 エホバ",
        "기독교 천주교 이슬람 불교 개신교 여호와 개종",
    )
)
_GATE_ORIENTATION = Cues(
    (
        *_words(
            "gay lesbi bisex homosex homosse homoseks transgender transsex transgenre non-binary queer schwul gejem",
            "eşcinsel gey гей лесби бисекс трансгендер مثلي همجنس جنس הומו לסבית समलैंगिक 同性 レズビアン ゲイ",
            "동성애 게이 레즈비언 트랜스젠더 geoutet armario armário 出柜 出櫃 カミングアウト 커밍아웃",
        ),
        *("trans man", "trans woman", "came out", "coming out", "coming-out"),
    )
)
_GATE_MEMBERSHIP = Cues(
    _words("union gewerkschaft syndic sindica sindaca sendika профсоюз związk نقابة سندیکا part партии حزب")
)
_FAITH_WORD = re.compile(rf"(?i:{_FAITH})")
_ORIENTATION_ONLY = re.compile(rf"(?i:{_ORIENTATION_WORD})")
# (gate, topic, full statement pattern, its source with the topic slot, what fills the slot, source name, score)
_RULES: tuple[tuple[Cues, re.Pattern[str], re.Pattern[str], str | None, re.Pattern[str] | None, str, float], ...] = (
    (_GATE_RELIGION, _TOPIC_RELIGION, _RELIGION, _RELIGION_SOURCE, _FAITH_WORD, "special-religion", 0.85),
    (
        _GATE_ORIENTATION,
        _TOPIC_ORIENTATION,
        _ORIENTATION,
        _ORIENTATION_SOURCE,
        _ORIENTATION_ONLY,
        "special-orientation",
        0.8,
    ),
    (_GATE_MEMBERSHIP, _TOPIC_MEMBERSHIP, _MEMBERSHIP, None, None, "special-membership", 0.75),
)


@lru_cache(maxsize=512)
def _around(source: str, word: str) -> re.Pattern[str]:
    """A statement pattern with its topic slot filled by one word (cached: the topic words are a closed set)."""
    return re.compile(source.replace(_SLOT, f"(?:{re.escape(word)})"))


def find_special_categories(text: str) -> list[Entity]:
    """Statements of someone's religion or belief, sexual orientation or gender identity, or union/party membership.

    A statement is looked for only around a word of its topic (80 characters before it, 40 after), with the pattern's
    topic slot filled by that very word, so the cost of a text is its topic scans plus a short window per topic word.
    """
    found: list[Entity] = []
    seen: set[tuple[int, int]] = set()
    for gate, topic, pattern, slotted, word, source, score in _RULES:
        if not gate.in_text(text):
            continue
        for hit in topic.finditer(text):
            exact = pattern
            if slotted is not None and word is not None and word.fullmatch(hit.group()):
                exact = _around(slotted, hit.group())
            for m in exact.finditer(text, max(0, hit.start() - _BEFORE), min(len(text), hit.end() + _AFTER)):
                value = m.group().rstrip(" ,.;:")
                span = (m.start(), m.start() + len(value))
                if len(value) >= 2 and span not in seen:
                    seen.add(span)
                    found.append(Entity(EntityType.SPECIAL_CATEGORY, span[0], span[1], value, score, source))
    return found
