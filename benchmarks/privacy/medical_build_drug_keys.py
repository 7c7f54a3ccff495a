"""Build ``core/privacy/data/medical_drug_keys.txt.gz``: spelling keys and consonant skeletons of generic
drug names, for matching drug names written in other scripts or inflected (``medical_multilingual``).

    .venv/bin/python benchmarks/privacy/medical_build_drug_keys.py [--wheels DIR] [--check]

Source: the generic names of substances with a chemical formula from ``drug-named-entity-recognition``
(DrugBank open data, CC0; MedlinePlus, public domain; see ``medical_build_vocab.py``), one word, six
letters or more: those flagged as not a brand, and those the dictionary flags neither way that are a
DrugBank substance under its own name (carbidopa, benserazide, rotigotine: no MedlinePlus page) or a
salt form of one (valproate for valproic acid). A key or skeleton that is also the key of a common word
(wordfreq's 20,000 most frequent words of each language below) is dropped, unless that word is the drug
name itself written in another script ("インスリン", "insulin"): vocabulary-side filtering, no corpus is used.
``--check`` reports how many of each language's words ranked 20,000-30,000 (not used for filtering)
would still match: the expected rate of false drug findings on everyday words.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import pickle
import tempfile
import zipfile
from difflib import SequenceMatcher
from pathlib import Path

import wordfreq
from medical_build_vocab import _PLAIN_NAME, _wheel  # type: ignore[import-not-found]

from islandrun.core.privacy.medical_multilingual import SCRIPTS, drug_key, latin, skeleton

OUT = Path(__file__).resolve().parents[2] / "core" / "privacy" / "data" / "medical_drug_keys.txt.gz"
LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "ru", "uk", "bg", "el", "tr", "vi",
         "ja", "ko", "ar", "he", "fa", "zh")  # fmt: skip
FILTER_RANK, CHECK_RANK = 20_000, 30_000
# International nonproprietary names the source lacks because it lists the US name (albuterol, acetaminophen,
# epinephrine, glyburide, lidocaine, meperidine, furosemide, levothyroxine …) or none (metamizole, sold across Europe,
# Latin America and Asia): curated from the INN lists (WHO) for the names Europe, Asia and Africa write.
INN_ONLY = (
    "salbutamol", "adrenaline", "noradrenaline", "glibenclamide", "lignocaine", "pethidine", "frusemide",
    "thyroxine", "dexamfetamine", "oestradiol", "metamizole", "ciclosporin", "rifampicin", "aciclovir",
    "valaciclovir", "beclometasone", "colecalciferol", "ergocalciferol", "bendroflumethiazide", "chlorphenamine",
    "mesalazine", "sulfasalazine", "phenobarbitone", "amoxycillin", "cefalexin", "cefuroxime", "oxetacaine",
    "bromhexine", "ambroxol", "drotaverine", "nimesulide", "dimenhydrinate", "betahistine", "piracetam",
    "phenazepam", "xylometazoline", "oxymetazoline", "trimebutine", "mebeverine", "pancreatin", "nifuroxazide",
)  # fmt: skip


def _keys(word: str) -> list[tuple[str, str]]:
    """("k", spelling key) for a word with vowels, (script, skeleton) for one in a skeleton script."""
    out: list[tuple[str, str]] = []
    for script, pattern in SCRIPTS:
        if pattern.fullmatch(word):
            out.extend((script, skeleton(word[s:e], script)) for s, e in _forms_all(word, script))
            return out
    if word.isalpha() and len(word) >= 6:
        out.append(("k", drug_key(word)))
    return out


def _forms_all(word: str, script: str) -> list[tuple[int, int]]:
    from islandrun.core.privacy.medical_multilingual import forms

    return forms(word, script)


def generic_names(wheels: Path) -> set[str]:
    """Non-brand drug names with a DrugBank or MedlinePlus id (see :func:`_generic_unflagged`)."""
    with zipfile.ZipFile(_wheel("drug-named-entity-recognition", wheels)) as zf:
        raw = zf.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")
    data = pickle.loads(bz2.decompress(raw))  # pinned MIT package data, build time only
    canonical = data["drug_canonical_to_data"]
    variant_data = data["drug_variant_to_variant_data"]
    names: set[str] = set()
    for variant, canon in data["drug_variant_to_canonical"].items():
        listed = any(
            canonical.get(n, {}).get("drugbank_id") or canonical.get(n, {}).get("medline_plus_id") for n in canon
        )
        if not listed or not _PLAIN_NAME.fullmatch(variant):
            continue
        brand = variant_data.get(variant, {}).get("is_brand")
        if brand is False or (brand is None and _generic_unflagged(str(variant), canon, canonical)):
            names.add(str(variant))
    return names


def _generic_unflagged(variant: str, canon: list[str], canonical: dict[str, dict[str, str]]) -> bool:
    """A variant the dictionary did not flag either way that is still a generic substance name: a DrugBank
    substance listed under its own name ("carbidopa", "benserazide", "rotigotine": no MedlinePlus page, so
    no brand flag), or a salt or ion form of its canonical name ("valproate" for valproic acid: the same
    first five letters). Brand names ("glucophage" for metformin) share neither."""
    if variant in canon:
        return any(canonical.get(n, {}).get("drugbank_id") and canonical.get(n, {}).get("formula") for n in canon)
    return " " not in variant and any(variant[:5] == w[:5] for n in canon for w in n.split() if len(w) >= 5)


def _same(word: str, drug: str) -> bool:
    a = latin(word).replace("l", "r")
    b = drug.replace("l", "r")
    return SequenceMatcher(None, a, b).ratio() >= 0.7


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wheels", type=Path)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    wheels = args.wheels or Path(tempfile.mkdtemp())
    names = sorted({n.lower() for n in generic_names(wheels) if n.isalpha() and len(n) >= 6} | set(INN_ONLY))
    owner: dict[tuple[str, str], str] = {}
    for name in names:
        owner.setdefault(("k", drug_key(name)), name)
        sk = skeleton(name)
        if len(sk) >= 4:
            for script, _ in SCRIPTS:
                owner.setdefault((script, sk), name)
    held_out: dict[str, list[str]] = {}
    dropped = 0
    for lang in LANGS:
        words = wordfreq.top_n_list(lang, CHECK_RANK, wordlist="small")
        held_out[lang] = words[FILTER_RANK:]
        for word in words[:FILTER_RANK]:
            for key in _keys(word):
                drug = owner.get(key)
                if drug is not None and not _same(word, drug):
                    del owner[key]
                    dropped += 1
    lines = [f"{kind}\t{key}" for kind, key in sorted(owner)]
    header = [
        "# Generated by benchmarks/privacy/medical_build_drug_keys.py; do not edit by hand.",
        "# Spelling keys (k) and consonant skeletons (by script: kana, ko, ar, he) of generic drug names",
        "# (DrugBank open data, CC0; MedlinePlus, public domain; via drug-named-entity-recognition==2.0.9, MIT),",
        "# less the keys of common words (wordfreq). Format: kind<TAB>key.",
    ]
    OUT.write_bytes(gzip.compress(("\n".join(header + lines) + "\n").encode("utf-8"), mtime=0))
    print(f"{len(names)} names, {len(lines)} keys written, {dropped} dropped as common-word keys")
    if args.check:
        for lang, words in held_out.items():
            hits = [w for w in words if any(k in owner and not _same(w, owner[k]) for k in _keys(w))]
            print(f"{lang}: {len(hits)}/{len(words)} held-out common words match: {hits[:8]}")


if __name__ == "__main__":
    main()
