"""Religion, sexual orientation, union and party membership said about someone are found and replaced; the same
words in a general question are not (core/privacy/special_categories.py)."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.levels import ENTITY_LEVEL, SensitivityLevel
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.sanitize import Sanitizer
from islandrun.core.privacy.vault import VaultStore

STATEMENTS = [
    ("Notes: the applicant converted to Christianity in 2019 and was arrested.", "converted to Christianity"),
    ("طالب اللجوء اعتنق المسيحية قبل ثلاث سنوات وتعرض للتهديد من عائلته.", "اعتنق المسيحية"),
    ("به دلیل تغییر دین به مسیحیت در زندان اوین بازداشت شده است.", "تغییر دین به مسیحیت"),
    ("Mein Bruder ist zum Islam konvertiert und hat Angst vor unserem Vater.", "ist zum Islam konvertiert"),
    ("Ma fille s'est convertie à l'islam l'an dernier.", "s'est convertie à l'islam"),
    ("Mi hijo se convirtió al islam hace dos años.", "se convirtió al islam"),
    ("Kardeşim Hristiyan oldu ve ailem onu evden attı.", "Hristiyan oldu"),
    ("Он принял ислам в 2020 году, и соседи перестали с ним говорить.", "принял ислам"),
    ("Saya masuk Islam tahun lalu dan keluarga saya marah.", "masuk Islam"),
    ("그는 작년에 개종했다.", "개종"),
    ("Our employee Dave is gay and was harassed by his manager.", "is gay"),
    ("Sie hat sich im Sommer als lesbisch geoutet.", "hat sich im Sommer als lesbisch geoutet"),
    ("He came out as bisexual to his parents last year.", "came out as bisexual"),
    ("Anna is a union steward at the plant and was dismissed after the strike.", "is a union steward"),
    ("Er ist Gewerkschaftsmitglied bei Verdi.", "Gewerkschaftsmitglied"),
    ("Il est membre du parti communiste depuis 2010.", "membre du parti"),
]
GENERAL = [
    "What is Ramadan and why do Muslims fast?",
    "How do trade unions negotiate wages in Germany?",
    "Explain the history of the Catholic Church in Poland.",
    "Why did Constantine convert to Christianity?",
    "Which party won the 2021 German election?",
    "The country is Muslim-majority and has a secular constitution.",
    "Write a birthday party invitation for Saturday.",
    "How does the European Union regulate AI?",
    "What did it mean to come out as gay in the 1980s?",
    "Was ist der Unterschied zwischen Katholiken und Protestanten?",
]


@pytest.mark.parametrize(("text", "value"), STATEMENTS, ids=[v for _, v in STATEMENTS])
def test_a_statement_about_someone_is_found(text: str, value: str) -> None:
    found = [e for e in default_detector().detect(text) if e.type is EntityType.SPECIAL_CATEGORY]
    assert [e.text for e in found] == [value]


@pytest.mark.parametrize("text", GENERAL)
def test_the_same_words_in_a_general_question_are_not(text: str) -> None:
    assert not [e for e in default_detector().detect(text) if e.type is EntityType.SPECIAL_CATEGORY]


def test_it_is_restricted_and_leaves_only_as_a_sensitive_placeholder() -> None:
    assert ENTITY_LEVEL[EntityType.SPECIAL_CATEGORY] is SensitivityLevel.RESTRICTED
    text = STATEMENTS[0][0]
    done = Sanitizer(default_detector(), VaultStore()).sanitize_request(
        "special", ChatPayload(({"role": "user", "content": text},))
    )
    sent = done.payload.messages[0]["content"]
    assert "Christianity" not in sent and "[SENSITIVE_" in sent.upper()
