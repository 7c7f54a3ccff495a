"""Test results written as numbers: lab values with their unit, and genetic variants in HGVS notation.

A health report carries its findings as values more than as words: "beta hCG 312 mIU/mL", "AMH 0,8 ng/mL",
"HbA1c 7.9 %"… A lab value's unit is a concentration per volume (mIU/mL, UI/L, ng/mL, pg/mL, mmol/L, mg/dL,
g/dL, µmol/L, mEq/L …): chemistry homework uses some of them too, so a value counts

- as a health finding when an analyte (hCG, AMH, FSH, LH, estradiol, progesterone, TSH, HbA1c, ferritin,
  creatinine, PSA, CRP, haemoglobin …; written alike in most languages, as the lab prints it) stands in the
  48 characters before it, whatever the language around ("ค่า beta-hCG 15 mIU/mL", "bêta-hCG à J12 : 87 UI/L");
- otherwise only in a text that is about health already (the caller's other findings or cue words decide).

A sequence variant in HGVS notation ("c.5266dupC", "c.68_69delAG", "p.(Arg1443Ter)", "c.1521_1523del")
names one person's genotype in a genetic report, in any language; so does a gene with its alleles ("APOE ε4/ε4",
"CYP2C19 *2/*2", "HLA-B*58:01").

A marker written with its count or its serostatus and no unit, as a clinic letter or a lab portal prints it, is
one too: "CD4 612", "CD4 count 310", "CD4 à 280", "viral load 45,000", "HBsAg positief", "anti-HCV positiv",
"VIH positive", "HIV-Test positiv" (the markers of HIV and hepatitis follow-up, written alike in every language;
the word for "positive"/"negative" in the common ones); so is a German pregnancy week ("20. SSW"). A general lab
marker with a bare number ("PSA 7.8", "CRP 12", "HbA1c 8,1") counts only in a text that is about health already:
"PSA 10" also grades a trading card.
Cost: one precompiled search for a unit's "/L" or a variant's "c." (most texts stop there), then one scan; the
analyte is looked for only in the few characters before a unit that was found; the marker pattern is tried only
where a marker's letters (CD4, HBs, HCV, HIV, PSA ...) start (one Aho-Corasick pass, :mod:`.label_starts`).
"""

from __future__ import annotations

import re

from .label_starts import LabelStarts

__all__ = ["find_results"]

_NUMBER = r"(?<![\w.,])\d{1,5}(?:[.,]\d{1,3})?"
_UNIT = (
    r"(?:m?IU|mUI|UI|U|mU|ng|pg|µg|μg|ug|mcg|mg|g|pmol|nmol|µmol|μmol|umol|mmol|mEq|copies|cells)"
    r"[ ]?/[ ]?(?:m[lL]|d[lL]|[lL]|µ[lL]|μ[lL]|u[lL])(?![A-Za-z])"
)
_PROTEIN = r"[A-Z][a-z]{2}\d+(?:[A-Z][a-z]{2}|Ter|\*|fs(?:Ter|\*)?\d*|del|dup)"
_VARIANT = (
    r"(?<![\w.])(?:[cgmnr]\.[*-]?\d+(?:[+-]\d+)?(?:_[*-]?\d+(?:[+-]\d+)?)?"
    r"(?:[ACGT]>[ACGT]|delins[ACGT]+|del[ACGT]*|dup[ACGT]*|ins[ACGT]+|inv)"
    rf"|p\.(?:\({_PROTEIN}\)|{_PROTEIN}))(?![\w])"
)
# A genotype by its gene and alleles: APOE ε4/ε4, CYP2C19 *2/*2 (a star-allele pair), HLA-B*58:01 (an HLA allele)
_GENOTYPE = (
    r"(?<![\w*])[A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{1,3})?[ ]?"
    r"(?:ε[2-4]/ε[2-4]|ε[2-4](?![\w/])|\*\d{1,3}[A-Z]?/\*\d{1,3}[A-Z]?|\*\d{2,3}:\d{2,3}(?::\d{2,3})*)(?![\w])"
)
_SCAN = re.compile(rf"(?P<lab>{_NUMBER}[ ]?{_UNIT})|(?P<variant>{_VARIANT}|{_GENOTYPE})")
# The early-out: a unit's "/L" or "/mL", or a variant's "c.5", "p.(" (most texts have neither)
# (each alternative opens with a literal, which the regex engine finds fast: 0.5 µs, not 17, on 500 characters)
_HINT = re.compile(r"/ ?[mdµμu]?[lL](?![A-Za-z])|\.(?<=[cgmnrp]\.)[\d(*-]|ε[2-4]|\*\d")
_ANALYTE = re.compile(
    r"(?i:(?<![^\W\d_])(?:(?:β|beta|bêta|бета|βήτα)[ -]?)?hcg|amh|fsh|lh|e2|(?:o|œ|oe)?estradiol\w*|"
    r"[öo]strogen\w*|progest[eé]ron\w*|prolakt?in\w*|tsh|f?t[34]|hba1c|a1c|gluc?[ko]s\w*|ferritin\w*|"
    r"[ck]reatinin\w*|psa|crp|h[aeé]?moglobin\w*|hb|hgb|bilirubin\w*|albumin\w*|alt|ast|ggt|inr|d-dimer\w*|"
    r"troponin\w*|testosteron\w*|cortisol\w*|insulin\w*|vitamin\w*|ldl|hdl|cholesterol\w*|triglycerid\w*|"
    r"urea|sodium|potassium|natrium|kalium|tg|tpo|ca-?125|cea|afp|bnp|nt-probnp|iga|igg|igm)(?![^\W\d_])"
)


# Markers of HIV and hepatitis follow-up and their count or status; then lab markers with a bare number.
_COUNT = (
    r"(?:[ -]?(?:count|level|cells|Zahl|Wert|Zellzahl))?[ ]?(?:is|was|ist|war|à|de|von|of|bei|[:=])?[ ]?:?[ ]?"
    r"(?<![\w.,])\d{1,3}(?:[ ,.]?\d{3})*(?:[.,]\d{1,2})?(?!\d)(?![.,]\d)"
)
_SEROSTATUS = (
    r"(?i:positi(?:ve|vo|va|f|ef|v|vní|vni|vny)|pozitiv\w{0,3}|pozytywn\w{0,3}|dodatni\w?|ujemn\w{1,2}|reaktiv|reactive"
    r"|réactive|reactivo|reagente|não reagente|non-?reactive|nicht reaktiv|detected|not detected"
    r"|négati(?:ve|f)|negati(?:ve|vo|va|ef|v)|dương tính|âm tính|положительн\w{0,3}|отрицательн\w{0,3})(?![\w])"
)
_MARKER = re.compile(
    r"(?<![\w-])(?:(?P<count>CD4\+?|CD8\+?|(?i:viral load|carga viral|charge virale|Viruslast|virale lading"
    r"|carica virale|вирусная нагрузка))"
    + _COUNT
    + r"|(?P<status>HBsAg|HBeAg|(?i:anti-?HCV|anti-?HBc|anti-?HBs)|Ag ?HBs|AgHBs|HCV(?:-Ak|-RNA)?|HBV(?:-DNA)?"
    r"|HIV(?:-[12])?(?:-Ak|-Ag)?|VIH|ВИЧ|TPHA|VDRL)"
    r"(?:[ -](?:[Tt]est|[Ss]creening|Suchtest|Antikörper|antibodies|Ag|Ak))?[ -]?(?:[(:][ ]?)?"
    + _SEROSTATUS
    + r"|(?P<week>(?<=\d\. )SSW|(?<=\d\.)SSW|(?<=\d )SSW)(?![\w])"
    + r"|(?P<lab>PSA|CRP|HbA1c|eGFR|LDL|HDL|TSH|INR|BNP|NT-proBNP|AFP|CEA|CA-?125|ALT|AST|GGT|ESR|Hb|Hgb)"
    + _COUNT
    + r")"
)
_MARKER_HINT = re.compile(
    r"CD4|CD8|HBs|HBe|HCV|HBV|HIV|VIH|ВИЧ|TPHA|VDRL|PSA|CRP|HbA1c|eGFR|LDL|HDL|TSH|INR|BNP|NT-proBNP|AFP|CEA|CA125"
    r"|CA-125|ALT|AST|GGT|ESR|Hb|Hgb|anti|Anti|Ag|viral load|Viral load|carga viral|charge virale|Viruslast"
    r"|virale lading|carica virale|вирусная нагрузка|Вирусная нагрузка|SSW"
)
_MARKER_HINT_AT = LabelStarts(_MARKER_HINT)  # where a marker's letters start (see label_starts)


def _markers(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Marker counts and serostatus (findings), lab markers with a bare number (only in a text about health)."""
    strong: list[tuple[int, int]] = []
    weak: list[tuple[int, int]] = []
    after = 0
    for hint in _MARKER_HINT_AT.finditer(text):  # a marker can start only where its letters stand
        at = hint.start()
        if at < after or (at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_-")):
            continue
        m = _MARKER.match(text, at)
        if m is None:
            continue
        if m.lastgroup == "week":  # "20. SSW": the week's number with it
            at = len(text[:at].rstrip(" .")) if text[: m.start()].rstrip(" .")[-1:].isdigit() else at
            while at > 0 and text[at - 1].isdigit():
                at -= 1
        (weak if m.lastgroup == "lab" else strong).append((at, m.end()))
        after = m.end()
    return strong, weak


def find_results(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(spans that are health findings on their own, spans that are only in a text about health)."""
    strong, weak = _markers(text)
    if _HINT.search(text) is None:
        return strong, weak
    for m in _SCAN.finditer(text):
        if m.lastgroup == "variant" or _ANALYTE.search(text, max(0, m.start() - 48), m.start()):
            strong.append(m.span())
        else:
            weak.append(m.span())
    return strong, weak
