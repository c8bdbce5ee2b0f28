"""A PDF whose tasks are a ruled 重点任务分工表 reads like the same table in Word.

The fixtures are printed by Chromium from ``tests/fixtures/src/plan-pdf-table*.html``
(``python3 scripts/make_pdf_fixture.py SRC.html OUT.pdf``): a three-page table with its
header repeated, merged cells and a row cut across a page, after a notice and a preamble;
and a landscape one with a two-row header printed once, after a table of targets.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import pypdfium2
import pytest

from corpus import Document, load_document
from corpus.loading import read_source, read_text
from corpus.models import Item, ItemKind, Role
from corpus.pdf import PAGE_END, read_pdf
from corpus.pdfgrid import RuledTable, find_frames, join_lines, page_chars, page_rules, read_table
from corpus.pdftables import _joined, _Page, read_pdf_tables
from tests.conftest import FIXTURES

TABLE_PDF = FIXTURES / "plan-pdf-table.pdf"
WIDE_PDF = FIXTURES / "plan-pdf-table-wide.pdf"
TEXT_PDF = FIXTURES / "plan-pdf.pdf"
HEADER = ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
CATEGORIES = ("提升政务服务效能", "优化市场环境", "强化要素保障")
TASK_4 = (
    "清理妨碍统一市场和公平竞争的政策措施。全面落实市场准入负面清单制度，破除招投标、政府"
    "采购等领域对各类经营主体的隐性壁垒，建立健全公平竞争审查机制，对新出台的涉及经营主体"
    "经济活动的政策措施一律开展公平竞争审查，对存量政策措施开展全面清理，发现一件、纠正一件，"
    "全年清理各类政策文件不少于200件，推动形成统一开放、竞争有序的市场体系，坚决纠正滥用"
    "行政权力排除、限制竞争行为，依法查处垄断协议和滥用市场支配地位行为，切实维护各类经营"
    "主体公平参与市场竞争的合法权益。"
)
# (序号, 重点任务 up to its first "。", 牵头单位, 配合单位, 完成时限), as the HTML source has them.
TASKS = (
    ("1", "推行“一件事一次办”改革", "区行政审批局", "区市场监管局、区大数据中心", "2024年6月底前"),
    ("2", "深化“一网通办”", "区行政审批局", "区大数据中心、各街道办事处", "2024年9月底前"),
    ("3", "优化工程建设项目审批", "区住建局", "区自然资源分局、区行政审批局", "2024年12月底前"),
    (
        "4",
        "清理妨碍统一市场和公平竞争的政策措施",
        "区市场监管局",
        "区司法局、区发改局",
        "2024年10月底前",
    ),
    ("5", "规范涉企收费", "区市场监管局", "区财政局、区商务局", "长期坚持"),
    ("6", "落实减税降费政策", "区税务局", "区财政局", "2024年12月底前"),
    (
        "7",
        "加强中小企业融资服务",
        "区金融服务中心",
        "区财政局、区工信局、人民银行临江支行",
        "2024年11月底前",
    ),
    ("8", "保障企业用地需求", "区自然资源分局", "区发改局、区工信局", "2024年12月底前"),
    ("9", "强化人才支撑", "区人社局", "区教育局、区财政局", "2024年12月底前"),
    ("10", "提升水电气报装服务", "区城管局", "区供电公司、区水务集团", "2024年8月底前"),
    ("11", "建立企业诉求“直通车”", "区营商环境办", "区政务服务中心、各相关部门", "2024年5月底前"),
    ("12", "加强知识产权保护", "区市场监管局", "区法院、区检察院、区公安分局", "2024年12月底前"),
    ("13", "推进包容审慎监管", "区司法局", "区市场监管局、区城管局、区应急管理局", "2024年7月底前"),
    ("14", "开展营商环境评价", "区营商环境办", "各相关部门", "2024年11月底前"),
)


@pytest.fixture(scope="module")
def plan() -> Document:
    return load_document(TABLE_PDF)


def _tasks(doc: Document) -> list[Item]:
    return [item for item in doc.items if item.kind == ItemKind.TASK]


def _units(item: Item, role: Role) -> str:
    return "、".join(unit.name for unit in item.units if unit.role == role)


def test_every_row_is_a_task_with_its_title_units_and_deadline(plan: Document) -> None:
    assert plan.title == "临江区2024年优化营商环境重点任务分工方案"
    tasks = _tasks(plan)
    assert len(tasks) == len(TASKS)
    for item, (number, title, lead, support, deadline) in zip(tasks, TASKS, strict=True):
        assert (item.label, item.title) == (f"{number}．", title)
        assert _units(item, Role.LEAD) == lead, number
        assert _units(item, Role.SUPPORT) == support, number
        assert item.deadline is not None and item.deadline.text == deadline, number


def test_category_rows_are_the_parts(plan: Document) -> None:
    assert [(part.label, part.title) for part in plan.parts] == [
        (f"{numeral}、", title) for numeral, title in zip("一二三", CATEGORIES, strict=True)
    ]
    assert [len(part.items) for part in plan.parts] == [3, 4, 7]


def test_a_row_cut_across_pages_is_one_task_joined_without_a_space(plan: Document) -> None:
    item = _tasks(plan)[3]
    assert item.text.startswith("4．" + TASK_4)
    # 牵头单位 merged over tasks 4 and 5 across the page break: page 2 shows it empty.
    assert _units(_tasks(plan)[4], Role.LEAD) == "区市场监管局"


def test_sub_points_in_a_cell_keep_their_own_lines(plan: Document) -> None:
    text = _tasks(plan)[2].text
    assert text.startswith(
        "3．优化工程建设项目审批。\n（1）社会投资简易低风险项目审批时间压缩至15个工作日以内；\n"
        "（2）推行“拿地即开工”，全年实现拿地即开工项目不少于10个。\n"
    )
    assert [s.point for s in _tasks(plan)[2].sentences if s.point] == ["（1）", "（2）"]


def test_every_sentence_is_quoted_from_the_document_text(plan: Document) -> None:
    for item in plan.items:
        assert plan.text[item.span.start : item.span.end] == item.text
        for sentence in item.sentences:
            assert sentence.text in plan.text
            assert plan.text[sentence.span.start : sentence.span.end] == sentence.text


def test_the_text_around_the_table_is_the_text_layers_lines_in_order() -> None:
    source = read_source(TABLE_PDF)
    raw = source.text
    assert raw.count(PAGE_END) == 3 and raw.endswith(PAGE_END)
    assert "序号" not in raw  # the header, on every page, is rendered as the tasks' labels
    (table,) = source.tables
    outside = raw[: table.start].split("\n")[:-1] + raw[table.end + 1 :].split("\n")
    text_path = read_pdf(TABLE_PDF, TABLE_PDF.read_bytes()).split("\n")
    lines = iter(text_path)
    assert all(line in lines for line in outside)  # the text layer's lines, in order
    running = "临江区优化营商环境重点任务分工方案"
    assert outside[:2] == [running, "— 1 —"]
    assert outside[-10:] == [
        *("\f", running, "— 2 —", "\f", running, "— 3 —"),
        "各牵头单位要于每季度末将工作进展情况报送区营商环境办，区营",
        "商环境办定期通报各项任务落实情况。",
        *("\f", ""),
    ]  # the pages the table ran over keep their running header and page number
    notice = "各街道办事处，区政府各部门："
    assert raw.index(notice) < raw.index("为深入贯彻落实") < table.start
    assert raw.index("完成时限：2024年11月底前") < raw.index("各牵头单位要于每季度末")


def test_page_numbers_and_the_running_header_are_cleaned_away(plan: Document) -> None:
    assert "— 2 —" not in plan.text and "临江区优化营商环境重点任务分工方案" not in plan.text
    kinds = {edit.kind for edit in plan.clean.edits}
    assert {"page_number", "running_header", "page_break"} <= kinds
    assert plan.text.rstrip().endswith("区营商环境办定期通报各项任务落实情况。")
    # The preamble's wrapped lines are joined as in a text PDF: the table's lines, whole
    # cells, neither count in the text width nor are joined.
    assert plan.item(0).text == (
        "为深入贯彻落实国家和省、市关于优化营商环境的决策部署，持续打造市场化、法治化、"
        "国际化一流营商环境，激发市场主体活力，结合我区实际，制定本方案。"
    )


def _word_copy(path: Path) -> Path:
    """The fixture's notice, preamble and table as a Word document, merged cells merged."""
    document = docx.Document()
    for line in ("临江区2024年优化营商环境重点任务分工方案", "为深入贯彻落实……制定本方案。"):
        document.add_paragraph(line)
    rows = len(TASKS) + len(CATEGORIES) + 1
    table = document.add_table(rows=rows, cols=len(HEADER))
    for column, name in enumerate(HEADER):
        table.cell(0, column).text = name
    plan = load_document(TABLE_PDF)
    row = 1
    for part, category in zip(plan.parts, CATEGORIES, strict=True):
        table.cell(row, 0).merge(
            table.cell(row, 4)
        ).text = f"{'一二三'[part.number - 1]}、{category}"
        row += 1
        for number in part.items:
            item = plan.item(number)
            task = item.text.removeprefix(item.label).split("\n牵头单位：")[0]
            deadline = item.deadline.text if item.deadline else ""
            cells = (
                str(number),
                task,
                _units(item, Role.LEAD),
                _units(item, Role.SUPPORT),
                deadline,
            )
            for column, value in enumerate(cells):
                table.cell(row, column).text = value
            row += 1
    for top in (2, 6):  # 牵头单位 merged over tasks 1-2 and 4-5
        table.cell(top, 2).merge(table.cell(top + 1, 2)).text = table.cell(top, 2).text.split("\n")[
            0
        ]
    document.add_paragraph(plan.text.rstrip().split("\n")[-1])  # the closing paragraph
    document.save(str(path))
    return path


def test_the_same_table_in_word_gives_the_same_tasks(plan: Document, tmp_path: Path) -> None:
    word = load_document(_word_copy(tmp_path / "plan.docx"))

    def tasks(doc: Document) -> list[tuple[object, ...]]:
        return [
            (
                i.label,
                i.title,
                i.text,
                i.part,
                [dataclasses.astuple(u) for u in i.units],
                i.deadline,
            )
            for i in _tasks(doc)
        ]

    assert tasks(word) == tasks(plan)
    assert [(p.label, p.title) for p in word.parts] == [(p.label, p.title) for p in plan.parts]


def test_a_wide_table_with_a_two_row_header_printed_once() -> None:
    doc = load_document(WIDE_PDF)
    tasks = _tasks(doc)
    assert [(i.title, _units(i, Role.LEAD)) for i in tasks] == [
        ("完善居家养老服务网络", "区民政局"),
        ("推进医养结合", "区卫健委"),
        ("提升养老机构服务质量", "区民政局"),
        ("发展老年助餐服务", "区民政局"),
    ]
    assert _units(tasks[2], Role.SUPPORT) == "区市场监管局、区应急管理局、区消防救援大队"
    assert tasks[2].text.split("\n")[1].endswith("不断增强老年人的获得感、幸福感、安全感。")
    assert [i.deadline.text for i in tasks if i.deadline] == [
        "2024年11月底前", "2024年12月底前", "2024年10月底前", "2024年9月底前",
    ]  # fmt: skip
    # The table of targets is no task table: its rows stay in the text as the text layer has them.
    assert "养老机构床位 张 3200 3600" in read_text(WIDE_PDF)
    assert doc.text.rstrip().endswith("本方案自印发之日起施行。")


def test_a_text_pdf_without_a_table_reads_exactly_as_before() -> None:
    data = TEXT_PDF.read_bytes()
    assert read_pdf_tables(TEXT_PDF, data) is None
    assert read_text(TEXT_PDF) == read_pdf(TEXT_PDF, data)
    assert read_source(TEXT_PDF).tables == ()


def test_a_file_pdfium_cannot_open_is_left_to_the_text_path(tmp_path: Path) -> None:
    data = TABLE_PDF.read_bytes()
    assert read_pdf_tables(tmp_path / "x.pdf", data[: len(data) // 2]) is None
    assert read_pdf_tables(tmp_path / "x.pdf", b"not a pdf") is None


def _page_tables(index: int) -> list[RuledTable]:
    document = pypdfium2.PdfDocument(TABLE_PDF)
    try:
        page = document[index]
        chars = page_chars(page.get_textpage(), pypdfium2.raw)
        return [read_table(frame, chars) for frame in find_frames(*page_rules(page, pypdfium2.raw))]
    finally:
        document.close()


def test_a_pages_grid_follows_the_word_readers_convention() -> None:
    (first,) = _page_tables(0)
    assert first.grid[0] == HEADER
    assert first.grid[1] == ("一、提升政务服务效能", None, None, None, None)
    assert first.grid[2][2] == first.grid[3][2] == "区行政审批局"  # rowspan: repeated
    assert first.grid[-1][:1] == ("4",) and all(first.open_foot)  # cut at the page's foot
    (second,) = _page_tables(1)
    assert second.grid[0] == HEADER and not any(second.open_foot)
    assert second.grid[1][0] == "" and str(second.grid[1][1]).startswith("台的涉及经营主体")


def _part(
    rows: list[tuple[str | None, ...]], *, top: float = 800, open_foot: bool = False
) -> RuledTable:
    columns = tuple(float(x) for x in range(0, 100 * len(rows[0]) + 1, 100))
    ids = tuple(tuple(range(r * 10, r * 10 + len(row))) for r, row in enumerate(rows))
    foot = (open_foot,) * len(rows[0])
    return RuledTable(tuple(rows), columns, top, 100, foot, frozenset(), ids)


ROW_A = ("1", "推进甲", "区住建局", "区财政局", "6月底前")


def test_joining_drops_the_repeated_header_and_merges_only_a_row_without_a_number() -> None:
    first = _part([HEADER, ROW_A], open_foot=True)
    broken = _part([HEADER, ("", "工作。", "", "", ""), ("2", "推进乙", "区民政局", "", "年底前")])
    (table,) = _joined([_Page("", [], [first]), _Page("", [], [broken])])
    assert table.grid == [list(HEADER), ["1", "推进甲工作。", "区住建局", "区财政局", "6月底前"],
                          ["2", "推进乙", "区民政局", "", "年底前"]]  # fmt: skip
    whole = _part([HEADER, ("2", "推进乙", "区民政局", "", "年底前")])
    (table,) = _joined([_Page("", [], [_part([HEADER, ROW_A])]), _Page("", [], [whole])])
    assert [row[0] for row in table.grid] == ["序号", "1", "2"]


def test_a_table_with_other_columns_or_another_header_is_a_new_table() -> None:
    other = ("序号", "指标", "单位", "目标值", "备注")
    for second in (_part([other, ("1", "床位", "张", "3600", "")]), _part([("1", "甲", "乙")])):
        tables = _joined([_Page("", [], [_part([HEADER, ROW_A])]), _Page("", [], [second])])
        assert len(tables) == 2


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["区市场监管", "局、区大数据", "中心"], "区市场监管局、区大数据中心"),
        (
            ["优化审批。", "（1）压缩时间；", "（2）推行", "“拿地即开工”。"],
            "优化审批。\n（1）压缩时间；\n（2）推行“拿地即开工”。",
        ),
        (["共3项：", "1.新建", "2.改造"], "共3项：\n1.新建\n2.改造"),
        (["开展培训", "1.2万人次"], "开展培训1.2万人次"),
        (["the plan", "reads"], "the plan reads"),
    ],
)
def test_a_cells_lines_join_without_spaces_except_before_a_sub_point(
    lines: list[str], text: str
) -> None:
    assert join_lines(lines) == text


def _tiny_pdf(content: bytes) -> bytes:
    """A one-page PDF (400 x 300 pt, Helvetica as /F1) drawing ``content``."""
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    )
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )


def test_cells_drawn_as_stroked_rectangles_make_a_grid() -> None:
    # Two rows of three cells, the third cell one rectangle over both rows.
    boxes = b"50 220 100 30 re 150 220 100 30 re 50 190 100 30 re 150 190 100 30 re"
    texts = b"".join(
        b"BT /F1 10 Tf %d %d Td (%s) Tj ET " % (x, y, text)
        for x, y, text in ((60, 232, b"A1"), (160, 232, b"B1"), (60, 202, b"A2"), (160, 202, b"B2"))
    )
    data = _tiny_pdf(
        b"0.5 w " + boxes + b" 250 190 100 60 re S " + texts + b"BT /F1 10 Tf 260 217 Td (C) Tj ET"
    )
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        (frame,) = find_frames(*page_rules(page, pypdfium2.raw))
        table = read_table(frame, page_chars(page.get_textpage(), pypdfium2.raw))
    finally:
        document.close()
    assert table.grid == (("A1", "B1", "C"), ("A2", "B2", "C"))
    assert not any(table.open_foot)


def test_a_word_export_reads_in_its_own_order_and_spacing() -> None:
    # LibreOffice draws full-width quotation marks in a fallback font after the words
    # they enclose, and PDFium spaces a change of font ("梧川县 2026 年")
    doc = load_document(Path(__file__).resolve().parents[1] / "eval/fixtures/blind6/plan-r6g.pdf")
    assert doc.title == "梧川县2026年县域商业体系建设实施方案"
    assert "对“梧川老街”特色商业街区实施提升改造" in doc.text
    assert "“”" not in doc.text
