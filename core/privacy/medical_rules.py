"""Rules of medical word formation, for health terms that no vocabulary lists.

- **Endings** that name a condition or a procedure in the Latin-derived medical vocabulary of
  European languages: inflammation (-itis), tumours (-oma), blood (-emia, -ämie), disease
  (-pathy, -pathie), growth (-plasia, -trophy), pain (-algia), surgery (-ectomy, -ektomie),
  conditions (-osis, -ose, -osi, -oza). Common words with such an ending ("diagnosis",
  "diploma", "aroma") are listed by the build script and skipped.
- **Heads** of condition names ("syndrome", "disease", "deficiency", "Krankheit", "maladie",
  "enfermedad", "ziekte", "choroba"...): the head with its modifiers is one finding
  ("Wiskott-Aldrich syndrome", "maladie de Crohn", "zespół Downa"); a bare head ("a disease") is not.
- **German and Dutch compounds** ending in a condition word ("Lungenentzündung", "Brustkrebs",
  "longontsteking").
- **Context cues** ("diagnosed", "Patient", "médecin", "síntomas"...): words that make a common
  word ("cold", "stroke") a health term when they occur in the same text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicons import strip_accents

# Chinese and Japanese condition words end in these characters: 糖尿病, 抑郁症, 肺癌, 关节炎, 肿瘤.
# A condition by its head: …病/症/癌/炎/瘤 (not 病毒 "virus", 病毒式 "viral"), and an injury by its head, in
# Han (…撕裂/断裂/骨折 "torn", "ruptured", "fracture": 半月板撕裂, 韧带断裂) and in Hangul (연골 파열, 골절)
CJK_HEADS = re.compile(
    r"[\u3400-\u9fff]{2}[病症癌炎瘤](?!毒)|[\u3400-\u9fff]{1,6}(?:撕裂|断裂|斷裂|破裂|骨折|損傷|损伤)"
    r"|[\u3400-\u9fff]{1,4}(?:閉塞|闭塞|狭窄)(?!感)"  # an organ's obstruction or stenosis: 卵管閉塞, 冠状动脉狭窄
    r"|[\u30a1-\u30fa\u30fc]{3,12}(?:症候群|病|症)(?!毒|院|棟|室)"  # a katakana eponym: クローン病
    r"|(?:[\uac00-\ud7af]{1,6}\s)?[\uac00-\ud7af]{1,6}\s?(?:파열|골절)(?!음)"
)

__all__ = [
    "CJK_HEADS",
    "COMPOUND_HEADS",
    "CUES",
    "HAVE",
    "HEADS_AFTER",
    "HEADS_BEFORE",
    "HEADS_GENERIC",
    "STOPWORDS",
    "TAKE",
    "latin_forms",
    "medical_adjective",
    "medical_ending",
]

_ENDING = re.compile(
    r"(?:itis|itides|omas?|emias?|aemias?|amie|amien|emie|pathy|pathies|pathie|patia|patie|plasia|plasie"
    r"|trophy|trophie|algia|algie|ectomy|ectomies|ektomie|ectomie|otomy|osis|oses|osen|ose|osi|oza|uria|urie"
    r"|penia|penie|megaly|emic|aemic|penic|pathic|itic|somy|somie|plegia|plegie|plegii|plegy|plegija)$"
)
# "-philia" names a condition only after a blood or cell root ("hemofilia", "trombofilia", "eosinophilie"):
# after other roots it is a liking ("cinefilia", "bibliofilia", "anglophilia"), so the root is part of the rule
_BLOOD_PHILIA = re.compile(
    r"(?:h?a?emo|trombo|thrombo|eosino|neutro|baso|spasmo|lympho|limfo|granulo)(?:filia|filie|philia|philie|filija)$"
)
_MIN_LENGTH = {"ose": 8, "osi": 8, "oza": 7, "oma": 6, "omas": 7}


@lru_cache(maxsize=1 << 16)
def medical_ending(word: str, exceptions: frozenset[str]) -> bool:
    """True for a word whose ending names a condition or procedure and that is not a listed look-alike."""
    w = word.lower()
    if not w.isascii():
        w = strip_accents(w)
    if len(w) < 6 or not w.isalpha() or w in exceptions:
        return False
    if _BLOOD_PHILIA.search(w):
        return True
    m = _ENDING.search(w)
    if m is None:
        return False
    # a German or Dutch compound whose last part is a look-alike is one too ("Wirtschaftsprognose")
    if any(w[i:] in exceptions for i in range(3, len(w) - 6)):
        return False
    return len(w) >= _MIN_LENGTH.get(m.group(), 7)


# Romance and Germanic spellings of Latin medical endings ("bronchite", "Leukämie", "artropatia"):
# a word is a health term when its Latin form is a vocabulary term.
_LATIN_FORMS = (
    ("itides", "itis"), ("itide", "itis"), ("ites", "itis"), ("ite", "itis"), ("ose", "osis"),
    ("osi", "osis"), ("oza", "osis"), ("ome", "oma"), ("omi", "oma"), ("emie", "emia"), ("amie", "emia"),
    ("pathie", "pathy"), ("patie", "pathy"), ("patia", "pathy"), ("ektomie", "ectomy"),
    ("ectomie", "ectomy"), ("ectomia", "ectomy"), ("ismus", "ism"), ("ismo", "ism"),
)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def latin_forms(norm: str) -> tuple[str, ...]:
    """Latin-form candidates of a folded word with a Romance or German medical ending."""
    if len(norm) < 7:
        return ()
    return tuple(norm[: -len(end)] + latin for end, latin in _LATIN_FORMS if norm.endswith(end))


# Heads whose modifiers stand before them (English, German, Dutch); folded forms (see medical_vocab.fold).
HEADS_BEFORE = frozenset(
    {
        "syndrome", "disease", "disorder", "deficiency", "dystrophy", "dysplasia", "ataxia", "palsy",
        "sclerosis", "neuropathy", "myopathy", "carcinoma", "sarcoma", "lymphoma", "leukemia", "tumor",
        "cancer", "neoplasm", "anemia", "fever", "lesion", "malformation", "anomaly",
        "atrophy", "insufficiency", "hypoplasia", "aplasia", "polyposis", "degeneration", "retardation",
        "dementia", "epilepsy", "paralysis", "stenosis", "hernia", "ulcer", "cyst", "adenoma", "nephropathy",
        "syndrom", "krankheit", "erkrankung", "karzinom", "insuffizienz", "syndroom", "ziekte", "stoornis",
        "kanker", "aandoening", "deficient", "abnormality", "defect", "dysfunction", "deterioration",
        "deafness", "inflammation", "polyp", "contracture", "hypotonia", "myotonia", "weakness", "wasting",
        "malignancy", "handicap", "opacity", "overgrowth", "retarded", "handicapped", "involvement",
    }
)  # fmt: skip

# Generic heads: a condition only after a medical adjective ("neuronal damage", not "water damage").
HEADS_GENERIC = frozenset(
    {
        "damage",
        "loss",
        "injury",
        "disturbance",
        "accumulation",
        "feature",
        "symptom",
        "problem",
        "condition",
        "infection",
    }
)
_ADJECTIVE = re.compile(r"(?:al|ic|ar|ous|ary|oid|tic)$")


def medical_adjective(word: str) -> bool:
    return len(word) > 5 and _ADJECTIVE.search(word) is not None


# Heads whose modifiers follow them (French, Spanish, Italian, Portuguese, Polish; "... de Crohn").
HEADS_AFTER = frozenset(
    {
        "syndrome", "maladie", "cancer", "carcinome", "trouble", "tumeur", "sindrome", "enfermedad",
        "trastorno", "tumor", "malattia", "disturbo", "cancro", "tumore", "doenca", "transtorno",
        "zespol", "zespolu", "choroba", "choroby", "chorobe", "chorobie", "zaburzenie", "zaburzenia",
        "nowotwor", "nowotworu", "ziekte", "krankheit", "insuffisance",
        "insuficiencia", "insufficienza", "deficit", "deficiencia",
    }
)  # fmt: skip

# Endings of German and Dutch compounds that name a condition ("Lungenentzündung", "borstkanker").
COMPOUND_HEADS = (
    "krankheit", "erkrankung", "entzundung", "krebs", "karzinom", "syndrom", "insuffizienz", "tumor",
    "ziekte", "kanker", "ontsteking", "aandoening", "stoornis",
)  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words that never start or continue a condition name.
STOPWORDS = _words(
    """a an the this that these those my your his her our their its of in on at to for from by with
    and or but not no is are was were be been has have had do does did it as if so than then very
    de la le les du des un une el los las del al di da do dos das della dello van von der die das den
    het een en et y e o und oder mit ein eine einer einem einen is ist sind war wie what which who
    why how when where there here some any all each every other such same own also only just more
    most less new old good bad great big small i you he she we they me him us them
    que qui est es il elle para por con sin mi tu su nel nella per il lo gli una uno ma se
    w z i na do od jest nie sie się ten ta to"""
)

# Verbs that give a person a condition: "I have depression", "er hat Krebs", "tengo ansiedad".
HAVE = _words(
    """have has had having got suffer suffers suffering habe hast hat hatte haben leide leidet ai avait avons
    souffre tengo tiene tienes tenia tenemos padezco padece ho hai aveva abbiamo soffro soffre tenho tem tinha
    sofro sofre heb hebt heeft hadden lijd lijdt mam masz mial miala choruje"""
)

# Verbs that give a person a medicine: "I take insulin", "sie nimmt Xanax".
TAKE = _words(
    """take takes took taking taken nehme nimmt nahm prends prend prenait tomo toma tomaba prendo prende
    prendeva tomo toma neem neemt nam biore bierze brala bral"""
)

# Words that say a text is about someone's health (multilingual), folded.
CUES = _words(
    """diagnosed diagnosis diagnose dx symptom patient doctor physician nurse clinic hospital
    mutation mutated inherited hereditary familial affected carrier
    treatment treated prescribed prescription medication medicine dose mg therapy surgery suffer
    suffering suffered suffers chronic acute allergic allergy relapse remission flare
    diagnostiziert diagnose befund arzt arztin patientin behandlung symptome krankenhaus therapie
    medikament rezept leide leidet
    diagnostique medecin traitement symptome hopital ordonnance souffre malade
    diagnosticado diagnosticada medico tratamiento sintoma hospital receta paciente padezco padece
    diagnosticato diagnosticata medico trattamento sintomi ospedale ricetta paziente soffro soffre
    diagnosticado medico tratamento sintoma hospital receita paciente sofro
    gediagnosticeerd diagnose arts behandeling symptomen ziekenhuis recept patient
    zdiagnozowano diagnoza lekarz leczenie objawy szpital recepta pacjent choruje"""
)
