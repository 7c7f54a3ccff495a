"""Contact details written to dodge a scraper: spelled-out e-mail addresses and social-media handles.

- ``maria dot kowalski at example dot com``, ``jan [at] firma [dot] de``, ``ana(at)correo.es``,
  ``piotr małpa poczta kropka pl``: an e-mail address whose ``@`` or dots are words or bracketed. A
  bracketed ``[at]``/``(at)`` is unambiguous; a bare ``at`` needs a spelled ``dot`` and a known top-level
  domain, and the word before ``at`` must not be an ordinary word ("look at google dot com" is no address).
- ``@handle`` next to a platform name, ``IG: name``, ``my TikTok is @name``; a lone ``@handle`` in prose
  (not code: decorators, npm scopes and CSS at-rules are not people).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .cues import Cues
from .entities import Entity, EntityType
from .lines import is_code, line_at
from .normalize import lower_view

__all__ = ["find_contacts"]


def _lower_rule(pattern: str) -> re.Pattern[str]:
    """A case-blind rule matched against :func:`.normalize.lower_view` (much faster than ``re.IGNORECASE``)."""
    return re.compile(pattern.replace("(?i:", "(?:"))


_TLDS = (
    "com|org|net|edu|gov|io|ai|co|dev|app|info|biz|me|us|uk|de|fr|it|es|nl|be|ch|at|se|no|dk|fi|pl|cz|hu|pt|"
    "br|ca|au|nz|jp|cn|in|ru|ie|gr|ro|sk|si|hr|uy|ar|mx|cl|il|za|tr|eu|tv|ly|xyz|online|site|cloud|tech|mail|"
    "email|kr|tw|hk|sg|vn|ua|by|kz|lt|lv|ee|is|lu"
)
_AT_BRACKET = r"\s*[\[({<]\s*(?:at|@|arroba|arobase|chez|małpa|malpa|ät|собака)\s*[\])}>]\s*"
_AT_WORD = r"\s+(?:at|arroba|arobase|małpa|malpa|собака)\s+"
_DOT_BRACKET = r"\s*[\[({<]\s*(?:dot|punto|punkt|point|kropka|ponto|piste|точка|\.)\s*[\])}>]\s*"
_DOT_WORD = r"\s+(?:dot|punto|punkt|point|kropka|ponto|piste|точка)\s+"
_DOT = r"(?:" + _DOT_BRACKET + "|" + _DOT_WORD + r"|\.)"
_PART = r"[A-Za-z0-9_%+-]++"
_OBFUSCATED_EMAIL = _lower_rule(
    r"(?<![A-Za-z0-9_.%+-])(?P<local>" + _PART + r"(?:" + _DOT + _PART + r"){0,4})"
    r"(?P<at>" + _AT_BRACKET + "|" + _AT_WORD + r")"
    r"(?P<domain>[A-Za-z0-9-]++(?:" + _DOT + r"[A-Za-z0-9-]++){0,4}?" + _DOT + r"(?i:" + _TLDS + r"))"
    r"(?![A-Za-z0-9-])"
)
_HINT = _lower_rule(
    r"(?i:[\[({<]\s*(?:at|@|arroba|arobase|małpa|ät)\s*[\])}>]|\s(?:at|arroba|arobase|małpa|malpa|собака)\s)"
)
_ORDINARY = frozenset(
    [
        "i",
        "me",
        "you",
        "we",
        "us",
        "him",
        "her",
        "them",
        "it",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "look",
        "looking",
        "looked",
        "work",
        "works",
        "working",
        "worked",
        "live",
        "lives",
        "stay",
        "stayed",
        "arrive",
        "arrived",
        "be",
        "am",
        "meet",
        "met",
        "available",
        "reach",
        "find",
        "found",
        "visit",
        "visited",
        "see",
        "saw",
        "shop",
        "shopped",
        "buy",
        "bought",
        "sell",
        "sold",
        "job",
        "jobs",
        "here",
        "there",
        "home",
        "office",
        "school",
        "college",
        "university",
        "now",
        "then",
        "today",
        "tomorrow",
        "later",
        "night",
        "noon",
        "once",
        "all",
        "and",
        "or",
        "but",
        "not",
        "a",
        "an",
        "the",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "some",
        "any",
        "website",
        "site",
        "page",
        "posted",
        "post",
        "check",
        "go",
        "went",
        "get",
        "got",
    ]
)
_PLATFORMS = (
    r"twitter|x\.com|instagram|insta|ig|tiktok|tik\s?tok|telegram|tg|snapchat|snap|threads|mastodon|bluesky|"
    r"bsky|discord|github|gitlab|reddit|youtube|twitch|linkedin|facebook|fb|skype|wechat|weixin|kakao(?:talk)?|"
    r"vk|weibo|signal|onlyfans|pinterest|tumblr|soundcloud|spotify|steam|xbox|psn"
)
_HANDLE_LABEL = _lower_rule(
    r"(?i:(?<![^\W\d_])(?:" + _PLATFORMS + r")"
    r"(?P<sep>(?:\s+(?:handle|account|username|user\s?name|name|id|is|at|:))*\s*[:=]?)\s*)"
    r"(?P<h>@?[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])"
)
_AT_HANDLE = re.compile(r"(?<![\w@.+/-])@(?P<h>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@(/:-]|\.\w)")
_NOT_HANDLES = frozenset(
    [
        "media",
        "import",
        "font-face",
        "keyframes",
        "supports",
        "charset",
        "page",
        "layer",
        "property",
        "staticmethod",
        "classmethod",
        "dataclass",
        "override",
        "test",
        "param",
        "return",
        "returns",
        "throws",
        "deprecated",
        "author",
        "since",
        "see",
        "link",
        "param",
        "type",
        "everyone",
        "here",
        "channel",
        "user",
        "users",
        "admin",
        "all",
        "mention",
        "app",
        "pytest",
        "fixture",
        "todo",
        "fixme",
    ]
)
_ORDINARY_HANDLE_WORDS = frozenset(
    ["the", "a", "an", "my", "me", "is", "on", "at", "in", "and", "or", "me", "for", "to", "of", "yesterday", "today"]
)


def _emails(text: str, low: str) -> Iterator[Entity]:
    if _HINT.search(low) is None:
        return
    for m in _OBFUSCATED_EMAIL.finditer(low):
        at = m.group("at")
        obfuscated_dots = "." not in m.group("domain")
        bracketed = "[" in at or "(" in at or "{" in at or "<" in at
        if not bracketed:
            local_words = re.split(_DOT_WORD + "|" + _DOT_BRACKET + r"|\.", m.group("local"))
            if local_words[0].lower() in _ORDINARY or not obfuscated_dots:
                continue
        score = 0.9 if bracketed else 0.8
        yield Entity(EntityType.EMAIL, m.start(), m.end(), text[m.start() : m.end()], score, "email-obfuscated")


_PLATFORM_AUTOMATON_WORDS = tuple(
    w.replace("\\", "") for w in re.split(r"\|", re.sub(r"\(\?:[^)]*\)\??|\\s\??", "", _PLATFORMS)) if w
)


_NEXT_NAME_WORD = re.compile(r"[ \t]+[A-Z][^\W\d_]+(?:[-'’][A-Z]?[^\W\d_]+)?")


_PLATFORM_CUES = Cues(_PLATFORM_AUTOMATON_WORDS)


def _handles(text: str, low: str) -> Iterator[Entity]:
    platforms = _PLATFORM_CUES.in_lower(low)  # any(w in low …), one pass for every finder's cue words (.cues)
    for m in _HANDLE_LABEL.finditer(low) if platforms else ():
        handle = text[m.start("h") : m.end("h")]
        labelled = any(w in m.group("sep") for w in (":", "=", "is", "handle", "name"))
        if not handle.startswith("@") and (not labelled or handle.lower() in _ORDINARY_HANDLE_WORDS):
            continue
        surname = _NEXT_NAME_WORD.match(text, m.end("h")) if handle.isalpha() and handle[0].isupper() else None
        if surname is not None:  # "her name on LinkedIn is Priya Raghunathan": a full name, not a handle
            end = surname.end()
            yield Entity(EntityType.PERSON, m.start("h"), end, text[m.start("h") : end], 0.85, "name-after-platform")
            continue
        yield Entity(EntityType.ID_OTHER, m.start("h"), m.end("h"), handle, 0.85, "handle-platform")
    if "@" not in text:
        return
    for m in _AT_HANDLE.finditer(text):
        name = m.group("h")
        line = line_at(text, m.start())
        if name.lower() in _NOT_HANDLES or line[: m.start() - (text.rfind("\n", 0, m.start()) + 1)].strip() == "":
            continue  # a decorator or at-rule at the start of a line
        if is_code(line) or name.isdigit():
            continue
        yield Entity(EntityType.ID_OTHER, m.start(), m.end(), m.group(), 0.6, "handle")


def find_contacts(text: str) -> Iterator[Entity]:
    """Spelled-out e-mail addresses and social-media handles in ``text``."""
    low = lower_view(text)
    yield from _emails(text, low)
    yield from _handles(text, low)
