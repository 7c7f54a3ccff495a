"""Japanese full names written with a space between family and given name, when the family name is rare.

Forms, guest lists, rosters and signatures write 二階堂 紗月, 東雲 蓮司, 久我山 航平, 東海林 ひなた: a family
name, a space (ASCII or ideographic), a given name. :func:`.ner_segment.find_japanese_tagged_names` needs MeCab to
tag the first as a family name (人名-姓) *and* the second as a given name (人名-名); rare family names are
tagged as common nouns or places (東雲 "daybreak", 久我山 a district, 四月一日 a date), and a rarer given name is
split into single kanji (紗|月). The space itself is the second sign: with it, one side is enough —

- a given name MeCab tags (人名-名) made of given-name kanji (namedivider's counts, :mod:`.ner_kanji`), after
  a whole run of two to four kanji that is no common word and that MeCab reads as nouns (東雲 蓮司, 久我山 航平,
  四月一日 京介);
- a family name MeCab tags (人名-姓), then a short run of given-name kanji (二階堂 紗月) or a kana noun of two
  to five characters (東海林 ひなた; not 田中 です).

A name in a question about nobody the writer deals with is a public figure's (夏目 漱石は…ですか？) and is left.
Only text with a Han run, a space and a Han or kana run is parsed (one regex search otherwise).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .entities import Entity, EntityType
from .lexicons import common_rank
from .ner_kanji import kanji_counts
from .ner_segment import _JA_SUFFIX, _mecab, _modern_given, _public_question

__all__ = ["find_japanese_spaced_names"]

_HAN = "\u4e00-\u9fff\u3400-\u4dbf\u3005"
_KANA = "\u3041-\u3096\u30a1-\u30fa\u30fc"
# the given name in a lookahead: a run that fails as a given name is tried again as a family name (名簿　東海林 みのり)
_SPACED = re.compile(
    rf"(?<![{_HAN}{_KANA}])([{_HAN}]{{1,4}})(?=[ \u3000]([{_HAN}]{{1,4}}(?![{_HAN}])|[{_KANA}]{{2,5}}(?![{_KANA}])))"
)
_COMMON_FAMILY = 2_000  # a "family name" among this many commonest Japanese words is a word (東京, 明治)


def _nodes(text: str) -> list[tuple[str, list[str]]]:
    return [(n.surface, n.feature_raw.split(",")) for n in _mecab().parseToNodeList(text)]


@lru_cache(maxsize=4096)  # a request's history repeats its names: MeCab reads each pair once
def _is_name(family: str, given: str) -> bool:
    fam = _nodes(family)
    giv = _nodes(given)
    if not fam or not giv:
        return False
    fam_tagged = len(fam) == 1 and fam[0][1][2:4] == ["人名", "姓"]
    giv_tagged = giv[0][1][2:4] == ["人名", "名"] and (len(giv) == 1 or len(giv[0][0]) == 1)
    if given[0] >= "\u4e00" or given[0] == "\u3005":  # kanji
        counts = kanji_counts()
        # given-name kanji (namedivider's counts); one the table lacks only where MeCab tagged the name (蓮司)
        kanji_ok = all(counts.get(c, (0, 0))[1] >= 10 or (giv_tagged and c not in counts) for c in given)
        if not (_modern_given(given, True) or (kanji_ok and counts.get(given[-1], (0, 10))[1] >= 10)):
            return False  # 漱石: 石 ends no given name
        if fam_tagged:
            return True
        rank = common_rank(family, "ja")
        return (
            giv_tagged
            and len(family) >= 2
            and (rank is None or rank >= _COMMON_FAMILY)
            and all(f[0] == "名詞" for _, f in fam)
        )
    # kana: a family name MeCab knows, then one kana noun (ひなた; not です, さん)
    return fam_tagged and len(giv) == 1 and giv[0][1][0] == "名詞" and giv[0][1][1] != "数詞"


def find_japanese_spaced_names(text: str) -> list[Entity]:
    """PERSON entities for ``family␣given`` names whose family name MeCab does not know (module docstring)."""
    found: list[Entity] = []
    for m in _SPACED.finditer(text):
        family, given = m.group(1), m.group(2)
        end = m.end(2)
        while len(given) > 1 and given[-1] in _JA_SUFFIX:  # 紗月様
            given, end = given[:-1], end - 1
        if len(given) > 3 and given[0] >= "\u3400":
            continue  # four kanji: a word, no given name
        if _is_name(family, given) and not _public_question(text, m.start()):
            found.append(Entity(EntityType.PERSON, m.start(), end, text[m.start() : end], 0.8, "names-ja-spaced"))
    return found
