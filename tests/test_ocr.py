"""Scanned PDFs read with OCR: the real engine on a real scan, the cache, the bounds, warnings.

The scan is made here: pages of the committed text PDF rendered at 150 dpi in grey and saved
by Pillow as an image-only PDF, so the text the OCR should find is known. The real engine
reads it once per session, inside the fence's child process (as the admin's 检查文件 does);
every later read of it comes from the cache. Other tests use a fake engine.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from PIL import Image

from corpus import DocumentReadError, load_corpus, load_document, ocr
from corpus.cleaning import clean_text
from corpus.cli import main as corpus_cli
from corpus.fence import Limits, load_document_fenced
from corpus.ocrlines import merge_lines
from corpus.pdf import read_pdf_text
from tests.conftest import FIXTURES, ROOT

PLAN_PDF = FIXTURES / "plan-pdf.pdf"
Lines = Sequence[tuple[str, float]]


def make_scan(path: Path, pages: Sequence[int] = (0, 1), blank: int = 0) -> Path:
    """An image-only PDF of these pages of the text fixture, then ``blank`` white pages."""
    document = pypdfium2.PdfDocument(PLAN_PDF)
    images = [
        document[index].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
        for index in pages
    ]
    images += [Image.new("L", (1240, 1754), 255) for _ in range(blank)]
    document.close()
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return path


def tiny_scan(path: Path, pages: int) -> Path:
    """An image-only PDF of small white pages: for a fake engine, which never looks."""
    images = [Image.new("L", (60 + page, 80), 255) for page in range(pages)]
    images[0].save(path, "PDF", resolution=30, save_all=True, append_images=images[1:])
    return path


class FakeEngine:
    """Returns the given lines for each page in turn (RapidOCR's result shape), counting calls."""

    def __init__(self, pages: Sequence[Lines]) -> None:
        self.pages = list(pages)
        self.calls = 0
        self.shapes: list[tuple[int, ...]] = []

    def __call__(self, image: Any) -> tuple[list[list[Any]] | None, list[float]]:
        self.shapes.append(tuple(image.shape))
        lines = self.pages[self.calls]
        self.calls += 1
        found = [
            [[[100, 40 * row], [900, 40 * row], [900, 40 * row + 30], [100, 40 * row + 30]], t, c]
            for row, (t, c) in enumerate(lines, 1)
        ]
        return found or None, [0.0]


PLAN_LINES: Lines = [
    ("临江区2024年养老服务提升行动方案", 0.99),
    ("为完善养老服务体系（2023一2025年），结合实际，制定本方案。", 0.98),
    ("一、重点任务", 0.99),
    ("（一）建设社区养老服务中心。全年新建社区养老服务中心12个。", 0.97),
    ("贵任单位：区民政局", 0.95),
    ("（二）开展老年助餐服务。新增老年助餐点30个。", 0.98),
    ("责任单位：区民政局、各街道办事处", 0.99),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ocr-cache"
    monkeypatch.setenv(ocr.CACHE_ENV, str(folder))
    return folder


def use_engine(monkeypatch: pytest.MonkeyPatch, engine: Any) -> None:
    monkeypatch.setattr(ocr, "load_engine", lambda: engine)


def refuse_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the OCR engine was asked for")

    monkeypatch.setattr(ocr, "load_engine", refuse)


# ---- the real engine, once, in the fence's child ------------------------------------------


@pytest.fixture(scope="module")
def real_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[tuple[int, int]]]:
    """A 2-page scan read by the real engine in the fenced child: (scan, cache, progress).

    The time limits are generous: a busy shared machine can take minutes for the child's
    first page (loading the models); this test is about reading, not speed.
    """
    patient = Limits(seconds=600.0, seconds_per_page=600.0)
    folder = tmp_path_factory.mktemp("real-scan")
    scan, cache = make_scan(folder / "plan-scan.pdf"), folder / "ocr-cache"
    heard: list[tuple[int, int]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ocr.CACHE_ENV, str(cache))  # the spawned child inherits it
        load_document_fenced(
            scan, limits=patient, progress=lambda done, total: heard.append((done, total))
        )
    return scan, cache, heard


@pytest.mark.slow
def test_the_real_engine_reads_a_scan_in_the_fence_page_by_page(
    real_scan: tuple[Path, Path, list[tuple[int, int]]],
) -> None:
    _, cache, heard = real_scan
    assert heard == [(0, 2), (1, 2), (2, 2)]  # in the 1.5 GiB fence, each page reported
    assert len(list(cache.glob("*.json"))) == 1


@pytest.mark.slow
def test_a_scan_parses_like_the_text_pdf_it_was_printed_from(
    real_scan: tuple[Path, Path, list[tuple[int, int]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    scan, cache, _ = real_scan
    monkeypatch.setenv(ocr.CACHE_ENV, str(cache))
    refuse_engine(monkeypatch)  # the cache answers: the engine is not asked again
    document, printed = load_document(scan), load_document(PLAN_PDF)
    assert document.title == printed.title == "临江区2024年城市更新行动实施方案"
    tasks = {item.label: item for item in document.items if item.units}
    assert set(tasks) == {"1.", "2.", "3.", "4.", "5."}
    for label, item in tasks.items():
        assert item.units == printed.item(item.number).units, label
    assert [u.name for u in tasks["1."].units][:2] == ["区住建局", "区财政局"]
    assert "36个" in [target.text for target in tasks["1."].targets]
    assert tasks["1."].deadline is not None and tasks["1."].deadline.text == "2024年12月底前"
    # the dash OCR reads as 一 is repaired, and the repair is recorded
    assert "（2023—2025年）" in document.text
    assert [(e.before, e.after) for e in document.clean.edits if e.kind == "ocr_dash"] == [
        ("2023一2025", "2023—2025")
    ]
    assert document.warnings[0].startswith(f"{scan}: 扫描件,文字由文字识别(OCR)读出(共 2 页)")


@pytest.mark.slow
def test_the_cleaning_report_lists_the_ocr_repairs(
    real_scan: tuple[Path, Path, list[tuple[int, int]]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scan, cache, _ = real_scan
    monkeypatch.setenv(ocr.CACHE_ENV, str(cache))
    refuse_engine(monkeypatch)
    assert corpus_cli(["show", "--cleaning", str(scan)]) == 0
    out = capsys.readouterr().out
    assert "ocr_dash at raw" in out and "'2023一2025' -> '2023—2025'" in out


# ---- the cache ----------------------------------------------------------------------------


def test_the_second_read_comes_from_the_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tiny_scan(tmp_path / "scan.pdf", 1)
    engine = FakeEngine([PLAN_LINES])
    use_engine(monkeypatch, engine)
    first = ocr.read_scan(scan, scan.read_bytes())
    refuse_engine(monkeypatch)
    second = ocr.read_scan(scan, scan.read_bytes())
    assert engine.calls == 1
    assert (first.cached, second.cached) == (False, True)
    assert second.pages == first.pages and second.warnings == first.warnings
    assert [line.confidence for line in second.pages[0].lines][:2] == pytest.approx([0.99, 0.98])


def test_a_corrupt_cache_file_is_ignored_and_written_again(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    scan = tiny_scan(tmp_path / "scan.pdf", 1)
    use_engine(monkeypatch, FakeEngine([PLAN_LINES]))
    ocr.read_scan(scan, scan.read_bytes())
    (file,) = cache.glob("*.json")
    file.write_text('{"tag": "', encoding="utf-8")  # cut off mid-write by hand
    engine = FakeEngine([PLAN_LINES])
    use_engine(monkeypatch, engine)
    with caplog.at_level(logging.WARNING, logger="corpus.ocr"):
        again = ocr.read_scan(scan, scan.read_bytes())
    assert engine.calls == 1 and not again.cached
    assert "OCR 缓存文件无法读取" in caplog.text
    assert json.loads(file.read_text(encoding="utf-8"))["pages"][0]["lines"][0][0] == (
        "临江区2024年养老服务提升行动方案"
    )
    assert [path.name for path in cache.iterdir()] == [file.name]  # no temporary file left


def test_the_cache_folder_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ocr.CACHE_ENV, raising=False)
    assert ocr.cache_dir() == Path("~/.cache/policy-qa/ocr").expanduser()
    monkeypatch.setenv(ocr.CACHE_ENV, str(tmp_path))
    assert ocr.cache_dir() == tmp_path


# ---- what is refused, what is reported ----------------------------------------------------


def test_a_scan_past_the_page_limit_is_refused_before_any_ocr(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tiny_scan(tmp_path / "long.pdf", 3)
    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 2)
    refuse_engine(monkeypatch)
    with pytest.raises(
        DocumentReadError, match=r"共 3 页,超过文字识别 2 页的上限;请拆分"
    ) as raised:
        load_document(scan)
    assert str(raised.value).startswith(f"{scan}: 这是扫描件")


def test_blank_noisy_and_uncertain_pages_are_reported_to_the_admin(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    scan = tiny_scan(tmp_path / "scan.pdf", 4)
    uncertain = [(text, 0.71) for text, _ in PLAN_LINES[5:]]
    noise = [("收瑞物亚教", 0.16), ("复", 0.05)]
    use_engine(monkeypatch, FakeEngine([PLAN_LINES[:5], [], noise, uncertain]))
    with caplog.at_level(logging.WARNING, logger="corpus.ocr"):
        document = load_document(scan)
    assert document.warnings[1:4] == (
        f"{scan}: 第2页没有识别出文字(空白页?),请核对原件",
        f"{scan}: 第3页只识别出无法辨认的内容,没有读到文字,请核对原件",
        f"{scan}: 第4页识别置信度较低(0.71),请核对",
    )
    assert "第2页没有识别出文字" in caplog.text and "第4页识别置信度较低" in caplog.text
    assert "收瑞物亚教" not in document.text  # noise below the line confidence is dropped
    assert len([item for item in document.items if item.units]) == 2


def test_ocr_slips_are_repaired_in_ocr_text_only(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tiny_scan(tmp_path / "scan.pdf", 2)
    # the page numbers' dashes read as 一, as on eval/layouts/plan-scan.pdf
    pages = [[*PLAN_LINES[:5], ("一1一", 0.71)], [*PLAN_LINES[5:], ("—2一", 0.77)]]
    use_engine(monkeypatch, FakeEngine(pages))
    document = load_document(scan)
    assert "（2023—2025年）" in document.text and "责任单位：区民政局" in document.text
    assert "1一" not in document.text and "2一" not in document.text
    repairs = [(e.kind, e.before, e.after) for e in document.clean.edits if e.after]
    assert repairs == [
        ("ocr_dash", "2023一2025", "2023—2025"),
        ("ocr_label", "贵任单位", "责任单位"),
        ("ocr_dash", "一1一", "—1—"),
        ("ocr_dash", "—2一", "—2—"),
    ]
    removed = [(e.kind, e.before) for e in document.clean.edits if e.kind == "page_number"]
    assert removed == [("page_number", "一1一\n"), ("page_number", "—2一\n")]  # as OCR read it
    assert document.item(2).units[0].name == "区民政局"
    # the same text from a text layer or a .txt is left as written
    raw = "\n".join(text for text, _ in PLAN_LINES) + "\n一1一\n"
    assert clean_text(raw).text == raw and not clean_text(raw).edits


def test_the_dash_repair_needs_two_years() -> None:
    for kept in ("第1一2月", "12一15亩", "2023一25年", "统一2025年", "20231一2025年"):
        assert clean_text(kept, ocr=True).text == kept
    assert clean_text("2021一2022一2023年", ocr=True).text == "2021—2022—2023年"


def test_a_scan_ocr_reads_nothing_from_is_refused_alone(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny_scan(tmp_path / "a-scan.pdf", 2)
    (tmp_path / "b-plan.txt").write_text(
        (FIXTURES / "plan-elderly.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    use_engine(monkeypatch, FakeEngine([[("-1-", 0.8)], [("噪", 0.2)]]))
    corpus = load_corpus(tmp_path)
    assert [doc.doc_id for doc in corpus.documents] == ["b-plan"]
    (failure,) = corpus.failures
    assert failure.message == (
        f"{tmp_path / 'a-scan.pdf'}: 这是扫描件(图片),没有可提取的文字层,文字识别(OCR)也没有读出"
        "文字;请提供更清晰的扫描件(文字端正、不模糊),或带文字的 PDF 或 Word (.docx) 文件"
    )


def test_without_the_engine_a_scan_is_refused_as_before(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tiny_scan(tmp_path / "scan.pdf", 1)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import raises ImportError
    with pytest.raises(DocumentReadError) as raised:
        load_document(scan)
    assert str(raised.value) == (
        f"{scan}: 这是扫描件(图片),没有可提取的文字层;"
        "请提供带文字的 PDF 或 Word (.docx) 文件(本系统不做文字识别)"
    )


def test_an_engine_failure_is_the_failure_of_its_file(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tiny_scan(tmp_path / "scan.pdf", 2)

    def broken(image: Any) -> None:
        raise RuntimeError("[ONNXRuntimeError] : 1 : FAIL : std::bad_alloc")

    use_engine(monkeypatch, broken)
    with pytest.raises(DocumentReadError, match=r"扫描件第 1 页文字识别失败\(RuntimeError\);请"):
        load_document(scan)
    assert not list(cache.glob("*.json"))  # nothing cached: the next try reads it again


def test_a_text_pdf_is_not_marked_as_ocr() -> None:
    found = read_pdf_text(PLAN_PDF, PLAN_PDF.read_bytes())
    assert not found.ocr and not found.warnings


def test_pages_are_rendered_at_150_dpi_and_a_strip_is_padded(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tmp_path / "strip.pdf"
    a4 = Image.new("L", (124, 175), 255)  # 595 x 842 pt at 15 dpi
    a4.save(scan, "PDF", resolution=15, save_all=True, append_images=[Image.new("L", (20, 600))])
    engine = FakeEngine([PLAN_LINES[:5], []])
    use_engine(monkeypatch, engine)
    ocr.read_scan(scan, scan.read_bytes())
    page, strip = engine.shapes
    assert page == pytest.approx((1750, 1240), abs=1)  # A4 at 150 dpi, grey
    assert max(strip) == ocr.MAX_RENDER_SIDE and max(strip) <= ocr.MAX_ASPECT * min(strip) + 1


# ---- lines, threads -----------------------------------------------------------------------


def _box(left: float, top: float, right: float, bottom: float) -> list[list[float]]:
    return [[left, top], [right, top], [right, bottom], [left, bottom]]


def test_boxes_of_one_visual_line_are_merged_left_to_right() -> None:
    found = [
        (_box(600, 102, 900, 130), "配合单位：区财政局", 0.9),  # a little lower, same line
        (_box(100, 100, 400, 128), "牵头单位：区发改局", 1.0),
        (_box(410, 101, 560, 129), "（牵头）", 0.8),
        (_box(100, 150, 300, 178), "完成时限：长期坚持", 0.95),
    ]
    lines = merge_lines(found)
    assert [line.text for line in lines] == [
        "牵头单位：区发改局（牵头）\u3000配合单位：区财政局",  # a gap wider than the line: a space
        "完成时限：长期坚持",
    ]
    assert lines[0].confidence == pytest.approx((9 * 1.0 + 4 * 0.8 + 9 * 0.9) / 22)


def test_the_engine_uses_omp_threads_or_two_never_more_than_the_cpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert ocr.engine_threads() == 2
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert ocr.engine_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "64")
    assert ocr.engine_threads() == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    monkeypatch.setenv("OMP_NUM_THREADS", "junk")
    assert ocr.engine_threads() == 1


def test_importing_the_module_loads_no_engine() -> None:
    code = "import corpus.ocr, sys; print(sorted({'rapidocr_onnxruntime', 'onnxruntime'} & set(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
