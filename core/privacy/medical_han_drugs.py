"""Drug names written in Chinese characters after a medication cue, by their transliteration endings.

Chinese writes an international drug name by sound ("多巴丝肼" levodopa/benserazide, "丙戊酸钠" sodium
valproate, "拉莫三嗪" lamotrigine) or by a drug-class stem (-他汀, -沙坦: :mod:`.medical_multilingual`'s INN
stems). A name with no known stem still ends in one of the characters chemistry and pharmacy use for the
substance class (肼 hydrazine, 胺 amine, 酮 ketone, 嗪 -azine, 唑 -azole, 酯 ester, 醇 -ol, 钠/钾 salts,
平/齐/林/尔/坦/汀/韦 the common transliterated final syllables), so a Han run of three to seven characters
that ends so is a drug name when it is an item of a medication phrase: after 服用/口服/在吃/用药/开了/加了/
换成 … in the same clause, the items separated by 和、及、与 and commas. Without the cue these endings are
too common in chemistry and ordinary words (丙酮 "acetone", 森林 "forest"), so nothing is reported.

Cost: one precompiled search for a cue; nothing else runs on text without one.
"""

from __future__ import annotations

import re

__all__ = ["han_drugs"]

Span = tuple[int, int, float, str]  # start, end, score, rule
_DRUG = 0.7
_CUE = re.compile(
    r"服用|口服|在吃|长期吃|每天吃|吃着|用药|药物[:：]?|开了|加了|加用|换成|改用|停用|停了|服药|注射|用着"
)
_SEPARATOR = re.compile(r"[和及与、，,]")
_CLAUSE_END = re.compile(r"[。；;！!？?\n]")
_ITEM = re.compile(
    r"(?:和|及|与|以及|加上|跟)?(?P<d>[\u4e00-\u9fff]{2,6}?(?:肼|胺|酮|嗪|唑|酯|醇|酸钠|酸钾|钠|钾|平|齐|林|尔|坦|汀|韦|松|定|泮))"
    r"(?:片|胶囊|缓释片|控释片|注射液|颗粒)?(?=$|[和及与、，,\s（(0-9每一]|以及|加上|跟)"
)
_ORDINARY = ("森林", "树林", "园林", "少林", "丛林", "平平", "公平", "和平", "水平", "决定", "确定", "一定")


def han_drugs(text: str) -> list[Span]:
    """Drug names among the items of each medication phrase of ``text`` (see the module's docstring)."""
    out: list[Span] = []
    for cue in _CUE.finditer(text):
        end = _CLAUSE_END.search(text, cue.end())
        clause_end = min(end.start() if end else len(text), cue.end() + 60)
        pos = cue.end()
        while pos < clause_end:
            m = _ITEM.match(text, pos, clause_end)
            if m is None:
                nxt = _SEPARATOR.search(text, pos, clause_end)
                if nxt is None:
                    break
                pos = nxt.end()
                continue
            word = m.group("d")
            if not word.endswith(_ORDINARY):
                out.append((m.start("d"), m.end("d"), _DRUG, "medical-han-drug"))
            pos = m.end()
            while pos < clause_end and text[pos] in "、，, ":
                pos += 1
    return out
