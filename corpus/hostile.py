"""Hostile plan files, built small and fast: for the tests and the fault suite (eval.stress).

Each builder writes one file that once killed or stalled the loader, and returns its path:
a sheet whose one cell sits at the sheet's far corner, a sheet of a million real rows, a
workbook whose parts expand past the zip bound, a Word document with an entity-expansion
bomb, and text of one repeated line. Loading any of them must end quickly, in bounded
memory, with a :class:`corpus.errors.DocumentReadError` or :class:`StructureError`.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTS = {
    "[Content_Types].xml": (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_BOOK_TYPE}"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_TYPE}"/></Types>'
    ),
    "_rels/.rels": (
        f'{_HEAD}<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{_OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE_REL}"><sheets>'
        '<sheet name="任务分工" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_HEAD}<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{_OFFICE_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_COLUMNS = [a + b for a in ("", "A") for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"][:50]
TASK_HEADER = ("序号", "工作任务", "责任单位", "完成时限")
_BOMB_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
    + "]>"
)


def write_xlsx(path: Path, sheet_xml: Iterable[str]) -> Path:
    """A one-sheet workbook whose sheet part is ``sheet_xml`` (streamed, then deflated)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_xml:
                sheet.write(chunk.encode("utf-8"))
    return path


def sheet_xml(rows: Iterable[Iterable[tuple[str, str]]], tail: str = "") -> Iterator[str]:
    """A sheet part: each row a list of (reference, text) cells; ``tail`` after the data."""
    yield f'{_HEAD}<worksheet xmlns="{_MAIN}"><dimension ref="A1"/><sheetData>'
    for cells in rows:
        yield "<row>" + "".join(
            f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>' for ref, text in cells
        )
        yield "</row>"
    yield f"</sheetData>{tail}</worksheet>"


def task_rows(count: int) -> Iterator[list[tuple[str, str]]]:
    """A task table's header row, then ``count`` task rows."""
    yield [(f"{'ABCD'[i]}1", name) for i, name in enumerate(TASK_HEADER)]
    for number in range(1, count + 1):
        row = number + 1
        yield [
            (f"A{row}", str(number)),
            (f"B{row}", f"推进第{number}项重点工作。"),
            (f"C{row}", "市发展改革委"),
            (f"D{row}", "2024年底前"),
        ]


def far_cell_xlsx(path: Path, reference: str = "XFD1048576") -> Path:
    """A task table of two rows plus one cell far away (the sheet's last cell by default)."""
    rows = [*task_rows(1), [(reference, "x")]]
    return write_xlsx(path, sheet_xml(rows))


def many_rows_xlsx(path: Path, count: int = 1_000_000) -> Path:
    """A header cell, then ``count`` rows of one number each (a million: 3.5 MB on disk)."""

    def rows() -> Iterator[str]:
        yield f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData><row><c r="A1" t="inlineStr">'
        yield "<is><t>序号</t></is></c></row>"
        for row in range(2, count + 2):
            yield f'<row><c r="A{row}"><v>{row - 1}</v></c></row>'
        yield "</sheetData></worksheet>"

    return write_xlsx(path, rows())


def styled_cells_xlsx(path: Path, count: int = 2_000_000) -> Path:
    """A task table, then ``count`` cells with a style and no value, all inside A1:AX5000."""

    def cells() -> Iterator[str]:
        yield from list(sheet_xml(task_rows(1)))[:-1]
        yield "<row>"
        for index in range(count):
            yield f'<c r="{_COLUMNS[index % 50]}{3 + index // 50 % 4990}" s="1"/>'
        yield "</row></sheetData></worksheet>"

    return write_xlsx(path, cells())


def zip_bomb_xlsx(path: Path, padding: int = 200 << 20) -> Path:
    """A small task table whose sheet part is padded with ``padding`` bytes of blanks."""
    chunk = " " * (1 << 20)

    def blanks() -> Iterator[str]:
        yield from sheet_xml(task_rows(1))
        for _ in range(padding >> 20):
            yield chunk

    return write_xlsx(path, blanks())


def entity_bomb_docx(path: Path, reference: str = "&lol9;") -> Path:
    """A Word document whose paragraph holds an entity that expands to 10⁸ "lol"s."""
    import docx

    document = docx.Document()
    document.add_paragraph("BOMB")
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    declaration, rest = body.split("?>", 1)
    body = f"{declaration}?>{_BOMB_DTD}{rest.replace('BOMB', reference)}"
    parts["word/document.xml"] = body.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def repeated_text(path: Path, size: int, unit: str = "x") -> Path:
    """A UTF-8 .txt of ``unit`` repeated to about ``size`` bytes (no line break unless in it)."""
    path.write_text(unit * max(1, size // len(unit.encode("utf-8"))), encoding="utf-8")
    return path


def hog_memory(megabytes: int) -> int:
    """Allocate ``megabytes`` at once (a loader gone wild), for :mod:`corpus.fence`."""
    return len(bytearray(megabytes << 20))


def stall(seconds: float) -> None:
    """Take ``seconds`` (a loader that never ends), for :mod:`corpus.fence`."""
    time.sleep(seconds)


def die(code: int) -> None:
    """End the process at once, as a crash in a library would."""
    os._exit(code)
