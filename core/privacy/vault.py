"""The placeholder vault of one conversation: original value ↔ typed placeholder.

Placeholders are coarse (``[PERSON_417]``, ``[ID_208]``): the kind, then a number drawn at random
per conversation, so the same name gets the same placeholder in every turn of one conversation
and unrelated numbers in another. The vault lives in memory on this device only; nothing in it is
written anywhere or sent to any island.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

from .entities import PLACEHOLDER_KIND, Entity, EntityType
from .lexicons import common_rank  # imported here, not in the functions: an import there costs ~10 µs a call
from .name_variants import name_variants
from .ner_han import han_name_parts

__all__ = ["PLACEHOLDER_RE", "Vault", "VaultStore", "match_case_sensitively", "name_parts"]

# Models sometimes change the case of a placeholder ("[Person_417]"): still ours.
PLACEHOLDER_RE = re.compile(r"\[([A-Za-z]{2,14})_(\d{1,7})\]")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mx", "rev", "phd", "md", "jr", "sr"})


# Chinese and Japanese are written without spaces: a name stands against the next word (刘晓燕处理, 晓燕说).
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Korean writes particles straight after a name (민준이, 민준에게): a boundary before it, none after.
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HEBREW = re.compile(r"[\u05d0-\u05ea]")
_HE_PREFIX = "[והבלמשכ]"


def value_pattern(value: str, flags: int = 0) -> re.Pattern[str]:
    """Where ``value`` stands as a whole word in a text — the one rule the vault's lookups and the egress guard
    share. In scripts written without spaces (Han, kana) there are no word edges to require; after Hangul a
    particle may follow; elsewhere both edges must be word edges."""
    if _NO_SPACES.search(value):
        return re.compile(re.escape(value), flags)
    if not value:
        return re.compile(r"(?<!\w)(?!\w)", flags)
    # The word edge before the value is tested after its first character ("(?<!\w)Ann" as "A(?<!\wA)nn"): the
    # same matches, but a pattern that opens with a character lets the engine skip to where it stands instead
    # of trying the look-behind at every position of the text (the vault looks for every value in every text).
    if _HEBREW.match(value):
        # Hebrew writes "and", "to", "the", "in", "from", "that" as letters joined to the word ("ליעקב", "ומשה"):
        # after one or two of them the value still stands alone
        edge = rf"(?:(?<!\w)|(?<=(?<!\w){_HE_PREFIX})|(?<=(?<!\w){_HE_PREFIX}{_HE_PREFIX})){re.escape(value)}"
        return re.compile(edge + r"(?!\w)", flags)
    first = re.escape(value[0])
    edge = first + rf"(?<!\w{first})" + re.escape(value[1:])
    if _HANGUL.search(value):
        return re.compile(edge, flags)
    return re.compile(edge + r"(?!\w)", flags)


def match_case_sensitively(value: str) -> bool:
    """A one-word value that is also a common English word ("Mark", "Will", "May") is looked for only with
    the case it was seen in, so that "mark this as done" is neither replaced nor blocked later."""
    words = value.split()
    if len(words) != 1:
        return False
    rank = common_rank(value.casefold())
    return rank is not None and rank < 5000


def name_parts(value: str) -> list[str]:
    """The names inside a person's value that identify on their own ("Dr. Jennifer Holst" → Jennifer, Holst).

    Titles, initials and common English words ("Mark", "Will") are left out, so that a later
    "mark this done" is neither replaced nor blocked.
    """
    han = han_name_parts(re.sub(r"[ \u3000]", "", value))  # 鈴木一郎, 佐藤 健一, 欧阳明轩: no spaces to split on
    if han:
        return han
    words = [w for w in re.split(r"[\s.,]+", value) if w]
    if len(words) < 2:
        return []
    parts = []
    for part in words:
        lowered = part.casefold()
        rank = common_rank(lowered)
        if len(part) >= 3 and lowered not in _TITLES and (rank is None or rank >= 5000):
            parts.append(part)
    return parts


def _key(kind: str, value: str) -> tuple[str, str]:
    """One placeholder per value as written, spacing included: "Rossi" and "rossi" get two, and so do "Hello metformin"
    and "Hello \\n metformin" (the property test found them sharing one, so the second came back as the first), so each
    comes back as the user wrote it (a reply that echoes the text is the text). The vault still *finds* a value in any
    letter case."""
    return kind, value


@dataclass
class Vault:
    conversation_id: str
    _by_value: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_placeholder: dict[str, str] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _by_plain: dict[str, str] = field(default_factory=dict)  # folded value -> placeholder, any kind
    _numeric: set[str] = field(default_factory=set)  # placeholders of values that were JSON numbers
    last_used: float = field(default_factory=time.monotonic)
    # text -> what the detector found in it: every request of a conversation carries its history again
    detections: OrderedDict[str, list[Entity]] = field(default_factory=OrderedDict)
    # needles() for the vault's size when it was built (values are only ever added)
    _needles: tuple[int, list[tuple[str, str, re.Pattern[str]]]] = field(default=(-1, []), repr=False, compare=False)
    # the same needles in one Aho-Corasick automaton (needle -> their indexes in needles()), for needles_in()
    _finder: tuple[object, Any] = field(default=(None, None), repr=False, compare=False)
    _per_kind: Counter[str] = field(default_factory=Counter, repr=False, compare=False)  # placeholders per kind
    # (kind, value as given) -> placeholder: the values a request repeats skip _key's folding
    _by_given: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)
    # placeholder -> its entries in needles(), made once (the vault grows within a request: needles() is rebuilt)
    _needles_of: dict[str, list[tuple[str, str, re.Pattern[str]]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def remember_detection(self, text: str, found: list[Entity], limit: int = 512) -> None:
        with self._lock:
            self.detections[text] = found
            self.detections.move_to_end(text)
            while len(self.detections) > limit:
                self.detections.popitem(last=False)

    def placeholder_of(self, value: str) -> str | None:
        """The placeholder ``value`` already has in this conversation (any kind), or None."""
        return self._by_plain.get(" ".join(value.split()).casefold())

    def numeric_original(self, placeholder: str) -> int | float | None:
        """The number a placeholder stands for, when the value left as a JSON number."""
        if placeholder not in self._numeric:
            return None
        original = self._by_placeholder[placeholder]
        try:
            return int(original)
        except ValueError:
            return float(original)

    def placeholder_for(self, kind: EntityType, value: str, *, numeric: bool = False) -> str:
        """The placeholder of ``value`` in this conversation, created on first sight."""
        coarse = PLACEHOLDER_KIND[kind]
        given = self._by_given.get((coarse, value))
        if given is not None and not numeric:
            self.last_used = time.monotonic()
            return given
        key = _key(coarse, value)
        with self._lock:
            self.last_used = time.monotonic()
            existing = self._by_value.get(key)
            if existing is not None:
                if numeric:
                    self._numeric.add(existing)
                self._by_given[(coarse, value)] = existing
                return existing
            while True:
                used = self._per_kind[coarse]
                span = 900 if used < 450 else 9000 * (used // 4500 + 1)
                placeholder = f"[{coarse}_{100 + secrets.randbelow(span)}]"
                if placeholder not in self._by_placeholder:
                    break
            self._by_value[key] = placeholder
            self._by_plain.setdefault(key[1].casefold(), placeholder)
            self._by_placeholder[placeholder] = value
            self._kinds[placeholder] = coarse
            self._per_kind[coarse] += 1
            self._by_given[(coarse, value)] = placeholder
            if numeric:
                self._numeric.add(placeholder)
            return placeholder

    def original(self, placeholder: str) -> str | None:
        found = self._by_placeholder.get(placeholder)
        return found if found is not None else self._by_placeholder.get(placeholder.upper())

    def kind_of(self, placeholder: str) -> str | None:
        return self._kinds.get(placeholder)

    def originals(self) -> list[tuple[str, str]]:
        """(placeholder, original value) pairs, longest value first."""
        with self._lock:
            pairs = list(self._by_placeholder.items())
        return sorted(pairs, key=lambda p: -len(p[1]))

    def needles(self) -> list[tuple[str, str, re.Pattern[str]]]:
        """What to look for in a text, for each value this vault holds, longest value first: (placeholder,
        case-folded needle, whole-word pattern); a person's value also by the names in it (:func:`name_parts`).
        Built once per size of the vault: every text of every request is searched for all of them."""
        size = len(self._by_placeholder)
        if self._needles[0] == size:
            return self._needles[1]
        built: list[tuple[str, str, re.Pattern[str]]] = []
        for placeholder, value in self.originals():
            entries = self._needles_of.get(placeholder)
            if entries is None:  # a placeholder's value and kind never change: its needles are made once
                entries = self._needles_of[placeholder] = self._make_needles(placeholder, value)
            built.extend(entries)
        self._needles = (size if size == len(self._by_placeholder) else -1, built)
        return built

    def _make_needles(self, placeholder: str, value: str) -> list[tuple[str, str, re.Pattern[str]]]:
        person = self._kinds.get(placeholder) == PLACEHOLDER_KIND[EntityType.PERSON]
        parts = [*name_parts(value), *name_variants(value)] if person else []  # oliwka, あきやま: name_variants
        made = []
        for needle in (value, *parts):
            if len(needle) < 2:
                continue
            flags = 0 if match_case_sensitively(needle) else re.IGNORECASE
            made.append((placeholder, needle.casefold(), value_pattern(needle, flags)))
        return made

    def needles_in(self, folded: str) -> list[tuple[str, re.Pattern[str]]]:
        """(placeholder, pattern) of the :meth:`needles` that occur in ``folded`` (a case-folded text), in the
        order of :meth:`needles`: one scan of the text for all of them instead of a search per needle."""
        needles = self.needles()
        if not needles:
            return []
        built_for, finder = self._finder
        if built_for is not needles:
            finder = ahocorasick.Automaton()
            for i, (_, needle, _) in enumerate(needles):
                indexes = finder.get(needle, None)
                finder.add_word(needle, (*indexes, i) if indexes else (i,))
            finder.make_automaton()
            self._finder = (needles, finder)
        present = sorted({i for _, indexes in finder.iter(folded) for i in indexes})
        return [(needles[i][0], needles[i][2]) for i in present]

    def __len__(self) -> int:
        return len(self._by_placeholder)


class VaultStore:
    """Vaults by conversation id, in memory; the least recently used are dropped past ``max_conversations``."""

    def __init__(self, max_conversations: int = 1000, ttl_s: float = 24 * 3600) -> None:
        self.max_conversations = max_conversations
        self.ttl_s = ttl_s
        self._vaults: OrderedDict[str, Vault] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_id: str) -> Vault:
        now = time.monotonic()
        with self._lock:
            vault = self._vaults.get(conversation_id)
            if vault is None or now - vault.last_used > self.ttl_s:
                vault = Vault(conversation_id)
                self._vaults[conversation_id] = vault
            vault.last_used = now  # idle time counts from the last request, not from the last new value
            self._vaults.move_to_end(conversation_id)
            while len(self._vaults) > self.max_conversations:
                self._vaults.popitem(last=False)
            return vault

    def forget(self, conversation_id: str) -> None:
        with self._lock:
            self._vaults.pop(conversation_id, None)
