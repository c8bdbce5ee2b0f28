"""The OCR figure of ``python -m eval.bench``: seconds to read a 6-page scan, and per page.

The scan is ``eval/layouts/plan-scan.pdf`` (a 6-page printed plan, rendered at 150 dpi and
lightly degraded like a scanner's output) when it is there; otherwise one is built from the
text fixture ``eval/fixtures/library/plan-pdf.pdf``: its pages rendered at 150 dpi in grey,
repeated up to 6, saved by Pillow as an image-only PDF. The child (``--child ocr``) reads it
with an empty OCR cache, timing the engine's load and every page, then reads it again from
the cache it just wrote.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
from pathlib import Path

from eval.bench.common import BenchError, JsonDict
from eval.bench.machine import peak_rss_mib
from eval.bench.timing import timed
from index.settings import ROOT

SCAN = ROOT / "eval" / "layouts" / "plan-scan.pdf"
TEXT_SOURCE = ROOT / "eval" / "fixtures" / "library" / "plan-pdf.pdf"
SCAN_PAGES = 6
DPI = 150


def scan_for_bench(work: Path) -> tuple[Path, str]:
    """The scan to read and where it came from (the shipped one, or built into ``work``)."""
    if SCAN.is_file():
        return SCAN, str(SCAN.relative_to(ROOT))
    built = build_scan(TEXT_SOURCE, work / "plan-scan-bench.pdf", SCAN_PAGES)
    return built, f"built from {TEXT_SOURCE.relative_to(ROOT)} ({SCAN_PAGES} pages)"


def build_scan(source: Path, out: Path, pages: int) -> Path:
    """An image-only PDF of ``pages`` pages: ``source``'s pages at 150 dpi grey, repeated."""
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(source)
    try:
        rendered = [
            document[index].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            for index in range(len(document))
        ]
    finally:
        document.close()
    images: list[Image.Image] = list(itertools.islice(itertools.cycle(rendered), pages))
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return out


def child_ocr(scan: Path | None, cache: Path) -> JsonDict:
    """Child ``ocr``: read ``scan`` with an empty cache in ``cache``, then again from it.

    Raises:
        BenchError: No scan given, or the OCR engine is not installed.
    """
    from corpus import ocr

    if scan is None:
        raise BenchError("child ocr needs --corpus: the scanned PDF to read")
    os.environ[ocr.CACHE_ENV] = str(cache)  # read by corpus.ocr at each read, not at import
    data = scan.read_bytes()
    try:
        _, load_s = timed(ocr.load_engine)
    except ocr.OcrUnavailable as error:
        raise BenchError(f"no OCR engine: {error}") from error
    marks: list[float] = []
    read, ocr_s = timed(
        lambda: ocr.read_scan(scan, data, lambda done, total: marks.append(time.perf_counter()))
    )
    again, cached_s = timed(lambda: ocr.read_scan(scan, data))
    pages = [b - a for a, b in itertools.pairwise(marks)]  # the first mark is page 0 of N
    confidences = [c for c in (page.confidence for page in read.pages) if c is not None]
    return {
        "scan": str(scan),
        "pages": len(read.pages),
        "characters": sum(page.visible for page in read.pages),
        "engine_load_s": load_s,
        "ocr_s": ocr_s,
        "page_s": pages,
        "per_page_s": statistics.fmean(pages) if pages else None,  # the engine's load apart
        "mean_confidence": statistics.fmean(confidences) if confidences else None,
        "cached_s": cached_s,
        "cache_hit": again.cached and again.pages == read.pages,
        "threads": ocr.engine_threads(),
        "peak_rss_mib": peak_rss_mib(),
    }


def ocr_lines(figures: JsonDict | None) -> list[str]:
    """The report's OCR lines: the scan, the seconds in all and per page, the cache, memory."""
    if not figures:
        return []
    source = figures.get("source", figures.get("scan", ""))
    if "error" in figures:
        return ["", f"OCR of a scanned plan ({source}): not measured ({figures['error']})"]
    pages, page_s = figures["pages"], figures["page_s"]
    hit = "hit" if figures["cache_hit"] else "MISS"
    return [
        "",
        f"OCR of a scanned plan: {source}; RapidOCR PP-OCRv4 on onnxruntime, "
        f"{figures['threads']} threads, pages rendered at {DPI} dpi grey",
        f"  engine load {figures['engine_load_s']:.2f} s; {pages} pages in "
        f"{figures['ocr_s']:.1f} s with the load, {figures['per_page_s']:.1f} s/page "
        f"(fastest {min(page_s):.1f}, slowest {max(page_s):.1f}); "
        f"{figures['characters']:,} characters, mean confidence {figures['mean_confidence']:.3f}",
        f"  the same scan again, from the OCR cache: {figures['cached_s'] * 1000:.1f} ms "
        f"({hit}); peak RSS {figures['peak_rss_mib']:.0f} MiB",
    ]
