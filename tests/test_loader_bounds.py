"""No plan file can kill the loader or take unbounded time or memory.

Each hostile file is built small in tmp_path (:mod:`corpus.hostile`). The spreadsheet and
Word bounds are checked before the library opens the file; the text parser is linear:
each input below took quadratic time before (a 1 MB line with an unclosed bracket: 30 s).
"""

from __future__ import annotations

import copy
import io
import logging
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import docx
import pytest

from corpus import DocumentReadError, load_corpus, load_document, packages, tablereaders
from corpus.assignments import _LINE_BOUNDARY, _OPENING, _UNLABELLED, LABEL, Metadata, find_metadata
from corpus.cleaning import clean_text
from corpus.hostile import (
    entity_bomb_docx,
    far_cell_xlsx,
    many_rows_xlsx,
    repeated_text,
    sheet_xml,
    styled_cells_xlsx,
    task_rows,
    write_xlsx,
    zip_bomb_xlsx,
)
from corpus.loading import MAX_PLAN_CHARS
from corpus.models import Span
from corpus.parsing import parse_document
from corpus.textnorm import CLOSE, OPEN
from tests.conftest import FIXTURES

ELDERLY = FIXTURES / "plan-elderly.txt"


def find_metadata_quadratic(text: str, start: int, end: int) -> list[Metadata]:
    """The straightforward (quadratic) reading, kept here as the oracle of the linear one."""
    found = [_bracketed(text, match.start(), end) for match in _OPENING.finditer(text, start, end)]
    clauses = [clause for clause in found if clause is not None]
    clauses += [
        Metadata(Span(match.start(), match.end()), Span(*match.span("content")))
        for match in _UNLABELLED.finditer(text, start, end)
        if not any(c.span.start <= match.start() < c.span.end for c in clauses)
    ]
    for match in LABEL.finditer(text, start, end):
        inside = any(c.span.start <= match.start() < c.span.end for c in clauses)
        at_start = match.start() == start or text[match.start() - 1] in _LINE_BOUNDARY
        if inside or not (at_start or text[match.start() - 1].isspace()):
            continue
        line_end = text.find("\n", match.start(), end)
        stop = end if line_end < 0 else line_end
        clauses.append(Metadata(Span(match.start(), stop), Span(match.start(), stop)))
    kept: list[Metadata] = []
    for clause in sorted(clauses, key=lambda clause: clause.span.start):
        if not (kept and clause.span.start < kept[-1].span.end):
            kept.append(clause)
    return kept


def _bracketed(text: str, opening: int, end: int) -> Metadata | None:
    depth, position = 1, opening + 1
    while position < end and depth:
        char = text[position]
        depth += 1 if char in OPEN else -1 if char in CLOSE else 0
        position += 1
    return None if depth else Metadata(Span(opening, position), Span(opening + 1, position - 1))


def _refused(path: Path, *words: str) -> str:
    """Load ``path``; it must be refused with a message naming it and ``words``."""
    with pytest.raises(DocumentReadError) as caught:
        load_document(path)
    message = str(caught.value)
    assert path.name in message
    for word in words:
        assert word in message
    return message


# -- spreadsheets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "where"), [("XFD1048576", "第 1048576 行"), ("A1000000", "第 1000000 行")]
)
def test_a_lone_cell_far_away_is_refused_by_sheet_name(
    tmp_path: Path, reference: str, where: str
) -> None:
    # Before: XFD1048576 was OOM-killed; A1000000 took 14 s and 850 MB.
    path = far_cell_xlsx(tmp_path / "far.xlsx", reference)
    _refused(path, "工作表“任务分工”", "5000 行", "50 列", where, "拆分")


def test_a_column_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = far_cell_xlsx(tmp_path / "wide.xlsx", "AY1")  # column 51
    _refused(path, "第 51 列")


def test_a_million_real_rows_stop_the_scan_at_the_first_row_past_the_limit(
    tmp_path: Path,
) -> None:
    path = many_rows_xlsx(tmp_path / "rows.xlsx", 20_000)  # the scan stops at row 5001
    _refused(path, "第 5001 行")


def test_a_cell_at_the_limits_loads_and_the_grid_stops_at_the_values(tmp_path: Path) -> None:
    rows = [*task_rows(2), [("AX5000", "附注")]]  # row 5000, column 50: within the limits
    path = write_xlsx(tmp_path / "edge.xlsx", sheet_xml(rows))
    document = load_document(path)
    assert [item.title for item in document.items[1:]] == ["推进第1项重点工作", "推进第2项重点工作"]
    extent = packages.read_package(str(path), path.read_bytes(), ".xlsx").sheets
    assert [(e.rows, e.columns) for e in extent.values()] == [(5000, 50)]


def test_the_dimension_tag_and_styled_empty_cells_are_not_content(tmp_path: Path) -> None:
    # The sheet claims A1:XFD1048576 and has a styled empty cell there: no value, no cost.
    xml = "".join(sheet_xml(task_rows(1), tail=""))
    xml = xml.replace('<dimension ref="A1"/>', '<dimension ref="A1:XFD1048576"/>')
    xml = xml.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'
    )
    path = write_xlsx(tmp_path / "styled.xlsx", [xml])
    document = load_document(path)
    assert document.items[1].title == "推进第1项重点工作"
    assert "市发展改革委" in document.items[1].responsibility
    extent = next(
        iter(packages.read_package(str(path), path.read_bytes(), ".xlsx").sheets.values())
    )
    assert (extent.rows, extent.columns) == (2, 4)


def test_a_merged_range_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "merged.xlsx",
        sheet_xml(task_rows(1), tail='<mergeCells><mergeCell ref="C2:C9000"/></mergeCells>'),
    )
    _refused(path, "合并单元格 C2:C9000", "第 9000 行")


def test_overlapping_merges_are_bounded(tmp_path: Path) -> None:
    merges = "".join('<mergeCell ref="A1:AX4000"/>' for _ in range(3))
    path = write_xlsx(
        tmp_path / "overlap.xlsx",
        sheet_xml(task_rows(1), tail=f"<mergeCells>{merges}</mergeCells>"),
    )
    _refused(path, "合并单元格共超过")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = zip_bomb_xlsx(tmp_path / "bomb.xlsx", padding=60 << 20)
    assert path.stat().st_size < 1 << 20  # 60 MB of blanks pack into a few hundred KB
    _refused(path, "解压后", "50 MB", "压缩炸弹")


def test_too_many_elements_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packages, "MAX_ELEMENTS", 5_000)  # the real bound: a million
    path = styled_cells_xlsx(tmp_path / "cells.xlsx", 6_000)
    _refused(path, "XML 元素超过 5000 个", "xl/worksheets/sheet1.xml")


# -- XML: no entity expansion, parser errors in Chinese --------------------------------------


def test_an_entity_bomb_in_a_docx_is_refused_without_expanding(tmp_path: Path) -> None:
    path = entity_bomb_docx(tmp_path / "bomb.docx")
    _refused(path, "word/document.xml", "DTD", "另存")


def test_a_dtd_in_a_workbook_part_is_refused(tmp_path: Path) -> None:
    xml = "".join(sheet_xml(task_rows(1)))
    declaration, rest = xml.split("?>", 1)
    path = write_xlsx(
        tmp_path / "dtd.xlsx", [f'{declaration}?><!DOCTYPE x [<!ENTITY a "b">]>{rest}']
    )
    _refused(path, "xl/worksheets/sheet1.xml", "DTD")


def test_a_dtd_in_a_part_not_named_xml_is_found(tmp_path: Path) -> None:
    path = entity_bomb_docx(tmp_path / "bomb.docx")
    with zipfile.ZipFile(path) as archive:
        bomb = archive.read("word/document.xml")
    _replace_part(path, "word/document.xml", _docx_part("document.xml"))
    _replace_part(path, "word/extra.bin", bomb)  # any part a parser could read as XML
    _refused(path, "word/extra.bin", "DTD")


def _docx_part(name: str) -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return archive.read(f"word/{name}")


@pytest.mark.parametrize("damage", ["cut-off", "entity-bomb"])
def test_a_library_parser_error_is_a_chinese_read_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    # Past the scan (switched off here), lxml's own error must still be no crash.
    monkeypatch.setattr(tablereaders, "read_package", lambda *_: None)
    path = entity_bomb_docx(tmp_path / "broken.docx")
    if damage == "cut-off":
        _replace_part(path, "word/document.xml", _docx_part("document.xml")[:-40])
    message = _refused(path, "XML 无法解析", "另存")
    assert "\n" not in message


def _replace_part(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {part: archive.read(part) for part in archive.namelist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w") as archive:
        for part, content in parts.items():
            archive.writestr(part, content)


def test_a_refused_file_is_one_line_in_the_log_and_the_others_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "elderly.txt").write_text(ELDERLY.read_text("utf-8"), "utf-8")
    entity_bomb_docx(folder / "bomb.docx")
    far_cell_xlsx(folder / "far.xlsx")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(folder)
    assert [doc.doc_id for doc in corpus.documents] == ["elderly"]
    assert sorted(Path(f.path).name for f in corpus.failures) == ["bomb.docx", "far.xlsx"]
    failures = [
        r for r in caplog.records if "bomb.docx" in r.getMessage() or "far.xlsx" in r.getMessage()
    ]
    assert len(failures) == 2
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in failures)
    assert "Traceback" not in caplog.text


def test_a_long_vertical_merge_in_a_docx_table_reads_in_linear_time(tmp_path: Path) -> None:
    # python-docx resolves each merged cell by walking up its column: 2,000 rows took
    # 51 s and ended in a RecursionError.
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "市发改委"
    table.cell(0, 0).merge(table.cell(2, 0))
    continuation = table.rows[2]._tr
    for _ in range(3000):
        table._tbl.append(copy.deepcopy(continuation))
    grid = tablereaders._docx_grid(table)  # python-docx's own walk raised RecursionError here
    assert len(grid) == 3003
    assert {row[0] for row in grid} == {"市发改委"}


# -- text: linear in the size of the input --------------------------------------------------


def _parse_work(text: str) -> int:
    """Lines of corpus code executed to clean and parse ``text``: a deterministic measure of
    work (a wall clock would measure the machine)."""
    executed = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal executed
        if "/corpus/" not in frame.f_code.co_filename:
            return None
        executed += event == "line"
        return trace

    sys.settrace(trace)
    try:
        parse_document("t", "t.txt", clean_text(text))
    except Exception as error:  # a refusal is fine: its work is what is measured
        assert "expected numbered task items" in str(error)
    finally:
        sys.settrace(None)
    return executed


def _numeral(number: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    return (
        (digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")
    )


def _numbered_plan(parts: int) -> str:
    lines = ["测试行动计划", "为推进工作，制定本计划。"]
    for part in range(1, parts + 1):
        lines.append(f"{_numeral(part)}、第{part}部分")
        lines += [f"（{_numeral(task)}）推进工作。（责任单位：市发改委）" for task in range(1, 100)]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "build",
    [
        # an unclosed "（责任单位：" on every line: each bracket walked to the text's end
        lambda n: "（九）推进工作。（责任单位：市农业农村局、市卫健委、\n" * (500 * n),
        # thousands of tasks: each task searched every heading and clause of the plan
        lambda n: _numbered_plan(10 * n),
        # letters read for digits on every line: each repair counted lines from the start
        lambda n: "完成IOOO亩。\n" * (5000 * n),
    ],
    ids=["unclosed-brackets", "many-tasks", "digit-repairs"],
)
def test_the_text_parser_is_linear(build: Callable[[int], str]) -> None:
    small, large = _parse_work(build(1)), _parse_work(build(4))
    # linear: 4× the work (n log n a little more); the quadratic steps did 10-16× here
    assert large < 6 * small, f"4× the text took {large / small:.1f}× the work"


def test_the_linear_metadata_finder_finds_what_the_old_one_did() -> None:
    texts = [
        clean_text(path.read_text("utf-8")).text for path in sorted(FIXTURES.glob("*.txt"))
    ] + ["（牵头单位：A（配合）\n责任单位：B）完成时限：2024年（C）", "）（责任单位：甲", ""]
    for text in texts:
        for start, end in ((0, len(text)), (len(text) // 3, len(text) * 2 // 3)):
            assert find_metadata(text, start, end) == find_metadata_quadratic(text, start, end)


def test_ten_megabytes_of_one_line_are_refused_at_once(tmp_path: Path) -> None:
    path = repeated_text(tmp_path / "line.txt", 10_000_000, "推进城乡融合发展，")
    message = _refused(path, "个字符", f"{MAX_PLAN_CHARS} 字符的上限", "拆分")
    assert f"文本有 {len(path.read_text('utf-8'))} 个字符" in message
