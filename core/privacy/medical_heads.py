"""Condition names by their head word (Korean, Amharic, clinical Latin): the word that says "an illness of this kind".

**Korean** builds most condition names from Sino-Korean roots and a head that says what kind of illness it is: -증
(症, a disorder or condition: 고지혈증 hyperlipidaemia, 백혈구 감소증 leukopenia, 불면증), -염 (炎, an
inflammation: 식도염, 위염, 결막염), -암 (癌, a cancer: 갑상선암, 췌장암), -병 (病, a disease: 당뇨병, 파킨슨병),
-장애 (a disorder: 공황장애), -질환 (a disease: 폐질환), -증후군 (a syndrome). The curated terms of
``data/medical_multilingual.txt`` hold the common ones; this rule reads the formation of the others, as
:mod:`.medical_rules` reads the Han heads (…病/症/癌/炎) of Chinese and Japanese. A noun may carry a particle
after it ("고지혈증이", "식도염으로").

The same heads end everyday words too: certificates (신분증, 자격증, 영수증, 운전면허증), pollution and beards
(오염, 수염), rocks and hermitages (화강암, 석굴암), bottles (물병, 유리병). Those are listed below; and a short
word (three syllables) counts only in a text that is about health already (the caller decides), unless
an adjective in -성 ("역류성 식도염", "알레르기성 비염": reflux, allergic) stands before it, which is a clinical
way of writing; a two-syllable word ("위염", "폐암") only when the curated list holds it, since most
two-syllable words with those endings are everyday ones (짜증 annoyance, 기증 donation, 폭염 heatwave, 장병
soldiers). Curated by hand for IslandRun (issue 16); no third-party text copied.

**Amharic** names a condition by a head after the organ or kind, in the genitive: "የኩላሊት በሽታ" (kidney disease),
"የራስ ሕመም" (headache), "የጡት ካንሰር" (breast cancer), also with a preposition ("በስኳር በሽታ", with diabetes); the head
may carry its article or plural ending ("በሽታው", "በሽታዎች"). The word before the head makes it one finding.

**Clinical Latin**, which German, Dutch, Scandinavian and Central European letters and reports write as it is: a head
noun (Ulcus, Morbus, Hernia, Fractura, Carcinoma, Insufficientia, Stenosis, Tinea, Herpes, Lichen, Hallux, Pes, Genu,
Angina, Spina …) followed by a Latin genitive or adjective (-is, -i, -ae, -us, -um, -a, -alis, -aris, -icus …):
"Ulcus cruris", "Hernia inguinalis", "Hallux valgus", "Angina pectoris", "Tinea pedis". Not "Status quo", "Genus
verbi", nor a head without its second word.

Cost: one precompiled search for a head syllable with a word end after it (most Korean texts have few); a set
lookup each. For Amharic, four substring tests before its pattern runs.
"""

from __future__ import annotations

import re

from .cues import Cues

__all__ = ["amharic_conditions", "korean_conditions", "latin_conditions"]

Span = tuple[int, int, float, str]  # start, end, score, rule
_SCORE = 0.6
# particles and copulas that may follow the noun inside one space-separated word
_TAIL = (
    r"(?:이|가|을|를|은|는|에|의|와|과|도|만|로|으로|에서|이나|이랑|하고|까지|부터|처럼|이에요|예요|입니다|이다|이라|"
    r"이라고|이고|이며|인|환자|치료|진단|소견|판정|의심)?"
)
# a head with the particle after it, at the end of a Hangul word; the word's start is found by walking back
# (the heads' first letters are few, so the engine skips straight to them)
_HEAD = re.compile(rf"(?:증후군|질환|장애|증|염|암|병)(?={_TAIL}(?![가-힣]))")
_ADJECTIVE = re.compile(r"(?<![가-힣])[가-힣]{1,6}성\s$")  # "역류성 " right before the word
_LONGEST = 9  # syllables of a condition name with its head ("백혈구감소증", "손목터널증후군")
# everyday words with those endings (the word itself, or the end of a longer word)
_NOT_CONDITIONS = (
    # certificates, proofs and receipts (…증 "card, certificate")
    "등록증", "면허증", "자격증", "확인증", "수료증", "합격증", "허가증", "회원증", "학생증", "사원증", "출입증",
    "보관증", "차용증", "영수증", "신분증", "보험증", "수험증", "이수증", "졸업증", "재직증", "통행증", "주차증",
    "관람증", "공무원증", "위임증", "보증", "인증", "검증", "입증", "공증", "위증", "물증", "심증", "방증", "반증",
    "논증", "고증", "실증", "확증", "증", "열증", "변증",
    # pollution, beards, flames, salt (…염)
    "오염", "수염", "화염", "염", "구염",
    # rocks and hermitages (…암)
    "화강암", "현무암", "석회암", "사암", "용암", "편마암", "안산암", "퇴적암", "변성암", "화성암", "이암", "역암",
    "석굴암", "보리암", "향일암", "보문암", "암", "바위암",
    # bottles, soldiers, illness-free words (…병)
    "물병", "꽃병", "유리병", "맥주병", "소주병", "술병", "와인병", "우유병", "젖병", "생수병", "페트병", "병",
    "기병", "보병", "포병", "수병", "위병", "헌병", "신병", "용병", "출병", "파병", "병병", "꾀병", "이등병", "일등병",
    "상등병", "궁금증",
    # disability of a thing, obstacles (…장애 as "failure, outage": 통신 장애, 서버 장애)
    "통신장애", "서버장애", "전산장애", "시스템장애", "접속장애", "전파장애", "장애물",
)  # fmt: skip
_NOT = frozenset(_NOT_CONDITIONS)
_NOT_LENGTHS = sorted({len(w) for w in _NOT_CONDITIONS if len(w) >= 2})


# two-syllable adjectives of clinical writing ("만성 위염" chronic gastritis); longer ones in -성 are all taken
_CLINICAL_ADJECTIVES = frozenset({"만성", "급성", "악성", "양성", "선천성"})


def _everyday(word: str) -> bool:
    """The word, or a listed word it ends with ("운전면허증" ends with "면허증"), is an everyday one."""
    return word in _NOT or any(word[-n:] in _NOT for n in _NOT_LENGTHS if n < len(word))


def korean_conditions(text: str) -> tuple[list[Span], list[Span]]:
    """(condition names that are findings on their own, those that need a text about health)."""
    strong: list[Span] = []
    weak: list[Span] = []
    for m in _HEAD.finditer(text):
        head, end = m.start(), m.end()
        start, floor = head, max(0, end - _LONGEST - 1)
        while start > floor and "가" <= text[start - 1] <= "힣":
            start -= 1
        if start == head or end - start > _LONGEST or (start > 0 and "가" <= text[start - 1] <= "힣"):
            continue
        word = text[start:end]
        if _everyday(word):
            continue
        adj = _ADJECTIVE.search(text, max(0, start - 8), start) if start > 2 else None
        if adj and (len(adj.group()) >= 4 or adj.group().rstrip() in _CLINICAL_ADJECTIVES):
            strong.append((adj.start(), end, _SCORE, "medical-korean-head"))
        elif len(word) >= 4:
            strong.append((start, end, _SCORE, "medical-korean-head"))
        elif len(word) >= 3:
            weak.append((start, end, _SCORE, "medical-korean-head"))
    return strong, weak


_AMHARIC_HEADS = ("በሽታ", "ሕመም", "ህመም", "ካንሰር")
_AMHARIC_DISEASE = re.compile(r"(?<![\u1200-\u137f])[\u1200-\u135a]{2,}\s(?:በሽታ|ሕመም|ህመም|ካንሰር)[\u1200-\u135a]{0,3}")


def amharic_conditions(text: str) -> list[Span]:
    """Amharic condition names on their head ("የኩላሊት በሽታ"): findings on their own."""
    if not any(head in text for head in _AMHARIC_HEADS):
        return []
    return [(m.start(), m.end(), _SCORE, "medical-amharic-head") for m in _AMHARIC_DISEASE.finditer(text)]


_LATIN_HEADS = (
    "ulcus|morbus|hernia|fractura|carcinoma|insufficientia|stenosis|tinea|herpes|lichen|hallux|pes|genu|angina|spina|"
    "status|ileus|icterus|hydrops|lupus|erythema|pemphigus|pityriasis|pruritus|tremor|vitium|abscessus|neoplasma|"
    "ruptura|luxatio|contusio|distorsio|commotio|paresis|plegia|apoplexia|infarctus|thrombosis|embolia|polyposis"
)
_LATIN_HEAD_CUES = Cues(h + " " for h in _LATIN_HEADS.split("|"))  # the head and the space before its second word
_LATIN_CONDITION = re.compile(
    rf"\b(?i:{_LATIN_HEADS})\s(?!quo\b|verbi\b|nascendi\b|praesens\b)"
    r"[a-z]{2,}(?:is|i|ae|us|um|a|alis|aris|icus|ica|osus|osa|ans|ens|ior|ius)\b"
)


def latin_conditions(text: str) -> list[Span]:
    """Clinical Latin condition names on their head ("Ulcus cruris", "Hallux valgus"): findings on their own."""
    if not _LATIN_HEAD_CUES.in_text(text):  # one shared Aho-Corasick pass (cues.py) before the pattern runs
        return []
    return [(m.start(), m.end(), _SCORE, "medical-latin-head") for m in _LATIN_CONDITION.finditer(text)]
