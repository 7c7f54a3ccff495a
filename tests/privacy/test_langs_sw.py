"""Swahili requests: planted values are replaced, harmless prompts go out unchanged (issue 16).

The first 4 requests and 3 harmless prompts were written before the regional finders and tuned on;
the next 3 and 3 were written afterwards and run once before the rules were corrected (H5 report).
"""

from __future__ import annotations

import pytest

from .langs_regional import changed, regional_findings, uncovered

REQUESTS = [
    (
        (
            "Mgonjwa: Bi. Amina Juma Mwakyusa, umri miaka 29, ana ujauzito wa wiki 20 na shinikizo la "
            "damu. Ameandikiwa dawa ya methyldopa 250 mg. Simu: 0712 345 678."
        ),
        ["Amina Juma Mwakyusa", "ujauzito", "shinikizo la damu", "methyldopa", "0712 345 678"],
    ),
    (
        (
            "Habari, naomba kurudisha bidhaa ya oda namba KE-784512. Jina: Bw. Baraka Otieno, anwani: "
            "Mtaa wa Moi Avenue, Nyumba Na. 24, S.L.P. 12345-00100 Nairobi. Namba ya simu +254 722 123 "
            "456."
        ),
        ["KE-784512", "Baraka Otieno", "Mtaa wa Moi Avenue, Nyumba Na. 24", "S.L.P. 12345-00100", "+254 722 123 456"],
    ),
    (
        (
            "Ndugu Hamisi Salim Mussa, namba ya kitambulisho cha NIDA: 19850612-12345-00001-23, namba ya "
            "akaunti: 0152345678900. Malipo ya bahati nasibu yatatumwa."
        ),
        ["Hamisi Salim Mussa", "19850612-12345-00001-23", "0152345678900"],
    ),
    (
        (
            "Mama yangu ana kisukari na amelazwa hospitalini kwa sababu ya kiharusi. Anaitwa Bi. Rehema "
            "Mollel, namba ya faili ya mgonjwa: MNH-2026-04417."
        ),
        ["kisukari", "kiharusi", "Rehema Mollel", "MNH-2026-04417"],
    ),
    (
        (
            "Hati ya wito: Bw. Juma Athumani Kombo anatakiwa kufika Mahakama ya Wilaya ya Ilala, shauri "
            "la jinai namba 245/2026, tarehe 12 Januari."
        ),
        ["Juma Athumani Kombo", "245/2026"],
    ),
    (
        (
            "Hati ya mshahara — Jina la mfanyakazi: Neema Wambui Kariuki, namba ya mfanyakazi: EMP-0932, "
            "namba ya akaunti 01J1234567800, NSSF 123456789."
        ),
        ["Neema Wambui Kariuki", "EMP-0932", "01J1234567800", "123456789"],
    ),
    (
        (
            "Babu yangu Mzee Omari Said ana kisukari na kifafa, anahitaji mtu wa kumtunza nyumbani "
            "Tanga. Piga 0754 987 321."
        ),
        ["Omari Said", "kisukari", "kifafa", "0754 987 321"],
    ),
]
HARMLESS = [
    "Jinsi ya kupika pilau: kaanga vitunguu, ongeza mchele, viungo vya pilau na nyama ya ng'ombe.",
    "Mbuga ya Serengeti ni mahali pazuri pa kuona wanyama wakati wa uhamaji mkubwa mwezi Julai.",
    "Timu ya Simba imeshinda mechi dhidi ya Yanga kwa mabao 2-1 jana jioni.",
    "Mlima Kilimanjaro una urefu wa mita ngapi na ni wakati gani mzuri wa kuupanda?",
    "Ninawezaje kupika chapati laini bila kutumia mayai?",
    "Je, Bwana Harusi anapaswa kuvaa nini siku ya harusi ya Kiswahili?",
]


@pytest.mark.parametrize(("text", "values"), REQUESTS)
def test_planted_values_are_replaced(text: str, values: list[str]) -> None:
    assert uncovered(text, values) == [], changed(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_the_regional_finders_leave_harmless_prompts_alone(text: str) -> None:
    assert regional_findings(text) == []


# The name finders (names.py, ner_lowercase.py) do not yet know this language's ordinary words: they take
# some capitalised or lower-case words of some of these prompts for names (reported to the lead, issue 16).
_NAME_FINDERS_GAP = pytest.mark.xfail(reason="names.py takes ordinary Swahili words for names", strict=True)


@pytest.mark.parametrize(
    "text", [pytest.param(t, marks=_NAME_FINDERS_GAP) if i in {2, 4, 5} else t for i, t in enumerate(HARMLESS)]
)
def test_harmless_prompts_go_out_unchanged(text: str) -> None:
    assert changed(text) == []


def test_a_post_office_box_alone_is_an_address() -> None:
    text = "Tafadhali tuma barua kwa S.L.P. 4455 Arusha kabla ya Ijumaa."
    assert [t for t, _ in regional_findings(text)] == ["ADDRESS"]
