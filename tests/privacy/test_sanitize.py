"""Sanitize → restore round trips, streaming restore, vault scoping and the egress guard,
as properties over generated texts (hypothesis) and as the cases a user would try."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from islandrun.core.privacy.egress import EgressGuard
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.errors import EgressBlockedError
from islandrun.core.privacy.sanitize import Sanitizer, StreamRestorer, restore, restore_tool_arguments
from islandrun.core.privacy.vault import PLACEHOLDER_RE, Vault, VaultStore

ENTITIES = [
    "Ingrid Solberg",
    "ingrid.solberg@example.no",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
    "078-05-1121",
    "192.168.1.20",
    "https://intranet.example.org/x",
    "+44 20 7946 0958",
    "metformin",
    "Rotterdam",
]
FILLER = st.sampled_from(
    ["Hello", "please send", "the report to", "and", "thanks!", "—", "call", "at", "\n", "in", "via", "[", "]", "_"]
)
TEXTS = st.lists(st.one_of(FILLER, st.sampled_from(ENTITIES)), min_size=1, max_size=12).map(" ".join)

SANITIZER = Sanitizer()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("Hello \n metformin Hello metformin")  # found 2026-12-07: two spacings of one value shared a placeholder
def test_restore_inverts_sanitize(text: str) -> None:
    vault = Vault("prop")
    sanitized, _ = SANITIZER.sanitize_text(vault, text)
    assert restore(sanitized, vault) == text
    for value in ENTITIES[1:8]:  # context-free identifiers must never survive
        if value in text:
            assert value not in sanitized


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.lists(st.integers(min_value=0, max_value=400), max_size=12))
def test_stream_restore_equals_whole_restore_for_any_split(text: str, cuts: list[int]) -> None:
    vault = Vault("stream")
    sanitized, _ = SANITIZER.sanitize_text(vault, text)
    points = sorted({c % (len(sanitized) + 1) for c in cuts})
    chunks = [sanitized[a:b] for a, b in zip([0, *points], [*points, len(sanitized)], strict=True)]
    restorer = StreamRestorer(vault)
    streamed = "".join(restorer.feed(c) for c in chunks) + restorer.flush()
    assert streamed == restore(sanitized, vault) == text


def test_stream_holds_back_only_a_possible_placeholder_tail() -> None:
    vault = Vault("tail")
    placeholder = vault.placeholder_for(EntityType.PERSON, "Ingrid Solberg")
    restorer = StreamRestorer(vault)
    assert restorer.feed("Dear " + placeholder[:4]) == "Dear "
    assert restorer.feed(placeholder[4:] + ", hi") == "Ingrid Solberg, hi"
    assert restorer.feed("a [note] here [") == "a [note] here "
    assert restorer.flush() == "["


def test_unknown_placeholder_stays() -> None:
    assert restore("see [PERSON_99999] and [ID_1]", Vault("x")) == "see [PERSON_99999] and [ID_1]"


def test_same_entity_same_placeholder_across_turns_and_different_across_conversations() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    turn1 = [{"role": "user", "content": "My colleague Ingrid Solberg lives in Rotterdam."}]
    turn2 = [*turn1, {"role": "assistant", "content": "ok"}, {"role": "user", "content": "Ask Ingrid Solberg again."}]
    a1 = sanitizer.sanitize_messages("conv-a", turn1)
    a2 = sanitizer.sanitize_messages("conv-a", turn2)
    p1 = PLACEHOLDER_RE.findall(a1[0]["content"])
    assert a2[0]["content"] == a1[0]["content"]
    assert PLACEHOLDER_RE.search(a2[2]["content"]).group(0) == "[{}_{}]".format(*p1[0])
    # another conversation: numbering is drawn at random, so across 20 conversations it is not constant
    others = {sanitizer.sanitize_messages(f"conv-{i}", turn1)[0]["content"] for i in range(20)}
    assert len(others) > 1


def test_system_prompt_and_tool_calls_are_sanitized_and_restored() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    messages = [
        {"role": "system", "content": "You assist Ingrid Solberg (ingrid.solberg@example.no)."},
        {"role": "user", "content": [{"type": "text", "text": "Email Ingrid Solberg the invoice."}]},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "1",
                    "type": "function",
                    "function": {"name": "send", "arguments": json.dumps({"to": "ingrid.solberg@example.no"})},
                }
            ],
        },
    ]
    out = sanitizer.sanitize_messages("tools", messages)
    blob = json.dumps(out)
    assert "Ingrid" not in blob and "ingrid.solberg@example.no" not in blob
    vault = sanitizer.store.get("tools")
    args = out[2]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(restore_tool_arguments(args, vault)) == {"to": "ingrid.solberg@example.no"}


def test_tool_arguments_stay_valid_json_when_originals_need_escaping() -> None:
    vault = Vault("esc")
    placeholder = vault.placeholder_for(EntityType.LOCATION, 'Rotterdam "Noord"\nStraat')
    restored = restore_tool_arguments(json.dumps({"city": placeholder}), vault)
    assert json.loads(restored) == {"city": 'Rotterdam "Noord"\nStraat'}


def test_egress_guard_catches_a_planted_miss() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    first = sanitizer.sanitize_messages("guard", [{"role": "user", "content": "My SSN is 078-05-1121."}])
    vault = sanitizer.store.get("guard")
    EgressGuard().check({"messages": first}, vault)  # clean payload passes
    planted = {"messages": [*first, {"role": "user", "content": "again: 078-05-1121"}]}
    with pytest.raises(EgressBlockedError) as err:
        EgressGuard().check(planted, vault, "cloud-openai")
    assert "078-05-1121" not in str(err.value) and "ID" in str(err.value) and "cloud-openai" in str(err.value)
    escaped = {"arguments": json.dumps({"note": "Ingrid Solberg\n"})}
    sanitizer.sanitize_messages("guard", [{"role": "user", "content": "cc Ingrid Solberg"}])
    with pytest.raises(EgressBlockedError):
        EgressGuard().check(escaped, vault)


def test_a_later_turn_the_detector_misses_still_gets_the_placeholder() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    sanitizer.sanitize_messages("later", [{"role": "user", "content": "Contact Ingrid Solberg."}])
    out = sanitizer.sanitize_messages("later", [{"role": "user", "content": "ingrid solberg said hi"}])
    assert "ingrid" not in out[0]["content"].lower()


def test_a_surname_alone_in_a_later_turn_is_replaced_and_restored() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    sanitizer.sanitize_messages("parts", [{"role": "user", "content": "Book a table for Dr. Jennifer Holst."}])
    out = sanitizer.sanitize_messages("parts", [{"role": "user", "content": "holst prefers the window seat"}])
    assert "holst" not in out[0]["content"].lower()
    vault = sanitizer.store.get("parts")
    assert restore(out[0]["content"], vault) == "holst prefers the window seat"


def test_guard_does_not_block_common_words_that_are_also_names() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    sanitizer.sanitize_messages("common", [{"role": "user", "content": "Send it to Mark Kowalczyk."}])
    vault = sanitizer.store.get("common")
    EgressGuard().check({"messages": [{"role": "user", "content": "please mark this as done"}]}, vault)
    with pytest.raises(EgressBlockedError):
        EgressGuard().check({"messages": [{"role": "user", "content": "what did kowalczyk say"}]}, vault)


def test_restore_accepts_a_placeholder_whose_case_the_model_changed() -> None:
    vault = Vault("case")
    placeholder = vault.placeholder_for(EntityType.PERSON, "Ingrid Solberg")
    changed = placeholder.replace("PERSON", "Person")
    assert restore(f"Hello {changed}!", vault) == "Hello Ingrid Solberg!"
    restorer = StreamRestorer(vault)
    assert restorer.feed("Hello " + changed[:5]) + restorer.feed(changed[5:] + "!") + restorer.flush() == (
        "Hello Ingrid Solberg!"
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=200), max_size=10))
def test_streamed_tool_call_arguments_restore_to_valid_json(cuts: list[int]) -> None:
    vault = Vault("tool-stream")
    person = vault.placeholder_for(EntityType.PERSON, 'Ingrid "Inge" Solberg')
    place = vault.placeholder_for(EntityType.ADDRESS, "Storgata 1\n0155 Oslo")
    arguments = json.dumps({"to": person, "address": place, "note": "see [ID_1] \\\\ ok"})
    points = sorted({c % (len(arguments) + 1) for c in cuts})
    chunks = [arguments[a:b] for a, b in zip([0, *points], [*points, len(arguments)], strict=True)]
    restorer = StreamRestorer(vault, json_string=True)
    streamed = "".join(restorer.feed(c) for c in chunks) + restorer.flush()
    assert json.loads(streamed) == {
        "to": 'Ingrid "Inge" Solberg',
        "address": "Storgata 1\n0155 Oslo",
        "note": "see [ID_1] \\\\ ok",
    }
    assert json.loads(streamed) == json.loads(restore_tool_arguments(arguments, vault))


def test_participant_names_become_pseudonyms_and_function_names_stay() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    messages = [
        {"role": "user", "name": "ingrid_solberg", "content": "hello"},
        {"role": "tool", "name": "get_weather", "tool_call_id": "1", "content": "sunny"},
    ]
    out = sanitizer.sanitize_messages("names", messages)
    assert out[0]["name"].startswith("PERSON_") and "ingrid" not in json.dumps(out)
    assert out[1]["name"] == "get_weather"
    again = sanitizer.sanitize_messages("names", messages)
    assert again[0]["name"] == out[0]["name"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, TEXTS, st.sampled_from(ENTITIES[1:8]))
def test_placeholders_stable_across_turns_and_random_across_conversations(first: str, second: str, value: str) -> None:
    turn1 = [{"role": "user", "content": f"{first} and then {value} ok"}]
    turn2 = [
        *turn1,
        {"role": "assistant", "content": "noted"},
        {"role": "user", "content": f"{second} and then {value} ok"},
    ]
    sanitizer = Sanitizer(store=VaultStore())
    a1 = sanitizer.sanitize_messages("a", turn1)
    a2 = sanitizer.sanitize_messages("a", turn2)
    vault = sanitizer.store.get("a")
    [placeholder] = [p for p, original in vault.originals() if original == value]
    assert a1[0]["content"] == a2[0]["content"]
    assert placeholder in a1[0]["content"] and placeholder in a2[2]["content"]
    # ten other conversations: numbers are drawn at random, so they are not all this one
    others = set()
    for i in range(10):
        sanitizer.sanitize_messages(f"other-{i}", turn1)
        others |= {p for p, original in sanitizer.store.get(f"other-{i}").originals() if original == value}
    assert len(others | {placeholder}) > 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.text(max_size=40), st.text(max_size=40))
def test_egress_guard_catches_any_planted_value(text: str, left: str, right: str) -> None:
    sanitizer = Sanitizer(store=VaultStore())
    clean = sanitizer.sanitize_messages("plant", [{"role": "user", "content": text}])
    vault = sanitizer.store.get("plant")
    EgressGuard().check({"messages": clean}, vault)  # what the sanitizer produced always passes
    for _, value in vault.originals():
        planted = {"messages": [*clean, {"role": "user", "content": f"{left} {value} {right}"}]}
        with pytest.raises(EgressBlockedError):
            EgressGuard().check(planted, vault)


def test_an_earlier_turn_is_sanitized_again_once_a_later_turn_teaches_the_vault() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    turn1 = [{"role": "user", "content": "remind me to ping holst tomorrow"}]
    first = sanitizer.sanitize_messages("learn", turn1)
    assert "holst" in first[0]["content"]  # nothing marks a lower-case surname on its own
    assert sanitizer.sanitize_messages("learn", turn1) == first  # unchanged vault: same answer (cached)
    turn2 = [*turn1, {"role": "user", "content": "Dr. Jennifer Holst called back."}]
    second = sanitizer.sanitize_messages("learn", turn2)
    assert "holst" not in json.dumps(second).lower()


def test_vault_store_keeps_active_conversations_and_drops_idle_and_least_recent_ones() -> None:
    store = VaultStore(max_conversations=2, ttl_s=3600)
    a = store.get("a")
    a.placeholder_for(EntityType.PERSON, "Ingrid Solberg")
    store.get("b")
    assert store.get("a") is a  # still there, and now the most recent
    store.get("c")  # over the limit: "b" (least recently used) goes
    assert store.get("a") is a
    assert len(store.get("b")) == 0
    a.last_used -= 7200  # idle past the time-to-live: a fresh vault
    assert store.get("a") is not a


def test_a_name_that_is_a_common_word_is_matched_only_as_written() -> None:
    sanitizer = Sanitizer(store=VaultStore())
    sanitizer.sanitize_messages("mark", [{"role": "user", "content": "Please forward this to Mark."}])
    vault = sanitizer.store.get("mark")
    assert any(value == "Mark" for _, value in vault.originals())
    later = sanitizer.sanitize_messages("mark", [{"role": "user", "content": "mark this as done"}])
    assert later[0]["content"] == "mark this as done"
    EgressGuard().check(later, vault)
    with pytest.raises(EgressBlockedError):
        EgressGuard().check([{"role": "user", "content": "and tell Mark"}], vault)
