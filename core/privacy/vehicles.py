"""Vehicle identifiers: licence plates and VINs, which point to one owner as surely as a name does.

- **A plate after its label**, in any format: "Kennzeichen", "immatriculation", "targa", "matrícula",
  "nr rejestracyjny", "kenteken", "registration", "licence plate", "plaka", "госномер", "biển số", "车牌号",
  "ナンバー", "번호판", "लोहा"… — the value (letters and digits in up to four groups) is a plate.
- **A plate by its national shape** where the text speaks of a vehicle (car, Fahrzeug, voiture, auto,
  samochód, araç, 车 …): France's ``AB-123-CD``, Italy's ``AB 123 CD``, the United Kingdom's
  ``AB12 CDE``, Germany's ``M-AB 1234``, the Netherlands' sidecodes (``12-ABC-3``, ``AB-123-C``), Poland's
  ``WA 12345``. A Chinese plate (province character, letter, five or six characters: ``京A·12345``) is
  distinctive enough anywhere.
- **A VIN** (17 characters, no I, O or Q): with a valid North American check digit (ISO 3779 position 9)
  anywhere; otherwise after its label (VIN, FIN, Fahrgestellnummer, châssis, telaio, bastidor, numer
  nadwozia, 车架号, 車台番号, 차대번호 …) or in a vehicle text. The check digit is computed here: python-stdnum
  has no VIN module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

from .entities import Entity, EntityType
from .label_starts import LabelStarts
from .normalize import lower_view

__all__ = ["find_vehicle_ids"]


def _words(text: str) -> list[str]:
    """The words of a space-separated list (long vocabularies read better as text than as list literals)."""
    return text.split()


# Plate labels, each matchable from the word that its stem (below) finds.
_PLATE_LABEL = re.compile(
    r"(?:(?<![^\W\d_])(?i:(?:licen[cs]e|number|registration|reg\.?)\s+plate(?:\s+(?:number|no\.?))?|"
    r"plate(?:\s+(?:number|no\.?))?|reg(?:istration)?(?:\s+(?:number|no\.?|mark))?|kennzeichen|"
    r"immatriculation|plaque(?:\s+d['’]immatriculation)?|targa|matr[íi]cula(?:\s+del\s+(?:coche|veh[íi]culo))?|placa|"
    r"rejestracyjn\w*|kenteken|nummerplaat|registreringsnummer|rekisteritunnus|spz|plaka(?:\s+no)?|госномер|"
    r"гос\.?\s*номер|номерной\s+знак|nomor\s+polisi|nopol|plat\s+nomor|nomor\s+plat|bi[eể]n\s+s[oố](?:\s+xe)?|لوحة(?:\s+السيارة)?|רישוי|वाहन\s+संख्या|गाड़ी\s+नंबर)"
    r"(?![^\W\d_])|车牌号?码?|車牌號?碼?|ナンバー(?:プレート)?|자동차\s?번호|차량\s?번호|번호판)"
    r"(?:\s*\([^)\n]{0,20}\)|(?:\s+[^\W\d_]{1,12}){1,2}(?=\s*[:：]))?"  # "kenteken auto: …", "plate (front): …"
    r"\s*(?:[:：#=№]|is|ist|est|es|è|to|是|は|는)?\s*"
)
_LABEL_STEMS = _words(
    "licen plate reg kennzeichen immatricul plaque targa matricula matrícula placa rejestracyjn kenteken "
    "nummerplaat registrer rekisteri spz plaka госномер гос номерн biển bien nomor nopol plat "
    "لوحة רישוי वाहन गाड़ी 车牌 車牌 ナンバー "
    "번호판 차량 자동차"
)
_VEHICLE_STEMS = _words(
    "car vehicle auto fahrzeug wagen pkw kfz unfall voiture véhicule coche vehículo veicolo macchina sinistro "
    "samoch pojazd kolizj voertuig araç araba машин автомобил xe tô سيارة רכב गाड़ी वाहन accident collision "
    "crash dashcam parking toll 车 車 자동차 차량"
)
_PLATE_VALUE = re.compile(
    r"(?=[^,;\n]{0,7}\d)[A-Z\u00c0-\u00de\u0410-\u042f\u4e00-\u9fff]{0,3}[A-Z0-9\u0410-\u042f]{0,8}"
    r"(?:[-\s·•.][A-Z0-9\u0410-\u042f]{1,5}){0,3}"
    r"(?![A-Za-z0-9\u0410-\u044f])"
)
_VEHICLE_WORDS = re.compile(
    r"(?<![^\W\d_])(?:car|cars|vehicle|auto|autos|fahrzeug\w*|wagen|pkw|kfz|unfall\w*|voiture|véhicule|coche|"
    r"veh[íi]culo|veicolo|macchina|sinistro|samoch[óo]d\w*|pojazd\w*|kolizj\w*|voertuig|auto's|araç|araba|"
    r"машин\w*|автомобил\w*|xe|ô\s+tô|سيارة|רכב|गाड़ी|वाहन|accident|collision|crash|dashcam|parking|toll)(?![^\W\d_])"
    r"|车|車|자동차|차량"
)
_PLATE_SHAPES = re.compile(
    r"(?<![A-Za-z0-9\u0410-\u044f-])(?:"
    r"[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}"  # France (SIV)
    r"|[A-Z]{2}\s?\d{3}\s?[A-Z]{2}"  # Italy
    r"|[A-Z]{2}\d{2}\s?[A-Z]{3}"  # United Kingdom
    r"|[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}\s?\d{1,4}[EH]?"  # Germany
    r"|(?=[A-Z-]*\d)(?=[\d-]*[A-Z])[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}(?<=[-A-Z0-9]{8})"  # Netherlands sidecodes
    r"|[АВЕКМНОРСТУХ]\d{3}[АВЕКМНОРСТУХ]{2}\d{2,3}"  # Russia
    r"|[A-Z]{2,3}\s\d[0-9A-Z]{3,4}"  # Poland
    r")(?![A-Za-z0-9\u0410-\u044f-])"
)
_CN_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·•\s]?[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_VIN = re.compile(r"(?<![A-Za-z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9])")
_VIN_LABEL = re.compile(
    r"(?i:(?<![^\W\d_])(?:vin|fin|fahrgestell\w*|fahrzeug-?ident\w*|ch[âa]ssis|telaio|bastidor|chassi|"
    r"nadwozia|vozidla|şasi|шасси|kuzov|кузов)(?![^\W\d_]))|车架号|車台番号|차대번호"
)
_VIN_VALUES = {c: i for i, c in enumerate("0123456789")} | dict(
    zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)
)
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_ok(vin: str) -> bool:
    """ISO 3779 / 49 CFR 565 check digit (position 9), used on every North American VIN."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    check = total % 11
    return vin[8] == ("X" if check == 10 else str(check))


def _ent(text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(EntityType.ID_OTHER, start, end, text[start:end], score, source)


@cache
def _stems() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for stem in _VEHICLE_STEMS:
        automaton.add_word(stem, (len(stem), False))
    for stem in _LABEL_STEMS:
        automaton.add_word(stem, (len(stem), True))  # a label stem (some are vehicle words too: 차량)
    automaton.make_automaton()
    return automaton


def _label_starts(text: str, low: str) -> tuple[list[int], bool]:
    """Where a plate label may start (the word around each label stem), and whether a vehicle word may occur."""
    starts: list[int] = []
    vehicle = False
    for last, (size, is_label) in _stems().iter(low):
        start = last - size + 1
        if not is_label:
            vehicle = True
            continue
        while start > 0 and text[start - 1].isalpha() and text[start].isascii() == text[start - 1].isascii():
            start -= 1
        if not starts or starts[-1] != start:
            starts.append(start)
    return starts, vehicle


def _plates(text: str, starts: list[int], vehicle_text: bool) -> Iterator[Entity]:
    for start in starts:
        m = _PLATE_LABEL.match(text, start)
        if m is None:
            continue
        v = _PLATE_VALUE.match(text, m.end())
        if v is None:
            continue
        value = v.group().rstrip(" .-·")
        if 4 <= len(value.replace(" ", "")) <= 12 and sum(c.isdigit() for c in value) >= 1:
            yield _ent(text, v.start(), v.start() + len(value), 0.9, "plate-label")
    if vehicle_text:
        for m in _PLATE_SHAPES.finditer(text):
            yield _ent(text, m.start(), m.end(), 0.7, "plate-shape")
    if _CJK.search(text):
        for m in _CN_PLATE.finditer(text):
            yield _ent(text, m.start(), m.end(), 0.85, "plate-cn")


def _vins(text: str, vehicle_text: bool) -> Iterator[Entity]:
    for m in _VIN.finditer(text):
        vin = m.group()
        letters = sum(c.isalpha() for c in vin)
        if letters < 2 or letters > 14:
            continue
        if vin_check_ok(vin):
            yield _ent(text, m.start(), m.end(), 0.95, "vin")
        elif vehicle_text or _VIN_LABEL.search(text, max(0, m.start() - 40), m.start()):
            yield _ent(text, m.start(), m.end(), 0.85, "vin-label")
        elif letters >= 3 and sum(c.isdigit() for c in vin) >= 3 and not all(c in "0123456789ABCDEF" for c in vin):
            yield _ent(text, m.start(), m.end(), 0.6, "vin-shape")


_VEHICLE_WORDS_AT = LabelStarts(_VEHICLE_WORDS)  # tried only where a vehicle word starts (label_starts)


def find_vehicle_ids(text: str) -> Iterator[Entity]:
    """Licence plates and VINs (see the module docstring); the caller runs it on texts with a digit."""
    low = lower_view(text)
    starts, vehicle_word = _label_starts(text, low)
    vehicle_text = vehicle_word and next(_VEHICLE_WORDS_AT.finditer(low), None) is not None
    yield from _plates(text, starts, vehicle_text)
    yield from _vins(text, vehicle_text)
