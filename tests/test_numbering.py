"""Numbering that recovers: glued heading numbers, skipped numbers, and the report of both."""

from __future__ import annotations

from corpus.cleaning import clean_text
from corpus.headings import find_headings
from corpus.models import Document
from corpus.parsing import parse_document

# A work plan whose tasks run 1.–6. across groups; task 3's title starts with digits.
GLUED_PLAN = """某市2012年便民服务工作方案
为方便群众办事，制定本方案。
（一）整合服务渠道
1.建设综合服务大厅。年内建成市级综合服务大厅1个。（责任单位：市政务服务中心）
2.推进网上办事。开通网上办事大厅。（责任单位：市信息中心）
3.365便民服务热线整合。整合热线12条，实现一号对外。（责任单位：市政务服务中心）
（二）提升服务质量
4.5G基站进社区。新建基站200个。（责任单位：市工信局）
5.规范收费。清理涉企收费项目。（责任单位：市发改委）
7.开展满意度测评。每季度测评1次。（责任单位：市效能办）
"""


def _doc(text: str) -> Document:
    return parse_document("plan", "plan.txt", clean_text(text))


def _tasks(doc: Document) -> list[tuple[str, str]]:
    return [(item.label, item.title) for item in doc.items if item.kind == "task"]


def test_a_number_glued_to_its_titles_digits_still_opens_the_task() -> None:
    tasks = _tasks(_doc(GLUED_PLAN))
    assert [label for label, _ in tasks] == ["1.", "2.", "3.", "4.", "5.", "7."]
    assert tasks[2] == ("3.", "365便民服务热线整合")
    assert tasks[3] == ("4.", "5G基站进社区")


def test_each_task_keeps_only_its_own_units_after_a_glued_number() -> None:
    doc = _doc(GLUED_PLAN)
    by_label = {item.label: item.departments for item in doc.items if item.kind == "task"}
    assert by_label["2."] == ("市信息中心",)
    assert by_label["3."] == ("市政务服务中心",)
    assert by_label["5."] == ("市发改委",)


def test_a_skipped_number_resynchronises_and_the_report_says_what_was_assumed() -> None:
    doc = _doc(GLUED_PLAN)
    last = doc.items[-1]
    assert last.label == "7." and last.departments == ("市效能办",)
    notes = "\n".join(doc.warnings)
    assert "“3.”后紧跟数字" in notes and "“4.”后紧跟数字" in notes
    assert "编号从5跳到7" in notes


def test_a_decimal_inside_a_sentence_or_off_sequence_is_no_heading() -> None:
    text = "1.推进。惠及1.5万户。\n2.改造。\n4.5公里道路。\n3.完成。\n"
    labels = [h.label for h in find_headings(text)]
    assert labels == ["1.", "2.", "3."]  # "4.5" is neither expected (3) nor a skip of ≤2


def test_a_number_far_ahead_of_its_sequence_is_not_taken() -> None:
    text = "1.推进。\n2.改造。\n9.补充说明。\n3.完成。\n"
    assert [h.number for h in find_headings(text)] == [1, 2, 3]


# A plan followed by its attachment: a project list printed as spaced columns.
ATTACHED_PLAN = """某市2026年就业工作方案
为稳定就业，制定本方案。
一、重点任务
1.扩大见习岗位。新增见习岗位2000个。（责任单位：市人社局）
2.建设零工市场。
附件1所列项目年内全部开工。（责任单位：市人社局）
附件：重点项目清单
项目名称   建设内容   投资（万元）   责任单位
东湖区零工市场   改造零工服务大厅2000平方米   850   东湖区人民政府
公共实训基地   新增实训工位1500个   9500   市人社局
"""


def test_an_attachment_after_the_plan_is_a_part_of_its_own() -> None:
    doc = _doc(ATTACHED_PLAN)
    assert [(part.label, part.title) for part in doc.parts] == [
        ("一、", "重点任务"),
        ("附件：", "重点项目清单"),
    ]
    last_task, attachment = doc.items[-2], doc.items[-1]
    # a line about the attachment ("附件1所列项目…。") is a sentence of the task
    assert "附件1所列项目年内全部开工" in last_task.text and not last_task.truncated
    assert attachment.title == "重点项目清单" and not attachment.truncated
    assert not doc.warnings


def test_an_attachment_title_may_stand_on_the_next_line() -> None:
    doc = _doc(ATTACHED_PLAN.replace("附件：重点项目清单", "附件\n重点项目清单"))
    assert (doc.parts[-1].label, doc.parts[-1].title) == ("附件", "重点项目清单")


def test_a_number_in_a_spaced_table_takes_its_columns_unit() -> None:
    attachment = _doc(ATTACHED_PLAN).items[-1]
    columns = [(t.text, t.unit, t.value, t.column) for t in attachment.targets if t.column]
    assert columns == [("850", "元", 8.5e6, "投资（万元）"), ("9500", "元", 9.5e7, "投资（万元）")]
    # the number stays verbatim in its row, which is quoted
    assert all(t.text in t.sentence for t in attachment.targets)
