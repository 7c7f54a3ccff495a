"""Names, places and organizations beyond capitalised English: other scripts, lower case, and
harmless prompts that must stay untouched (programming terms, ordinary words of other languages)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.language import guess_language
from islandrun.core.privacy.names import find_names, warm_up_names

HARMLESS = Path(__file__).parent / "data" / "harmless-names.jsonl"
NAME_TYPES = {EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION}


def _harmless() -> list[dict[str, str]]:
    return [json.loads(line) for line in HARMLESS.read_text("utf-8").splitlines() if line.strip()]


def test_harmless_prompts_rarely_have_a_name() -> None:
    prompts = _harmless()
    assert len(prompts) >= 40
    assert len({p["lang"] for p in prompts}) >= 10
    flagged = {p["text"]: [e.text for e in find_names(p["text"]) if e.type in NAME_TYPES] for p in prompts}
    flagged = {text: found for text, found in flagged.items() if found}
    assert len(flagged) * 20 <= len(prompts), flagged


@pytest.mark.parametrize(
    "text",
    [
        "How do I read a CSV file with Python and pandas?",
        "What is the difference between MySQL and PostgreSQL?",
        "My Kubernetes pod keeps restarting. How can I see the logs?",
        "Explain how Docker volumes differ from bind mounts, and when Redis needs one.",
        "Kannst du mir erklären, wie man in Python eine Liste sortiert?",
        "Was sollte man bei einer Wanderung im Gebirge beachten, wenn das Wetter umschlägt?",
        "Jak zrobić pierogi ruskie? Potrzebuję przepisu na ciasto.",
        "Hoe werkt een warmtepomp en is die zuinig in een oud huis?",
        "Объясни, пожалуйста, как работает фотосинтез.",
        "请告诉我怎么做西红柿炒鸡蛋，需要哪些调料？",
        "美味しいカレーライスの作り方を教えてください。",
        "건강하게 잠을 잘 자려면 어떻게 해야 하나요?",
        "Plan a workout for Monday, Wednesday and Friday in 2025.",
    ],
)
def test_no_name_in_ordinary_sentences(text: str) -> None:
    assert [e.text for e in find_names(text) if e.type in NAME_TYPES] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("请联系王伟先生，他明天到。", "王伟"),
        ("我叫李秀英，住在上海。", "李秀英"),
        ("田中さんに連絡してください。", "田中"),
        ("山田太郎です。よろしくお願いします。", "山田太郎"),
        ("マリアさんは来ますか？", "マリア"),
        ("김민준 씨에게 전화해 주세요.", "김민준"),
        ("제 이름은 이서연입니다.", "이서연"),
        ("اسمي محمد العلي وأسكن في عمان", "محمد العلي"),
        ("السيد أحمد حسن سيحضر الاجتماع", "أحمد حسن"),
        ("שמי דוד כהן ואני גר בחיפה", "דוד כהן"),
        ("Меня зовут Иван Петров, я живу в Москве.", "Иван Петров"),
        ("Bệnh nhân Trần Thị Mai cần tái khám.", "Trần Thị Mai"),
        ("Nazywam się Katarzyna Kowalska i mieszkam w Krakowie.", "Katarzyna Kowalska"),
        ("Hallo, ich bin Jürgen Müller aus Köln.", "Jürgen Müller"),
    ],
)
def test_names_in_other_scripts_and_languages(text: str, name: str) -> None:
    persons = [e.text for e in find_names(text) if e.type is EntityType.PERSON]
    assert name in persons


def test_lower_case_names_in_chat() -> None:
    found = {(e.type, e.text) for e in find_names("my friend emma lives in berlin and works with kevin smith")}
    assert (EntityType.PERSON, "emma") in found
    assert (EntityType.PERSON, "kevin smith") in found
    assert (EntityType.LOCATION, "berlin") in found


@pytest.mark.parametrize(
    "text",
    [
        "i will call you in may, i hope the bill is paid",  # names that are ordinary words
        "put the mason jar in the fridge",  # a determiner in front
        "pip install numpy pandas and run python main.py",  # code, packages
        "how do i roast a turkey for christmas?",  # a country in lower case that is food
    ],
)
def test_lower_case_words_that_are_not_names(text: str) -> None:
    assert [e.text for e in find_names(text) if e.type in NAME_TYPES] == []


def test_a_name_that_is_also_a_programming_language_needs_the_context() -> None:
    assert [e.text for e in find_names("Ask Julia Roberts about the report.")] == ["Julia Roberts"]
    assert find_names("I am learning Rust and Kotlin this year.") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Wie koche ich einen guten Kartoffelsalat? Bitte mit Essig.", "de"),
        ("Jak napisać zapytanie SQL, które zwraca średnią?", "pl"),
        ("如何用Python读取一个大文件？", "zh"),
        ("日本の四季について簡単に説明してください。", "ja"),
        ("Làm thế nào để học lập trình hiệu quả?", "vi"),
        ("Please call Wang Wei (王伟) tomorrow about the invoice and the delivery.", "en"),
    ],
)
def test_language_guess(text: str, lang: str) -> None:
    assert guess_language(text) == lang


def test_warm_up_is_thread_safe() -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            warm_up_names()
            find_names("Ingrid Solberg met 田中さん in Oslo.")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
