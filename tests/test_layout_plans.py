"""The layout eval plans (eval/layouts) parse as published: real titles, every task found."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.loading import load_document
from corpus.models import ItemKind, Role

LAYOUTS = Path(__file__).resolve().parent.parent / "eval" / "layouts"


@pytest.mark.parametrize(
    ("plan", "title", "tasks"),
    [
        (
            "plan-notice.txt",
            "云溪市城镇老旧小区改造和背街小巷整治提升三年行动实施方案（2025—2027年）",
            16,
        ),
        ("plan-numbered.txt", "安澄市2016年民生实事项目工作方案", 40),
        ("plan-pdftable.pdf", "江临市2025年文化和旅游消费提质扩容工作方案", 23),
        ("plan-trad.docx", "嘉澤市2025年優化營商環境重點任務分工方案", 17),
        ("library-twoline/plan-2024-childcare.pdf", "青禾市2024年普惠托育服务体系建设工作方案", 7),
    ],
)
def test_each_layout_keeps_its_title_and_every_task(plan: str, title: str, tasks: int) -> None:
    doc = load_document(LAYOUTS / plan)
    assert doc.title == title
    units_clauses = [i for i in doc.items if i.kind == ItemKind.TASK and i.units]
    assert len(units_clauses) == tasks


def test_the_notice_is_no_part_of_its_plan() -> None:
    doc = load_document(LAYOUTS / "plan-notice.txt")
    quoted = "".join(item.text for item in doc.items)
    assert "现印发给你们" not in quoted and "市政府各部门、各直属机构" not in quoted


def test_every_task_of_a_numbered_plan_with_glued_numbers_has_its_own_units() -> None:
    doc = load_document(LAYOUTS / "plan-numbered.txt")
    labels = [i.label for i in doc.items if i.kind == ItemKind.TASK]
    assert labels == [f"{n}." for n in range(1, 41)]
    assert sum("紧跟数字" in warning for warning in doc.warnings) == 6


def test_a_traditional_table_names_officials_apart_and_follows_its_lead_rule() -> None:
    doc = load_document(LAYOUTS / "plan-trad.docx")
    first = doc.items[1]
    assert first.officials == ("李华秘书长",)
    assert [u.role for u in first.units][:2] == [Role.LEAD, Role.RESPONSIBLE]
    assert not any("市长" in d or "秘书长" in d for i in doc.items for d in i.departments)
