"""Japanese forms that name a person, a company, a flat or an account by where they stand.

Japanese has no capitals and no spaces, so most of MIST's Japanese names come from the morphological tagger
(:mod:`.ner_segment`) and the kanji tables (:mod:`.ner_kanji`). What they miss is what only the words around a value
show; new everyday requests written before this module (tests/privacy/test_classes_japanese.py) left these out:

- a given name after a kinship word and の ("息子の悠真が", "妹の美咲のことで"): every kanji of it is one that given
  names use (:func:`.ner_kanji.kanji_counts`) and it is not an everyday word (frequency rank 2000 or rarer: 美咲 8416,
  not 結婚式 2792 — whose 婚 no name uses — nor 友達 448); a kana name needs an honorific after it ("娘のさくらちゃん");
- a name before an honorific (さん, 様, 氏, 先生, くん, ちゃん, 君) whose kanji are all name kanji, also when the
  name is a common word ("大塚さん": Ōtsuka is a Tokyo district too), except the words that take 様 or さん without
  being anyone (皆様, 神様, お客様, 奥様, 王様) and shops (八百屋さん);
- a foreign name in katakana with its parts joined by ・ or ＝ before an honorific ("グエン・ヴァン・ミンさん"); without
  one, or with 氏 (news style), it is as likely a public figure (ドナルド・トランプ氏) and is left alone;
- a company after or before its legal form (株式会社ヤマト精工, ヤマト精工株式会社, (株)…, 医療法人社団…), and a
  care home or dormitory after its kind ("特別養護老人ホームさくら苑");
- a flat: the building's name and its room number ("ヒロオハイツ402号室"), which follow the street address (a room
  number alone, "3階の302号室", is any room);
- a bank account number after its type ("普通 3318472", "当座預金 0123456", "口座番号 1234567").

Cost: one search for a kana letter on any text; texts without kana stop there.
"""

from __future__ import annotations

import re

from .entities import Entity, EntityType
from .lexicons import common_rank
from .ner_kanji import kanji_counts

__all__ = ["find_japanese_forms"]

_KANA = re.compile("[\u3041-\u30ff]")
_HAN = "\u4e00-\u9fff\u3005"
_KATA = "\u30a1-\u30fa\u30fc"
_HONORIFIC = "さん|様|さま|先生|くん|君|ちゃん"  # not 氏: news style gives it to public figures (岸田氏)
_KIN = (
    "息子|娘|長男|長女|次男|次女|三男|三女|妹|弟|姉|兄|妻|夫|母|父|祖母|祖父|孫|義母|義父|叔母|叔父|伯母|伯父|姪|甥|"
    "従兄弟|従姉妹|いとこ|彼氏|彼女|婚約者|主人|家内|嫁|婿|子供|子ども|友人|同僚|上司|部下|恋人|パートナー"
)
_AFTER_NAME = "(?=が|は|の|を|に|と|も|へ|から|まで|より|って|、|。|\\s|$)"
_KIN_NAME = re.compile(
    f"(?:{_KIN})の(?:(?P<han>[{_HAN}]{{1,3}}){_AFTER_NAME}|(?P<kana>[{_KATA}]{{2,6}}|[\u3041-\u3096]{{2,4}})(?={_HONORIFIC}))"
)
_HONORED = re.compile(f"(?P<han>[{_HAN}]{{1,6}})(?:{_HONORIFIC})")
_NOT_SOMEONE = frozenset(
    [
        "皆",
        "皆様",
        "神",
        "神様",
        "客",
        "お客",
        "王",
        "王様",
        "奥",
        "奥様",
        "殿",
        "殿様",
        "仏",
        "仏様",
        "先生",
        "患者",
        "医者",
        "店長",
        "社長",
    ]
)
_DOTTED = re.compile(f"[{_KATA}]{{2,}}(?:[・＝=][{_KATA}]{{2,}}){{1,3}}(?=さん|様|さま|くん|ちゃん|君)")
_COMPANY_WORD = (
    "株式会社|有限会社|合同会社|合資会社|医療法人社団|医療法人財団|医療法人|社会福祉法人|学校法人|一般社団法人|"
    "一般財団法人|（株）|\\(株\\)|㈱"
)
_ORG_NAME = f"[{_KATA}{_HAN}A-Za-zＡ-Ｚａ-ｚ0-9０-９&＆・ー]{{2,20}}"
_COMPANY = re.compile(f"(?:{_COMPANY_WORD})\\s?(?P<n1>{_ORG_NAME})|(?P<n2>{_ORG_NAME})\\s?(?:{_COMPANY_WORD})")
_FACILITY = re.compile(
    "(?:特別養護老人ホーム|有料老人ホーム|老人ホーム|介護老人保健施設|グループホーム|サービス付き高齢者向け住宅|"
    f"デイサービス|ショートステイ|保育園|学生寮|社員寮)\\s?(?P<n>[{_KATA}{_HAN}\u3041-\u3096]{{1,10}}?(?:苑|園|荘|の里|の家|ハウス|館|寮))"
)
_ROOM = re.compile(f"[{_KATA}{_HAN}A-Za-zＡ-Ｚａ-ｚ]{{2,16}}\\s?[0-9０-９]{{1,4}}号室")  # a building's name first
_ACCOUNT = re.compile("(?:普通預金|当座預金|普通|当座|貯蓄|口座番号)[\\s:：]*(?P<n>[0-9０-９]{7})(?![0-9０-９])")

_COMMON_WORD = 2000  # a word this frequent is an everyday word (友達 448, 結婚式 2792 is kept out by its kanji)


def _name_kanji(chars: str, given: bool) -> bool:
    """Every character is one that names use (given names only, when ``given``)."""
    counts = kanji_counts()
    for char in chars:
        family, given_uses = counts.get(char, (0, 0))
        if given_uses < 20 and (given or family < 30):
            return False
    return True


def _everyday(word: str) -> bool:
    rank = common_rank(word, "ja")
    return rank is not None and rank < _COMMON_WORD


def _known_word(word: str) -> bool:
    """Any word of the frequency list: a company is named by what is not one (ヤマト精工), not by 設立 or 化."""
    rank = common_rank(word, "ja")
    return rank is not None and rank < 30_000


def _honored_name(han: str) -> tuple[int, int] | None:
    """The name's span within a kanji run before an honorific: its longest ending of name kanji (at most 4)."""
    for size in range(min(4, len(han)), 0, -1):
        name = han[-size:]
        if name in _NOT_SOMEONE or name.endswith("屋"):  # 八百屋さん, 魚屋さん: a shop
            continue
        if _name_kanji(name, given=False) and (size > 1 or not _everyday(name)):
            return len(han) - size, len(han)
    return None


def find_japanese_forms(text: str) -> list[Entity]:
    """Persons, organizations, flats and bank accounts that Japanese marks by the words around them."""
    if _KANA.search(text) is None:
        return []
    found: list[Entity] = []

    def add(kind: EntityType, start: int, end: int, score: float, rule: str) -> None:
        found.append(Entity(kind, start, end, text[start:end], score, rule))

    for m in _KIN_NAME.finditer(text):
        han = m.group("han")
        if han is not None:
            if _name_kanji(han, given=True) and not _everyday(han):
                add(EntityType.PERSON, m.start("han"), m.end("han"), 0.75, "names-ja-kin")
        elif not _everyday(m.group("kana")):
            add(EntityType.PERSON, m.start("kana"), m.end("kana"), 0.75, "names-ja-kin")
    for m in _HONORED.finditer(text):
        span = _honored_name(m.group("han"))
        if span is not None:
            add(EntityType.PERSON, m.start() + span[0], m.start() + span[1], 0.7, "names-ja-honorific")
    for m in _DOTTED.finditer(text):
        add(EntityType.PERSON, m.start(), m.end(), 0.8, "names-ja-katakana-dotted")
    for m in _COMPANY.finditer(text):
        if _known_word(m.group("n1") or m.group("n2")):  # 株式会社設立 "founding a company": no company named
            continue
        add(EntityType.ORGANIZATION, m.start(), m.end(), 0.8, "org-ja-company")
    for m in _FACILITY.finditer(text):
        add(EntityType.ORGANIZATION, m.start("n"), m.end("n"), 0.75, "org-ja-facility")
    for m in _ROOM.finditer(text):
        add(EntityType.ADDRESS, m.start(), m.end(), 0.75, "address-ja-room")
    for m in _ACCOUNT.finditer(text):
        add(EntityType.BANK_ACCOUNT, m.start("n"), m.end("n"), 0.85, "account-ja")
    return found
