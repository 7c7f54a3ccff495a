"""Person names in scripts without capital letters: Chinese, Japanese, Korean, Arabic, Hebrew, Ethiopic.

Capitalisation tells nothing here, and surname characters are everyday words (王 "king", 高
"tall", 이 "this"), so a name needs a second sign besides the name lists (:mod:`.ner_lexicon`):

- an honorific after it: 先生/女士/老师 (zh), さん/様/先生/君 (ja), 씨/님/선생님 (ko);
- a word before it that introduces a person: 我叫, 名字は, 제 이름은, اسمي, السيد, שמי, מר;
- or a full name whose both halves are in the lists (山田太郎, 김민준, محمد العلي), bounded by
  punctuation, particles or other scripts;
- or, in Chinese and Japanese, a name a statistical tagger finds where none of these cues is
  (:mod:`.ner_segment`: MeCab/UniDic for Japanese, Baidu LAC for Chinese).

Cyrillic, Greek and Vietnamese names are capitalised and go through the main finder
(:mod:`.names`) with the same lists.
"""

from __future__ import annotations

import re
from functools import cache

from .entities import Entity, EntityType
from .lexicons import common_rank
from .name_words import _words
from .names_ethiopic import find_ethiopic_names
from .names_korean import find_korean_names
from .ner_han import find_chinese_full_names, find_japanese_full_names
from .ner_lexicon import name_data
from .ner_segment import confirm_chinese_names, find_chinese_tagged_names, find_japanese_tagged_names
from .ner_spaced_ja import find_japanese_spaced_names

__all__ = ["find_script_names"]

_HAN = "\u4e00-\u9fff\u3400-\u4dbf\u3005"  # with 々 (佐々木)
_ZH_HONORIFIC = re.compile(
    "先生|女士|小姐|老师|老師|医生|醫生|大夫|教授|同学|同學|经理|經理|主任|律师|律師|太太|阿姨|师傅|師傅|博士|总监|院长|护士|夫人"
)
_ZH_INTRO_AT = re.compile(
    r"(?:我叫|我是|名叫|叫做|姓名|联系人|聯繫人|患者|病人|客户|客戶|收件人|签名|簽名|署名|寄件人|申请人|申請人)[:：\s]*"
)
_HAN_ONLY = re.compile(f"[{_HAN}]+")
_ZH_STOP = frozenset("的了是在和与與说說我你他她们們也就都很要会會吗嗎呢吧啊把被给給对對从從到")
_JA_HONORIFIC = re.compile("さん|様|さま|先生|くん|君|ちゃん|氏|殿|部長|課長|社長|教授")
_JA_INTRO = re.compile(r"(?:私は|わたしは|僕は|名前は|氏名[:：]?|担当の|担当者[:：は]?|患者[:：]?)\s*$")
_KANA_GIVEN = re.compile(r"[\u30a1-\u30fa]{2,3}[子代江枝恵美]?")
_KATAKANA_NAME = re.compile(r"(?<![\u30a0-\u30ff])[\u30a1-\u30fa\u30fc]{2,}(?:[・=＝][\u30a1-\u30fa\u30fc]{2,})?")
_KO_HONORIFIC = re.compile(
    "씨|님|선생님|교수님|과장님|부장님|대리님|사장님|원장님|박사님|선생|교수|과장|부장|대리|사장|원장|박사|간호사"
)
_KO_INTRO = re.compile(
    r"(?:제\s*이름은|저는|이름[:：은]?|성함[:：은]?|담당자[:：는]?|환자[:：]?|받는\s*(?:사람|분)[:：]?|보내는\s*(?:사람|분)[:：]?|"
    r"수신자[:：]?|발신자[:：]?|신청인[:：]?|신청자[:：]?|청구인[:：]?|예금주[:：]?|수취인[:：]?|보호자[:：]?|작성자[:：]?|"
    r"피보험자[:：]?|계약자[:：]?|환자명[:：]?|고인[:：]?|상주[:：]?|유족[:：]?|대표자[:：]?|담당의[:：]?)\s*$"
)
_KO_AFTER = re.compile(
    r"(?:은|는|이|가|을|를|에게|한테|께서|께|의|와|과|랑|이랑|하고|도|입니다|이에요|예요|씨|님)?(?![\uac00-\ud7af])"
)
_HANGUL_RUN = re.compile(r"[\uac00-\ud7af]+")
_KO_PARTICLE_END = frozenset("는이가을를의와과도만랑")  # 은 is left out: 지은, 하은
_HAN_RUN = re.compile(f"[{_HAN}]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3]+")
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea'\"׳״]+")
_AR_INTRO = re.compile(
    r"(?:السيد|السيدة|الآنسة|الدكتور|الدكتورة|د\.|الأستاذ|الأستاذة|الشيخ|المهندس|المهندسة|اسمي|المريض|المريضة|"
    r"الموظف|الموظفة|أنا|"
    # kin, in standard and in spoken (Egyptian, Levantine, Gulf) Arabic: "جوزي أحمد سعيد", "مراتي منى"
    r"زوجي|زوجتي|جوزي|مراتي|ابني|ابنتي|بنتي|أخي|أختي|أخويا|اختي|أبي|أمي|ابويا|أبويا|امي|والدي|والدتي|"
    r"خطيبي|خطيبتي|حماتي|حمايا|عمي|خالي|عمتي|خالتي|جدي|جدتي|ستي)\s+$"
)
_HE_INTRO = re.compile(
    r"(?:מר|גברת|ד\"ר|ד״ר|דוקטור|פרופ'|עו\"ד|עו״ד|שמי|קוראים לי|המטופל|המטופלת|אני|"
    r"ו?בעלי|ו?אשתי|ו?אחותי|ו?אחי|ו?בתי|ו?בני)\s+$"  # kin: "ובעלי אלכסנדר", "אשתי נועה"
)
_AR_ABD = frozenset({"عبد", "عبيد"})
_AR_ALONE = re.compile(r"\s*[\u0621-\u064a\u066e-\u06d3]+(?: [\u0621-\u064a\u066e-\u06d3]+){1,4}\s*")
# first words of places and institutions named after people ("مسجد محمد علي", "مستشفى الملك فهد")
_AR_PLACE_HEADS = _words(
    "مسجد جامع مستشفى شارع مدرسة جامعة شركة مكتبة حي ميدان مدينة مركز بنك فندق مطعم صيدلية عيادة مؤسسة قرية"
)
_HE_KIN = re.compile(r"(?:ו?בעלי|ו?אשתי|ו?אחותי|ו?אחי|ו?בתי|ו?בני)\s+$")
# Titles after which any word that is not one of the language's most common is a name ("ד\"ר יוסי לוי").
_HE_TITLE = re.compile(r"(?:מר|גברת|ד\"ר|ד״ר|דוקטור|פרופ'|עו\"ד|עו״ד)\s+$")
_VERY_COMMON = 300
_COMMON = 3000  # a name that is also among this many most common words of its language needs context


def _person(text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(EntityType.PERSON, start, end, text[start:end], score, source)


def _chinese(text: str) -> list[Entity]:
    """A surname (and one or two given characters) before an honorific, or after a word that introduces a person."""
    surnames = name_data().zh_surnames
    found: list[Entity] = []
    taken = -1
    for m in _ZH_HONORIFIC.finditer(text):
        h = m.start()
        for i in range(max(0, h - 4, taken), h):
            n = next((n for n in (2, 1) if text[i : i + n] in surnames and h - i - n <= 2), 0)
            if (
                n
                and _HAN_ONLY.fullmatch(text, i, h)
                and not any(c in _ZH_STOP for c in text[i + n : h])
                and (h - i < 2 or (common_rank(text[i:h], "zh") or _COMMON) >= _COMMON)
            ):  # 司机师傅: a word before the honorific, not a name
                found.append(_person(text, i, h, 0.8, "names-zh"))
                taken = h
                break
    for m in _ZH_INTRO_AT.finditer(text):
        i = m.end()
        surname = next((text[i : i + n] for n in (2, 1) if text[i : i + n] in surnames), None)
        if surname is None or i < taken:
            continue
        after = i + len(surname)
        given_len = (
            2
            if _HAN_ONLY.fullmatch(text, after, after + 2) and not any(c in _ZH_STOP for c in text[after : after + 2])
            else 1
        )
        word = common_rank(text[i : after + 1], "zh")
        if (
            _HAN_ONLY.fullmatch(text, after, after + given_len)
            and text[after : after + given_len] not in _ZH_STOP
            and (word is None or word > _COMMON)
        ):
            found.append(_person(text, i, after + given_len, 0.75, "names-zh"))
            taken = after + given_len
    return found


def _japanese(text: str) -> list[Entity]:
    data = name_data()
    found: list[Entity] = []
    for run in _HAN_RUN.finditer(text):
        chunk, base = run.group(), run.start()
        for n in (3, 2, 1):
            surname = chunk[:n]
            if len(surname) < n or surname not in data.ja_surnames:
                continue
            rest = chunk[n:]
            given = next((rest[:k] for k in (3, 2, 1) if rest[:k] in data.ja_given), "")
            end = base + n + len(given)
            if end < run.end() and not given and not _JA_HONORIFIC.match(text, end):
                continue  # 中村屋, 山本線: a surname inside a longer word (中村先生 is one run, and a name)
            if _JA_HONORIFIC.match(text, end) or _JA_INTRO.search(text[max(0, base - 12) : base]):
                found.append(_person(text, base, end, 0.8, "names-ja"))
            elif given and len(surname) >= 2 and len(given) >= 2 and end == run.end():
                found.append(_person(text, base, end, 0.7, "names-ja"))
            elif (
                not given
                and end == run.end()
                and (kana := _KANA_GIVEN.match(text, end)) is not None
                and (_JA_HONORIFIC.match(text, kana.end()) or _JA_INTRO.search(text[max(0, base - 12) : base]))
            ):
                # a given name in katakana, as older women's are written ("山本トシ子様", "田中ハナさん")
                found.append(_person(text, base, kana.end(), 0.8, "names-ja"))
            break
    found.extend(
        _person(text, m.start(), m.end(), 0.75, "names-ja")
        for m in _KATAKANA_NAME.finditer(text)
        if _JA_HONORIFIC.match(text, m.end()) or _JA_INTRO.search(text[max(0, m.start() - 12) : m.start()])
    )
    return found


def _korean(text: str) -> list[Entity]:
    data = name_data()
    found: list[Entity] = []
    for run in _HANGUL_RUN.finditer(text):
        word, base = run.group(), run.start()
        for n in (2, 1):
            surname = word[:n]
            if len(surname) < n or surname not in data.ko_surnames or len(word) < n + 1:
                continue
            given = word[n : n + 2]
            end = base + n + len(given)
            if len(given) == 2 and _KO_HONORIFIC.match(text, end + (text[end : end + 1] == " ")):
                found.append(_person(text, base, end, 0.8, "names-ko"))
            elif (
                len(given) == 2
                and _KO_INTRO.search(text[max(0, base - 12) : base])
                and not (len(word) == n + 2 and word[-1] in _KO_PARTICLE_END and given not in data.ko_given)
            ):  # 받는 사람: 주소를 — a noun and its particle, not a name
                found.append(_person(text, base, end, 0.75, "names-ko"))
            elif given in data.ko_given and _KO_AFTER.match(text, end):
                found.append(_person(text, base, end, 0.7, "names-ko"))
            else:
                continue
            break
    return found


@cache
def _all_names() -> frozenset[str]:
    data = name_data()
    return data.first | data.last


def _lexicon_words(text: str, word: re.Pattern[str], intro: re.Pattern[str], lang: str, source: str) -> list[Entity]:
    """Arabic and Hebrew: a given name followed by another name, or any name after an introducing word."""
    names = _all_names()
    words = list(word.finditer(text))
    found: list[Entity] = []

    # a theophoric compound given name ("عبد الفتاح", "عبد الرحمن"): عبد and the ال-word after it are one name
    compound = {
        k + d
        for k in range(len(words) - 1)
        if lang == "ar"
        and words[k].group() in _AR_ABD
        and words[k + 1].group().startswith("ال")
        and text[words[k].end() : words[k + 1].start()] == " "
        for d in (0, 1)
    }

    def is_name(w: str, k: int = -1) -> bool:
        if w in names or k in compound:
            return True
        # Arabic "and/by/for" clitics (ومحمد) and the article of family names (العلي)
        return lang == "ar" and len(w) > 3 and (w[1:] in names or (w.startswith("ال") and w[2:] in names))

    def common(w: str) -> bool:
        rank = common_rank(w, lang)
        return rank is not None and rank < _COMMON

    i = 0
    while i < len(words):
        w = words[i].group()
        before = text[max(0, words[i].start() - 20) : words[i].start()]
        introduced = bool(intro.search(before))
        if introduced and lang == "he" and common(w) and _HE_KIN.search(before):
            introduced = False  # "בעלי עובד" (my husband works): a kin word before a common word
        titled = lang == "he" and introduced and _HE_TITLE.search(before) is not None
        if not titled and (not is_name(w, i) or (common(w) and not introduced and i not in compound)):
            i += 1
            continue
        if titled and not is_name(w) and (common_rank(w, lang) or _VERY_COMMON) < _VERY_COMMON:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and j - i < 3:
            nxt = words[j + 1]
            # after a title or kin word, a family name the lists lack still goes with the name ("אלכסנדר פטרוב")
            unknown = lang == "he" and introduced and common_rank(nxt.group(), lang) is None
            if text[words[j].end() : nxt.start()] != " " or not (is_name(nxt.group(), j + 1) or unknown):
                break
            j += 1
        if (j > i and not all(common(words[k].group()) for k in range(i, j + 1))) or introduced:
            found.append(_person(text, words[i].start(), words[j].end(), 0.75, source))
        i = j + 1
    if (
        lang == "ar"
        and 2 <= len(words) <= 5
        and _AR_ALONE.fullmatch(text)
        and words[0].group() not in _AR_PLACE_HEADS
        and all(is_name(words[k].group(), k) for k in range(1, len(words)))
    ):
        # the text is nothing but a few words (a tool-call or form value) and all but the first are names: a full
        # name, its first word a given name that is also a word ("ملك أحمد عبد الفتاح": Malak, "king")
        found.append(_person(text, words[0].start(), words[-1].end(), 0.75, source))
    return found


_HAS_KANA = re.compile("[\u3040-\u30ff]")
_HAS_HAN = re.compile(f"[{_HAN}]")
_HAS_HANGUL = re.compile("[\uac00-\ud7af]")
_HAS_ARABIC = re.compile("[\u0621-\u064a]")
_HAS_HEBREW = re.compile("[\u05d0-\u05ea]")


def find_script_names(text: str) -> list[Entity]:
    """PERSON entities written in Chinese, Japanese, Korean, Arabic or Hebrew script, wherever they stand."""
    found: list[Entity] = []
    if _HAS_KANA.search(text):
        found.extend(_japanese(text))
        found.extend(find_japanese_full_names(text))
        found.extend(find_japanese_tagged_names(text))
        found.extend(find_japanese_spaced_names(text))
    elif _HAS_HAN.search(text):
        rules = confirm_chinese_names(text, _chinese(text) + find_chinese_full_names(text))
        found.extend(rules)
        found.extend(find_chinese_tagged_names(text, rules))
        found.extend(find_japanese_full_names(text, kana=False))
        found.extend(find_japanese_tagged_names(text, kana=False))
        found.extend(find_japanese_spaced_names(text))
    if _HAS_HANGUL.search(text):
        found.extend(_korean(text))
        found.extend(find_korean_names(text))
    if _HAS_ARABIC.search(text):
        found.extend(_lexicon_words(text, _ARABIC_WORD, _AR_INTRO, "ar", "names-ar"))
    if _HAS_HEBREW.search(text):
        found.extend(_lexicon_words(text, _HEBREW_WORD, _HE_INTRO, "he", "names-he"))
    found.extend(find_ethiopic_names(text))  # one regex search where there is no Ethiopic letter
    return found
