"""Health terms in Thai, which runs its words together: conditions, mental health, pregnancy and IVF, procedures.

Thai writes no spaces between words, so the stemming and word matching of :mod:`.medical_multilingual`
do not apply; the terms below are found as substrings of Thai text, longest first. Curated by hand for
IslandRun (issue 16) from general knowledge of the language (the everyday and the clinical name of
each condition: เบาหวาน, ความดันโลหิตสูง, โรคซึมเศร้า ...); no third-party text copied. A weak term
(an everyday word too: "แท้ง" also in idioms, "ผ่าตัด" in news) counts only with a clinical cue word
(หมอ, แพทย์, โรงพยาบาล, ยา, คลินิก) in the text. One Aho-Corasick pass finds terms and cue words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

from .entities import Entity, EntityType

__all__ = ["find_thai_medical"]


_TERMS = (
    "เบาหวาน|ความดันโลหิตสูง|ความดันสูง|โรคความดัน|ไขมันในเลือดสูง|คอเลสเตอรอลสูง|ซึมเศร้า|โรคซึมเศร้า|วิตกกังวล|"
    "โรควิตกกังวล|โรคแพนิค|แพนิค|ไบโพลาร์|โรคอารมณ์สองขั้ว|จิตเภท|โรคจิต|ออทิสติก|สมาธิสั้น|ทำร้ายตัวเอง|คิดฆ่าตัวตาย|"
    "ฆ่าตัวตาย|หัวใจวาย|กล้ามเนื้อหัวใจตาย|โรคหัวใจ|หัวใจล้มเหลว|หลอดเลือดสมอง|เส้นเลือดในสมองตีบ|เส้นเลือดในสมองแตก|"
    "อัมพฤกษ์|อัมพาต|มะเร็ง|มะเร็งเต้านม|มะเร็งปากมดลูก|มะเร็งปอด|มะเร็งตับ|มะเร็งลำไส้|เนื้องอก|ลิวคีเมีย|"
    "หอบหืด|โรคหืด|วัณโรค|ปอดอักเสบ|ปอดบวม|ไข้หวัดใหญ่|ไข้เลือดออก|เอชไอวี|เอดส์|ติดเชื้อเอชไอวี|ไวรัสตับอักเสบ|"
    "ตับอักเสบ|ตับแข็ง|ลมชัก|โรคลมชัก|สมองเสื่อม|อัลไซเมอร์|พาร์กินสัน|ติดสุรา|ติดเหล้า|ติดยาเสพติด|ติดยา|"
    "ตั้งครรภ์|ตั้งท้อง|อายุครรภ์|ฝากครรภ์|แท้งบุตร|แท้งลูก|ทำแท้ง|ภาวะมีบุตรยาก|มีบุตรยาก|เด็กหลอดแก้ว|"
    "ทำกิฟท์|อิ๊กซี่|ฉีดเชื้อ|ย้ายตัวอ่อน|เก็บไข่|ไตวาย|ไตวายเรื้อรัง|โรคไต|ฟอกไต|ล้างไต|เคมีบำบัด|ฉายแสง|"
    "รังสีรักษา|ผ่าคลอด|นอนไม่หลับ|ไมเกรน|ข้อเสื่อม|รูมาตอยด์|เก๊าท์|กระดูกพรุน|ไทรอยด์|ภูมิแพ้|ยาต้านซึมเศร้า|"
    "ยานอนหลับ|ยาคลายเครียด|อินซูลิน|ผู้พิการ|พิการ|กระดูกหัก|ข้อเคลื่อน|เอ็นฉีก|ไข้สมองอักเสบ|ซิฟิลิส|หนองใน|"
    "เริม|งูสวัด|อีสุกอีใส|หัด|คางทูม|ไข้ไทฟอยด์|ยาบ้า|ยาไอซ์|บำบัดยาเสพติด|บำบัดยาบ้า|เมทาโดน|ติดยาบ้า|"
    "หนองในเทียม|หูดหงอนไก่|เหงือกอักเสบ|ปริทันต์อักเสบ|ฟันผุ|เอ็นไขว้หน้าขาด|สมองพิการ|"
    # wounds and ulcers by their head "แผล" (pressure sores, diabetic and stomach ulcers), and the symptoms of old age
    "แผลกดทับ|แผลเบาหวาน|แผลเรื้อรัง|แผลติดเชื้อ|แผลในกระเพาะอาหาร|แผลในกระเพาะ|แผลในลำไส้|แผลผ่าตัด~|"
    "ภาวะสมองเสื่อม|หลงลืม~|ปัสสาวะเล็ด|กลั้นปัสสาวะไม่อยู่|ข้อสะโพกเทียม|ข้อเข่าเทียม|เครื่องกระตุ้นหัวใจ|"
    "ผ่าตัด~|แท้ง~|ไข้~|ปวดหัว~|เวียนศีรษะ~|คลื่นไส้~|"
    # addiction by its substance ("ติด…" addicted to), and the substances, whose Thai names are too short a skeleton
    # for the transliteration route of medical_scripts_drugs (โคเคน, เฮโรอีน); violence, brain death, suicide attempts
    "ติดโคเคน|ติดเฮโรอีน|ติดยาไอซ์|ติดกัญชา|ติดฝิ่น|ติดกระท่อม|ติดยานอนหลับ|ติดการพนัน|ติดพนัน|เมทแอมเฟตามีน|"
    "แอมเฟตามีน|โคเคน|เฮโรอีน|กัญชา~|ฝิ่น~|พยายามฆ่าตัวตาย|ถูกข่มขืน|ข่มขืน~|ล่วงละเมิดทางเพศ|ความรุนแรงในครอบครัว|"
    "สมองตาย|ภาวะสมองตาย|ต้อกระจก|ต้อหิน"
)
_CUES = ("หมอ", "แพทย์", "โรงพยาบาล", "คลินิก", "ยา", "ผู้ป่วย", "คนไข้", "รักษา", "วินิจฉัย", "อาการ", "มก.", "mg")
# Weak one-syllable terms that are also the start of everyday words ("หัด" practise in "หัดขับรถ"): never alone.
_TOO_SHORT = frozenset({"หัด", "เริม"})
_TERM, _WEAK, _CUE = 0, 1, 2
_CONDITION = re.compile(r"ภาวะ[\u0e01-\u0e4e]{3,20}")


@cache
def _automaton() -> Any:
    """Aho-Corasick automaton: NFKC term -> (kind, length); one pass finds every term and cue word."""
    automaton = ahocorasick.Automaton()
    for raw in _TERMS.split("|"):
        term = unicodedata.normalize("NFKC", raw.rstrip("~"))
        kind = _WEAK if raw.endswith("~") or raw in _TOO_SHORT else _TERM
        automaton.add_word(term, (kind, len(term)))
    for raw in _CUES:
        cue = unicodedata.normalize("NFKC", raw)
        if cue not in automaton:
            automaton.add_word(cue, (_CUE, len(cue)))
    automaton.make_automaton()
    return automaton


def find_thai_medical(text: str) -> list[Entity]:
    """Thai health terms of ``text`` (the caller checks that it has Thai letters)."""
    hits: list[tuple[int, int, int]] = []
    cue = False
    for end, (kind, length) in _automaton().iter(text):
        if kind == _CUE:
            cue = True
        else:
            hits.append((end + 1 - length, end + 1, kind))
            cue = cue or (kind == _TERM and text[end + 1 - length : end + 1] in _CUES)
    # "ภาวะ…" (the condition of …) heads a condition name no list holds ("ภาวะรังไข่เสื่อมก่อนวัย"): only in a text
    # about health (a cue word or a listed term), since it heads "ภาวะเศรษฐกิจ" (the economic situation) too
    if "ภาวะ" in text and (cue or any(kind == _TERM for _, _, kind in hits)):
        hits.extend((m.start(), m.end(), _TERM) for m in _CONDITION.finditer(text) if m.end() - m.start() > 7)
    out: list[Entity] = []
    reach = -1
    for start, stop, kind in sorted(hits, key=lambda h: (h[0], -h[1])):  # longest first at each start, no overlaps
        if start < reach or (kind == _WEAK and not cue):
            continue
        reach = stop
        score = 0.8 if kind == _TERM else 0.6
        out.append(Entity(EntityType.MEDICAL, start, stop, text[start:stop], score, "th-medical"))
    return out
