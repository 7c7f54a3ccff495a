"""Thai, Bengali, Persian, Indonesian, Swahili and Filipino requests (issue 16): every planted value is
replaced, the regional finders leave harmless prompts alone, and harmless prompts go out unchanged; plus each
language's own checks (national-ID checksums, titles, case endings).

The texts live in ``langs_<code>.py``, one module per language, each saying which of its texts were written
before the regional finders (and tuned on) and which after; the shared checks are in ``langs_regional.py``.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from . import langs_bn, langs_fa, langs_fil, langs_id, langs_sw, langs_th
from .langs_regional import changed, regional_findings, uncovered

LANGS: dict[str, ModuleType] = {
    "th": langs_th,
    "bn": langs_bn,
    "fa": langs_fa,
    "id": langs_id,
    "sw": langs_sw,
    "fil": langs_fil,
}
_NAME_FINDERS_GAP = pytest.mark.xfail(reason="names.py takes ordinary words of this language for names", strict=True)


def _requests() -> list[object]:
    return [
        pytest.param(text, values, id=f"{code}-{i}")
        for code, module in LANGS.items()
        for i, (text, values) in enumerate(module.REQUESTS)
    ]


def _harmless(*, with_gaps: bool) -> list[object]:
    return [
        pytest.param(
            text, id=f"{code}-{i}", marks=_NAME_FINDERS_GAP if with_gaps and i in module.NAME_FINDER_GAPS else ()
        )
        for code, module in LANGS.items()
        for i, text in enumerate(module.HARMLESS)
    ]


@pytest.mark.parametrize(("text", "values"), _requests())
def test_planted_values_are_replaced(text: str, values: list[str]) -> None:
    assert uncovered(text, values) == [], changed(text)


@pytest.mark.parametrize("text", _harmless(with_gaps=False))
def test_the_regional_finders_leave_harmless_prompts_alone(text: str) -> None:
    assert regional_findings(text) == []


@pytest.mark.parametrize("text", _harmless(with_gaps=True))
def test_harmless_prompts_go_out_unchanged(text: str) -> None:
    assert changed(text) == []


# Thai


def test_a_thai_citizen_id_with_a_wrong_check_digit_is_no_national_id() -> None:
    text = "รหัสสินค้าในระบบคือ 3100200456789 กรุณาตรวจสอบอีกครั้ง"
    assert ("NATIONAL_ID", "3100200456789") not in regional_findings(text)


def test_a_valid_thai_citizen_id_is_found_without_a_label() -> None:
    text = "ช่วยกรอกแบบฟอร์มให้หน่อย 1501101234567 คือเลขของฉัน"
    assert ("NATIONAL_ID", "1501101234567") in regional_findings(text)


# Bengali


def test_a_health_term_with_a_case_ending_is_found() -> None:
    text = "ডাক্তার বললেন উচ্চ রক্তচাপের ওষুধ নিয়মিত খেতে হবে।"
    assert ("MEDICAL", "উচ্চ রক্তচাপের") in [(t, s) for t, s in regional_findings(text)]


# Persian


def test_iranian_national_codes_are_checked() -> None:
    from islandrun.core.privacy.regional_values import iran_code_ok

    assert iran_code_ok("0084175230")
    assert iran_code_ok("1273849108")
    assert not iran_code_ok("0084175231")
    assert not iran_code_ok("1111111111")


def test_a_doctor_title_before_ordinary_words_is_no_name() -> None:
    assert [f for f in regional_findings("دکتر گفت دیابت دارم و باید رژیم بگیرم.") if f[0] == "PERSON"] == []


# Indonesian


def test_a_sixteen_digit_number_without_a_birth_date_is_no_nik() -> None:
    text = "Tolong cek transaksi saya dengan kode 3174091388000312 ya, terima kasih."
    assert ("NATIONAL_ID", "3174091388000312") not in regional_findings(text)


def test_ibu_kota_is_no_person() -> None:
    assert regional_findings("Ibu Kota Nusantara dibangun di Kalimantan Timur.") == []


# Swahili


def test_a_post_office_box_alone_is_an_address() -> None:
    text = "Tafadhali tuma barua kwa S.L.P. 4455 Arusha kabla ya Ijumaa."
    assert [t for t, _ in regional_findings(text)] == ["ADDRESS"]


# Filipino


def test_si_before_a_public_figure_is_no_name_but_before_ones_child_it_is() -> None:
    assert regional_findings("Sino ang mas sikat, si Jose Rizal o si Andres Bonifacio?") == []
    assert ("PERSON", "Miguel Santos") in regional_findings("Ang anak kong si Miguel Santos ay may lagnat.")
