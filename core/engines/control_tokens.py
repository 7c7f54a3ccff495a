"""User content is text, never control tokens.

A chat template turns messages into one prompt string, and llama-cpp-python tokenizes that string
with special tokens enabled, so ``<end_of_turn>`` (or ``<|im_end|>``, ``<|eot_id|>`` …) typed by a
user — or sitting in an indexed document a collection hands the model — would become a real turn
boundary: content could fake turns and inject instructions. Before templating, every occurrence
of one of the model's own control-token strings in message content gets a zero-width space after
its first character: the person (and the model) still read the same characters, but the
tokenizer sees ordinary text. The control tokens are read from the model's vocabulary (the
``CONTROL`` attribute), so this holds for every chat template, not a list of known markers.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no type information

if TYPE_CHECKING:
    from llama_cpp import Llama

__all__ = ["ControlTokens", "control_tokens_of"]

_BREAK = "\u200b"
_MIN_LEN = 3  # single characters and pairs are not markers anyone types by accident or design


class ControlTokens:
    """The control-token strings of one model, and :meth:`neutralize` for content."""

    def __init__(self, markers: frozenset[str]) -> None:
        self.markers = frozenset(m for m in markers if len(m) >= _MIN_LEN and not m.isspace())
        self._automaton: Any = None
        if self.markers:
            automaton = ahocorasick.Automaton()
            for marker in self.markers:
                automaton.add_word(marker, len(marker))
            automaton.make_automaton()
            self._automaton = automaton

    def neutralize(self, text: str) -> str:
        """``text`` with every control-token string broken by a zero-width space after its first character."""
        if self._automaton is None or not text or ("<" not in text and "[" not in text and "|" not in text):
            return text
        starts = sorted({end - length + 1 for end, length in self._automaton.iter(text)})
        if not starts:
            return text
        pieces: list[str] = []
        cursor = 0
        for start in starts:
            pieces.append(text[cursor : start + 1])
            pieces.append(_BREAK)
            cursor = start + 1
        pieces.append(text[cursor:])
        return "".join(pieces)


_cache: weakref.WeakKeyDictionary[Any, ControlTokens] = weakref.WeakKeyDictionary()  # per loaded model
_lock = threading.Lock()


def control_tokens_of(llama: Llama) -> ControlTokens:
    """The control tokens of a loaded model (read once per model instance, about 0.3 s for 262k tokens)."""
    with _lock:
        found = _cache.get(llama)
    if found is not None:
        return found
    import llama_cpp

    vocab = llama._model.vocab
    markers: set[str] = set()
    for token in range(llama_cpp.llama_vocab_n_tokens(vocab)):
        if llama_cpp.llama_vocab_get_attr(vocab, token) & llama_cpp.LLAMA_TOKEN_ATTR_CONTROL:
            markers.add(llama.detokenize([token], special=True).decode("utf-8", "replace"))
    tokens = ControlTokens(frozenset(markers))
    with _lock:
        _cache[llama] = tokens
    return tokens
