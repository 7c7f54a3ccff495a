"""Telling lines of source code from prose: names and addresses on a code line need more evidence."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["is_code", "line_at"]

_CODE_CHARS = frozenset("(){}[]=<>;:/\\|`$&*")
_CODE_WORDS = re.compile(
    r"^\s*(?:def|class|import|return|const|let|var|function|fn|func|public|private|from\s+\S+\s+import)\s"
    r"|->|=>|==|::"
)
_STATEMENT_END = re.compile(r";\s*$")
# Greek writes its question mark as ";": a line ending so in Greek prose is a question, not a statement
_GREEK_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]{3}")


_DROP_CODE_CHARS = str.maketrans(dict.fromkeys(_CODE_CHARS))


@lru_cache(maxsize=1024)
def is_code(line: str) -> bool:
    """A line of source code: names on it must be backed by a lexicon (``Iterator``, ``Callable`` are not people).

    Cached: the name, address and contact finders ask about the same lines of a text."""
    stripped = line.strip()
    if not stripped:
        return False
    if _CODE_WORDS.search(stripped):
        return True
    greek = _GREEK_WORD.search(stripped) is not None
    if not greek and _STATEMENT_END.search(stripped):
        return True
    symbols = len(stripped) - len(stripped.translate(_DROP_CODE_CHARS)) - (stripped.count(";") if greek else 0)
    return symbols >= 3 and symbols >= 0.06 * len(stripped)


def line_at(text: str, index: int) -> str:
    """The line of ``text`` that holds ``index``."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : len(text) if end == -1 else end]
