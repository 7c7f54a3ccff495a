"""What MIST finds in text: typed entities with a span and a confidence.

The fine types below are what the detector reports; :data:`PLACEHOLDER_KIND` maps each to the
coarse kind a placeholder shows (``[PERSON_1]``, ``[ID_2]``), so that an island outside the
device learns as little as possible about what was replaced.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["PLACEHOLDER_KIND", "Entity", "EntityType", "resolve_overlaps"]


class EntityType(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    URL = "URL"
    IP_ADDRESS = "IP_ADDRESS"
    SSN = "SSN"
    NATIONAL_ID = "NATIONAL_ID"
    ID_OTHER = "ID_OTHER"
    CREDIT_CARD = "CREDIT_CARD"
    IBAN = "IBAN"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    SECRET = "SECRET"  # noqa: S105 - an entity type, not a password
    DATE = "DATE"
    MEDICAL = "MEDICAL"
    # religion or belief, sexual orientation or gender identity, union or party membership (special_categories.py)
    SPECIAL_CATEGORY = "SPECIAL_CATEGORY"
    PERSON = "PERSON"
    LOCATION = "LOCATION"
    ADDRESS = "ADDRESS"
    ORGANIZATION = "ORGANIZATION"


PLACEHOLDER_KIND: dict[EntityType, str] = {
    EntityType.EMAIL: "CONTACT",
    EntityType.PHONE: "CONTACT",
    EntityType.URL: "CONTACT",
    EntityType.IP_ADDRESS: "CONTACT",
    EntityType.SSN: "ID",
    EntityType.NATIONAL_ID: "ID",
    EntityType.ID_OTHER: "ID",
    EntityType.CREDIT_CARD: "FINANCIAL",
    EntityType.IBAN: "FINANCIAL",
    EntityType.BANK_ACCOUNT: "FINANCIAL",
    EntityType.SECRET: "SECRET",
    EntityType.DATE: "DATE",
    EntityType.MEDICAL: "MEDICAL",
    EntityType.SPECIAL_CATEGORY: "SENSITIVE",
    EntityType.PERSON: "PERSON",
    EntityType.LOCATION: "LOCATION",
    EntityType.ADDRESS: "LOCATION",
    EntityType.ORGANIZATION: "ORGANIZATION",
}


@dataclass(frozen=True, slots=True)
class Entity:
    """One finding: ``text == source[start:end]``; ``score`` in [0, 1]; ``source`` names the rule."""

    type: EntityType
    start: int
    end: int
    text: str
    score: float
    source: str = ""

    def overlaps(self, other: Entity) -> bool:
        return self.start < other.end and other.start < self.end


def resolve_overlaps(entities: list[Entity]) -> list[Entity]:
    """Keep the most confident (then longest) entity of every overlapping group, in text order."""
    kept: list[Entity] = []  # sorted by start; never overlapping, so also sorted by end
    starts: list[int] = []
    for ent in sorted(entities, key=lambda e: (-e.score, -(e.end - e.start), e.start)):
        i = bisect.bisect_right(starts, ent.start)
        if i > 0 and kept[i - 1].end > ent.start:
            continue
        if i < len(kept) and kept[i].start < ent.end:
            continue
        kept.insert(i, ent)
        starts.insert(i, ent.start)
    return kept
