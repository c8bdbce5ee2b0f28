"""Reading PDFs: the committed fixture's text layer, and every way a PDF can be unreadable."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from corpus import DocumentReadError, load_corpus, load_document
from corpus.loading import find_documents, read_text
from corpus.pdf import MAX_PDF_PAGES, PAGE_END, read_pdf_pages
from corpus.pdfgrid import Char, font_gaps

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAN_PDF = FIXTURES / "plan-pdf.pdf"
ELDERLY = FIXTURES / "plan-elderly.txt"
# A notice-wrapped plan LibreOffice exported from Word (the eighth blind round's).
WORD_EXPORT = Path(__file__).resolve().parents[1] / "eval/fixtures/blind8/plan-r8n.pdf"


def test_pages_are_read_in_order_and_each_ends_with_a_form_feed_line() -> None:
    pages = read_pdf_pages(PLAN_PDF, PLAN_PDF.read_bytes())
    assert len(pages) == 3
    assert pages[0].startswith("临江区2024年城市更新行动实施方案\n为深入贯彻落实")
    assert [page.splitlines()[-1] for page in pages] == ["— 1 —", "— 2 —", "— 3 —"]
    assert all("\r" not in page and "\f" not in page for page in pages)
    raw = read_text(PLAN_PDF)
    assert raw == "".join(page + PAGE_END for page in pages)
    assert raw.count("\n\f\n") == 3


def test_no_spaces_between_chinese_characters() -> None:
    raw = read_text(PLAN_PDF)
    assert "区城管局（牵头），区住建局、区财政局" in raw
    assert "新建公厕20座" in raw and "惠及居民1.4万户" in raw and "38.5%" in raw
    # The one space in the plan is the full-width one the source puts between two labels.
    assert "牵头单位：区发改局\u3000配合单位：区财政局、区统计局" in raw


def _plan_writer() -> pypdf.PdfWriter:
    return pypdf.PdfWriter(clone_from=PLAN_PDF)


def _encrypted(path: Path) -> None:
    writer = _plan_writer()
    writer.encrypt("secret", algorithm="AES-256")
    writer.write(path)


def _corrupt(path: Path) -> None:
    data = PLAN_PDF.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _scan(path: Path) -> None:
    Image.new("RGB", (595, 842), "white").save(path, "PDF", resolution=72)


def _blank_page(path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(path)


def _no_pages(path: Path) -> None:
    pypdf.PdfWriter().write(path)


BAD_PDFS: dict[str, tuple[Callable[[Path], object], str]] = {
    "empty.pdf": (lambda path: path.write_bytes(b""), "文件是空的"),
    "notes.pdf": (lambda path: path.write_text("这不是 PDF", encoding="utf-8"), "不是 PDF"),
    "truncated.pdf": (_corrupt, r"无法读取该 PDF 文件\(文件已损坏或不是 PDF\)"),
    "locked.pdf": (_encrypted, "已加密,需要密码"),
    "scan.pdf": (_scan, r"这是扫描件\(图片\),没有可提取的文字层"),
    "blank.pdf": (_blank_page, "页面上没有可提取的文字"),
    "nopages.pdf": (_no_pages, "没有任何页面"),
}


@pytest.mark.parametrize("name", list(BAD_PDFS))
def test_a_bad_pdf_is_one_error_naming_the_file(tmp_path: Path, name: str) -> None:
    make, message = BAD_PDFS[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(DocumentReadError, match=message) as raised:
        read_text(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert "请" in str(raised.value)  # and says what to do
    with pytest.raises(DocumentReadError, match=message):
        load_document(path)


def test_a_pdf_with_only_an_owner_password_reads(tmp_path: Path) -> None:
    writer = _plan_writer()
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    assert read_text(path) == read_text(PLAN_PDF)


def test_a_page_without_text_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    writer = _plan_writer()
    writer.add_blank_page(595, 842)
    path = tmp_path / "with-blank.pdf"
    writer.write(path)
    with caplog.at_level(logging.WARNING, logger="corpus.pdf"):
        raw = read_text(path)
    assert raw == read_text(PLAN_PDF) + PAGE_END
    assert "第 4 页没有文字层" in caplog.text


def test_a_bad_pdf_does_not_stop_the_good_plan(tmp_path: Path) -> None:
    _scan(tmp_path / "a-scan.pdf")
    (tmp_path / "b-plan.txt").write_text(ELDERLY.read_text(encoding="utf-8"), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [doc.doc_id for doc in corpus.documents] == ["b-plan"]
    assert [Path(f.path).name for f in corpus.failures] == ["a-scan.pdf"]
    assert "a-scan.pdf: 这是扫描件" in corpus.failures[0].message


def test_find_documents_picks_up_pdf(tmp_path: Path) -> None:
    for name in ("a.PDF", "b.txt", "c.docx", "d.doc", "e.csv"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in find_documents(tmp_path)] == [
        "a.PDF",
        "b.txt",
        "c.docx",
        "d.doc",
        "e.csv",
    ]


def test_a_pdf_over_the_page_limit_is_refused_with_its_count(tmp_path: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(MAX_PDF_PAGES + 1):
        document.new_page(595, 842)
    path = tmp_path / "compilation.pdf"
    document.save(str(path))
    document.close()
    with pytest.raises(
        DocumentReadError, match=rf"共 {MAX_PDF_PAGES + 1} 页.*{MAX_PDF_PAGES} 页的上限"
    ):
        load_document(path)


def _char(index: int, text: str, left: float, width: float, generated: bool = False) -> Char:
    return Char(index, text, left + width / 2, 100.0, 96.0, 14.0, generated, width)


def test_a_space_that_only_widens_a_gap_before_a_figure_is_dropped() -> None:
    # 户 | gap of 7 pt (a word processor's CJK/Latin spacing) | 3 ; then a column gap of 40.
    chars = [
        _char(0, "户", 343.5, 13.3),
        _char(1, " ", 358.7, 0.0, generated=True),
        _char(2, "3", 363.7, 7.7),
        _char(3, "0", 371.5, 7.7),
        _char(4, " ", 380.0, 0.0, generated=True),
        _char(5, "元", 419.2, 14.4),
        _char(6, " ", 434.0, 0.0, generated=False),  # a space the author typed stays
        _char(7, "A", 436.0, 8.0),
    ]
    assert font_gaps(chars) == {1}


def test_a_word_exported_pdf_reads_its_figures_without_the_added_spaces() -> None:
    text = read_text(WORD_EXPORT)
    assert "按每户3500元标准" in text and "2024年11月底前建成投用" in text
    # a quotation mark drawn after the words it encloses is read where it stands
    assert "渣土车辆密闭运输“六个百分之百”要求" in text
    assert not re.search(r"[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]", text)
