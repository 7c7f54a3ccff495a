"""BERT's uncased WordPiece tokenizer in pure Python, for the bundled MiniLM embedding model.

It reproduces the Hugging Face ``tokenizers`` pipeline that all-MiniLM-L6-v2 ships
(``BertNormalizer`` with lowercase + accent stripping + CJK spacing, ``BertPreTokenizer``,
``WordPiece`` with ``##`` continuations, ``[CLS] … [SEP]``), so IslandRun needs neither
``tokenizers`` nor ``huggingface_hub``. ``tests/collections/test_wordpiece.py`` checks it
against ids recorded from ``tokenizers`` 0.23.3. The vocabulary (``data/minilm-vocab.txt``,
Apache-2.0, from sentence-transformers/all-MiniLM-L6-v2) ships with the package.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = ["WordPieceTokenizer"]

_MAX_WORD_CHARS = 100


def _is_whitespace(ch: str) -> bool:
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch: str) -> bool:
    return ch not in "\t\n\r" and unicodedata.category(ch).startswith("C")


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _normalize(text: str) -> str:
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif _is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    lowered = unicodedata.normalize("NFD", "".join(out).lower())
    return "".join(ch for ch in lowered if unicodedata.category(ch) != "Mn")


def _pre_tokenize(text: str) -> list[str]:
    words: list[str] = []
    for piece in text.split():
        current = ""
        for ch in piece:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                    current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


class WordPieceTokenizer:
    """``encode(text, max_length)`` → token ids with ``[CLS]``/``[SEP]``, truncated to ``max_length``."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self._vocab = vocab
        self.cls_id = vocab["[CLS]"]
        self.sep_id = vocab["[SEP]"]
        self.unk_id = vocab["[UNK]"]
        self.pad_id = vocab["[PAD]"]
        self._word_ids = lru_cache(maxsize=65_536)(self._word_to_ids)

    @classmethod
    def bundled(cls) -> WordPieceTokenizer:
        """The all-MiniLM-L6-v2 vocabulary that ships with IslandRun."""
        text = resources.files(__package__).joinpath("data/minilm-vocab.txt").read_text(encoding="utf-8")
        return cls({token: index for index, token in enumerate(text.split("\n")[:-1])})

    def _word_to_ids(self, word: str) -> tuple[int, ...]:
        if len(word) > _MAX_WORD_CHARS:
            return (self.unk_id,)
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found: int | None = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self._vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unk_id,)
            ids.append(found)
            start = end
        return tuple(ids)

    def encode(self, text: str, max_length: int = 256) -> list[int]:
        ids: list[int] = [self.cls_id]
        budget = max_length - 1
        for word in _pre_tokenize(_normalize(text)):
            ids.extend(self._word_ids(word))
            if len(ids) >= budget:
                del ids[budget:]
                break
        ids.append(self.sep_id)
        return ids
