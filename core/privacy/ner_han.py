"""Chinese and Japanese full names written without an honorific: 患者张建国，男 / 鈴木一郎と….

Han characters carry no capitals and no spaces, and surname characters are everyday words
(王 "king", 高 "tall"), so a name is told from a word by where it stands and by what it is made of:

- Chinese: a surname (Faker's zh_CN/zh_TW lists, single and double: 王, 欧阳) and one or two
  given-name characters that are no grammar characters, standing as a whole run of Han characters
  (a list item, a signature, a tool argument "马文博"), or after a word that introduces a person
  (患者, 联系人, 同事, 配偶, 给, 和) or before a word that follows one (的, 是, 和, 今天, 说). A
  string that ``wordfreq`` lists as a Chinese word (黄河, 马上, 孙中山, 李白) is a word — famous
  people and places are in those lists, private persons are not.
- Japanese: kana separate the words already, so a run of kanji is the candidate. It is a full
  name when its head is made of family-name kanji and its tail of given-name kanji (counts from
  namedivider's table, :mod:`.ner_kanji`): 鈴木一郎, 高橋美咲. A family name alone (中島, 加藤) is a
  name when Faker's ja_JP list has it or its kanji are family-name kanji, and a particle (は, が,
  に, と) or です follows it; a kanji surname followed by a hiragana given name (山口さくら) too.
  Common words (東京, 大阪, 会議) are left alone.
"""

from __future__ import annotations

import re
from functools import cache

from .entities import Entity, EntityType
from .lexicons import common_rank
from .ner_kanji import kanji_counts
from .ner_lexicon import name_data

__all__ = [
    "common_han_surnames",
    "find_chinese_full_names",
    "find_japanese_full_names",
    "han_name_parts",
    "han_surnames",
    "is_given_char",
    "is_zh_word",
]

_HAN = "\u4e00-\u9fff\u3400-\u4dbf\u3005"
_HAN_RUN = re.compile(f"[{_HAN}]+")
# characters that are grammar, numbers or pronouns: never part of a given name
_STOP = frozenset(
    "的了是在和与與说說我你他她它们們也就都很要会會吗嗎呢吧啊把被给給对對从從到这這那个個有没沒不人"
    "一二三四五六七八九十百千万萬年月日号號岁歲时時分上下里裡中内外前后後去来來为為以于於及或而但并並"
    "得地着著过過还還再又才已将將让讓请請问問用做看听聽写寫想"
)
# kinship words: "我父亲王建国", "我儿子孙浩然" name one person, whose given name may be a word (建国, 浩然)
_KIN = (
    "儿子|兒子|女儿|女兒|父亲|父親|母亲|母親|爸爸|妈妈|媽媽|爷爷|爺爺|奶奶|外公|外婆|孙子|孫子|孙女|孫女|哥哥|姐姐|"
    "弟弟|妹妹|叔叔|阿姨|舅舅|姑姑|岳父|岳母|公公|婆婆|女婿|儿媳|兒媳|老公|老婆|男朋友|女朋友|未婚夫|未婚妻"
)
# words before a person: roles, relations, verbs of giving and addressing
_ZH_BEFORE_WORD = re.compile(
    "(?:患者|病人|病患|伤者|客户|客戶|顾客|顧客|联系人|聯繫人|联络人|收件人|寄件人|申请人|申請人|负责人|負責人|"
    "同事|同学|同學|朋友|老板|老闆|经理|經理|主任|老师|老師|医生|醫生|护士|護士|律师|律師|配偶|丈夫|妻子|太太|"
    "先生|女士|" + _KIN + "|员工|員工|职员|職員|学生|學生|"
    "姓名|名字|签名|簽名|署名|作者|经办人|經辦人|给|給|和|跟|与|與|叫|是|问|問|找|通知|告诉|告訴|转告|轉告|"
    "提醒|联系|聯繫|邀请|邀請|见|見|由|向|替|帮|幫|让|讓|派)"
)
_ZH_ROLE = re.compile(
    "(?:患者|病人|病患|伤者|客户|客戶|顾客|顧客|联系人|聯繫人|联络人|收件人|寄件人|申请人|申請人|负责人|負責人|"
    "同事|同学|同學|朋友|老板|老闆|经理|經理|主任|老师|老師|医生|醫生|护士|護士|律师|律師|配偶|丈夫|妻子|太太|"
    "员工|員工|职员|職員|学生|學生|姓名|名字|签名|簽名|署名|作者|经办人|經辦人|" + _KIN + ")$"
)
# words after a person: particles, verbs of saying and doing, days
_ZH_AFTER = re.compile(
    "(?:的|是|和|与|與|跟|在|说|說|今天|昨天|明天|今日|昨日|明日|已|将|將|会|會|也|都|于|於|被|把|对|對|要|来|來|"
    "去|到|打|负责|負責|参加|參加|出院|入院|就诊|就診|住院|主诉|主訴|先生|女士|小姐|同志|老师|老師|医生|醫生|"
    "经理|經理|下周|上周|本周|下午|上午|晚上|早上|最近|刚才|剛才|因|患|自|有|没|沒|不|还|還|曾|刚|剛|正|让|讓|请|請|给|給|发|發|表示|认为|認為|告诉|告訴|提出|"
    "投诉|投訴|联系|聯繫|电话|電話|手机|手機|邮箱|郵箱|等|同|及|并|並|为|為|现|現|家|这|這|那|收|寄)"
)
_COMMON_ZH = 40_000  # wordfreq's small zh list: a string in it is a word (or a famous name), not a private one
_COMMON_JA = 2_000  # ja: family names are in the list too (田中 2789); places and words are above them


def _person(text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(EntityType.PERSON, start, end, text[start:end], score, source)


def _zh_word(chars: str) -> bool:
    rank = common_rank(chars, "zh")
    return rank is not None and rank < _COMMON_ZH


# the compound surnames in use today (Faker's lists hold only a few of them)
_COMPOUND = frozenset(
    re.findall(
        "..",
        "欧阳歐陽司马司馬上官诸葛諸葛东方東方皇甫尉迟尉遲公孙公孫慕容长孙長孫宇文司徒夏侯轩辕軒轅"
        "令狐端木南宫南宮西门西門独孤獨孤呼延澹台申屠闻人聞人范姜張簡张简",
    )
)


# the hundred most common single surnames of mainland China (a few, such as 付, 闫, 覃, are missing from Faker)
_COMMON_SINGLE = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈"
    "钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文"
)


@cache
def _zh_surnames() -> frozenset[str]:
    return name_data().zh_surnames | _COMPOUND | _COMMON_SINGLE


def find_chinese_full_names(text: str) -> list[Entity]:
    """PERSON entities for Chinese full names (surname + one or two given characters) that no
    honorific marks, found by where they stand (see the module docstring)."""
    surnames = _zh_surnames()
    found: list[Entity] = []
    for run in _HAN_RUN.finditer(text):
        chunk, base = run.group(), run.start()
        taken = 0
        for i in (0, *(m.end() for m in _ZH_BEFORE_WORD.finditer(chunk))):
            if i < taken or i >= len(chunk) - 1:
                continue
            surname = next((chunk[i : i + n] for n in (2, 1) if chunk[i : i + n] in surnames), None)
            role = i > 0 and _ZH_ROLE.search(chunk, 0, i) is not None
            hit = None if surname is None else _zh_given(chunk, i, len(surname), role)
            if hit is not None:
                found.append(_person(text, base + i, base + hit, 0.7, "names-zh"))
                taken = hit
    return found


def _rare_word(chars: str) -> bool:
    return (common_rank(chars, "zh") or _COMMON_ZH) >= 15_000


def _zh_given(chunk: str, start: int, surname_len: int, role: bool) -> int | None:
    """The end of a name starting at ``start`` whose surname has ``surname_len`` characters, if one fits.

    After a role word (患者, 同事) a given name may be a word as well (建国); elsewhere not (和干辣椒)."""
    after = start + surname_len
    for given_len in (2, 1):
        end = after + given_len
        if end > len(chunk) or any(c in _STOP for c in chunk[after:end]):
            continue
        name = chunk[start:end]
        whole = start == 0 and end == len(chunk)
        head = chunk[start : after + 1]  # the surname and the first given character: 马上 in 马上就
        if _zh_word(name) or len(name) > 4 or (not whole and _zh_word(head) and not (role and _rare_word(head))):
            continue  # 黄河, 马上就, 孙中山: words and famous names; after a role 王建 (a rare word) starts 王建国
        if given_len == 2 and not (role or whole) and (common_rank(chunk[after:end], "zh") or _COMMON_ZH) < 15_000:
            continue
        if end < len(chunk) and _zh_word(chunk[end - 1 : end + 1]) and not _ZH_AFTER.match(chunk, end):
            continue  # the last given character starts a word with the next one: not a boundary
        if whole or end == len(chunk) or _ZH_AFTER.match(chunk, end) or (role and given_len == 2):
            if whole and len(name) == 2 and surname_len == 1 and not _given_char(name[1]):
                continue
            return end
    return None


@cache
def _zh_given_chars() -> frozenset[str]:
    return frozenset("".join(name_data().zh_given))


def _given_char(char: str) -> bool:
    counts = kanji_counts().get(char)
    return char in _zh_given_chars() or (counts is not None and counts[1] >= 20)


# Japanese -------------------------------------------------------------------------------------

_JA_AFTER = re.compile(
    "(?:さん|様|さま|君|くん|ちゃん|氏|先生|には|とは|では|から|まで|より|です|でした|は|が|に|と|の|も|を|へ|や|"
    "[、。，．,.!?！？:：;；)）」』\\s]|$)"
)
_HIRAGANA_GIVEN = re.compile(
    "(?![はがにとのもをへやでかよ]|さん|さま|くん|ちゃん)[\u3041-\u3096]{2,3}"
    "(?=さん|様|ちゃん|くん|は|が|に|と|の|も|を|です|[、。\\s]|$)"
)


def _family_char(char: str, strict: bool) -> bool:
    family, given = kanji_counts().get(char, (0, 0))
    return family >= (80 if strict else 30) and family >= 4 * given


def _given_kanji(char: str) -> bool:
    family, given = kanji_counts().get(char, (0, 0))
    return given >= 20 and given >= 2 * family


def _ja_common(chars: str) -> bool:
    rank = common_rank(chars, "ja")
    return rank is not None and rank < _COMMON_JA


def find_japanese_full_names(text: str, kana: bool = True) -> list[Entity]:
    """PERSON entities for Japanese names in kanji (鈴木一郎, 中島 + particle, 山口さくら).

    In a text without kana (a form, a tool argument, a name inside English) only a whole run of
    kanji that is a full name counts."""
    surnames = name_data().ja_surnames
    found: list[Entity] = []
    for run in _HAN_RUN.finditer(text):
        chunk, start, end = run.group(), run.start(), run.end()
        if _ja_common(chunk) or len(chunk) > 6:
            continue
        if not kana and _zh_word(chunk):
            continue
        if len(chunk) >= 3:
            for family_len in (3, 2, 1):
                family, given = chunk[:family_len], chunk[family_len:]
                if not given or len(given) > 3:
                    continue
                family_ok = family in surnames or (
                    len(family) >= 2 and all(_family_char(c, strict=False) for c in family)
                )
                given_ok = _given_kanji(given[-1]) and all(kanji_counts().get(c, (0, 0))[1] >= 100 for c in given[:-1])
                if family_ok and given_ok:
                    found.append(_person(text, start, end, 0.75, "names-ja"))
                    break
            if found and found[-1].start == start:
                continue
        if not kana:
            continue
        if not _JA_AFTER.match(text, end) and not _HIRAGANA_GIVEN.match(text, end):
            continue
        lone = chunk in surnames or (len(chunk) == 2 and all(_family_char(c, strict=True) for c in chunk))
        if not lone:
            continue
        given_kana = _HIRAGANA_GIVEN.match(text, end)
        if given_kana:
            end = given_kana.end()
        found.append(_person(text, start, end, 0.7, "names-ja"))
    return found


def han_name_parts(value: str) -> list[str]:
    """The family and the given name inside a Chinese or Japanese full name, for finding either alone in a
    later turn (鈴木一郎 → 鈴木, 一郎; 欧阳明轩 → 欧阳, 明轩). A part of one character (张) or one that is an
    ordinary word (建国) is left out: replaced everywhere, it would hit ordinary text."""
    if not 3 <= len(value) <= 5 or not _HAN_RUN.fullmatch(value):
        return []
    ja = name_data().ja_surnames
    for n in (3, 2, 1):
        family = value[:n]
        if family in ja or family in _zh_surnames() or (n >= 2 and all(_family_char(c, strict=False) for c in family)):
            given = value[n:]
            parts = [family, given] if given else [family]
            return [p for p in parts if len(p) >= 2 and not _zh_word(p) and not _ja_common(p)]
    return []


def han_surnames() -> frozenset[str]:
    """Chinese surnames, single and compound (Faker's zh_CN/zh_TW lists and the commonest in use)."""
    return _zh_surnames()


# the same hundred in traditional characters where they differ, and a few more of the commonest
_COMMON_SINGLE_MORE = frozenset(
    "陳張劉楊黃趙吳孫馬郭羅鄭謝許韓馮鄧蕭葉蔣蘇呂盧姚沈鍾譚陸賈鄒閻龍賀龔萬錢嚴喬賴傅萧阎殷柳骆"
)


@cache
def common_han_surnames() -> frozenset[str]:
    """The commonest Chinese surnames only (about 140, with the compound ones): 王, 陳, 欧阳 — not 花, 米."""
    return _COMMON_SINGLE | _COMMON_SINGLE_MORE | _COMPOUND


def is_given_char(char: str) -> bool:
    """A character that stands in Chinese or Japanese given names (Faker's lists, namedivider's counts)."""
    return _given_char(char)


def is_zh_word(chars: str) -> bool:
    """A string ``wordfreq`` lists among the common Chinese words (a word or a famous name, not a private one)."""
    return _zh_word(chars)
