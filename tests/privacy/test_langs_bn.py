"""Bengali requests: planted values are replaced, harmless prompts go out unchanged (issue 16).

The first 4 requests and 3 harmless prompts were written before the regional finders and tuned on;
the next 3 and 3 were written afterwards and run once before the rules were corrected (H5 report).
"""

from __future__ import annotations

import pytest

from .langs_regional import changed, regional_findings, uncovered

REQUESTS = [
    (
        (
            "রোগীর নাম: মোছাম্মৎ রহিমা খাতুন, বয়স ৪৫, জাতীয় পরিচয়পত্র নম্বর: ১৯৮৫২৬৯৪৮৭১২৩৪৫৬৭ — "
            "ডায়াবেটিস ও উচ্চ রক্তচাপের রোগী। ঠিকানা: বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা ১২০৫। মোবাইল: "
            "০১৭১২-৩৪৫৬৭৮"
        ),
        ["রহিমা খাতুন", "১৯৮৫২৬৯৪৮৭১২৩৪৫৬৭", "ডায়াবেটিস", "উচ্চ রক্তচাপ", "বাড়ি ১২, রোড ৫, ধানমন্ডি", "০১৭১২-৩৪৫৬৭৮"],
    ),
    (
        "ভর্তি আবেদন — শিক্ষার্থী: তানভীর হাসান, পিতার নাম: আব্দুল করিম, রোল নম্বর ২০২৬১৪৫, জন্ম তারিখ: ১২/০৩/২০১০",
        ["তানভীর হাসান", "আব্দুল করিম", "২০২৬১৪৫", "১২/০৩/২০১০"],
    ),
    (
        ("আমার বাবা জনাব মোঃ সিরাজুল ইসলাম স্ট্রোকের পর থেকে শয্যাশায়ী; গ্রাম: চরপাড়া, থানা: সদর, জেলা: ময়মনসিংহ। এনআইডি ৪৬১৮২৯৩৭৫০"),
        ["সিরাজুল ইসলাম", "স্ট্রোক", "চরপাড়া", "৪৬১৮২৯৩৭৫০"],
    ),
    (
        "বিকাশ নম্বর ০১৮১৯-৮৭৬৫৪৩ এ টাকা পাঠিয়েছি, গ্রাহক শ্রীমতী অনিতা দাস, অর্ডার নম্বর BD-552901",
        ["০১৮১৯-৮৭৬৫৪৩", "অনিতা দাস", "BD-552901"],
    ),
    (
        ("আদালতের সমন: মামলা নম্বর ৫৬৭/২০২৬, বিবাদী জনাব কামরুল হাসান, পিতা: মৃত আব্দুর রহমান, সাং: উত্তরপাড়া, উপজেলা: সাভার, জেলা: ঢাকা।"),
        ["৫৬৭/২০২৬", "কামরুল হাসান", "আব্দুর রহমান", "উত্তরপাড়া, উপজেলা: সাভার"],
    ),
    (
        "রোগী: শ্রীমতী সুমিত্রা পাল, গর্ভাবস্থার ৩২ সপ্তাহ, থাইরয়েডের সমস্যা আছে। ওষুধ: থাইরক্সিন ৫০ মাইক্রোগ্রাম।",
        ["সুমিত্রা পাল", "গর্ভাবস্থা", "থাইরয়েড"],
    ),
    (
        "বিকাশ অ্যাকাউন্ট ভেরিফিকেশন: নাম: মোঃ রফিকুল ইসলাম, এনআইডি নম্বর ১২৩৪৫৬৭৮৯০১২৩, জন্ম তারিখ ০১/০১/১৯৯০",
        ["রফিকুল ইসলাম", "১২৩৪৫৬৭৮৯০১২৩", "০১/০১/১৯৯০"],
    ),
]
HARMLESS = [
    "ইলিশ মাছের ঝোল রান্নার সহজ রেসিপি: সরিষা বাটা, কাঁচা মরিচ আর হলুদ দিয়ে রান্না করুন।",
    "কক্সবাজার সমুদ্র সৈকত ভ্রমণের জন্য শীতকাল সবচেয়ে ভালো সময়।",
    "বাংলাদেশ ক্রিকেট দল গতকাল শ্রীলঙ্কাকে ৫ উইকেটে হারিয়েছে।",
    "রবীন্দ্রনাথ ঠাকুরের সেরা কবিতাগুলো কী কী?",
    "ঢাকা থেকে সিলেট ট্রেনে যেতে কত সময় লাগে?",
    "শ্রীমঙ্গলের চা বাগান ঘুরতে কোন মাস ভালো?",
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


def test_a_health_term_with_a_case_ending_is_found() -> None:
    text = "ডাক্তার বললেন উচ্চ রক্তচাপের ওষুধ নিয়মিত খেতে হবে।"
    assert ("MEDICAL", "উচ্চ রক্তচাপের") in [(t, s) for t, s in regional_findings(text)]
