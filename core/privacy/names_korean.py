"""Korean full names that Faker's short ko_KR lists do not hold: 탁현우, 표지훈 학생, 계부 선우태식, 남궁예린을.

Faker's ko_KR provider lists 44 family names and 121 given names; Korean has about 280 family names (a
few of two syllables: 남궁, 황보, 제갈, 선우) and given names are made freely from a few hundred
syllables, so most people's names are in no list. What a name is made of is a short, closed grammar:

- a family name from :data:`_SURNAMES` (the ~120 commonest of Statistics Korea's 2015 census, which
  cover over 99% of people, and the two-syllable ones), then a given name of two syllables that are given-name
  syllables (:data:`_GIVEN_SYLLABLES`: those of Faker's ko_KR given names and of the commonest given names
  registered since the 1950s), then nothing, an honorific or a particle (:data:`_AFTER`: 씨, 님, 군, 양, 선생님,
  학생, 환자; 은/는/이/가/을/를/의/에게 …);
- and, since family-name syllables open everyday words everywhere (이번, 정말, 조선, 한강, 장마), a second sign:
  a role, kin or label word before it (담당 의사 탁현우, 계부 선우태식, 보건교사 남궁예린을, 원장: …), an
  honorific or a role after it (표지훈 학생, 봉재현 씨가), or the text being the name alone (a tool-call
  value, an enum value: "차민혁") or a list of such names.

An eojeol that is an everyday word with a particle (정말로 = 정말 + 로, 이름을, 선생님께) or a word ``wordfreq``
lists is no name. Text without Hangul costs one regex search.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .entities import Entity, EntityType
from .lexicons import common_rank
from .ner_lexicon import name_data

__all__ = ["find_korean_names"]

# The commonest family names (Statistics Korea, 2015 census; public facts), one syllable, then two.
_SURNAMES_1 = (
    "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현"
    "함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형계피두감음빈동"
    "온호범좌팽승간상갈시단견당화창옥순빙종풍묵근"
)
_SURNAMES_2 = ("남궁", "황보", "제갈", "사공", "선우", "서문", "독고", "동방")
# Syllables of given names: Faker ko_KR's given names' and those of the commonest registered given names.
_GIVEN_SYLLABLES = frozenset(
    "가각갑강건걸겸경계고곤공관광교구국군규균근금기길나남녕누늘다단달담대덕도돈동두득라람래량려련렬령로록"
    "루륜률리린림마만말매명모목무문미민바배백범벽별병보복봄봉부분비빈빛사산삼상새서석선설섭성세소솔송수숙"
    "순술슬승시식신실심아안애양언엄여연열엽영예오옥온완왕요욱용우운웅원월위유윤율은을음의이익인일임자장재"
    "전점정제조종주준중지직진찬창채천철청초춘충치칠탁태택표필하학한해향헌혁현형혜호홍화환황회효후훈휘희흠흥"
    "하늘솜름람결"
)
# What may follow the given name in the same eojeol: an honorific or a role, then a particle.
_HONORIFICS = (
    "선생님|선생|학생|환자|어린이|고객님|고객|회원님|회원|원장님|원장|교수님|교수|팀장님|팀장|과장님|과장|부장님|"
    "부장|차장님|차장|대리님|대리|실장님|실장|소장님|소장|사장님|사장|대표님|대표|이사님|주임|간호사|기사님|변호사|"
    "씨|님|군|양|께서|께"
)
_PARTICLES = (
    "에게서|에게|한테서|한테|으로부터|로부터|이랑|랑|하고|이나|이라는|라는|이라고|라고|이에요|예요|입니다|이다|이며|"
    "이고|이가|이는|이를|이의|이도|이와|처럼|보다|까지|은|는|이|가|을|를|의|와|과|도|만|야|아"
)
_AFTER = re.compile(rf"(?:(?:{_HONORIFICS})(?:{_PARTICLES})?|{_PARTICLES})?")
# What follows an everyday word in its eojeol (a particle or a case ending): 정말+로, 이번+에, 한국+에서
_WORD_AFTER = re.compile(rf"(?:{_PARTICLES}|으로|로|에서|에|에도|부터|들|님께|님)*")
_HONORIFIC_NEXT = re.compile(rf"[ \t]?(?:{_HONORIFICS})(?![\uac00-\ud7af])|[ \t]?(?:{_HONORIFICS})(?:{_PARTICLES})")
# Role, kin and label words that stand right before a name (as the whole previous word or its end: 보건교사).
_ROLE_BEFORE = re.compile(
    r"(?:의사|교사|담임|담당|담당자|담당의|주치의|원장|실장|팀장|과장|부장|차장|대리|사원|주임|소장|대표|이사|사장|"
    r"회장|교수|강사|선생님|간호사|약사|변호사|세무사|노무사|상담사|상담원|기사|학생|환자|보호자|계부|계모|아버지|"
    r"어머니|아빠|엄마|남편|아내|부인|와이프|아들|딸|형|오빠|누나|언니|동생|할머니|할아버지|삼촌|이모|고모|친구|"
    r"동료|후배|선배|막내|이웃|신청인|신청자|작성자|수신자|발신자|참조|피해자|가해자|피의자|원고|피고|채무자|"
    r"채권자|임대인|임차인|세입자|집주인|코치|매니저|성명|이름|성함|본인|고인|유족|배우자|자녀|손자|손녀|조카|"
    r"사위|며느리|장남|장녀|차남|차녀|보건교사|교감|교장|감독|작가|기자|통역사|수험생|지원자|가입자|계약자|"
    r"예금주|수취인|받는\s?사람|보내는\s?사람)[:：]?\s*$"
)
_HANGUL = re.compile("[\uac00-\ud7af]")
_EOJEOL = re.compile("[\uac00-\ud7af]{3,9}")
_ALONE_SEP = re.compile(r"\s*(?:[,、/·;]|및|와|과)\s*")
_COMMON_STEM = 5_000  # a stem among this many commonest Korean words, then a particle: a word (정말+로, 이번+에)
_COMMON_GIVEN = 3_000  # a "given name" this common is a word (국어 of 한국어, 하늘)


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    one = frozenset(_SURNAMES_1) | frozenset(s for s in name_data().ko_surnames if len(s) == 1)
    two = frozenset(_SURNAMES_2) | frozenset(s for s in name_data().ko_surnames if len(s) == 2)
    return one, two


def _is_word(stem: str, limit: int = 10**6) -> bool:
    """Whether ``wordfreq`` lists ``stem`` among Korean words (among the ``limit`` commonest): private people's
    names are in none of its 40,000 words (public figures are: 김연아, 박지성), compound nouns are (지원서, 인사말)."""
    rank = common_rank(stem, "ko")
    return rank is not None and rank < limit


@lru_cache(maxsize=16384)  # the same eojeols come back in every text of a conversation
def _name_span(word: str) -> int:
    """The length of the name at the start of the eojeol ``word`` (family + two given syllables), or 0."""
    one, two = _surnames()
    for n in (2, 1):
        family = word[:n]
        if (n == 2 and family not in two) or (n == 1 and family not in one):
            continue
        given = word[n : n + 2]
        if len(given) < 2 or not all(c in _GIVEN_SYLLABLES for c in given):
            continue
        rest = word[n + 2 :]
        if _AFTER.fullmatch(rest) is None:
            continue
        core = word[: n + 2]
        if _is_word(core) or (
            given not in name_data().ko_given and (common_rank(given, "ko") or 10**6) < _COMMON_GIVEN
        ):
            return 0
        # an everyday word and its particle or ending: 정말+로, 이름+을, 선생+님께, 이번+에
        for cut in range(2, len(word)):
            if (
                _is_word(word[:cut], _COMMON_STEM)
                and _WORD_AFTER.fullmatch(word[cut:])
                and word[:cut] not in name_data().ko_given
            ):
                return 0
        return n + 2
    return 0


def _alone(text: str) -> bool:
    """The text is nothing but Korean names (a tool-call or enum value: "차민혁", "윤서진, 차민혁")."""
    items = [s for s in _ALONE_SEP.split(text.strip()) if s]
    return bool(items) and all(_EOJEOL.fullmatch(s) is not None and _name_span(s) >= len(s) - 3 for s in items)


def find_korean_names(text: str) -> list[Entity]:
    """PERSON entities for Korean full names with a second sign (see the module docstring)."""
    if _HANGUL.search(text) is None:
        return []
    alone = len(text) <= 80 and _alone(text)
    found: list[Entity] = []
    for m in _EOJEOL.finditer(text):
        start = m.start()
        if start > 0 and _HANGUL.match(text, start - 1):
            continue
        span = _name_span(m.group())
        if not span:
            continue
        end = start + span
        after = m.group()[span:]
        signed = (
            alone
            or (after != "" and _HONORIFIC_NEXT.match(after) is not None)
            or (after == "" and _HONORIFIC_NEXT.match(text, m.end()) is not None)
            or _ROLE_BEFORE.search(text, max(0, start - 12), start) is not None
            or (text.startswith("(", m.end()) and text[m.end() + 1 : m.end() + 2].isdigit())  # 선우태식(010-…)
        )
        if signed:
            found.append(Entity(EntityType.PERSON, start, end, text[start:end], 0.8, "names-ko-form"))
    return found
