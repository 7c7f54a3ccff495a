"""Chinese, Japanese and Korean person names without an honorific or a role word: the taggers of
:mod:`islandrun.core.privacy.ner_segment` (MeCab/UniDic, Baidu LAC on onnxruntime) with the lists.

The texts were written for this test (insurance claims, school notices, pharmacy and clinic
messages, visa applications, chat and log lines); none comes from a corpus the detector was scored on.
Harmless prompts in the same languages (history, cooking, travel, code) must keep every name finding out.
"""

from __future__ import annotations

import pytest

from islandrun.core.privacy.entities import EntityType
from islandrun.core.privacy.names import find_names
from islandrun.core.privacy.ner_segment import find_chinese_tagged_names, find_japanese_tagged_names
from islandrun.core.privacy.sanitize import Sanitizer, restore
from islandrun.core.privacy.vault import VaultStore, name_parts

NAMES = [
    ("请联系王建国处理这份理赔申请。", "王建国"),
    ("班主任刘晓燕通知：下周一家长会，请准时参加。", "刘晓燕"),
    ("今天下午三点，陈明辉来诊所复诊。", "陈明辉"),
    ("报案人：赵国强，车辆在高速上追尾，后保险杠损坏。", "赵国强"),
    ("转账给李志刚五千元，备注房租。", "李志刚"),
    ("理赔专员郭振华已审核您的材料。", "郭振华"),
    ("家长您好，您的孩子吴思远今天在学校发烧了。", "吴思远"),
    ("心理科预约：杨梓轩，周四上午十点。", "杨梓轩"),
    ("我已经把合同发给了徐婧，她说下周回复。", "徐婧"),
    ("收款人为冯子豪，账号见附件。", "冯子豪"),
    ("药房提醒：韩梦瑶的处方药已备好，可以取药。", "韩梦瑶"),
    ("根据彭振宇提供的照片，车门有明显划痕。", "彭振宇"),
    ("请转告罗文斌，明天的面试改到下午。", "罗文斌"),
    ("车主叶晨曦称当时车速不快。", "叶晨曦"),
    ("2024-05-01 10:23 用户沈一鸣登录失败", "沈一鸣"),
    ("医生建议卢嘉欣每周复查一次肝功能。", "卢嘉欣"),
    ("担当は佐藤 健一です。", "佐藤 健一"),
    ("面接日程：小野寺拓海 10:00、井上彩花 11:00", "小野寺拓海"),
    ("面接日程：小野寺拓海 10:00、井上彩花 11:00", "井上彩花"),
    ("担任の石井先生から、長谷川蓮の欠席連絡がありました。", "長谷川蓮"),
    ("来週の打ち合わせには松田優斗も参加します。", "松田優斗"),
    ("久保田結衣が退院しました。", "久保田結衣"),
    ("申請者氏名 大塚 健太郎", "大塚 健太郎"),
    ("今日は村田悠人くんの誕生日です。", "村田悠人"),
    ("マイナンバー照会ログ：利用者 田村直樹 2024-04-01", "田村直樹"),
    ("어제 정민재랑 점심 먹었어.", "정민재"),
    ("송금 받는 사람: 강예린", "강예린"),
]

HARMLESS = [
    "秦始皇统一六国后建立了秦朝。",
    "白居易写过哪些诗？",
    "红烧肉怎么做？需要准备五花肉、冰糖和生抽。",
    "如何在Linux上安装Docker？",
    "诸葛亮草船借箭的故事是真的吗？",
    "周末去黄山旅游需要准备什么？",
    "马铃薯炖牛肉需要炖多久？",
    "王府井有哪些好吃的小吃？",
    "李子和杏有什么区别？",
    "鲁迅为什么弃医从文？",
    "汽车保险理赔的流程是什么？",
    "请推荐几本关于宋朝历史的书。",
    "夏天去云南旅游是个不错的选择。昆明四季如春，可以去滇池看海鸥，也可以去石林欣赏喀斯特地貌。",
    "在Python中读取大文件时，可以用pandas的read_csv函数并设置chunksize参数，再用正则表达式提取字段。",
    "織田信長はどんな人物でしたか？",
    "徳川家康が江戸幕府を開いたのはいつですか？",
    "大谷翔平は何年生まれですか？",
    "夏目漱石の代表作は何ですか？",
    "坂本龍馬について教えてください。",
    "山田線の時刻表を調べてください。",
    "中村屋のカレーは有名です。",
    "在留カードの更新方法を教えてください。",
    "Pythonでリストを並べ替える方法は？",
    "파이썬으로 웹 크롤러를 만드는 방법은?",
    "조금만 기다려 주세요.",
    "이번 주말에 한강공원에 갈까요?",
    "받는 사람: 주소를 확인하세요.",
    "고객 문의가 많습니다.",
]


def _covered(text: str, name: str) -> bool:
    start = text.index(name)
    return any(
        e.type is EntityType.PERSON and e.start <= start and e.end >= start + len(name) for e in find_names(text)
    )


@pytest.mark.parametrize(("text", "name"), NAMES)
def test_name_without_a_cue_is_found(text: str, name: str) -> None:
    assert _covered(text, name), [(e.text, e.source) for e in find_names(text)]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_prompt_has_no_person(text: str) -> None:
    assert [e.text for e in find_names(text) if e.type is EntityType.PERSON] == []


def test_the_chinese_tagger_reads_only_around_surname_candidates() -> None:
    found = find_chinese_tagged_names("请联系王建国处理这份理赔申请。", [])
    assert [(e.text, e.source) for e in found] == [("王建国", "names-zh-lac")]
    assert find_chinese_tagged_names("用Python写一个快速排序算法。", []) == []


def test_the_japanese_tagger_takes_modern_given_names_only() -> None:
    assert [e.text for e in find_japanese_tagged_names("中川翔太の服薬指導を明日行います。")] == ["中川翔太"]
    assert find_japanese_tagged_names("織田信長と徳川家康の同盟について。") == []


def test_texts_without_han_characters_skip_both_taggers() -> None:
    assert find_chinese_tagged_names("Please call Wang Wei tomorrow.", []) == []
    assert find_japanese_tagged_names("マリアさんは来ますか？") == []


@pytest.mark.parametrize(
    ("value", "parts"),
    [("鈴木一郎", ["鈴木", "一郎"]), ("松田優斗", ["松田", "優斗"]), ("刘晓燕", ["晓燕"]), ("张伟", [])],
)
def test_name_parts_of_han_names_are_found_alone_in_later_turns(value: str, parts: list[str]) -> None:
    assert name_parts(value) == parts


@pytest.mark.parametrize(
    ("first", "later", "part"),
    [
        ("服薬指導の対象：松田優斗、12歳。", "優斗の次回の予約は来週です。", "優斗"),
        ("请联系刘晓燕处理这份理赔申请。", "晓燕说材料已经寄出了。", "晓燕"),
    ],
)
def test_a_given_name_alone_in_a_later_turn_is_replaced_and_restored(first: str, later: str, part: str) -> None:
    sanitizer = Sanitizer(store=VaultStore())
    sanitizer.sanitize_messages("cjk", [{"role": "user", "content": first}])
    out = sanitizer.sanitize_messages("cjk", [{"role": "user", "content": later}])
    assert part not in out[0]["content"]
    assert restore(out[0]["content"], sanitizer.store.get("cjk")) == later


def test_the_egress_guard_sees_a_known_cjk_value_inside_running_text() -> None:
    """The guard and the vault share one rule for where a value stands (vault.value_pattern)."""
    from islandrun.core.privacy.vault import value_pattern

    assert value_pattern("刘晓燕").search("请联系刘晓燕处理")  # no spaces in Chinese: no word edges to ask for
    assert value_pattern("민준").search("민준에게 전해 주세요")  # a Korean particle may follow
    assert not value_pattern("민준").search("김민준에게")  # but a name does not start mid-word
    assert not value_pattern("Ann").search("Annette")  # elsewhere, whole words only
