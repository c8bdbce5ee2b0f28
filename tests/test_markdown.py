"""A plan written in Markdown reads like the same plan in plain text."""

from __future__ import annotations

from pathlib import Path

from corpus import load_document
from corpus.markdown import read_markdown
from corpus.models import ItemKind, Role

PLAN = """# 某区2025年住房保障工作实施方案

> 发布单位：某区人民政府办公室

**工作目标**。全年筹集保障性住房4200套。

## 一、加快保障性住房建设

### （一）多渠道筹集保障性租赁住房

全年筹集房源2600套，重点通过以下方式推进：

1. 新建一批。建设宿舍型保障性租赁住房1100间。
2. 改建一批。全年改建房源900套。

| 项目 | 数量 | 备注 |
|---|---|---|
| 桂湾项目 | 480套 | 一期 |

**牵头单位**：区住房和城乡建设局；**配合单位**：区财政局；**完成时限**：2025年11月底前

### （二）做好公租房房源筹集

- 配建公租房400套。

**责任单位**：区住房保障服务中心
"""


def test_marks_go_and_the_words_stay(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(PLAN, encoding="utf-8")
    doc = load_document(path)
    assert doc.title == "某区2025年住房保障工作实施方案"
    tasks = [item for item in doc.items if item.kind == ItemKind.TASK]
    # the numbered list is the first task's, not two tasks of its own
    assert [item.title for item in tasks] == ["多渠道筹集保障性租赁住房", "做好公租房房源筹集"]
    first, second = tasks
    assert [(u.name, u.role) for u in first.units] == [
        ("区住房和城乡建设局", Role.LEAD),
        ("区财政局", Role.SUPPORT),
    ]
    assert first.deadline is not None and first.deadline.text == "2025年11月底前"
    assert "1. 新建一批。建设宿舍型保障性租赁住房1100间。" in first.text
    assert "桂湾项目　480套　一期" in first.text
    assert [(u.name, u.role) for u in second.units] == [("区住房保障服务中心", Role.RESPONSIBLE)]
    assert "**" not in doc.text and "#" not in doc.text and "|" not in doc.text


def test_numbered_items_without_markdown_headings_stay_items(tmp_path: Path) -> None:
    text = "工作方案\n一、重点任务\n1. 建设公租房400套。（责任单位：区住建局）\n"
    assert read_markdown(text).text == text and read_markdown(text).tables == ()
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    tasks = [item for item in load_document(path).items if item.kind == ItemKind.TASK]
    assert [item.label for item in tasks] == ["1."]


def test_numbered_lists_under_part_headings_are_the_items(tmp_path: Path) -> None:
    text = (
        "# 某区2026年教育工作方案\n\n## 一、主要任务\n\n"
        "1. **新建学校**。新增学位2700个。（牵头单位：区教育局；配合单位：区财政局）\n"
        "2. **改善食堂**。改造学校食堂15个。（责任单位：区市场监管局）\n"
    )
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    tasks = [item for item in load_document(path).items if item.kind == ItemKind.TASK]
    assert [(item.label, item.title) for item in tasks] == [("1.", "新建学校"), ("2.", "改善食堂")]
    assert [(u.name, u.role) for u in tasks[0].units] == [
        ("区教育局", Role.LEAD),
        ("区财政局", Role.SUPPORT),
    ]
