"""Secrets: credentials in their known formats, and values after a word that says they are secret.

- token formats that name themselves (AWS, GitHub, OpenAI, Slack, Google, GitLab, npm, Hugging Face,
  JWTs, PEM private keys, ``otpauth://`` URIs);
- ``key = value`` / ``"key": "value"`` credentials, quoted values taken whole with their escapes
  (``"ab\\"cd"`` is one value, not ``ab\\``);
- a password, PIN, passphrase, TOTP seed or list of recovery codes after the label that introduces it,
  in prose (``my PIN is 4821``, ``passphrase: four plain words``, ``backup codes: 8f3k-2ld9 …``);
- ``Authorization: Basic``/``Bearer`` credentials, and passwords inside URLs.

A value that is code naming a secret (``password = config.password``, ``token=get_token()``) is not one.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator

from .cues import Cues
from .entities import Entity, EntityType
from .label_starts import label_scanner
from .normalize import lower_view
from .one_time_codes import find_one_time_codes
from .secret_shapes import find_secret_shapes

__all__ = ["find_base64_values", "find_secrets"]


def _lower_rule(pattern: str) -> re.Pattern[str]:
    """A case-blind rule, compiled case-sensitive: it is matched against :func:`.normalize.lower_view`
    (an order of magnitude faster than ``re.IGNORECASE`` alternations); spans index the original text."""
    return re.compile(pattern.replace("(?i:", "(?:"))


_SECRET_FORMATS = re.compile(
    r"(?:AKIA|ASIA)[0-9A-Z]{16}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}"
    r"|sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_\-]{35}|glpat-[A-Za-z0-9_\-]{20,}"
    r"|hf_[A-Za-z0-9]{30,}|npm_[A-Za-z0-9]{36}"
    # a JWT (JWS or unsigned): base64url JSON header, payload, signature (maybe empty)
    r"|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"
    r"|otpauth://[^\s\"'<>`]+"
    r"|-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"
)
_KEYS = (
    r"password|passwd|passphrase|passcode|pwd|pass|\bpw|secret|client[_-]?secret|token|access[_-]?token|"
    r"auth[_-]?token|refresh[_-]?token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|"
    r"credentials?|\bpin|otp[_-]?secret|totp[_-]?secret|mfa[_-]?secret|seed|mnemonic|recovery[_-]?code|"
    r"backup[_-]?code|passwort|kennwort|mot[_ ]de[_ ]passe|contrase[ñn]a|senha|has[lł]o|пароль|密码|パスワード|비밀번호"
)
_SECRET_KV = _lower_rule(
    r"(?i:(?:" + _KEYS + r")[\"']?\s*(?:=|:|=>)\s*)"
    r"(?:\"(?P<dq>(?:[^\"\\\n]|\\.){3,})\"|'(?P<sq>(?:[^'\\\n]|\\.){3,})'|(?P<bare>[^\s,;\"'`]{3,}))"
)
# A JSON key (in words: "smtp password", "api key") that names a secret: its whole value is one.
_KEY_NAMES_SECRET = re.compile(r"(?i)(?<![^\W\d_])(?:" + _KEYS.replace(r"\b", "") + r")(?![^\W\d_])")


def names_a_secret(key_words: str) -> bool:
    """Whether a key, written as words, is one of the secret names the ``key: value`` rule knows."""
    return _KEY_NAMES_SECRET.search("_".join(key_words.split())) is not None  # "api key" as the rule writes it


_CODE_VALUE = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+|[a-z_]+_[a-z_]+")
_PLACEHOLDER_VALUES = frozenset(
    {"none", "null", "true", "false", "required", "optional", "string", "str", "***", "undefined", "changeme?"}
)
# "the password is Winter2024!", "temporary passcode: 88-Kx-19": a password in prose (must look like one:
# at least six characters with a digit or a symbol, so "the password field" is not one)
_SECRET_PROSE = _lower_rule(
    r"(?i:\b(?:password|passcode|passphrase|pwd|pin\s+code|wifi\s+key|passwort|kennwort|mot\s+de\s+passe|"
    r"contrase[ñn]a|senha|hasło)\b(?:\s+(?:is|was|will\s+be|lautet|ist|est|es|é|è|to))?\s*[:=]?\s+)"
    r"(?P<val>[^\s\"'`]{6,})"
)
# "PIN 4821", "PIN: 0000", "mein PIN-Code lautet 1234", "door code is 5580"
_PIN = _lower_rule(
    r"(?i:(?<![^\W\d_])(?:pin|pin[\s-]?(?:code|number|no\.?|#)|geheimzahl|code\s+pin|c[oó]digo\s+pin|"
    r"pin-kod|пин(?:-код)?|passcode|unlock\s+code|door\s+code|alarm\s+code|gate\s+code|access\s+code|"
    r"entry\s+code|暗証番号|密码|비밀번호)"
    r"(?:\s+(?:is|was|lautet|ist|est|es|é|è|=|:|-)|\s*[:=#-])?\s*)"
    r"(?P<pin>\d{4,8})(?![\d.,/:-]\d|\d)"
)
# "passphrase: correct horse battery staple", "seed phrase is abandon ability able …"
_PHRASE_LABEL = _lower_rule(
    r"(?i:\b(?:pass\s?phrase|seed\s+phrase|recovery\s+phrase|secret\s+phrase|mnemonic(?:\s+phrase)?|"
    r"memorable\s+(?:word|phrase)|security\s+answer|secret\s+answer|wallet\s+words|phrase\s+secr[eè]te|"
    r"frase\s+(?:secreta|de\s+contrase[ñn]a))\b)"
    r"(?P<sep>\s*(?:[:=]|\s+(?:is|was|ist|lautet|est|es))\s*)"
)
_PHRASE_VALUE = re.compile(
    r"\"(?P<dq>(?:[^\"\\\n]|\\.){3,})\"|'(?P<sq>(?:[^'\\\n]|\\.){3,})'"
    r"|(?P<words>[^\s\"'`.,;!?]+(?:[ \t]+[^\s\"'`.,;!?]+){0,23})"
)
_NOT_A_PHRASE = frozenset(
    [
        "a",
        "an",
        "the",
        "required",
        "optional",
        "needed",
        "not",
        "too",
        "wrong",
        "incorrect",
        "invalid",
        "empty",
        "missing",
        "set",
        "stored",
        "saved",
        "field",
        "correct?",
        "must",
        "should",
        "can",
        "will",
        "be",
        "being",
    ]
)
# "JBSW Y3DP EHPK 3PXP" after a word for a TOTP seed
_TOTP_SEED = _lower_rule(
    r"(?i:\b(?:secret|setup|2fa|mfa|totp|otp|authenticator|seed)(?:\s+key)?(?:\s+(?:is|was))?\s*[:=]?\s*)"
    r"(?P<seed>(?:[A-Za-z2-7]{4}[ ]?){3,15}[A-Za-z2-7]{4}=*)(?![A-Za-z0-9])"
)
# recovery / backup codes: a label, then a list of codes
_CODES_LABEL = _lower_rule(
    r"(?i:\b(?:recovery|backup|scratch|one[- ]time|emergency|2fa|mfa|verification|wiederherstellungs|sicherungs|"
    r"backup-|secours|r[ée]cup[ée]ration|respaldo|recupera[cç][aã]o)[\s-]?(?:codes?|kody|c[oó]digos)\b"
    r"(?:\s+(?:are|is|sind))?\s*[:=]?)"
)
_CODE_ITEM = re.compile(
    r"[\s,;|*•·-]*(?:\d{1,2}[.)][ \t]+)?"
    r"(?P<code>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]{4,6}(?:-[A-Za-z0-9]{4,6}){1,3}|\d{4}[ ]\d{4}|[A-Za-z0-9]{8,12})"
    r"(?![A-Za-z0-9-])"
)
_BEARER = _lower_rule(r"(?i:\b(?:bearer|token))\s+(?P<tok>[A-Za-z0-9\-._~+/]{20,}=*)")
_BASIC = _lower_rule(r"(?i:\bbasic)\s+(?P<tok>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])")
_URL_CREDENTIALS = _lower_rule(r"(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*://[^\s:/@]+:(?P<pw>[^\s@/]+)@")


def _ent(text: str, start: int, end: int, score: float, source: str) -> Entity:
    return Entity(EntityType.SECRET, start, end, text[start:end], score, source)


def _kv(text: str, low: str) -> Iterator[Entity]:
    for m in _SECRET_KV.finditer(low):
        group = "dq" if m.group("dq") is not None else "sq" if m.group("sq") is not None else "bare"
        value = text[m.start(group) : m.end(group)]
        if value.lower() in _PLACEHOLDER_VALUES:
            continue
        if group == "bare" and (_CODE_VALUE.fullmatch(value) or "(" in value):
            continue  # password = config.password, token=get_token(): code that names a secret, not one
        yield _ent(text, m.start(group), m.end(group), 0.9, "secret-kv")


def _prose(text: str, low: str) -> Iterator[Entity]:
    for m in _SECRET_PROSE.finditer(low):
        value = text[m.start("val") : m.end("val")].rstrip(".,;:)")
        core = value.rstrip("!?")  # "Passwort vergessen?" is a question, "Winter2024!" a password
        if len(core) >= 6 and any(not c.isalpha() for c in core) and not _CODE_VALUE.fullmatch(value):
            start = m.start("val")
            yield _ent(text, start, start + len(value), 0.85, "secret-prose")
    for m in _PIN.finditer(low):
        yield _ent(text, m.start("pin"), m.end("pin"), 0.88, "pin")
    for m in _PHRASE_LABEL.finditer(low):
        v = _PHRASE_VALUE.match(text, m.end())
        if v is None:
            continue
        group = "dq" if v.group("dq") is not None else "sq" if v.group("sq") is not None else "words"
        value = v.group(group)
        words = value.split()
        if group == "words" and (
            words[0].lower() in _NOT_A_PHRASE or ("=" not in m["sep"] and ":" not in m["sep"] and len(words) < 3)
        ):
            continue
        yield _ent(text, v.start(group), v.end(group), 0.9, "passphrase")
    for m in _TOTP_SEED.finditer(low):
        seed = text[m.start("seed") : m.end("seed")].rstrip()
        if any(c.isdigit() for c in seed) or seed.isupper():
            yield _ent(text, m.start("seed"), m.start("seed") + len(seed), 0.9, "totp-seed")


def _codes(text: str, low: str) -> Iterator[Entity]:
    for m in _CODES_LABEL.finditer(low):
        pos = m.end()
        for _ in range(24):
            item = _CODE_ITEM.match(text, pos)
            if item is None:
                break
            yield _ent(text, item.start("code"), item.end("code"), 0.92, "recovery-code")
            pos = item.end()


def _auth(text: str, low: str) -> Iterator[Entity]:
    for m in _BEARER.finditer(low):
        yield _ent(text, m.start("tok"), m.end("tok"), 0.9, "bearer")
    for m in _BASIC.finditer(low):
        decoded = _b64_text(text[m.start("tok") : m.end("tok")])
        if decoded is not None and ":" in decoded:
            yield _ent(text, m.start("tok"), m.end("tok"), 0.95, "basic-auth")
    for m in _URL_CREDENTIALS.finditer(low):
        yield _ent(text, m.start("pw"), m.end("pw"), 0.99, "url-password")


# Substrings (lower case) without which a family of rules cannot match: most texts skip most regexes.
_KV_HINTS = (
    "pass", "pw", "secret", "token", "key", "credential", "pin", "otp", "seed", "mnemonic", "code", "kennwort",
    "mot de passe", "mot_de_passe", "contrase", "senha", "hasło", "hasl", "пароль", "密码", "パスワード", "비밀번호",
)  # fmt: skip
_PROSE_HINTS = (
    "pass", "pwd", "pin", "wifi", "kennwort", "contrase", "senha", "hasło", "geheimzahl", "пин", "code", "暗証",
    "密码", "비밀번호", "phrase", "mnemonic", "memorable", "answer", "wallet", "frase", "secret", "setup", "2fa",
    "mfa", "otp", "authenticator", "seed",
)  # fmt: skip
_CODE_HINTS = ("code", "kody", "códigos", "codigos")
_AUTH_HINTS = ("bearer", "token", "basic", "://")


_KV_CUES, _PROSE_CUES, _CODE_CUES, _AUTH_CUES = map(Cues, (_KV_HINTS, _PROSE_HINTS, _CODE_HINTS, _AUTH_HINTS))


_SECRET_FORMATS_AT = label_scanner(_SECRET_FORMATS)  # tried only where one of its words starts (see label_starts)


def find_secrets(text: str) -> Iterator[Entity]:
    """Every secret-looking value in ``text`` (scores before the threshold; overlaps not resolved)."""
    for m in _SECRET_FORMATS_AT.finditer(text):
        yield _ent(text, m.start(), m.end(), 0.98, "secret-format")
    low = lower_view(text)
    if _KV_CUES.in_lower(low):  # one pass over the text for every finder's cue words (.cues)
        yield from _kv(text, low)
    if _PROSE_CUES.in_lower(low):
        yield from _prose(text, low)
    if _CODE_CUES.in_lower(low):
        yield from _codes(text, low)
    if _AUTH_CUES.in_lower(low):
        yield from _auth(text, low)
    yield from find_one_time_codes(text)
    yield from find_secret_shapes(text)  # "AWS key … / wJ9r+Xk2…": a key's shape after a credential word


_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/]*[0-9+/])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=_-])")


def _b64_text(token: str) -> str | None:
    """The printable UTF-8 text that ``token`` is the base64 of, else None."""
    padded = token + "=" * (-len(token) % 4)
    try:
        raw = base64.b64decode(padded, validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if not decoded or not all(c.isprintable() or c in "\n\t\r" for c in decoded):
        return None
    return decoded


def find_base64_values(text: str, finder: Callable[[str], list[Entity]]) -> Iterator[Entity]:
    """Base64 tokens whose decoded text holds something ``finder`` flags (an e-mail, a card, a password):
    the whole token is reported with the best decoded finding's type."""
    for m in _BASE64.finditer(text):
        token = m.group()
        if token.isdigit() or (token.isalpha() and (token.islower() or token.isupper())):
            continue
        decoded = _b64_text(token.rstrip("="))
        if decoded is None or len(decoded) < 6:
            continue
        inner = [e for e in finder(decoded) if e.score >= 0.6 and e.source not in ("year", "weekday", "domain")]
        if inner:
            best = max(inner, key=lambda e: e.score)
            yield Entity(best.type, m.start(), m.end(), token, min(0.95, best.score), "base64")
