"""Task-table rows and headers in their variants, and the files that cannot be read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from corpus import (
    CorpusError,
    Document,
    DocumentReadError,
    StructureError,
    load_corpus,
    load_document,
)
from corpus.cleaning import clean_text
from corpus.models import ItemKind, Role
from corpus.parsing import parse_document
from corpus.sourcetext import SourceBuilder
from corpus.tasktables import Column, column_kind, find_header, render_table
from tests.conftest import FIXTURES

ELDERLY = FIXTURES / "plan-elderly.txt"
Grid = Sequence[Sequence[str | None]]


def _parse(grid: Grid) -> Document:
    out = SourceBuilder()
    out.line("2024年测试工作任务分工方案")
    assert render_table(grid, out)
    source = out.build()
    clean = clean_text(source.text)
    return parse_document("t", "t.csv", clean, source.headings_in(clean))


def _units(doc: Document, number: int) -> list[tuple[str, Role]]:
    return [(unit.name, unit.role) for unit in doc.item(number).units]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("序  号", Column.NUMBER),
        ("主要任务", Column.TASK),
        ("工作内容", Column.MEASURE),
        ("牵头部门", Column.LEAD),
        ("牵头单位（部门）", Column.LEAD),
        ("参与单位", Column.SUPPORT),
        ("协同单位", Column.SUPPORT),
        ("责任部门", Column.RESPONSIBLE),
        ("完成期限", Column.DEADLINE),
        ("时间节点", Column.DEADLINE),
        ("备注", None),
        ("2024年目标", None),
    ],
)
def test_column_names(name: str, kind: Column | None) -> None:
    assert column_kind(name) == kind


def test_a_data_table_is_no_task_table() -> None:
    assert (
        find_header([["指标", "单位", "2023年", "2024年目标"], ["GDP增速", "%", "5", "6"]]) is None
    )


def test_responsible_column_with_a_lead_mark_and_a_plain_list() -> None:
    doc = _parse(
        [
            ["序号", "工作任务", "责任单位", "完成时间"],
            [
                "1",
                "改造老旧小区36个。",
                "区住建局（牵头），区财政局、各街道办事处",
                "2024年11月底前",
            ],
            ["2", "新建口袋公园12个。", "区城管局、区自然资源局", "长期坚持"],
        ]
    )
    assert _units(doc, 1) == [
        ("区住建局", Role.LEAD),
        ("区财政局", Role.SUPPORT),
        ("各街道办事处", Role.SUPPORT),
    ]
    assert _units(doc, 2) == [("区城管局", Role.RESPONSIBLE), ("区自然资源局", Role.RESPONSIBLE)]
    assert doc.item(1).title == "改造老旧小区36个"  # the task cell with its "。" dropped


def test_rows_without_number_and_unnumbered_categories() -> None:
    doc = _parse(
        [
            ["重点任务", "具体措施", "牵头单位", "配合单位"],
            ["培育消费新场景", None, None, None],
            ["打造商业街区", "改造步行街5条。", "市商务局", "市发改委"],
            ["发展夜间经济", "新增夜间经济集聚区3个。", "市商务局", ""],
            ["扩大重点消费", None, None, None],
            ["稳定汽车消费", "新建充电桩2000个。", "市发展和改革局", "市商务局"],
        ]
    )
    assert [(part.number, part.label, part.title) for part in doc.parts] == [
        (1, "", "培育消费新场景"),
        (2, "", "扩大重点消费"),
    ]
    assert "一、" not in doc.text  # no numeral the table lacks is written into the text
    assert [(item.label, item.part) for item in doc.items[1:]] == [
        ("1．", 1),
        ("2．", 1),
        ("3．", 2),
    ]
    assert _units(doc, 2) == [("市商务局", Role.LEAD)]


def test_category_numbered_in_the_number_column_and_group_categories() -> None:
    doc = _parse(
        [
            ["序号", "重点任务", "牵头单位", "完成时限"],
            ["一", "优化营商环境", None, None],
            ["（一）", "深化放管服改革", None, None],
            ["1.", "推行一网通办，网上可办率达到95%以上。", "市政务服务管理局", "持续推进"],
            ["2", "压减审批时限50%。", "市政务服务管理局", "2024年6月底前"],
        ]
    )
    assert [(part.label, part.title) for part in doc.parts] == [("一、", "优化营商环境")]
    kinds = [(item.label, item.kind, item.group) for item in doc.items[1:]]
    assert kinds == [
        ("（一）", ItemKind.GROUP, 0),
        ("1．", ItemKind.TASK, 1),
        ("2．", ItemKind.TASK, 1),
    ]
    deadline = doc.item(3).deadline
    assert deadline is not None and deadline.year == 2024


def test_units_only_row_and_repeated_header_and_two_line_cells() -> None:
    header = ["序号", "重点任务", "具体措施", "牵头单位", "配合单位", "完成时限"]
    doc = _parse(
        [
            header,
            [
                "1",
                "建设公园",
                "新建公园3个；\n（1）改造绿道10公里；\n（2）新增绿地6公顷。",
                "市城管局",
                "",
                "",
            ],
            ["", "", "", "", "市自然资源局\n市财政局", "2024年9月底前"],
            header,
            ["2", "整治河道", "治理河道8公里。", "市水务局", "市生态环境局", "长期坚持"],
        ]
    )
    assert len(doc.items) == 3
    assert _units(doc, 1) == [
        ("市城管局", Role.LEAD),
        ("市自然资源局", Role.SUPPORT),
        ("市财政局", Role.SUPPORT),
    ]
    deadline = doc.item(1).deadline
    assert deadline is not None and deadline.text == "2024年9月底前"
    points = [s.point for s in doc.item(1).sentences]
    assert points == ["", "", "（1）", "（2）"]
    assert "序号" not in doc.text


def test_two_header_rows_with_units_under_a_merged_responsible_column() -> None:
    doc = _parse(
        [
            ["序号", "主要任务", "责任单位", None, "时限"],
            ["序号", "主要任务", "牵头", "配合", "时限"],
            ["1", "推进垃圾分类，回收利用率达到38%以上。", "区城管局", "区市场监管局", "长期坚持"],
        ]
    )
    assert _units(doc, 1) == [("区城管局", Role.LEAD), ("区市场监管局", Role.SUPPORT)]


def _empty_table_docx(path: Path) -> None:
    document = docx.Document()
    document.add_table(rows=3, cols=4)
    document.save(str(path))


def _unrecognised_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("关于报送统计数据的通知")
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(["指标", "单位", "2024年目标"]):
        table.cell(0, column).text = text
    document.save(str(path))


def _empty_xlsx(path: Path) -> None:
    Workbook().save(str(path))


def _broken_xlsx(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 not a workbook")


def _unrecognised_xlsx(path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["指标", "单位", "数值"])
    workbook.active.append(["GDP增速", "%", 6])
    workbook.save(str(path))


def _empty_csv(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf,,\r\n,,\r\n")


def _undecodable_csv(path: Path) -> None:
    path.write_bytes(bytes(range(128, 256)) * 4)


def _unrecognised_csv(path: Path) -> None:
    path.write_text("姓名,电话\n张三,123\n", encoding="utf-8")


BAD_FILES: list[tuple[str, Callable[[Path], None], type[CorpusError], str]] = [
    ("only-table.docx", _empty_table_docx, DocumentReadError, "没有计划正文，表格里也没有"),
    ("data-table.docx", _unrecognised_docx, StructureError, "表头无法识别，正文也没有编号"),
    ("empty.xlsx", _empty_xlsx, DocumentReadError, "工作簿是空的"),
    ("broken.xlsx", _broken_xlsx, DocumentReadError, "无法读取 .xlsx"),
    ("data.xlsx", _unrecognised_xlsx, StructureError, "表头无法识别"),
    ("empty.csv", _empty_csv, DocumentReadError, "CSV 文件是空的"),
    ("binary.csv", _undecodable_csv, DocumentReadError, "无法按 UTF-8 或 GB18030/GBK 解码"),
    ("people.csv", _unrecognised_csv, StructureError, "表头无法识别"),
]


@pytest.mark.parametrize(
    ("name", "make", "error", "message"), BAD_FILES, ids=[name for name, *_ in BAD_FILES]
)
def test_a_bad_table_file_fails_alone(
    tmp_path: Path,
    name: str,
    make: Callable[[Path], None],
    error: type[CorpusError],
    message: str,
) -> None:
    bad = tmp_path / name
    make(bad)
    with pytest.raises(error) as raised:
        load_document(bad)
    assert str(raised.value).startswith((f"{bad}：", f"{bad}:")) and message in str(raised.value)
    (tmp_path / "plan.txt").write_bytes(ELDERLY.read_bytes())
    corpus = load_corpus(tmp_path)
    assert [doc.doc_id for doc in corpus.documents] == ["plan"]
    assert [failure.path for failure in corpus.failures] == [str(bad)]


def test_unrecognised_header_names_the_expected_columns(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    _unrecognised_csv(path)
    with pytest.raises(StructureError, match=r"重点任务.*牵头单位.*完成时限.*“姓名 \| 电话”"):
        load_document(path)


def test_paragraphs_with_an_unrelated_table_parse_from_the_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    document = docx.Document()
    lines = ELDERLY.read_text(encoding="utf-8").splitlines()
    for line in lines[:3]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for row, cells in enumerate([["指标", "单位", "2024年目标"], ["养老床位", "张", "500"]]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    for line in lines[3:]:
        document.add_paragraph(line)
    document.save(str(path))
    doc = load_document(path)
    plain = load_document(ELDERLY)
    tasks = [(i.label, i.title, i.units) for i in doc.items if i.kind != ItemKind.GROUP]
    assert tasks == [(i.label, i.title, i.units) for i in plain.items]
    assert "养老床位　张　500" in doc.text  # kept as a plain line, in place
