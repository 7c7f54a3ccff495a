"""Filipino (Tagalog) texts for tests/privacy/test_langs_regional.py: requests with planted values,
harmless prompts (issue 16).

The first 4 requests and 3 harmless prompts were written before the regional finders and tuned on;
the next 3 and 3 were written afterwards and run once before the rules were corrected (H5 report).
"""

from __future__ import annotations

REQUESTS = [
    (
        (
            "Pasyente: Gng. Maria Lourdes Dela Cruz, 41 taong gulang, may diabetes at altapresyon. "
            "Niresetahan ng losartan 50 mg isang beses araw-araw. Tirahan: 123 Rizal St., Brgy. San "
            "Antonio, Lungsod ng Pasig. Cell: 0917 123 4567"
        ),
        [
            "Maria Lourdes Dela Cruz",
            "diabetes",
            "altapresyon",
            "losartan",
            "123 Rizal St., Brgy. San Antonio",
            "0917 123 4567",
        ],
    ),
    (
        (
            "Payslip para kay G. Jose Ramon Santos — TIN: 123-456-789-000, SSS No.: 34-1234567-8, "
            "PhilHealth No.: 12-345678901-2"
        ),
        ["Jose Ramon Santos", "123-456-789-000", "34-1234567-8", "12-345678901-2"],
    ),
    (
        (
            "Ipinatawag si Ginoong Roberto Villanueva sa Regional Trial Court kaugnay ng Kaso Blg. "
            "2026-1457. Ang kanyang PhilSys number ay 1234-5678-9012-3456."
        ),
        ["Roberto Villanueva", "2026-1457", "1234-5678-9012-3456"],
    ),
    (
        (
            "Nagpa-therapy ako dahil sa depresyon at pagkabalisa mula nang mamatay ang asawa ko; umiinom "
            "ako ng sertraline gabi-gabi. Buntis din ang anak kong si Liza."
        ),
        ["depresyon", "pagkabalisa", "sertraline", "Buntis"],
    ),
    (
        (
            "Para sa padala: Pangalan ng tatanggap: Ana Marie Bautista, Numero ng telepono: 0928 765 "
            "4321, Address: Blk. 5 Lot 12, Brgy. Malanday, Marikina City."
        ),
        ["Ana Marie Bautista", "0928 765 4321", "Blk. 5 Lot 12, Brgy. Malanday"],
    ),
    (
        (
            "Mahal na G. Reyes, ang anak kong si Miguel Santos (LRN 123456789012) ay liliban bukas dahil "
            "may dengue siya."
        ),
        ["Reyes", "Miguel Santos", "123456789012", "dengue"],
    ),
    (
        (
            "Ang lola ko ay may demensya at rayuma, nakatira siya sa Purok 3, Sitio Malinis, Brgy. "
            "Tagbak, Jaro, Iloilo City."
        ),
        ["demensya", "rayuma", "Purok 3, Sitio Malinis, Brgy. Tagbak"],
    ),
]
HARMLESS = [
    "Paano magluto ng adobong manok: ilagay ang manok sa toyo, suka, bawang at paminta, saka pakuluan.",
    "Magandang pumunta sa Palawan tuwing Marso para sa El Nido at Coron.",
    "Nanalo ang Gilas Pilipinas laban sa Jordan sa iskor na 85-80 kagabi.",
    "Sino ang mas magaling na boksingero, si Manny Pacquiao o si Floyd Mayweather?",
    "Ano ang pinakamagandang beach sa Siargao tuwing Abril?",
    "Paano gumawa ng leche flan na walang butas-butas?",
]


# Harmless prompts the name finders (names.py, ner_lowercase.py) still change:
# ordinary Tagalog words taken for names.
NAME_FINDER_GAPS = {1, 2, 3}
