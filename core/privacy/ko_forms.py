"""Korean forms that name a clinic, a care home or a company, and a flat's floor and room, by where they stand.

New everyday requests written before this module (tests/privacy/test_classes_korean_vi.py) left these out:

- a clinic, hospital, care home, pharmacy or nursery by its own name, written as one word with its kind
  ("햇살요양원", "튼튼정형외과의원", "미소약국"). Their names are often everyday words ("햇살" sunshine, "미소"
  smile), so what is excluded is the kind of name that says which sort of place, not which one: a public or
  general word before the kind (시립, 국립, 대학, 종합, 동네, 동물, 개인, 요양 …), a very common word (rank below
  2500: 영어, 대학), or a name that opens with one of the commonest words, as the big public and chain hospitals'
  names open with their city or group (서울대병원, 삼성서울병원); a kind written apart ("동네 병원") is no name;
- a company after or before its legal form: (주)한빛테크, ㈜한빛테크, 주식회사 한빛테크, 한빛테크(주);
- the floor and room of a flat ("3층 302호", "101동 1203호"); a room number alone ("302호", "태풍 11호") is not taken.

Cost: one search for a Hangul syllable on any text; texts without Hangul stop there.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .lexicons import common_rank

__all__ = ["find_korean_forms"]

_HANGUL = re.compile("[\uac00-\ud7a3]")
_KIND = (
    "요양병원|요양원|치과의원|치과병원|한의원|한방병원|정형외과|신경외과|내과|소아과|소아청소년과|피부과|안과|"
    "이비인후과|산부인과|비뇨기과|비뇨의학과|재활의학과|정신건강의학과|의원|병원|치과|약국|어린이집|유치원|산후조리원"
)
# the kind may carry a particle or the copula (튼튼정형외과의원이에요), not a word of its own (병원비, 병원장, 병원실)
_PLACE = re.compile(f"(?<![\uac00-\ud7a3])(?P<name>[\uac00-\ud7a3]{{2,8}}?)(?:{_KIND})(?:의원|병원)?(?!비|장|실)")
# words before a kind that tell which sort of place, not which one
_GENERIC = frozenset(
    re.findall(
        "[^ ]+",
        "시립 국립 도립 구립 군립 공립 사립 대학 종합 동네 근처 동물 개인 전문 대형 상급 요양 가까운 유명한 좋은 이 그 "
        "저 어느 큰 작은 새 우리 집앞 집 주변 지역 보건 한방 치과 소아 여성 어린이 노인 민간 일반 전국 해외 외국",
    )
)
_COMMON = 2500
_OPENING = 1500  # a name opening with a word this common is a public or chain place's (서울대, 삼성서울)
_COMPANY = re.compile(
    "(?:\\(주\\)|㈜|주식회사\\s?)(?P<a>[\uac00-\ud7a3A-Za-z0-9&]{2,15})|(?P<b>[\uac00-\ud7a3A-Za-z0-9&]{2,15})(?:\\(주\\)|㈜)"
)
_ROOM = re.compile("[0-9]{1,4}동\\s?[0-9]{1,4}호|[0-9]{1,2}층\\s?[0-9]{1,4}호")


def _which_one(name: str) -> bool:
    """Whether the word before a place's kind names that one place (햇살, 튼튼정형외과), not a sort (시립, 동네)."""
    if name in _GENERIC:
        return False
    rank = common_rank(name, "ko")
    if rank is not None and rank < _COMMON:
        return False
    return not any((common_rank(name[:n], "ko") or _OPENING) < _OPENING for n in range(2, len(name)))


def find_korean_forms(text: str) -> list[Entity]:
    """Organizations named with their kind or legal form, and a flat's floor and room, in Korean text."""
    if _HANGUL.search(text) is None:
        return []
    found = [
        Entity(EntityType.ORGANIZATION, m.start(), m.end(), m.group(), 0.75, "org-ko-place")
        for m in _PLACE.finditer(text)
        if _which_one(m.group("name"))
    ]
    for m in _COMPANY.finditer(text):
        name = m.group("a") or m.group("b")
        rank = common_rank(name, "ko")
        if rank is None or rank >= _COMMON:
            found.append(Entity(EntityType.ORGANIZATION, m.start(), m.end(), m.group(), 0.8, "org-ko-company"))
    found.extend(
        Entity(EntityType.ADDRESS, m.start(), m.end(), m.group(), 0.75, "address-ko-room") for m in _ROOM.finditer(text)
    )
    return found
