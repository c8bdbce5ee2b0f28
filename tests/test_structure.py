"""Structure of plans in other layouts: numbering styles, groups, sub-points, roles, deadlines."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Corpus, load_corpus
from corpus.assignments import parse_assignment, parse_deadline, units_from
from corpus.cleaning import clean_text
from corpus.models import Deadline, ItemKind, Role
from corpus.parsing import parse_document
from tests.conftest import FIXTURES


def _roles(text: str) -> list[tuple[str, str]]:
    return [(unit.name, unit.role.value) for unit in parse_assignment(text).units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市农业农村局、市卫健委", [("市农业农村局", "responsible"), ("市卫健委", "responsible")]),
        (
            "牵头单位：市商务局；配合单位：市发改委、市财政局",
            [("市商务局", "lead"), ("市发改委", "support"), ("市财政局", "support")],
        ),
        (
            "责任单位：区城管局（牵头），区住建局、区财政局",
            [("区城管局", "lead"), ("区住建局", "support"), ("区财政局", "support")],
        ),
        (
            "牵头单位：区发改局　配合单位：区财政局、区统计局",
            [("区发改局", "lead"), ("区财政局", "support"), ("区统计局", "support")],
        ),
        (
            "牵头单位：区发改局　责任单位：区财政局",
            [("区发改局", "lead"), ("区财政局", "responsible")],
        ),
        ("市发改委牵头，市财政局配合", [("市发改委", "lead"), ("市财政局", "support")]),
        ("参与单位：市科协(按职责分工负责)", [("市科协", "support")]),
        (
            "牵头单位：市民政局，配合单位：市财政局、市卫健委",
            [("市民政局", "lead"), ("市财政局", "support"), ("市卫健委", "support")],
        ),
        (
            "责任单位：市商务局牵头，市财政局、市发改委配合",
            [("市商务局", "lead"), ("市财政局", "support"), ("市发改委", "support")],
        ),
    ],
)
def test_units_and_roles_in_every_form(text: str, expected: list[tuple[str, str]]) -> None:
    assert _roles(text) == expected


def test_role_words_never_end_up_in_a_name() -> None:
    names = [
        u.name for u in units_from("市商务局（牵头）、市财政局（配合）、市税务局牵头", Role.LEAD)
    ]
    assert names == ["市商务局", "市财政局", "市税务局"]


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("2024年6月底前", Deadline("2024年6月底前", 2024, 6, "底前")),
        ("2024年年底前", Deadline("2024年年底前", 2024, None, "")),
        ("2025年三月", Deadline("2025年三月", 2025, 3, "")),
        ("长期坚持", Deadline("长期坚持")),
        ("持续推进。", Deadline("持续推进")),
    ],
)
def test_deadlines_are_kept_verbatim_and_parsed(text: str, deadline: Deadline) -> None:
    assert parse_deadline(text) == deadline


def test_deadline_inside_the_units_clause() -> None:
    assignment = parse_assignment("牵头单位：市商务局；完成时限：2024年10月底前")
    assert [u.name for u in assignment.units] == ["市商务局"]
    assert assignment.deadline == Deadline("2024年10月底前", 2024, 10, "底前")


@pytest.fixture(scope="module")
def commerce() -> Corpus:
    return load_corpus(FIXTURES / "plan-commerce.txt")


@pytest.fixture(scope="module")
def district() -> Corpus:
    return load_corpus(FIXTURES / "plan-district.txt")


def test_bracketed_roles_and_deadlines(commerce: Corpus) -> None:
    doc = commerce.documents[0]
    first = doc.item(1)
    assert [(u.name, u.role) for u in first.units_in(Role.LEAD)] == [("市商务局", Role.LEAD)]
    assert [u.name for u in first.units_in(Role.SUPPORT)] == ["市发改委", "市财政局"]
    assert first.deadline is not None and first.deadline.text == "2024年10月底前"
    assert all("牵头" not in s.text and "完成时限" not in s.text for s in first.sentences)
    plain = doc.item(5)
    assert not plain.has_roles and plain.deadline is None
    assert {u.role for u in plain.units} == {Role.RESPONSIBLE}


def test_aliases_across_the_document_without_the_alias_file(commerce: Corpus) -> None:
    doc = commerce.documents[0]
    spelled = {u.name: u.canonical for item in doc.items for u in item.units}
    assert spelled["市市场监管局"] == spelled["市市场监督管理局"] == "市市场监督管理局"


def test_three_levels_groups_tasks_and_sub_points(district: Corpus) -> None:
    doc = district.documents[0]
    kinds = [(item.label, item.kind) for item in doc.items[1:4]]
    assert kinds == [("（一）", ItemKind.GROUP), ("1．", ItemKind.TASK), ("2．", ItemKind.TASK)]
    group, task = doc.item(1), doc.item(2)
    assert group.title == "实施老旧小区改造" and not group.units
    assert any("居民自愿" in s.text for s in group.sentences)  # a group's own words stay quotable
    assert task.group == 1 and task.title == "加快老旧小区改造"
    points = {s.point: s.text for s in task.sentences if s.point}
    assert points == {
        "（1）": "（1）完善水电气暖等基础设施；",
        "（2）": "（2）加装电梯不少于40部。",
    }
    assert [u.role for u in task.units] == [Role.LEAD, Role.SUPPORT, Role.SUPPORT]
    assert task.deadline is not None and task.deadline.text == "2024年11月底前"
    assert doc.parts[0].items == (1, 2, 3, 4, 5, 6)


def test_tasks_numbered_across_the_document(district: Corpus) -> None:
    tasks = [item for item in district.documents[0].items if item.kind == ItemKind.TASK]
    assert [t.label for t in tasks] == ["1．", "2．", "3．", "4．", "5．", "6．"]
    assert all(t.units for t in tasks)


def _parse(text: str, name: str = "plan.txt") -> list[tuple[str, str, str]]:
    doc = parse_document("plan", name, clean_text(text))
    return [(item.label, item.kind.value, item.title) for item in doc.items[1:]]


def test_article_and_arabic_numbering() -> None:
    text = "某某管理办法\n第一条 为规范管理，制定本办法。\n第二条 本办法适用于全市。（责任单位：市司法局）\n"
    assert _parse(text) == [
        ("第一条", "task", "为规范管理，制定本办法"),
        ("第二条", "task", "本办法适用于全市"),
    ]
    arabic = "工作要点\n1、推进改造。（责任单位：区住建局）\n2、建设公园。（责任单位：区城管局）\n"
    assert [label for label, _, _ in _parse(arabic)] == ["1、", "2、"]


def test_numbers_inside_sentences_are_no_headings() -> None:
    text = "工作方案\n1. 完成改造1.4万座，新建2.5公里道路。（责任单位：市住建局）\n"
    assert _parse(text) == [("1.", "task", "完成改造1.4万座，新建2.5公里道路")]


def test_sub_points_stay_inside_their_task_when_units_close_it() -> None:
    text = (
        "工作方案\n一、重点任务\n（一）推进改造。具体包括：1. 改造小区。2. 加装电梯。"
        "（责任单位：市住建局）\n（二）建设公园。（责任单位：市城管局）\n"
    )
    assert [(label, kind) for label, kind, _ in _parse(text)] == [
        ("（一）", "task"),
        ("（二）", "task"),
    ]


def test_a_plan_without_tasks_is_refused(tmp_path: Path) -> None:
    from corpus.errors import StructureError

    with pytest.raises(StructureError, match=r"plan\.txt: expected numbered task items"):
        parse_document("plan", "plan.txt", clean_text("通知\n请各单位做好准备工作。\n"))


def test_an_unlabelled_bracket_that_assigns_the_task() -> None:
    text = "工作方案\n1. 推进改造。（市住建局牵头，各县区政府按职责分工负责）\n"
    doc = parse_document("plan", "plan.txt", clean_text(text))
    units = [(u.name, u.role.value) for u in doc.item(1).units]
    assert units == [("市住建局", "lead"), ("各县区政府", "support")]
    assert [s.text for s in doc.item(1).sentences] == ["推进改造。"]


def test_brackets_that_assign_nothing_stay_in_the_sentence() -> None:
    text = "工作方案\n1. 完成改造(2018-2022年)，覆盖(街道)社区。（责任单位：市住建局）\n"
    doc = parse_document("plan", "plan.txt", clean_text(text))
    assert doc.item(1).sentences[0].text == "完成改造(2018-2022年)，覆盖(街道)社区。"


def test_a_sentence_that_assigns_the_task_in_prose() -> None:
    text = (
        "工作方案\n第一条 打通断头路。全年打通断头路12条。此项工作由区住房和城乡建设局牵头，"
        "区财政局、区自然资源局配合，各街道办事处负责落实。\n"
        "第二条 整治积水点。由区城市管理局负责，年内整治积水点22处。\n"
        "第三条 完善制度。由市民参与评议，年内出台办法。（责任单位：区司法局）\n"
    )
    doc = parse_document("plan", "plan.txt", clean_text(text))
    units = [(u.name, u.role.value) for u in doc.item(1).units]
    assert units == [
        ("区住房和城乡建设局", "lead"),
        ("区财政局", "support"),
        ("区自然资源局", "support"),
        ("各街道办事处", "support"),
    ]
    assert [s.text for s in doc.item(1).sentences] == ["打通断头路。", "全年打通断头路12条。"]
    # a sentence that goes on to the task itself is the task's, not a note of its units;
    # with no other units clause, the office it opens with is the task's
    assert [(u.name, u.role.value) for u in doc.item(2).units] == [("区城市管理局", "responsible")]
    assert doc.item(2).sentences[1].text == "由区城市管理局负责，年内整治积水点22处。"
    # "由市民参与" names no office: the sentence stays, the bracket assigns the task
    assert [u.name for u in doc.item(3).units] == ["区司法局"]
    assert "由市民参与评议，年内出台办法。" in [s.text for s in doc.item(3).sentences]


def test_a_task_sentence_opening_with_who_leads_gives_the_units() -> None:
    text = (
        "工作方案\n（一）强化粮食质量监管。由县粮食和物资储备局牵头，县市场监管局配合，"
        "健全粮食质量安全检验监测体系。全年抽检样品不少于300份。\n"
        "（二）加强储备。由县财政局牵头，落实储备资金。（责任单位：县发展改革局）\n"
    )
    doc = parse_document("plan", "plan.txt", clean_text(text))
    units = [(u.name, u.role.value) for u in doc.item(1).units]
    assert units == [("县粮食和物资储备局", "lead"), ("县市场监管局", "support")]
    assert doc.item(1).sentences[1].text.startswith("由县粮食和物资储备局牵头")
    # a units clause of its own wins over a sentence naming an office
    assert [u.name for u in doc.item(2).units] == ["县发展改革局"]


def test_a_clause_inside_a_sentence_naming_who_leads_gives_the_units() -> None:
    text = (
        "工作方案\n1.健全探访关爱服务。建立定期探访制度，由县民政局牵头，县卫生健康局、"
        "县残联配合，各乡镇人民政府（街道办事处）具体实施，此项工作长期坚持。\n"
    )
    doc = parse_document("plan", "plan.txt", clean_text(text))
    units = [(u.name, u.role.value) for u in doc.item(1).units]
    assert units == [("县民政局", "lead"), ("县卫生健康局", "support"), ("县残联", "support")]


def test_roles_in_lenticular_brackets_on_a_line_of_their_own() -> None:
    text = (
        "工作方案\n1.建设指导中心。年内建成县级指导中心1个。\n"
        "【牵头单位：县民政局；配合单位：县财政局、县住房城乡建设局；完成时限：2025年10月底】\n"
        "2.开展健康体检。全年体检不少于5000人次。\n【责任单位：县卫生健康局】\n"
    )
    doc = parse_document("plan", "plan.txt", clean_text(text))
    units = [(u.name, u.role.value) for u in doc.item(1).units]
    assert units == [("县民政局", "lead"), ("县财政局", "support"), ("县住房城乡建设局", "support")]
    deadline = doc.item(1).deadline
    assert deadline is not None and deadline.text == "2025年10月底"
    assert [(u.name, u.role.value) for u in doc.item(2).units] == [("县卫生健康局", "responsible")]
    assert not doc.item(2).truncated and "【" not in doc.item(2).sentences[-1].text
