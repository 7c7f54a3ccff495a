"""Spelling keys and consonant skeletons of drug names, for matching them across scripts.

International nonproprietary names are spelled almost alike in every language once transliterated
(``anyascii``): a spelling key folds the differences of spelling and case endings ("Ramiprylu",
"метформина" ~ "ramipril"), and a consonant skeleton those of scripts that drop or add vowels
(katakana, Hangul, Arabic, Hebrew: "セルトラリン", "سيرترالين" ~ "sertraline" ~ s-r-t-r-n).
Used by :mod:`.medical_multilingual` and its build script.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

__all__ = ["drug_key", "latin", "skeleton"]

_DIGRAPHS = (
    ("qu", "kv"),
    ("kw", "kv"),
    ("ph", "f"),
    ("th", "t"),
    ("kh", "k"),
    ("ch", "k"),
    ("sh", "s"),
    ("ts", "s"),
    ("x", "ks"),
    ("q", "k"),
)


def latin(word: str) -> str:
    return (word if word.isascii() else anyascii(word)).lower()


@lru_cache(maxsize=1 << 16)
def drug_key(word: str) -> str:
    """Spelling key of a drug name in any script with vowels: "Ramiprylu", "метформина" -> "ramipril"."""
    s = latin(word)
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = re.sub(r"c(?=[eiy])", "s", s).replace("c", "k").replace("z", "s").replace("y", "i").replace("j", "i")
    s = s.replace("w", "v").replace("ou", "u").replace("ae", "e").replace("oe", "e")
    s = re.sub(r"[^a-z]", "", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    for ending in ("em", "om", "ami", "ach", "ow", "ou", "u", "a", "e", "i", "o"):
        if s.endswith(ending) and len(s) - len(ending) >= 5:
            return s[: -len(ending)]
    return s


# Labials, velars, liquids fall together (katakana and Hangul write f as h or p, Arabic p as b;
# l and r are one sound in Japanese and Korean); t/d and s/z stay apart.
_SKELETON_CLASS = str.maketrans("pbfvhtdkgqcszjrlmn", "pppppdtkkkkszzrrmn", "aeiouyw'")


@lru_cache(maxsize=1 << 16)
def skeleton(word: str, script: str = "") -> str:
    """Consonant skeleton of a drug name: "セルトラリン", "سيرترالين", "sertraline" -> "srtrn"."""
    s = latin(word.replace("ו", "") if script == "he" else word)  # vav is mostly a vowel letter; bet (v/b) is not
    if script in ("kana", "kana-z"):  # ジ writes "di" (ジゴキシン) and "zi" (ドネペジル): "kana-z" reads the second
        s = s.replace("chi", "ti").replace("tsu", "tu").replace("ji", "zi" if script == "kana-z" else "di")
        s = s.replace("shi", "si")
    elif script == "deva":  # ज़ is z; ज before e/i writes an English soft g (प्रोजेस्टेरोन ~ progesterone)
        s = re.sub(r"j(?=[ei])", "g", s.replace("j'", "z"))
    elif script == "ko":
        s = s.replace("j", "z")  # Hangul writes z with the letter romanised j
    elif script == "ar-g":  # Arabic writes a hard g with jim (ريفاستيجمين ~ rivastigmine)
        s = s.replace("j", "g")
    elif script == "ar-v" and s.startswith("w"):  # Persian and Urdu write v with vav (ویلپرویٹ ~ valproate)
        s = "v" + s[1:]
    for a, b in (*_DIGRAPHS, ("gh", "g"), ("dh", "d")):
        s = s.replace(a, b)
    s = re.sub(r"c(?=[eiy])", "s", s)
    s = re.sub(r"[^a-z]", "", s).translate(_SKELETON_CLASS)
    return re.sub(r"(.)\1+", r"\1", s)
