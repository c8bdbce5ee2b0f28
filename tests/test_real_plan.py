"""The structure of the shipped 2022 plan, pinned."""

from __future__ import annotations

import re

import pytest

from corpus import Corpus, Document

TITLES = {
    1: "优化城乡空间布局",
    2: "全面提升城镇承载功能",
    3: "加快推进大县城建设",
    4: "提升城乡产业项目承载力",
    5: "推进农业高质量发展",
    6: "加快产业融合发展",
    7: "促进特色小镇规范健康发展",
    8: "继续改善农村生产生活环境",
    9: "分类推进厕所革命",
    10: "梯次推进村庄生活污水治理",
    11: "统筹“两河四山一泉域”生态修复治理",
    12: "构建城乡交通网",
    13: "加强农村基础设施建设",
    14: "提升农村公共服务水平",
    15: "建立城乡基础设施一体化体制机制",
    16: "深化精神文明建设",
    17: "提高公共文化服务水平",
    18: "加强基层党组织建设",
    19: "健全完善基层治理体系",
}
PART_TITLES = [
    "构建城乡融合发展新格局",
    "培育产业融合发展新动能",
    "打造城乡生态宜居新面貌",
    "完善城乡基础设施新构架",
    "建立公共服务均等新机制",
    "创建城乡文化繁荣新气象",
    "建立城乡基层治理新体系",
]
PART_ITEMS = [(1, 2, 3), (4, 5, 6, 7), (8, 9, 10, 11), (12, 13), (14, 15), (16, 17), (18, 19)]
# The 责任单位 of every item, as written in the plan.
DEPARTMENTS = {
    1: "规划和自然资源局",
    2: "各县区人民政府、市住建局、市城市管理局、市卫健委、市规划和自然资源局、市文旅局、市工信局、市大数据局",
    3: "各县区人民政府、市发展和改革委、市商务局、市教育局、市农业农村局、市乡村振兴局",
    4: "市商务局、市招商中心",
    5: "市农业农村局",
    6: "市农业农村局、市文旅局、市发改委、市商务局、市工信局、市民政局",
    7: "市发改委、市财政局、市文旅局、市规划和自然资源局、市生态环境局、市住建局、市市场监管局",
    8: "各县区人民政府、市农业农村局、市财政局、市文旅局、市规划和自然资源局、市生态环境局、市住建局、市市场监管局",
    9: "市农业农村局、市卫健委、市住建局",
    10: "市住建局、市城市管理局、市水利局",
    11: "市规划和自然资源局、市水利局、市生态环境局、市城市管理局",
    12: "各县区人民政府、市交通局、省公路局分局",
    13: "各县区人民政府、市农业农村局、市交通局、市水利局、市规划和自然资源局、市能源局、市工业和信息化局",
    14: "市教育局、市文旅局、市农业农村局、市卫健委、市民政局、市医保局",
    15: "市发改委、市财政局、市交通局、市住建局、市体育局、市文旅局",
    16: "市教育局、市民政局、市文明办",
    17: "市委宣传部、市文旅局、市广电台",
    18: "市委组织部、市民政局",
}


def test_title_preamble_parts_and_items(real_plan: Document) -> None:
    assert real_plan.title == "2022年城乡融合发展行动计划"
    assert [item.number for item in real_plan.items] == list(range(20))
    preamble = real_plan.item(0)
    assert preamble.text.startswith("为深入贯彻习近平新时代中国特色社会主义思想")
    assert preamble.text.endswith("制定2022年城乡融合发展行动计划如下。")
    assert [p.title for p in real_plan.parts] == PART_TITLES
    assert [p.items for p in real_plan.parts] == PART_ITEMS


def test_item_titles_and_parts(real_plan: Document) -> None:
    assert {item.number: item.title for item in real_plan.items[1:]} == TITLES
    for part in real_plan.parts:
        assert all(real_plan.item(n).part == part.number for n in part.items)


def test_every_item_has_its_departments(real_plan: Document) -> None:
    written = {
        item.number: "、".join(item.department_mentions)
        for item in real_plan.items
        if item.department_mentions
    }
    assert written == DEPARTMENTS


def test_last_item_is_marked_truncated(real_plan: Document) -> None:
    last = real_plan.item(19)
    assert last.truncated
    assert last.departments == ()
    assert last.text.endswith("落实依")
    assert not any(item.truncated for item in real_plan.items[:-1])
    assert any("(十九)" in warning for warning in real_plan.warnings)


def test_parenthesised_text_is_not_a_heading(real_plan: Document) -> None:
    assert "(2018-2022年)" in real_plan.item(0).text
    assert "乡镇(街道)公共文化设施" in real_plan.item(17).text


def test_enumeration_survives_cleaning(real_plan: Document) -> None:
    assert "继续实施国道207、307、239、338改线工程。" in real_plan.item(12).text


def test_no_page_marker_left_inside_sentences(real_plan: Document) -> None:
    # Markers were glued into words: "中心集聚、\n2、城乡一体", "市市场监\n8、管局".
    assert "“中心集聚、城乡一体”" in real_plan.text
    assert "市市场监管局" in real_plan.item(7).department_mentions
    assert "\n" not in real_plan.text
    marker_edits = [e for e in real_plan.clean.edits if e.kind == "page_marker"]
    assert [e.before.strip() for e in marker_edits] == [f"{n}、" for n in range(1, 17)]
    for item in real_plan.items:
        for sentence in item.sentences:
            # A page marker is a number + 、 right after a Chinese character.
            assert not re.search(r"[\u4e00-\u9fff“”](?:1[0-6]|[1-9])、[^\d]", sentence.text), (
                sentence.text
            )


def test_no_letter_left_inside_numbers(real_plan: Document) -> None:
    assert not re.search(r"\d[OoIlL]|[OoIlL]\d|[IOL]{2,}[\u4e00-\u9fff]", real_plan.text)
    repairs = {(e.before, e.after) for e in real_plan.clean.edits if e.kind == "digit_repair"}
    assert repairs == {("IOOO", "1000"), ("L98", "198"), ("IOO", "100")}
    assert "设施农业1000亩" in real_plan.text
    assert "ETC智慧停车" in real_plan.text and "PPP项目" in real_plan.text


def test_banner_removed_and_recorded(real_plan: Document) -> None:
    assert "会员分享" not in real_plan.text
    banner = [e for e in real_plan.clean.edits if e.kind == "banner"]
    assert len(banner) == 1 and banner[0].raw_line == 1


@pytest.mark.parametrize(
    ("item", "text", "value", "unit", "qualifier"),
    [
        (2, "172个", 172, "个", ""),
        (9, "1.4万座以上", 14000, "座", "以上"),
        (11, "38.9%以上", 38.9, "%", "以上"),
        (11, "6万亩", 60000, "亩", ""),
        (8, "0.16万亩", 1600, "亩", ""),
        (11, "5000亩", 5000, "亩", "至少"),
        (4, "30亿元", 3e9, "元", "超"),
        (5, "1000亩", 1000, "亩", ""),
    ],
)
def test_targets(
    real_plan: Document, item: int, text: str, value: float, unit: str, qualifier: str
) -> None:
    targets = [t for t in real_plan.item(item).targets if t.text == text]
    assert len(targets) == 1
    target = targets[0]
    assert target.value == pytest.approx(value)
    assert (target.unit, target.qualifier) == (unit, qualifier)
    assert target.text in target.sentence
    assert real_plan.text[target.span.start : target.span.end] == text


def test_years_are_not_targets(real_plan: Document) -> None:
    assert not [t for item in real_plan.items for t in item.targets if t.text == "2022年"]


def test_quotes_trace_back_to_the_raw_file(real_plan: Document) -> None:
    clean = real_plan.clean
    for item in real_plan.items:
        assert real_plan.text[item.span.start : item.span.end] == item.text
        for sentence in item.sentences:
            assert real_plan.text[sentence.span.start : sentence.span.end] == sentence.text
            raw = clean.raw_span(sentence.span)
            raw_text = clean.raw[raw.start : raw.end]
            # The raw text differs only by removed page markers and repaired digits.
            stripped = re.sub(r"\n\d+、", "", raw_text)
            for edit in clean.edits:
                if edit.kind == "digit_repair":
                    stripped = stripped.replace(edit.before, edit.after)
            assert stripped == sentence.text


def test_every_department_resolves(real_corpus: Corpus) -> None:
    for item in real_corpus.items():
        for mention in item.department_mentions:
            assert real_corpus.registry.resolve(mention) in item.departments


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("市发改委", "市发展和改革委"),
        ("市发展和改革委", "市发展和改革委"),
        ("发改委", "市发展和改革委"),
        ("市工信局", "市工业和信息化局"),
        ("规划和自然资源局", "市规划和自然资源局"),
        ("市住房和城乡建设局", "市住建局"),
        ("市卫生健康委员会", "市卫健委"),
        ("县区政府", "各县区人民政府"),
        ("市農業農村局", "市农业农村局"),
        ("住建局", "市住建局"),
    ],
)
def test_aliases(real_corpus: Corpus, alias: str, canonical: str) -> None:
    assert real_corpus.registry.resolve(alias) == canonical


@pytest.mark.parametrize(
    ("department", "items"),
    [
        ("市发改委", [3, 6, 7, 15]),
        ("市工业和信息化局", [2, 6, 13]),
        ("市规划和自然资源局", [1, 2, 7, 8, 11, 13]),
        ("市住建局", [2, 7, 8, 9, 10, 15]),
        ("各县区人民政府", [2, 3, 8, 12, 13]),
        ("市文明办", [16]),
    ],
)
def test_items_for_department(real_corpus: Corpus, department: str, items: list[int]) -> None:
    found = real_corpus.items_for_department(department)
    assert found is not None
    assert [item.number for item in found] == items


def test_unknown_department(real_corpus: Corpus) -> None:
    assert real_corpus.registry.resolve("市公安局") is None
    assert real_corpus.items_for_department("市公安局") is None
