"""The level table and the two-stage assessment: what a request's sensitivity comes out as."""

from __future__ import annotations

import asyncio

import pytest

from islandrun.core.privacy.assess import assess, assess_async
from islandrun.core.privacy.classifier import ModelClassifier
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.levels import ENTITY_LEVEL
from islandrun.core.sensitivity import SensitivityLevel

L = SensitivityLevel


def _user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("What is the capital of France?", L.PUBLIC),  # a place in a general question: public knowledge
        ("Send the summary to our office in Lyon.", L.INTERNAL),  # a place on its own, in a task
        ("Explain recursion with a short example.", L.PUBLIC),
        ("Write to me at maria.lopez@example.com", L.CONFIDENTIAL),
        ("Maria Lopez was born on 12 March 1984", L.CONFIDENTIAL),
        ("My SSN is 078-05-1121", L.RESTRICTED),
        ("Charge card 4111 1111 1111 1111", L.RESTRICTED),
        ("export API_KEY=sk-abcdefghijklmnopqrstuvwx", L.RESTRICTED),
        ("I was prescribed sertraline last month", L.RESTRICTED),
        ("My son takes methylphenidate for his ADHD", L.RESTRICTED),
        ("What are the common side effects of ibuprofen?", L.PUBLIC),  # a general question: public knowledge
        ("Ibuprofen can upset the stomach when taken without food.", L.CONFIDENTIAL),  # a drug named, about no one
        ("The diagnosis came back this morning", L.CONFIDENTIAL),
        # Everyday clinical wording the evaluation's generator found rated too low (docs/evaluation.md).
        ("She refused her chemo again last week.", L.RESTRICTED),
        ("He stopped the water pill on Monday.", L.RESTRICTED),
        ("I was treated for a deep vein thrombosis in May.", L.RESTRICTED),
    ],
)
def test_levels_from_the_table(text: str, level: SensitivityLevel) -> None:
    result = assess(_user(text))
    assert result.level is level, (result.level, result.reasons)
    assert result.score == level.score
    assert result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Meine Mutter hat seit März Diabetes und nimmt Metformin.",
        "Mój syn ma astmę i bierze salbutamol.",
        "मेरी माँ को मधुमेह है, वे मेटफॉर्मिन लेती हैं।",
        "我妈妈有糖尿病，每天吃二甲双胍。",
        "Mi hija tiene epilepsia y toma levetiracetam.",
    ],
)
def test_health_about_someone_is_restricted_in_other_languages_too(text: str) -> None:
    """Whose health it is, said in the user's own language (the first person, close family, "the patient")."""
    result = assess(_user(text))
    if not any(e.type is EntityType.MEDICAL for e in result.entities):
        pytest.skip("no health term found in this language yet (detection, not the level table)")
    assert result.level is L.RESTRICTED, (result.level, result.reasons)


def test_every_entity_type_has_a_row() -> None:
    assert set(ENTITY_LEVEL) == set(EntityType)


def test_system_prompt_and_tool_arguments_count() -> None:
    messages = [
        {"role": "system", "content": "Customer SSN: 078-05-1121"},
        {"role": "user", "content": "hi"},
    ]
    assert assess(messages).level is L.RESTRICTED
    tool = [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "1",
                    "type": "function",
                    "function": {"name": "f", "arguments": '{"iban": "DE89370400440532013000"}'},
                }
            ],
        }
    ]
    assert assess(tool).level is L.RESTRICTED


def test_counts_are_types_only() -> None:
    result = assess(_user("mail a@b.example and c@d.example"))
    assert result.counts == {"EMAIL": 2}


# The classifier stage takes any async complete(prompt) -> str; these tests pass small coroutines
# in its place because what is under test is how its answers, failures and timeouts are treated.


async def test_classifier_can_raise_the_level() -> None:
    async def says_restricted(prompt: str) -> str:
        assert "lawsuit" in prompt
        return " Restricted"

    result = await assess_async(
        _user("Help me draft a reply about the lawsuit"), classifier=ModelClassifier(says_restricted)
    )
    assert result.level is L.RESTRICTED
    assert any("classifier says restricted" in r for r in result.reasons)


async def test_classifier_cannot_lower_the_level() -> None:
    async def says_public(prompt: str) -> str:
        return "public"

    result = await assess_async(_user("mail me at a@b.example"), classifier=ModelClassifier(says_public))
    assert result.level is L.CONFIDENTIAL


async def test_classifier_failure_timeout_and_nonsense_count_as_restricted() -> None:
    async def fails(prompt: str) -> str:
        raise RuntimeError("engine crashed")

    async def hangs(prompt: str) -> str:
        await asyncio.sleep(10)
        return "public"

    async def rambles(prompt: str) -> str:
        return "I am not sure what you mean."

    for complete, why in [(fails, "failed"), (hangs, "timed out"), (rambles, "no label")]:
        result = await assess_async(_user("hello there"), classifier=ModelClassifier(complete, timeout_s=0.2))
        assert result.level is L.RESTRICTED
        assert any(why in r for r in result.reasons), result.reasons


def test_detection_failure_is_restricted() -> None:
    class Broken:
        def detect(self, text: str) -> list:
            raise MemoryError

    result = assess(_user("anything"), detector=Broken())  # type: ignore[arg-type]
    assert result.level is L.RESTRICTED


def test_classifier_is_off_without_a_capable_model() -> None:
    from islandrun.core.privacy.classifier import build_classifier

    async def complete(prompt: str) -> str:
        return "public"

    assert build_classifier(None, lambda name: complete, 5.0)[0] is None
    off, why = build_classifier("gemma-3-270m", lambda name: complete, 5.0)
    assert off is None and "too small" in why
    assert build_classifier("qwen2.5-7b-instruct", None, 5.0)[0] is None
    on, _ = build_classifier("qwen2.5-7b-instruct", lambda name: complete, 5.0)
    assert on is not None and on.timeout_s == 5.0
