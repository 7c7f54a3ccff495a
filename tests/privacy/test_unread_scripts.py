"""Text in a script MIST has no names or health terms for cannot be sanitised: refused like an image part, naming the
field and the script, unless the caller allows unsanitisable content (core/privacy/unread_scripts.py)."""

from __future__ import annotations

import json

import pytest

from islandrun.core.privacy.errors import UnsanitizableContentError
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.sanitize import Sanitizer
from islandrun.core.privacy.unread_scripts import unread_script
from islandrun.core.privacy.vault import VaultStore

UNREAD = [
    ("ნინო ბერიძე, დაბადების თარიღი 1984", "Georgian"),
    ("Արմեն Պետրոսյան, հեռախոս 091 23 45 67", "Armenian"),
    ("မောင်မောင် ဆေးရုံတက်နေသည်", "Myanmar (Burmese)"),
    ("ខ្ញុំឈ្មោះ សុខ ដារ៉ា", "Khmer"),
    ("ຂ້ອຍຊື່ ສົມພອນ", "Lao"),
]
READ = ["Армен Петросян", "สวัสดีครับ คุณสมชาย", "김민수 씨", "राजेश कुमार", "ሰላማዊት ተስፋዬ", "Price: 20 ₾", "Hello"]


@pytest.mark.parametrize(("text", "script"), UNREAD, ids=[s for _, s in UNREAD])
def test_a_word_in_an_unread_script_is_named(text: str, script: str) -> None:
    assert unread_script(text) == script


@pytest.mark.parametrize("text", READ)
def test_scripts_mist_reads_and_lone_symbols_are_not(text: str) -> None:
    assert unread_script(text) is None


def test_the_request_is_refused_naming_the_field_and_the_script_even_inside_escaped_json() -> None:
    result = json.dumps({"patient": UNREAD[0][0]})  # every non-ASCII character as \uXXXX
    messages = (
        {"role": "user", "content": "Summarise the record."},
        {"role": "tool", "tool_call_id": "1", "content": result},
    )
    with pytest.raises(UnsanitizableContentError) as refused:
        Sanitizer(store=VaultStore()).sanitize_request("c", ChatPayload(messages))
    assert "messages[1].content" in str(refused.value) and "Georgian" in str(refused.value)


def test_allowed_by_policy_it_goes_and_the_rest_is_still_sanitised() -> None:
    text = f"{UNREAD[0][0]}, e-mail nino.beridze@example.ge"
    done = Sanitizer(store=VaultStore()).sanitize_request(
        "c", ChatPayload(({"role": "user", "content": text},)), allow_opaque=True
    )
    sent = done.payload.messages[0]["content"]
    assert "nino.beridze@example.ge" not in sent and "ნინო" in sent
