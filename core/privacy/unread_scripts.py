"""Scripts MIST cannot read: text it has neither name lists nor health terms for, so it cannot sanitise it.

MIST reads Latin, Greek, Cyrillic, Arabic, Hebrew, the Indic scripts, Sinhala, Thai, Ethiopic, Han, kana and Hangul:
for each it has names, health terms or both (docs/privacy.md). For the scripts below it has neither, so a name, a
diagnosis or an address written in them would go to a lower-trust island unchanged — the eighth (blind) leak set's
Burmese, Georgian and Khmer requests did. Such text is treated as content that cannot be sanitised, exactly like an
image part: it may go only to an island that needs no sanitising (this device, the user's own devices), unless
``[privacy] send_unsanitizable = true`` says otherwise, and the refusal names the field and the script. Two letters
in a row (a word) are enough: a single symbol (a Georgian lari sign, a quoted letter) is not text.
"""

from __future__ import annotations

import re

__all__ = ["unread_script"]

# Unicode blocks, by script (the letters' ranges; punctuation and digits of these scripts are not needed).
_SCRIPTS: dict[str, str] = {
    "Armenian": "\u0531-\u0587\ufb13-\ufb17",
    "Georgian": "\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f",
    "Myanmar (Burmese)": "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f",
    "Khmer": "\u1780-\u17ff\u19e0-\u19ff",
    "Lao": "\u0e80-\u0eff",
    "Tibetan": "\u0f00-\u0fff",
    "Mongolian": "\u1800-\u18af",
    "Thaana (Dhivehi)": "\u0780-\u07bf",
    "Syriac": "\u0700-\u074f",
    "N'Ko": "\u07c0-\u07ff",
    "Tifinagh": "\u2d30-\u2d7f",
    "Cherokee": "\u13a0-\u13ff\uab70-\uabbf",
    "Canadian syllabics": "\u1400-\u167f",
    "Javanese": "\ua980-\ua9df",
    "Balinese": "\u1b00-\u1b7f",
    "Yi": "\ua000-\ua48f",
    "Vai": "\ua500-\ua63f",
}
_ANY = re.compile("[" + "".join(_SCRIPTS.values()) + "]{2}")
_WHICH = [(name, re.compile(f"[{ranges}]")) for name, ranges in _SCRIPTS.items()]


def unread_script(text: str) -> str | None:
    """The name of a script MIST cannot read that ``text`` has a word in, or None (one search for most texts)."""
    hit = _ANY.search(text)
    if hit is None:
        return None
    return next((name for name, letters in _WHICH if letters.match(hit.group())), "an unread script")
