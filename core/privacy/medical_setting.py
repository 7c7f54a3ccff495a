"""Health terms told by the clinical setting they stand in rather than by a word list, in any language.

No vocabulary lists every brand of medicine sold in every country, nor every inflected name of a
medical specialty; the setting gives them away:

1. **A dose** ("10 mg", "0,5 mg", "50 mcg", "500 мг", "60mg", "50毫克", '500 מ"ג', "500 ملغ") names
   the medicine written right before it: "Tachipirina 500 mg", "Concor 5 mg", "타이레놀 500mg",
   "ロキソニン錠60mg". The word must not be a common word of the languages of its script ("etwa",
   "около", "about"), so "about 80 mg of caffeine" stays clean.
2. **A dose form** after a rare word ("Augmentin tablet", "Brufen xarope", "омепразол капсулы") makes
   that word a medicine, when the text is about health (a form word alone is no health finding:
   coffee comes in capsules, maple syrup in bottles).
3. **A medical specialty** ("Psychiatrie", "psichiatra", "kardiologicznej", "психиатру", "Nöroloji",
   "Frauenarzt"), matched by its Greek-Latin stem after transliteration, is health data when the
   text is about a visit: an appointment, a referral, a consultation or a report ("Termin", "cita",
   "rendez-vous", "wizyta", "запись", "randevu"). A specialty in a text with no visit ("How does one
   become a psychiatrist?") is nothing.
4. **Procedures** by their word formation in languages other than English ("Arthroskopie",
   "ecografía", "kinésithérapie", "hemodiálise", "химиотерапии", "mastektomii"): English forms
   ("-scopy", "-graphy", "-therapy") are left to the English vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from anyascii import anyascii

from .cues import Cues
from .lexicons import common_rank
from .medical_vocab import Token, fold

__all__ = ["dose_findings", "english_specialists", "form", "procedure", "specialty", "unit", "visit_cue"]

Span = tuple[int, int, float, str]  # start, end, score, rule
_DOSE_SCORE, _FORM_SCORE = 0.7, 0.5

# A dose: a number and a unit of drug amount (not "g" or "ml": flour and milk come in those).
_DOSE = re.compile(
    r"(?<![\d.,])\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|IE|UI|IU|мг|мкг|ملغ|ملجم|مجم|מ\"ג|מ״ג|毫克|밀리그램|単位|单位|단위)"
    r"(?![A-Za-zÀ-ɏЀ-ӿ])"
)
# Doses in units written in CJK ("ゴナールエフ150単位", "인슐린 10단위"): the unit's word is an everyday one
# ("3単位" is also three credits): a dose only with a rare word right before the number, as every dose needs.
_CJK_UNIT = re.compile(r"単位|单位|단위")
# A strength with no unit, then how often it is taken ("Progestan 200 trois fois par jour", "Estrofem 2 chaque
# soir", "Seroplex 10 le matin", "Concor 5 once a day"): the number's word is a medicine as a dose's is.
_POSOLOGY = re.compile(
    r"\d(?<![\d.,]\d)\d{0,3}(?:[.,]\d+)?\s+(?:[^\W\d_]{1,12}\s+)?"  # (the look-behind after the first digit)
    r"(?i:(?:une|deux|trois|quatre|one|two|three|una|dos|tres|ein|zwei|drei|due)\s+(?:fois|times|veces|mal|volte|vezes)"
    r"|fois\s+par|par\s+jour|chaque\s+(?:jour|soir|matin)|le\s+(?:matin|soir)|matin\s+et\s+soir|once\s+a|twice\s+a"
    r"|(?:a|per)\s+day|every\s+(?:day|morning|evening|night)|at\s+night|al\s+d[ií]a|cada\s+(?:d[ií]a|noche|ma[ñn]ana)"
    r"|por\s+(?:la\s+)?(?:d[ií]a|noche|ma[ñn]ana)|t[äa]glich|morgens|abends|al\s+giorno|ogni\s+(?:giorno|sera)"
    r"|por\s+dia|ao\s+dia|todas\s+as\s+(?:manh[ãa]s|noites))(?![^\W\d_])"
)
# Dose-form words: skipped between a name and its dose ("Ibuprofen Tabletten 400 mg", "舍曲林片50毫克").
_FORMS = frozenset(
    """tablette tabletten tablet tablets tabletki tabletek tabletka tablete tabletas comprimido comprimidos
    comprime comprimes compresse compressa capsule capsules kapsel kapseln kapsul kapsulki kapsułki
    capsula capsulas gelule gelules sirup sirop syrup syrop jarabe xarope sciroppo surup tropfen gouttes
    gotas gocce krople drops zapfchen supositorios supposte retard forte filmtabletten
    таблетки таблетка таблеток капсулы капсула капсул сироп капли
    أقراص قرص كبسولات كبسولة شراب
    טבליות כמוסות סירופ
    錠 カプセル 片 胶囊 粒 정 캡슐 viên""".split()  # noqa: SIM905
)
# Words that are not a medicine name though they stand before a dose ("für 5 mg", "de 20 mg").
_NOT_A_NAME = frozenset(
    """for von bis mit und oder je pro ca etwa de da do du des la le les et ou a y o e di del con per na od
    po ze ok około i w z en van tot het een met voor om по до от на около из и в с ve ile ya veya den dan
    the and or of to with up about each mg mcg dose dosis dawka доза дозе мг мкг ملغ ملجم مجم ملغم daily
    taglich täglich tagesdosis morgens abends""".split()  # noqa: SIM905
)
_BRAND_RANK = 8_000
_LANGS_OF = {
    "latin": ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "cs", "sv", "vi"),
    "cyrillic": ("ru", "uk"),
    "arabic": ("ar",),
    "hebrew": ("he",),
    "hangul": ("ko",),
    "kana": ("ja",),
    "devanagari": ("hi",),
}
_FORM_ALTERNATIVES = "|".join(sorted((re.escape(f) for f in _FORMS), key=len, reverse=True))
# The word right before a dose (or a dose form), by script; Han is left to the lists and INN stems.
_NAME_BEFORE = re.compile(
    r"(?:(?P<latin>[A-Za-zÀ-ɏḀ-ỿ][A-Za-zÀ-ɏḀ-ỿ'-]*[A-Za-zÀ-ɏḀ-ỿ])"
    r"|(?P<cyrillic>[Ѐ-ӿ][Ѐ-ӿ-]*[Ѐ-ӿ])|(?P<arabic>[\u0620-\u064a]{3,})|(?P<hebrew>[\u05d0-\u05ea]{3,})"
    r"|(?P<hangul>[\uac00-\ud7a3]{2,})|(?P<kana>[\u30a1-\u30fa\u30fc]{3,})|(?P<devanagari>[\u0900-\u097f]{3,}))"
    rf"(?P<form>\s?(?i:{_FORM_ALTERNATIVES}))?\s?$"
)

# Specialties by stem, on the transliterated, folded word (start of word or inside a compound).
_SPECIALTY = re.compile(
    r"ps[iy](?:ch|kh|k|q|h)u?i?y?atr|n(?:eu|ev|eo|o|e)rolo[gj]|[ck]ardi(?:y)?olo[gj]|on[ck]olo[gj]"
    r"|(?:g[iy]n|jin)(?:a|e|ae)?[ck]olo[gj]|urolo[gj]|dermatolo[gj]|endo[ck]rinolo[gj]|gastroenterolo[gj]"
    r"|ne(?:ph|f)rolo[gj]|(?:pneumo|pulmono|pneumono)lo[gj]|r(?:h)?e(?:u|v)matolo[gj]|[hg]a?ematolo[gj]"
    r"|ort(?:h)?op(?:a|e|ae)d|ps[iy](?:ch|kh|k|h)?o?t(?:h)?erap|ps[iy](?:ch|kh|k|h)olo[gj]|o(?:ph|f)t(?:h)?almolo"
    r"|narkolog|addi[ck]tolo|onkohemato|(?:frauen|nerven|haut|augen|lungen|herz|kinder|huid|oog|long|vrouwen|zenuw)(?:arzt|arzte|arztin|arts?)$"
)
# A text about a visit: appointments, referrals, consultations, reports (folded prefixes, any language).
_VISIT = re.compile(
    r"(?i)(?<!\w)(?:termin|sprechstunde|uberweisung|überweisung|befund|arztbrief|ambulanz|praxis|cita\b|citas\b|consulta"
    r"|informe|rendez-vous|rdv\b|consultation|compte rendu|visita|ambulatorio|referto|afspraak|verwijzing|polikliniek"
    r"|wizyt|poradni|skierowan|konsultacj|relat[óo]rio|marca[çc][ãa]o|запис|при[её]м|прийом|направлен|консультац|заключени"
    r"|randevu|poliklini|muayene|sevk|rapor|موعد|عيادة|مراجعة|تحويل|تقرير|תור\b|מרפאה|למרפאה|הפניה|סיכום|予約|受診|外来|通院|紹介状"
    r"|예약|진료|외래|소견서|预约|门诊|挂号|复诊|转诊|hẹn|khám|appointment|referral|запиш)"
)
# Procedures by word formation, other languages than English (on the transliterated, folded word).
_PROCEDURE = re.compile(
    r"(?:arthro|artro|broncho|bronco|bronho|kolo|colono|kolono|gastro|endo|laparo|[ck]olpo|h?[iy]stero|[cz]?[iy]sto"
    r"|re[ck]to|sigmoido|laryngo|laringo|thora[ck]o|tora[ck]o)s[ck]opi(?:e|a|i|ya|ia|ja|ji|ą|ę)?$"
    r"|(?:e[ck]o|echo|e[ck]h?o[ck]ardio|sono|mammo|mamo|angio|[ck]oronaro|ele[ck]tro[ck]ardio|ele[ck]troen[ck]efalo"
    r"|elektroenzephalo|tomo|radio)gra(?:f|ph)(?:ie|ia|i|ii|iya|iia|ya)$|(?:ele[ck]tro[ck]ardio)gram"
    r"|(?:physio|fisio|fysio|fizio|kinesi|kine|psycho|psico|psiho|psikho|ergo|chemo|chemio|quimio|kemo|khimio|radio"
    r"|hormono|immuno|imuno|hydro|idro|foto|photo|logo)t?h?erap(?:ie|ia|i|ii|iya|iia|eut|euta|eute|evt)"
    r"|(?:hemo|gemo)?dial(?:is[ie]|iz|yse)|diyaliz|^bi[y]?ops(?:ie|ia|ja|ji|ii|iya|iia|i)$|e[ck]tomi(?:e|a|i|ą|ę|ja|ji|ya|ia)$"
)


@lru_cache(maxsize=1 << 16)
def _latin(norm: str) -> str:
    return norm if norm.isascii() else anyascii(norm).lower()


@lru_cache(maxsize=1 << 16)
def specialty(norm: str) -> bool:
    """A folded word that names a medical specialty or its doctor ("psychiatrie", "невролога")."""
    return len(norm) >= 6 and _SPECIALTY.search(_latin(norm)) is not None


@lru_cache(maxsize=1 << 16)
def procedure(norm: str) -> bool:
    """A folded word that names a procedure by its non-English word formation ("arthroskopie")."""
    return len(norm) >= 7 and _PROCEDURE.search(_latin(norm)) is not None


def visit_cue(text: str) -> bool:
    return _VISIT.search(text) is not None


# An English specialist of someone's ("my psychiatrist", "her oncologist") or one they see ("an appointment with a
# neurologist", "booked a psychiatrist"): which specialist a person sees tells their condition. Not the job in
# general ("how do I become a psychiatrist?", "psychiatrists are doctors"): no possessive and no visit before it.
_EN_SPECIALIST = (
    r"psychiatrist|psychologist|psychotherapist|therapist|oncologist|cardiologist|neurologist|urologist|"
    r"gyn(?:a)?ecologist|obstetrician|dermatologist|endocrinologist|rheumatologist|gastroenterologist|nephrologist|"
    r"ha?ematologist|pulmonologist|ophthalmologist|hepatologist|sexologist|fertility\s+(?:specialist|doctor|clinic)|"
    r"addiction\s+(?:counsel(?:l)?or|specialist|clinic)|psychiatry|oncology|chemo(?:therapy)?\s+nurse"
)
_EN_SPECIALIST_OF = re.compile(
    r"(?i)\b(?:(?:my|his|her|our|their|your)(?:\s+(?:new|old|regular|usual|own|child's|son's|daughter's))?"
    r"|(?:appointment|referral|session|consultation|visit|follow-up|check-up)s?\s+(?:with|to|at)\s+(?:a|an|the|my|his|her|their)?"
    r"|(?:see|sees|seeing|saw|seen|visit|visits|visiting|visited|book|booked|booking|refer(?:red)?\s+(?:me|him|her|them)\s+to"
    r"|(?:book|booked|booking|get|got)(?:\s+(?:me|him|her|us|them))?(?:\s+in)?\s+with)"
    r"\s+(?:a|an|the|my|his|her|their))"
    rf"\s+(?P<s>{_EN_SPECIALIST})s?\b"
)


# the stems of _EN_SPECIALIST: the pattern runs only on a text that holds one (one shared Aho-Corasick pass, cues.py)
_EN_SPECIALIST_CUES = Cues(
    (
        "psychiatr", "psycholog", "psychotherap", "therapist", "oncolog", "cardiolog", "neurolog", "urolog",
        "gynecolog", "gynaecolog", "obstetric", "dermatolog", "endocrinolog", "rheumatolog", "gastroenterolog",
        "nephrolog", "hematolog", "haematolog", "pulmonolog", "ophthalmolog", "hepatolog", "sexolog", "fertility",
        "addiction", "chemo",
    )
)  # fmt: skip


def english_specialists(text: str) -> list[tuple[int, int, float, str]]:
    """The specialist someone sees, in English (see :data:`_EN_SPECIALIST_OF`): (start, end, score, rule)."""
    if not _EN_SPECIALIST_CUES.in_text(text):
        return []
    return [(m.start("s"), m.end("s"), 0.7, "medical-specialist") for m in _EN_SPECIALIST_OF.finditer(text)]


@lru_cache(maxsize=1 << 14)
def _rare(word: str, script: str) -> bool:
    """Whether a word is no common word of the languages its script is written in."""
    w = word.lower()
    if w in _NOT_A_NAME or w in _FORMS:
        return False
    if script == "latin" and (len(w) < 4 or (w.isupper() and len(w) < 3)):
        return False
    # a lower-case Latin word of any rank is an everyday word; a capitalised one or another script's
    # among the most frequent only ("Loxonin" and "Xanax" are known brands, not everyday words)
    top = 30_000 if script == "latin" and word.islower() else _BRAND_RANK
    return all((rank := common_rank(w, lang)) is None or rank >= top for lang in _LANGS_OF[script])


def _name_before(text: str, end: int) -> tuple[int, int, bool] | None:
    """The medicine name ending right before ``end`` (a dose or a form): (start, end, had a form)."""
    m = _NAME_BEFORE.search(text, max(0, end - 48), end)
    if m is None:
        return None
    script = next(k for k in _LANGS_OF if m.group(k))
    form = m.group("form")
    if not _rare(m.group(script), script):
        return None  # "etwa 400 mg", "около 500 мг": a common word is no medicine
    return m.start(script), m.end(script), bool(form)


# What every frequency of _POSOLOGY holds, lower-cased (a substring test before the pattern runs).
_POSOLOGY_WORDS = (
    "fois", "par jour", "chaque", "le matin", "le soir", "once a", "twice a", "times a", "a day", "per day",
    "every day", "every morning", "every evening", "every night", "at night", "al d\u00eda", "al dia", "cada ",
    "por d", "por la", "t\u00e4glich", "taglich", "morgens", "abends", "al giorno", "ogni ", "ao dia", "todas as",
    "veces", " mal ", "volte", "vezes",
)  # fmt: skip


_POSOLOGY_CUES = Cues(_POSOLOGY_WORDS)


def dose_findings(
    text: str, tokens: Sequence[Token], has_unit: bool, forms: Sequence[int]
) -> tuple[list[Span], list[Span]]:
    """Medicine names before a dose (findings) and before the dose-form words at the token indexes
    ``forms`` (findings needing context); ``has_unit``: whether a token is a dose unit (:func:`unit`)."""
    strong: list[Span] = []
    weak: list[Span] = []
    if has_unit or 'מ"ג' in text or "מ״ג" in text or _CJK_UNIT.search(text):
        for m in _DOSE.finditer(text):
            found = _name_before(text, m.start())
            if found is not None:
                strong.append((found[0], found[1], _DOSE_SCORE, "medical-dose"))
    for m in _POSOLOGY.finditer(text) if _POSOLOGY_CUES.in_text(text) else ():  # one pass for every finder (.cues)
        found = _name_before(text, m.start())
        if found is not None and text[found[0]].isupper():
            strong.append((found[0], found[1], _DOSE_SCORE, "medical-posology"))
    for i in forms:
        start = tokens[i].start
        if start and text[start - 1].isspace():
            found = _name_before(text, start)
            if found is not None and not found[2]:
                weak.append((found[0], found[1], _FORM_SCORE, "medical-dose-form"))
    return strong, weak


_UNITS = "mg|mcg|µg|μg|ie|ui|iu|мг|мкг|ملغ|ملجم|مجم|毫克|밀리그램"
_UNIT_TOKEN = re.compile(rf"\d(?:{_UNITS})|^(?:{_UNITS})$")
_FOLDED_FORMS = frozenset(fold(f) for f in _FORMS if len(f) > 2)


def unit(norm: str) -> bool:
    """A folded word that is a unit of dose or holds a number with one ("mg", "500mg", "錠60mgを")."""
    return _UNIT_TOKEN.search(norm) is not None


def form(norm: str) -> bool:
    """A folded word that names a dose form ("tablett", "comprimido", "таблетки")."""
    return norm in _FOLDED_FORMS
