"""Bounds on a .docx or .xlsx (a zip of XML parts), checked before python-docx or openpyxl
opens it, so that no file of a few kilobytes can take the loader's memory or time.

Every XML part is streamed once with expat (a few seconds at most, in constant memory):

* **the zip**: at most :data:`MAX_PARTS` parts and :data:`MAX_UNPACKED_BYTES` unpacked in
  all. The sizes are the ones the zip declares, and they hold: :mod:`zipfile` never
  returns more than a part's declared size (its CRC check fails if the data goes on);
* **no DTD**: a part with a ``<!DOCTYPE`` is refused. Office never writes one, and a DTD
  is where entities are declared, so this refuses every entity-expansion bomb (billion
  laughs, quadratic blow-up, external entities) whichever parser would have read it;
* **elements**: at most :data:`MAX_ELEMENTS` in all the parts together, since python-docx
  and openpyxl build a tree of a part's elements (a million of them: about 9 s and
  260 MB in python-docx);
* **sheets**: each worksheet's real extent and merged ranges (:mod:`corpus.sheetscan`).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from corpus.errors import DocumentReadError
from corpus.sheetscan import SheetExtent, SheetLimitError, SheetScan

MAX_UNPACKED_BYTES = 50 << 20
MAX_PARTS = 1000
MAX_ELEMENTS = 1_000_000
_CHUNK = 1 << 16
# Byte-order marks and EBCDIC "<?xm": how XML that does not open with an ASCII "<" opens.
_XML_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x4c\x6f\xa7\x94")
_RESAVE = "请在 Word/WPS/Excel 中打开并另存后再上传"

Handler = Callable[[str, dict[str, str]], None]


class _Stop(Exception):
    """Raised inside the XML parser's callbacks to stop reading a part early."""


@dataclass
class Package:
    """An opened .docx/.xlsx within the bounds; ``sheets``: each worksheet part's extent."""

    archive: zipfile.ZipFile
    sheets: dict[str, SheetExtent] = field(default_factory=dict)


def read_package(path: str, data: bytes, kind: str) -> Package:
    """Open a .docx or .xlsx and check it against the bounds; measure its sheets.

    Raises:
        zipfile.BadZipFile: Not a zip (the reader says so in its own words).
        DocumentReadError: Too many parts; too large unpacked; an XML part unreadable,
            with a DTD or too many elements; a sheet past the row or column limit. The
            message (Chinese) names the file (and the sheet) and says what to do.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = archive.infolist()
    _check_sizes(path, kind, parts)
    package, budget = Package(archive), _Budget(path)
    for part in parts:
        if _looks_like_xml(archive, part):
            _scan_part(path, package, part.filename, budget)
    return package


def _looks_like_xml(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a parser could read the part as XML, whatever its name: it opens with "<"
    (in any of the encodings XML detects: a byte-order mark, UTF-16/32, EBCDIC)."""
    if part.filename.lower().endswith((".xml", ".rels")):
        return True
    try:
        with archive.open(part) as stream:
            head = stream.read(64).lstrip(b" \t\r\n")[:4]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        return True  # unreadable: the scan says so in its message
    return b"<" in head or head.startswith(_XML_MARKS)


def _check_sizes(path: str, kind: str, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise DocumentReadError(
            f"{path}：{kind} 文件内含 {len(parts)} 个部件，超过上限 {MAX_PARTS}；{_RESAVE}"
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocumentReadError(
            f"{path}：{kind} 文件解压后有 {unpacked / 1048576:.0f} MB，超过上限 "
            f"{MAX_UNPACKED_BYTES >> 20} MB（疑似压缩炸弹，已拒绝）；"
            "请删除文档中的大图片等附件，或拆分为几个文件后再上传"
        )


class _Budget:
    """Counts the elements of all parts; refuses the file past :data:`MAX_ELEMENTS`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.left = MAX_ELEMENTS

    def exceeded(self, part: str) -> DocumentReadError:
        return DocumentReadError(
            f"{self.path}：文件的 XML 元素超过 {MAX_ELEMENTS} 个（在 {part} 中超出），"
            "远多于任何一份计划；请删除多余的内容或拆分为几个文件后再上传"
        )


def _scan_part(path: str, package: Package, part: str, budget: _Budget) -> None:
    """Stream one part: count its elements and, for a worksheet, measure its extent."""
    scan = SheetScan()
    sheet = False

    def count(name: str, attributes: dict[str, str]) -> None:
        budget.left -= 1
        if budget.left < 0:
            raise budget.exceeded(part)

    def measure(name: str, attributes: dict[str, str]) -> None:
        budget.left -= 1
        if budget.left < 0:
            raise budget.exceeded(part)
        scan.start(name, attributes)

    def choose(name: str, attributes: dict[str, str]) -> Handler:
        nonlocal sheet
        count(name, attributes)
        sheet = name.rpartition(" ")[2] == "worksheet"
        return measure if sheet else count

    try:
        with package.archive.open(part) as stream:
            stream_xml(path, part, stream, choose)
    except SheetLimitError as error:
        title = sheet_title(package.archive, part)
        raise DocumentReadError(f"{path}：工作表“{title}”{error}") from None
    except NotImplementedError as error:  # a compression method zipfile lacks
        raise DocumentReadError(
            f"{path}：文件内的部件 {part} 无法解压（{error}）；{_RESAVE}"
        ) from None
    if sheet:
        package.sheets[part] = scan.extent()


def stream_xml(
    path: str, part: str, stream: IO[bytes], choose: Callable[[str, dict[str, str]], Handler]
) -> None:
    """Parse one XML part as a stream: ``choose(root name, attributes)`` gives the
    handler of every element below the root (names are "namespace local").

    A handler may raise ``_Stop`` to end early. A DTD, or XML the parser cannot read,
    is refused with a :class:`DocumentReadError`.
    """
    parser = expat.ParserCreate(namespace_separator=" ")

    def root(name: str, attributes: dict[str, str]) -> None:
        parser.StartElementHandler = choose(name, attributes)

    parser.StartDoctypeDeclHandler = lambda *_: _refuse_dtd(path, part)
    parser.StartElementHandler = root
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        return
    except (
        expat.ExpatError,
        ValueError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
    ) as error:
        raise DocumentReadError(
            f"{path}：文件内的 XML 部件 {part} 无法解析（{error}），文件已损坏；{_RESAVE}"
        ) from error


def _refuse_dtd(path: str, part: str) -> None:
    raise DocumentReadError(
        f"{path}：文件内的 XML 部件 {part} 含有 DTD 声明（<!DOCTYPE>），Office 文档不会有它，"
        f"可能是实体扩展攻击，已拒绝；{_RESAVE}"
    )


def sheet_title(archive: zipfile.ZipFile, part: str) -> str:
    """The name a workbook gives the worksheet ``part`` (the part's name if none found)."""
    workbook = next(iter(_relations(archive, "", "/officeDocument").values()), None)
    if workbook is None:
        return part
    sheets = _relations(archive, workbook, "/worksheet")
    names: dict[str, str] = {}

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "sheet":
            ids = [value for key, value in attributes.items() if key.endswith(" id")]
            if ids and sheets.get(ids[0]) == part:
                names[part] = attributes.get("name", part)
                raise _Stop

    _read(archive, workbook, start)
    return names.get(part, part)


def _relations(archive: zipfile.ZipFile, source: str, kind: str) -> dict[str, str]:
    """Relationship id → target part, of the relationships of ``source`` of this type."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, str] = {}

    def start(element: str, attributes: dict[str, str]) -> None:
        if attributes.get("Type", "").endswith(kind) and "Target" in attributes:
            target = attributes["Target"]
            resolved = posixpath.normpath(posixpath.join(folder, target))
            found[attributes.get("Id", "")] = target.lstrip("/") if target[:1] == "/" else resolved

    _read(archive, rels, start)
    return found


def _read(archive: zipfile.ZipFile, part: str, start: Handler) -> None:
    """Call ``start`` on every element of ``part`` (if the package has it) but the root."""
    if part in archive.NameToInfo:
        with archive.open(part) as stream:
            stream_xml("", part, stream, lambda *_: start)
