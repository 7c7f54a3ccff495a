"""Values recognised by what stands next to them: a dose makes a medicine, a role noun makes an
identifier, staff/customer/log-in labels in more languages, key-shaped codes, a password named a
few words earlier, and a JSON value named by its sibling ("name": "SMTP_PASSWORD")."""

from __future__ import annotations

import json

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.privacy.sanitize import Sanitizer
from islandrun.core.privacy.vault import VaultStore

FOUND = [
    ("Medication: Bisoprolol 2.5 mg daily and Furosemid 40 mg.", "Furosemid", EntityType.MEDICAL),
    ("处方：阿莫西林500mg，每日三次", "阿莫西林", EntityType.MEDICAL),
    ("Bitte prüfen Sie den Kunden KD-448120 noch einmal.", "KD-448120", EntityType.ID_OTHER),
    ("Çalışan sicil no PR-2291 izinde.", "PR-2291", EntityType.ID_OTHER),
    ("Номер клиента 7781-220-15 в системе", "7781-220-15", EntityType.ID_OTHER),
    ("Benutzername: anna.kessler81", "anna.kessler81", EntityType.ID_OTHER),
    ("le code de secours : 4KXP-77QM-ZT29-H3WD", "4KXP-77QM-ZT29-H3WD", EntityType.SECRET),
    ("my password for the office VPN is Harbour!Light42", "Harbour!Light42", EntityType.SECRET),
]
CLEAN = [
    "Add 5 g of salt and 10 g of sugar to the dough.",
    "The login page shows an error after the update.",
    "Ubuntu 22.04 needs 512 MB of memory at least.",
    "The customer journey has five stages.",
]


@pytest.mark.parametrize(("text", "value", "kind"), FOUND)
def test_values_named_by_their_neighbours_are_found(text: str, value: str, kind: EntityType) -> None:
    found = [(e.type, text[e.start : e.end]) for e in default_detector().detect(text)]
    assert any(k is kind and value in span for k, span in found), found


@pytest.mark.parametrize("text", CLEAN)
def test_neighbour_look_alikes_stay_clean(text: str) -> None:
    kinds = {e.type for e in default_detector().detect(text)}
    assert not kinds & {EntityType.MEDICAL, EntityType.ID_OTHER, EntityType.SECRET}, kinds


def test_a_json_value_is_read_with_the_sibling_that_names_it() -> None:
    arguments = json.dumps({"name": "DB_PASSWORD", "value": 'pa"ss-Word_2024'})
    message = {"role": "assistant", "tool_calls": [{"id": "1", "function": {"name": "set", "arguments": arguments}}]}
    done = Sanitizer(store=VaultStore()).sanitize_request("c", ChatPayload((message,)))
    sent = json.dumps(done.payload.messages)
    sent_value = json.loads(done.payload.messages[0]["tool_calls"][0]["function"]["arguments"])["value"]
    assert sent_value.startswith("[SECRET_") and "Word_2024" not in sent
