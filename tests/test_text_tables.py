"""A task table pasted into a text plan as tab-separated rows reads like the Word table."""

from __future__ import annotations

from pathlib import Path

from corpus import Document, load_document
from corpus.models import ItemKind, Role
from corpus.texttables import read_text_plan

PLAN = "\n".join(
    [
        "某区2026年促进消费工作方案",
        "一、总体要求",
        "到2026年底，全区社会消费品零售总额增长6%。",
        "二、支持措施",
        "1.发放消费券。区级财政安排资金500万元。",
        "附件：重点任务清单",
        "序号\t工作任务\t具体内容\t牵头单位\t配合单位\t完成时限",
        "1\t打造夜间消费街区\t新增外摆位300个，全年举办夜市活动不少于120场次。\t区商务局\t区市场监管局、区城管局\t2026年10月底前",
        "2\t开通旅游公交专线\t开通旅游专线2条。\t区交通运输局\t\t",
    ]
)


def _load(tmp_path: Path, text: str, encoding: str = "utf-8") -> Document:
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode(encoding))
    return load_document(path)


def test_tab_rows_under_a_task_header_are_tasks_with_units_and_deadline(tmp_path: Path) -> None:
    doc = _load(tmp_path, PLAN, "gb18030")
    tasks = {item.title: item for item in doc.items if item.kind == ItemKind.TASK}
    street = tasks["打造夜间消费街区"]
    assert [(u.name, u.role) for u in street.units] == [
        ("区商务局", Role.LEAD),
        ("区市场监管局", Role.SUPPORT),
        ("区城管局", Role.SUPPORT),
    ]
    assert street.deadline is not None and street.deadline.text == "2026年10月底前"
    assert "新增外摆位300个" in street.text and "\t" not in street.text
    bus = tasks["开通旅游公交专线"]
    assert [(u.name, u.role) for u in bus.units] == [("区交通运输局", Role.LEAD)]
    assert bus.deadline is None
    # the prose around the table is parsed as before
    assert any(item.title.startswith("发放消费券") for item in doc.items)


def test_a_tab_table_without_a_task_header_stays_as_written() -> None:
    text = "指标\t2025年\t2026年\n社零总额\t100亿元\t106亿元\n"
    assert read_text_plan(text).text == text
    assert read_text_plan(text).tables == ()


def test_a_text_without_tabs_is_returned_unchanged() -> None:
    source = read_text_plan(PLAN.replace("\t", "　"))
    assert source.text == PLAN.replace("\t", "　") and source.headings == ()
