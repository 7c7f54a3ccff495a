"""Other ways a chat writes a name the detector found elsewhere in the conversation: a pet form, a kana reading.

People name someone fully once ("Uczennica Oliwia Kamińska", "祖母の秋山 千鶴子") and informally in another turn
("oliwka z 7b znowu przyszła", "あきやまのおばあちゃん"). Those short forms are ordinary words or kana that no
finder can take for a name alone ("oliwka" is also an olive), but beside the full name they are that person.
The vault looks for a person's value and its parts (:func:`.vault.name_parts`) in every field of the conversation;
:func:`name_variants` gives it these too:

- :func:`given_name_forms`: the pet forms West Slavic languages make with a suffix, which chats write in lower
  case — Oliwia → oliwka, Zuzanna → zuzia / zuzka / zuza, Dorota → dorotka, Piotr → piotrek / piotruś;
- :func:`kana_readings`: the reading of a Japanese family name in hiragana (秋山 → あきやま), as MeCab/UniDic gives
  it for a word it tags 人名-姓, only once MeCab is loaded (a Japanese text was read): no name costs the tagger's load;
- :data:`PET_FORMS`: the well-known short forms no suffix makes (Ignacio → Nacho, Maria Eduarda → Duda, José → Zé,
  Giuseppe → Beppe, William → Bill, Александр → Саша), curated from general knowledge for the languages of the
  tuning sets. A form that is a common English word ("Will", "Bill") is matched only as written, capitalised
  (:func:`.vault.match_case_sensitively`).
"""

from __future__ import annotations

import re

from .lexicons import first_names
from .ner_lexicon import name_data

__all__ = ["PET_FORMS", "given_name_forms", "kana_readings", "name_variants"]

# given name: its short forms that no suffix rule makes (es, pt, it, en, de, fr, ru, uk)
_PET_TABLE = """
ignacio Nacho; josé Pepe Zé; francisco Paco Pancho Curro Chico; dolores Lola; concepción Concha Conchi;
enrique Quique; rosario Charo; guadalupe Lupe; jesús Chucho Chus; manuel Manolo Manu; fernando Nando;
guillermo Memo; roberto Beto; alberto Beto; eduardo Lalo Dudu; mercedes Merche; consuelo Chelo; ramón Moncho;
santiago Santi; pilar Pili; eduarda Duda; antônio Tonho Toninho; antónio Tonho Toninho; fernanda Nanda;
gabriela Gabi; rafael Rafa; isabela Bela; giuseppe Beppe Peppe Pino; luigi Gigi; francesco Checco Cecco;
giovanni Gianni Nanni; salvatore Totò Turi; vincenzo Enzo; domenico Mimmo; alessandro Sandro; margherita Rita;
elisabetta Betta; william Bill Billy Will; robert Bob Bobby Rob; richard Dick Rick Rich; margaret Maggie Peggy Meg;
elizabeth Liz Lizzie Beth Betty; katherine Kate Katie Kathy; catherine Kate Katie Cathy; james Jim Jimmy Jamie;
edward Ted Eddie Ed; charles Charlie Chuck; anthony Tony; christopher Chris; jennifer Jen Jenny; rebecca Becky;
susan Sue Susie; patricia Pat Patty Trish; michael Mike Mikey; joseph Joe Joey; thomas Tom Tommy;
alexander Alex Sasha; daniel Dan Danny; matthew Matt; nicholas Nick Nicky; samuel Sam Sammy; benjamin Ben Benny;
jonathan Jon; stephen Steve; steven Steve; timothy Tim; deborah Debbie; victoria Vicky Tori; johannes Hannes;
elisabeth Lisa Liesl; katharina Kathi; margarete Grete; friedrich Fritz; wolfgang Wolfi; françoise Fanfan;
александр Саша Шура; мария Маша; дмитрий Дима; екатерина Катя; елена Лена; наталья Наташа; наталия Наташа;
татьяна Таня; михаил Миша; алексей Лёша Алёша; николай Коля; сергей Серёжа; владимир Володя Вова; ольга Оля;
анастасия Настя; евгений Женя; евгения Женя; ирина Ира; светлана Света; юлия Юля; павел Паша; иван Ваня;
пётр Петя; петр Петя; анна Аня; александра Саша; людмила Люда; галина Галя; валентина Валя; олександр Сашко
"""
PET_FORMS: dict[str, tuple[str, ...]] = {
    name: tuple(forms)
    for entry in _PET_TABLE.replace("\n", " ").split(";")
    if entry.strip()
    for name, *forms in [entry.split()]
}

_HAN_FAMILY = re.compile("[\u4e00-\u9fff\u3005]{2,3}")


def name_variants(value: str) -> list[str]:
    """The informal forms of a person's value: pet forms of its given names, the kana reading of its family name."""
    words = value.split()
    family = _HAN_FAMILY.match(value)
    if family is not None:  # 秋山 千鶴子, 榊原 義之: a family name of two or three kanji MeCab tags as one
        for n in (3, 2):
            readings = kana_readings(value[:n]) if n <= family.end() else []
            if readings:
                return readings
        return []
    return [form for word in words for form in (*given_name_forms(word), *PET_FORMS.get(word.casefold(), ()))]


_VOWELS = frozenset("aeiouyąęó")
_MIN_STEM = 3


def given_name_forms(given: str) -> list[str]:
    """Pet forms of a given name of the name lists, made by suffix (lower case); none for one under five letters."""
    word = given.casefold()
    if len(word) < 5 or not word.isalpha() or max(word) > "\u024f":  # Latin letters only: not "александрek"
        return []
    if not (word in first_names() or word in name_data().first):
        return []
    if word.endswith("anna"):  # Zuzanna, Hanna
        stem = word[:-4]
        forms = [stem + "ia", stem + "ka", stem + "a"]
    elif word.endswith("ia"):  # Oliwia, Julia, Natalia
        stem = word[:-2]
        forms = [stem + "ka"]
    elif word.endswith("a") and word[-2] not in _VOWELS:  # Dorota, Ewelina, Karolina
        stem = word[:-1]
        forms = [stem + "ka"]
    elif word[-1] not in _VOWELS:  # Piotr, Kacper, Marcin
        stem = word
        forms = [stem + "ek", stem + "uś"]
    else:
        return []
    return [f for f in forms if len(stem) >= _MIN_STEM and f != word]


def kana_readings(family: str) -> list[str]:
    """The hiragana reading of a Japanese family name (three kana or more), if MeCab is loaded already."""
    from .ner_segment import _mecab

    if _mecab.cache_info().currsize == 0:
        return []
    nodes = _mecab().parseToNodeList(family)
    if len(nodes) != 1:
        return []
    fields = nodes[0].feature_raw.split(",")
    if fields[2:4] != ["人名", "姓"]:
        return []  # a family name MeCab knows as one (秋山, 榊原), not any word
    reading = fields[6] if len(fields) > 6 else ""
    if not reading or reading == "*" or any(not "\u30a1" <= c <= "\u30f6" for c in reading):
        return []
    hiragana = "".join(chr(ord(c) - 0x60) for c in reading)
    return [hiragana] if len(hiragana) >= 3 else []
