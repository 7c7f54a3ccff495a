"""Persian requests: planted values are replaced, harmless prompts go out unchanged (issue 16).

The first 4 requests and 3 harmless prompts were written before the regional finders and tuned on;
the next 3 and 3 were written afterwards and run once before the rules were corrected (H5 report).
"""

from __future__ import annotations

import pytest

from .langs_regional import changed, regional_findings, uncovered

REQUESTS = [
    (
        (
            "یادداشت جلسه مشاوره: مراجع، خانم مریم احمدی، ۳۲ ساله، با علائم افسردگی و اضطراب مراجعه کرده "
            "است. داروی فعلی: سرترالین ۵۰ میلی‌گرم. کد ملی: ۰۰۸۴۱۷۵۲۳۰ تلفن همراه: ۰۹۱۲۳۴۵۶۷۸۹"
        ),
        ["مریم احمدی", "افسردگی", "سرترالین", "۰۰۸۴۱۷۵۲۳۰", "۰۹۱۲۳۴۵۶۷۸۹"],
    ),
    (
        (
            "رزرو هتل به نام آقای علی رضایی، شماره پاسپورت: K12345678، تاریخ تولد ۱۳۶۵/۰۴/۱۲، نشانی: "
            "تهران، خیابان ولیعصر، کوچه بهار، پلاک ۱۲، واحد ۳"
        ),
        ["علی رضایی", "K12345678", "۱۳۶۵/۰۴/۱۲", "خیابان ولیعصر، کوچه بهار، پلاک ۱۲، واحد ۳"],
    ),
    (
        "فیش حقوقی آذر ماه — نام و نام خانوادگی: حسین کریمی، شماره حساب: ۰۱۰۲۳۴۵۶۷۸۰۰۱، شماره بیمه: ۱۲۳۴۵۶۷۸",
        ["حسین کریمی", "۰۱۰۲۳۴۵۶۷۸۰۰۱", "۱۲۳۴۵۶۷۸"],
    ),
    (
        (
            "سلام، پدرم آقای محمود صادقی ۷۴ ساله است و آلزایمر دارد. برای پرستار در منزل به شماره "
            "۰۲۱-۸۸۷۶۵۴۳۲ زنگ بزنید. کد ملی او ۱۲۷۳۸۴۹۱۰۸ است."
        ),
        ["محمود صادقی", "آلزایمر", "۰۲۱-۸۸۷۶۵۴۳۲", "۱۲۷۳۸۴۹۱۰۸"],
    ),
    (
        (
            "اخطاریه دادگاه: آقای رضا نوروزی، فرزند حسن، به شماره ملی ۰۰۶۳۵۴۸۷۲۰ در پرونده کلاسه "
            "۱۴۰۵۰۹۸۷۶۵ احضار می‌شوید."
        ),
        ["رضا نوروزی", "۰۰۶۳۵۴۸۷۲۰", "۱۴۰۵۰۹۸۷۶۵"],
    ),
    (
        "سلام دکتر، من ۳۶ سالمه و دو بار آی‌وی‌اف انجام دادم ولی جواب منفی بود. پزشکم گفته ذخیره تخمدانم پایین است.",
        ["آی‌وی‌اف"],
    ),
    (
        "برنده قرعه‌کشی: خانم زهرا موسوی، شماره کارت ۶۰۳۷-۹۹۷۵-۱۲۳۴-۵۶۷۸، شماره موبایل ۰۹۳۵۱۲۳۴۵۶۷",
        ["زهرا موسوی", "۶۰۳۷-۹۹۷۵-۱۲۳۴-۵۶۷۸", "۰۹۳۵۱۲۳۴۵۶۷"],
    ),
]
HARMLESS = [
    "طرز تهیه قورمه سبزی: سبزی را سرخ کنید و با لوبیا قرمز و گوشت بپزید.",
    "بهترین زمان سفر به اصفهان بهار است؛ میدان نقش جهان و سی و سه پل را ببینید.",
    "تیم ملی فوتبال ایران دیشب با نتیجه ۲ بر ۱ برنده شد.",
    "خانم‌ها و آقایان، به مسابقه امشب خوش آمدید.",
    "کتاب‌های حافظ و سعدی را برای شروع شعر فارسی پیشنهاد می‌کنید؟",
    "برای سفر به شیراز چه مکان‌هایی را ببینم؟ حافظیه و باغ ارم در برنامه‌ام هست.",
]


@pytest.mark.parametrize(("text", "values"), REQUESTS)
def test_planted_values_are_replaced(text: str, values: list[str]) -> None:
    assert uncovered(text, values) == [], changed(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_the_regional_finders_leave_harmless_prompts_alone(text: str) -> None:
    assert regional_findings(text) == []


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_prompts_go_out_unchanged(text: str) -> None:
    assert changed(text) == []


def test_iranian_national_codes_are_checked() -> None:
    from islandrun.core.privacy.regional_values import iran_code_ok

    assert iran_code_ok("0084175230")
    assert iran_code_ok("1273849108")
    assert not iran_code_ok("0084175231")
    assert not iran_code_ok("1111111111")


def test_a_doctor_title_before_ordinary_words_is_no_name() -> None:
    assert [f for f in regional_findings("دکتر گفت دیابت دارم و باید رژیم بگیرم.") if f[0] == "PERSON"] == []
