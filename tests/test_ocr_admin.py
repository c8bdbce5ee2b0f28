"""Scans in the admin's flow: the fence's time and priority, the 检查文件 progress, the bench.

The fake engine and the scans come from :mod:`tests.test_ocr`.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from corpus import DocumentReadError, ocr
from corpus.fence import Limits, run_fenced
from eval.bench.cli import parse_args, run_options
from eval.bench.ocr_scan import build_scan, ocr_lines
from index.settings import StackSettings
from tests.conftest import FIXTURES
from tests.test_ocr import PLAN_LINES, FakeEngine, tiny_scan, use_engine
from web.config import Settings
from web.documents import preview_upload, scan_progress


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ocr-cache"
    monkeypatch.setenv(ocr.CACHE_ENV, str(folder))
    return folder


def test_the_admin_preview_shows_a_scans_pages_and_warnings(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = tiny_scan(tmp_path / "scan.pdf", 2)
    use_engine(monkeypatch, FakeEngine([PLAN_LINES[:5], PLAN_LINES[5:]]))
    ocr.read_scan(scan, scan.read_bytes())  # read here: the fenced child finds it in the cache
    shown: list[tuple[Any, ...]] = []
    settings = Settings(stack=StackSettings(data_dir=tmp_path / "data"), admin_password="pw")
    bar = scan_progress(lambda *args, **kwargs: shown.append((*args, kwargs)))
    preview = preview_upload(settings, scan, "scan.pdf", progress=bar)
    assert shown == [((2, 2), {"desc": "扫描件文字识别:已读 2/2 页", "unit": "页"})]
    assert "2 项任务" in preview.summary
    assert (
        "\n⚠️ " in preview.summary and "扫描件,文字由文字识别(OCR)读出(共 2 页)" in preview.summary
    )
    assert "ocr_label" in preview.cleaning


def _niceness() -> int:
    return os.nice(0)


def test_the_fenced_child_yields_the_cpu_to_the_server() -> None:
    assert run_fenced("scan.pdf", _niceness) >= min(19, os.nice(0) + 10)


# ---- the fence gives a scan time page by page ---------------------------------------------


def pages_slowly(pages: int, pause: float, stall_after: int | None = None) -> int:
    """In the fenced child: report ``pages`` pages ``pause`` seconds apart (or stall)."""
    report = ocr._PROGRESS.get()
    assert report is not None
    for page in range(pages):
        time.sleep(60 if page == stall_after else pause)
        report(page + 1, pages)
    return pages


def test_each_page_read_gives_the_fenced_child_more_time() -> None:
    # 5 pages 1.2 s apart outlast the 4 s any file gets; each page reported earns 4 s more
    heard: list[tuple[int, int]] = []
    limits = Limits(seconds=4.0, seconds_per_page=4.0)
    done = run_fenced(
        "scan.pdf", pages_slowly, 5, 1.2, limits=limits, progress=lambda d, t: heard.append((d, t))
    )
    assert done == 5 and heard == [(page, 5) for page in range(1, 6)]


def test_a_page_that_stalls_stops_the_scan_with_its_number() -> None:
    with pytest.raises(DocumentReadError, match=r"scan\.pdf：文字识别第 2/3 页超过 1 秒仍未完成"):
        run_fenced(
            "scan.pdf", pages_slowly, 3, 0.0, 1, limits=Limits(seconds=3, seconds_per_page=1)
        )


# ---- the bench ----------------------------------------------------------------------------


def test_the_bench_builds_a_six_page_scan_from_the_text_fixture(tmp_path: Path) -> None:
    scan = build_scan(FIXTURES / "plan-pdf.pdf", tmp_path / "scan.pdf", 6)
    document = pypdfium2.PdfDocument(scan)
    try:
        assert len(document) == 6
        text = "".join(document[i].get_textpage().get_text_range() for i in range(6))
    finally:
        document.close()
    assert not text.strip()  # images only


def test_the_bench_reports_seconds_for_the_scan_and_per_page() -> None:
    figures: dict[str, Any] = {
        "source": "eval/layouts/plan-scan.pdf",
        "pages": 6,
        "characters": 2720,
        "engine_load_s": 0.25,
        "ocr_s": 12.3,
        "page_s": [0.9, 2.6, 2.0, 2.0, 2.0, 2.3],
        "per_page_s": 1.97,
        "mean_confidence": 0.988,
        "cached_s": 0.0019,
        "cache_hit": True,
        "threads": 2,
        "peak_rss_mib": 807.0,
    }
    report = "\n".join(ocr_lines(json.loads(json.dumps(figures))))
    assert "6 pages in 12.3 s with the load, 2.0 s/page (fastest 0.9, slowest 2.6)" in report
    assert "from the OCR cache: 1.9 ms (hit)" in report
    assert ocr_lines(None) == []
    assert "not measured (no OCR engine)" in "\n".join(ocr_lines({"error": "no OCR engine"}))
    assert run_options(parse_args([])).ocr and not run_options(parse_args(["--no-ocr"])).ocr
