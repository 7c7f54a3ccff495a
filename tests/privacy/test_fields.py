"""Every field of a request that travels is sanitised or refused, through the one path the
dispatcher uses (``Sanitizer.sanitize_request``), and what was done is reported truthfully."""

from __future__ import annotations

import json

import pytest

from islandrun.core.privacy.assess import assess
from islandrun.core.privacy.egress import EgressGuard
from islandrun.core.privacy.errors import UnsanitizableContentError
from islandrun.core.privacy.payload import ChatPayload, UnsupportedFieldError, payload_texts
from islandrun.core.privacy.sanitize import Sanitizer, restore_name, restore_tool_arguments
from islandrun.core.privacy.vault import VaultStore
from islandrun.core.sensitivity import SensitivityLevel

EMAIL = "ingrid.solberg@example.no"


def _sanitize(payload: ChatPayload, conversation: str = "c") -> tuple[str, Sanitizer]:
    sanitizer = Sanitizer(store=VaultStore())
    done = sanitizer.sanitize_request(conversation, payload)
    blob = json.dumps([done.payload.messages, done.payload.tools, done.payload.stop], ensure_ascii=False)
    EgressGuard().check(json.loads(blob), done.vault)  # what leaves passes the guard
    return blob, sanitizer


def test_a_value_first_recognised_in_a_later_message_is_replaced_in_an_earlier_one() -> None:
    messages = (
        {"role": "user", "content": "remind me to write to holst"},
        {"role": "assistant", "content": "Sure."},
        {"role": "user", "content": f"Dr. Jennifer Holst ({EMAIL}) is the one."},
    )
    blob, _ = _sanitize(ChatPayload(messages))
    assert "holst" not in blob.lower() and EMAIL not in blob


def test_participant_name_is_a_pseudonym_and_teaches_the_vault() -> None:
    messages = ({"role": "user", "name": "maria_kowalski", "content": "Maria Kowalski here, hello"},)
    sanitizer = Sanitizer(store=VaultStore())
    done = sanitizer.sanitize_request("n", ChatPayload(messages))
    sent = done.payload.messages[0]
    assert sent["name"].startswith("PERSON_") and "maria" not in json.dumps(sent).lower()
    assert restore_name(sent["name"], done.vault) == "maria_kowalski"
    assert done.replaced["PERSON"] >= 2 and done.sanitized


def test_tool_definitions_function_names_and_stop_are_sanitised() -> None:
    tools = (
        {
            "type": "function",
            "function": {
                "name": "lookup_jennifer_holst",
                "description": "Records of Dr. Jennifer Holst",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "who": {"type": "string", "description": f"e.g. {EMAIL}", "enum": [EMAIL, "other"]},
                    },
                    "required": ["who"],
                },
            },
        },
    )
    payload = ChatPayload(({"role": "user", "content": "hi"},), tools, ("Jennifer Holst:",))
    blob, sanitizer = _sanitize(payload)
    assert "jennifer" not in blob.lower() and "holst" not in blob.lower() and EMAIL not in blob
    sent = json.loads(blob)
    assert sent[1][0]["function"]["parameters"]["required"] == ["who"]  # structure is kept
    name = sent[1][0]["function"]["name"]
    assert restore_name(name, sanitizer.store.get("c")) == "lookup_jennifer_holst"


def test_tool_results_with_unicode_escapes_and_numbers_in_arguments() -> None:
    result = json.dumps({"patient": "Jennifer Holst", "email": EMAIL, "city": "Tromsø"}, ensure_ascii=True)
    assert "\\u00f8" in result
    arguments = json.dumps({"card_number": 4111111111111111, "amount": 12, "note": f"for {EMAIL}"})
    messages = (
        {"role": "user", "content": "Pay the invoice."},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "1", "type": "function", "function": {"name": "pay", "arguments": arguments}}],
        },
        {"role": "tool", "tool_call_id": "1", "content": result},
    )
    blob, sanitizer = _sanitize(ChatPayload(messages))
    assert "4111111111111111" not in blob and EMAIL not in blob and "Holst" not in blob
    sent = json.loads(blob)
    args = sent[0][1]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(args)["amount"] == 12  # a harmless number stays a number
    restored = json.loads(restore_tool_arguments(args, sanitizer.store.get("c")))
    assert restored == json.loads(arguments)  # the card comes back as the number it was


def test_a_quoted_secret_with_an_escaped_quote_is_replaced_whole_inside_json() -> None:
    arguments = json.dumps({"password": 'Tr0ub"ador&3x!'})
    messages = (
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "1", "function": {"name": "login", "arguments": arguments}}],
        },
    )
    blob, _ = _sanitize(ChatPayload(messages))
    assert "Tr0ub" not in blob and "ador&3x" not in blob


def test_nothing_replaced_means_not_sanitized_and_the_payload_is_untouched() -> None:
    messages = ({"role": "user", "content": "How do I reverse a list in Python?"},)
    sanitizer = Sanitizer(store=VaultStore())
    done = sanitizer.sanitize_request("clean", ChatPayload(messages, stop=("\n\n",)))
    assert not done.sanitized and done.replaced == {}
    assert done.payload.messages == messages and done.payload.stop == ("\n\n",)


def test_content_that_cannot_be_sanitised_is_refused_unless_policy_allows() -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    messages = ({"role": "user", "content": [{"type": "text", "text": "What is this?"}, image]},)
    sanitizer = Sanitizer(store=VaultStore())
    with pytest.raises(UnsanitizableContentError, match=r"messages\[0\]\.content\[1\] \(image_url\)"):
        sanitizer.sanitize_request("img", ChatPayload(messages))
    allowed = sanitizer.sanitize_request("img", ChatPayload(messages), allow_opaque=True)
    assert allowed.payload.messages[0]["content"][1] == image
    assert assess(ChatPayload(messages)).level is SensitivityLevel.CONFIDENTIAL  # at least confidential


@pytest.mark.parametrize(
    ("message", "where"),
    [
        ({"role": "user", "content": "hi", "metadata": {"email": EMAIL}}, "messages[0].metadata"),
        ({"role": "user", "content": [{"type": "video", "video": "x"}]}, "messages[0].content[0]"),
        ({"role": "user", "content": [{"type": "text", "text": "hi", "note": EMAIL}]}, "messages[0].content[0].note"),
    ],
)
def test_fields_mist_cannot_read_are_refused_by_name(message: dict[str, object], where: str) -> None:
    with pytest.raises(UnsupportedFieldError) as err:
        payload_texts(ChatPayload((message,)))
    assert err.value.where == where and EMAIL not in err.value.message


def test_empty_extra_keys_are_dropped_and_text_keys_are_read() -> None:
    message = {"role": "assistant", "content": "ok", "refusal": None, "annotations": [], "reasoning_content": EMAIL}
    blob, _ = _sanitize(ChatPayload((message,)))
    sent = json.loads(blob)[0][0]
    assert "annotations" not in sent and EMAIL not in blob and sent["reasoning_content"].startswith("[CONTACT_")


def test_deeply_nested_arguments_are_refused_not_crashed() -> None:
    deep = "[" * 5000 + "]" * 5000
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "1", "function": {"name": "f", "arguments": deep}}],
    }
    with pytest.raises(UnsupportedFieldError, match="nested"):
        payload_texts(ChatPayload((message,)))


def test_json_keys_count_for_the_egress_guard_only_as_written() -> None:
    """Keys are identifiers the sanitizer keeps (the schema and the arguments keep their shape): a word the prose
    made a finding of ("Tierarzt" taken for a name) does not block a parameter called ``tierarzt``, nor its
    name in ``required``; the same value as a key as written, or anywhere in a value, still does."""
    from islandrun.core.privacy.entities import EntityType
    from islandrun.core.privacy.errors import EgressBlockedError
    from islandrun.core.privacy.vault import Vault

    vault = Vault("c")
    vault.placeholder_for(EntityType.PERSON, "Tierarzt")
    tool = {"type": "function", "function": {"name": "book", "parameters": {
        "type": "object", "properties": {"tierarzt": {"type": "string"}}, "required": ["tierarzt"]}}}  # fmt: skip
    arguments = json.dumps({"tierarzt": "[PERSON_1]"})
    call = {"role": "assistant", "tool_calls": [{"id": "1", "type": "function",
            "function": {"name": "book", "arguments": arguments}}]}  # fmt: skip
    EgressGuard().check({"messages": [call], "tools": [tool]}, vault)  # passes
    for leaking in (json.dumps({"Tierarzt": 1}), json.dumps({"who": "tierarzt"})):
        call["tool_calls"][0]["function"]["arguments"] = leaking  # type: ignore[index]
        with pytest.raises(EgressBlockedError):
            EgressGuard().check({"messages": [call]}, vault)


def test_a_json_key_that_is_data_is_replaced_and_restored_and_identifier_keys_stay() -> None:
    """A tool result keyed by a person's name or an e-mail address: the keys are data and leave as
    placeholders (and come back in the model's tool-call arguments); identifier keys keep their shape."""
    result = json.dumps(
        {"Ingrid Solberg": {"role": "admin", "email_address": EMAIL}, EMAIL: {"last_login": "2026-12-01"}}
    )
    messages = (
        {"role": "user", "content": "Who has admin rights?"},
        {
            "role": "assistant",
            "tool_calls": [{"id": "1", "type": "function", "function": {"name": "list_admins", "arguments": "{}"}}],
        },
        {"role": "tool", "tool_call_id": "1", "content": result},
    )
    blob, sanitizer = _sanitize(ChatPayload(messages))
    assert "Ingrid" not in blob and "Solberg" not in blob and EMAIL not in blob
    sent = json.loads(json.loads(blob)[0][2]["content"])
    assert all(inner.keys() <= {"role", "email_address", "last_login"} for inner in sent.values())
    vault = sanitizer.store.get("c")
    assert vault is not None
    person = next(k for k in sent if k.startswith("[PERSON"))
    back = json.loads(restore_tool_arguments(json.dumps({person: "admin"}), vault))
    assert back == {"Ingrid Solberg": "admin"}


def test_two_keys_in_other_spacing_stay_two_and_come_back_as_written() -> None:
    spaced = "Ingrid  Solberg"  # one placeholder per value as written, spacing included (vault._key)
    result = json.dumps({"Ingrid Solberg": 1, spaced: 2})
    messages = ({"role": "tool", "tool_call_id": "1", "content": result},)
    done = Sanitizer(store=VaultStore()).sanitize_request("c", ChatPayload(messages))
    sent = json.loads(done.payload.messages[0]["content"])
    assert len(sent) == 2 and "Solberg" not in json.dumps(sent)
    assert sorted(done.vault.original(k) for k in sent) == sorted(["Ingrid Solberg", spaced])


def test_two_keys_in_other_letter_case_stay_two_and_come_back_as_written() -> None:
    result = json.dumps({EMAIL: 1, EMAIL.upper(): 2})
    messages = ({"role": "tool", "tool_call_id": "1", "content": result},)
    blob, sanitizer = _sanitize(ChatPayload(messages))
    sent = json.loads(json.loads(blob)[0][0]["content"])
    assert len(sent) == 2 and EMAIL.casefold() not in blob.casefold()
    vault = sanitizer.store.get("c")
    assert vault is not None
    assert json.loads(restore_tool_arguments(json.dumps(sent), vault)) == {EMAIL: 1, EMAIL.upper(): 2}
