"""Swahili texts for tests/privacy/test_langs_regional.py: requests with planted values, harmless prompts (issue 16).

The first 4 requests and 3 harmless prompts were written before the regional finders and tuned on;
the next 3 and 3 were written afterwards and run once before the rules were corrected (H5 report).
"""

from __future__ import annotations

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


# Harmless prompts the name finders (names.py, ner_lowercase.py) still change:
# ordinary Swahili words taken for names. (4 left on 2026-12-07, HC: a text whose words no list knows opens its
# sentences with no name unless a list holds it, language.UNDETERMINED)
NAME_FINDER_GAPS = {2, 5}
