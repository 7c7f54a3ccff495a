"""Keys and secrets known by their shape near a word for a credential, in any language (issue 16).

A cloud secret key (AWS: 40 characters of base64, ``+`` and ``/`` included), a webhook signing secret or an HMAC key
(32–128 hex digits), a client secret: random-looking strings with no format of their own. The token rule of
:mod:`.labelled_values` reads only ``[A-Za-z0-9_-]`` strings that mix cases; these are found when

- the string is 20–128 characters of base64 (with ``+`` or ``/``, or mixing upper case, lower case and digits) whose
  bytes are not printable text (base64 of a sentence is data, not a key), or 32–128 hex digits mixing letters and
  digits; and
- a word for a key, a secret, a token or a password stands in the 80 characters before it (``secret``, ``key``,
  ``Schlüssel``, ``clave``, ``clé``, ``chave``, ``ключ``, ``密钥`` …), and no word for a hash or a checksum
  (``sha256``, ``hash``, ``commit``, ``digest``): the hash of a file in a code question is not a secret.
"""

from __future__ import annotations

import base64
import binascii
import re

from .entities import Entity, EntityType
from .normalize import lower_view

__all__ = ["find_secret_shapes"]

_CANDIDATE = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{20,128}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX = re.compile(r"[0-9a-fA-F]{32,128}")
_CREDENTIAL = re.compile(
    r"(?<![^\W\d_])(?:secret|secrets|key|keys|token|password|passwort|credential|credentials|apikey|signing|hmac|"
    r"schlüssel|geheim\w*|zugangsschlüssel|clave|secreto|clé|cle|chave|segredo|chiave|sleutel|klucz|"
    r"anahtar|kunci|rahasia|ключ\w*|секрет\w*|токен|пароль)(?![^\W\d_])|密钥|秘钥|密碼|密码|キー|シークレット|키|시크릿",
    re.IGNORECASE,
)
_HASH = re.compile(r"sha-?\d|md5|hash|checksum|commit|digest|fingerprint|prüfsumme|хеш|哈希", re.IGNORECASE)
# keys of a database, a cache or a public-key scheme are no credentials
_NOT_CREDENTIAL = re.compile(
    r"(?:primary|foreign|public|partition|sort|composite|unique|row|cache|idempotency|index)[\s_-]+keys?", re.IGNORECASE
)


def _printable_base64(token: str) -> bool:
    """Whether ``token`` is the base64 of printable text (a sentence, JSON), not of random bytes."""
    padded = token.rstrip("=") + "=" * (-len(token.rstrip("=")) % 4)
    try:
        raw = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in "\n\t\r" for c in decoded)


def _key_shaped(token: str) -> bool:
    body = token.rstrip("=")
    if _HEX.fullmatch(body):
        return any(c.isdigit() for c in body) and any(c.isalpha() for c in body)
    if re.search(r"[a-z]{7,}|[A-Z]{7,}", body):
        return False  # words inside: an identifier or a path, not a key
    mixed = any(c.isupper() for c in body) and any(c.islower() for c in body) and any(c.isdigit() for c in body)
    return mixed and not _printable_base64(token)


# the stems of the credential words, matched on the lower-case view: a text without one has nothing to find
_STEMS = re.compile(
    r"secret|key|token|pass|credential|signing|hmac|schlüssel|geheim|clave|secreto|clé|cle|chave|segredo|chiave|"
    r"sleutel|klucz|anahtar|kunci|rahasia|ключ|секрет|токен|пароль|密钥|秘钥|密碼|密码|キー|シークレット|키|시크릿"
)


def find_secret_shapes(text: str) -> list[Entity]:
    """Key-shaped strings with a credential word before them in ``text``."""
    if _STEMS.search(lower_view(text)) is None:
        return []
    found: list[Entity] = []
    for m in _CANDIDATE.finditer(text):
        token = m.group()
        if not _key_shaped(token):
            continue
        before = _NOT_CREDENTIAL.sub(" ", text[max(0, m.start() - 80) : m.start()])
        if _CREDENTIAL.search(before) is None or _HASH.search(before):
            continue
        found.append(Entity(EntityType.SECRET, m.start(), m.end(), token, 0.85, "secret-shape"))
    return found
