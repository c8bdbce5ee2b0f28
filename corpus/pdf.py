"""Read the text layer of a PDF, page by page, with PDFium (``pypdfium2``).

The library is imported only when a PDF is read. A PDF without a text layer (a scan, or
text turned into curves) is read with OCR (:mod:`corpus.ocr`); its text is marked as
OCR'd (:attr:`PdfText.ocr`), so the cleaning repairs OCR's slips in it alone. Every
failure is a :class:`~corpus.errors.DocumentReadError` whose Chinese message names the
file, says what is wrong and what to do: an empty file, not a PDF or a damaged one, a
password, no pages, a scan longer than the OCR page limit, or a scan OCR reads nothing
from (or that cannot be read because the OCR engine is not installed).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.errors import DocumentReadError
from corpus.pdfgrid import page_chars, page_text
from corpus.sourcetext import SourceText

logger = logging.getLogger(__name__)

# What ends each page of a PDF in its raw text: a form feed on a line of its own (after
# the last page too, as pdftotext does), so every page boundary stays visible and
# corpus.pages can find the pages even of a one-page PDF.
PAGE_END = "\n\f\n"
# Fewer visible characters per page than this, on average, and the PDF is a scan: a text
# page of a plan holds hundreds; a scanned one at most a page number added on top.
MIN_CHARS_PER_PAGE = 20
# A page with fewer visible characters than this has no text layer of its own.
MIN_CHARS_ON_A_PAGE = 5
_HEAD_BYTES = 1024  # the "%PDF-" header may follow some junk, as readers allow
# A plan runs to tens of pages (a long five-year plan to about a hundred and fifty); a
# longer PDF is a compilation or a book, refused before its pages are read.
MAX_PDF_PAGES = 300
# Control characters a text layer may carry (PDFium marks some hyphens with \x02);
# a form feed in a page would pass for a page break, so it becomes a line break.
_CONTROLS: dict[int, str | None] = {
    **dict.fromkeys((*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF)),
    0x0C: "\n",
    0x0D: "\n",
}
_EMPTY_PAGE_TREE = re.compile(rb"/Count\s*0\b")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b(?!s)")
# PDFium is not thread-safe; the web app may read an upload while another is read.
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class PdfText:
    """A PDF's pages as read, whether OCR read them, and what the admin should check."""

    pages: tuple[str, ...]
    ocr: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The pages, each followed by :data:`PAGE_END`."""
        return "".join(page + PAGE_END for page in self.pages)


def read_pdf(path: Path, data: bytes) -> str:
    """Return the text of a PDF's pages, each followed by :data:`PAGE_END`.

    Args:
        path: The file, named in error messages.
        data: Its bytes.

    Raises:
        DocumentReadError: The file is empty, not a PDF, damaged, encrypted, has no pages,
            or is a scan OCR cannot read.
    """
    return read_pdf_text(path, data).text


def read_pdf_source(path: Path, data: bytes) -> SourceText:
    """The PDF's text for :func:`corpus.loading.read_source`, marked when OCR read it.

    Raises:
        DocumentReadError: As :func:`read_pdf`.
    """
    found = read_pdf_text(path, data)
    return SourceText(found.text, ocr=found.ocr, warnings=found.warnings)


def read_pdf_pages(path: Path, data: bytes) -> list[str]:
    """Return the text of each page: lines without surrounding spaces, ``\\n`` between them.

    Raises:
        DocumentReadError: As :func:`read_pdf`.
    """
    return list(read_pdf_text(path, data).pages)


def read_pdf_text(path: Path, data: bytes) -> PdfText:
    """Read each page's text layer; a PDF without one is read with OCR.

    Raises:
        DocumentReadError: As :func:`read_pdf`.
    """
    if not data.strip():
        raise DocumentReadError(f"{path}: 文件是空的,没有任何内容;请重新导出 PDF 后再上传")
    if b"%PDF-" not in data[:_HEAD_BYTES]:
        raise DocumentReadError(
            f"{path}: 无法读取该 PDF 文件(文件已损坏或不是 PDF:开头没有 %PDF 标记);"
            "请确认它能用 PDF 阅读器打开,或提供 Word (.docx) 文件"
        )
    with _PDFIUM_LOCK:
        texts, images = _extract(path, data)
    pages = [_tidy(text) for text in texts]
    visible = [len("".join(page.split())) for page in pages]
    if sum(visible) < MIN_CHARS_PER_PAGE * len(pages):
        return _read_scan(path, data, images)
    blank = [str(n) for n, count in enumerate(visible, 1) if count < MIN_CHARS_ON_A_PAGE]
    if blank:
        logger.warning(
            "%s: 第 %s 页没有文字层(可能是扫描页或空白页),这些页没有读到文字",
            path,
            "、".join(blank),
        )
    return PdfText(tuple(pages))


def _read_scan(path: Path, data: bytes, images: int) -> PdfText:
    """The pages of a PDF without a text layer, read with OCR."""
    from corpus import ocr

    try:
        scan = ocr.read_scan(path, data)
    except ocr.OcrUnavailable as error:
        logger.warning("%s: 没有文字层,文字识别不可用(%s)", path, error)
        raise DocumentReadError(_no_text_message(path, images)) from error
    if sum(page.visible for page in scan.pages) < MIN_CHARS_PER_PAGE * len(scan.pages):
        raise DocumentReadError(_no_text_message(path, images, ocr_read=True))
    return PdfText(tuple(scan.texts), ocr=True, warnings=scan.warnings)


def _extract(path: Path, data: bytes) -> tuple[list[str], int]:
    """Each page's text as PDFium reads it, and the number of images on text-poor pages."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise _open_error(path, data, error, pypdfium2.raw) from error
    try:
        if len(document) == 0:
            raise DocumentReadError(_NO_PAGES_MESSAGE.format(path=path))
        check_page_count(path, len(document))
        texts, images = [], 0
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                texts.append(_page_text(textpage, pypdfium2.raw))
                textpage.close()
                if len("".join(texts[-1].split())) < MIN_CHARS_PER_PAGE:
                    images += _count_images(page, pypdfium2.raw)
            except pypdfium2.PdfiumError as error:
                raise DocumentReadError(
                    f"{path}: 无法读取该 PDF 文件的第 {index + 1} 页(文件已损坏);"
                    "请重新导出 PDF,或提供 Word (.docx) 文件"
                ) from error
            finally:
                page.close()
        return texts, images
    finally:
        document.close()


def _page_text(textpage: Any, raw: Any) -> str:
    """The page's text, each line in reading order (:func:`corpus.pdfgrid.page_text`)."""
    text: str = textpage.get_text_range()
    chars = page_chars(textpage, raw)
    if len(chars) != len(text):  # a character beyond UCS-2: indices differ, keep the text
        return text
    return page_text(chars)


def check_page_count(path: Path, pages: int) -> None:
    """Refuse a PDF of more than :data:`MAX_PDF_PAGES` pages, naming its count and the limit."""
    if pages > MAX_PDF_PAGES:
        raise DocumentReadError(
            f"{path}：该 PDF 共 {pages} 页，超过单个计划 {MAX_PDF_PAGES} 页的上限"
            "（一份计划通常只有几页到几十页）；如果是几份文件合在一起，请拆分后再上传"
        )


_NO_PAGES_MESSAGE = "{path}: 该 PDF 文件没有任何页面;请检查导出是否完整后重新上传"


def _open_error(path: Path, data: bytes, error: Any, raw: Any) -> DocumentReadError:
    """The message for a PDF that PDFium could not open."""
    # PDFium leaves its last error in place when a load fails without one (an empty page
    # tree does), so an error code is trusted only where the file agrees with it.
    code = getattr(error, "err_code", None)
    if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY) and b"/Encrypt" in data:
        return DocumentReadError(
            f"{path}: 该 PDF 文件已加密,需要密码才能打开;"
            "请在 PDF 软件中取消密码保护后重新导出,或提供 Word (.docx) 文件"
        )
    # PDFium refuses a document whose page tree is empty rather than open it.
    no_pages = _EMPTY_PAGE_TREE.search(data) and not _PAGE_OBJECT.search(data)
    if no_pages or code == raw.FPDF_ERR_SUCCESS:
        return DocumentReadError(_NO_PAGES_MESSAGE.format(path=path))
    logger.debug("%s: PDFium could not open it: %s", path, error)
    return DocumentReadError(
        f"{path}: 无法读取该 PDF 文件(文件已损坏或不是 PDF);"
        "请确认它能用 PDF 阅读器打开后重新导出,或提供 Word (.docx) 文件"
    )


def _count_images(page: Any, raw: Any) -> int:
    return sum(1 for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]))


def _no_text_message(path: Path, images: int, *, ocr_read: bool = False) -> str:
    """Why a PDF without a text layer is refused: OCR read nothing, or is not installed."""
    if images and ocr_read:
        return (
            f"{path}: 这是扫描件(图片),没有可提取的文字层,文字识别(OCR)也没有读出文字;"
            "请提供更清晰的扫描件(文字端正、不模糊),或带文字的 PDF 或 Word (.docx) 文件"
        )
    if images:
        return (
            f"{path}: 这是扫描件(图片),没有可提取的文字层;"
            "请提供带文字的 PDF 或 Word (.docx) 文件(本系统不做文字识别)"
        )
    read = ",文字识别(OCR)也没有读出文字" if ocr_read else ""
    return (
        f"{path}: 该 PDF 文件的页面上没有可提取的文字(空白页或文字已转为曲线){read};"
        "请提供带文字的 PDF 或 Word (.docx) 文件"
    )


def _tidy(text: str) -> str:
    """One page's text with ``\\n`` line breaks and no spaces around a line."""
    lines = text.replace("\r\n", "\n").translate(_CONTROLS).split("\n")
    return "\n".join(line.strip() for line in lines).strip("\n")
