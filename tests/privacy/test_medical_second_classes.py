"""Health-term classes the second leak set showed missing, on texts of our own: coeliac disease, atrial
fibrillation, congenital heart disease, neuropathy, major depressive disorder in several languages, Hebrew
written without vowel letters, and lithium / antipsychotic brands sold under a local name. And general
questions that must go out unchanged: a year beside a public figure's match, a venue that reads like a name."""

from __future__ import annotations

import pytest

from islandrun.core.privacy.detector import default_detector
from islandrun.core.privacy.entities import EntityType

FOUND = [
    ("Mi hijo tiene celiaquía y no puede comer pan normal en el comedor.", "celiaquía"),
    ("Mein Vater hat Vorhofflimmern und nimmt seit März Blutverdünner.", "Vorhofflimmern"),
    ("Il a une fibrillation auriculaire depuis l'an dernier.", "fibrillation auriculaire"),
    ("المريض يعاني من رجفان أذيني منذ سنتين", "رجفان أذيني"),
    ("Con gái tôi bị bệnh tim bẩm sinh từ nhỏ.", "bệnh tim bẩm sinh"),
    ("진단명: 주요우울장애, 외래 진료 중", "주요우울장애"),
    ("אובחנה אצלה סכרת לפני שנה", "סכרת"),
    ("יש לו נוירופתיה ברגליים", "נוירופתיה"),
    ("Córka bierze Rispolept od pół roku.", "Rispolept"),
    ("Mi madre toma Plenur desde hace años.", "Plenur"),
    ("Ojciec ma migotanie przedsionków.", "migotanie przedsionków"),
]
UNCHANGED = [
    "Who won the women's final at Roland Garros in 2016, and how long did the final against Serena Williams last?",
    "Почему матч Карпов — Корчной в 1978 году считается таким важным в истории шахмат?",
    "O que visitar em Lisboa num fim de semana? Belém, Museu Calouste Gulbenkian e Alfama valem a pena?",
    "¿Qué ver en Madrid en dos días? ¿Vale la pena el Palacio Real y el Mercado de San Miguel?",
]


@pytest.mark.parametrize(("text", "term"), FOUND)
def test_health_term_families_are_found(text: str, term: str) -> None:
    found = [(e.type, text[e.start : e.end]) for e in default_detector().detect(text)]
    assert any(kind is EntityType.MEDICAL and term in span for kind, span in found), found


@pytest.mark.parametrize("text", UNCHANGED)
def test_general_questions_keep_years_and_venues(text: str) -> None:
    found = [(e.type, e.text) for e in default_detector().detect(text)]
    assert not found, found
